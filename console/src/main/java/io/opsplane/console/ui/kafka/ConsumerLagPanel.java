package io.opsplane.console.ui.kafka;

import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.ui.kit.TitledPart;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.OverviewPanel;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * The consumer groups furthest behind on the saga topics: a service that stopped consuming shows here before any of
 * its sagas times out.
 */
@org.springframework.stereotype.Component
@Order(8)
class ConsumerLagPanel extends TitledPart implements OverviewPanel<List<GroupLag>> {

    static final int SHOWN = 5;

    private final ConsumerLag lag;

    ConsumerLagPanel(ConsumerLag lag) {
        super("lagPanel.title");
        this.lag = lag;
    }

    @Override
    public List<GroupLag> load(Instant now) {
        return lag.behind(now, SHOWN);
    }

    @Override
    public Component render(List<GroupLag> groups, Instant now) {
        if (groups.isEmpty()) {
            Div caughtUp = new Div(Widgets.muted(t("lagPanel.caughtUp")),
                    new Anchor(KafkaView.PATH, t("lagPanel.all")));
            caughtUp.setId("consumer-lag-none");
            return caughtUp;
        }
        NativeTable table = Widgets.table(t("lagPanel.column.group"), t("lagPanel.column.service"), t("lagPanel.column.lag"),
                t("lagPanel.column.members"));
        table.setId("consumer-lag-table");
        for (GroupLag group : groups) {
            NativeTableRow row = Widgets.row(table, new Anchor(KafkaView.location(group.group()), group.group()),
                    group.service(), LagTexts.summary(group, now), group.members());
            row.getElement().setAttribute("data-group", group.group());
        }
        return new Div(table, new Anchor(KafkaView.PATH, t("lagPanel.all")));
    }
}
