package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import org.junit.jupiter.api.Test;

/**
 * The contract-driven fuzz run on the shared context (H2). Set {@code -Dfuzz.seed} to replay a
 * failing run and {@code -Dfuzz.requests} for a longer one.
 */
class ApiFuzzIT extends AbstractIT {

    @Test
    void noRequestGetsA5xxOrAnAnswerTheContractDoesNotAllow() throws Exception {
        FuzzRun.Outcome outcome = FuzzRun.run(
                api, Integer.getInteger("fuzz.requests", 5000), Long.getLong("fuzz.seed", System.nanoTime()));
        System.out.println("fuzz on H2: " + outcome);
        assertThat(outcome.statuses()).containsKeys(200, 202, 400, 404);
    }

    @Test
    void aTenantsCallerGetsNo5xxEither() throws Exception {
        Api alice = api.withApiKey(ALICE_KEY);
        FuzzRun.Outcome outcome = FuzzRun.run(
                alice,
                alice,
                Integer.getInteger("fuzz.requests", 5000) / 5,
                Long.getLong("fuzz.seed", System.nanoTime()));
        System.out.println("fuzz as a tenant's caller: " + outcome);
        assertThat(outcome.statuses()).containsKeys(200, 202, 400, 404);
    }

    @Test
    void withoutCredentialsNothingIsCreatedAndEveryApiAnswerIs401() throws Exception {
        FuzzRun.Outcome outcome = FuzzRun.run(
                api.anonymous(),
                api,
                Integer.getInteger("fuzz.requests", 5000) / 5,
                Long.getLong("fuzz.seed", System.nanoTime()));
        System.out.println("fuzz without credentials: " + outcome);
        assertThat(outcome.accepted()).isZero();
        assertThat(outcome.statuses()).containsKey(401);
        assertThat(outcome.statuses().keySet()).allMatch(s -> s == 401 || s == 400);
    }
}
