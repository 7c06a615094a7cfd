package dev.sparkjobs.guardrails;

import dev.sparkjobs.spark.DataDirProperties;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SQL guardrails and the path policy, on the driver's parser and the warehouse. */
@Configuration(proxyBeanMethods = false)
class GuardrailsConfiguration {

    @Bean
    PolicyResolver policyResolver(GuardrailProperties properties, DataDirProperties dirs) {
        // Hadoop's local file system resolves relative paths against the process's working directory
        return new PolicyResolver(properties, dirs.warehouse(), Path.of("").toAbsolutePath());
    }

    @Bean
    SqlWrites sqlWrites(SparkSession spark) {
        return new PlanWrites(((org.apache.spark.sql.classic.SparkSession) spark)
                .sessionState()
                .sqlParser());
    }

    @Bean
    SparkSqlGuard sqlGuard(SparkSession spark, PolicyResolver policies) {
        return new SparkSqlGuard(spark, policies);
    }
}
