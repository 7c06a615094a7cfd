package dev.sparkjobs.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of jobs, newest first. */
@Schema(name = "JobList")
public record JobListResponse(
        List<JobSummary> items,
        @Schema(description = "Pass as ?cursor= for the next page; null on the last page") String nextCursor) {}
