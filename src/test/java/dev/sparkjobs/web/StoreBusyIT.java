package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sparkjobs.lease.DriverLease;
import dev.sparkjobs.lease.InstanceId;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every connection of the shared context's pool held by the test, the store itself fine: a submit
 * is answered busy (not "store unavailable") and nothing is stored, while the instance stays ready
 * and keeps its lease (both on a pool of their own). The connections are given back in any case.
 */
class StoreBusyIT extends AbstractIT {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private DriverLease lease;

    @Autowired
    private InstanceId instance;

    @Test
    void aSubmitMeetingAPoolWithNoConnectionFreeIsAnsweredBusy() throws Exception {
        double rejectedBefore = metric("jobservice_jobs_rejected_total\\{[^}]*reason=\"busy\"[^}]*}");
        List<Connection> held = new ArrayList<>();
        try {
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                held.add(pool.getConnection());
            }

            Api.Response refused = api.submit(sql("SELECT 1"), "Idempotency-Key", "busy-" + port);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            JsonNode problem = refused.body();
            assertThat(problem.path("type").asString()).isEqualTo("urn:spark-job-service:problem:service-busy");
            assertThat(problem.path("title").asString()).isEqualTo("Service busy");

            // the database answers: the instance stays ready (the db check would wait out the
            // pool's connection timeout and say DOWN) and its lease can be renewed
            Api.Response readiness = api.get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.body().path("status").asString()).isEqualTo("UP");
            assertThat(lease.holder()).contains(instance.value());
            assertThat(lease.renew(instance.value(), java.time.Instant.now().plusSeconds(60)))
                    .isTrue();
        } finally {
            for (Connection c : held) {
                close(c);
            }
        }
        assertThat(metric("jobservice_jobs_rejected_total\\{[^}]*reason=\"busy\"[^}]*}") - rejectedBefore)
                .isEqualTo(1.0);
        // nothing was stored: the same request is accepted now
        assertThat(api.submit(sql("SELECT 1"), "Idempotency-Key", "busy-" + port)
                        .status())
                .isEqualTo(202);
    }

    private double metric(String series) {
        Matcher m = Pattern.compile(series + " ([0-9.E]+)")
                .matcher(api.get("/actuator/prometheus").raw());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
