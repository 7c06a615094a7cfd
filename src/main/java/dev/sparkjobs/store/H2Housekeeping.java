package dev.sparkjobs.store;

import dev.sparkjobs.lifecycle.Periodic;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.scheduling.TaskScheduler;

/**
 * Keeps an embedded H2 file from growing with every job that has passed through it.
 *
 * <p>With {@code WRITE_DELAY=0} (an accepted job is in the file before its 202) every commit writes a
 * chunk of its own, and H2's background writer, which otherwise rewrites the live pages of mostly
 * empty chunks so that the chunks can be freed, does not run at all. Each chunk then keeps a page or
 * two alive and the file grows by tens of KB per job, for good: 2.2 GB after 100,000 submits, whose
 * live data compacts to 18 MB. This runs that writer's compaction on the housekeeping thread instead:
 * it forces the file to disk, then rewrites a bounded amount of live data out of chunks older than
 * H2's retention time (45 s, kept so that a file system flushing late never finds a page
 * overwritten); the chunks it empties are freed and later commits reuse their space. Written as the
 * service writes, the file then levels off at about the last 45 s of commits plus the live data. The
 * pages a run rewrites are written by the next commit, a few MB at most every 10 s. (Moving chunks
 * down to shrink the file is left to the close: H2 does that only under its store lock, which it does
 * not lend out.)
 */
class H2Housekeeping extends Periodic {

    static final Duration INTERVAL = Duration.ofSeconds(10);

    /** Rewrite chunks while less than this share of their bytes is live, as H2's own writer does when busy. */
    private static final int TARGET_FILL_RATE = 50;
    /** Live bytes one run rewrites at most: one run holds H2's store lock for a bounded time. */
    private static final int WRITE_LIMIT = 4 << 20;

    private final DataSource dataSource;

    H2Housekeeping(DataSource dataSource, TaskScheduler scheduler, Clock clock) {
        super(scheduler, clock);
        this.dataSource = dataSource;
    }

    @Override
    protected void runOnce() {
        try (Connection c = dataSource.getConnection()) {
            // the embedded database's own store: H2 has no statement for its online compaction; PostgreSQL,
            // a remote H2 and an H2 in memory have nothing to compact here
            if (!c.isWrapperFor(JdbcConnection.class)
                    || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                    || !session.getDatabase().isPersistent()
                    || session.getDatabase().isReadOnly()) {
                return;
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            store.sync();
            store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("H2 housekeeping could not reach the store", e);
        }
    }

    @Override
    protected Duration interval() {
        return INTERVAL;
    }
}
