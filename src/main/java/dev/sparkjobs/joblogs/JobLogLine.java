package dev.sparkjobs.joblogs;

import java.time.Instant;

/**
 * One line a job logged.
 *
 * @param seq its place among all the job's lines, every attempt's, from 0
 * @param attempt the attempt that logged it
 */
public record JobLogLine(long seq, int attempt, Instant time, String level, String logger, String message) {}
