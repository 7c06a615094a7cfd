package dev.sparkjobs.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Azure Data Factory's asynchronous pattern as a Web activity follows it, over a plain HTTP client
 * (not {@link Api}: the activity's requests are replayed as it sends them): GET the Location of a
 * 202 while it answers 202, each time after the Retry-After it gave.
 */
public final class DataFactoryPolling {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiKey;

    /** @param apiKey the {@code X-API-Key} of the activity's polls */
    public DataFactoryPolling(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Every answer, the last one not a 202; {@code on202} sees each 202 as it comes. */
    public List<HttpResponse<String>> pollWhile202(URI location, Consumer<HttpResponse<String>> on202) {
        List<HttpResponse<String>> answers = new ArrayList<>();
        AtomicLong wait = new AtomicLong(0);
        await().atMost(Duration.ofSeconds(90))
                .pollDelay(Duration.ZERO)
                .pollInterval((count, previous) -> Duration.ofSeconds(wait.get()))
                .until(() -> {
                    HttpResponse<String> r =
                            send(HttpRequest.newBuilder(location).GET().header("X-API-Key", apiKey));
                    answers.add(r);
                    if (r.statusCode() != 202) {
                        return true;
                    }
                    wait.set(retryAfter(r));
                    on202.accept(r);
                    return false;
                });
        return answers;
    }

    /** As {@link #pollWhile202(URI, Consumer)}, only watching. */
    public List<HttpResponse<String>> pollWhile202(URI location) {
        return pollWhile202(location, r -> {});
    }

    /** The answer's Retry-After, in seconds; fails without one. */
    public static long retryAfter(HttpResponse<String> r) {
        return Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    }

    /** Sends {@code request} as is (with a 30 s timeout) and reads the answer as text. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
