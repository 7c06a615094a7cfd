package dev.sparkjobs.jobtypes;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of a job type's parameter record,
 * derived from the record itself: its components and their JSON types, {@code @JsonPropertyDescription}
 * texts, and Bean Validation constraints as {@code required}, {@code minimum}, {@code maxLength}, …
 * Nested records are inlined, so the schema can be embedded anywhere (an OpenAPI component, a response).
 */
@Component
public class ParamSchemas {

    private final SchemaGenerator generator;
    private final JsonMapper mapper;
    private final Map<Class<?>, Map<String, Object>> cache = new ConcurrentHashMap<>();

    public ParamSchemas(JsonMapper mapper) {
        this.mapper = mapper;
        var config = new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED))
                .with(new JakartaValidationModule(
                        JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(
                        Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT,
                        Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                        Option.INLINE_ALL_SCHEMAS)
                .without(Option.SCHEMA_VERSION_INDICATOR)
                .build();
        this.generator = new SchemaGenerator(config);
    }

    /** The schema of {@code type}'s {@code params}, as JSON values (maps, lists, strings, numbers). */
    public Map<String, Object> of(JobType<?> type) {
        return cache.computeIfAbsent(type.paramsType(), this::generate);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> generate(Class<?> record) {
        return mapper.convertValue(generator.generateSchema(record), Map.class);
    }
}
