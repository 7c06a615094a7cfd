package dev.sparkjobs.web;

import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Routes {@code /api/v1/job-types}. */
@RestController
@Tag(name = "job-types", description = "What can be submitted")
class JobTypeController {

    /** A registered job type. */
    @Schema(name = "JobType")
    record JobTypeResponse(
            String name,
            String description,
            @Schema(description = "The JSON Schema (draft 2020-12) of this type's params.")
                    Map<String, Object> paramsSchema,
            @Schema(description = "Valid params for this type, runnable as they are.")
                    Map<String, Object> exampleParams) {}

    private final JobService jobs;

    JobTypeController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping(path = "/api/v1/job-types", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Registered job types, with their parameters and an example",
            description = "What a submit's 'type' may be, and the 'params' each type takes.")
    List<JobTypeResponse> jobTypes(@Parameter(hidden = true) Caller caller) {
        return jobs.jobTypes(caller).stream()
                .map(t -> new JobTypeResponse(t.name(), t.description(), t.paramsSchema(), t.exampleParams()))
                .toList();
    }
}
