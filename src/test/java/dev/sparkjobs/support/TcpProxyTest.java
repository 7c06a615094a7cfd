package dev.sparkjobs.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    /** How long "nothing arrives" is watched for: long against loopback, short for a unit test. */
    private static final int QUIET_MILLIS = 300;

    private Echo echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new Echo();
        proxy = TcpProxy.start(echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void bytesPassBothWays() throws IOException {
        try (Socket s = connect()) {
            send(s, "hello");
            assertThat(receive(s, 5)).isEqualTo("hello");
            send(s, "again");
            assertThat(receive(s, 5)).isEqualTo("again");
        }
        assertThat(proxy.connections()).isEqualTo(1);
    }

    @Test
    void pauseHoldsTheBytesOfAnOpenConnectionAndResumeReleasesThem() throws IOException {
        try (Socket s = connect()) {
            send(s, "before");
            assertThat(receive(s, 6)).isEqualTo("before");

            proxy.pause();
            assertThat(proxy.isPaused()).isTrue();
            send(s, "held");
            assertNothingArrives(s);
            assertThat(echo.received()).as("nor did they reach the server").isEqualTo(6);

            proxy.resume();
            assertThat(receive(s, 4)).as("held, not dropped").isEqualTo("held");
            send(s, "after");
            assertThat(receive(s, 5)).isEqualTo("after");
        }
    }

    @Test
    void aConnectionMadeWhilePausedIsServedOnlyAfterResume() throws IOException {
        proxy.pause();
        try (Socket s = connect()) {
            send(s, "late");
            assertNothingArrives(s);
            assertThat(echo.accepted())
                    .as("not connected to the server while paused")
                    .isZero();

            proxy.resume();
            assertThat(receive(s, 4)).isEqualTo("late");
            assertThat(echo.accepted()).isEqualTo(1);
        }
    }

    @Test
    void closeClosesItsConnections() throws IOException {
        try (Socket s = connect()) {
            send(s, "x");
            assertThat(receive(s, 1)).isEqualTo("x");
            proxy.pause();

            proxy.close();

            s.setSoTimeout(5_000);
            assertThat(s.getInputStream().read()).as("end of stream").isEqualTo(-1);
        }
        // (that the freed port then refuses connections is not asserted: any socket may take it again)
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String receive(Socket s, int bytes) throws IOException {
        return new String(s.getInputStream().readNBytes(bytes), StandardCharsets.UTF_8);
    }

    private static void assertNothingArrives(Socket s) throws IOException {
        int timeout = s.getSoTimeout();
        s.setSoTimeout(QUIET_MILLIS);
        try {
            assertThatThrownBy(() -> s.getInputStream().read())
                    .as("nothing arrives while paused")
                    .isInstanceOf(SocketTimeoutException.class);
        } finally {
            s.setSoTimeout(timeout);
        }
    }

    /** Echoes every byte back; counts connections and bytes. */
    private static final class Echo implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger received = new AtomicInteger();

        Echo() throws IOException {
            Thread t = new Thread(this::serve, "echo-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        int received() {
            return received.get();
        }

        private void serve() {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException closed) {
                    return;
                }
                accepted.incrementAndGet();
                Thread t = new Thread(() -> echo(s), "echo-" + accepted.get());
                t.setDaemon(true);
                t.start();
            }
        }

        private void echo(Socket s) {
            byte[] buffer = new byte[1024];
            try (s;
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    received.addAndGet(read);
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException closed) {
                // the proxy closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
