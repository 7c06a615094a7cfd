package dev.sparkjobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.support.ServiceJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The jar as users start it, with no authentication configured: it listens on 127.0.0.1 only and
 * says so, and refuses to start on another address unless told to. Binding is read from the
 * kernel's socket table, so no traffic leaves loopback.
 */
class ExposureProcessIT {

    private static final Path JAR = ServiceJar.EXTRACTED;

    @Test
    void withoutAuthenticationItListensOnLoopbackOnlyAndSaysSo() throws Exception {
        Path data = dataDir();
        Path log = data.resolve("service.log");
        int port = ServiceJar.freePort();
        try (ServiceJar service = ServiceJar.start(JAR, data, log, port, ServiceJar.quickStart("-Xmx1g"), List.of())) {
            assertThat(service.api.get("/api/v1/jobs").status())
                    .as("open: no credentials needed")
                    .isEqualTo(200);
            assertThat(listeningAddresses(port)).isNotEmpty().allMatch(a -> a.equals("127.0.0.1"));
            assertThat(Files.readString(log)).contains("Authentication off").contains("listens on 127.0.0.1 only");
        }
    }

    @Test
    void anotherAddressWithoutAuthenticationFailsAtOnceBeforeSparkStarts() throws Exception {
        Path data = dataDir();
        Path log = data.resolve("service.log");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ServiceJar.start(
                        JAR,
                        data,
                        log,
                        ServiceJar.freePort(),
                        ServiceJar.quickStart("-Xmx512m"),
                        List.of("--server.address=0.0.0.0")))
                .hasMessageContaining("exited at start-up");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String out = Files.readString(log);
        assertThat(out)
                .contains("server.address=0.0.0.0 is not loopback, and no authentication is configured")
                .doesNotContain("SparkSession");
        assertThat(took).isLessThan(Duration.ofSeconds(60));
    }

    private static Path dataDir() throws IOException {
        return Files.createDirectories(
                Path.of("target", "it-data", "exposure-" + UUID.randomUUID()).toAbsolutePath());
    }

    /** The local addresses of LISTEN sockets on {@code port}, from /proc/net/tcp and tcp6. */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> found = new ArrayList<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (local[1].equals(hexPort) && f[3].equals("0A")) {
                    found.add(address(local[0]));
                }
            }
        }
        return found;
    }

    private static String address(String hex) {
        if (hex.length() == 8) { // little-endian IPv4
            return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                    + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
        }
        if (hex.startsWith("0000000000000000FFFF0000")) { // ::ffff:a.b.c.d, an IPv4 address on a dual-stack socket
            return address(hex.substring(24));
        }
        return hex.equals("00000000000000000000000000000000") ? "::" : "ipv6:" + hex;
    }
}
