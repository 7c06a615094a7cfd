package dev.sparkjobs.job;

import java.util.List;
import java.util.Map;

/**
 * Bytes a preview value takes when written as JSON (UTF-8, no whitespace), as Jackson writes it by
 * default: {@code "}, {@code \} and control characters escaped, everything else as is; numbers by
 * their {@code toString()}. Used to keep a result preview within its limit, and a batch job's
 * resolved params within the request limit, without writing them.
 */
public final class JsonSize {

    private JsonSize() {}

    /** The size of a value made of maps, lists, strings, numbers, booleans and null. */
    public static long of(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof List<?> list) {
            long size = 2 + Math.max(0, list.size() - 1);
            for (Object item : list) {
                size += of(item);
            }
            return size;
        }
        if (value instanceof Map<?, ?> map) {
            long size = 2 + Math.max(0, map.size() - 1);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += string(String.valueOf(e.getKey())) + 1 + of(e.getValue());
            }
            return size;
        }
        return value.toString().length();
    }

    /** A JSON string: quotes, escapes, and each character's UTF-8 length. */
    public static long string(String s) {
        long size = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                size += 2;
            } else if (c < 0x20) {
                size += 6;
            } else if (c < 0x80) {
                size += 1;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                size += 4;
                i++;
            } else {
                size += 3;
            }
        }
        return size;
    }

    /**
     * The longest start of {@code s} whose UTF-8 form is at most {@code maxBytes}, never splitting
     * a character; {@code s} itself when it fits.
     */
    public static String cut(String s, int maxBytes) {
        if (s.length() * 3L <= maxBytes) {
            return s;
        }
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int width;
            int chars = 1;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                width = 4;
                chars = 2;
            } else {
                width = 3;
            }
            if (bytes + width > maxBytes) {
                return s.substring(0, i);
            }
            bytes += width;
            i += chars - 1;
        }
        return s;
    }
}
