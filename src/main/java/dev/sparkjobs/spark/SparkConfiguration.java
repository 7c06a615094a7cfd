package dev.sparkjobs.spark;

import dev.sparkjobs.admission.AdmissionProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/** Creates the one SparkSession at start-up and stops it at shutdown. */
@Configuration(proxyBeanMethods = false)
public class SparkConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SparkConfiguration.class);

    /** Holds Spark's own shutdown hooks until the drain is over and the session below has stopped. */
    @Bean
    SparkShutdownOrder sparkShutdownOrder(
            @Value("${jobservice.shutdown.drain-timeout:60s}") Duration drainTimeout,
            @Value("${jobservice.jobs.stop-grace:10s}") Duration stopGrace) {
        return new SparkShutdownOrder(drainTimeout.plus(stopGrace).plusMinutes(2));
    }

    /** Depends on the shutdown order, so it is stopped before that lets Spark's own hooks run. */
    @Bean(destroyMethod = "stop")
    @DependsOn("sparkShutdownOrder")
    SparkSession sparkSession(SparkProperties spark, DataDirProperties dirs, AdmissionProperties admission) {
        Map<String, FairPools.Share> shares = new LinkedHashMap<>();
        admission.poolNames().forEach(name -> {
            AdmissionProperties.Pool pool = admission.pools().get(name);
            shares.put(
                    name,
                    pool == null ? new FairPools.Share(1, 0) : new FairPools.Share(pool.weight(), pool.minShare()));
        });
        Path fairFile = FairPools.write(dirs.sparkScratch(), shares);

        SparkConf conf = new SparkConf().setMaster(spark.master()).setAppName(spark.appName());
        defaults(spark.master(), dirs, fairFile).forEach(conf::set);
        spark.conf().forEach(conf::set);
        if (spark.shipsJars()) {
            shipJars(conf, dirs);
        }

        long began = System.nanoTime();
        // Spark's own threads (RPC, shuffle, cleaners, adaptive-query pools) live as long as the JVM's
        // SparkContext and take the creating thread's context class loader. The first bean to need the
        // session may be made while Tomcat starts, whose loader is then the thread's: never hand it on.
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(SparkConfiguration.class.getClassLoader());
        SparkSession session;
        try {
            session = SparkSession.builder().config(conf).getOrCreate();
            // The first query proves the session parses, plans and answers; readiness depends on it. A
            // local relation is collected on the driver: no Spark job, so a cluster with no executor yet
            // (pods still scheduling) does not hold the start-up back.
            session.sql("VALUES (1)").collectAsList();
            WarehouseCatalog.registerExistingTables(session, dirs.warehouse());
        } finally {
            thread.setContextClassLoader(before);
        }
        log.info(
                "SparkSession {} ready on {} in {} ms (Spark {})",
                session.sparkContext().applicationId(),
                spark.master(),
                (System.nanoTime() - began) / 1_000_000,
                session.version());
        return session;
    }

    @Bean
    SparkJobTracker sparkJobTracker(SparkSession session) {
        SparkJobTracker tracker = new SparkJobTracker(session.sparkContext());
        session.sparkContext().addSparkListener(tracker);
        return tracker;
    }

    /** One kept session per job slot at most: more could never be borrowed at once. */
    @Bean
    JobSessions jobSessions(SparkSession session, AdmissionProperties admission) {
        return new JobSessions(session, admission.effectiveMaxRunning());
    }

    @Bean
    SparkJobs sparkJobs(SparkSession session, SparkJobTracker tracker, JobSessions sessions) {
        return new SparkJobs(session, tracker, sessions);
    }

    /**
     * Adds the jars executors need and a Spark distribution lacks to {@code spark.jars}, after any the
     * configuration lists: the driver serves them, and executors fetch them before their first task.
     */
    private static void shipJars(SparkConf conf, DataDirProperties dirs) {
        List<Path> jars = ExecutorJars.resolve(
                SparkConfiguration.class.getClassLoader(), dirs.sparkScratch().resolve("jars"));
        Set<String> all = new LinkedHashSet<>();
        Arrays.stream(conf.get("spark.jars", "").split(","))
                .map(String::strip)
                .filter(j -> !j.isEmpty())
                .forEach(all::add);
        jars.forEach(j -> all.add(j.toString()));
        conf.set("spark.jars", String.join(",", all));
        log.info("executors get these jars from the driver (jobservice.spark.ship-jars): {}", jars);
    }

    static boolean isLocal(String master) {
        return master.startsWith("local");
    }

    /** Our defaults; anything under {@code jobservice.spark.conf} overrides them. The benchmarks start raw sessions with them. */
    public static Map<String, String> defaults(String master, DataDirProperties dirs, Path fairFile) {
        Map<String, String> d = new LinkedHashMap<>();
        if (!isLocal(master)) {
            // Executors connect back to the driver: fixed ports can be opened in a firewall, a Kubernetes
            // Service or a NetworkPolicy; Spark's default is a random port each start.
            d.put("spark.driver.port", String.valueOf(SparkProperties.DRIVER_PORT));
            d.put("spark.driver.blockManager.port", String.valueOf(SparkProperties.BLOCK_MANAGER_PORT));
        }
        d.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        d.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        // Delta 4.4's SQL parser does not pass Spark 4.2's parser-side parameter substitution through, so
        // spark.sql(text, args) would leave every :marker unbound. The analyzer-side binding works with
        // Delta, and only allows markers where a literal may stand.
        d.put("spark.sql.legacy.parameterSubstitution.constantsOnly", "true");
        d.put("spark.sql.warehouse.dir", dirs.warehouse().toString());
        d.put("spark.scheduler.mode", "FAIR");
        d.put("spark.scheduler.allocation.file", fairFile.toString());
        // Small jobs on a shared driver: 200 shuffle partitions and 50 Delta snapshot partitions are far
        // too many (both cost seconds per small job).
        d.put(
                "spark.sql.shuffle.partitions",
                String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() * 2)));
        d.put("spark.databricks.delta.snapshotPartitions", "4");
        // The UI's listener keeps every job in driver memory unless capped; this driver lives for weeks.
        d.put("spark.ui.retainedJobs", "200");
        d.put("spark.ui.retainedStages", "400");
        d.put("spark.ui.retainedTasks", "10000");
        d.put("spark.sql.ui.retainedExecutions", "200");
        // Behind the SQL guardrails' plan check: no query reads files by path (parquet.`/x`). Delta's
        // commands on catalog tables (OPTIMIZE, VACUUM, MERGE) do not depend on it.
        d.put("spark.sql.runSQLOnFiles", "false");
        // The UI's kill links would stop any tenant's Spark job without the service knowing.
        d.put("spark.ui.killEnabled", "false");
        // Spark's default is 1g. Jobs return previews of at most 10,000 rows capped in bytes, so a
        // collect near this size is a mistake; 512m fails that job rather than the heap all jobs share.
        d.put("spark.driver.maxResultSize", "512m");
        // Jars added to the SparkContext (the plug-ins', see jobtypes.plugins.PluginConfiguration) reach tasks of
        // every session only without Spark 4's per-session artifacts: with them, each session's tasks
        // get that session's own jars, and plug-in code in a task fails to load.
        d.put("spark.sql.artifact.isolation.enabled", "false");
        // The UI has no authentication and shows every job's SQL: loopback clients only (port-forward).
        d.put("spark.ui.filters", LoopbackOnlyFilter.class.getName());
        return d;
    }
}
