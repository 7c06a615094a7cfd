package dev.sparkjobs.web;

import dev.sparkjobs.admission.AdmissionSnapshot;
import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Routes {@code /api/v1/admission}. */
@RestController
@Tag(name = "admission", description = "Limits and load")
class AdmissionStatusController {

    private final JobService jobs;

    AdmissionStatusController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping(path = "/api/v1/admission", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Limits, and jobs running and queued now, overall, per pool and per tenant",
            description = "What admission control allows and how full it is: a submit past maxQueued (or past its"
                    + " tenant's) gets 429; startsPaused says why queued jobs are not starting. Admins see every"
                    + " tenant; other callers their own.")
    AdmissionSnapshot admission(@Parameter(hidden = true) Caller caller) {
        return jobs.admission(caller);
    }
}
