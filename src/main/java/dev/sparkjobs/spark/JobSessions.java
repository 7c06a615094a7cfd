package dev.sparkjobs.spark;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.internal.SQLConf$;
import org.apache.spark.sql.internal.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The SQL sessions jobs run in. Each job borrows a session of its own, so its {@code SET}, {@code
 * USE}, temporary views, functions and variables cannot reach another job; all of them share the one
 * SparkContext, its executors and its caches.
 *
 * <p>A fresh {@code newSession()} costs a job most of a second (a new analyzer, catalog manager and
 * Delta catalog, warmed again by its first query), so sessions are reused: when a job ends its
 * session is reset to the state of a new one and kept for the next job. A session that cannot be
 * proved clean is dropped, never reused.
 */
public final class JobSessions {

    private static final Logger log = LoggerFactory.getLogger(JobSessions.class);

    private final SparkSession root;
    private final int maxIdle;
    private final Deque<SparkSession> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public JobSessions(SparkSession root, int maxIdle) {
        this.root = root;
        this.maxIdle = maxIdle;
    }

    /** A clean session for one job: the one most recently given back, or a new one. */
    public SparkSession borrow() {
        SparkSession session = idle.pollFirst();
        if (session != null) {
            idleCount.decrementAndGet();
            return session;
        }
        created.incrementAndGet();
        return root.newSession();
    }

    /**
     * Takes a session back after its job ended: resets it and keeps it for the next job, or drops it
     * when it cannot be reset or enough are kept already. Call on the job's thread, interrupt cleared.
     */
    public void giveBack(SparkSession session) {
        if (reset(session) && idleCount.getAndUpdate(n -> n < maxIdle ? n + 1 : n) < maxIdle) {
            idle.offerFirst(session);
        } else {
            dropped.incrementAndGet();
        }
    }

    /** Forgets a session that must not be reused. */
    public void discard(SparkSession session) {
        dropped.incrementAndGet();
    }

    public long created() {
        return created.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public int idle() {
        return idleCount.get();
    }

    /**
     * Back to what {@code newSession()} gives: temporary views dropped (and uncached), temporary
     * functions and session variables removed, runtime configuration reset, current catalog and
     * namespace back to the defaults.
     *
     * @return false when the session is not clean afterwards
     */
    static boolean reset(SparkSession session) {
        try {
            SessionState state = ((org.apache.spark.sql.classic.SparkSession) session).sessionState();
            SessionCatalog catalog = state.catalog();
            for (String view : CollectionConverters.asJava(catalog.getTempViewNames())) {
                session.sql("DROP VIEW IF EXISTS " + quote(view)).collectAsList();
            }
            for (FunctionIdentifier f : CollectionConverters.asJava(catalog.listTemporaryFunctions())) {
                catalog.dropTempFunction(f.funcName(), true);
            }
            state.catalogManager().tempVariableManager().clear();
            resetConf(session, state.conf());
            state.catalogManager().reset();
            return catalog.getTempViewNames().isEmpty()
                    && catalog.listTemporaryFunctions().isEmpty()
                    && state.catalogManager().tempVariableManager().isEmpty();
        } catch (RuntimeException e) {
            log.warn("dropping a job session that could not be reset: {}", e.toString());
            return false;
        }
    }

    /**
     * What {@code RESET} does, without running it as a SQL statement: a statement goes through the
     * parser, the analyzer, a new SQL execution and its listener events, and on tiny jobs that cost
     * as much CPU as the job's own query. The session's configuration is cleared, then the
     * shared state's Spark configuration and the session's initial options are put back. That is
     * also what a new session starts from, as long as nothing changes the SparkContext's
     * configuration after start-up (the service never does).
     */
    private static void resetConf(SparkSession session, SQLConf conf) {
        var classic = (org.apache.spark.sql.classic.SparkSession) session;
        conf.clear();
        SQLConf$.MODULE$.mergeSparkConf(conf, classic.sharedState().conf());
        SQLConf$.MODULE$.mergeNonStaticSQLConfigs(conf, classic.initialSessionOptions());
    }

    private static String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }
}
