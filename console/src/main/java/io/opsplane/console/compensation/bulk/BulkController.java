package io.opsplane.console.compensation.bulk;

import java.net.URI;
import java.util.List;

import io.opsplane.console.compensation.Approvers;
import io.opsplane.console.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/bulk-jobs")
@Tag(name = "Bulk actions", description = "One action on every saga a list filter selects, as a durable job")
class BulkController {

    record Count(long count) {
    }

    record Reason(String reason) {
    }

    private final BulkJobs jobs;

    BulkController(BulkJobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/count")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "How many sagas a filter selects now (the list's parameters, by name, as a JSON object)")
    Count count(@RequestBody SagaSelection filter) {
        return new Count(jobs.count(filter));
    }

    @PostMapping
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "Create a bulk job; it starts with its canary batch, or waits for approval above the threshold")
    ResponseEntity<BulkJob> create(@RequestBody BulkRequest request, Authentication user) {
        BulkJob job = jobs.create(request, user.getName());
        return ResponseEntity.created(URI.create("/api/bulk-jobs/" + job.id())).body(job);
    }

    @GetMapping
    @Operation(summary = "Bulk jobs, newest first")
    List<BulkJob> list(@RequestParam(defaultValue = "50") int limit) {
        return jobs.list(Math.min(Math.max(limit, 1), 500));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One job: status, progress, counts, and its actions' statuses")
    BulkJob get(@PathVariable long id) {
        return jobs.find(id).orElseThrow(() -> new NotFoundException("no bulk job with id " + id));
    }

    @GetMapping("/{id}/additions")
    @Operation(summary = "How many sagas match the job's filter now that the job does not hold (its selection is frozen)")
    Count additions(@PathVariable long id) {
        return new Count(jobs.additions(id).size());
    }

    @PostMapping("/{id}/additions")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "A new job like this one over the sagas that came to match its filter after it was created")
    ResponseEntity<BulkJob> addTo(@PathVariable long id, Authentication user) {
        BulkJob job = jobs.addTo(id, user.getName());
        return ResponseEntity.created(URI.create("/api/bulk-jobs/" + job.id())).body(job);
    }

    @GetMapping("/{id}/items")
    @Operation(summary = "Per-saga results in selection order, paged by the last seq seen")
    List<BulkItem> items(@PathVariable long id, @RequestParam(defaultValue = "0") int after,
                         @RequestParam(defaultValue = "200") int limit) {
        return jobs.items(id, after, limit);
    }

    @PostMapping("/{id}/approve")
    @PreAuthorize("hasRole('OPERATOR')")
    BulkJob approve(@PathVariable long id, Authentication user) {
        return jobs.approve(id, user.getName());
    }

    @PostMapping("/{id}/break-glass")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "Go on without a second operator's approval, where the break-glass policy allows it; needs a reason")
    BulkJob breakGlass(@PathVariable long id, @RequestBody Reason reason, Authentication user) {
        return jobs.breakGlass(id, user.getName(), reason.reason());
    }

    @GetMapping("/{id}/approvers")
    @Operation(summary = "Who may approve the job: the configured operators and admins but its requester, and the SSO groups mapped to those roles")
    Approvers.WhoMayApprove approvers(@PathVariable long id) {
        return jobs.approvers(jobs.find(id).orElseThrow(() -> new NotFoundException("no bulk job with id " + id)));
    }

    @PostMapping("/{id}/reject")
    @PreAuthorize("hasRole('OPERATOR')")
    BulkJob reject(@PathVariable long id, @RequestBody Reason reason, Authentication user) {
        return jobs.reject(id, user.getName(), reason.reason());
    }

    @PostMapping("/{id}/resume")
    @PreAuthorize("hasRole('OPERATOR')")
    @Operation(summary = "Go on after the canary review or a pause")
    BulkJob resume(@PathVariable long id, Authentication user) {
        return jobs.resume(id, user.getName());
    }

    @PostMapping("/{id}/pause")
    @PreAuthorize("hasRole('OPERATOR')")
    BulkJob pause(@PathVariable long id, Authentication user) {
        return jobs.pause(id, user.getName());
    }

    @PostMapping("/{id}/cancel")
    @PreAuthorize("hasRole('OPERATOR')")
    BulkJob cancel(@PathVariable long id, @RequestBody(required = false) Reason reason, Authentication user) {
        return jobs.cancel(id, user.getName(), reason == null ? null : reason.reason());
    }
}
