package dev.sparkjobs.joblogs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * A job's own logger ({@code JobContext.log()}): its lines carry the job's id in the MDC on any
 * thread, also on threads the job starts itself, so they are kept with the job like the lines of its
 * own thread.
 */
public final class JobLogger {

    private JobLogger() {}

    public static Logger of(String jobId, Logger delegate) {
        return (Logger) Proxy.newProxyInstance(
                JobLogger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                    String before = MDC.get(JobLogs.MDC_JOB_ID);
                    if (before == null) {
                        MDC.put(JobLogs.MDC_JOB_ID, jobId);
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (before == null) {
                            MDC.remove(JobLogs.MDC_JOB_ID);
                        }
                    }
                });
    }
}
