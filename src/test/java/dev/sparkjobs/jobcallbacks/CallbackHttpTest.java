package dev.sparkjobs.jobcallbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.callbacks.CallbackTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class CallbackHttpTest {

    @Test
    void theRequestHeadNamesTheHostNotTheAddressAndKeepsTheQuery() throws Exception {
        var target = new CallbackTarget(
                URI.create("https://hooks.example.com/cb/1?sig=abc"),
                "hooks.example.com",
                443,
                List.of(InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34})));
        var headers = new LinkedHashMap<String, String>();
        headers.put("Authorization", "Bearer x");
        var head = new String(CallbackHttp.head(target, headers, 12), StandardCharsets.UTF_8);
        assertThat(head)
                .startsWith("POST /cb/1?sig=abc HTTP/1.1\r\nHost: hooks.example.com\r\n")
                .contains("Content-Length: 12\r\n", "Authorization: Bearer x\r\n", "Connection: close\r\n")
                .endsWith("\r\n\r\n");
    }

    @Test
    void aNonDefaultPortIsInTheHostHeader() throws Exception {
        var target = new CallbackTarget(
                URI.create("http://127.0.0.1:8081"), "127.0.0.1", 8081, List.of(InetAddress.getLoopbackAddress()));
        var head = new String(CallbackHttp.head(target, new LinkedHashMap<>(), 0), StandardCharsets.UTF_8);
        assertThat(head).startsWith("POST / HTTP/1.1\r\nHost: 127.0.0.1:8081\r\n");
    }

    @Test
    void onlyNamesAreSentAsTheTlsServerName() {
        assertThat(CallbackHttp.isAddressLiteral("10.0.0.1")).isTrue();
        assertThat(CallbackHttp.isAddressLiteral("fd00::5")).isTrue();
        assertThat(CallbackHttp.isAddressLiteral("hooks.example.com")).isFalse();
        assertThat(CallbackHttp.isAddressLiteral("svc-2")).isFalse();
        assertThat(CallbackHttp.isAddressLiteral("node1.example.com")).isFalse();
    }

    @Test
    void readsTheStatusCode() throws IOException {
        assertThat(CallbackHttp.status(in("HTTP/1.1 503 Service Unavailable\r\nX: y\r\n\r\n")))
                .isEqualTo(503);
        assertThat(CallbackHttp.status(in("HTTP/1.0 204\r\n"))).isEqualTo(204);
        assertThatThrownBy(() -> CallbackHttp.status(in("SSH-2.0-OpenSSH\r\n"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CallbackHttp.status(in(""))).isInstanceOf(IOException.class);
    }

    @Test
    void oneAttemptEndsWithinConnectPlusReadTimeoutHoweverSlowlyTheAnswerDrips() throws Exception {
        var timer = Executors.newSingleThreadScheduledExecutor();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var dripper = new Thread(() -> {
                try (var s = server.accept()) {
                    var out = s.getOutputStream();
                    for (byte b : "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1)) {
                        out.write(b); // one byte every 300 ms: each read is quick, the whole is not
                        out.flush();
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException e) {
                    // the client gave up
                }
            });
            dripper.start();
            var http = new CallbackHttp(Duration.ofMillis(500), Duration.ofMillis(1000), null, timer);
            var target = new CallbackTarget(
                    URI.create("http://127.0.0.1:" + server.getLocalPort() + "/cb"),
                    "127.0.0.1",
                    server.getLocalPort(),
                    List.of(InetAddress.getLoopbackAddress()));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> http.post(target, Map.of(), new byte[] {'{', '}'}))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
            dripper.interrupt();
            dripper.join(5000);
        } finally {
            timer.shutdownNow();
        }
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
