package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.PoolFailures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class DatabaseHealthTest {

    @Test
    void aPoolWithEveryConnectionInUseIsUpAndSaysItIsBusy() {
        Health health = PoolFailures.whileBusy(pool -> new DatabaseHealth(pool).health());

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsKey("busy");
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsDown() {
        Health health = PoolFailures.whileUnreachable(pool -> new DatabaseHealth(pool).health());

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).doesNotContainKey("busy");
    }
}
