package dev.sparkjobs.security;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail: one JSON object per line on the logger {@value #LOGGER}, for every submit, every
 * cancel and every refused request (401, 403, another tenant's job, a guardrail's 400). Members:
 * {@code time}, {@code event} ({@code submit}, {@code cancel}, {@code denied}), {@code outcome},
 * {@code status}, {@code caller}, {@code tenant}, {@code auth}, {@code jobId}, {@code remote},
 * {@code method}, {@code path}, {@code reason}; absent where unknown.
 */
public final class AuditLog {

    public static final String LOGGER = "jobservice.audit";
    /** Request attribute: how the caller authenticated. */
    static final String METHOD_ATTRIBUTE = AuditLog.class.getName() + ".method";
    /**
     * Request attribute: why a request was denied (another tenant's job, a missing role, a guardrail),
     * in words a log reader can filter on. Makes any request audited.
     */
    public static final String DENIAL_ATTRIBUTE = AuditLog.class.getName() + ".denial";
    /** Request attribute: the type of the problem a request was answered with. */
    public static final String PROBLEM_ATTRIBUTE = AuditLog.class.getName() + ".problem";

    private static final Logger audit = LoggerFactory.getLogger(LOGGER);

    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** One audited request. */
    record Entry(
            String event,
            String outcome,
            int status,
            Caller caller,
            String auth,
            String jobId,
            String remote,
            String method,
            String path,
            String reason) {}

    void record(Entry e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("event", e.event());
        line.put("outcome", e.outcome());
        line.put("status", e.status());
        if (e.caller() != null) {
            line.put("caller", e.caller().name());
            line.put("tenant", e.caller().tenant());
        }
        putIfPresent(line, "auth", e.auth());
        putIfPresent(line, "jobId", e.jobId());
        putIfPresent(line, "remote", e.remote());
        line.put("method", e.method());
        line.put("path", e.path());
        putIfPresent(line, "reason", e.reason());
        audit.info(json.writeValueAsString(line));
    }

    private static void putIfPresent(Map<String, Object> line, String name, Object value) {
        if (value != null) {
            line.put(name, value);
        }
    }
}
