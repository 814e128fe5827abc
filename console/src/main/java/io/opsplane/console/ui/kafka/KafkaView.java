package io.opsplane.console.ui.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.LagPoint;
import io.opsplane.console.lag.TopicLag;
import io.opsplane.console.ui.kit.Charts;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.QueryReader;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * The consumer groups on the topics the saga definitions name ({@code /kafka}, or {@code /kafka?group=order} for one):
 * how far behind each is on each topic, whether it is moving, who consumes, and the lag over the last hour.
 */
@Route(value = KafkaView.PATH, layout = MainLayout.class)
@Menu(order = 5.2, title = "Kafka")
@RolesAllowed("VIEWER")
public class KafkaView extends ConsolePage implements BeforeEnterObserver {

    public static final String PATH = "kafka";
    static final Duration CHART_WINDOW = Duration.ofHours(1);
    /** Charted at most: the worst ones, so the chart stays readable. */
    static final int CHARTED = 8;

    private final ConsumerLag lag;
    private final Span caption = new Span();
    private final Div body = new Div();
    private String group;

    public KafkaView(ConsumerLag lag) {
        super("kafka.title");
        this.lag = lag;
        body.setWidthFull();
        body.setId("kafka");
        add(header(caption, "kafka-caption", refreshButton(this::show)), body);
    }

    /** This page narrowed to one consumer group. */
    public static String location(String group) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("group", group);
        return QueryReader.location(PATH, values);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        group = new QueryReader(event.getLocation().getQueryParameters()).text("group");
        show();
    }

    private void show() {
        body.removeAll();
        Instant now = Instant.now();
        List<GroupLag> groups = lag.groups(now).stream().filter(g -> group == null || g.group().equals(group)).toList();
        Instant sampled = groups.stream().map(GroupLag::sampledAt).max(Instant::compareTo).orElse(null);
        String what = group == null ? t("kafka.groups", groups.size()) : t("kafka.group", group);
        caption.setText(sampled == null ? what : t("kafka.sampled", what, UserTime.relative(sampled, now)));
        if (groups.isEmpty()) {
            body.add(Widgets.note("kafka-empty", group == null
                    ? t("kafka.none") : t("kafka.noneNamed", group)));
            return;
        }
        body.add(chart(groups.stream().limit(CHARTED).toList(), now), table(groups, now));
        if (group != null) {
            body.add(new Anchor(PATH, t("kafka.all")));
        }
    }

    private static NativeTable table(List<GroupLag> groups, Instant now) {
        NativeTable table = Widgets.table(t("kafka.column.group"), t("kafka.column.service"), t("kafka.column.state"),
                t("kafka.column.members"), t("kafka.column.topic"), t("kafka.column.partitions"), t("kafka.column.lag"));
        table.setId("kafka-groups");
        for (GroupLag group : groups) {
            for (TopicLag topic : group.topics()) {
                Span members = new Span(group.noActiveMembers() ? t("kafka.noMembers") : String.valueOf(group.members()));
                if (group.noActiveMembers()) {
                    members.addClassName(topic.lag() > 0 ? "opsplane-error" : "opsplane-muted");
                }
                Span progress = new Span(LagTexts.progress(topic, now));
                if (topic.stalled(now)) {
                    progress.addClassName("opsplane-error");
                }
                NativeTableRow row = Widgets.row(table, new Anchor(location(group.group()), group.group()),
                        group.service(), group.state().toLowerCase(java.util.Locale.ROOT), members, topic.topic(),
                        topic.partitions(), progress);
                row.getElement().setAttribute("data-group", group.group());
                row.getElement().setAttribute("data-topic", topic.topic());
                row.getElement().setAttribute("data-lag", String.valueOf(topic.lag()));
            }
        }
        return table;
    }

    /** Each group's lag per topic over the last hour: growing lag is the slope to look for. */
    private Div chart(List<GroupLag> groups, Instant now) {
        ObjectNode data = Charts.data();
        ArrayNode series = data.putArray("series");
        for (GroupLag shown : groups) {
            Map<String, ArrayNode> byTopic = new LinkedHashMap<>();
            for (LagPoint point : lag.history(shown.group(), CHART_WINDOW, now)) {
                ArrayNode values = byTopic.computeIfAbsent(point.topic(), topic -> series.addObject()
                        .put("name", shown.group() + " · " + topic).putArray("values"));
                values.addArray().add(point.at().toEpochMilli()).add(point.lag());
            }
        }
        String description = t("kafka.chart", groups.size(), String.join(", ", groups.stream()
                .map(g -> t("kafka.chart.group", g.group(), g.lag())).toList()));
        return Charts.chart("kafka-lag-chart", description, data, Map.of("axis", t("kafka.chart.axis")), """
                return {
                  animation: false,
                  backgroundColor: 'transparent',
                  tooltip: { trigger: 'axis',
                             formatter: (ps) => ps.map((p) => html(p.seriesName) + ': ' + p.value[1]).join('<br>') },
                  legend: { top: 0, type: 'scroll', formatter: (name) => plain(name) },
                  grid: { left: 56, right: 16, top: 32, bottom: 32 },
                  xAxis: { type: 'time' },
                  yAxis: { type: 'value', min: 0, name: words.axis },
                  series: data.series.map((s) => ({ name: s.name, type: 'line', symbol: 'none', data: s.values }))
                };""", null);
    }
}
