package io.opsplane.console.ui.compensation;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.opsplane.console.compensation.ActionRefusedException;
import io.opsplane.console.compensation.CompensationSettings;
import io.opsplane.console.compensation.OperatorAction;
import io.opsplane.console.compensation.OperatorActions;
import io.opsplane.console.compensation.bulk.BulkJob;
import io.opsplane.console.compensation.bulk.BulkJobs;
import io.opsplane.console.compensation.policy.CompensationPolicies;
import io.opsplane.console.compensation.policy.CompensationPolicy;
import io.opsplane.console.compensation.policy.PolicyRequest;
import io.opsplane.console.security.Role;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailView;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Policies and approvals at {@code /policies}: the kill switch and approval threshold, the automatic
 * compensation policies (changed by an ADMIN only), and what waits for a second operator's approval (anyone
 * but its requester approves or rejects it).
 */
@Route(value = PoliciesView.PATH, layout = MainLayout.class)
@Menu(order = 8, title = "Policies")
@PageTitle("Policies and approvals · Opsplane")
@RolesAllowed("OPERATOR")
public class PoliciesView extends ConsolePage implements BeforeEnterObserver {

    public static final String PATH = "policies";

    private final CompensationPolicies policies;
    private final CompensationSettings settings;
    private final OperatorActions actions;
    private final BulkJobs bulkJobs;
    private final Masking masking;
    private final Span problem = new Span();

    public PoliciesView(CompensationPolicies policies, CompensationSettings settings, OperatorActions actions,
                        BulkJobs bulkJobs, Masking masking) {
        this.masking = masking;
        this.policies = policies;
        this.settings = settings;
        this.actions = actions;
        this.bulkJobs = bulkJobs;
        problem.addClassName("opsplane-error");
        problem.setId("policies-problem");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        render();
    }

