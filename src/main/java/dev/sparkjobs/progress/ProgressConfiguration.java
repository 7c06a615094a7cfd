package dev.sparkjobs.progress;

import dev.sparkjobs.metrics.JobMetrics;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The progress board, fed by a listener on the shared SparkContext; the attempts' cost, metered. */
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
    JobProgressService jobProgressService(
            ProgressBoard board, ProgressStore store, CostStore costs, JobMetrics metrics) {
        return new JobProgressService(
                board,
                store,
                costs,
                (owner, cost) -> metrics.attemptCost(
                        owner.type(),
                        owner.pool(),
                        owner.tenant(),
                        new JobMetrics.AttemptCost(
                                cost.taskCpuSeconds(),
                                cost.executorRunSeconds(),
                                cost.inputBytes(),
                                cost.inputRows(),
                                cost.outputBytes(),
                                cost.outputRows(),
                                cost.shuffleReadBytes(),
                                cost.shuffleWriteBytes())));
    }
}
