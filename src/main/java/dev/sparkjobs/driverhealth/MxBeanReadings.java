package dev.sparkjobs.driverhealth;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;

/** {@link JvmReadings} from the platform's memory pool and garbage collector MXBeans. */
final class MxBeanReadings implements JvmReadings {

    private final List<MemoryPoolMXBean> oldPools;
    private final List<GarbageCollectorMXBean> collectors;
    private final long maxHeap;

    MxBeanReadings() {
        this(
                ManagementFactory.getMemoryPoolMXBeans(),
                ManagementFactory.getGarbageCollectorMXBeans(),
                Runtime.getRuntime().maxMemory());
    }

    MxBeanReadings(List<MemoryPoolMXBean> pools, List<GarbageCollectorMXBean> collectors, long maxHeap) {
        this.oldPools = oldPools(pools);
        this.collectors = pauseCollectors(collectors);
        this.maxHeap = maxHeap;
    }

    /**
     * The tenured pools (G1 Old Gen, PS Old Gen, Tenured Gen); with a single-generation collector
     * (ZGC, Shenandoah) its one heap pool.
     */
    private static List<MemoryPoolMXBean> oldPools(List<MemoryPoolMXBean> pools) {
        List<MemoryPoolMXBean> heap = pools.stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                .toList();
        List<MemoryPoolMXBean> old = heap.stream()
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .toList();
        return old.isEmpty() ? heap : old;
    }

    /**
     * The collectors whose time is pause time. ZGC and Shenandoah report their concurrent cycles
     * (which do not stop the application) apart from their pauses; count only the pauses.
     */
    private static List<GarbageCollectorMXBean> pauseCollectors(List<GarbageCollectorMXBean> collectors) {
        List<GarbageCollectorMXBean> pauses =
                collectors.stream().filter(c -> c.getName().endsWith("Pauses")).toList();
        return pauses.isEmpty() ? collectors : pauses;
    }

    /**
     * What the last collection of each old pool left, but no more than the pool holds now. G1 (on
     * Java 17) records a collection usage for its old generation only at mixed and full collections,
     * while a young collection or a concurrent cycle can free whole old regions (large arrays, for
     * one) in between: without the lower of the two, a reading taken before such a release would hold
     * starts back until the next mixed or full collection, which an idle driver may not see for long.
     */
    @Override
    public double heapAfterGc() {
        long used = 0;
        long max = 0;
        for (MemoryPoolMXBean pool : oldPools) {
            MemoryUsage now = pool.getUsage();
            MemoryUsage afterGc = pool.getCollectionUsage();
            used += afterGc == null ? now.getUsed() : Math.min(afterGc.getUsed(), now.getUsed());
            max = now.getMax() < 0 || max < 0 ? -1 : max + now.getMax();
        }
        long limit = max > 0 ? max : maxHeap;
        return limit <= 0 ? 0 : Math.min(1, (double) used / limit);
    }

    @Override
    public Duration gcTime() {
        long millis = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return Duration.ofMillis(millis);
    }
}
