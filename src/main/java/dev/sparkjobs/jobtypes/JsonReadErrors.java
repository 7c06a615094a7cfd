package dev.sparkjobs.jobtypes;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what was wrong with JSON that could not be read (a request body, a job's params), in the caller's terms: the field's path
 * and the JSON it expected there ("a whole number", "one of FAILED, TIMED_OUT, DRIVER_RESTART").
 * Never the parser's own message about Java types, which names classes the caller never sees.
 */
public final class JsonReadErrors {

    private JsonReadErrors() {}

    /** The field at fault ({@code "body"} for the whole body) and what is wrong with it. */
    public record Reason(String field, String message) {}

    /**
     * @param e what Jackson threw, or something it caused
     * @param top the name of the whole document ({@code body}, {@code params})
     */
    public static Reason of(Throwable e, String top) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnrecognizedPropertyException u) {
                String known = u.getKnownPropertyIds() == null
                        ? ""
                        : "; known fields: "
                                + u.getKnownPropertyIds().stream()
                                        .map(String::valueOf)
                                        .sorted()
                                        .collect(Collectors.joining(", "));
                return new Reason(path(u, top), "unknown field" + known);
            }
            if (c instanceof MismatchedInputException m) {
                if (m.getOriginalMessage() != null && m.getOriginalMessage().startsWith("Trailing token")) {
                    return new Reason(top, "must hold one JSON object and nothing after it");
                }
                return new Reason(path(m, top), "must be " + expected(m.getTargetType()));
            }
            if (c instanceof InputCoercionException n) {
                return new Reason(path(n, top), "must be " + expected(n.getTargetType()) + " within its range");
            }
            if (c instanceof StreamConstraintsException) {
                return new Reason(top, "is nested too deeply or holds a value too long to read");
            }
            if (c instanceof StreamReadException r) {
                return new Reason(top, "is not valid JSON: " + syntax(r));
            }
        }
        return new Reason(top, "is missing; send a JSON object");
    }

    /** The JSON a Java type is read from, for people who write JSON. */
    public static String expected(Type type) {
        Class<?> raw = raw(type);
        if (raw == null || raw == Object.class) {
            return "a JSON value";
        }
        if (raw == Integer.class
                || raw == int.class
                || raw == Long.class
                || raw == long.class
                || raw == Short.class
                || raw == short.class
                || raw == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(raw)
                || raw == double.class
                || raw == float.class
                || raw == BigDecimal.class) {
            return "a number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "true or false";
        }
        if (raw == String.class || raw == Character.class || raw == char.class) {
            return "a string";
        }
        if (raw.isEnum()) {
            return "one of "
                    + Arrays.stream(raw.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
            Type element = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : raw.getComponentType();
            return element == null ? "an array" : "an array of " + plural(expected(element));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return "an object";
        }
        return "an object";
    }

    private static String plural(String one) {
        return switch (one) {
            case "a whole number" -> "whole numbers";
            case "a number" -> "numbers";
            case "a string" -> "strings";
            case "an object" -> "objects";
            case "true or false" -> "true or false values";
            default -> one.startsWith("one of ") ? "values, each " + one : "values";
        };
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    /** The field path in JSON terms, e.g. {@code retryOn[0]} or {@code params}; {@code top} at the top. */
    public static String path(JacksonException e, String top) {
        StringBuilder s = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                s.append('[').append(ref.getIndex()).append(']');
            }
        }
        return s.isEmpty() ? top : s.toString();
    }

    /** The parser's complaint without its internals, and where in the text it was. */
    private static String syntax(StreamReadException e) {
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        // the parser quotes Java names in backticks and adds a trailing source description
        message = message.replaceAll("`[^`]*`", "").replaceAll("\\s+", " ").trim();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        var where = e.getLocation();
        return where == null || where.getLineNr() < 1
                ? message
                : message + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
