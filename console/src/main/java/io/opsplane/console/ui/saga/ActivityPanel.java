package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import io.opsplane.console.saga.SagaActivity;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.ui.kit.Charts;
import io.opsplane.console.ui.kit.TitledPart;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.OverviewPanel;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Sagas started, completed and compensated over the last six hours in ten-minute buckets, drawn by
 * the kit's ECharts chart. A click on a bucket lists the sagas started in it.
 */
@org.springframework.stereotype.Component
@Order(30)
class ActivityPanel extends TitledPart implements OverviewPanel<List<SagaActivity>> {

    static final Duration WINDOW = Duration.ofHours(6);
    static final Duration BUCKET = Duration.ofMinutes(10);

    private final SagaQueries sagas;

    ActivityPanel(SagaQueries sagas) {
        super("activity.title", WINDOW.toHours());
        this.sagas = sagas;
    }

    @Override
    public boolean wide() {
        return true;
    }

    @Override
    public List<SagaActivity> load(Instant now) {
        long bucketSeconds = BUCKET.toSeconds();
        Instant end = Instant.ofEpochSecond((now.getEpochSecond() / bucketSeconds + 1) * bucketSeconds);
        return sagas.activity(end.minus(WINDOW), end, BUCKET);
    }

    @Override
    public Component render(List<SagaActivity> buckets, Instant now) {
        long started = buckets.stream().mapToLong(SagaActivity::started).sum();
        long completed = buckets.stream().mapToLong(SagaActivity::completed).sum();
        long compensated = buckets.stream().mapToLong(SagaActivity::compensated).sum();
        Instant from = buckets.getFirst().from();
        SagaFilter startedInWindow = new SagaFilter(null, null, null, null, null, null, null, from, null, null, null,
                null);
        Div totals = new Div(Widgets.sentence("activity.totals", SagaLinks.countLink(started, startedInWindow),
                completed, compensated));
        totals.addClassName("opsplane-muted");

        ObjectNode data = Charts.data();
        ArrayNode labels = data.putArray("labels");
        data.putArray("names").add(t("activity.series.started")).add(t("activity.series.completed"))
                .add(t("activity.series.compensated"));
        ArrayNode links = data.putArray("links");
        ArrayNode startedSeries = data.putArray("started");
        ArrayNode completedSeries = data.putArray("completed");
        ArrayNode compensatedSeries = data.putArray("compensated");
        for (SagaActivity bucket : buckets) {
            labels.add(UserTime.time(bucket.from()).substring(0, 5));
            links.add(SagaListQuery.location(new SagaFilter(null, null, null, null, null, null, null, bucket.from(),
                    bucket.to(), null, null, null)));
            startedSeries.add(bucket.started());
            completedSeries.add(bucket.completed());
            compensatedSeries.add(bucket.compensated());
        }
        // the data holds only counts, times and console addresses, so the tooltip needs no escaping
        Div chart = Charts.chart("activity-chart", t("activity.chart", started, completed, compensated,
                WINDOW.toHours()), data, """
                return {
                  animation: false,
                  backgroundColor: 'transparent',
                  tooltip: { trigger: 'axis' },
                  legend: { data: data.names },
                  grid: { left: 48, right: 16, top: 36, bottom: 28 },
                  xAxis: { type: 'category', data: data.labels },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    { name: data.names[0], type: 'bar', data: data.started, itemStyle: { color: '#5470c6' } },
                    { name: data.names[1], type: 'line', data: data.completed, itemStyle: { color: '#3ba272' } },
                    { name: data.names[2], type: 'line', data: data.compensated, itemStyle: { color: '#ee6666' } }
                  ]
                };""", "if (params.seriesIndex === 0) { window.location.assign(data.links[params.dataIndex]); }");
        Div panel = new Div(totals, chart);
        panel.setWidthFull();
        return panel;
    }
}
