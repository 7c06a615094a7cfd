package dev.sparkjobs.threads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Starts the JDK's one shared thread for {@link CompletableFuture} timeouts ({@code
 * completeOnTimeout}, {@code orTimeout}, {@code delayedExecutor}) at start-up, before the web server
 * takes requests, with the application's class loader as context class loader.
 *
 * <p>The JDK starts it on first use and it lives as long as the JVM. The first use here is a
 * long-poll ({@code GET /api/v1/jobs/{id}?waitSeconds=}) on a web request thread, whose context
 * class loader, the web server's, the thread would keep after the web server has stopped (Tomcat
 * warns: "appears to have started a thread named [CompletableFutureDelayScheduler] but has failed to
 * stop it"). Tomcat's own JreMemoryLeakPreventionListener starts other JDK singletons early for the
 * same reason.
 */
@Component
class JdkSharedThreads implements SmartInitializingSingleton {

    @Override
    public void afterSingletonsInstantiated() {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(JdkSharedThreads.class.getClassLoader());
        try {
            // a no-op on the delay thread itself; scheduling it starts the thread if it has not started
            CompletableFuture.delayedExecutor(0, TimeUnit.MILLISECONDS, Runnable::run)
                    .execute(() -> {});
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
