package dev.sparkjobs.web;

import dev.sparkjobs.admission.QueueFullException;
import dev.sparkjobs.admission.ShuttingDownException;
import dev.sparkjobs.engine.StoreOutage;
import dev.sparkjobs.execution.IdempotencyConflictException;
import dev.sparkjobs.execution.InvalidSubmissionException;
import dev.sparkjobs.execution.JobAlreadyFinishedException;
import dev.sparkjobs.execution.JobNotFoundException;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.jobtypes.UnknownJobTypeException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error the API gives, as RFC 9457 problem+json. Client errors are logged at WARN, server
 * errors at ERROR; nothing a client sends may produce a 500.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final String TYPE_PREFIX = "urn:spark-job-service:problem:";
    private static final long STORE_RETRY_AFTER_SECONDS = 5;

    @ExceptionHandler
    ResponseEntity<Object> unknownType(UnknownJobTypeException e, WebRequest request) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "unknown-job-type", "Unknown job type", e.getMessage());
        p.setProperty("knownTypes", e.knownTypes());
        return respond(e, p, new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> invalid(InvalidSubmissionException e, WebRequest request) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
        p.setProperty("errors", e.errors());
        return respond(e, p, new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> badQuery(BadRequestException e, WebRequest request) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
        p.setProperty("errors", List.of(new ParamError(e.field(), e.getMessage())));
        return respond(e, p, new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> queueFull(QueueFullException e, WebRequest request) {
        ProblemDetail p = problem(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Queue full", e.getMessage());
        p.setProperty("maxQueued", e.maxQueued());
        HttpHeaders headers = new HttpHeaders();
        headers.set(
                HttpHeaders.RETRY_AFTER,
                String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        return respond(e, p, headers, request);
    }

    @ExceptionHandler
    ResponseEntity<Object> shuttingDown(ShuttingDownException e, WebRequest request) {
        ProblemDetail p =
                problem(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Service shutting down", e.getMessage());
        return respond(e, p, retryAfter(e.retryAfter().toSeconds()), request);
    }

    /**
     * The job store cannot be reached. Nothing was accepted: a submit is stored before it is
     * queued, so the caller can safely send it again (with the same Idempotency-Key).
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<Object> storeUnavailable(Exception e, WebRequest request) {
        if (!StoreOutage.is(e)) {
            return unexpected(e, request);
        }
        ProblemDetail p = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "store-unavailable",
                "Job store unavailable",
                "the job store cannot be reached; nothing was changed, retry later");
        return respond(e, p, retryAfter(STORE_RETRY_AFTER_SECONDS), request);
    }

    private static HttpHeaders retryAfter(long seconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, seconds)));
        return headers;
    }

    @ExceptionHandler
    ResponseEntity<Object> notFound(JobNotFoundException e, WebRequest request) {
        return respond(
                e,
                problem(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", e.getMessage()),
                new HttpHeaders(),
                request);
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
        if (causedBy(e, PayloadTooLargeException.class)) {
            return respond(
                    e,
                    problem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "body-too-large",
                            "Content Too Large",
                            "request body is larger than 1 MiB"),
                    headers,
                    request);
        }
        ProblemDetail p =
                problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", readableReason(e));
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
        ProblemDetail p = problem(
                HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", errors.size() + " invalid field(s)");
        p.setProperty("errors", errors);
        return respond(e, p, headers, request);
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
            var header = r.getMethodParameter()
                    .getParameterAnnotation(org.springframework.web.bind.annotation.RequestHeader.class);
            if (header != null && !header.name().isEmpty()) {
                name = header.name();
            }
            for (MessageSourceResolvable error : r.getResolvableErrors()) {
                errors.add(new ParamError(name, error.getDefaultMessage()));
            }
        });
        ProblemDetail p = problem(
                HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", errors.size() + " invalid parameter(s)");
        p.setProperty("errors", errors);
        return respond(e, p, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            // expected while draining or while the store is away: one line, no stack trace
            log.warn("{} {}: {}", status.value(), request.getDescription(false), e.toString());
        } else if (status.is5xxServerError()) {
            log.error("{} {}: {}", status.value(), request.getDescription(false), e.toString(), e);
        } else {
            log.warn("{} {}: {}", status.value(), request.getDescription(false), e.getMessage());
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private ResponseEntity<Object> respond(Exception e, ProblemDetail p, HttpHeaders headers, WebRequest request) {
        return handleExceptionInternal(e, p, headers, HttpStatusCode.valueOf(p.getStatus()), request);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_PREFIX + type));
        p.setTitle(title);
        return p;
    }

    /** What was wrong with the JSON, without Jackson's internals. */
    private static String readableReason(HttpMessageNotReadableException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnrecognizedPropertyException u) {
                return "unknown field '" + u.getPropertyName() + "'" + where(u);
            }
            if (c instanceof DatabindException d) {
                String path = d.getPath().isEmpty() ? "" : " at '" + path(d) + "'";
                return "invalid value" + path + ": " + d.getOriginalMessage();
            }
        }
        return e.getCause() == null
                ? "the body is missing or is not JSON"
                : "the body is not valid JSON: " + e.getMostSpecificCause().getMessage();
    }

    private static String where(DatabindException d) {
        String p = path(d);
        int dot = p.lastIndexOf('.');
        return dot < 0 ? "" : " in '" + p.substring(0, dot) + "'";
    }

    private static String path(DatabindException d) {
        StringBuilder s = new StringBuilder();
        for (var ref : d.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                s.append('[').append(ref.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
