package dev.sparkjobs.joblogs;

import java.util.List;

/**
 * Lines of a job's log from an offset on.
 *
 * @param nextOffset where the next read goes on: after the last line here, or the offset asked for
 *     when there was none (yet)
 * @param dropped lines the job logged past its cap, counted but not kept
 */
public record JobLogPage(List<JobLogLine> lines, long nextOffset, long dropped) {}
