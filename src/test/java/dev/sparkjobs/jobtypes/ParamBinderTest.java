package dev.sparkjobs.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sparkjobs.plugin.api.JobContext;
import dev.sparkjobs.support.TestJobType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ParamBinderTest {

    enum Format {
        csv,
        parquet
    }

    @ExactlyOneOf({"path", "paths"})
    record Source(@NotNull Format format, String path, List<@NotBlank String> paths) {}

    record Step(@NotBlank String name, @Min(0) @Max(10) Integer retries) {}

    record Nested(
            @JsonPropertyDescription("where to read") @NotNull @Valid Source source,
            @NotEmpty List<@Valid Step> steps,
            Map<String, String> options) {}

    private static final class NestedType implements JobType<Nested> {
        @Override
        public String name() {
            return "nested";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public Class<Nested> paramsType() {
            return Nested.class;
        }

        @Override
        public Nested exampleParams() {
            return new Nested(new Source(Format.csv, "/data/a.csv", null), List.of(new Step("load", 1)), null);
        }

        @Override
        public Map<String, Object> run(JobContext context, Nested params) {
            return Map.of();
        }
    }

    private final ParamBinder binder = TestJobType.binder();
    private final NestedType type = new NestedType();

    private List<String> fields(Map<String, Object> params) {
        return binder.check(type, params).stream().map(ParamError::field).toList();
    }

    @Test
    void bindsNestedRecordsListsAndEnums() {
        Nested bound = binder.bindValid(
                type,
                Map.of(
                        "source", Map.of("format", "parquet", "paths", List.of("/a", "/b")),
                        "steps", List.of(Map.of("name", "x")),
                        "options", Map.of("header", "true")));
        assertThat(bound.source().format()).isEqualTo(Format.parquet);
        assertThat(bound.source().paths()).containsExactly("/a", "/b");
        assertThat(bound.steps()).containsExactly(new Step("x", null));
        assertThat(bound.options()).containsEntry("header", "true");
    }

    @Test
    void namesEveryViolationByItsJsonPath() {
        assertThat(fields(Map.of(
                        "source", Map.of("format", "csv", "path", "/a", "paths", List.of("/b")),
                        "steps", List.of(Map.of("name", "ok"), Map.of("name", " ", "retries", 11)))))
                .containsExactly("params.source.paths", "params.steps[1].name", "params.steps[1].retries");
        assertThat(fields(Map.of("source", Map.of("format", "csv", "paths", List.of("/a", "")), "steps", List.of())))
                .containsExactly("params.source.paths[1]", "params.steps");
        assertThat(fields(Map.of())).containsExactly("params.source", "params.steps");
    }

    @Test
    void unknownFieldsAreAllReportedWithWhereTheyAreAndWhatIsKnown() {
        List<ParamError> errors = binder.check(
                type,
                Map.of(
                        "sauce", 1,
                        "source", Map.of("format", "csv", "path", "/a", "pth", "/b"),
                        "steps", List.of(Map.of("name", "x", "retry", 2))));
        assertThat(errors)
                .extracting(ParamError::field)
                .containsExactlyInAnyOrder("params.sauce", "params.source.pth", "params.steps[0].retry");
        assertThat(errors)
                .filteredOn(e -> e.field().equals("params.source.pth"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("unknown field; known fields: format, path, paths"));
    }

    @Test
    void wrongJsonTypesSayWhatWasExpected() {
        assertThat(binder.check(
                        type,
                        Map.of("source", Map.of("format", "xml", "path", "/a"), "steps", List.of(Map.of("name", "x")))))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("params.source.format");
                    assertThat(e.message()).isEqualTo("must be one of csv, parquet");
                });
        assertThat(binder.check(type, Map.of("source", "csv", "steps", List.of())))
                .singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("params.source"));
        assertThat(binder.check(type, Map.of("source", Map.of("format", "csv", "path", 5), "steps", List.of())))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must be a string"));
    }

    @Test
    void bindValidThrowsWithEveryError() {
        assertThatThrownBy(() -> binder.bindValid(type, Map.of()))
                .isInstanceOf(InvalidParamsException.class)
                .satisfies(
                        e -> assertThat(((InvalidParamsException) e).errors()).hasSize(2));
    }

    @Test
    void theExampleRoundTripsWithoutAbsentFields() {
        Map<String, Object> example = binder.toParams(type.exampleParams());
        assertThat(example).doesNotContainKey("options");
        assertThat(binder.check(type, example)).isEmpty();
    }

    @Test
    void theSchemaInlinesNestedRecordsAndCarriesConstraints() {
        Map<String, Object> schema = new ParamSchemas(JsonMapper.builder().build()).of(type);
        assertThat(schema).doesNotContainKey("$defs").containsEntry("additionalProperties", false);
        assertThat(schema.get("required").toString()).contains("source", "steps");
        assertThat(schema.toString())
                .contains("where to read")
                .contains("enum=[csv, parquet]")
                .doesNotContain("$ref");
    }
}
