package dev.sparkjobs.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Makes the generated contract say what the service does, where annotations cannot: every error
 * of every operation is {@code application/problem+json} with the {@code Problem} schema (and the
 * errors any request can meet are declared on every operation); response headers have schemas;
 * response records send every member, so all are required, and the ones that can be null say so
 * the OpenAPI 3.1 way ({@code type: [..., "null"]}).
 */
final class ContractCustomizer implements OpenApiCustomizer {

    /** No control characters: what {@link PlainText} checks. */
    static final String PLAIN_TEXT = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** Response schemas and their members that are sent as null when absent. */
    private static final Map<String, Set<String>> NULLABLE = Map.ofEntries(
            Map.entry(
                    "Job",
                    Set.of(
                            "name",
                            "startedAt",
                            "finishedAt",
                            "cancelRequestedAt",
                            "error",
                            "result",
                            "notBefore",
                            "progress",
                            "cost",
                            "waitingFor",
                            "cancelIfUnpolledSeconds",
                            "callback",
                            "batchId",
                            "batchKey")),
            Map.entry(
                    "Batch",
                    Set.of(
                            "name",
                            "timeoutSeconds",
                            "cancelIfUnpolledSeconds",
                            "finishedAt",
                            "cancelRequestedAt",
                            "cancelReason",
                            "callback",
                            "error")),
            Map.entry(
                    "BatchSummary",
                    Set.of(
                            "name",
                            "timeoutSeconds",
                            "cancelIfUnpolledSeconds",
                            "finishedAt",
                            "cancelRequestedAt",
                            "cancelReason")),
            Map.entry("BatchJob", Set.of("jobId", "name", "error")),
            Map.entry("BatchEdge", Set.of()),
            Map.entry("BatchList", Set.of("nextCursor")),
            Map.entry("JobCallback", Set.of()),
            Map.entry("JobCallbackAttempt", Set.of("statusCode", "error")),
            Map.entry("JobCost", Set.of()),
            Map.entry("JobProgress", Set.of("step", "sparkUi")),
            Map.entry("ProgressCount", Set.of()),
            Map.entry("TaskProgress", Set.of()),
            Map.entry("ProgressStep", Set.of()),
            Map.entry("JobLog", Set.of()),
            Map.entry("JobLogLine", Set.of()),
            Map.entry("JobSummary", Set.of("name", "startedAt", "finishedAt", "error", "notBefore")),
            Map.entry("JobList", Set.of("nextCursor")),
            Map.entry("JobAttempt", Set.of("startedAt", "endedAt", "error")),
            Map.entry("JobError", Set.of("message")),
            Map.entry("JobType", Set.of()),
            Map.entry("AdmissionSnapshot", Set.of("startsPaused")),
            Map.entry("PoolSnapshot", Set.of()),
            Map.entry("TenantSnapshot", Set.of()),
            Map.entry("TenantLimits", Set.of()),
            Map.entry("TableWrite", Set.of()),
            Map.entry("DeclaredWrite", Set.of()),
            Map.entry("StartsPaused", Set.of()));

