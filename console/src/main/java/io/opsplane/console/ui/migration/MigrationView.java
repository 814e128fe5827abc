package io.opsplane.console.ui.migration;

import static io.opsplane.console.ui.kit.Messages.t;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.opsplane.console.migration.Backend;
import io.opsplane.console.migration.Migration;
import io.opsplane.console.migration.RouteMigration;
import io.opsplane.console.ui.kit.Charts;
import io.opsplane.console.ui.kit.Durations;
import io.opsplane.console.ui.kit.QueryReader;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.kit.WindowPage;
import io.opsplane.console.ui.shell.MainLayout;
import io.opsplane.console.ui.telemetry.TelemetryLinks;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The strangler-fig migration at the edge ({@code /migration?lookback=1h}, optionally {@code &route=/orders}): for
 * each route a legacy service answers, or more than one service does, a chart of which service took what share of
 * its requests over time, and a table putting legacy and new side by side: share, errors, p95 and the sagas their
 * requests started. The question it answers: is the new service ready to take all of the route?
 */
@Route(value = MigrationView.PATH, layout = MainLayout.class)
@Menu(order = 5.5, title = "Migration")
@RolesAllowed("VIEWER")
public class MigrationView extends WindowPage {

    public static final String PATH = "migration";

    private final Migration migration;
    private String route;

    public MigrationView(Migration migration) {
        super("migration.title");
        this.migration = migration;
        lookback.onChosen(window -> location(window, route), this::show);
        layOut("migration", lookback);
    }

    /** This view over the window, narrowed to one route when {@code route} is not null. */
    public static String location(TimeWindow window, String route) {
        Map<String, String> values = new LinkedHashMap<>();
        window.putInto(values);
        if (route != null) {
            values.put("route", route);
        }
        return QueryReader.location(PATH, values);
    }

    @Override
    protected void readAddress(QueryReader read) {
        route = read.text("route");
    }

    @Override
    protected void show(TimeWindow window) {
        body.removeAll();
        Instant now = Instant.now();
        List<RouteMigration> routes;
        try {
            routes = migration.routes(window.start(now), window.end(now)).stream()
                    .filter(r -> route == null || r.route().equals(route)).toList();
        } catch (RuntimeException e) {
            caption.setText("");
            body.add(Widgets.telemetryProblem(e, Widgets.TRACES_UNAVAILABLE, t("migration.what"), "migration-problem"));
            return;
        }
        List<String> legacy = migration.legacyServices();
        caption.setText(legacy.isEmpty() ? t("migration.caption.noLegacy", window.describe())
                : t("migration.caption", String.join(", ", legacy), window.describe()));
        if (legacy.isEmpty()) {
            body.add(Widgets.note("migration-no-legacy", t("migration.noLegacy")));
        }
        if (routes.isEmpty()) {
            body.add(Widgets.note("migration-empty", t("migration.empty", window.describe())));
            return;
        }
        for (int i = 0; i < routes.size(); i++) {
            body.add(section(routes.get(i), window, "migration-shares-" + i));
        }
    }

    private static Div section(RouteMigration route, TimeWindow window, String chartId) {
        Div section = new Div();
        section.addClassName("opsplane-section");
        section.getElement().setAttribute("data-route", route.route());
        H3 title = new H3(route.route());
        Span summary = new Span(t("migration.summary", String.format(Locale.ROOT, "%.0f", route.newShare() * 100),
                route.requests()));
        summary.addClassName("opsplane-muted");
        summary.getElement().setAttribute("data-figure", "new-share");
        HorizontalLayout heading = new HorizontalLayout(title, summary);
        heading.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        section.add(heading, shares(route, chartId), table(route, window));
        return section;
    }

    /** Each service's share of the route's requests per bucket, stacked to 100 %: the traffic moving over. */
    private static Div shares(RouteMigration route, String chartId) {
        ObjectNode data = Charts.data();
        ArrayNode times = data.putArray("times");
        int buckets = route.backends().getFirst().perBucket().size();
        long[] totals = new long[buckets];
        for (Backend backend : route.backends()) {
            for (int i = 0; i < buckets; i++) {
                totals[i] += backend.perBucket().get(i);
            }
        }
        for (int i = 0; i < buckets; i++) {
            times.add(route.from().plus(route.bucket().multipliedBy(i)).toEpochMilli());
        }
        ArrayNode series = data.putArray("series");
        for (Backend backend : route.backends()) {
            ObjectNode one = series.addObject().put("name", backend.legacy() ? t("migration.series.legacy", backend.service()) : backend.service())
                    .put("legacy", backend.legacy());
            ArrayNode values = one.putArray("values");
            for (int i = 0; i < buckets; i++) {
                // an empty bucket has no shares: a gap, not a drop to zero
                if (totals[i] == 0) {
                    values.addNull();
                } else {
                    values.add(Math.round(1000.0 * backend.perBucket().get(i) / totals[i]) / 10.0);
                }
            }
        }
        String description = t("migration.chart", route.route(), String.join(", ", route.backends().stream()
                .map(b -> String.format(Locale.ROOT, "%s %.0f %%", b.service(), b.share() * 100)).toList()));
        return Charts.chart(chartId, description, data, """
                return {
                  animation: false,
                  backgroundColor: 'transparent',
                  tooltip: { trigger: 'axis', valueFormatter: (v) => v == null ? '–' : v + ' %',
                             formatter: (ps) => ps.map((p) => html(p.seriesName) + ': '
                                 + (p.value[1] == null ? '–' : p.value[1] + ' %')).join('<br>') },
                  legend: { top: 0, formatter: (name) => plain(name) },
                  grid: { left: 48, right: 16, top: 32, bottom: 32 },
                  xAxis: { type: 'time' },
                  yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
                  series: data.series.map((s) => ({
                    name: s.name, type: 'line', stack: 'share', areaStyle: {}, symbol: 'none', connectNulls: false,
                    lineStyle: { type: s.legacy ? 'dashed' : 'solid' },
                    data: s.values.map((v, i) => [data.times[i], v])
                  }))
                };""", null);
    }

    private static NativeTable table(RouteMigration route, TimeWindow window) {
        NativeTable table = Widgets.table(t("migration.column.service"), t("migration.column.share"),
                t("migration.column.requests"), t("migration.column.errors"), t("migration.column.p95"),
                t("migration.column.sagas"));
        table.addClassName("migration-backends");
        for (Backend backend : route.backends()) {
            Anchor service = new Anchor(TelemetryLinks.traces(backend.service(), window), backend.service());
            Div name = new Div(service);
            if (backend.legacy()) {
                Span badge = new Span(t("migration.legacy"));
                badge.getElement().getThemeList().add("badge contrast small");
                name.add(new Span(" "), badge);
            }
            Span errors = new Span(String.format(Locale.ROOT, "%.1f %% (%s)", backend.errorRatio() * 100,
                    Widgets.number(backend.errors())));
            if (backend.errors() > 0) {
                errors.addClassName("opsplane-error");
            }
            String sagas = backend.sagaCompletion() == null ? "–" : t("migration.sagas",
                    String.format(Locale.ROOT, "%.0f", backend.sagaCompletion() * 100), String.valueOf(backend.sagasSeen()));
            NativeTableRow row = Widgets.row(table, name, String.format(Locale.ROOT, "%.1f %%", backend.share() * 100),
                    Widgets.number(backend.requests()), errors,
                    Durations.readable(Math.round(backend.p95Millis() * 1000)), sagas);
            row.getElement().setAttribute("data-service", backend.service());
            row.getElement().setAttribute("data-legacy", Boolean.toString(backend.legacy()));
        }
        return table;
    }
}
