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
import java.util.Map;

/**
 * On a parameter record whose fields depend on each other ("mergeKeys only with merge"): the record
 * names its own problems ({@link Checked#inconsistencies()}), each reported under its field.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Consistent.Validator.class)
public @interface Consistent {

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A record that can tell which of its fields contradict the others. */
    interface Checked {
        /** Field name (relative to the record, dotted for nested ones) to what is wrong; empty when fine. */
        Map<String, String> inconsistencies();
    }

    /** Checks {@link Consistent}. */
    class Validator implements ConstraintValidator<Consistent, Checked> {

        @Override
        public boolean isValid(Checked value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            Map<String, String> problems = value.inconsistencies();
            if (problems.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            problems.forEach((field, message) -> context.buildConstraintViolationWithTemplate(
                            message.replace("{", "\\{").replace("$", "\\$"))
                    .addPropertyNode(field)
                    .addConstraintViolation());
            return false;
        }
    }
}
