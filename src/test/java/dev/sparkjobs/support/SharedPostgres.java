package dev.sparkjobs.support;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The PostgreSQL server ITs of the shared context read from (the ingest connection {@code it-postgres}
 * of application-it.yml). Its URL is fixed when the context starts, but the server is started only by
 * the first test that needs it, and stopped when the JVM exits: most runs never pay for it.
 */
public final class SharedPostgres {

    private static final int PORT = reservePort();
    private static PostgresServer server;

    private SharedPostgres() {}

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + PORT + "/postgres";
    }

    /** The server, started on first use. */
    public static synchronized PostgresServer get() throws IOException, InterruptedException {
        if (server == null) {
            server = PostgresServer.start(PORT);
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    // the JVM is exiting; the temporary directory goes with the next reboot
                }
            }));
        }
        return server;
    }

    private static int reservePort() {
        try {
            return ServiceJar.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
