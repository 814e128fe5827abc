package io.opsplane.console.ui.compensation;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.opsplane.console.compensation.ActionRefusedException;
import io.opsplane.console.compensation.OperatorActions;

import static io.opsplane.console.ui.kit.Messages.message;
import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Withdraws an action's command that waits for a destination that will not come back, with a reason for the audit
 * log: nothing more is sent, and the action ends FAILED, freeing the saga for another action.
 */
class WithdrawDialog extends Dialog {

    WithdrawDialog(OperatorActions actions, long actionId) {
        setHeaderTitle(t("withdraw.title", String.valueOf(actionId)));
        Paragraph what = new Paragraph(t("withdraw.explain"));
        TextArea reason = new TextArea(t("action.reason"));
        reason.setId("withdraw-reason");
        reason.setWidthFull();
        reason.setValueChangeMode(ValueChangeMode.EAGER);
        Paragraph refused = new Paragraph();
        refused.addClassName("opsplane-error");
        refused.setId("withdraw-refused");
        refused.setVisible(false);
        Button confirm = new Button(t("withdraw.confirm"), e -> {
            try {
                actions.cancelUndelivered(actionId, ActionsSection.userName(), reason.getValue());
                close();
                UI.getCurrent().getPage().reload();
            } catch (ActionRefusedException | IllegalArgumentException ex) {
                refused.setText(t("action.refused", message(ex)));
                refused.setVisible(true);
            }
        });
        confirm.setId("withdraw-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.setEnabled(false);
        reason.addValueChangeListener(e -> confirm.setEnabled(!e.getValue().isBlank()));
        add(what, reason, refused);
        getFooter().add(new Button(t("withdraw.keep"), e -> close()), confirm);
    }
}
