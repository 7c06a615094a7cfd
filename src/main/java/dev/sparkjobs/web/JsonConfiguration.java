package dev.sparkjobs.web;

import dev.sparkjobs.jobtypes.StrictJson;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Request bodies are read with the contract's JSON types ({@link StrictJson}). */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return StrictJson::strictScalars;
    }
}
