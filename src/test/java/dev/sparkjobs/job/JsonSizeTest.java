package dev.sparkjobs.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonSizeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static long written(Object value) {
        return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void countsWhatJacksonWrites() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("a", 1);
        struct.put("naïve \"key\"", Arrays.asList("x", null, 2.5d));
        struct.put("nested", Map.of("d", List.of(1L, -2L)));
        List<Object> values = Arrays.asList(
                null,
                "",
                "plain",
                "quote \" backslash \\ slash / nl \n cr \r tab \t bs \b ff \f ctl \u0001 \u001f del \u007f",
                "naïve 日本 😀 é",
                "\u0080\u07ff\u0800\uffff",
                true,
                false,
                (byte) -128,
                (short) -32768,
                Integer.MIN_VALUE,
                Long.MIN_VALUE,
                -Double.MIN_VALUE,
                -Double.MAX_VALUE,
                1.0E-300,
                123.456d,
                -Float.MAX_VALUE,
                -Float.MIN_VALUE,
                new BigDecimal("1.000000000E-9"),
                new BigDecimal("-12345678901234567890.123456789"),
                "NaN",
                struct,
                List.of(),
                Map.of());
        for (Object v : values) {
            assertThat(JsonSize.of(v)).as("%s", v).isEqualTo(written(v));
        }
        assertThat(JsonSize.of(values)).isEqualTo(written(values));
        assertThat(JsonSize.of(List.of(values, values))).isEqualTo(written(List.of(values, values)));
    }

    @Test
    void cutsToWholeCharactersWithinTheBytes() {
        assertThat(JsonSize.cut("hello", 5)).isEqualTo("hello");
        assertThat(JsonSize.cut("hello", 4)).isEqualTo("hell");
        assertThat(JsonSize.cut("", 0)).isEmpty();
        assertThat(JsonSize.cut("日本語", 8)).isEqualTo("日本"); // 3 bytes each
        assertThat(JsonSize.cut("日本語", 9)).isEqualTo("日本語");
        assertThat(JsonSize.cut("a😀b", 4)).isEqualTo("a"); // the pair (4 bytes) is not split
        assertThat(JsonSize.cut("a😀b", 5)).isEqualTo("a😀");
        assertThat(JsonSize.cut("éé", 3)).isEqualTo("é");
        String long1 = "x".repeat(100_000);
        assertThat(JsonSize.cut(long1, 65_536)).hasSize(65_536);
    }

    @Test
    void aCutNeverExceedsTheBytes() {
        String mixed = "aé日😀".repeat(50);
        for (int max = 0; max < 400; max++) {
            String cut = JsonSize.cut(mixed, max);
            int bytes = cut.getBytes(StandardCharsets.UTF_8).length;
            assertThat(bytes).isLessThanOrEqualTo(max);
            assertThat(mixed).startsWith(cut);
            // nothing that would still fit was left out
            if (cut.length() < mixed.length()) {
                int next = mixed.codePointAt(cut.length());
                assertThat(bytes + new String(Character.toChars(next)).getBytes(StandardCharsets.UTF_8).length)
                        .isGreaterThan(max);
            }
        }
    }
}
