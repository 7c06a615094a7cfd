package dev.sparkjobs.jobtypes.maintenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;

/** The tables a job works on: those listed, or those of a schema whose names match a glob. */
final class TableNames {

    private TableNames() {}

    /** A table to work on: its name as results show it, and as SQL text. */
    record Target(String name, String sql) {

        /** A listed name ({@code s.t}, checked to be letters, digits and _), each part quoted. */
        static Target listed(String table) {
            List<String> parts = new ArrayList<>();
            for (String part : table.split("\\.")) {
                parts.add(quote(part));
            }
            return new Target(table, String.join(".", parts));
        }
    }

    /** {@code sales.*} as its schema and a regular expression over table names. */
    record Glob(String schema, String glob, Pattern names) {

        static Glob of(String pattern) {
            int dot = pattern.indexOf('.');
            String glob = pattern.substring(dot + 1);
            StringBuilder regex = new StringBuilder();
            for (char c : glob.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return new Glob(
                    pattern.substring(0, dot), glob, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE));
        }

        /** The name the schema allow-list checks: the glob as one quoted part. */
        String policyName() {
            return quote(schema) + "." + quote(glob);
        }

        /** Tables (not views) of the schema whose names match, sorted; empty when the schema does not exist. */
        List<Target> resolve(SparkSession spark) throws AnalysisException {
            if (!spark.catalog().databaseExists(schema)) {
                return List.of();
            }
            String db = schema.toLowerCase(Locale.ROOT);
            List<Target> found = new ArrayList<>();
            for (Table t : spark.catalog().listTables(schema).collectAsList()) {
                boolean view = t.isTemporary() || "VIEW".equalsIgnoreCase(t.tableType());
                if (!view && names.matcher(t.name()).matches()) {
                    found.add(new Target(db + "." + t.name(), quote(db) + "." + quote(t.name())));
                }
            }
            found.sort(java.util.Comparator.comparing(Target::name));
            return found;
        }
    }

    /** The listed tables without repeats (names compared case-insensitively, as Spark does), in order. */
    static List<String> distinct(List<String> tables) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String t : tables) {
            byKey.putIfAbsent(t.toLowerCase(Locale.ROOT), t);
        }
        return List.copyOf(byKey.values());
    }

    static String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }
}
