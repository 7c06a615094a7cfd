package dev.sparkjobs.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
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
    Arbitrary<String> valid() {
        Arbitrary<Map<String, Object>> optional = Combinators.combine(
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .ofMaxLength(props.at("/name/maxLength").asInt())
                                .injectNull(0.5),
                        Arbitraries.of(pools).injectNull(0.5),
                        ints(props.path("priority")).injectNull(0.5),
                        Arbitraries.longs().between(1, 3600).injectNull(0.7),
                        Arbitraries.maps(
                                        Arbitraries.strings()
                                                .alpha()
                                                .ofMinLength(1)
                                                .ofMaxLength(20),
                                        Arbitraries.strings().alpha().ofMaxLength(30))
                                .ofMaxSize(3)
                                .injectNull(0.5),
                        ints(props.path("maxRetries")).injectNull(0.7),
                        Arbitraries.subsetOf("FAILED", "TIMED_OUT", "DRIVER_RESTART")
                                .injectNull(0.7))
                .as((name, pool, priority, timeout, tags, retries, on) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    put(m, "name", name);
                    put(m, "pool", pool);
                    put(m, "priority", priority);
                    put(m, "timeoutSeconds", timeout);
                    put(m, "tags", tags);
                    put(m, "maxRetries", retries);
                    put(m, "retryOn", on);
                    return m;
                });
        Arbitrary<Map<String, Object>> params = Arbitraries.of(
                Map.of("sql", "SELECT 1"),
                Map.of("statements", List.of("SELECT 1", "SELECT 2")),
                Map.of("sql", "SELECT :n AS n", "args", Map.of("n", 1), "maxRows", 1));
        return Combinators.combine(optional, params).as((m, p) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "sql");
            body.put("params", p);
            body.putAll(m);
            return Api.json(body);
        });
    }

    /** Anywhere in the schema's range, its bounds often. */
    private static Arbitrary<Long> ints(JsonNode schema) {
        long min = schema.path("minimum").asLong();
        long max = schema.path("maximum").asLong();
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(min, max)), Tuple.of(1, Arbitraries.of(min, max)));
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** A valid body broken in one place, or something that is no body at all. */
    Arbitrary<String> invalid() {
        List<String> fields = new ArrayList<>();
        props.propertyNames().forEach(fields::add);
        Arbitrary<String> broken = Combinators.combine(valid(), Arbitraries.of(fields))
                .flatAs((body, field) -> wrongFor(props.path(field)).map(value -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = JSON.readValue(body, LinkedHashMap.class);
                    m.put(field, value);
                    return JSON.writeValueAsString(m);
                }));
        Arbitrary<String> badParams = Arbitraries.of(ApiFuzz.ODD)
                .map(s -> Api.json(Map.of("type", "sql", "params", Map.of("sql", "SELECT '" + s + "'", s, s))));
        Arbitrary<String> unknownField = Arbitraries.of(ApiFuzz.ODD)
                .map(s -> "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}," + Api.json(s) + ":1}");
        Arbitrary<String> deep = Arbitraries.integers()
                .between(1, 3000)
                .map(n -> "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\",\"args\":" + "{\"a\":".repeat(n) + "1"
                        + "}".repeat(n) + "}}");
        Arbitrary<String> wide = Arbitraries.integers()
                .between(90, 400)
                .map(n -> Api.json(Map.of(
                        "type", "sql", "params", Map.of("statements", java.util.Collections.nCopies(n, "SELECT 1")))));
        Arbitrary<String> huge = Arbitraries.integers()
                .between(1024 * 1024 - 100, 1024 * 1024 + 100)
                .map(n -> "{\"type\":\"sql\",\"name\":\"" + "x".repeat(n) + "\",\"params\":{\"sql\":\"SELECT 1\"}}");
        Arbitrary<String> notJson = Arbitraries.of(
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
        return Arbitraries.frequencyOf(
                Tuple.of(40, broken),
                Tuple.of(8, badParams),
                Tuple.of(6, unknownField),
                Tuple.of(5, deep),
                Tuple.of(3, wide),
                Tuple.of(1, huge),
                Tuple.of(10, notJson));
    }

    /** A value the property's schema does not allow: another JSON type, out of range, too long, a control character. */
    private static Arbitrary<Object> wrongFor(JsonNode schema) {
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
        return Arbitraries.of(values);
    }

    /** A tiny bridge so that bodies are written the way {@link dev.sparkjobs.support.Api} writes them. */
    private static final class Api {
        static String json(Object value) {
            return dev.sparkjobs.support.Api.json(value);
        }
    }
}
