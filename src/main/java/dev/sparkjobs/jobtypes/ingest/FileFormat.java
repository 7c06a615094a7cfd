package dev.sparkjobs.jobtypes.ingest;

/**
 * The file formats an ingest reads, named as Spark names them (and as JSON gives them: lower case).
 * {@code avro} needs Spark's avro module on the class path.
 */
@SuppressWarnings("java:S115") // the constants are the JSON values
public enum FileFormat {
    csv,
    json,
    parquet,
    orc,
    avro,
    text,
    delta
}
