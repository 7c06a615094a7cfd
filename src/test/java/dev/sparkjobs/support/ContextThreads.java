package dev.sparkjobs.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.regex.Pattern;
import org.apache.catalina.Context;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.CustomizableThreadCreator;

/**
 * The threads an application context stands for, read while it runs, to find the ones still alive
 * after it closed: threads of its own pools (the thread-pool beans, by name), and threads whose
 * context class loader is its web server's class loader. Tomcat gives that class loader to request
 * threads, and a thread inherits it from the thread that starts it; one that outlives the context
 * keeps the stopped web application's class loader reachable (Tomcat warns "appears to have started
 * a thread named [...] but has failed to stop it").
 */
public final class ContextThreads {

    private final ClassLoader web;
    private final List<Pattern> ownPools;

    private ContextThreads(ClassLoader web, List<Pattern> ownPools) {
        this.web = web;
        this.ownPools = ownPools;
    }

    /** Call while {@code app} runs. */
    public static ContextThreads of(ConfigurableApplicationContext app) {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app).getWebServer();
        Context webApp = (Context) server.getTomcat().getHost().findChildren()[0];
        List<ThreadPoolExecutor> pools = new ArrayList<>();
        app.getBeansOfType(ThreadPoolTaskExecutor.class).values().forEach(e -> pools.add(e.getThreadPoolExecutor()));
        app.getBeansOfType(ThreadPoolTaskScheduler.class)
                .values()
                .forEach(s -> pools.add(s.getScheduledThreadPoolExecutor()));
        List<Pattern> names = pools.stream()
                .map(ThreadPoolExecutor::getThreadFactory)
                .map(ContextThreads::namePrefix)
                .map(prefix -> Pattern.compile(Pattern.quote(prefix) + "\\d+"))
                .toList();
        return new ContextThreads(webApp.getLoader().getClassLoader(), names);
    }

    /** The context's threads that are alive now, described for an assertion message. */
    public List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getContextClassLoader() == web
                        || ownPools.stream()
                                .anyMatch(p -> p.matcher(t.getName()).matches()))
                .sorted(Comparator.comparing(Thread::getName))
                .map(this::describe)
                .toList();
    }

    private String describe(Thread t) {
        return t.getName() + " (" + (t.isDaemon() ? "daemon, " : "") + t.getState()
                + (t.getContextClassLoader() == web ? ", context class loader: the web server's" : "") + ")";
    }

    private static String namePrefix(ThreadFactory factory) {
        if (factory instanceof CustomizableThreadCreator named) {
            return named.getThreadNamePrefix();
        }
        throw new IllegalStateException("a pool whose thread names are unknown: " + factory);
    }
}