    private static boolean admin() {
        var user = SecurityContextHolder.getContext().getAuthentication();
        return user != null && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(Role.ADMIN.authority()));
    }

    private void render() {
        removeAll();
        add(new H2("Policies and approvals"), problem);
        add(approvals());
        add(switches());
        add(policyList());
    }

    private Div approvals() {
        Div card = card("Waiting for approval", "approvals");
        String me = ActionsSection.userName();
        List<OperatorAction> pending = masking.forCurrentUser(actions.pendingApproval());
        List<BulkJob> jobs = masking.forCurrentUser(bulkJobs.pendingApproval());
        if (pending.isEmpty() && jobs.isEmpty()) {
            card.add(Widgets.muted("Nothing waits for approval."));
            return card;
        }
        TextField reason = new TextField("Reason for a rejection");
        var table = Widgets.table("what", "requested by", "reason", "");
        for (OperatorAction action : pending) {
            HorizontalLayout buttons = new HorizontalLayout();
            if (!action.requestedBy().equals(me)) {
                buttons.add(button("Approve", "approve-action-" + action.id(), () -> actions.approve(action.id(), me)),
                        button("Reject", "reject-action-" + action.id(), () -> actions.reject(action.id(), me,
                                reason.getValue())));
            } else {
                buttons.add(Widgets.muted("yours: someone else approves it"));
            }
            Widgets.row(table, new Anchor(SagaDetailView.location(action.sagaId()), action.kind() + " saga "
                    + action.correlationKey() + " (" + action.items().size() + " commands)"), action.requestedBy(),
                    action.reason(), buttons);
        }
        for (BulkJob job : jobs) {
            HorizontalLayout buttons = new HorizontalLayout();
            if (!job.requestedBy().equals(me)) {
                buttons.add(button("Approve", "approve-job-" + job.id(), () -> bulkJobs.approve(job.id(), me)),
                        button("Reject", "reject-job-" + job.id(), () -> bulkJobs.reject(job.id(), me, reason.getValue())));
            } else {
                buttons.add(Widgets.muted("yours: someone else approves it"));
            }
            Widgets.row(table, new Anchor(BulkActionsView.PATH, "bulk job " + job.id() + ": " + job.kind() + " of "
                    + Widgets.number(job.total()) + " sagas"), job.requestedBy(), job.reason(), buttons);
        }
        card.add(table, reason);
        return card;
    }

    private Div switches() {
        Div card = card("Kill switch and approval threshold", "switches");
        CompensationSettings.Settings current = settings.current();
        Checkbox kill = new Checkbox("Kill switch: stop automatic compensation and bulk jobs", current.killSwitch());
        kill.setId("kill-switch");
        IntegerField threshold = new IntegerField("Approval above this many sagas (0: every action)");
        threshold.setValue(current.approvalThreshold());
        threshold.setMin(0);
        threshold.setWidth("22em");
        TextField reason = new TextField("Reason");
        Button save = button("Save", "save-settings", () -> settings.update(kill.getValue(), threshold.getValue(),
                reason.getValue(), ActionsSection.userName()));
        boolean admin = admin();
        kill.setEnabled(admin);
        threshold.setEnabled(admin);
        reason.setEnabled(admin);
        save.setEnabled(admin);
        if (!admin) {
            save.setTooltipText("Only an ADMIN changes these");
        }
        HorizontalLayout row = new HorizontalLayout(kill, threshold, reason, save);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.setWrap(true);
        card.add(row, Widgets.muted("Last changed by " + current.updatedBy() + ", " + UserTime.format(current.updatedAt())
                + (admin ? "" : ". Only an ADMIN changes these.")));
        return card;
    }

    private Div policyList() {
        Div card = card("Automatic compensation policies", "policy-list");
        List<CompensationPolicy> all = policies.list();
        if (all.isEmpty()) {
            card.add(Widgets.muted("No policy: nothing is compensated automatically."));
        } else {
            var table = Widgets.table("name", "rule", "enabled", "created", "");
            for (CompensationPolicy policy : all) {
                Widgets.row(table, policy.name(), CompensationPolicies.describe(policy), policy.enabled() ? "yes" : "no",
                        policy.createdBy() + ", " + UserTime.format(policy.createdAt()),
                        admin() ? button("Delete", "delete-policy-" + policy.id(), () -> policies.delete(policy.id(),
                                ActionsSection.userName(), "deleted in the console")) : new Span());
            }
            card.add(table);
        }
        if (admin()) {
            TextField name = new TextField("Name");
            TextField type = new TextField("Saga type");
            TextField reason = new TextField("Stuck reason (optional)");
            TextField step = new TextField("Step (optional)");
            TextField minStuck = new TextField("Stuck at least (e.g. 15m)");
            IntegerField perHour = new IntegerField("At most per hour");
            perHour.setValue(60);
            TextField why = new TextField("Reason for the change");
            Button create = button("Add policy", "add-policy", () -> policies.create(new PolicyRequest(name.getValue(),
                    type.getValue(), reason.getValue(), step.getValue(), minStuck.getValue(), perHour.getValue(), true,
                    why.getValue()), ActionsSection.userName()));
            HorizontalLayout form = new HorizontalLayout(name, type, reason, step, minStuck, perHour, why, create);
            form.setWrap(true);
            form.setAlignItems(FlexComponent.Alignment.BASELINE);
            card.add(new H3("New policy"), form);
        }
        return card;
    }

    private Button button(String text, String id, Runnable action) {
        Button button = new Button(text, e -> {
            try {
                action.run();
                problem.setText("");
            } catch (ActionRefusedException | IllegalArgumentException | AccessDeniedException ex) {
                problem.setText(ex.getMessage());
                return;
            }
            render();
        });
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        button.setId(id);
        return button;
    }

    private static Div card(String title, String id) {
        Div card = new Div(new H3(title));
        card.addClassName("opsplane-card");
        card.setWidthFull();
        card.setId(id);
        return card;
    }
}
