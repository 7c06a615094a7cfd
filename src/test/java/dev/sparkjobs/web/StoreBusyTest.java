package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.PoolFailures;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;

class StoreBusyTest {

    @Test
    void aPoolWithEveryConnectionInUseIsBusyInATransactionAndOnARead() {
        assertThat(StoreBusy.is(PoolFailures.busyInTransaction())).isTrue();
        assertThat(StoreBusy.is(PoolFailures.busyOnRead())).isTrue();
    }

    @Test
    void aDatabaseThatCannotBeOpenedOrWasClosedIsNotBusy() {
        assertThat(StoreBusy.is(PoolFailures.unreachableInTransaction())).isFalse();
        assertThat(StoreBusy.is(PoolFailures.closedOnRead())).isFalse();
    }

    @Test
    void aTimeoutWithNoConnectionInUseIsNotBusy() {
        // a database that hangs on connect: the pool times out holding nothing, before any attempt failed
        var hanging = new CannotCreateTransactionException(
                "Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"
                        + " after 3000ms (total=0, active=0, idle=0, waiting=4)"));
        assertThat(StoreBusy.is(hanging)).isFalse();
        assertThat(StoreBusy.is(new IllegalStateException("no store here"))).isFalse();
    }
}
