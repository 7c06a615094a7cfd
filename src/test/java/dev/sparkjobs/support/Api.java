package dev.sparkjobs.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the service under test. */
public final class Api {

    /** One answer: status, headers and the parsed body (a missing node when there is none). */
    public record Response(int status, Map<String, java.util.List<String>> headers, JsonNode body, String raw) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final int port;

    /** Sent with every request that carries no credential of its own; null: none. */
    private final String[] credential;

    public Api(int port) {
        this(port, null);
    }

    private Api(int port, String[] credential) {
        this.base = "http://127.0.0.1:" + port;
        this.port = port;
        this.credential = credential;
    }

    /** The same client, sending {@code X-API-Key: key}. */
    public Api withApiKey(String key) {
        return new Api(port, new String[] {"X-API-Key", key});
    }

    /** The same client, sending {@code Authorization: Bearer token}. */
    public Api withBearer(String token) {
        return new Api(port, new String[] {"Authorization", "Bearer " + token});
    }

    /** The same client without credentials. */
    public Api anonymous() {
        return new Api(port, null);
    }

    public int port() {
        return port;
    }

    /**
     * Sends bytes as they are, for requests no HTTP client would send (a malformed request line,
     * a control character in a header), and returns the raw answer.
     */
    public String sendRaw(String request) {
        if (credential != null) {
            int line = request.indexOf("\r\n") + 2;
            request = request.substring(0, line) + credential[0] + ": " + credential[1] + "\r\n"
                    + request.substring(line);
        }
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json));
        b.header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    public Response postRaw(String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(body);
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    /** Submits a job and returns the answer (202 expected). */
    public Response submit(String json, String... headers) {
        return post("/api/v1/jobs", json, headers);
    }

    /** Submits a job that must be accepted; returns its id. */
    public String submitOk(String json) {
        Response r = submit(json);
        if (r.status() != 202) {
            throw new AssertionError("expected 202 but got " + r.status() + ": " + r.raw());
        }
        return r.body().path("id").asString();
    }

    public JsonNode job(String id) {
        Response r = get("/api/v1/jobs/" + id);
        if (r.status() != 200) {
            throw new AssertionError("GET job " + id + ": " + r.status() + " " + r.raw());
        }
        return r.body();
    }

    public String state(String id) {
        return job(id).path("state").asString();
    }

    /** Long-polls until the job is final (or 60 s pass) and returns it. */
    public JsonNode awaitFinal(String id) {
        return get("/api/v1/jobs/" + id + "?waitSeconds=60").body();
    }

    public Response cancel(String id) {
        return postRaw("/api/v1/jobs/" + id + "/cancel", HttpRequest.BodyPublishers.noBody());
    }

    /** The body of a sql job that runs {@code statements} in order. */
    public static String statementsJob(String... statements) {
        return json(Map.of("type", "sql", "params", Map.of("statements", java.util.List.of(statements))));
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /**
     * Every answer under /api/ must be one the contract allows, and every error a problem with a
     * type: a test that provoked any other answer fails, whatever it asserts itself.
     */
    private static void conforms(HttpRequest request, HttpResponse<String> r, Response response) {
        String exchange = request.method() + " " + request.uri() + " -> " + r.statusCode() + " "
                + response.contentType() + " " + abbreviate(response.raw());
        String violations = Contract.violations(
                request.method(),
                request.uri().getPath(),
                r.statusCode(),
                r.headers().map(),
                r.body());
        if (!violations.isEmpty()) {
            throw new AssertionError(
                    "the answer does not conform to " + Contract.FILE + ":\n" + violations + "\n" + exchange);
        }
        if (r.statusCode() >= 400) {
            JsonNode p = response.body();
            boolean problem = String.valueOf(response.contentType()).startsWith("application/problem+json")
                    && p.path("type").asString("").startsWith("urn:spark-job-service:problem:")
                    && p.path("status").asInt() == r.statusCode()
                    && !p.path("title").asString("").isBlank()
                    && !p.path("detail").asString("").isBlank();
            if (!problem) {
                throw new AssertionError("an error that is not a problem with a type and a detail: " + exchange);
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 2000 ? String.valueOf(s) : s.substring(0, 2000) + "...";
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** Sends a request built elsewhere (any method, headers and body); the answer is checked all the same. */
    public Response send(HttpRequest.Builder b) {
        try {
            HttpRequest request = b.timeout(Duration.ofSeconds(90)).build();
            if (credential != null
                    && request.headers().firstValue("Authorization").isEmpty()
                    && request.headers().firstValue("X-API-Key").isEmpty()) {
                request = HttpRequest.newBuilder(request, (name, value) -> true)
                        .header(credential[0], credential[1])
                        .build();
            }
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            String raw = r.body();
            boolean json = r.headers().firstValue("Content-Type").orElse("").contains("json");
            JsonNode body = !json || raw == null || raw.isBlank() ? JSON.missingNode() : JSON.readTree(raw);
            Response response = new Response(r.statusCode(), r.headers().map(), body, raw);
            String path = request.uri().getPath();
            if (path != null && path.startsWith("/api/")) {
                conforms(request, r, response);
            }
            return response;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
