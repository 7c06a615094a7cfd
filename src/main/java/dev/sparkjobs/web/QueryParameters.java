package dev.sparkjobs.web;

import dev.sparkjobs.jobtypes.ParamError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a query string the handler would misread, before Spring binds it: a typo in a filter
 * ({@code ?stat=FAILED}) would otherwise be ignored and list every job, a repeated single value
 * would silently use the first, an empty value would mean the default, and a parameter without a
 * name would reach the servlet container's parser, which fails. What a handler accepts is read from
 * its {@link RequestParam}s, so no endpoint needs code of its own.
 */
final class QueryParameters implements HandlerInterceptor {

    /** Per handler method: its query parameters, and whether each takes several values. */
    private final Map<HandlerMethod, Map<String, Boolean>> accepted = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            List<ParamError> errors =
                    check(request.getQueryString(), accepted.computeIfAbsent(method, QueryParameters::acceptedBy));
            if (!errors.isEmpty()) {
                throw new BadRequestException(errors);
            }
        }
        return true;
    }

    /**
     * @param rawQuery the query string as sent, still percent-encoded (null when there is none)
     * @param accepted the parameters the endpoint takes; true for those that take several values
     */
    static List<ParamError> check(String rawQuery, Map<String, Boolean> accepted) {
        List<ParamError> errors = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return errors;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name == null || value == null) {
                errors.add(new ParamError("query", "'" + pair + "' is not valid percent-encoded UTF-8"));
            } else if (name.isEmpty()) {
                errors.add(new ParamError("query", "'" + pair + "' has no parameter name"));
            } else if (!accepted.containsKey(name)) {
                errors.add(new ParamError(printable(name), unknown(accepted)));
            } else if (seen.merge(name, 1, Integer::sum) == 2 && !accepted.get(name)) {
                errors.add(new ParamError(name, "given more than once; it takes one value"));
            } else if (value.isEmpty()) {
                errors.add(new ParamError(name, "must not be empty; leave the parameter out for its default"));
            } else if (hasControlCharacter(value)) {
                errors.add(new ParamError(name, "must not contain control characters"));
            }
        }
        return errors;
    }

    static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static String unknown(Map<String, Boolean> accepted) {
        return accepted.isEmpty()
                ? "unknown query parameter; this endpoint takes none"
                : "unknown query parameter; this endpoint takes " + String.join(", ", accepted.keySet());
    }

    private static String printable(String name) {
        return name.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    private static Map<String, Boolean> acceptedBy(HandlerMethod method) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (MethodParameter p : method.getMethodParameters()) {
            RequestParam param = p.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = param.name().isEmpty() ? p.getParameterName() : param.name();
                Class<?> type = p.getParameterType();
                names.put(name, type.isArray() || Collection.class.isAssignableFrom(type));
            }
        }
        return names;
    }

    /** Form decoding as the container does it ({@code +} is a space), but strict: null when invalid. */
    private static String decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
