package dev.sparkjobs.jobtypes.maintenance;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Checks {@link ValidOperation}. Spring's validator builds it with the operator's settings and the
 * driver's parser (the one the OPTIMIZE will run through); Bean Validation without Spring uses the
 * defaults and Spark's plain SQL parser.
 */
public class OperationValidator implements ConstraintValidator<ValidOperation, Operation> {

    private final int minRetentionHours;
    private final WherePredicate wherePredicate;

    public OperationValidator() {
        this(MaintenanceProperties.defaults().minRetentionHours(), new WherePredicate(CatalystSqlParser$.MODULE$));
    }

    @Autowired
    public OperationValidator(MaintenanceProperties properties, SparkSession spark) {
        this(properties.minRetentionHours(), WherePredicate.of(spark));
    }

    OperationValidator(int minRetentionHours, WherePredicate wherePredicate) {
        this.minRetentionHours = minRetentionHours;
        this.wherePredicate = wherePredicate;
    }

    @Override
    public boolean isValid(Operation op, ConstraintValidatorContext context) {
        if (op == null || op.type() == null) {
            return true;
        }
        Violations violations = new Violations(context);
        Operation.Type type = op.type();
        if (op.retentionHours() != null) {
            if (type != Operation.Type.VACUUM) {
                violations.add("retentionHours", "only for VACUUM, not for " + type);
            } else if (op.retentionHours() >= 0 && op.retentionHours() < minRetentionHours) {
                violations.add(
                        "retentionHours",
                        "must be at least " + minRetentionHours
                                + " (jobservice.maintenance.min-retention-hours): files a reader of an older"
                                + " version still needs could be deleted");
            }
        }
        if (op.where() != null) {
            if (type != Operation.Type.OPTIMIZE) {
                violations.add("where", "only for OPTIMIZE, not for " + type);
            } else {
                String problem = wherePredicate.problem(op.where());
                if (problem != null) {
                    violations.add("where", problem);
                }
            }
        }
        if (op.zorderBy() != null && type != Operation.Type.OPTIMIZE) {
            violations.add("zorderBy", "only for OPTIMIZE, not for " + type);
        }
        if (op.columns() != null && type != Operation.Type.ANALYZE) {
            violations.add("columns", "only for ANALYZE, not for " + type);
        }
        return violations.none();
    }

    /** Violations named by the field they are about. */
    private static final class Violations {

        private final ConstraintValidatorContext context;
        private boolean any;

        Violations(ConstraintValidatorContext context) {
            this.context = context;
        }

        void add(String field, String message) {
            if (!any) {
                context.disableDefaultConstraintViolation();
                any = true;
            }
            context.buildConstraintViolationWithTemplate(
                            message.replace("{", "\\{").replace("$", "\\$"))
                    .addPropertyNode(field)
                    .addConstraintViolation();
        }

        boolean none() {
            return !any;
        }
    }
}
