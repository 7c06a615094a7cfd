package dev.sparkjobs.jobtypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small checks over a {@code params} object that collect every problem instead of stopping at one. */
public final class Params {

    private final Map<String, Object> params;
    private final List<ParamError> errors = new ArrayList<>();

    public Params(Map<String, Object> params, Set<String> allowed) {
        this.params = params == null ? Map.of() : params;
        this.params.keySet().stream()
                .filter(k -> !allowed.contains(k))
                .sorted()
                .forEach(k -> error(
                        k,
                        "unknown parameter; allowed: "
                                + String.join(", ", allowed.stream().sorted().toList())));
    }

    public boolean has(String name) {
        return params.get(name) != null;
    }

    public Object raw(String name) {
        return params.get(name);
    }

    public String string(String name) {
        Object v = params.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            error(name, "must be a string");
            return null;
        }
        if (s.isBlank()) {
            error(name, "must not be blank");
            return null;
        }
        return s;
    }

    public Integer integer(String name, int min, int max) {
        Object v = params.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long || v instanceof Short)) {
            error(name, "must be a whole number from " + min + " to " + max);
            return null;
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            error(name, "must be from " + min + " to " + max + ", was " + n);
            return null;
        }
        return (int) n;
    }

    public List<String> strings(String name, int maxItems) {
        Object v = params.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            error(name, "must be a non-empty array of strings");
            return null;
        }
        if (list.size() > maxItems) {
            error(name, "must hold at most " + maxItems + " items, held " + list.size());
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isBlank()) {
                error(name + "[" + i + "]", "must be a non-blank string");
            } else {
                out.add(s);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String name) {
        Object v = params.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?>)) {
            error(name, "must be an object");
            return null;
        }
        return (Map<String, Object>) v;
    }

    public void error(String field, String message) {
        errors.add(new ParamError("params." + field, message));
    }

    public List<ParamError> errors() {
        return List.copyOf(errors);
    }
}
