package dev.sparkjobs.jobtypes;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Checks {@link ExactlyOneOf} on a record. */
public class ExactlyOneOfValidator implements ConstraintValidator<ExactlyOneOf, Record> {

    private List<String> names = List.of();

    @Override
    public void initialize(ExactlyOneOf annotation) {
        names = List.of(annotation.value());
    }

    @Override
    public boolean isValid(Record value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        List<String> given = new ArrayList<>();
        for (String name : names) {
            if (valueOf(value, name) != null) {
                given.add(name);
            }
        }
        if (given.size() == 1) {
            return true;
        }
        String choices = String.join(" or ", names);
        String message = given.isEmpty()
                ? "required: give " + choices
                : "give " + choices + ", not " + (given.size() == 2 ? "both" : String.join(" and ", given));
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
                .addPropertyNode(given.isEmpty() ? names.get(0) : given.get(given.size() - 1))
                .addConstraintViolation();
        return false;
    }

    private static Object valueOf(Record record, String name) {
        RecordComponent component = Arrays.stream(record.getClass().getRecordComponents())
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "@ExactlyOneOf names " + name + ", which " + record.getClass() + " does not have"));
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + name + " of " + record.getClass(), e);
        }
    }
}
