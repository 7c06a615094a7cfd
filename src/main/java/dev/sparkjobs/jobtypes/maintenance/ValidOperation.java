package dev.sparkjobs.jobtypes.maintenance;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an {@link Operation}: its fields fit its type (retentionHours for VACUUM, where and zorderBy for
 * OPTIMIZE, columns for ANALYZE), the retention is one the operator allows, and {@code where} is one
 * expression without subqueries. Each violation names the field.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = OperationValidator.class)
public @interface ValidOperation {

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
