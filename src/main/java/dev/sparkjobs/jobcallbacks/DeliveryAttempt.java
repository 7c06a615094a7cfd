package dev.sparkjobs.jobcallbacks;

import java.time.Instant;

/**
 * One try to deliver a callback.
 *
 * @param number from 1
 * @param at when it started
 * @param statusCode the HTTP status answered, or null when there was no answer
 * @param error why there was no answer (connection refused, timeout, refused by the policy), or null
 * @param durationMillis how long it took
 */
public record DeliveryAttempt(int number, Instant at, Integer statusCode, String error, long durationMillis) {}
