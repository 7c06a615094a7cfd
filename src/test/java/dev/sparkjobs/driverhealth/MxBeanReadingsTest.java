package dev.sparkjobs.driverhealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MxBeanReadingsTest {

    private static final long MB = 1 << 20;

    private static MemoryPoolMXBean pool(String name, MemoryType type, long usedNow, Long usedAfterGc, long max) {
        Map<String, Object> answers = new java.util.HashMap<>();
        answers.put("getName", name);
        answers.put("getType", type);
        answers.put("getUsage", new MemoryUsage(0, usedNow, usedNow, max));
        answers.put(
                "getCollectionUsage", usedAfterGc == null ? null : new MemoryUsage(0, usedAfterGc, usedAfterGc, max));
        return fake(MemoryPoolMXBean.class, answers);
    }

    private static GarbageCollectorMXBean collector(String name, long millis) {
        return fake(GarbageCollectorMXBean.class, Map.of("getName", name, "getCollectionTime", millis));
    }

    private static <T> T fake(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (!answers.containsKey(m.getName())) {
                throw new UnsupportedOperationException(m.getName());
            }
            return answers.get(m.getName());
        }));
    }

    @Test
    void readsTheOldGenerationAfterItsLastCollectionNotEdenOrMetaspace() {
        MxBeanReadings r = new MxBeanReadings(
                List.of(
                        pool("G1 Eden Space", MemoryType.HEAP, 900 * MB, 0L, -1),
                        pool("G1 Old Gen", MemoryType.HEAP, 700 * MB, 600 * MB, 1000 * MB),
                        pool("Metaspace", MemoryType.NON_HEAP, 200 * MB, null, -1)),
                List.of(),
                4000 * MB);

        assertThat(r.heapAfterGc()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void aPoolHoldingLessNowThanItsLastCollectionLeftCountsWhatItHoldsNow() {
        // large arrays freed by a young collection after the last old collection
        MxBeanReadings r = new MxBeanReadings(
                List.of(pool("G1 Old Gen", MemoryType.HEAP, 50 * MB, 1850 * MB, 3000 * MB)), List.of(), 3000 * MB);

        assertThat(r.heapAfterGc()).isCloseTo(50.0 / 3000, within(1e-9));
    }

    @Test
    void withOneHeapPoolAndNoMaximumItUsesThatPoolAndTheHeapsMaximum() {
        MxBeanReadings r = new MxBeanReadings(
                List.of(pool("ZHeap", MemoryType.HEAP, 300 * MB, 200 * MB, -1)), List.of(), 1000 * MB);

        assertThat(r.heapAfterGc()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void gcTimeSumsTheCollectorsOrOnlyTheirPausesWhereCyclesAreReportedApart() {
        assertThat(new MxBeanReadings(
                                List.of(),
                                List.of(collector("G1 Young Generation", 120), collector("G1 Old Generation", 30)),
                                MB)
                        .gcTime())
                .isEqualTo(Duration.ofMillis(150));
        assertThat(new MxBeanReadings(
                                List.of(), List.of(collector("ZGC Cycles", 9_000), collector("ZGC Pauses", 40)), MB)
                        .gcTime())
                .isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void theRealJvmGivesAShareBetweenZeroAndOne() {
        MxBeanReadings r = new MxBeanReadings();

        assertThat(r.heapAfterGc()).isBetween(0.0, 1.0);
        assertThat(r.gcTime().isNegative()).isFalse();
    }
}
