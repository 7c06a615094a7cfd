package dev.sparkjobs.web;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionSnapshot;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Routes {@code /api/v1/admission}. */
@RestController
@Tag(name = "admission", description = "Limits and load")
class AdmissionStatusController {

    private final AdmissionController admission;

    AdmissionStatusController(AdmissionController admission) {
        this.admission = admission;
    }

    @GetMapping(path = "/api/v1/admission", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Limits, and jobs running and queued now, overall and per pool",
            description = "What admission control allows and how full it is: a submit past maxQueued gets 429.")
    AdmissionSnapshot admission() {
        return admission.snapshot();
    }
}
