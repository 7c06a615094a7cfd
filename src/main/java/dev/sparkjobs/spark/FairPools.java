package dev.sparkjobs.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes Spark's FAIR scheduler allocation file for the configured pools, so each pool shares its
 * slots fairly inside (Spark's pools created on demand are FIFO inside) and has its weight.
 */
public final class FairPools {

    /** A pool's share of the cluster relative to the others. */
    public record Share(int weight, int minShare) {}

    private FairPools() {}

    public static Path write(Path dir, Map<String, Share> pools) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<allocations>\n");
        pools.forEach((name, share) -> xml.append("  <pool name=\"")
                .append(escape(name))
                .append("\">\n    <schedulingMode>FAIR</schedulingMode>\n    <weight>")
                .append(share.weight())
                .append("</weight>\n    <minShare>")
                .append(share.minShare())
                .append("</minShare>\n  </pool>\n"));
        xml.append("</allocations>\n");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("fairscheduler.xml");
            Files.writeString(file, xml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the FAIR scheduler file in " + dir, e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
