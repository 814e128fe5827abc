package io.opsplane.console.ui.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.Route;
import io.opsplane.alerting.alert.RuleState;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.console.alerting.AlertingActions;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Every alert rule with how its evaluations go (OK, no data or error, and why), where it is defined
 * (the rules file with its line, or stored), and, for an ADMIN, creating, changing and deleting the
 * stored ones in the rules file's YAML, with the parser's own messages when something is wrong.
 */
@Route(value = RulesView.PATH, layout = MainLayout.class)
@RolesAllowed("VIEWER")
public class RulesView extends AlertingPage {

    public static final String PATH = "alerts/rules";
    /** The rules' template syntax, the same in every language. */
    private static final String PLACEHOLDERS = "{{ .Labels.<name> }}, {{ .Value }}, {{ .Value | percent }}, {{ .Samples }}, "
            + "{{ .Link }}";
    static final String NEW_RULE = """
            name: PaymentStuck
            kind: saga-stuck
            sagaType: order-placement
            step: charge-payment
            threshold: 1
            for: 2m
            severity: warning
            annotations:
              summary: "{{ .Value }} {{ .Labels.saga_type }} sagas stuck at {{ .Labels.step }}"
              summary_ko: "{{ .Labels.saga_type }} 사가 {{ .Value }}건이 {{ .Labels.step }}에서 멈춤"
            """;

    private final Span count = new Span();
    private final Div content = new Div();

    public RulesView(AlertingReads alerting, AlertingActions actions, Masking masking) {
        super("rules.title", alerting, actions, masking);
        HorizontalLayout header = header(count, "rule-count", refreshButton(this::show));
        if (actions.mayConfigure()) {
            Button create = new Button(t("rules.new"), VaadinIcon.PLUS.create(), e -> edit(null, NEW_RULE));
            create.setId("new-rule");
            header.add(create);
        }
        content.setWidthFull();
        content.setId("rules");
        add(header, content);
    }

    @Override
    protected void show() {
        content.removeAll();
        List<AlertRule> rules;
        Map<String, RuleState> states;
        try {
            rules = alerting.rules();
            states = alerting.ruleStates().stream()
                    .collect(Collectors.toMap(RuleState::rule, Function.identity()));
        } catch (RuntimeException e) {
            count.setText("");
            content.add(Texts.error(t("rules.error", Texts.problem(e))));
            return;
        }
        count.setText(t("rules.count", rules.size(), UserTime.zoneName()));
        if (rules.isEmpty()) {
            content.add(Widgets.muted(t("rules.none")));
            return;
        }
        Instant now = Instant.now();
        NativeTable table = Widgets.table(t("rules.column.rule"), t("rules.column.health"),
                t("rules.column.lastEvaluation"), t("rules.column.condition"), t("rules.column.source"), "");
        for (AlertRule rule : rules) {
            RuleState state = states.get(rule.name());
            NativeTableRow row = table.getBody().addRow();
            row.setId("rule-" + rule.name());
            String health = state == null ? "NOT_YET_EVALUATED" : state.health().name();
            row.getElement().setAttribute("data-health", health);
            row.addDataCell().add(new Div(new Span(rule.name())), Widgets.muted(rule.kind().id() + " · "
                    + rule.severity()));
            Div healthCell = new Div(new Badge(health));
            if (state != null && state.lastError() != null) {
                Paragraph why = Widgets.muted(state.lastError());
                why.addClassName("rule-health-reason");
                healthCell.add(why);
            }
            row.addDataCell().add(healthCell);
            row.addDataCell().setText(state == null || state.lastEvaluatedAt() == null ? t("rules.notYet")
                    : state.lastDurationMs() == null ? t("rules.evaluated", Texts.when(state.lastEvaluatedAt(), now),
                    state.series())
                    : t("rules.evaluatedIn", Texts.when(state.lastEvaluatedAt(), now),
                    String.valueOf(Math.round(state.lastDurationMs())), state.series()));
            row.addDataCell().setText(condition(rule));
            row.addDataCell().setText(rule.fromApi() ? t("rules.stored") : rule.source());
            var actionsCell = row.addDataCell();
            if (actions.mayConfigure()) {
                Button edit = new Button(t("rules.edit"), e -> edit(rule.name(), yaml(rule)));
                edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
                edit.setId("edit-rule-" + rule.name());
                Button delete = new Button(t("rules.delete"), e -> confirmDelete(rule.name()));
                delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
                delete.setId("delete-rule-" + rule.name());
                if (!rule.fromApi()) {
                    // a rule from a file comes back with the next reload: it is changed where it is written
                    for (Button button : List.of(edit, delete)) {
                        button.setEnabled(false);
                        button.setTooltipText(t("rules.fromFile", rule.source()));
                    }
                }
                actionsCell.add(new HorizontalLayout(edit, delete));
            }
        }
        content.add(table);
    }

    private static String condition(AlertRule rule) {
        Map<String, Object> definition = rule.definition();
        String filters = definition.entrySet().stream()
                .filter(e -> List.of("sagaType", "step", "reason", "outcome", "service", "operation", "query",
                        "window").contains(e.getKey()))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        // the filters as the rules file names them; the sentence around them in the page's language
        String condition = t("rules.condition", String.valueOf(definition.get("threshold")), definition.get("for"),
                definition.get("interval"));
        return filters.isEmpty() ? condition : t("rules.conditionFiltered", filters, condition);
    }

    /** The rule as a rules-file entry, for editing. */
    static String yaml(AlertRule rule) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        Map<String, Object> definition = new java.util.LinkedHashMap<>(rule.definition());
        definition.values().removeIf(v -> v instanceof Map<?, ?> map && map.isEmpty());
        return new Yaml(options).dump(definition);
    }

    /** Creates ({@code name} null) or changes a stored rule; the dialog stays open with the problem while it is wrong. */
    private void edit(String name, String body) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(name == null ? t("rules.dialog.new") : t("rules.dialog.change", name));
        TextArea text = new TextArea(t("rules.dialog.text"));
        text.setValue(body);
        text.setWidth("44em");
        text.setMinHeight("18em");
        text.addClassName("opsplane-code");
        text.setId("rule-body");
        Paragraph problem = Texts.error("");
        problem.setId("rule-problem");
        problem.setVisible(false);
        Button save = new Button(name == null ? t("rules.dialog.create") : t("rules.dialog.save"), e -> {
            try {
                AlertRule saved = name == null ? actions.createRule(text.getValue())
                        : actions.updateRule(name, text.getValue());
                dialog.close();
                Notification.show(t("rules.saved", saved.name()));
                show();
            } catch (RuntimeException failed) {
                problem.setText(Texts.problem(failed));
                problem.setVisible(true);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("rule-save");
        dialog.add(new VerticalLayout(text, Widgets.muted(t("rules.dialog.help", PLACEHOLDERS)), problem));
        dialog.getFooter().add(new Button(t("common.cancel"), e -> dialog.close()), save);
        dialog.open();
    }

    private void confirmDelete(String name) {
        ConfirmDialog confirm = new ConfirmDialog(t("rules.deleteConfirm.title", name),
                t("rules.deleteConfirm.text"), t("rules.delete"), e -> {
            try {
                actions.deleteRule(name);
                Notification.show(t("rules.deleted", name));
            } catch (RuntimeException failed) {
                Notification.show(t("rules.deleteError", name, Texts.problem(failed)));
            }
            show();
        });
        confirm.setConfirmButtonTheme("error primary");
        confirm.setCancelable(true);
        confirm.open();
    }
}
