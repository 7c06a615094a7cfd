package dev.sparkjobs.spark;

import java.nio.file.Path;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Offers {@code jobservice.data-dir-absolute}: the data directory as an absolute path, resolved
 * when it is read (so that it follows {@code jobservice.data-dir} from any source, tests' dynamic
 * properties included). H2 refuses a relative file path such as {@code data/db} in its URL.
 */
public class DataDirEnvironment implements EnvironmentPostProcessor {

    static final String ABSOLUTE = "jobservice.data-dir-absolute";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new AbsoluteDataDir(environment));
    }

    /** Its source is opaque on purpose: Boot's binder walks into sources that are environments. */
    private static final class AbsoluteDataDir extends PropertySource<Object> {

        private final ConfigurableEnvironment environment;

        AbsoluteDataDir(ConfigurableEnvironment environment) {
            super(ABSOLUTE, new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!ABSOLUTE.equals(name)) {
                return null;
            }
            String dir = environment.getProperty("jobservice.data-dir", "./data");
            return Path.of(dir).toAbsolutePath().normalize().toString();
        }
    }
}
