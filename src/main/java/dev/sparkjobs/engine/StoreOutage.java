package dev.sparkjobs.engine;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;

/**
 * Which failures mean "the job store cannot be reached now", as opposed to a bug or bad data, and how
 * a write that must not be lost to a short outage is retried.
 */
public final class StoreOutage {

    private static final long MAX_WAIT_MILLIS = 10_000;

    private StoreOutage() {}

    /** Told before each retry: the failure and how long until the write is tried again. */
    @FunctionalInterface
    public interface Retrying {
        void retrying(RuntimeException failure, Duration wait);
    }

    /**
     * Runs a store write, trying it again while it fails with an outage: after {@code firstWait},
     * doubling up to 10 s, for as long as the next try would still start within {@code limit}. Any
     * other failure, the last outage, or an interrupt while waiting is thrown (the interrupt kept).
     */
    public static <T> T retrying(Supplier<T> write, Duration limit, Duration firstWait, Retrying onRetry) {
        long deadline = System.nanoTime() + limit.toNanos();
        long waitMillis = Math.max(1, firstWait.toMillis());
        while (true) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (!is(e) || System.nanoTime() + waitMillis * 1_000_000 > deadline) {
                    throw e;
                }
                onRetry.retrying(e, Duration.ofMillis(waitMillis));
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waitMillis = Math.min(waitMillis * 2, MAX_WAIT_MILLIS);
            }
        }
    }

    /**
     * Whether the store cannot be reached at all (no connection, no transaction), as opposed to a
     * statement it refused: a lock it could not get, a timeout, a write to a standby. The first stops
     * everything that needs the store; the second only what ran the statement.
     */
    public static boolean unreachable(Throwable e) {
        return e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessResourceException
                || e instanceof RecoverableDataAccessException
                || e instanceof CannotCreateTransactionException;
    }

    /** Whether {@code e} came from the store (reached or not), rather than from our code or data. */
    public static boolean fromStore(Throwable e) {
        return e instanceof DataAccessException || e instanceof TransactionException;
    }

    public static boolean is(Throwable e) {
        return e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessException
                || e instanceof RecoverableDataAccessException
                || e instanceof CannotCreateTransactionException;
    }
}
