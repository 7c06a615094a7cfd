package dev.sparkjobs.jobtypes;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Every {@link JobType} bean, by name. */
@Component
public class JobTypeRegistry {

    private final Map<String, JobType> byName = new TreeMap<>();

    public JobTypeRegistry(List<JobType> types) {
        for (JobType type : types) {
            JobType clash = byName.put(type.name(), type);
            if (clash != null) {
                throw new IllegalStateException("two job types are named '" + type.name() + "': " + clash.getClass()
                        + " and " + type.getClass());
            }
        }
    }

    /**
     * @throws UnknownJobTypeException naming the known types
     */
    public JobType get(String name) {
        JobType type = name == null ? null : byName.get(name);
        if (type == null) {
            throw new UnknownJobTypeException(name, names());
        }
        return type;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<JobType> all() {
        return List.copyOf(byName.values());
    }
}
