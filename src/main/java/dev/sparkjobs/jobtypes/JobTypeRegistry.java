package dev.sparkjobs.jobtypes;

import dev.sparkjobs.plugin.api.JobContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Every {@link JobType} bean and every type a {@link JobTypeSource} offers (the plug-ins), by name. */
@Component
public class JobTypeRegistry {

    private final Map<String, JobType<?>> byName = new TreeMap<>();
    private final Map<String, String> origins = new TreeMap<>();

    private final ParamBinder binder;

    public JobTypeRegistry(List<JobType<?>> types, ParamBinder binder) {
        this(types, List.of(), binder);
    }

    /**
     * @throws IllegalStateException when two types share a name, naming where each came from
     */
    @Autowired
    public JobTypeRegistry(List<JobType<?>> types, List<JobTypeSource> sources, ParamBinder binder) {
        this.binder = binder;
        for (JobType<?> type : types) {
            add(type, type.getClass().getName());
        }
        for (JobTypeSource source : sources) {
            for (JobType<?> type : source.jobTypes()) {
                add(type, type.toString());
            }
        }
    }

    private void add(JobType<?> type, String origin) {
        String earlier = origins.putIfAbsent(type.name(), origin);
        if (earlier != null) {
            throw new IllegalStateException(
                    "two job types are named '" + type.name() + "': " + earlier + " and " + origin);
        }
        byName.put(type.name(), type);
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
