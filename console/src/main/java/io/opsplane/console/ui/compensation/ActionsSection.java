package io.opsplane.console.ui.compensation;

import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.opsplane.console.compensation.ActionKind;
import io.opsplane.console.compensation.ActionStatus;
import io.opsplane.console.compensation.OperatorAction;
import io.opsplane.console.compensation.OperatorActions;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.security.Role;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.CurrentUser;
import io.opsplane.console.ui.kit.Messages;
import io.opsplane.console.ui.kit.TitledPart;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailSection;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * "Operator actions" on a saga's page, for OPERATOR and ADMIN only (a viewer's page has no such section):
 * Compensate, Retry step and Resolve, each through {@link ActionDialog} (preview, dry run, confirm with a
 * reason, progress, outcome), and the actions taken on the saga so far.
 */
@org.springframework.stereotype.Component
@Order(5)
class ActionsSection extends TitledPart implements SagaDetailSection {

    private final OperatorActions actions;
    private final Masking masking;

    ActionsSection(OperatorActions actions, Masking masking) {
        super("actions.title");
        this.actions = actions;
        this.masking = masking;
    }

    @Override
    public Component render(SagaDetail saga, Instant now) {
        if (!isOperator()) {
            return null;
        }
        long sagaId = saga.saga().id();
        Div body = new Div();
        body.setId("saga-actions");
        Button compensate = button(t("actions.compensate"), "action-compensate", ActionKind.COMPENSATE, saga);
        compensate.addThemeVariants(ButtonVariant.LUMO_ERROR);
        Button retry = button(t("actions.retry"), "action-retry", ActionKind.RETRY_STEP, saga);
        Button resolve = button(t("actions.resolve"), "action-resolve", ActionKind.RESOLVE, saga);
        HorizontalLayout buttons = new HorizontalLayout(compensate, retry, resolve);
        body.add(buttons);
        List<OperatorAction> taken = masking.forCurrentUser(actions.forSaga(sagaId));
        if (taken.isEmpty()) {
            body.add(Widgets.muted(t("actions.none")));
        } else {
            var table = Widgets.table(t("actions.column.id"), t("actions.column.action"), t("actions.column.status"),
                    t("actions.column.requested"), t("actions.column.reason"), t("actions.column.outcome"));
            for (OperatorAction action : taken) {
                Span requested = new Span(action.approvedBy() == null
                        ? t("actions.requested", UserTime.format(action.requestedAt()), action.requestedBy())
                        : t("actions.requestedApproved", UserTime.format(action.requestedAt()), action.requestedBy(),
                        action.approvedBy()));
                Widgets.row(table, action.id(), action.kind() + (action.step().isEmpty() ? "" : " " + action.step())
                        + " #" + action.attempt(), Widgets.status(action.status()), requested, action.reason(),
                        outcome(action)).getElement().setAttribute("data-action", String.valueOf(action.id()));
            }
            table.setId("saga-action-list");
            body.add(table);
        }
        return body;
    }

    /** The outcome; while a command waits for its destination, why, and a way to withdraw it. */
    private Component outcome(OperatorAction action) {
        OperatorAction.Item waiting = action.status() == ActionStatus.IN_PROGRESS ? action.items().stream()
                .filter(item -> item.state().equals("QUEUED") && item.error() != null).findFirst().orElse(null) : null;
        if (waiting == null) {
            return new Span(action.outcome() == null ? "" : action.outcome());
        }
        Span why = new Span(t("actions.waiting", waiting.commandType(), waiting.error()));
        why.setId("action-" + action.id() + "-waiting");
        Button withdraw = new Button(t("actions.withdraw"), e -> new WithdrawDialog(actions, action.id()).open());
        withdraw.setId("action-" + action.id() + "-withdraw");
        withdraw.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        return new Div(why, withdraw);
    }

    private Button button(String text, String id, ActionKind kind, SagaDetail saga) {
        Button button = new Button(text, e -> new ActionDialog(actions, saga.saga(), kind).open());
        button.setId(id);
        // the planner's own problems decide, so a button is never offered only to be refused in its dialog
        List<String> problems;
        if (saga.saga().status().terminal()) {
            problems = List.of(t("actions.ended", Widgets.statusText(saga.saga().status())));
        } else {
            try {
                problems = actions.preview(saga.saga().id(), kind, null).reasons().stream().map(Messages::t).toList();
            } catch (RuntimeException e) {
                // the dialog reads the preview again and says what went wrong; the button stays offered
                problems = List.of();
            }
        }
        if (!problems.isEmpty()) {
            button.setEnabled(false);
            button.setTooltipText(t("actions.cannot", text.toLowerCase(java.util.Locale.ROOT), String.join("; ", problems)));
            button.getElement().setAttribute("data-disabled-reason", String.join("; ", problems));
        }
        return button;
    }

    static boolean isOperator() {
        return CurrentUser.has(Role.OPERATOR);
    }

    static String userName() {
        return CurrentUser.name();
    }
}
