package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.jobtypes.ParamError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    private static final Map<String, Boolean> LIST = new LinkedHashMap<>();

    static {
        LIST.put("state", true);
        LIST.put("limit", false);
        LIST.put("cursor", false);
    }

    private static List<String> fields(String query) {
        return QueryParameters.check(query, LIST).stream()
                .map(ParamError::field)
                .toList();
    }

    @Test
    void acceptsWhatTheEndpointTakes() {
        assertThat(fields(null)).isEmpty();
        assertThat(fields("")).isEmpty();
        assertThat(fields("state=FAILED&state=CANCELLED&limit=5&cursor=abc&")).isEmpty();
        assertThat(fields("limit=5&&cursor=a%20b+c")).isEmpty();
    }

    @Test
    void refusesEachKindOfMisreadableQueryAndNamesTheParameter() {
        assertThat(fields("stat=FAILED")).containsExactly("stat");
        assertThat(fields("=x")).containsExactly("query");
        assertThat(fields("limit=1&limit=2")).containsExactly("limit");
        assertThat(fields("limit=")).containsExactly("limit");
        assertThat(fields("cursor")).containsExactly("cursor");
        assertThat(fields("cursor=a%00")).containsExactly("cursor");
        assertThat(fields("cursor=%zz")).containsExactly("query");
        assertThat(fields("cursor=%FF")).containsExactly("query");
        assertThat(QueryParameters.check("stat=1", LIST).get(0).message())
                .isEqualTo("unknown query parameter; this endpoint takes state, limit, cursor");
        assertThat(QueryParameters.check("x=1", Map.of()).get(0).message())
                .isEqualTo("unknown query parameter; this endpoint takes none");
    }

    /** Whatever the query string, the check answers with errors (or none); it never throws. */
    @Test
    void neverThrows() {
        Random random = new Random(42);
        Gen<String> queries = Gen.oneOf(List.of(
                Gen.anyStrings(0, 60), Gen.strings("abc=&%+0123456789ABCDEFzZ", 0, 40), Gen.strings("=&%", 0, 10)));
        for (int i = 0; i < 20_000; i++) {
            String query = queries.next(random);
            assertThat(QueryParameters.check(query, LIST)).as(query).isNotNull();
        }
    }

    /** A value that is sent percent-encoded passes unless it is empty or holds a control character. */
    @Test
    void encodedValuesPassUnlessEmptyOrControl() {
        Random random = new Random(7);
        Gen<String> values = Gen.anyStrings(0, 20);
        for (int i = 0; i < 20_000; i++) {
            String value = values.next(random);
            // what the wire carries: unpaired surrogates cannot be encoded and become '?'
            String sent = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            List<ParamError> errors =
                    QueryParameters.check("cursor=" + URLEncoder.encode(value, StandardCharsets.UTF_8), LIST);
            boolean refused = sent.isEmpty() || QueryParameters.hasControlCharacter(sent);
            assertThat(errors.isEmpty()).as("errors %s for %s", errors, value).isEqualTo(!refused);
        }
    }
}