    @Override
    public void customise(OpenAPI openApi) {
        var schemas = openApi.getComponents().getSchemas();
        // springdoc describes the Java type the event stream's handler returns; the stream's content is text
        schemas.remove("SseEmitter");
        ModelConverters.getInstance(true)
                .readAll(new AnnotatedType(ProblemSchema.class))
                .forEach(schemas::putIfAbsent);
        NULLABLE.forEach((name, nullable) -> {
            Schema<?> schema = schemas.get(name);
            if (schema != null) {
                everyMemberRequired(schema, nullable);
            }
        });
        submitConstraints(schemas.get("SubmitJobRequest"));
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperationsMap().forEach((method, op) -> {
                    errors(path, method, op);
                    nonEmptyQueryValues(op);
                });
            }
        });
    }

    /** What Bean Validation checks but springdoc does not translate. */
    private static void submitConstraints(Schema<?> submit) {
        if (submit == null) {
            return;
        }
        Map<String, Schema> p = submit.getProperties();
        p.get("params").setMinProperties(1);
        Schema<?> tags = p.get("tags");
        tags.setMaxProperties(32);
        tags.setPropertyNames(new Schema<>()
                .typesItem("string")
                .minLength(1)
                .maxLength(128)
                .pattern("^[^:\\u0000-\\u001F\\u007F-\\u009F]*$"));
        if (tags.getAdditionalProperties() instanceof Schema<?> values) {
            plainText(values);
            values.setMaxLength(256);
        }
        plainText(p.get("type"));
        plainText(p.get("name"));
        plainText(p.get("pool"));
    }

    private static void plainText(Schema<?> s) {
        if (s != null) {
            s.setPattern(PLAIN_TEXT);
        }
    }

    /** {@link QueryParameters} refuses an empty value of any query parameter. */
    private static void nonEmptyQueryValues(Operation op) {
        if (op.getParameters() == null) {
            return;
        }
        op.getParameters().stream()
                .filter(p -> "query".equals(p.getIn()) && p.getSchema() != null)
                .map(p -> p.getSchema().getItems() != null ? p.getSchema().getItems() : p.getSchema())
                .filter(s -> s.getTypes() != null && s.getTypes().contains("string") && s.getEnum() == null)
                .forEach(s -> s.setMinLength(1));
    }

    private static void everyMemberRequired(Schema<?> schema, Set<String> nullable) {
        schema.setRequired(new ArrayList<>(new TreeMap<>(schema.getProperties()).keySet()));
        Map<String, Schema> properties = schema.getProperties();
        nullable.forEach(name -> properties.computeIfPresent(name, (n, p) -> orNull(p)));
    }

    private static Schema<?> orNull(Schema<?> p) {
        if (p.get$ref() != null) {
            Schema<Object> either = new Schema<>();
            either.addOneOfItem(new Schema<>().$ref(p.get$ref()));
            either.addOneOfItem(new Schema<>().typesItem("null"));
            return either;
        }
        Set<String> types = new LinkedHashSet<>(p.getTypes() == null ? Set.of(p.getType()) : p.getTypes());
        types.add("null");
        p.setTypes(types);
        if (p.getEnum() != null && !p.getEnum().contains(null)) {
            p.getEnum().add(null); // an enum lists every value it may have, null among them
        }
        return p;
    }

    private static void errors(String path, PathItem.HttpMethod method, Operation op) {
        ApiResponses responses = op.getResponses();
        declare(
                responses,
                "400",
                "Invalid request: a query parameter the operation does not take, given twice,"
                        + " empty or of the wrong type; for a submit also an invalid body");
        declare(
                responses,
                "401",
                "No credentials, or credentials refused (unknown API key; invalid, expired or untrusted token);"
                        + " WWW-Authenticate carries the Bearer challenge. Not answered by a service that"
                        + " authenticates nobody");
        responses
                .get("401")
                .addHeaderObject(
                        "WWW-Authenticate",
                        new Header()
                                .description(
                                        "Bearer realm=\"spark-job-service\"[, error=\"invalid_token\", error_description=…]")
                                .required(true)
                                .schema(new Schema<>().typesItem("string")));
        declare(responses, "403", "The caller lacks the role the operation needs (viewer, submitter or admin)");
        declare(responses, "406", "The request's Accept header does not allow application/json");
        declare(responses, "500", "Internal error");
        if (method == PathItem.HttpMethod.POST) {
            declare(responses, "413", "Body larger than 1 MiB");
        }
        if (path.equals("/api/v1/jobs") && method == PathItem.HttpMethod.POST) {
            ApiResponse invalid = responses.get("400");
            invalid.setDescription(invalid.getDescription()
                    + ". sql-refused: a statement of a sql job breaks a guardrail (rule names which;"
                    + " statement is its index in params.statements, null for params.sql) or does not parse"
                    + " (rule parse-error); nothing was queued");
        }
        if (path.startsWith("/api/v1/jobs") || path.startsWith("/api/v1/batches")) {
            declare(
                    responses,
                    "503",
                    "store-unavailable: the job store cannot be reached; nothing was changed."
                            + " service-busy: more requests are in flight than job store connections; nothing was"
                            + " changed."
                            + (path.equals("/api/v1/jobs") && method == PathItem.HttpMethod.POST
                                    ? " shutting-down: the service is stopping and takes no new jobs."
                                    : "")
                            + " Retry after Retry-After seconds");
            responses.get("503").addHeaderObject("Retry-After", retryAfter("Seconds to wait"));
        }
        responses.forEach((status, response) -> {
            if (Integer.parseInt(status) >= 400) {
                response.setContent(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
            }
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, header) -> typed(name, header));
            }
        });
    }

    private static void declare(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description));
        }
    }

    private static Header retryAfter(String description) {
        Header h = new Header().description(description).required(true);
        typed("Retry-After", h);
        return h;
    }

    private static void typed(String name, Header header) {
        if (name.equalsIgnoreCase("Location")) {
            header.setSchema(new Schema<>().typesItem("string").format("uri-reference"));
        } else if (name.equalsIgnoreCase("Retry-After")) {
            header.setSchema(new Schema<>().typesItem("integer").minimum(java.math.BigDecimal.ONE));
        }
        header.setStyle(null);
        header.setRequired(Boolean.TRUE);
    }
}
