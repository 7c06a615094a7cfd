package dev.sparkjobs.jobcallbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.callbacks.CallbackPolicy;
import dev.sparkjobs.callbacks.CallbackProperties;
import dev.sparkjobs.callbacks.HostResolver;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.support.InMemoryJobStore;
import dev.sparkjobs.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CallbackSenderTest {

    private final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
    private ServerSocket server;
    private Thread receiver;
    private CallbackSender sender;

    @AfterEach
    void stop() throws Exception {
        if (sender != null) {
            sender.stop();
        }
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.join(5000);
        }
    }

    @Test
    void eachCallbackIsPostedOnceWhenDeliveriesBackUpPastTheirClaim() throws Exception {
        startReceiver(Duration.ofMillis(300));
        var store = new ClaimingStore();
        var jobs = new InMemoryJobStore();
        for (int i = 0; i < 20; i++) {
            Job job = Job.submitted(
                    JobId.random(),
                    new JobSpec("sql", "n", Map.of(), "default", 0, Duration.ofSeconds(30), Map.of()),
                    null,
                    Instant.now());
            jobs.insert(job, null);
            store.register(
                    job.id(),
                    new Callback(
                            Callback.Kind.JOB,
                            "http://127.0.0.1:" + server.getLocalPort() + "/cb/" + job.id(),
                            null,
                            null),
                    Instant.now());
        }
        // one thread, a 300 ms receiver and a claim of 2 x (0.1 s + 1 s): the last rows wait past it
        var properties = new CallbackDeliveryProperties(
                8,
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofMillis(200),
                1);
        sender = newSender(store, jobs, properties, Clock.systemUTC());
        sender.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> store.delivered() == 20);
        // a duplicate would arrive after the last first delivery: watch for the time a claim takes to lapse
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> posts.values().stream()
                .allMatch(n -> n.get() == 1));
        assertThat(posts).hasSize(20);
        assertThat(posts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void callbacksWaitingForASubjectThatEndedAreReleasedAtStartAndEveryMinute() {
        var store = new ClaimingStore();
        var clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        var properties = new CallbackDeliveryProperties(
                8,
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofMillis(50),
                1);
        sender = newSender(store, new InMemoryJobStore(), properties, clock);

        sender.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> store.releases.get() == 1);
        // some twenty polls within the same minute
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> store.releases.get() == 1);
        clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.releases.get() == 2);
    }

    private CallbackSender newSender(
            CallbackStore store, InMemoryJobStore jobs, CallbackDeliveryProperties properties, Clock clock) {
        return new CallbackSender(
                store,
                jobs,
                job -> Map.of("id", job.id().toString()),
                batch -> Optional.empty(),
                new CallbackPolicy(
                        new CallbackProperties(List.of("127.0.0.1"), List.of("http"), false, false),
                        HostResolver.SYSTEM),
                properties,
                JsonMapper.builder().build(),
                new SimpleMeterRegistry(),
                clock);
    }

    /** A clock the test moves on. */
    private void startReceiver(Duration answerAfter) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        receiver = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    String path = readRequest(s.getInputStream());
                    posts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep(answerAfter.toMillis());
                    s.getOutputStream().write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException | InterruptedException e) {
                    // closed at the end of the test
                }
            }
        });
        receiver.start();
    }

    private static String readRequest(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed early");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return text.substring(text.indexOf(' ') + 1, text.indexOf(" HTTP/"));
    }

    /** Claims like the JDBC store: moving next_attempt_at is the claim. */
    static final class ClaimingStore implements CallbackStore {

        private final Map<CallbackSubject, Row> rows = new ConcurrentHashMap<>();
        final AtomicInteger releases = new AtomicInteger();

        private static final class Row {
            final Callback callback;
            DeliveryState state = DeliveryState.PENDING;
            Instant nextAttemptAt;
            final List<DeliveryAttempt> attempts = new ArrayList<>();

            Row(Callback callback, Instant next) {
                this.callback = callback;
                this.nextAttemptAt = next;
            }
        }

        @Override
        public void register(CallbackSubject subject, Callback callback, Instant now) {
            rows.putIfAbsent(subject, new Row(callback, now));
        }

        @Override
        public synchronized List<Due> claimDue(Instant now, Instant claimUntil, int limit) {
            var claimed = new ArrayList<Due>();
            rows.entrySet().stream()
                    .filter(e -> e.getValue().state == DeliveryState.PENDING
                            && !e.getValue().nextAttemptAt.isAfter(now))
                    .sorted(Comparator.comparing(e -> e.getValue().nextAttemptAt))
                    .limit(limit)
                    .forEach(e -> {
                        e.getValue().nextAttemptAt = claimUntil;
                        claimed.add(new Due(
                                e.getKey(),
                                e.getValue().callback,
                                e.getValue().attempts.size(),
                                0,
                                claimUntil));
                    });
            return claimed;
        }

        @Override
        public int releaseEnded() {
            releases.incrementAndGet();
            return 0;
        }

        @Override
        public synchronized boolean recordAttempt(
                Due due, DeliveryAttempt attempt, DeliveryState state, Instant nextAttemptAt) {
            Row row = rows.get(due.subject());
            if (row.state != DeliveryState.PENDING || !row.nextAttemptAt.equals(due.claimedUntil())) {
                return false;
            }
            row.attempts.add(attempt);
            row.state = state;
            row.nextAttemptAt = nextAttemptAt;
            return true;
        }

        @Override
        public Optional<CallbackStatus> status(CallbackSubject subject) {
            return Optional.empty();
        }

        synchronized long delivered() {
            return rows.values().stream()
                    .filter(r -> r.state == DeliveryState.DELIVERED)
                    .count();
        }
    }
}
