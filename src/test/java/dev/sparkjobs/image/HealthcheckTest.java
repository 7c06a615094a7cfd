package dev.sparkjobs.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code docker/healthcheck.sh} against a one-answer HTTP server on loopback: only a 200 status line
 * passes, with or without a reason phrase.
 */
class HealthcheckTest {

    @ParameterizedTest(name = "[{0}] passes: {1}")
    @CsvSource({
        "'HTTP/1.1 200 OK', true",
        "'HTTP/1.1 200', true",
        "'HTTP/1.1 503 ', false",
        "'HTTP/1.1 503 Service Unavailable', false",
        "'HTTP/1.1 2000', false"
    })
    void onlyAStatusOf200Passes(String statusLine, boolean passes) throws Exception {
        String response = statusLine + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> answer(server, response));

            ProcessBuilder builder = new ProcessBuilder(
                            "bash",
                            Path.of("docker/healthcheck.sh").toAbsolutePath().toString())
                    .redirectErrorStream(true);
            builder.environment().put("HEALTHCHECK_PORT", Integer.toString(server.getLocalPort()));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

            assertThat(request.get(20, TimeUnit.SECONDS)).startsWith("GET /actuator/health/liveness HTTP/1.1");
            assertThat(process.exitValue() == 0)
                    .as("exit %s, output %s", process.exitValue(), output)
                    .isEqualTo(passes);
        }
    }

    /** Reads the request's head, answers it, closes; returns the request line. */
    private static String answer(ServerSocket server, String response) {
        try (Socket socket = server.accept()) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String requestLine = in.readLine();
            for (String line = requestLine; line != null && !line.isEmpty(); line = in.readLine()) {
                // the head ends with an empty line
            }
            socket.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return requestLine;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
