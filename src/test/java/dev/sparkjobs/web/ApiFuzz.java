package dev.sparkjobs.web;

import dev.sparkjobs.support.Contract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests made from the contract, valid and invalid: every operation of {@code openapi.json} with
 * its query parameters (values in and out of their schemas, unknown, nameless, repeated, empty),
 * submit bodies built from the request schema and then broken (wrong types, out of range, too long,
 * odd Unicode and NUL, unknown and missing fields, deep nesting, over 1 MiB, not JSON at all),
 * header abuse, bad ids, wrong methods and paths. Valid submits run {@code SELECT 1}.
 */
final class ApiFuzz {

    /**
     * One request. {@code id} replaces {@code {id}} in the path when sent: {@code "@n"} is the n-th
     * job this run created (if any), anything else is sent as it is (already percent-encoded).
     */
    record Sent(String method, String path, String id, String query, Map<String, String> headers, String body) {

        boolean isSubmit() {
            return method.equals("POST") && path.equals("/api/v1/jobs");
        }

        @Override
        public String toString() {
            String b = body == null
                    ? ""
                    : body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + ")" : body;
            return method + " " + path.replace("{id}", String.valueOf(id)) + (query.isEmpty() ? "" : "?" + query) + " "
                    + headers + " " + b;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Strings that have broken services before: empty, blank, NUL and other controls, odd Unicode. */
    static final List<String> ODD = List.of(
            "",
            " ",
            "\u0000",
            "a\u0000b",
            "\u0007",
            "line\nbreak",
            "tab\there",
            "\u001b[31m",
            "\u007f",
            "\u0085",
            "\u200b",
            "\u202eevil",
            "\ufeff",
            "e\u0301",
            "😀",
            "𝕏",
            "中文",
            "null",
            "true",
            "0",
            "-1",
            "'; DROP TABLE job; --",
            "%00",
            "../../etc/passwd",
            "{}",
            "[]",
            "\\",
            "\"");

    private final JsonNode contract;
    private final List<String> pools;
    private final SubmitBodies bodies;

    ApiFuzz(List<String> pools) throws java.io.IOException {
        this.contract = JSON.readTree(Files.readString(Contract.FILE));
        this.pools = pools;
        this.bodies = new SubmitBodies(contract.at("/components/schemas/SubmitJobRequest/properties"), pools);
    }

    Gen<Sent> requests() {
        return Gen.frequency(
                // few valid submits: each runs a Spark job, and the point is the refusals
                Gen.weight(3, submit(bodies.valid())),
                Gen.weight(30, submit(bodies.invalid())),
                Gen.weight(6, headerAbuse()),
                Gen.weight(35, operations()),
                Gen.weight(8, badIds()),
                Gen.weight(8, wrongMethodsAndPaths()));
    }

    // ---- operations and their query parameters, from the contract

    private Gen<Sent> operations() {
        List<Gen<Sent>> ops = new ArrayList<>();
        contract.path("paths")
                .properties()
                .forEach(p -> p.getValue().properties().forEach(op -> {
                    String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                    String body = method.equals("POST") && op.getValue().has("requestBody") ? null : "";
                    if (body == null) {
                        return; // submits have generators of their own
                    }
                    List<JsonNode> params = new ArrayList<>();
                    op.getValue().path("parameters").forEach(params::add);
                    List<JsonNode> query = params.stream()
                            .filter(q -> q.path("in").asString().equals("query"))
                            .toList();
                    Gen<String> ids = ids();
                    Gen<String> queries = query(query);
                    ops.add(r -> new Sent(method, p.getKey(), ids.next(r), queries.next(r), Map.of(), null));
                }));
        return Gen.oneOf(ops);
    }

    private Gen<String> query(List<JsonNode> params) {
        List<Gen.Weighted<String>> kinds = new ArrayList<>();
        for (JsonNode p : params) {
            String name = p.path("name").asString();
            kinds.add(Gen.weight(6, valid(name, p.path("schema")).map(v -> name + "=" + enc(v))));
            kinds.add(Gen.weight(2, Gen.of(invalidValues()).map(v -> name + "=" + v)));
            kinds.add(Gen.weight(1, Gen.just(name)));
        }
        kinds.add(Gen.weight(1, Gen.strings(Gen.ALPHA, 1, 12).map(n -> n + "=1")));
        kinds.add(Gen.weight(1, Gen.of("=x", "=", "&", "&&", "%3D=1", "a%00=1", "+=1")));
        return Gen.frequency(kinds).list(4).map(l -> String.join("&", l));
    }

    /** A value its schema allows; waitSeconds stays short so that a poll of a running job is quick. */
    private Gen<String> valid(String name, JsonNode schema) {
        JsonNode items = schema.path("type").asString("").equals("array") ? schema.path("items") : schema;
        if (items.has("enum")) {
            List<String> values = new ArrayList<>();
            items.path("enum").forEach(v -> values.add(v.asString()));
            return Gen.of(values);
        }
        if (items.path("type").asString("").equals("integer")) {
            long min = items.path("minimum").asLong(0);
            long max = name.equals("waitSeconds") ? 1 : items.path("maximum").asLong(1000);
            return Gen.longs(min, max).map(String::valueOf);
        }
        return switch (name) {
            case "tag" -> Gen.of("team:sales", "m:x", "env:a:b", "k:" + "v".repeat(300));
            case "cursor" ->
                Gen.longs(1, Long.MAX_VALUE).map(n -> Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(("v1:" + n).getBytes(StandardCharsets.UTF_8)));
            case "pool" -> Gen.of(pools);
            case "type" -> Gen.of("sql", "nope");
            default -> Gen.strings(Gen.ALPHA, 1, 20);
        };
    }

    /** Already percent-encoded. */
    private static List<String> invalidValues() {
        List<String> values = new ArrayList<>(List.of(
                "",
                "-1",
                "0",
                "501",
                "61",
                "abc",
                "1.5",
                "1e3",
                "99999999999999999999",
                "%FF",
                "%C3%28",
                "FAILED,CANCELLED",
                "succeeded",
                "a:b:c",
                ":x",
                "novalue",
                "%00",
                "%0A"));
        ODD.forEach(s -> values.add(enc(s)));
        values.add(enc("x".repeat(2000)));
        return values;
    }

    // ---- ids

    private static Gen<String> ids() {
        return Gen.frequency(
                Gen.weight(5, Gen.ints(0, 50).map(n -> "@" + n)),
                Gen.weight(2, r -> new java.util.UUID(r.nextLong(), r.nextLong()).toString()),
                Gen.weight(3, badId()));
    }

    private static Gen<String> badId() {
        return Gen.oneOf(List.of(
                Gen.of(ODD.stream().filter(s -> !s.isEmpty()).toList()).map(ApiFuzz::enc),
                Gen.of("not-a-uuid", "00000000-0000-0000-0000-00000000000Z", "%20", "123", "..", "%2e%2e"),
                Gen.anyStrings(1, 40).map(ApiFuzz::enc),
                Gen.strings(Gen.ALPHA, 900, 900)));
    }

    private Gen<Sent> badIds() {
        Gen<String> ops =
                Gen.of("GET /api/v1/jobs/{id}", "GET /api/v1/jobs/{id}/status", "POST /api/v1/jobs/{id}/cancel");
        Gen<String> ids = badId();
        return r -> {
            String[] op = ops.next(r).split(" ");
            return new Sent(op[0], op[1], ids.next(r), "", Map.of(), null);
        };
    }

    private static Gen<Sent> wrongMethodsAndPaths() {
        Gen<String> methods = Gen.of("GET", "POST", "PUT", "DELETE", "PATCH");
        Gen<String> paths = Gen.of(
                "/api/v1/jobs/{id}/cancel",
                "/api/v1/jobs/{id}",
                "/api/v1/admission",
                "/api/v1/job-types",
                "/api/v1/jobz",
                "/api/v2/jobs",
                "/api/v1/jobs/{id}/nope",
                "/api/",
                "/api/v1/jobs/{id}/status/x");
        Gen<String> ids = ids();
        return r -> {
            String m = methods.next(r);
            return new Sent(m, paths.next(r), ids.next(r), "", Map.of(), m.equals("GET") ? null : "{}");
        };
    }

    // ---- submits

    private static Gen<Sent> submit(Gen<String> bodies) {
        Gen<String> keys = idempotencyKey();
        return r -> {
            String body = bodies.next(r);
            String key = keys.next(r);
            return new Sent(
                    "POST", "/api/v1/jobs", null, "", key == null ? Map.of() : Map.of("Idempotency-Key", key), body);
        };
    }

    private static Gen<String> idempotencyKey() {
        return Gen.frequency(
                Gen.weight(6, Gen.just((String) null)),
                Gen.weight(3, Gen.of("k1", "k2", "k3", "k4")),
                Gen.weight(1, Gen.of("", " ", "k".repeat(129), "k".repeat(128), "é", "a b", "\t")));
    }

    private Gen<Sent> headerAbuse() {
        Gen<String> contentType = Gen.of(
                "",
                "text/plain",
                "application/xml",
                "application/json;charset=ISO-8859-1",
                "application/json; charset=utf-8",
                "APPLICATION/JSON",
                "application/problem+json",
                "multipart/form-data",
                "application/x-www-form-urlencoded",
                "x",
                ";;",
                "application/json, text/plain");
        Gen<String> accept = Gen.of(
                "",
                "*/*",
                "application/json",
                "application/problem+json",
                "text/html",
                "application/xml",
                "x/y",
                ";;",
                "application/json;q=0",
                "text/*");
        Gen<String> valid = bodies.valid();
        Gen<String> noises = Gen.anyStrings(0, 200);
        return r -> {
            String body = valid.next(r);
            String ct = contentType.next(r);
            String acc = accept.next(r);
            String noise = noises.next(r);
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", ct);
            if (!acc.isEmpty()) {
                h.put("Accept", acc);
            }
            String printable = noise.replaceAll("[^\\x20-\\x7e]", "");
            if (!printable.isBlank()) {
                h.put("X-Noise", printable.strip());
            }
            return new Sent("POST", "/api/v1/jobs", null, "", h, body);
        };
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
