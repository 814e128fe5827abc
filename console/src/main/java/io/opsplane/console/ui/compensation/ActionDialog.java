package io.opsplane.console.ui.compensation;


import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.shared.Registration;
import io.opsplane.console.compensation.ActionKind;
import io.opsplane.console.compensation.ActionPreview;
import io.opsplane.console.compensation.ActionRefusedException;
import io.opsplane.console.compensation.ActionRequest;
import io.opsplane.console.compensation.Decision;
import io.opsplane.console.compensation.DryRun;
import io.opsplane.console.compensation.OperatorAction;
import io.opsplane.console.compensation.OperatorActions;
import io.opsplane.console.compensation.PlannedCommand;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import tools.jackson.databind.json.JsonMapper;

import static io.opsplane.console.ui.kit.Messages.message;
import static io.opsplane.console.ui.kit.Messages.t;

/**
 * One action on one saga, in three stages: the preview (steps, the exact commands with their payloads and
 * idempotency keys, and why the saga does not allow it if it does not), an optional dry run, and the
 * confirmation with a required reason; then the action's progress, polled each second, until its outcome.
 */
class ActionDialog extends Dialog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OperatorActions actions;
    private final SagaSummary saga;
    private final ActionKind kind;
    private final Div content = new Div();
    private Registration polling;

    ActionDialog(OperatorActions actions, SagaSummary saga, ActionKind kind) {
        this.actions = actions;
        this.saga = saga;
        this.kind = kind;
        setHeaderTitle(t("action.dialog.title", title(kind), saga.correlationKey()));
        setWidth("min(960px, 95vw)");
        // a stray click beside the dialog must not throw away a preview someone is reading
        setCloseOnOutsideClick(false);
        content.setId("action-dialog");
        add(content);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                stopPolling();
            }
        });
        showPreview();
    }

    private static String title(ActionKind kind) {
        return t("action.kind." + kind.name());
    }

    private void showPreview() {
        content.removeAll();
        ActionPreview preview = actions.preview(saga.id(), kind, null);
        content.add(new Paragraph(kind == ActionKind.RETRY_STEP && preview.step() != null
                ? t("action.explain.RETRY_STEP.step", preview.step()) : t("action.explain." + kind.name())));
        Div dryRun = new Div();
        dryRun.setId("dry-run-result");
        content.add(dryRun);
        if (!preview.allowed()) {
            Div problems = new Div();
            problems.setId("action-problems");
            problems.addClassName("opsplane-error");
            preview.reasons().forEach(p -> problems.add(new Paragraph(t(p))));
            content.add(problems);
        }
        if (!preview.commands().isEmpty()) {
            content.add(new H4(t("action.commands.title", preview.attempt())));
            var table = Widgets.table(t("action.commands.seq"), t("action.commands.step"), t("action.commands.command"),
                    t("action.commands.to"), t("action.commands.idempotencyKey"), t("action.commands.proof"),
                    t("action.commands.timeout"));
            for (PlannedCommand c : preview.commands()) {
                Widgets.row(table, c.seq(), c.step(), c.commandType(), c.destination(), c.idempotencyKey(),
                        c.expectedEvent(), UserTime.duration(c.timeout()));
            }
            table.setId("action-commands");
            content.add(table);
            for (PlannedCommand c : preview.commands()) {
                if (c.caution() != null) {
                    Paragraph note = new Paragraph(t("action.commands.note", c.commandType(), c.step(), c.caution()));
                    note.addClassName("opsplane-warning");
                    note.getElement().setAttribute("data-note", c.step());
                    content.add(note);
                }
            }
            for (PlannedCommand c : preview.commands()) {
                Pre envelope = new Pre(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c.envelope()));
                envelope.addClassName("opsplane-envelope");
                envelope.setId("preview-envelope-" + c.seq());
                content.add(new Span(t("action.commands.envelope", c.commandType())), envelope);
            }
        }
        if (preview.needsApproval()) {
            content.add(Widgets.muted(t("action.needsApproval")));
        }
        Button check = new Button(t("action.dryRun"), e -> showDryRun(dryRun));
        check.setId("action-dry-run");
        TextArea reason = new TextArea(t("action.reason"));
        reason.setId("action-reason");
        reason.setWidthFull();
        reason.setValueChangeMode(ValueChangeMode.EAGER);
        reason.setEnabled(preview.allowed());
        Button confirm = new Button(t("action.confirm." + kind.name()), e -> confirm(preview, reason.getValue()));
        confirm.setId("action-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        confirm.setEnabled(false);
        reason.addValueChangeListener(e -> confirm.setEnabled(preview.allowed() && !e.getValue().isBlank()));
        content.add(reason);
        Button cancel = new Button(t("common.cancel"), e -> close());
        getFooter().removeAll();
        getFooter().add(check, cancel, confirm);
    }

    private void showDryRun(Div into) {
        into.removeAll();
        DryRun result = actions.dryRun(saga.id(), kind, null);
        into.add(new H4(result.ok() ? t("action.dryRun.ok") : t("action.dryRun.notOk")));
        UnorderedList checks = new UnorderedList();
        for (DryRun.Check check : result.checks()) {
            ListItem item = new ListItem(t("action.dryRun.check", check.subject(), check.finding()));
            item.addClassName("opsplane-check");
            item.getElement().setAttribute("data-ok", String.valueOf(check.ok()));
            checks.add(item);
        }
        into.add(checks);
        into.getElement().setAttribute("data-ok", String.valueOf(result.ok()));
        into.scrollIntoView();
    }

    private void confirm(ActionPreview preview, String reason) {
        Decision decision;
        try {
            decision = actions.confirm(saga.id(), new ActionRequest(kind, preview.step(), reason, preview.attempt()),
                    ActionsSection.userName());
        } catch (ActionRefusedException | IllegalArgumentException e) {
            Paragraph refused = new Paragraph(t("action.refused", message(e)));
            refused.addClassName("opsplane-error");
            refused.setId("action-refused");
            content.add(refused);
            return;
        }
        showProgress(decision.action().id(), decision.created());
    }

    private void showProgress(long actionId, boolean created) {
        content.removeAll();
        getFooter().removeAll();
        Div progress = new Div();
        progress.setId("action-progress");
        content.add(progress);
        if (!created) {
            content.add(Widgets.muted(t("action.alreadyConfirmed")));
        }
        Button close = new Button(t("common.close"), e -> {
            close();
            UI.getCurrent().getPage().reload();
        });
        close.setId("action-close");
        getFooter().add(close);
        refresh(progress, actionId);
        UI ui = UI.getCurrent();
        ui.setPollInterval(1000);
        ComponentEventListener<PollEvent> listener = e -> refresh(progress, actionId);
        polling = ui.addPollListener(listener);
    }

    private void refresh(Div progress, long actionId) {
        OperatorAction action = actions.find(actionId).orElseThrow();
        progress.removeAll();
        Span status = Widgets.status(action.status());
        status.setId("action-status");
        progress.add(new Div(Widgets.sentence("action.progress", status, String.valueOf(action.id()),
                t("action.kind." + action.kind().name()), action.attempt())));
        long settled = action.items().stream().filter(i -> !i.state().equals("WAITING") && !i.state().equals("QUEUED")
                && !i.state().equals("SENT")).count();
        if (!action.items().isEmpty()) {
            ProgressBar bar = new ProgressBar(0, action.items().size(), settled);
            bar.setIndeterminate(!action.status().finished() && settled == 0);
            progress.add(bar);
            UnorderedList items = new UnorderedList();
            items.setId("action-items");
            for (OperatorAction.Item item : action.items()) {
                ListItem li = new ListItem(Widgets.sentence("action.item", Widgets.status(item.state()), item.seq(),
                        item.commandType(), item.step(), describe(item)));
                li.getElement().setAttribute("data-state", item.state());
                items.add(li);
            }
            progress.add(items);
        }
        if (action.status().finished()) {
            Paragraph outcome = new Paragraph(action.outcome());
            outcome.setId("action-outcome");
            progress.add(outcome);
            stopPolling();
        } else if (action.outcome() != null) {
            progress.add(Widgets.muted(action.outcome()));
        }
    }

    private static String describe(OperatorAction.Item item) {
        return switch (item.state()) {
            case "WAITING" -> t("action.item.WAITING");
            case "QUEUED" -> t("action.item.QUEUED");
            case "SENT" -> t("action.item.SENT", UserTime.time(item.sentAt()), item.expectedEvent(),
                    UserTime.time(item.deadline()));
            case "VERIFIED" -> t("action.item.VERIFIED", item.expectedEvent(), UserTime.time(item.verifiedAt()));
            default -> item.error() == null ? "" : t("action.item.error", item.error());
        };
    }

    private void stopPolling() {
        if (polling != null) {
            polling.remove();
            polling = null;
            UI.getCurrent().setPollInterval(-1);
        }
    }

}
