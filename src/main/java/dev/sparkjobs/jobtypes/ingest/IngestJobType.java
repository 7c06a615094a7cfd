package dev.sparkjobs.jobtypes.ingest;

import dev.sparkjobs.guardrails.PathPolicy;
import dev.sparkjobs.guardrails.TablePolicy;
import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.jobtypes.InvalidParamsException;
import dev.sparkjobs.jobtypes.JobType;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.plugin.api.JobContext;
import dev.sparkjobs.plugin.api.JobStoppedException;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.spark.DataDirProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.springframework.stereotype.Component;

/**
 * Loads files (csv, json, parquet, orc, avro, text, delta) or a JDBC server's table or query into a
 * Delta table: appended, overwritten (all of it, or the rows {@code replaceWhere} matches) or merged on
 * keys. JDBC servers are configured by name ({@link IngestProperties}), so no URL or secret is ever in a
 * job; source files must lie in {@code jobservice.ingest.allowed-roots}; the target is held to the
 * caller's schemas and directories like SQL. A job writes at most once, however often it runs ({@link
 * DeltaSink}).
 */
@Component
public class IngestJobType implements JobType<IngestParams> {

    /** Shipped with the service and copied into the data directory at start-up ({@link SampleData}). */
    static final String SAMPLE_PATH = "samples/trips.csv";

    static final String SAMPLE_SCHEMA = "trip_id BIGINT, pickup_at TIMESTAMP, pickup_zone STRING,"
            + " dropoff_zone STRING, distance_km DOUBLE, fare DECIMAL(8,2), passengers INT";

    private final IngestProperties properties;
    private final SourcePaths sources;
    private final SourceReader reader;
    private final PathPolicy pathPolicy;
    private final TablePolicy tablePolicy;

    public IngestJobType(
            IngestProperties properties, DataDirProperties dirs, PathPolicy pathPolicy, TablePolicy tablePolicy) {
        this.properties = properties;
        this.sources = new SourcePaths(properties.allowedRoots(), dirs.dataDir());
        this.reader = new SourceReader(sources, properties.connections());
        this.pathPolicy = pathPolicy;
        this.tablePolicy = tablePolicy;
    }

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String description() {
        return "Loads files (csv, json, parquet, orc, avro, text, delta) or a table or query of a configured"
                + " JDBC server into a Delta table: append, overwrite (optionally replaceWhere) or merge on keys."
                + " Returns the rows written and the Delta version.";
    }

    @Override
    public Class<IngestParams> paramsType() {
        return IngestParams.class;
    }

    @Override
    public IngestParams exampleParams() {
        return new IngestParams(
                new IngestSource(FileFormat.csv, SAMPLE_PATH, null, Map.of("header", "true"), SAMPLE_SCHEMA, null),
                new IngestTarget("samples.trips", null),
                WriteMode.overwrite,
                null,
                null,
                null);
    }

    @Override
    public void checkPolicy(IngestParams params, Caller caller) {
        List<ParamError> errors = new ArrayList<>();
        IngestSource source = params.source();
        if (source.jdbc() != null) {
            String name = source.jdbc().connection();
            IngestProperties.Connection c = properties.connections().get(name);
            if (c == null || !c.allows(caller.tenant())) {
                // one answer for "none" and "not yours": a tenant does not learn other tenants' servers
                List<String> known = properties.connectionNames().stream()
                        .filter(n -> properties.connections().get(n).allows(caller.tenant()))
                        .toList();
                errors.add(new ParamError(
                        "params.source.jdbc.connection",
                        "unknown connection '" + name + "'; known connections: "
                                + (known.isEmpty() ? "none" : String.join(", ", known))));
            }
        } else if (source.path() != null) {
            checkSource(source.path(), "params.source.path", errors);
        } else {
            for (int i = 0; i < source.paths().size(); i++) {
                checkSource(source.paths().get(i), "params.source.paths[" + i + "]", errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidParamsException(errors);
        }
        if (params.target().table() != null) {
            tablePolicy.checkTable(params.target().table(), caller);
        } else {
            pathPolicy.checkPath(params.target().path(), caller);
        }
    }

    private void checkSource(String path, String field, List<ParamError> errors) {
        if (!sources.allows(path)) {
            errors.add(new ParamError(
                    field, "is outside the directories ingest may read (jobservice.ingest.allowed-roots)"));
        }
    }

    @Override
    public List<TableWrite> writes(IngestParams params) {
        return List.of(
                new TableWrite(params.target().describe(), params.writeMode().kind()));
    }

    @Override
    public Map<String, Object> run(JobContext context, IngestParams p) {
        JdbcSource jdbc = p.source().jdbc();
        Redaction redaction = new Redaction(
                jdbc == null ? List.of() : reader.connection(jdbc.connection()).secrets());
        try {
            context.checkNotStopped();
            context.progress("read", 0, 0);
            Dataset<Row> rows = reader.read(context.spark(), p.source());
            context.checkNotStopped();
            context.progress("write", 0, 1);
            DeltaSink.Outcome outcome = new DeltaSink(context.spark(), context.jobId(), p.target()).write(rows, p);
            context.progress("write", 1, 1);
            Map<String, Object> result = IngestResult.of(p.target().describe(), p.writeMode(), outcome);
            context.log()
                    .info(
                            "ingest into {} ({}): {} rows, version {}",
                            p.target().describe(),
                            p.writeMode(),
                            result.get("rowsWritten"),
                            result.get("deltaVersion"));
            return result;
        } catch (JobStoppedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw redaction.redact(e);
        }
    }
}
