package dev.sparkjobs.jobtypes;

/** How a job type's parameter is described to callers. */
public record ParameterDoc(String name, String type, boolean required, String description) {}
