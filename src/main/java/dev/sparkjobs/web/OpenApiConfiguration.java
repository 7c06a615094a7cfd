package dev.sparkjobs.web;

import dev.sparkjobs.jobtypes.JobTypeCatalog;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's title, and one request example per registered job type. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI jobServiceOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Spark Job Service")
                        .version("v1")
                        .description(
                                "Runs small Spark jobs as threads on one warm, embedded SparkSession: submit, poll,"
                                        + " wait, cancel. Errors are RFC 9457 problem+json.")
                        .license(new License().name("Apache-2.0"))
                        .contact(new Contact().name("Spark Job Service maintainers")))
                // relative: the document is served by the service it describes, on whatever host and port
                .addServersItem(new Server().url("/").description("This service"))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API key, or a JWT from the configured issuer"))
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-API-Key")
                                        .description("An API key")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    @Bean
    OpenApiCustomizer contract() {
        return new ContractCustomizer();
    }

    /**
     * Each type's params schema as a component ({@code JobParams.<type>}), the submit body's {@code
     * params} as any of them, and one runnable example body per type.
     */
    @Bean
    OpenApiCustomizer jobTypeParams(JobTypeCatalog catalog) {
        return openApi -> {
            var post = openApi.getPaths().get("/api/v1/jobs").getPost();
            MediaType json = post.getRequestBody().getContent().get("application/json");
            Map<String, Example> examples = new LinkedHashMap<>();
            List<Schema> refs = new ArrayList<>();
            for (JobTypeCatalog.Entry t : catalog.entries()) {
                String component = "JobParams." + t.name();
                Schema<?> schema = Json31.mapper().convertValue(t.paramsSchema(), Schema.class);
                schema.setDescription("The params of a '" + t.name() + "' job: " + t.description());
                openApi.getComponents().addSchemas(component, schema);
                refs.add(new Schema<>().$ref("#/components/schemas/" + component));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", t.name());
                body.put("name", "example-" + t.name());
                body.put("params", t.exampleParams());
                examples.put(t.name(), new Example().summary(t.description()).value(body));
            }
            json.setExamples(examples);
            Schema<?> params = (Schema<?>) openApi.getComponents()
                    .getSchemas()
                    .get("SubmitJobRequest")
                    .getProperties()
                    .get("params");
            params.setAnyOf(refs);
        };
    }
}
