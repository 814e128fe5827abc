package io.opsplane.console.ui.telemetry;

import static io.opsplane.console.ui.kit.Messages.t;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.opsplane.console.definition.ServiceNames;
import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicLag;
import io.opsplane.console.saga.SagaCounts;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.telemetry.trace.ServiceCall;
import io.opsplane.console.telemetry.trace.ServiceMap;
import io.opsplane.console.telemetry.trace.TopicLink;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kafka.LagTexts;
import io.opsplane.console.ui.kit.Charts;
import io.opsplane.console.ui.kit.QueryReader;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.kit.WindowPage;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which service calls which over a window ({@code /service-map?lookback=1h} or {@code from}/{@code to}),
 * with call and error counts on the edges; edges with many errors drawn red and thick. Kafka topics stand between
 * their producers and consumers (from spans' messaging attributes), the consumers' edges carrying their lag; a
 * service is red when calls to it fail, it is responsible for stuck sagas, or it has stopped consuming a topic.
 * Callers stand left of the services they call. A click on a service opens its traces; the table below says the same
 * for keyboards and screen readers.
 */
@Route(value = ServiceMapView.PATH, layout = MainLayout.class)
@Menu(order = 5, title = "Service map")
@RolesAllowed("VIEWER")
public class ServiceMapView extends WindowPage {

    public static final String PATH = "service-map";
    /** An edge with at least this share of failed calls is drawn as error-heavy. */
    static final double ERROR_HEAVY = 0.05;

    private final Traces traces;
    private final ConsumerLag lag;
    private final SagaQueries sagas;

    public ServiceMapView(Traces traces, ConsumerLag lag, SagaQueries sagas) {
        super("serviceMap.title");
        this.traces = traces;
        this.lag = lag;
        this.sagas = sagas;
        lookback.onChosen(ServiceMapView::location, this::show);
        layOut("service-map", lookback);
    }

    static String location(TimeWindow window) {
        Map<String, String> values = new LinkedHashMap<>();
        window.putInto(values);
        return QueryReader.location(PATH, values);
    }

    @Override
    protected void show(TimeWindow window) {
        body.removeAll();
        Instant now = Instant.now();
        ServiceMap map;
        try {
            map = traces.serviceMap(window.start(now), window.end(now));
        } catch (RuntimeException e) {
            caption.setText("");
            body.add(Widgets.telemetryProblem(e, Widgets.TRACES_UNAVAILABLE, t("serviceMap.what"),
                    "service-map-problem"));
            return;
        }
        List<ServiceCall> calls = map.calls();
        Set<String> services = new LinkedHashSet<>();
        calls.forEach(c -> {
            services.add(c.caller());
            services.add(c.callee());
        });
        map.topics().forEach(t -> services.add(t.service()));
        Set<String> topics = new java.util.TreeSet<>();
        map.topics().forEach(t -> topics.add(t.topic()));
        long total = calls.stream().mapToLong(ServiceCall::calls).sum();
        long errors = calls.stream().mapToLong(ServiceCall::errors).sum();
        caption.setText(t("serviceMap.caption", services.size(), topics.size(), total, errors, window.describe()));
        if (calls.isEmpty() && topics.isEmpty()) {
            body.add(Widgets.note("service-map-empty", t("serviceMap.none", window.describe())));
            return;
        }
        List<GroupLag> groups = lag.groups(now);
        Map<String, Long> stuck = stuckByService(services);
        body.add(graph(map, services, topics, groups, stuck, window, now), table(calls, window));
        if (!map.topics().isEmpty()) {
            body.add(topicTable(map.topics(), groups, window, now));
        }
    }

    /** Stuck sagas per service of the map: definitions name services briefly ("payment" for payment-service). */
    private Map<String, Long> stuckByService(Set<String> services) {
        Map<String, Long> stuck = new HashMap<>();
        for (SagaCounts.ByValue byService : sagas.counts().stuckByService()) {
            ServiceNames.find(services, byService.value())
                    .ifPresent(service -> stuck.merge(service, byService.count(), Long::sum));
        }
        return stuck;
    }

    /** A consumer group of {@code service}: the group named after it, or mapped to it. */
    private static boolean belongsTo(GroupLag group, String service) {
        return group.service().equals(service) || group.group().equals(service);
    }

    /** The lag of {@code service}'s group on {@code topic}; null when no group of the service consumes it. */
    static TopicLag lagOf(List<GroupLag> groups, String service, String topic) {
        return groups.stream().filter(g -> belongsTo(g, service)).flatMap(g -> g.topics().stream())
                .filter(t -> t.topic().equals(topic)).findFirst().orElse(null);
    }

    /** Behind and stalled, or behind with nobody consuming: what makes a consumer's edge red. */
    private static boolean lagging(List<GroupLag> groups, String service, String topic, Instant now) {
        return groups.stream().filter(g -> belongsTo(g, service)).anyMatch(g -> g.topics().stream().anyMatch(t ->
                t.topic().equals(topic) && t.lag() > 0 && (t.stalled(now) || g.noActiveMembers())));
    }

    /** Each node's column: one more than its furthest predecessor's (cycles are cut), so work flows left to right. */
    private static Map<String, Integer> columns(List<String[]> edges, Set<String> nodes) {
        Map<String, Integer> column = new HashMap<>();
        nodes.forEach(s -> column.put(s, 0));
        for (int round = 0; round < nodes.size(); round++) {
            boolean changed = false;
            for (String[] edge : edges) {
                int wanted = column.get(edge[0]) + 1;
                if (!edge[0].equals(edge[1]) && column.get(edge[1]) < wanted && wanted < nodes.size()) {
                    column.put(edge[1], wanted);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return column;
    }

    private static Div graph(ServiceMap map, Set<String> services, Set<String> topics, List<GroupLag> groups,
                             Map<String, Long> stuck, TimeWindow window, Instant now) {
        Set<String> nodeIds = new LinkedHashSet<>();
        services.forEach(s -> nodeIds.add("s:" + s));
        topics.forEach(t -> nodeIds.add("t:" + t));
        ObjectNode data = Charts.data();
        ArrayNode edges = data.putArray("edges");
        List<String[]> directed = new ArrayList<>();
        Set<String> redServices = new java.util.HashSet<>();
        for (ServiceCall call : map.calls()) {
            directed.add(new String[] {"s:" + call.caller(), "s:" + call.callee()});
            edges.addObject().put("source", "s:" + call.caller()).put("target", "s:" + call.callee())
                    .put("from", call.caller()).put("to", call.callee()).put("calls", call.calls())
                    .put("heavy", call.errorRatio() >= ERROR_HEAVY)
                    .put("label", call.errors() == 0 ? t("serviceMap.edge", call.calls())
                            : t("serviceMap.edge.errors", call.calls(), call.errors()));
            if (call.errors() > 0) {
                redServices.add(call.callee());
            }
        }
        for (TopicLink link : map.topics()) {
            String service = "s:" + link.service();
            String topic = "t:" + link.topic();
            String[] edge = link.producer() ? new String[] {service, topic} : new String[] {topic, service};
            directed.add(edge);
            String label = t(link.producer() ? "serviceMap.published" : "serviceMap.consumed", link.spans());
            boolean red = link.errors() > 0 && (double) link.errors() / link.spans() >= ERROR_HEAVY;
            if (!link.producer()) {
                TopicLag lag = lagOf(groups, link.service(), link.topic());
                if (lag != null && lag.lag() > 0) {
                    label = t("serviceMap.consumed.lag", link.spans(), LagTexts.progress(lag, now));
                }
                if (lagging(groups, link.service(), link.topic(), now)) {
                    red = true;
                    redServices.add(link.service());
                }
            }
            edges.addObject().put("source", edge[0]).put("target", edge[1]).put("from", link.service())
                    .put("to", link.topic()).put("calls", link.spans()).put("heavy", red).put("label", label);
        }
        stuck.forEach((service, count) -> {
            if (count > 0) {
                redServices.add(service);
            }
        });
        Map<String, Integer> column = columns(directed, nodeIds);
        Map<Integer, Integer> rowsUsed = new HashMap<>();
        ArrayNode nodes = data.putArray("nodes");
        for (String id : nodeIds) {
            boolean topic = id.startsWith("t:");
            String name = id.substring(2);
            int x = column.get(id);
            int y = rowsUsed.merge(x, 1, Integer::sum) - 1;
            long stuckHere = topic ? 0 : stuck.getOrDefault(name, 0L);
            nodes.addObject().put("id", id).put("name", name).put("x", x * 240).put("y", y * 120)
                    .put("topic", topic).put("failing", !topic && redServices.contains(name))
                    .put("label", topic ? name : stuckHere > 0 ? t("serviceMap.node.stuck", name, stuckHere) : name)
                    .put("link", topic ? "" : TraceSearchQuery.of(name).withWindow(window).location());
        }
        long heavy = map.calls().stream().filter(c -> c.errorRatio() >= ERROR_HEAVY).count();
        Div chart = Charts.chart("service-graph", redServices.isEmpty()
                ? t("serviceMap.chart", services.size(), map.calls().size(), heavy, topics.size())
                : t("serviceMap.chart.trouble", services.size(), map.calls().size(), heavy, topics.size(),
                        String.join(", ", new java.util.TreeSet<>(redServices))),
                data, Map.of("topic", t("serviceMap.chart.topic"), "service", t("serviceMap.chart.service")), """
                const text = dark ? '#e6e6e6' : '#333';
                const maxCalls = Math.max(...data.edges.map((e) => e.calls), 1);
                return {
                  animation: false,
                  backgroundColor: 'transparent',
                  tooltip: { formatter: (p) => p.dataType === 'edge'
                      ? html(p.data.from) + ' → ' + html(p.data.to) + '<br>' + html(p.data.label)
                      : html(p.data.label) + '<br>' + html(p.data.topic ? words.topic : words.service) },
                  series: [{
                    type: 'graph', layout: 'none', roam: true, draggable: true,
                    symbolSize: 56, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 10,
                    label: { show: true, position: 'bottom', color: text, fontSize: 13, formatter: (p) => plain(p.data.label) },
                    edgeLabel: { show: true, formatter: (p) => plain(p.data.label), fontSize: 12, color: text },
                    data: data.nodes.map((n) => ({ id: n.id, name: n.id, label: n.label, x: n.x, y: n.y, link: n.link,
                        topic: n.topic, symbol: n.topic ? 'roundRect' : 'circle', symbolSize: n.topic ? [90, 28] : 56,
                        itemStyle: { color: n.topic ? '#d9dde5' : n.failing ? '#f5a9ab' : '#9fb4e6',
                                     borderColor: n.topic ? '#8a94a6' : n.failing ? '#e5484d' : '#5470c6', borderWidth: 2 } })),
                    links: data.edges.map((e) => ({ source: e.source, target: e.target, label: e.label, from: e.from, to: e.to,
                        lineStyle: { color: e.heavy ? '#e5484d' : '#8a94a6', width: e.heavy ? 4 : 1.5 + 3 * e.calls / maxCalls,
                                     curveness: 0.1, opacity: 0.9 } }))
                  }]
                };""", "if (params.dataType === 'node' && params.data.link) { window.location.assign(params.data.link); }");
        chart.addClassName("opsplane-chart-tall");
        return chart;
    }

    /** Who publishes to and consumes from each topic, with the consumers' lag: the choreography's edges. */
    private static NativeTable topicTable(List<TopicLink> links, List<GroupLag> groups, TimeWindow window, Instant now) {
        NativeTable table = Widgets.table(t("serviceMap.column.topic"), t("serviceMap.column.service"),
                t("serviceMap.column.role"), t("serviceMap.column.spans"), t("serviceMap.column.errors"),
                t("serviceMap.column.lag"));
        table.setId("service-topics");
        List<TopicLink> sorted = new ArrayList<>(links);
        sorted.sort(java.util.Comparator.comparing(TopicLink::topic).thenComparing(l -> !l.producer())
                .thenComparing(TopicLink::service));
        for (TopicLink link : sorted) {
            Anchor service = new Anchor(TraceSearchQuery.of(link.service()).withWindow(window).location(), link.service());
            TopicLag lag = link.producer() ? null : lagOf(groups, link.service(), link.topic());
            Span lagText = new Span(link.producer() ? "" : lag == null ? t("serviceMap.noGroup") : LagTexts.progress(lag, now));
            boolean red = !link.producer() && lagging(groups, link.service(), link.topic(), now);
            if (red) {
                lagText.addClassName("opsplane-error");
            }
            NativeTableRow row = Widgets.row(table, link.topic(), service, link.producer() ? t("serviceMap.publishes") : t("serviceMap.consumes"),
                    link.spans(), link.errors(), lagText);
            row.getElement().setAttribute("data-edge", link.producer() ? link.service() + "->" + link.topic()
                    : link.topic() + "->" + link.service());
            if (red) {
                row.getElement().setAttribute("data-lagging", "true");
            }
        }
        return table;
    }

    private static NativeTable table(List<ServiceCall> calls, TimeWindow window) {
        NativeTable table = Widgets.table(t("serviceMap.column.caller"), t("serviceMap.column.called"),
                t("serviceMap.column.calls"), t("serviceMap.column.errors"), t("serviceMap.column.errorRatio"));
        table.setId("service-calls");
        List<ServiceCall> sorted = new ArrayList<>(calls);
        sorted.sort((a, b) -> Double.compare(b.errorRatio(), a.errorRatio()) != 0
                ? Double.compare(b.errorRatio(), a.errorRatio()) : Long.compare(b.calls(), a.calls()));
        for (ServiceCall call : sorted) {
            Anchor caller = new Anchor(TraceSearchQuery.of(call.caller()).withWindow(window).location(), call.caller());
            Anchor callee = new Anchor(TraceSearchQuery.of(call.callee()).withWindow(window).location(), call.callee());
            Span ratio = new Span(String.format(Locale.ROOT, "%.1f %%", call.errorRatio() * 100));
            NativeTableRow row;
            if (call.errors() > 0) {
                Anchor errors = new Anchor(TraceSearchQuery.of(call.callee()).withWindow(window)
                        .withTags(Map.of("error", "true")).location(), Widgets.number(call.errors()));
                errors.addClassName("opsplane-count");
                row = Widgets.row(table, caller, callee, call.calls(), errors, ratio);
            } else {
                row = Widgets.row(table, caller, callee, call.calls(), call.errors(), ratio);
            }
            row.getElement().setAttribute("data-edge", call.caller() + "->" + call.callee());
            if (call.errorRatio() >= ERROR_HEAVY) {
                row.addClassName("opsplane-error");
                row.getElement().setAttribute("data-error-heavy", "true");
            }
        }
        return table;
    }
}
