package dev.sparkjobs.callbacks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The callback rules as beans, for the sender and for checking a URL when a job is submitted. */
@Configuration(proxyBeanMethods = false)
class CallbackConfiguration {

    @Bean
    HostResolver callbackHostResolver() {
        return HostResolver.SYSTEM;
    }

    @Bean
    CallbackPolicy callbackPolicy(CallbackProperties properties, HostResolver callbackHostResolver) {
        return new CallbackPolicy(properties, callbackHostResolver);
    }
}
