package dev.sparkjobs.jobtypes;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What callers are told about each registered type: its parameters' schema and a runnable example. */
@Component
public class JobTypeCatalog {

    /**
     * One registered type.
     *
     * @param paramsSchema the JSON Schema of its {@code params}
     * @param exampleParams valid {@code params}, runnable as they are
     */
    public record Entry(
            String name, String description, Map<String, Object> paramsSchema, Map<String, Object> exampleParams) {}

    private final JobTypeRegistry registry;
    private final ParamSchemas schemas;
    private final ParamBinder binder;

    public JobTypeCatalog(JobTypeRegistry registry, ParamSchemas schemas, ParamBinder binder) {
        this.registry = registry;
        this.schemas = schemas;
        this.binder = binder;
    }

    /** Every type, by name. */
    public List<Entry> entries() {
        return registry.all().stream()
                .map(t -> new Entry(t.name(), t.description(), schemas.of(t), binder.toParams(t.exampleParams())))
                .toList();
    }
}
