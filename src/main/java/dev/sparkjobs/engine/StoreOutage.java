package dev.sparkjobs.engine;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures mean "the job store cannot be reached now", as opposed to a bug or bad data. */
public final class StoreOutage {

    private StoreOutage() {}

    public static boolean is(Throwable e) {
        return e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessException
                || e instanceof RecoverableDataAccessException
                || e instanceof CannotCreateTransactionException;
    }
}
