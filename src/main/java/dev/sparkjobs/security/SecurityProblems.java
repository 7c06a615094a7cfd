package dev.sparkjobs.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as the API's other errors are: RFC 9457 problem+json with a {@code type} under the
 * service's prefix. A 401 carries the {@code WWW-Authenticate} challenge RFC 9110 requires, in RFC
 * 6750's Bearer form (an API key may be sent as a bearer token too), with {@code error="invalid_token"}
 * when credentials were sent and refused.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String TYPE_PREFIX = "urn:spark-job-service:problem:";
    /** Request attribute: the problem type a security refusal answered with, for the audit log. */
    static final String REFUSAL = SecurityProblems.class.getName() + ".refusal";

    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);
    private static final String REALM = "spark-job-service";

    private final JsonMapper json;

    SecurityProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean sentCredentials =
                request.getHeader(HttpHeaders.AUTHORIZATION) != null || request.getHeader(ApiKeyFilter.HEADER) != null;
        String challenge = "Bearer realm=\"" + REALM + "\"";
        String detail;
        if (!sentCredentials) {
            detail = "this service needs credentials: send an API key as 'Authorization: Bearer <key>' or"
                    + " 'X-API-Key: <key>', or a JWT as 'Authorization: Bearer <token>'";
        } else {
            String description = description(e);
            challenge += ", error=\"invalid_token\", error_description=\"" + description.replace("\"", "'") + "\"";
            detail = "the credentials were refused: " + description;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        write(
                request,
                response,
                401,
                sentCredentials ? "invalid-credentials" : "unauthenticated",
                "Unauthorized",
                detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, 403, "forbidden", "Forbidden", "this caller may not use " + request.getRequestURI());
    }

    /** The firewall refused the request line, e.g. an encoded control character in the path. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(
                request,
                response,
                400,
                "invalid-request",
                "Invalid request",
                "the request's URL or headers hold characters the service refuses (" + e.getMessage() + ")");
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String type,
            String title,
            String detail)
            throws IOException {
        if (status != 400) {
            request.setAttribute(REFUSAL, type); // a denial: audited
        }
        log.warn("{} {} {}: {}", status, request.getMethod(), request.getRequestURI(), detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }

    private static String description(AuthenticationException e) {
        if (e instanceof OAuth2AuthenticationException o
                && o.getError() instanceof BearerTokenError b
                && b.getDescription() != null) {
            return b.getDescription();
        }
        return e.getMessage() == null ? "invalid credentials" : e.getMessage();
    }
}
