package io.opsplane.console.ui.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import io.opsplane.alerting.alert.AlertView;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.MaskedPart;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.OverviewPanel;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.t;

/** The overview's firing alerts by severity, each count linking to the Alerts page filtered to it. */
@org.springframework.stereotype.Component
@Order(15)
class FiringAlertsPanel extends MaskedPart<AlertingReads> implements OverviewPanel<List<AlertView>> {

    /** Severities worst first; any other a rule sets comes after, by name. */
    private static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");
    private static final int COUNTED = 1000;

    FiringAlertsPanel(AlertingReads alerting, Masking masking) {
        super("firing.title", alerting, masking);
    }

    @Override
    public List<AlertView> load(Instant now) {
        return read(alerting -> alerting.alerts("firing", List.of(), COUNTED));
    }

    @Override
    public Component render(List<AlertView> firing, Instant now) {
        if (firing.isEmpty()) {
            return new Div(Widgets.muted(t("firing.none")), new Anchor(AlertsView.PATH, t("firing.alerts")));
        }
        Map<String, int[]> bySeverity = new TreeMap<>((a, b) -> {
            int ia = SEVERITIES.indexOf(a);
            int ib = SEVERITIES.indexOf(b);
            return ia >= 0 && ib >= 0 ? Integer.compare(ia, ib) : ia >= 0 ? -1 : ib >= 0 ? 1 : a.compareTo(b);
        });
        for (AlertView alert : firing) {
            int[] counts = bySeverity.computeIfAbsent(alert.labels().getOrDefault("severity", ""), s -> new int[3]);
            counts[0]++;
            counts[1] += alert.acknowledgement() == null ? 0 : 1;
            counts[2] += alert.silencedBy().isEmpty() ? 0 : 1;
        }
        NativeTable table = Widgets.table(t("firing.column.severity"), t("firing.column.firing"),
                t("firing.column.acknowledged"), t("firing.column.silenced"));
        table.setId("firing-alerts");
        bySeverity.forEach((severity, counts) -> {
            Anchor count = new Anchor(AlertsView.location("firing", List.of("severity=\"" + severity + "\"")),
                    (counts[0] >= COUNTED ? COUNTED + "+" : String.valueOf(counts[0])));
            // its class also has Widgets.row right-align it, like the counts after it
            count.addClassName("opsplane-count");
            count.getElement().setAttribute("title", t("firing.list"));
            Widgets.row(table, new Badge(severity), count, counts[1], counts[2]);
        });
        return new Div(table, new Anchor(AlertsView.location("firing", List.of()), t("firing.all")));
    }
}
