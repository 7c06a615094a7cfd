package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The embedded H2 file, written as the service writes it (each commit at once, {@code WRITE_DELAY=0}),
 * must not grow with every job that passes through it.
 */
class H2HousekeepingIT {

    private static final int ROUNDS = 24;
    private static final int JOBS_PER_ROUND = 250;

    private Path dir;
    private HikariDataSource dataSource;
    private ThreadPoolTaskScheduler scheduler;

    @BeforeEach
    void open() {
        dir = Path.of("target", "it-data", "h2-housekeeping-" + UUID.randomUUID())
                .toAbsolutePath();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + dir.resolve("jobservice") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        dataSource.setUsername("sa");
        dataSource.setPassword("");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
    }

    @AfterEach
    void close() {
        scheduler.shutdown();
        dataSource.close();
    }

    @Test
    void theFileStaysSmallWhileJobsComeAndGo() throws Exception {
        // H2 keeps a chunk that no page uses any more for 45 s after it was written, so that a file system
        // that flushes late still finds the pages it had; this test has no 45 s to wait, so it keeps none
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET RETENTION_TIME 0");
        }
        // a run every 250 jobs: every 10 s at 25 jobs a second
        H2Housekeeping housekeeping = new H2Housekeeping(dataSource, scheduler, Clock.systemUTC());
        for (int round = 0; round < ROUNDS; round++) {
            runJobs(round, JOBS_PER_ROUND);
            housekeeping.runOnce();
        }
        long bytes = Files.size(dir.resolve("jobservice.mv.db"));
        // the rows themselves take about 2 MB; each commit written on its own leaves about 7 KB a job behind
        // (about 45 MB for these 6,000 jobs) unless it is compacted
        assertThat(bytes).isLessThan(20_000_000L);
    }

    /** Each job as the service writes it: queued, started and ended, each in a commit of its own. */
    private void runJobs(int round, int jobs) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement queue = c.prepareStatement("INSERT INTO job (id, type, state, submitted_by, pool,"
                        + " priority, timeout_seconds, params, tags, submitted_at, tenant) VALUES (?, 'sql',"
                        + " 'QUEUED', 'anonymous', 'default', 0, 3600, ?, '{}', CURRENT_TIMESTAMP, 'default')");
                PreparedStatement start = c.prepareStatement(
                        "UPDATE job SET state = 'RUNNING', started_at = CURRENT_TIMESTAMP WHERE id = ?");
                PreparedStatement end = c.prepareStatement("UPDATE job SET state = 'SUCCEEDED', result = ?,"
                        + " finished_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            for (int i = 0; i < jobs; i++) {
                String id = UUID.randomUUID().toString();
                queue.setString(1, id);
                queue.setString(2, "{\"sql\": \"SELECT count(*) FROM range(100000) -- " + round + "/" + i + "\"}");
                queue.executeUpdate();
                start.setString(1, id);
                start.executeUpdate();
                end.setString(1, "{\"rows\": [[100000]]}");
                end.setString(2, id);
                end.executeUpdate();
            }
        }
    }

    /**
     * Every H2 file database is kept small, however its URL names the file ({@code jdbc:h2:file:},
     * {@code jdbc:h2:} with a path) and whatever characters the data directory's path holds.
     */
    @Test
    void itRunsForEveryH2FileUrlWhateverThePath() {
        Path odd = Path.of("target", "it-data", "o'neil-" + UUID.randomUUID()).toAbsolutePath();
        String url = "jdbc:h2:" + odd.resolve("jobservice") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        try (HikariDataSource oddSource = new HikariDataSource()) {
            oddSource.setJdbcUrl(url);
            oddSource.setUsername("sa");
            oddSource.setPassword("");
            new ApplicationContextRunner()
                    .withUserConfiguration(H2HousekeepingConfiguration.class)
                    .withPropertyValues("spring.datasource.url=" + url)
                    .withBean(DataSource.class, () -> oddSource)
                    .withBean("housekeeping", TaskScheduler.class, () -> scheduler)
                    .withBean(Clock.class, Clock::systemUTC)
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(H2Housekeeping.class);
                        assertThat(context.getBean(H2Housekeeping.class).isRunning())
                                .isTrue();
                    });
        }
    }
}
