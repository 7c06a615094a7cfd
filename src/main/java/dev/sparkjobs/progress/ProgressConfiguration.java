package dev.sparkjobs.progress;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The progress board, fed by a listener on the shared SparkContext. */
@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

    @Bean
    ProgressBoard progressBoard(SparkSession session) {
        SparkContext sc = session.sparkContext();
        // uiWebUrl is empty with spark.ui.enabled=false
        ProgressBoard board =
                new ProgressBoard(sc.uiWebUrl().isDefined() ? sc.uiWebUrl().get() : null);
        sc.addSparkListener(new SparkProgressListener(board));
        return board;
    }

    @Bean
    JobProgressService jobProgressService(ProgressBoard board, ProgressStore store) {
        return new JobProgressService(board, store);
    }
}
