package dev.sparkjobs.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submit bodies made from the contract's {@code SubmitJobRequest} schema: valid ones that run
 * {@code SELECT 1}, and ones broken in one place (a value its property's schema does not allow) or
 * no body at all (not JSON, too deep, too wide, over 1 MiB).
 */
final class SubmitBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode props;
    private final List<String> pools;

    /** @param props the properties of the contract's SubmitJobRequest schema */
    SubmitBodies(JsonNode props, List<String> pools) {
        this.props = props;
        this.pools = pools;
    }

    /** A body the request schema allows, with harmless SQL. */
    Gen<String> valid() {
        Gen<String> names =
                Gen.strings(Gen.ALNUM, 0, props.at("/name/maxLength").asInt()).orNull(0.5);
        Gen<String> poolNames = Gen.of(pools).orNull(0.5);
        Gen<Long> priorities = ints(props.path("priority")).orNull(0.5);
        Gen<Long> timeouts = Gen.longs(1, 3600).orNull(0.7);
        Gen<Map<String, String>> tags = Gen.maps(Gen.strings(Gen.ALPHA, 1, 20), Gen.strings(Gen.ALPHA, 0, 30), 3)
                .orNull(0.5);
        Gen<Long> retries = ints(props.path("maxRetries")).orNull(0.7);
        Gen<java.util.Set<String>> retryOn =
                Gen.subsetOf(List.of("FAILED", "TIMED_OUT", "DRIVER_RESTART")).orNull(0.7);
        Gen<Map<String, Object>> params = Gen.of(
                Map.of("sql", "SELECT 1"),
                Map.of("statements", List.of("SELECT 1", "SELECT 2")),
                Map.of("sql", "SELECT :n AS n", "args", Map.of("n", 1), "maxRows", 1));
        return r -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "sql");
            body.put("params", params.next(r));
            put(body, "name", names.next(r));
            put(body, "pool", poolNames.next(r));
            put(body, "priority", priorities.next(r));
            put(body, "timeoutSeconds", timeouts.next(r));
            put(body, "tags", tags.next(r));
            put(body, "maxRetries", retries.next(r));
            put(body, "retryOn", retryOn.next(r));
            return Api.json(body);
        };
    }

    private static Gen<Long> ints(JsonNode schema) {
        return Gen.longs(schema.path("minimum").asLong(), schema.path("maximum").asLong());
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** A valid body broken in one place, or something that is no body at all. */
    Gen<String> invalid() {
        List<String> fields = new ArrayList<>();
        props.propertyNames().forEach(fields::add);
        Gen<String> valid = valid();
        Gen<String> broken = r -> {
            String body = valid.next(r);
            String field = fields.get(r.nextInt(fields.size()));
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(body, LinkedHashMap.class);
            m.put(field, wrongFor(props.path(field)).next(r));
            return JSON.writeValueAsString(m);
        };
        Gen<String> badParams = Gen.of(ApiFuzz.ODD)
                .map(s -> Api.json(Map.of("type", "sql", "params", Map.of("sql", "SELECT '" + s + "'", s, s))));
        Gen<String> unknownField = Gen.of(ApiFuzz.ODD)
                .map(s -> "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}," + Api.json(s) + ":1}");
        Gen<String> deep = Gen.ints(1, 3000)
                .map(n -> "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\",\"args\":" + "{\"a\":".repeat(n) + "1"
                        + "}".repeat(n) + "}}");
        Gen<String> wide = Gen.ints(90, 400)
                .map(n -> Api.json(Map.of(
                        "type", "sql", "params", Map.of("statements", java.util.Collections.nCopies(n, "SELECT 1")))));
        Gen<String> huge = Gen.ints(1024 * 1024 - 100, 1024 * 1024 + 100)
                .map(n -> "{\"type\":\"sql\",\"name\":\"" + "x".repeat(n) + "\",\"params\":{\"sql\":\"SELECT 1\"}}");
        Gen<String> notJson = Gen.of(
                "",
                "null",
                "[]",
                "\"sql\"",
                "1",
                "{",
                "{\"type\":",
                "{bad json",
                "{'type':'sql'}",
                "{\"type\":\"sql\",\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"name\":\"\\ud800\",\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}} trailing",
                "\ufeff{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}}",
                "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"},\"\":1}");
        return Gen.frequency(
                Gen.weight(40, broken),
                Gen.weight(8, badParams),
                Gen.weight(6, unknownField),
                Gen.weight(5, deep),
                Gen.weight(3, wide),
                Gen.weight(1, huge),
                Gen.weight(10, notJson));
    }

    /** A value the property's schema does not allow: another JSON type, out of range, too long, a control character. */
    private static Gen<Object> wrongFor(JsonNode schema) {
        List<Object> values = new ArrayList<>();
        switch (schema.path("type").asString("")) {
            case "integer" ->
                values.addAll(List.of(
                        "5",
                        1.5,
                        1e30,
                        true,
                        List.of(1),
                        Map.of(),
                        Long.MAX_VALUE,
                        schema.path("minimum").asLong() - 1,
                        schema.path("maximum").asLong() + 1));
            case "string" -> {
                values.addAll(List.of(7, 1.5, true, List.of("x"), Map.of("a", "b")));
                ApiFuzz.ODD.stream()
                        .filter(QueryParameters::hasControlCharacter)
                        .forEach(values::add);
                values.add("x".repeat(schema.path("maxLength").asInt(64) + 1));
            }
            case "object" ->
                values.addAll(List.of(
                        "x",
                        1,
                        List.of("x"),
                        true,
                        Map.of("a:b", "c"),
                        Map.of("k", 5),
                        Map.of("k", List.of()),
                        Map.of("", "v"),
                        Map.of("k", "\u0000"),
                        Map.of("\u0000", "v")));
            case "array" -> values.addAll(List.of("FAILED", List.of("CANCELLED"), List.of(1), Map.of(), List.of("")));
            default -> values.addAll(List.of(List.of(), 1));
        }
        return Gen.of(values);
    }

    /** A tiny bridge so that bodies are written the way {@link dev.sparkjobs.support.Api} writes them. */
    private static final class Api {
        static String json(Object value) {
            return dev.sparkjobs.support.Api.json(value);
        }
    }
}
