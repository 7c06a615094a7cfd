package dev.sparkjobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import java.util.List;
import org.apache.catalina.loader.WebappClassLoaderBase;
import org.junit.jupiter.api.Test;

/**
 * Spark's own threads (RPC, shuffle, adaptive-query pools) live as long as the JVM's SparkContext
 * and must not hold the web server's class loader, whichever bean happens to need the session first
 * (some are created while Tomcat starts, with its loader as the thread's context class loader).
 */
class SparkThreadsIT extends AbstractIT {

    @Test
    void noThreadButTomcatsOwnHoldsTheWebClassLoader() {
        api.awaitFinal(api.submitOk(sql("SELECT id % 2 AS k, count(*) FROM range(10) GROUP BY id % 2")));

        List<String> holding = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getContextClassLoader() instanceof WebappClassLoaderBase)
                .map(Thread::getName)
                .filter(name ->
                        !name.startsWith("http-nio") && !name.startsWith("Catalina") && !name.startsWith("container"))
                .sorted()
                .toList();

        assertThat(holding).isEmpty();
    }
}
