package dev.sparkjobs.spark;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Makes the SparkSession stop last on SIGTERM. Spark registers JVM shutdown hooks of its own (stop
 * the SparkContext, delete its local directories) that would otherwise run alongside the
 * application context's shutdown and kill the jobs it is draining. This hook runs before Spark's
 * and holds them until the context has stopped the session itself, at most {@code maxWait}.
 */
final class SparkShutdownOrder implements DisposableBean {

    /** Spark's hooks run at 40 ({@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}); higher runs first. */
    static final int PRIORITY = 50;

    private static final Logger log = LoggerFactory.getLogger(SparkShutdownOrder.class);

    private final CountDownLatch sessionStopped = new CountDownLatch(1);
    private final Runnable hook;

    SparkShutdownOrder(Duration maxWait) {
        this.hook = () -> {
            try {
                if (!sessionStopped.await(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("the SparkSession was not stopped within {}; letting Spark stop it", maxWait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ShutdownHookManager.get().addShutdownHook(hook, PRIORITY, maxWait.toSeconds() + 5, TimeUnit.SECONDS);
    }

    /** Destroyed after the session (which depends on it): the session is stopped; let Spark's hooks go. */
    @Override
    public void destroy() {
        sessionStopped.countDown();
        if (!ShutdownHookManager.get().isShutdownInProgress()) {
            ShutdownHookManager.get().removeShutdownHook(hook);
        }
    }
}
