package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.lease.InstanceId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A thread interrupted while it reads or writes the embedded store: Java closes a file channel
 * under an interrupted thread, and H2 on its plain file system then closes the whole database,
 * for every thread, until the service is restarted. The store as the service configures it by
 * default must outlive that.
 */
class H2InterruptIT {

    @Test
    void theDefaultStoreOutlivesWritersThatAreInterrupted() throws Exception {
        Path dir = Path.of("target", "it-data", "h2-interrupt-" + UUID.randomUUID())
                .toAbsolutePath();
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(defaultUrl().replace("${jobservice.data-dir-absolute}", dir.toString()));
            dataSource.setUsername("sa");
            dataSource.setPassword("");
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            JdbcJobStore store = new JdbcJobStore(
                    JdbcClient.create(dataSource),
                    new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                    JsonMapper.builder()
                            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                            .build(),
                    new InstanceId("instance-a"));

            List<JobId> written = new ArrayList<>();
            List<Exception> failures = new ArrayList<>();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    Job job = queued(i);
                    try {
                        store.insert(job, null);
                        written.add(job.id());
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                    Thread.interrupted();
                }
            });
            writer.start();
            while (writer.isAlive()) {
                writer.interrupt();
                LockSupport.parkNanos(200_000);
            }
            writer.join();

            assertThat(failures.size())
                    .as("writes lost to an interrupt, the first: %s", failures.isEmpty() ? "none" : failures.get(0))
                    .isZero();
            Job after = queued(-1);
            store.insert(after, null);
            assertThat(store.find(after.id())).as("the store still answers").isPresent();
            assertThat(written).hasSize(1_000).allSatisfy(id -> assertThat(store.find(id))
                    .isPresent());
        }
    }

    private static String defaultUrl() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        String url = yaml.getObject().getProperty("spring.datasource.url");
        assertThat(url).as("the service's default store").startsWith("jdbc:h2:");
        return url;
    }

    private static Job queued(int i) {
        return Job.submitted(
                JobId.random(),
                new JobSpec(
                        "sql",
                        "interrupted-" + i,
                        new HashMap<>(Map.of("sql", "SELECT 1")),
                        "default",
                        0,
                        Duration.ofHours(1),
                        Map.of()),
                JobOwner.DEFAULT,
                Instant.parse("2026-11-23T10:15:30Z"));
    }
}
