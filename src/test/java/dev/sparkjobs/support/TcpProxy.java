package dev.sparkjobs.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a server (a database) that a test can {@link #pause()}: from the
 * clients' side the server then hangs, as in a network partition or a stopped (SIGSTOP) database.
 * Bytes already read are held, not dropped, and nothing is closed: after {@link #resume()} every
 * connection goes on where it stopped, as TCP does once a partition heals. A connection accepted
 * while paused is connected to the server only on resume.
 *
 * <p>Two daemon threads per connection, one per direction; each waits at the gate before it writes
 * what it read.
 */
public final class TcpProxy implements AutoCloseable {

    private static final AtomicInteger PROXIES = new AtomicInteger();

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Gate gate = new Gate();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final String name = "tcp-proxy-" + PROXIES.incrementAndGet();
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target, ServerSocket server) {
        this.target = target;
        this.server = server;
    }

    /** Listens on 127.0.0.1 on a free port and forwards to 127.0.0.1:{@code targetPort}. */
    public static TcpProxy start(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket server = new ServerSocket(0, 50, loopback);
        TcpProxy proxy = new TcpProxy(new InetSocketAddress(loopback, targetPort), server);
        Thread acceptor = new Thread(proxy::accept, proxy.name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A PostgreSQL JDBC URL through this proxy, for the database {@code postgres}. */
    public String postgresJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    /** Stops forwarding, in both directions, on every connection, and serving new ones. */
    public void pause() {
        gate.close();
    }

    /** Forwards again what was held and what comes. */
    public void resume() {
        gate.open();
    }

    public boolean isPaused() {
        return !gate.isOpen();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        gate.open(); // wakes the waiting threads, which then find their sockets closed
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            int n = connections.incrementAndGet();
            sockets.add(client);
            daemon(() -> connect(client, n), name + "-conn-" + n).start();
        }
    }

    private void connect(Socket client, int n) {
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            gate.await();
            if (closed) {
                throw new IOException("closed");
            }
            upstream.connect(target, 5_000);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        daemon(() -> pump(client, upstream), name + "-conn-" + n + "-up").start();
        pump(upstream, client);
    }

    /** Copies {@code from} to {@code to} until either side closes; then closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                gate.await();
                if (closed) {
                    return;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the other side or the proxy closed; nothing to forward any more
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Open lets bytes through; closed holds every thread that waits at it. */
    private static final class Gate {

        private boolean open = true;

        synchronized void close() {
            open = false;
        }

        synchronized void open() {
            open = true;
            notifyAll();
        }

        synchronized boolean isOpen() {
            return open;
        }

        synchronized void await() throws InterruptedException {
            while (!open) {
                wait();
            }
        }
    }
}
