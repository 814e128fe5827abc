package io.opsplane.console.compensation.policy;

import java.util.List;

import io.opsplane.console.compensation.CompensationSettings;
import io.opsplane.console.compensation.OperatorAction;
import io.opsplane.console.compensation.OperatorActions;
import io.opsplane.console.compensation.bulk.BulkJob;
import io.opsplane.console.compensation.bulk.BulkJobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Compensation policies", description = "Automatic compensation, the kill switch, the approval threshold, pending approvals")
class PolicyController {

    record SettingsChange(Boolean killSwitch, Integer approvalThreshold, String reason) {
    }

    record Approvals(List<OperatorAction> actions, List<BulkJob> bulkJobs) {
    }

    private final CompensationPolicies policies;
    private final CompensationSettings settings;
    private final OperatorActions actions;
    private final BulkJobs bulkJobs;

    PolicyController(CompensationPolicies policies, CompensationSettings settings, OperatorActions actions,
                     BulkJobs bulkJobs) {
        this.policies = policies;
        this.settings = settings;
        this.actions = actions;
        this.bulkJobs = bulkJobs;
    }

    @GetMapping("/api/compensation/settings")
    @Operation(summary = "The kill switch and the approval threshold")
    CompensationSettings.Settings settings() {
        return settings.current();
    }

    @PutMapping("/api/admin/compensation/settings")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Turn the kill switch on or off, change the approval threshold (with a reason)")
    CompensationSettings.Settings change(@RequestBody SettingsChange change, Authentication user) {
        return settings.update(change.killSwitch(), change.approvalThreshold(), change.reason(), user.getName());
    }

    @GetMapping("/api/compensation/policies")
    @Operation(summary = "The automatic compensation policies")
    List<CompensationPolicy> list() {
        return policies.list();
    }

    @PostMapping("/api/admin/compensation/policies")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    CompensationPolicy create(@RequestBody PolicyRequest request, Authentication user) {
        return policies.create(request, user.getName());
    }

    @DeleteMapping("/api/admin/compensation/policies/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id, @RequestParam(required = false) String reason, Authentication user) {
        policies.delete(id, user.getName(), reason);
    }

    @GetMapping("/api/approvals")
    @Operation(summary = "Actions and bulk jobs waiting for a second operator")
    Approvals approvals() {
        return new Approvals(actions.pendingApproval(), bulkJobs.pendingApproval());
    }
}
