package dev.sparkjobs.progress;

import dev.sparkjobs.engine.JobsProperties;
import dev.sparkjobs.metrics.JobMetrics;
import java.time.Duration;
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
                new ProgressBoard(sc.uiWebUrl().isDefined() ? sc.uiWebUrl().get() : null, marker -> {
                    if (sc.isStopped()) {
                        marker.delivered(); // a stopped bus delivers nothing more: there is nothing to wait for
                    } else {
                        sc.listenerBus().post(marker);
                    }
                });
        sc.addSparkListener(new SparkProgressListener(board));
        return board;
    }

    @Bean
    JobProgressService jobProgressService(
            ProgressBoard board, ProgressStore store, CostStore costs, JobMetrics metrics, JobsProperties jobs) {
        // a stopped attempt's release has already waited up to stop-grace for its work: this wait is for
        // tasks killed after a failure or speculative copies, and must keep a drain within its bound
        JobProgressService.Waits defaults = JobProgressService.Waits.DEFAULT;
        Duration windDown =
                jobs.stopGrace().compareTo(defaults.windDown()) < 0 ? jobs.stopGrace() : defaults.windDown();
        JobProgressService.Waits waits = new JobProgressService.Waits(defaults.busCatchUp(), windDown);
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
                                cost.shuffleWriteBytes())),
                waits);
    }
}
