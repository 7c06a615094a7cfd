package dev.sparkjobs.batch;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * How many bytes a value of maps, lists, strings, numbers, booleans and nulls takes as compact UTF-8
 * JSON, counted without writing it: what resolved params are measured by against the request limit.
 */
final class JsonSize {

    private JsonSize() {}

    static long of(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return text(s);
        }
        if (value instanceof Map<?, ?> map) {
            long size = 2 + Math.max(0, map.size() - 1); // braces and commas
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += text(String.valueOf(e.getKey())) + 1 + of(e.getValue());
            }
            return size;
        }
        if (value instanceof List<?> list) {
            long size = 2 + Math.max(0, list.size() - 1);
            for (Object item : list) {
                size += of(item);
            }
            return size;
        }
        if (value instanceof BigDecimal d) {
            return d.toString().length();
        }
        return String.valueOf(value).length();
    }

    /** A string with its quotes and escapes. */
    private static long text(String s) {
        long size = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                size += 2;
            } else if (c < 0x20) {
                size += 6; // an escape of six characters at most
            } else if (c < 0x80) {
                size += 1;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c)) {
                size += 2; // with its low surrogate: four bytes
            } else {
                size += Character.isLowSurrogate(c) ? 2 : 3;
            }
        }
        return size;
    }
}
