package dev.sparkjobs.jobtypes.ingest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.spark.sql.types.StructType;

/**
 * A schema in Spark's DDL form ({@code id BIGINT, name STRING}), parsed when the job is submitted so
 * that a typo is a 400 rather than a failed job.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DdlSchema.Validator.class)
public @interface DdlSchema {

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link DdlSchema} with Spark's own parser (no session needed). */
    class Validator implements ConstraintValidator<DdlSchema, String> {

        private static final int MAX_REASON = 300;

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String reason;
            try {
                if (!StructType.fromDDL(value).isEmpty()) {
                    return true;
                }
                reason = "has no columns";
            } catch (Exception e) { // Spark's ParseException is a checked AnalysisException
                String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                reason = m.length() > MAX_REASON ? m.substring(0, MAX_REASON) + "…" : m;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(
                            ("is not a schema in DDL form (e.g. \"id BIGINT, name" + " STRING\"): " + reason)
                                    .replace("{", "\\{")
                                    .replace("$", "\\$"))
                    .addConstraintViolation();
            return false;
        }
    }
}
