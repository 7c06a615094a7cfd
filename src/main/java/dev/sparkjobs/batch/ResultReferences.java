package dev.sparkjobs.batch;

import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JsonSize;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * References to an upstream node's result in a node's params: {@code ${jobs.<key>.result.<path>}}, the
 * path dot-separated field names and list indexes ({@code rows.0.id}) into the upstream job's result.
 * A string that is exactly one reference takes the referenced value with its JSON type; a reference
 * inside longer text is replaced by the value as text (a scalar only). Anything else with a {@code $}
 * or {@code ${} that does not start {@code ${jobs.} is left as it is.
 */
public final class ResultReferences {

    /** The most resolved params may take as JSON: the body limit of an API request, 1 MiB. */
    public static final long MAX_PARAMS_BYTES = 1024 * 1024;

    private ResultReferences() {}

    /**
     * Problems of the references in {@code params} at submit: malformed, or naming a key not in {@code
     * upstream}. Field paths are {@code fieldPrefix} and the param path: {@code params.x.y}, {@code
     * params.list[2]}.
     */
    public static List<BatchProblem> check(String fieldPrefix, Map<String, Object> params, Set<String> upstream) {
        List<BatchProblem> problems = new ArrayList<>();
        walk(fieldPrefix, params, (path, text) -> {
            for (Reference ref : Reference.in(text)) {
                if (ref.malformed() != null) {
                    problems.add(new BatchProblem(path, "malformed reference " + ref.text() + ": " + ref.malformed()));
                } else if (!upstream.contains(ref.key())) {
                    problems.add(new BatchProblem(
                            path,
                            ref.text() + " names '" + ref.key() + "', which is not upstream of this job (a job"
                                    + " it depends on, directly or through others)"));
                }
            }
            return text;
        });
        return problems;
    }

    /** The keys the well-formed references in {@code params} name: the only upstream results it needs. */
    public static Set<String> keys(Map<String, Object> params) {
        Set<String> keys = new LinkedHashSet<>();
        walk("params", params, (path, text) -> {
            if (text.contains(Reference.OPEN)) {
                Reference.in(text).stream()
                        .filter(ref -> ref.malformed() == null)
                        .forEach(ref -> keys.add(ref.key()));
            }
            return text;
        });
        return keys;
    }

    /** Whether any string in {@code params}, at any depth, holds a reference (even a malformed one). */
    public static boolean hasReferences(Map<String, Object> params) {
        boolean[] found = {false};
        walk("params", params, (path, text) -> {
            found[0] |= text.contains(Reference.OPEN);
            return text;
        });
        return found[0];
    }

    /**
     * {@code params} with every reference replaced, or the errors (each naming the param path, the
     * reference and why it could not be resolved; or that the resolved params are larger than {@link
     * #MAX_PARAMS_BYTES}).
     *
     * @param upstream the status of each upstream node by key (its latest run)
     */
    public static Resolution resolve(Map<String, Object> params, Map<String, NodeStatus> upstream) {
        List<String> errors = new ArrayList<>();
        Object resolved = walk("params", params, (path, text) -> replace(path, text, upstream, errors));
        long size = errors.isEmpty() ? JsonSize.of(resolved) : 0;
        if (size > MAX_PARAMS_BYTES) {
            // a result copied in whole could otherwise carry any size past the request limit
            errors.add("params: the resolved params are " + size + " bytes of JSON, more than the " + MAX_PARAMS_BYTES
                    + " a request may hold; reference a smaller part of the result");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = errors.isEmpty() ? (Map<String, Object>) resolved : null;
        return new Resolution(out, errors);
    }

    private static Object replace(String path, String text, Map<String, NodeStatus> upstream, List<String> errors) {
        List<Reference> refs = Reference.in(text);
        if (refs.isEmpty()) {
            return text;
        }
        if (refs.size() == 1 && refs.get(0).text().equals(text)) {
            Lookup whole = Lookup.of(refs.get(0), upstream);
            if (whole.error() != null) {
                errors.add(path + ": " + text + " cannot be resolved: " + whole.error());
            }
            return whole.value();
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Reference ref : refs) {
            out.append(text, at, ref.start());
            at = ref.end();
            Lookup found = Lookup.of(ref, upstream);
            String why = found.error() != null ? found.error() : embeddable(found.value());
            if (why != null) {
                errors.add(path + ": " + ref.text() + " cannot be resolved: " + why);
            } else {
                out.append(asText(found.value()));
            }
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Why {@code value} cannot stand inside text; null when it can. */
    private static String embeddable(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return "it is " + Lookup.kind(value) + ", which cannot be embedded in text (reference it as the whole"
                    + " value to pass it as is)";
        }
        return value == null ? "it is null, which cannot be embedded in text" : null;
    }

    private static String asText(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    /** Called with each string of the params and its path; returns what replaces it. */
    private interface Strings {
        Object apply(String path, String text);
    }

    /** A copy of {@code value} with every string, at any depth, replaced by what {@code strings} returns. */
    private static Object walk(String path, Object value, Strings strings) {
        if (value instanceof String s) {
            return strings.apply(path, s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), walk(path + "." + k, v, strings)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(walk(path + "[" + i + "]", list.get(i), strings));
            }
            return copy;
        }
        return value;
    }

    /** Resolved params (null when there are errors), or the errors. */
    public record Resolution(Map<String, Object> params, List<String> errors) {

        public Resolution {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** The value a reference names in its upstream's result, or why there is none. */
    private record Lookup(Object value, String error) {

        static Lookup of(Reference ref, Map<String, NodeStatus> upstream) {
            if (ref.malformed() != null) {
                return new Lookup(null, "malformed: " + ref.malformed());
            }
            NodeStatus node = upstream.get(ref.key());
            if (node == null) {
                return new Lookup(null, "'" + ref.key() + "' is not upstream of this job");
            }
            if (node.state() != JobState.SUCCEEDED) {
                return new Lookup(
                        null,
                        "'" + ref.key() + "' " + (node.state() == null ? "has not run" : "ended " + node.state()));
            }
            if (node.result() == null) {
                return new Lookup(null, "'" + ref.key() + "' succeeded without a result");
            }
            Object at = node.result();
            StringBuilder where = new StringBuilder("result");
            for (String field : ref.path()) {
                if (at instanceof Map<?, ?> map) {
                    if (!map.containsKey(field)) {
                        return new Lookup(null, where + " has no field '" + field + "'");
                    }
                    at = map.get(field);
                } else if (at instanceof List<?> list) {
                    int i = index(field);
                    if (i < 0 || i >= list.size()) {
                        return new Lookup(
                                null,
                                where + " is a list of " + list.size() + ", '" + field + "' is not an index of it");
                    }
                    at = list.get(i);
                } else {
                    return new Lookup(null, where + " is " + kind(at) + ", it has no '" + field + "'");
                }
                where.append('.').append(field);
            }
            return new Lookup(at, null);
        }

        private static int index(String field) {
            if (field.isEmpty() || field.length() > 9 || !field.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            return Integer.parseInt(field);
        }

        static String kind(Object value) {
            if (value == null) {
                return "null";
            }
            if (value instanceof Map<?, ?>) {
                return "an object";
            }
            if (value instanceof List<?>) {
                return "a list";
            }
            if (value instanceof Number) {
                return "a number";
            }
            if (value instanceof Boolean) {
                return "a boolean";
            }
            return "text";
        }
    }
}
