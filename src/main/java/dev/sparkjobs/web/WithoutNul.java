package dev.sparkjobs.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collection;
import java.util.Map;

/**
 * A JSON value in which no string, at any depth, holds the NUL character. Job parameters are stored
 * as text and echoed in error messages; PostgreSQL refuses NUL in text, and no SQL needs it.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WithoutNul.Check.class)
@interface WithoutNul {

    String message() default "must not contain the NUL character (\\u0000) in any key or string";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<WithoutNul, Object> {

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            return !holdsNul(value);
        }

        private static boolean holdsNul(Object value) {
            if (value instanceof String s) {
                return s.indexOf('\0') >= 0;
            }
            if (value instanceof Map<?, ?> map) {
                return map.entrySet().stream().anyMatch(e -> holdsNul(e.getKey()) || holdsNul(e.getValue()));
            }
            if (value instanceof Collection<?> items) {
                return items.stream().anyMatch(Check::holdsNul);
            }
            return false;
        }
    }
}
