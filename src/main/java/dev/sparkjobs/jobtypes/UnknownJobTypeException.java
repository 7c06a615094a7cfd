package dev.sparkjobs.jobtypes;

import java.util.List;

/** A submission named a type nobody registered. */
public class UnknownJobTypeException extends RuntimeException {

    private final List<String> knownTypes;

    public UnknownJobTypeException(String type, List<String> knownTypes) {
        super("unknown job type '" + type + "'; known types: " + String.join(", ", knownTypes));
        this.knownTypes = List.copyOf(knownTypes);
    }

    public List<String> knownTypes() {
        return knownTypes;
    }
}
