package io.opsplane.console.ui.telemetry;

import static io.opsplane.console.ui.kit.Messages.t;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import io.opsplane.console.telemetry.trace.ServiceHealth;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kafka.LagTexts;
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.TitledPart;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.OverviewPanel;
import io.opsplane.console.ui.shell.OverviewScope;
import org.springframework.core.annotation.Order;

/**
 * Each service's spans over the last 15 minutes: rate, error ratio and p95 latency, every figure a link
 * to the traces behind it (the service's traces, its failed ones, those at least as slow as its p95), and how far
 * its consumer groups are behind on the saga topics.
 * When Elasticsearch is away the panel says so and the saga panels go on.
 */
@org.springframework.stereotype.Component
@Order(25)
class ServicesPanel extends TitledPart implements OverviewPanel<ServicesPanel.Reading> {

    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Traces traces;
    private final ConsumerLag lag;

    ServicesPanel(Traces traces, ConsumerLag lag) {
        super("servicesPanel.title", WINDOW.toMinutes());
        this.traces = traces;
        this.lag = lag;
    }

    /** The figures, or why there are none; each service's consumer groups, worst first. */
    record Reading(List<ServiceHealth> services, RuntimeException failure, Map<String, List<GroupLag>> groups) {
    }

    @Override
    public Reading load(Instant now) {
        return load(now, OverviewScope.EVERYTHING);
    }

    @Override
    public boolean scoped() {
        return true;
    }

    /** The services whose spans say they run in the overview's namespace/environment, figures of those spans only. */
    @Override
    public Reading load(Instant now, OverviewScope scope) {
        Map<String, List<GroupLag>> groups = lag.groups(now).stream()
                .collect(java.util.stream.Collectors.groupingBy(GroupLag::service));
        try {
            return new Reading(traces.serviceHealth(now.minus(WINDOW), now, scope.deployment()), null, groups);
        } catch (TelemetryUnavailableException e) {
            return new Reading(List.of(), e, groups);
        }
    }

    @Override
    public Component render(Reading reading, Instant now) {
        if (reading.failure() != null) {
            return Widgets.telemetryProblem(reading.failure(), Widgets.TRACES_UNAVAILABLE, t("traces.what"),
                    "services-problem");
        }
        if (reading.services().isEmpty()) {
            return Widgets.muted(t("servicesPanel.none", WINDOW.toMinutes()));
        }
        TimeWindow window = TimeWindow.between(now.minus(WINDOW), now);
        NativeTable table = Widgets.table(t("servicesPanel.column.service"), t("servicesPanel.column.rate"),
                t("servicesPanel.column.errors"), t("servicesPanel.column.p95"), t("servicesPanel.column.lag"));
        table.setId("services-table");
        for (ServiceHealth service : reading.services()) {
            TraceSearchQuery all = TraceSearchQuery.of(service.service()).withWindow(window);
            Anchor name = new Anchor(all.location(), service.service());
            Anchor rate = figure(all.location(), rate(service.ratePerSecond()),
                    t("servicesPanel.spans", service.spans()));
            Anchor errors = figure(all.withTags(Map.of("error", "true")).location(),
                    String.format(Locale.ROOT, "%.1f %%", service.errorRatio() * 100),
                    t("servicesPanel.failed", service.errors()));
            errors.getElement().setAttribute("data-figure", "errors");
            if (service.errors() > 0) {
                errors.addClassName("opsplane-error");
            }
            Duration p95 = Duration.ofNanos(Math.round(service.p95Millis() * 1000) * 1000);
            Anchor slow = figure(all.withMinDuration(p95).location(), Durations.readable(p95.toNanos() / 1000),
                    t("servicesPanel.slow"));
            slow.getElement().setAttribute("data-figure", "p95");
            rate.getElement().setAttribute("data-figure", "rate");
            List<GroupLag> groups = reading.groups().getOrDefault(service.service(), List.of());
            Component kafka = groups.isEmpty() ? Widgets.muted("–") : LagTexts.summary(groups.getFirst(), now);
            kafka.getElement().setAttribute("data-figure", "kafka-lag");
            NativeTableRow row = Widgets.row(table, name, rate, errors, slow, kafka);
            row.getElement().setAttribute("data-service", service.service());
        }
        return table;
    }

    /** Per second, or per minute when less than one a second, so a quiet service does not read "0.00/s". */
    static String rate(double perSecond) {
        return perSecond >= 1 ? String.format(Locale.ROOT, "%.1f/s", perSecond)
                : String.format(Locale.ROOT, "%.1f/min", perSecond * 60);
    }

    private static Anchor figure(String href, String text, String title) {
        Anchor link = new Anchor(href, text);
        link.addClassName("opsplane-count");
        link.getElement().setAttribute("title", title);
        return link;
    }
}
