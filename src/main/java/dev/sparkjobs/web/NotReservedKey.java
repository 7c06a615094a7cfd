package dev.sparkjobs.web;

import dev.sparkjobs.batch.BatchId;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A job's Idempotency-Key as a caller may give it: not in the key space of the jobs batches start
 * ({@value BatchId#JOB_KEY_PREFIX}…). A caller holding such a key could otherwise put a job of its
 * own where a batch looks for the job it made, and have its result read as the batch's.
 */
@Target({ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NotReservedKey.Check.class)
@interface NotReservedKey {

    String message() default
            "must not start with '" + BatchId.JOB_KEY_PREFIX
                    + "': keys starting so are reserved for the jobs of batches";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Null is someone else's concern. */
    final class Check implements ConstraintValidator<NotReservedKey, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || !BatchId.isJobKey(value);
        }
    }
}
