package dev.sparkjobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterConfig;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class LoopbackOnlyFilterTest {

    @Test
    void loopbackClientsPass() {
        LoopbackOnlyFilter filter = new LoopbackOnlyFilter();
        filter.init(new MockFilterConfig());
        assertThat(filter.permits("127.0.0.1")).isTrue();
        assertThat(filter.permits("127.8.9.10")).isTrue();
        assertThat(filter.permits("::1")).isTrue();
        assertThat(filter.permits("[::1]")).isTrue();
        assertThat(filter.permits("0:0:0:0:0:0:0:1")).isTrue();
    }

    @Test
    void otherClientsAreRefused() {
        LoopbackOnlyFilter filter = new LoopbackOnlyFilter();
        filter.init(new MockFilterConfig());
        assertThat(filter.permits("10.0.0.5")).isFalse();
        assertThat(filter.permits("192.168.1.1")).isFalse();
        assertThat(filter.permits("0.0.0.0")).isFalse();
        assertThat(filter.permits("fe80::1")).isFalse();
        assertThat(filter.permits("localhost"))
                .as("a name, not an address: no lookup")
                .isFalse();
        assertThat(filter.permits("")).isFalse();
        assertThat(filter.permits(null)).isFalse();
    }

    @Test
    void configuredAddressesPass() {
        LoopbackOnlyFilter filter = new LoopbackOnlyFilter();
        MockFilterConfig config = new MockFilterConfig();
        config.addInitParameter(LoopbackOnlyFilter.ALLOWED, " 10.0.0.5, 2001:db8::1 ,");
        filter.init(config);
        assertThat(filter.permits("10.0.0.5")).isTrue();
        assertThat(filter.permits("2001:db8:0:0:0:0:0:1")).isTrue();
        assertThat(filter.permits("10.0.0.6")).isFalse();
    }

    @Test
    void aRefusedRequestGets403AndGoesNoFurther() throws Exception {
        LoopbackOnlyFilter filter = new LoopbackOnlyFilter();
        filter.init(new MockFilterConfig());
        AtomicBoolean passed = new AtomicBoolean();
        FilterChain chain = (req, res) -> passed.set(true);

        MockHttpServletRequest remote = new MockHttpServletRequest("GET", "/jobs/");
        remote.setRemoteAddr("203.0.113.7");
        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(remote, refused, chain);
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(passed).isFalse();

        MockHttpServletRequest local = new MockHttpServletRequest("GET", "/jobs/");
        local.setRemoteAddr("127.0.0.1");
        MockHttpServletResponse ok = new MockHttpServletResponse();
        filter.doFilter(local, ok, chain);
        assertThat(passed).isTrue();
        assertThat(ok.getStatus()).isEqualTo(200);
    }
}
