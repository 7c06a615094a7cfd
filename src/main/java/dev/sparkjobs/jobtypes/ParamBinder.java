package dev.sparkjobs.jobtypes;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a submitted {@code params} object into a job type's parameter record: Jackson binds it
 * (unknown fields and wrong JSON types refused), then Jakarta Bean Validation checks the record. Every
 * problem becomes one {@link ParamError} named by its path ({@code params.source.jdbc.numPartitions}).
 */
@Component
public class ParamBinder {

    private final JsonMapper mapper;
    private final Validator validator;

    public ParamBinder(JsonMapper mapper, Validator validator) {
        this.mapper = StrictJson.strictScalars(mapper.rebuild())
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        this.validator = validator;
    }

    /** The problems with {@code params} for {@code type}; empty when it binds and is valid. */
    public List<ParamError> check(JobType<?> type, Map<String, Object> params) {
        try {
            bindValid(type, params);
            return List.of();
        } catch (InvalidParamsException e) {
            return e.errors();
        }
    }

    /**
     * The record, bound and valid.
     *
     * @throws InvalidParamsException naming every problem
     */
    public <P> P bindValid(JobType<P> type, Map<String, Object> params) {
        // a plug-in's record binds and validates as in its own jar: what Jackson and Bean Validation look
        // up by name (its ValidationMessages bundle, say) comes from the record's class loader
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(type.paramsType().getClassLoader());
        try {
            P bound = bind(type, params);
            List<ParamError> errors = violations(bound);
            if (!errors.isEmpty()) {
                throw new InvalidParamsException(errors);
            }
            return bound;
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** A record as the JSON object callers send, without absent (null) fields. */
    public Map<String, Object> toParams(Object record) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = mapper.rebuild()
                .changeDefaultPropertyInclusion(
                        i -> i.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
                .build()
                .convertValue(record, Map.class);
        return map;
    }

    /** Binds, collecting every unknown field (not only the first) before any other problem is reported. */
    private <P> P bind(JobType<P> type, Map<String, Object> params) {
        List<ParamError> unknown = new ArrayList<>();
        JsonNode tree = mapper.valueToTree(params == null ? Map.of() : params);
        P bound;
        try {
            bound = mapper.readerFor(type.paramsType())
                    .withHandler(new UnknownFields(unknown))
                    .readValue(tree);
        } catch (JacksonException e) {
            JsonReadErrors.Reason reason = JsonReadErrors.of(e, "");
            unknown.add(
                    new ParamError(reason.field().isEmpty() ? "params" : "params." + reason.field(), reason.message()));
            throw new InvalidParamsException(unknown);
        } catch (IllegalArgumentException e) {
            // a record's own constructor refusing a value
            unknown.add(new ParamError("params", e.getMessage()));
            throw new InvalidParamsException(unknown);
        }
        if (!unknown.isEmpty()) {
            List<ParamError> all = new ArrayList<>(unknown);
            all.addAll(violations(bound));
            throw new InvalidParamsException(all);
        }
        return bound;
    }

    /** Records an unknown field and skips it, so that one submit hears of all of them. */
    private static final class UnknownFields extends DeserializationProblemHandler {

        private final List<ParamError> errors;

        UnknownFields(List<ParamError> errors) {
            this.errors = errors;
        }

        @Override
        public boolean handleUnknownProperty(
                DeserializationContext context,
                JsonParser parser,
                ValueDeserializer<?> deserializer,
                Object beanOrClass,
                String name) {
            String parent = pathOf(parser.streamReadContext().getParent());
            String known = deserializer.getKnownPropertyNames().stream()
                    .map(String::valueOf)
                    .sorted()
                    .collect(Collectors.joining(", "));
            errors.add(new ParamError(
                    "params" + parent + "." + name,
                    "unknown field" + (known.isEmpty() ? "" : "; known fields: " + known)));
            parser.skipChildren();
            return true;
        }

        private static String pathOf(TokenStreamContext context) {
            if (context == null || context.inRoot()) {
                return "";
            }
            String up = pathOf(context.getParent());
            if (context.inArray()) {
                return up + "[" + context.getCurrentIndex() + "]";
            }
            return context.currentName() == null ? up : up + "." + context.currentName();
        }
    }

    private <P> List<ParamError> violations(P bound) {
        return validator.validate(bound).stream()
                .map(v -> new ParamError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(ParamError::field).thenComparing(ParamError::message))
                .toList();
    }

    /** {@code params.statements[2]}, {@code params.args.day}: the JSON path of a violation. */
    static String field(ConstraintViolation<?> v) {
        StringBuilder s = new StringBuilder("params");
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getIndex() != null) {
                s.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                s.append('.').append(node.getKey());
            }
            if (node.getName() != null
                    && node.getKind() != ElementKind.CONTAINER_ELEMENT
                    && node.getKind() != ElementKind.BEAN) {
                s.append('.').append(node.getName());
            }
        }
        return s.toString();
    }
}
