package dev.sparkjobs.security;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Never open on the network by default: while the service authenticates nobody, {@code server.address}
 * (and the management server's, when it has a port of its own) defaults to 127.0.0.1. Read when asked, not now, so that it follows
 * configuration added later (tests' dynamic properties). An explicit address that is not loopback is
 * refused at start-up unless {@code jobservice.security.allow-unauthenticated} says so.
 */
public class LoopbackDefault implements EnvironmentPostProcessor {

    static final String LOOPBACK = "127.0.0.1";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new LoopbackAddress(environment));
        SecurityConfiguration.checkExposure(environment); // fail in milliseconds, before Spark starts
    }

    /** Its source is opaque on purpose: Boot's binder walks into sources that are environments. */
    private static final class LoopbackAddress extends PropertySource<Object> {

        private final ConfigurableEnvironment environment;

        LoopbackAddress(ConfigurableEnvironment environment) {
            super("jobservice-loopback-default", new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            boolean asked = name.equals("server.address")
                    // Boot refuses a management address unless the management server has a port of its own
                    || (name.equals("management.server.address")
                            && environment.containsProperty("management.server.port"));
            return asked && !AuthenticationMode.of(environment).authenticates() ? LOOPBACK : null;
        }
    }
}
