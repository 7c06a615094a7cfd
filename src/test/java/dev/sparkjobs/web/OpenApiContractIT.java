package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract in {@code openapi/openapi.json} must equal what the service serves. After an
 * intended API change, run with {@code -Dopenapi.update=true} to rewrite the file, and review the
 * diff like code.
 */
class OpenApiContractIT extends AbstractIT {

    private static final Path CONTRACT = Path.of("openapi", "openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @Test
    void servedDocumentEqualsTheContract() throws Exception {
        var served = api.get("/v3/api-docs");
        assertThat(served.status()).isEqualTo(200);
        ObjectNode actual = (ObjectNode) served.body();
        String actualText = JSON.writeValueAsString(JSON.treeToValue(actual, Object.class)) + "\n";
        Files.writeString(Path.of("target", "openapi-served.json"), actualText);
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(CONTRACT, actualText);
        }

        JsonNode expected = JSON.readTree(Files.readString(CONTRACT));

        assertThat(actual.path("openapi").asString()).startsWith("3.1");
        assertThat(actual)
                .as(
                        "served /v3/api-docs differs from %s; see target/openapi-served.json, or rerun with -Dopenapi.update=true",
                        CONTRACT)
                .isEqualTo(expected);
        assertThat(actual.path("paths")
                        .path("/api/v1/jobs")
                        .path("post")
                        .path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("examples")
                        .path("sql")
                        .path("value")
                        .path("type")
                        .asString())
                .isEqualTo("sql");
    }
}
