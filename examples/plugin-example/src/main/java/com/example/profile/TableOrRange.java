package com.example.profile;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Exactly one of {@code table} and {@code range}: a constraint of the plug-in's own. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = TableOrRange.Validator.class)
public @interface TableOrRange {

    String message() default "give either table or range";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link TableOrRange}. */
    class Validator implements ConstraintValidator<TableOrRange, ProfileParams> {

        @Override
        public boolean isValid(ProfileParams params, ConstraintValidatorContext context) {
            return params == null || (params.table() == null) != (params.range() == null);
        }
    }
}
