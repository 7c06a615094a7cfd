package dev.sparkjobs.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outside every other filter, so it sees each request's final status, whoever answered it (Spring
 * Security's 401 and 403, the API's problems), and writes the {@link AuditLog} line for the requests
 * that are audited.
 */
final class AuditFilter extends OncePerRequestFilter {

    private static final Pattern CANCEL = Pattern.compile("/api/v1/jobs/([^/]+)/cancel");
    private static final Pattern JOB_IN_LOCATION = Pattern.compile("/api/v1/jobs/([^/]+)/status");
    private static final Pattern JOB_PATH = Pattern.compile("/api/v1/jobs/([^/]+)(/.*)?");

    private final AuditLog log;

    AuditFilter(AuditLog log) {
        this.log = log;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            audit(request, response);
        }
    }

    private void audit(HttpServletRequest request, HttpServletResponse response) {
        // decoded and normalised, as request mapping sees it: /api/v1/%6Aobs is a submit too
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        int status = response.getStatus();
        boolean post = "POST".equals(request.getMethod());
        Matcher cancel = CANCEL.matcher(path);
        String denial = denial(request);
        String event;
        String outcome;
        String jobId = null;
        if (post && path.equals("/api/v1/jobs")) {
            event = "submit";
            outcome = status == 202 ? "accepted" : status == 200 ? "existing" : "refused";
            jobId = group(JOB_IN_LOCATION.matcher(String.valueOf(response.getHeader(HttpHeaders.LOCATION))));
        } else if (post && cancel.matches()) {
            event = "cancel";
            outcome = status == 200 ? "cancelled" : status == 202 ? "cancel-requested" : "refused";
            jobId = cancel.group(1);
        } else if (status == 401 || status == 403 || denial != null) {
            event = "denied";
            outcome = "refused";
            jobId = group(JOB_PATH.matcher(path));
        } else {
            return;
        }
        log.record(new AuditLog.Entry(
                event,
                outcome,
                status,
                request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller c ? c : null,
                request.getAttribute(AuditLog.METHOD_ATTRIBUTE) instanceof String m ? m : null,
                jobId,
                request.getRemoteAddr(),
                request.getMethod(),
                path,
                denial != null ? denial : attribute(request, AuditLog.PROBLEM_ATTRIBUTE)));
    }

    private static String denial(HttpServletRequest request) {
        String refusal = attribute(request, SecurityProblems.REFUSAL);
        return refusal != null ? refusal : attribute(request, AuditLog.DENIAL_ATTRIBUTE);
    }

    private static String attribute(HttpServletRequest request, String name) {
        Object value = request.getAttribute(name);
        return value == null ? null : value.toString();
    }

    private static String group(Matcher m) {
        return m.find() ? m.group(1) : null;
    }
}
