package dev.sparkjobs.guardrails;

/** The rules a SQL job is checked against; each refusal names one. */
public enum SqlRule {
    /** The statement does not parse. */
    PARSE_ERROR("parse-error"),
    /** A query of files by path: {@code text.`/etc/passwd`}, {@code delta.`/p`}, {@code VACUUM '/p'}. */
    FILE_RELATION("file-relation"),
    /** LOCATION (tables, databases, partitions, clones, ALTER ... SET LOCATION) outside the allowed roots. */
    LOCATION("location"),
    /** A {@code path} option of a data source outside the allowed roots. */
    PATH_OPTION("path-option"),
    /** INSERT OVERWRITE [LOCAL] DIRECTORY outside the allowed roots. */
    INSERT_DIRECTORY("insert-directory"),
    /** LOAD DATA from outside the allowed roots. */
    LOAD_DATA("load-data"),
    /** A data source format outside the allowed ones, e.g. {@code USING jdbc}. */
    PROVIDER("provider"),
    /** A data source option that configures Hadoop or names a class, e.g. {@code 'fs.file.impl'}. */
    OPTION("option"),
    /** ADD JAR, ADD FILE, ADD ARCHIVE. */
    ADD_RESOURCE("add-resource"),
    /** CREATE FUNCTION of a class, or of a body that cannot be checked. */
    CREATE_FUNCTION("create-function"),
    /** reflect, java_method, try_reflect. */
    REFLECTION("reflection"),
    /** IDENTIFIER(...) of a name that is not a literal (or a bound parameter). */
    IDENTIFIER("identifier"),
    /** EXECUTE IMMEDIATE of a string that is not a literal (or a bound parameter). */
    EXECUTE_IMMEDIATE("execute-immediate"),
    /** SELECT TRANSFORM ... USING 'command': Spark runs the command with a shell, on the driver's host in local mode. */
    SCRIPT("script"),
    /** SET of a key outside the allowed ones. */
    SET_CONFIG("set-config"),
    /** A table, view, function or schema outside the tenant's schemas, USE, or a name that cannot be placed. */
    SCHEMA("schema");

    private final String id;

    SqlRule(String id) {
        this.id = id;
    }

    /** The name problems carry, e.g. {@code file-relation}. */
    public String id() {
        return id;
    }
}
