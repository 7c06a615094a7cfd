package dev.sparkjobs.execution;

/** No job has this id (or the id is not one we could ever have issued). */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String id) {
        super("no job with id '" + id + "'");
    }
}
