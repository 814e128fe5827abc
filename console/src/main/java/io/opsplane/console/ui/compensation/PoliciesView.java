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

import static io.opsplane.console.ui.kit.Messages.message;
import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Policies and approvals at {@code /policies}: the kill switch and approval threshold, the automatic
 * compensation policies (changed by an ADMIN only), and what waits for a second operator's approval (anyone
 * but its requester approves or rejects it).
 */
@Route(value = PoliciesView.PATH, layout = MainLayout.class)
@Menu(order = 8, title = "Policies")
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
        super("policies.title");
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
        add(new H2(title()), problem);
        add(approvals());
        add(switches());
        add(policyList());
    }

    private Div approvals() {
        Div card = card(t("policies.approvals"), "approvals");
        String me = ActionsSection.userName();
        List<OperatorAction> pending = masking.forCurrentUser(actions.pendingApproval());
        List<BulkJob> jobs = masking.forCurrentUser(bulkJobs.pendingApproval());
        if (pending.isEmpty() && jobs.isEmpty()) {
            card.add(Widgets.muted(t("policies.approvals.none")));
            return card;
        }
        TextField reason = new TextField(t("policies.rejectReason"));
        var table = Widgets.table(t("policies.column.what"), t("policies.column.requestedBy"), t("policies.column.reason"), "");
        for (OperatorAction action : pending) {
            HorizontalLayout buttons = new HorizontalLayout();
            if (!action.requestedBy().equals(me)) {
                buttons.add(button(t("policies.approve"), "approve-action-" + action.id(), () -> actions.approve(action.id(), me)),
                        button(t("policies.reject"), "reject-action-" + action.id(), () -> actions.reject(action.id(), me,
                                reason.getValue())));
            } else {
                buttons.add(Widgets.muted(t("policies.yours")));
            }
            Widgets.row(table, new Anchor(SagaDetailView.location(action.sagaId()), t("policies.action",
                    t("action.kind." + action.kind().name()), action.correlationKey(), action.items().size())), action.requestedBy(),
                    action.reason(), buttons);
        }
        for (BulkJob job : jobs) {
            HorizontalLayout buttons = new HorizontalLayout();
            if (!job.requestedBy().equals(me)) {
                buttons.add(button(t("policies.approve"), "approve-job-" + job.id(), () -> bulkJobs.approve(job.id(), me)),
                        button(t("policies.reject"), "reject-job-" + job.id(), () -> bulkJobs.reject(job.id(), me, reason.getValue())));
            } else {
                buttons.add(Widgets.muted(t("policies.yours")));
            }
            Widgets.row(table, new Anchor(BulkActionsView.PATH, t("policies.job", String.valueOf(job.id()),
                    t("action.kind." + job.kind().name()), job.total())), job.requestedBy(), job.reason(), buttons);
        }
        card.add(table, reason);
        return card;
    }

    private Div switches() {
        Div card = card(t("policies.switches"), "switches");
        CompensationSettings.Settings current = settings.current();
        Checkbox kill = new Checkbox(t("policies.killSwitch"), current.killSwitch());
        kill.setId("kill-switch");
        IntegerField threshold = new IntegerField(t("policies.threshold"));
        threshold.setValue(current.approvalThreshold());
        threshold.setMin(0);
        threshold.setWidth("22em");
        TextField reason = new TextField(t("policies.reason"));
        Button save = button(t("policies.save"), "save-settings", () -> settings.update(kill.getValue(), threshold.getValue(),
                reason.getValue(), ActionsSection.userName()));
        boolean admin = admin();
        kill.setEnabled(admin);
        threshold.setEnabled(admin);
        reason.setEnabled(admin);
        save.setEnabled(admin);
        if (!admin) {
            save.setTooltipText(t("policies.adminOnly"));
        }
        HorizontalLayout row = new HorizontalLayout(kill, threshold, reason, save);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.setWrap(true);
        card.add(row, Widgets.muted(t(admin ? "policies.lastChanged" : "policies.lastChangedAdminOnly",
                current.updatedBy(), UserTime.format(current.updatedAt()))));
        return card;
    }

    private Div policyList() {
        Div card = card(t("policies.list"), "policy-list");
        List<CompensationPolicy> all = policies.list();
        if (all.isEmpty()) {
            card.add(Widgets.muted(t("policies.none")));
        } else {
            var table = Widgets.table(t("policies.column.name"), t("policies.column.rule"), t("policies.column.enabled"),
                    t("policies.column.created"), "");
            for (CompensationPolicy policy : all) {
                Widgets.row(table, policy.name(), CompensationPolicies.describe(policy), policy.enabled() ? t("common.yes") : t("common.no"),
                        t("policies.created", policy.createdBy(), UserTime.format(policy.createdAt())),
                        admin() ? button(t("policies.delete"), "delete-policy-" + policy.id(), () -> policies.delete(policy.id(),
                                ActionsSection.userName(), "deleted in the console")) : new Span());
            }
            card.add(table);
        }
        if (admin()) {
            TextField name = new TextField(t("policies.field.name"));
            TextField type = new TextField(t("policies.field.type"));
            TextField reason = new TextField(t("policies.field.reason"));
            TextField step = new TextField(t("policies.field.step"));
            TextField minStuck = new TextField(t("policies.field.minStuck"));
            IntegerField perHour = new IntegerField(t("policies.field.perHour"));
            perHour.setValue(60);
            TextField why = new TextField(t("policies.field.why"));
            Button create = button(t("policies.add"), "add-policy", () -> policies.create(new PolicyRequest(name.getValue(),
                    type.getValue(), reason.getValue(), step.getValue(), minStuck.getValue(), perHour.getValue(), true,
                    why.getValue()), ActionsSection.userName()));
            HorizontalLayout form = new HorizontalLayout(name, type, reason, step, minStuck, perHour, why, create);
            form.setWrap(true);
            form.setAlignItems(FlexComponent.Alignment.BASELINE);
            card.add(new H3(t("policies.new")), form);
        }
        return card;
    }

    private Button button(String text, String id, Runnable action) {
        Button button = new Button(text, e -> {
            try {
                action.run();
                problem.setText("");
            } catch (ActionRefusedException | IllegalArgumentException | AccessDeniedException ex) {
                problem.setText(message(ex));
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
