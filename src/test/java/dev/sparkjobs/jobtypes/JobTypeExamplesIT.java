package dev.sparkjobs.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a caller reads before submitting is true: every registered type shows a params schema and an
 * example in {@code GET /job-types}, the API document offers the same example as the submit body's
 * example (what Swagger UI's "Try it out" sends), and that body runs as is to SUCCEEDED.
 */
class JobTypeExamplesIT extends AbstractIT {

    @Test
    void everyTypesExampleIsDocumentedAlikeAndRunsAsIs() {
        JsonNode types = api.get("/api/v1/job-types").body();
        JsonNode examples = api.get("/v3/api-docs")
                .body()
                .path("paths")
                .path("/api/v1/jobs")
                .path("post")
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("examples");
        List<String> names = new ArrayList<>();
        Map<String, String> jobs = new LinkedHashMap<>();
        // in the order GET /job-types lists them (by name), as a reader trying them one by one would
        for (JsonNode type : types) {
            String name = type.path("name").asString();
            names.add(name);
            assertThat(type.path("paramsSchema").path("type").asString())
                    .as("%s's params schema", name)
                    .isEqualTo("object");
            JsonNode body = examples.path(name).path("value");
            assertThat(body.path("type").asString())
                    .as("the API document's example for %s", name)
                    .isEqualTo(name);
            assertThat(body.path("params"))
                    .as("the API document's and GET /job-types' examples of %s", name)
                    .isEqualTo(type.path("exampleParams"));
            String id = api.submitOk(Api.json(body));
            JsonNode job = api.awaitFinal(id);
            assertThat(job.path("state").asString())
                    .as("the example of %s ran as is: %s", name, job.path("error"))
                    .isEqualTo("SUCCEEDED");
            jobs.put(name, id);
        }
        assertThat(names).contains("sql").isSorted();
        assertThat(examples.propertyNames()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(jobs).hasSameSizeAs(names);
    }
}
