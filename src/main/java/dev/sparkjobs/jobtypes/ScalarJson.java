package dev.sparkjobs.jobtypes;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collection;
import java.util.Map;

/** A JSON value that is a string, number, boolean or null: not an object or array. */
@Documented
@Target({ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ScalarJson.Validator.class)
public @interface ScalarJson {

    String message() default "must be a string, number, boolean or null";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link ScalarJson}. */
    class Validator implements ConstraintValidator<ScalarJson, Object> {
        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            return !(value instanceof Map<?, ?> || value instanceof Collection<?>);
        }
    }
}
