package dev.sparkjobs.jobtypes;

/** One problem with one field of a request, e.g. {@code params.sql: must not be blank}. */
public record ParamError(String field, String message) {}
