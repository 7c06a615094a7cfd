package dev.sparkjobs.web;

import java.net.URI;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Absolute links for headers such as {@code Location}. Azure's asynchronous request-reply pattern,
 * which Data Factory's Web activity follows, sends absolute URLs, and not every client resolves a
 * path against the URL it called. The scheme, host and port are those of the request as the server
 * sees it: behind a proxy that terminates TLS, set {@code server.forward-headers-strategy} so the
 * proxy's {@code X-Forwarded-*} headers count (the Helm chart does).
 */
final class Links {

    private Links() {}

    /** The path as an absolute URL of the current request's server; the path alone outside a request. */
    static URI absolute(String path) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes) {
            return ServletUriComponentsBuilder.fromCurrentContextPath()
                    .path(path)
                    .build()
                    .toUri();
        }
        return URI.create(path);
    }
}
