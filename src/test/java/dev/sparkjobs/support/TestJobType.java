package dev.sparkjobs.support;

import dev.sparkjobs.jobtypes.JobContext;
import dev.sparkjobs.jobtypes.JobType;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.jobtypes.ParameterDoc;
import java.util.List;
import java.util.Map;

/** A job type whose work is a lambda: what the engine's unit tests run. */
public final class TestJobType implements JobType {

    /** The work of one attempt. */
    public interface Work {
        Map<String, Object> run(JobContext context) throws Exception;
    }

    private final String name;
    private final Work work;

    public TestJobType(String name, Work work) {
        this.name = name;
        this.work = work;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "test";
    }

    @Override
    public List<ParameterDoc> parameters() {
        return List.of();
    }

    @Override
    public Map<String, Object> exampleParams() {
        return Map.of();
    }

    @Override
    public List<ParamError> validate(Map<String, Object> params) {
        return List.of();
    }

    @Override
    public Map<String, Object> run(JobContext context, Map<String, Object> params) throws Exception {
        return work.run(context);
    }
}
