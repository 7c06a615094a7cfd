package dev.sparkjobs.support;

import dev.sparkjobs.jobtypes.JobType;
import dev.sparkjobs.jobtypes.ParamBinder;
import dev.sparkjobs.plugin.api.JobContext;
import jakarta.validation.Validation;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A job type whose work is a lambda: what the engine's unit tests run. */
public final class TestJobType implements JobType<TestJobType.NoParams> {

    /** Takes no parameters. */
    public record NoParams() {}

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

    /** A binder as the application builds one, without Spring. */
    public static ParamBinder binder() {
        return new ParamBinder(
                JsonMapper.builder().build(),
                Validation.buildDefaultValidatorFactory().getValidator());
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
    public Class<NoParams> paramsType() {
        return NoParams.class;
    }

    @Override
    public NoParams exampleParams() {
        return new NoParams();
    }

    @Override
    public Map<String, Object> run(JobContext context, NoParams params) throws Exception {
        return work.run(context);
    }
}
