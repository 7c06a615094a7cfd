package dev.sparkjobs.web;

import static dev.sparkjobs.web.Problems.problem;

import dev.sparkjobs.admission.QueueFullException;
import dev.sparkjobs.admission.ShuttingDownException;
import dev.sparkjobs.admission.TenantQueueFullException;
import dev.sparkjobs.engine.StoreOutage;
import dev.sparkjobs.execution.IdempotencyConflictException;
import dev.sparkjobs.execution.InvalidSubmissionException;
import dev.sparkjobs.execution.JobAlreadyFinishedException;
import dev.sparkjobs.execution.JobNotFoundException;
import dev.sparkjobs.execution.NotPermittedException;
import dev.sparkjobs.guardrails.SqlRefusedException;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.jobtypes.UnknownJobTypeException;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.security.AuditLog;
import dev.sparkjobs.watch.TooManyStreamsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.ResolvableType;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the API gives, as RFC 9457 problem+json with a {@code type} under {@link
 * Problems#TYPE_PREFIX} and a detail a person can read; the ones Spring answers on its own too.
 * Client errors are logged at WARN, server errors at ERROR; nothing a client sends may produce a 500.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final long STORE_RETRY_AFTER_SECONDS = 5;
    /** Short: a connection frees up as soon as one of the requests ahead has been answered. */
    private static final long BUSY_RETRY_AFTER_SECONDS = 1;

    private final JobMetrics metrics;

    ProblemAdvice(JobMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler
    ResponseEntity<Object> unknownType(UnknownJobTypeException e, WebRequest request) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "unknown-job-type", "Unknown job type", e.getMessage());
        p.setProperty("knownTypes", e.knownTypes());
        return respond(e, p, new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> invalid(InvalidSubmissionException e, WebRequest request) {
        return invalid(e, e.errors(), new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> badQuery(BadRequestException e, WebRequest request) {
        return invalid(e, e.errors(), new HttpHeaders(), request);
    }

    /** The container could not parse the query string; {@link QueryParameters} refuses most before. */
    @ExceptionHandler
    ResponseEntity<Object> unparsableQuery(InvalidParameterException e, WebRequest request) {
        return invalid(
                e, List.of(new ParamError("query", "the query string cannot be parsed")), new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> tooLarge(PayloadTooLargeException e, WebRequest request) {
        return respond(
                e,
                problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Content Too Large", e.getMessage()),
                new HttpHeaders(),
                request);
    }

    @ExceptionHandler
    ResponseEntity<Object> queueFull(QueueFullException e, WebRequest request) {
        ProblemDetail p = problem(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Queue full", e.getMessage());
        p.setProperty("maxQueued", e.maxQueued());
        if (e instanceof TenantQueueFullException t) {
            p.setProperty("tenant", t.tenant());
            p.setProperty("limit", t.limit());
        }
        return respond(e, p, retryAfter(e.retryAfter().toSeconds()), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> shuttingDown(ShuttingDownException e, WebRequest request) {
        ProblemDetail p =
                problem(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Service shutting down", e.getMessage());
        return respond(e, p, retryAfter(e.retryAfter().toSeconds()), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> tooManyStreams(TooManyStreamsException e, WebRequest request) {
        ProblemDetail p = problem(
                HttpStatus.SERVICE_UNAVAILABLE, "too-many-event-streams", "Too many event streams", e.getMessage());
        p.setProperty("maxStreams", e.maxStreams());
        return respond(e, p, retryAfter(e.retryAfter().toSeconds()), request);
    }

    /**
     * The job store cannot be reached, or every connection to it stayed in use for the pool's whole
     * timeout (busy: the store is fine, there are more requests in flight than connections). Nothing
     * was accepted either way: a submit is stored before it is queued, so the caller can safely send
     * it again (with the same Idempotency-Key).
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<Object> storeUnavailable(Exception e, WebRequest request) {
        if (!StoreOutage.is(e)) {
            return unexpected(e, request);
        }
        if (StoreBusy.is(e)) {
            if (isSubmit(request)) {
                metrics.rejected(JobMetrics.RejectReason.BUSY);
            }
            ProblemDetail p = problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "service-busy",
                    "Service busy",
                    "the service has more requests in flight than job store connections and none came free in"
                            + " time; nothing was changed, retry in a moment");
            return respond(e, p, retryAfter(BUSY_RETRY_AFTER_SECONDS), request);
        }
        ProblemDetail p = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "store-unavailable",
                "Job store unavailable",
                "the job store cannot be reached; nothing was changed, retry later");
        return respond(e, p, retryAfter(STORE_RETRY_AFTER_SECONDS), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> notFound(JobNotFoundException e, WebRequest request) {
        if (e.otherTenant()) {
            request.setAttribute(AuditLog.DENIAL_ATTRIBUTE, "other-tenant", RequestAttributes.SCOPE_REQUEST);
        }
        return respond(
                e,
                problem(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", e.getMessage()),
                new HttpHeaders(),
                request);
    }

    @ExceptionHandler
    ResponseEntity<Object> notPermitted(NotPermittedException e, WebRequest request) {
        request.setAttribute(
                AuditLog.DENIAL_ATTRIBUTE,
                "missing-role:" + e.required().name().toLowerCase(),
                RequestAttributes.SCOPE_REQUEST);
        ProblemDetail p = problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
        p.setProperty("requiredRole", e.required().name().toLowerCase());
        return respond(e, p, new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> idempotencyConflict(IdempotencyConflictException e, WebRequest request) {
        ProblemDetail p =
                problem(HttpStatus.CONFLICT, "idempotency-key-reused", "Idempotency-Key reused", e.getMessage());
        p.setProperty("existingJobId", e.existing().toString());
        return respond(e, p, new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> alreadyFinished(JobAlreadyFinishedException e, WebRequest request) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "job-already-finished", "Job already finished", e.getMessage());
        p.setProperty("state", e.job().state());
        return respond(e, p, new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        ProblemDetail p = problem(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error", "the server failed; see its log");
        return respond(e, p, new HttpHeaders(), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PayloadTooLargeException tooLarge) {
                return tooLarge(tooLarge, request);
            }
        }
        var reason = BodyErrors.of(e);
        ProblemDetail p = problem(
                HttpStatus.BAD_REQUEST,
                "malformed-body",
                "Malformed request body",
                reason.field() + ": " + reason.message());
        p.setProperty("errors", List.of(new ParamError(reason.field(), reason.message())));
        return respond(e, p, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResolvableType type = e instanceof MethodArgumentTypeMismatchException m
                ? ResolvableType.forMethodParameter(m.getParameter())
                : ResolvableType.forClass(e.getRequiredType() == null ? Object.class : e.getRequiredType());
        String expected = type.isArray() || type.asCollection() != ResolvableType.NONE
                ? "each value must be " + BodyErrors.expected(type.getNested(2).toClass())
                : "must be " + BodyErrors.expected(type.toClass());
        Object value = e.getValue() instanceof Object[] values ? Arrays.asList(values) : e.getValue();
        String name = e.getPropertyName() == null ? "query" : e.getPropertyName();
        return invalid(e, List.of(new ParamError(name, expected + "; was '" + value + "'")), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String sent = request.getHeader(HttpHeaders.CONTENT_TYPE);
        ProblemDetail p = problem(
                status,
                "unsupported-media-type",
                "Unsupported Media Type",
                (sent == null ? "the request has no Content-Type" : "Content-Type '" + sent + "' is not supported")
                        + "; send the body as "
                        + (e.getSupportedMediaTypes().isEmpty()
                                ? "application/json"
                                : MediaType.toString(e.getSupportedMediaTypes())));
        return respond(e, p, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ParamError> errors = new ArrayList<>();
        for (FieldError f : e.getBindingResult().getFieldErrors()) {
            errors.add(new ParamError(f.getField(), f.getDefaultMessage()));
        }
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.add(new ParamError(g.getObjectName(), g.getDefaultMessage())));
        return invalid(e, errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ParamError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> {
            if (r instanceof ParameterErrors body) {
                body.getFieldErrors().forEach(f -> errors.add(new ParamError(f.getField(), f.getDefaultMessage())));
                return;
            }
            String name = r.getMethodParameter().getParameterName();
            RequestHeader header = r.getMethodParameter().getParameterAnnotation(RequestHeader.class);
            if (header != null && !header.name().isEmpty()) {
                name = header.name();
            }
            for (MessageSourceResolvable error : r.getResolvableErrors()) {
                errors.add(new ParamError(name, error.getDefaultMessage()));
            }
        });
        return invalid(e, errors, headers, request);
    }

    /**
     * Every problem passes here, Spring's own included: those get a {@code type} for their status,
     * and every problem is sent as problem+json whatever the request's Accept said.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail p = body instanceof ProblemDetail given ? given : ProblemDetail.forStatus(status);
        if (p.getType() == null || "about:blank".equals(p.getType().toString())) {
            p.setType(Problems.typeFor(status.value()));
        }
        if (p.getTitle() == null) {
            p.setTitle(Problems.title(status.value()));
        }
        if (p.getDetail() == null || p.getDetail().isBlank()) {
            p.setDetail(
                    status.value() == HttpStatus.NOT_FOUND.value()
                            ? "there is nothing at "
                                    + request.getDescription(false).replaceFirst("^uri=", "")
                            : Problems.title(status.value()));
        }
        if (refusedBeforeTheFacade(e, status, request)) {
            metrics.rejected(JobMetrics.RejectReason.INVALID);
        }
        request.setAttribute(
                AuditLog.PROBLEM_ATTRIBUTE,
                p.getType().toString().replace(Problems.TYPE_PREFIX, ""),
                RequestAttributes.SCOPE_REQUEST);
        HttpHeaders out = new HttpHeaders();
        out.putAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            // expected while draining, while the store is away or busy: one line, no stack trace
            log.warn("{} {}: {}", status.value(), request.getDescription(false), e.toString());
        } else if (status.is5xxServerError()) {
            log.error("{} {}: {}", status.value(), request.getDescription(false), e.toString(), e);
        } else {
            log.warn("{} {}: {}", status.value(), request.getDescription(false), p.getDetail());
        }
        return super.handleExceptionInternal(e, p, out, status, request);
    }

    /**
     * A submit the web layer refused on its own (not JSON, a constraint of the body, no JSON media
     * type, too large): the facade never saw it, so it counts it here. The facade counts the rest.
     */
    private static boolean refusedBeforeTheFacade(Exception e, HttpStatusCode status, WebRequest request) {
        int s = status.value();
        return (s == 400 || s == 413 || s == 415)
                && isSubmit(request)
                && !(e instanceof InvalidSubmissionException
                        || e instanceof UnknownJobTypeException
                        || e instanceof SqlRefusedException);
    }

    private static boolean isSubmit(WebRequest request) {
        return request instanceof ServletWebRequest web
                && "POST".equals(web.getRequest().getMethod())
                && "/api/v1/jobs".equals(web.getRequest().getServletPath());
    }

    private ResponseEntity<Object> invalid(
            Exception e, List<ParamError> errors, HttpHeaders headers, WebRequest request) {
        ProblemDetail p =
                problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", Problems.describe(errors));
        p.setProperty("errors", errors);
        return respond(e, p, headers, request);
    }

    private ResponseEntity<Object> respond(Exception e, ProblemDetail p, HttpHeaders headers, WebRequest request) {
        return handleExceptionInternal(e, p, headers, HttpStatusCode.valueOf(p.getStatus()), request);
    }

    private static HttpHeaders retryAfter(long seconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, seconds)));
        return headers;
    }

    /** A SQL job the guardrails refused (or that does not parse); nothing was queued. */
    @ExceptionHandler
    ResponseEntity<Object> sqlRefused(SqlRefusedException e, WebRequest request) {
        if (!"parse-error".equals(e.rule().id())) { // a guardrail's refusal, not a typo: audited
            request.setAttribute(
                    AuditLog.DENIAL_ATTRIBUTE, "sql-refused:" + e.rule().id(), RequestAttributes.SCOPE_REQUEST);
        }
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "sql-refused", "SQL refused", e.getMessage());
        p.setProperty("rule", e.rule().id());
        p.setProperty("statement", e.statement());
        return respond(e, p, new HttpHeaders(), request);
    }
}
