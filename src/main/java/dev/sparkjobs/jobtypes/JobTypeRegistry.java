package dev.sparkjobs.jobtypes;

import dev.sparkjobs.plugin.api.JobContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Every {@link JobType} bean, by name. */
@Component
public class JobTypeRegistry {

    private final Map<String, JobType<?>> byName = new TreeMap<>();

    private final ParamBinder binder;

    public JobTypeRegistry(List<JobType<?>> types, ParamBinder binder) {
        this.binder = binder;
        for (JobType<?> type : types) {
            JobType<?> clash = byName.put(type.name(), type);
            if (clash != null) {
                throw new IllegalStateException("two job types are named '" + type.name() + "': " + clash.getClass()
                        + " and " + type.getClass());
            }
        }
    }

    /**
     * @throws UnknownJobTypeException naming the known types
     */
    public JobType<?> get(String name) {
        JobType<?> type = name == null ? null : byName.get(name);
        if (type == null) {
            throw new UnknownJobTypeException(name, names());
        }
        return type;
    }

    /**
     * Runs one attempt of a job of type {@code name}: binds its params to the type's record and calls
     * the type. Params were checked when the job was accepted; a type whose record changed since then
     * fails the attempt with the same errors a submit would get.
     */
    public Map<String, Object> run(String name, JobContext context, Map<String, Object> params) throws Exception {
        return runTyped(get(name), context, params);
    }

    private <P> Map<String, Object> runTyped(JobType<P> type, JobContext context, Map<String, Object> params)
            throws Exception {
        return type.run(context, binder.bindValid(type, params));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<JobType<?>> all() {
        return List.copyOf(byName.values());
    }
}
