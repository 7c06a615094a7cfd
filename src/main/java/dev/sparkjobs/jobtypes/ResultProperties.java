package dev.sparkjobs.jobtypes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much of a result a job may hand back. A preview passes through the shared driver's heap and
 * into the job store, so it is capped in bytes as well as in rows.
 *
 * @param maxBytes the preview's {@code rows}, written as JSON, are at most this long; rows after
 *     the first one that does not fit are left out
 * @param maxValueBytes a string or binary value longer than this is cut to it; an array, map,
 *     struct or variant whose text is longer is replaced by its text, cut to it
 */
@ConfigurationProperties("jobservice.results")
@Validated
public record ResultProperties(
        @DefaultValue(DEFAULT_MAX_BYTES) DataSize maxBytes,
        @DefaultValue(DEFAULT_MAX_VALUE_BYTES) DataSize maxValueBytes) {

    static final String DEFAULT_MAX_BYTES = "1MB";
    static final String DEFAULT_MAX_VALUE_BYTES = "64KB";

    /** Keeps the arithmetic of the cut in {@code int} range and a value within the preview. */
    static final DataSize LARGEST = DataSize.ofMegabytes(512);

    public ResultProperties {
        if (maxBytes.toBytes() < 1024 || maxBytes.compareTo(LARGEST) > 0) {
            throw new IllegalArgumentException("jobservice.results.max-bytes must be between 1KB and 512MB");
        }
        if (maxValueBytes.toBytes() < 16 || maxValueBytes.compareTo(maxBytes) > 0) {
            throw new IllegalArgumentException(
                    "jobservice.results.max-value-bytes must be at least 16B and at most max-bytes");
        }
    }

    /** The defaults, for code that runs without Spring. */
    public static ResultProperties defaults() {
        return new ResultProperties(DataSize.parse(DEFAULT_MAX_BYTES), DataSize.parse(DEFAULT_MAX_VALUE_BYTES));
    }

    int maxBytesInt() {
        return (int) maxBytes.toBytes();
    }

    int maxValueBytesInt() {
        return (int) maxValueBytes.toBytes();
    }
}
