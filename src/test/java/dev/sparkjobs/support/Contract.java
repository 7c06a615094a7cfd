package dev.sparkjobs.support;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Checks an HTTP answer of the service against {@code openapi/openapi.json}: the status is
 * declared for the operation, the content type is one it declares, the body conforms to its schema
 * (JSON Schema 2020-12 with the OpenAPI 3.1 dialect) and its required headers are there and
 * conform. Requests are not checked: tests send invalid ones on purpose. An answer to a path or
 * method the contract does not have is not the contract's business; {@link Api} checks that it is
 * a problem.
 */
public final class Contract {

    public static final Path FILE = Path.of("openapi", "openapi.json");

    /** Where the contract's schemas are found by the validator; never fetched. */
    private static final String BASE = "https://contract.spark-job-service.invalid/openapi.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private record Route(Pattern pattern, String template) {}

    private static final class Holder {
        static final Contract CONTRACT = load(FILE);
    }

    private Contract(String text) {
        this.document = JSON.readTree(text);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(BASE, text)));
        document.path("paths")
                .propertyNames()
                .forEach(template -> routes.add(new Route(
                        Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")),
                        template)));
    }

    public static Contract load(Path file) {
        try {
            return new Contract(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return what {@code openapi/openapi.json} does not allow in this answer; empty when it conforms */
    public static String violations(
            String method, String path, int status, Map<String, List<String>> headers, String body) {
        return Holder.CONTRACT.check(method, path, status, headers, body);
    }

    public String check(String method, String path, int status, Map<String, List<String>> headers, String body) {
        Optional<Route> route =
                routes.stream().filter(r -> r.pattern.matcher(path).matches()).findFirst();
        if (route.isEmpty()) {
            return "";
        }
        String opPointer = "/paths/" + escape(route.get().template) + "/" + method.toLowerCase(Locale.ROOT);
        if (document.at(opPointer).isMissingNode()) {
            return "";
        }
        String responsePointer = opPointer + "/responses/" + status;
        JsonNode response = document.at(responsePointer);
        if (response.isMissingNode()) {
            return "status " + status + " is not declared for " + method + " " + route.get().template;
        }
        List<String> problems = new ArrayList<>();
        headers(response, headers, responsePointer, problems);
        body(response, responsePointer, first(headers, "Content-Type"), body, problems);
        return String.join("\n", problems);
    }

    private void headers(JsonNode response, Map<String, List<String>> headers, String pointer, List<String> problems) {
        response.path("headers").properties().forEach(h -> {
            String value = first(headers, h.getKey());
            if (value == null) {
                if (h.getValue().path("required").asBoolean(false)) {
                    problems.add("header " + h.getKey() + " is missing");
                }
                return;
            }
            JsonNode schema = h.getValue().path("schema");
            JsonNode typed = schema.path("type").asString("").equals("integer") && value.matches("-?\\d{1,18}")
                    ? JsonNodeFactory.instance.numberNode(Long.parseLong(value))
                    : JsonNodeFactory.instance.stringNode(value);
            schema(pointer + "/headers/" + escape(h.getKey()) + "/schema")
                    .validate(typed)
                    .forEach(e -> problems.add("header " + h.getKey() + " '" + value + "': " + e.getMessage()));
        });
    }

    private void body(JsonNode response, String pointer, String contentType, String body, List<String> problems) {
        JsonNode content = response.path("content");
        boolean hasBody = body != null && !body.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            if (hasBody) {
                problems.add("a body, where none is declared");
            }
            return;
        }
        String mediaType =
                contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType == null || !content.has(mediaType)) {
            problems.add("Content-Type " + contentType + ", where " + content.propertyNames() + " is declared");
            return;
        }
        if (!hasBody) {
            problems.add("no body, where " + mediaType + " is declared");
            return;
        }
        if (!mediaType.contains("json")) {
            return; // an event stream: its media type is the contract; its events are JSON checked by its own test
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (RuntimeException e) {
            problems.add("a body that is not JSON: " + e.getMessage());
            return;
        }
        schema(pointer + "/content/" + escape(mediaType) + "/schema")
                .validate(instance)
                .forEach(e -> problems.add("body " + e.getInstanceLocation() + ": " + e.getMessage()));
    }

    private Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }
}
