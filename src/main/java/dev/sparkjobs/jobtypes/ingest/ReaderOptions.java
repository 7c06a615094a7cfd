package dev.sparkjobs.jobtypes.ingest;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The reader options an ingest may set, per format: the ones that shape how a file's bytes become rows.
 * A list of what is allowed rather than of what is not, because a reader option may open any URI
 * (avro's {@code avroSchemaUrl}), move the base of partition discovery ({@code basePath}), and every one
 * is also copied into the read's Hadoop configuration; a new Spark version adds options nobody reviewed.
 * Spark compares option keys ignoring case, and so does this.
 */
final class ReaderOptions {

    /** Spark's options of every file source. */
    private static final List<String> FILES = List.of(
            "pathGlobFilter",
            "recursiveFileLookup",
            "modifiedBefore",
            "modifiedAfter",
            "ignoreCorruptFiles",
            "ignoreMissingFiles");

    /** Options csv and json share. */
    private static final List<String> TEXTUAL = List.of(
            "encoding",
            "charset",
            "lineSep",
            "multiLine",
            "mode",
            "columnNameOfCorruptRecord",
            "dateFormat",
            "timestampFormat",
            "timestampNTZFormat",
            "enableDateTimeParsingFallback",
            "timeZone",
            "locale",
            "samplingRatio",
            "compression");

    private static final Map<FileFormat, Set<String>> ALLOWED = allowed();

    private ReaderOptions() {}

    private static Map<FileFormat, Set<String>> allowed() {
        Map<FileFormat, List<String>> own = new EnumMap<>(FileFormat.class);
        own.put(
                FileFormat.csv,
                List.of(
                        "header",
                        "sep",
                        "delimiter",
                        "quote",
                        "escape",
                        "charToEscapeQuoteEscaping",
                        "comment",
                        "inferSchema",
                        "preferDate",
                        "enforceSchema",
                        "ignoreLeadingWhiteSpace",
                        "ignoreTrailingWhiteSpace",
                        "nullValue",
                        "emptyValue",
                        "nanValue",
                        "positiveInf",
                        "negativeInf",
                        "maxColumns",
                        "maxCharsPerColumn",
                        "unescapedQuoteHandling"));
        own.put(
                FileFormat.json,
                List.of(
                        "primitivesAsString",
                        "prefersDecimal",
                        "allowComments",
                        "allowUnquotedFieldNames",
                        "allowSingleQuotes",
                        "allowNumericLeadingZeros",
                        "allowBackslashEscapingAnyCharacter",
                        "allowUnquotedControlChars",
                        "allowNonNumericNumbers",
                        "dropFieldIfAllNull"));
        own.put(FileFormat.text, List.of("wholetext", "lineSep", "encoding", "compression"));
        own.put(FileFormat.parquet, List.of("mergeSchema", "datetimeRebaseMode", "int96RebaseMode"));
        own.put(FileFormat.orc, List.of("mergeSchema"));
        own.put(
                FileFormat.avro,
                List.of("avroSchema", "mode", "datetimeRebaseMode", "positionalFieldMatching", "ignoreExtension"));
        own.put(
                FileFormat.delta,
                List.of(
                        "versionAsOf",
                        "timestampAsOf",
                        "readChangeFeed",
                        "startingVersion",
                        "endingVersion",
                        "startingTimestamp",
                        "endingTimestamp"));
        Map<FileFormat, Set<String>> all = new EnumMap<>(FileFormat.class);
        own.forEach((format, keys) -> {
            Stream<String> shared = format == FileFormat.delta
                    ? Stream.of()
                    : Stream.concat(
                            FILES.stream(),
                            format == FileFormat.csv || format == FileFormat.json ? TEXTUAL.stream() : Stream.of());
            all.put(format, Stream.concat(shared, keys.stream()).collect(Collectors.toCollection(TreeSet::new)));
        });
        return all;
    }

    /** The options {@code format} takes, sorted: what a refusal lists. */
    static Set<String> of(FileFormat format) {
        return ALLOWED.get(format);
    }

    /** Whether an ingest of {@code format} may set {@code key} (in any case). */
    static boolean allows(FileFormat format, String key) {
        String k = key.strip();
        return of(format).stream().anyMatch(allowed -> allowed.equalsIgnoreCase(k));
    }

    /** Why {@code key} is refused. */
    static String refusal(FileFormat format, String key) {
        if (key.strip().toLowerCase(Locale.ROOT).matches("path|paths|location")) {
            return "may not be set; give path or paths";
        }
        return "not a reader option ingest allows for " + format + "; allowed: " + String.join(", ", of(format));
    }
}
