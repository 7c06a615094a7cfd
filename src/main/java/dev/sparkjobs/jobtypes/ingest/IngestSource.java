package dev.sparkjobs.jobtypes.ingest;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sparkjobs.jobtypes.ExactlyOneOf;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where an ingest reads: files ({@code format} and {@code path} or {@code paths}), or a JDBC server. */
@ExactlyOneOf({"path", "paths", "jdbc"})
@Consistent
public record IngestSource(
        @JsonPropertyDescription("The files' format (not with jdbc).") FileFormat format,
        @JsonPropertyDescription("A file, a directory or a glob (data/*.csv). A relative path is relative to the"
                        + " service's data directory; every path must lie in jobservice.ingest.allowed-roots."
                        + " Give path, paths or jdbc.")
                @Size(min = 1, max = 4096)
                String path,
        @JsonPropertyDescription("Several files, directories or globs, read as one. Give path, paths or jdbc.")
                @Size(min = 1, max = IngestSource.MAX_PATHS)
                List<@NotBlank @Size(max = 4096) String> paths,
        @JsonPropertyDescription("Options of Spark's reader for the format, e.g. {\"header\": \"true\"} for csv."
                        + " Only options that say how to read the files' contents are taken (header, delimiter,"
                        + " multiLine, mergeSchema, versionAsOf, …); a refusal lists those of the format.")
                @Size(max = 100)
                Map<@NotBlank String, @Size(max = 4096) String> options,
        @JsonPropertyDescription("The columns and types to read the files as, in DDL form, e.g. \"id BIGINT,"
                        + " name STRING\" (otherwise inferred or taken from the files).")
                @DdlSchema
                @Size(max = 65_536)
                String schema,
        @JsonPropertyDescription("A JDBC server's table or query instead of files.") @Valid JdbcSource jdbc)
        implements Consistent.Checked {

    static final int MAX_PATHS = 1000;

    @Override
    public Map<String, String> inconsistencies() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (jdbc != null) {
            for (String field : List.of("format", "options", "schema")) {
                if (given(field)) {
                    problems.put(field, "only for files; a jdbc source takes its settings in jdbc");
                }
            }
            return problems;
        }
        if (format == null) {
            problems.put("format", "required for files: one of csv, json, parquet, orc, avro, text, delta");
        }
        if (options != null && format != null) {
            options.keySet().stream()
                    .filter(k -> k != null && !ReaderOptions.allows(format, k))
                    .sorted()
                    .forEach(k -> problems.put("options." + k, ReaderOptions.refusal(format, k)));
        }
        return problems;
    }

    private boolean given(String field) {
        return switch (field) {
            case "format" -> format != null;
            case "options" -> options != null;
            default -> schema != null;
        };
    }

    /** The paths as given (one or several); empty for a JDBC source. */
    List<String> pathList() {
        return path != null ? List.of(path) : paths == null ? List.of() : paths;
    }

    /** The reader options; empty when none. */
    Map<String, String> optionMap() {
        return options == null ? Map.of() : options;
    }
}
