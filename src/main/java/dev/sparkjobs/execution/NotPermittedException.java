package dev.sparkjobs.execution;

import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;

/** The caller is authenticated but lacks the role an action needs. */
public class NotPermittedException extends RuntimeException {

    private final Role required;

    public NotPermittedException(Caller caller, Role required, String action) {
        super("'" + caller.name() + "' may not " + action + ": it needs the role "
                + required.name().toLowerCase() + " (or admin)");
        this.required = required;
    }

    public Role required() {
        return required;
    }
}
