package dev.sparkjobs.web;

import java.sql.SQLTransientConnectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a connection pool with no connection free ("busy": more callers than connections, the
 * database fine) apart from a database that does not answer. Both reach the caller as the same
 * Spring exceptions ({@code CannotCreateTransactionException}, {@code CannotGetJdbcConnectionException})
 * after the pool's connection timeout, around an {@link SQLTransientConnectionException} from Hikari.
 *
 * <p>Hikari attaches the last failure to open a connection as that exception's cause: a database
 * refused, missing or closed leaves one, a pool merely busy does not. Its message carries the pool's
 * counts ({@code (total=10, active=10, idle=0, waiting=7)}); busy also needs connections in use, so a
 * pool that holds none (a database that hangs before it refuses) is not called busy. The store's
 * health signals (the lease renewal, the {@code db} check) do not meet a busy store pool at all: they
 * have a pool of their own ({@code store.ProbePool}).
 */
final class StoreBusy {

    private static final Pattern ACTIVE = Pattern.compile("\\bactive=(\\d{1,9})");

    private StoreBusy() {}

    /** Whether {@code e} (or a cause of it) is a pool that found no connection free within its timeout. */
    static boolean is(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException timeout) {
                return timeout.getCause() == null
                        && timeout.getNextException() == null
                        && connectionsInUse(timeout.getMessage());
            }
        }
        return false;
    }

    private static boolean connectionsInUse(String message) {
        Matcher m = message == null ? null : ACTIVE.matcher(message);
        return m != null && m.find() && Integer.parseInt(m.group(1)) > 0;
    }
}
