package dev.sparkjobs.threads;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Threads for the service's pools, named {@code prefix1}, {@code prefix2}, … like Spring's executors
 * name theirs, with the application's class loader as context class loader.
 *
 * <p>A new thread takes its context class loader from the thread that starts it, and a pool starts
 * its threads lazily, from whatever thread submits work first. The job pool, for one, starts its
 * threads from web request threads, whose context class loader is the web server's; a job thread
 * hands it on to every thread started from it: Spark's shared, JVM-wide pools (subquery,
 * shuffle-exchange, adaptive query stages, broadcast, …), which outlive the context. Those then keep
 * the stopped web application's class loader reachable, and Tomcat warns "appears to have started a
 * thread named [...] but has failed to stop it". Threads from this factory start every thread after
 * them from the application's class loader instead.
 */
public final class ApplicationThreadFactory extends CustomizableThreadFactory {

    private static final ClassLoader APPLICATION = ApplicationThreadFactory.class.getClassLoader();

    public ApplicationThreadFactory(String threadNamePrefix) {
        super(threadNamePrefix);
    }

    @Override
    public Thread createThread(Runnable task) {
        Thread thread = super.createThread(task);
        thread.setContextClassLoader(APPLICATION);
        return thread;
    }
}
