package dev.sparkjobs.web;

import dev.sparkjobs.batches.BatchConflictException;
import dev.sparkjobs.batches.BatchKeyConflictException;
import dev.sparkjobs.batches.BatchNotFoundException;
import dev.sparkjobs.security.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * The problems only batches give. Ahead of {@link ProblemAdvice}, whose catch-all would otherwise
 * answer them with a 500; everything else batches give (400, 413, 415, 429, 503) is its.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class BatchProblems {

    private static final Logger log = LoggerFactory.getLogger(BatchProblems.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(BatchNotFoundException e, WebRequest request) {
        if (e.otherTenant()) {
            request.setAttribute(AuditLog.DENIAL_ATTRIBUTE, "other-tenant", RequestAttributes.SCOPE_REQUEST);
        }
        return respond(
                Problems.problem(HttpStatus.NOT_FOUND, "batch-not-found", "Batch not found", e.getMessage()), request);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> conflict(BatchConflictException e, WebRequest request) {
        ProblemDetail p = Problems.problem(HttpStatus.CONFLICT, "batch-conflict", "Batch conflict", e.getMessage());
        p.setProperty("state", e.batch().state());
        return respond(p, request);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> keyReused(BatchKeyConflictException e, WebRequest request) {
        ProblemDetail p = Problems.problem(
                HttpStatus.CONFLICT, "idempotency-key-reused", "Idempotency-Key reused", e.getMessage());
        p.setProperty("existingBatchId", e.existing().toString());
        return respond(p, request);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail p, WebRequest request) {
        request.setAttribute(
                AuditLog.PROBLEM_ATTRIBUTE,
                p.getType().toString().replace(Problems.TYPE_PREFIX, ""),
                RequestAttributes.SCOPE_REQUEST);
        log.warn("{} {}: {}", p.getStatus(), request.getDescription(false), p.getDetail());
        return ResponseEntity.status(p.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(p);
    }
}
