package dev.sparkjobs.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark's built-in catalog lives in memory, so the names of tables created by jobs would be gone
 * after a restart while their data stays in the warehouse. At start-up this registers again every
 * Delta table found there: {@code <warehouse>/<table>} in {@code default}, {@code
 * <warehouse>/<db>.db/<table>} in {@code db}.
 */
final class WarehouseCatalog {

    private static final Logger log = LoggerFactory.getLogger(WarehouseCatalog.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private WarehouseCatalog() {}

    static int registerExistingTables(SparkSession spark, Path warehouse) {
        if (!Files.isDirectory(warehouse)) {
            return 0;
        }
        int registered = 0;
        for (Path dir : children(warehouse)) {
            String name = dir.getFileName().toString();
            if (isDeltaTable(dir) && NAME.matcher(name).matches()) {
                registered += register(spark, "default", name, dir);
            } else if (name.endsWith(".db")
                    && NAME.matcher(name.substring(0, name.length() - 3)).matches()) {
                String db = name.substring(0, name.length() - 3);
                spark.sql("CREATE DATABASE IF NOT EXISTS `" + db + "` LOCATION '" + literal(dir) + "'");
                for (Path table : children(dir)) {
                    String tableName = table.getFileName().toString();
                    if (isDeltaTable(table) && NAME.matcher(tableName).matches()) {
                        registered += register(spark, db, tableName, table);
                    }
                }
            }
        }
        if (registered > 0) {
            log.info("registered {} Delta table(s) found in {}", registered, warehouse);
        }
        return registered;
    }

    private static int register(SparkSession spark, String db, String table, Path location) {
        try {
            spark.sql("CREATE TABLE IF NOT EXISTS `" + db + "`.`" + table + "` USING delta LOCATION '"
                    + literal(location) + "'");
            return 1;
        } catch (RuntimeException e) {
            log.warn("could not register Delta table {}.{} at {}: {}", db, table, location, e.getMessage());
            return 0;
        }
    }

    private static boolean isDeltaTable(Path dir) {
        return Files.isDirectory(dir.resolve("_delta_log"));
    }

    private static String literal(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "\\'");
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
