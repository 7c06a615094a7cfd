package dev.sparkjobs.web;

import dev.sparkjobs.joblogs.JobLogLine;
import dev.sparkjobs.joblogs.JobLogPage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A page of a job's log. */
@Schema(name = "JobLog", description = "Lines the job logged on its thread, in order, from the offset asked for")
public record JobLogResponse(
        List<Line> lines,
        @Schema(
                        description =
                                "The offset of the next read: one past the last line here, or the offset asked for when"
                                        + " there is none (yet)")
                long nextOffset,
        @Schema(description = "Lines the job logged past jobservice.logs.max-lines-per-job: counted, not kept")
                long dropped) {

    /** One line. */
    @Schema(name = "JobLogLine")
    public record Line(
            @Schema(description = "Its place among all the job's lines, every attempt's, from 0") long seq,
            Instant time,
            @Schema(example = "INFO") String level,
            @Schema(example = "dev.sparkjobs.engine.JobRunner") String logger,
            @Schema(
                            description = "The message; an exception's summary follows it; cut at"
                                    + " jobservice.logs.max-line-length characters")
                    String message,
            @Schema(description = "The attempt that logged it") int attempt) {}

    static JobLogResponse of(JobLogPage page) {
        return new JobLogResponse(
                page.lines().stream().map(JobLogResponse::line).toList(), page.nextOffset(), page.dropped());
    }

    private static Line line(JobLogLine l) {
        return new Line(l.seq(), l.time(), l.level(), l.logger(), l.message(), l.attempt());
    }
}
