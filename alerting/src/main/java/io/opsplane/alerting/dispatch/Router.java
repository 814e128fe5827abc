package io.opsplane.alerting.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.opsplane.alerting.config.AlertingProperties;
import io.opsplane.alerting.config.AlertingProperties.Route;
import io.opsplane.alerting.notify.ReceiverException;
import io.opsplane.alerting.notify.Receivers;
import io.opsplane.alerting.silence.Matcher;
import org.springframework.stereotype.Component;

/**
 * The route tree, as Alertmanager's: an alert goes down the first child route that matches (and on
 * to later siblings where a route says {@code continue}); where no child matches, the route itself
 * takes it. Children inherit receiver, grouping and timings they do not set.
 */
@Component
class Router {

    /** By default saga alerts group by type, step and failure signature (the stuck reason). */
    static final List<String> DEFAULT_GROUP_BY = List.of("alertname", "saga_type", "step", "reason");

    record Match(String routeId, String receiver, List<String> groupBy, Duration groupWait, Duration groupInterval,
                 Duration repeatInterval) {

        /** Alertmanager's group key: the route, then the values of its group_by labels. */
        String groupKey(Map<String, String> groupLabels) {
            return routeId + ":{" + groupLabels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                    .collect(Collectors.joining(", ")) + "}";
        }

        Map<String, String> groupLabels(Map<String, String> labels) {
            Map<String, String> out = new TreeMap<>();
            if (groupBy.equals(List.of("..."))) {
                out.putAll(labels);
            } else {
                groupBy.forEach(name -> {
                    if (labels.containsKey(name)) {
                        out.put(name, labels.get(name));
                    }
                });
            }
            return out;
        }
    }

    private record Node(String id, List<Matcher> matchers, Match match, boolean continueMatching, List<Node> children) {
    }

    private final Node root;

    Router(AlertingProperties properties, Receivers receivers) {
        Route route = properties.route();
        String receiver = route.receiver();
        if (receiver == null && receivers.all().size() == 1) {
            receiver = receivers.all().getFirst().name();
        }
        if (receiver == null && !receivers.all().isEmpty()) {
            throw new ReceiverException("opsplane.alerting.route.receiver must name the default receiver (one of "
                    + receivers.all().stream().map(AlertingProperties.Receiver::name).toList() + ")");
        }
        Match defaults = new Match("{}", receiver,
                route.groupBy() == null ? DEFAULT_GROUP_BY : route.groupBy(),
                route.groupWait() == null ? Duration.ofSeconds(30) : route.groupWait(),
                route.groupInterval() == null ? Duration.ofMinutes(5) : route.groupInterval(),
                route.repeatInterval() == null ? Duration.ofHours(4) : route.repeatInterval());
        this.root = receiver == null ? null : node("{}", route, defaults, receivers);
    }

    private static Node node(String id, Route route, Match parent, Receivers receivers) {
        Match match = new Match(id, route.receiver() == null ? parent.receiver() : route.receiver(),
                route.groupBy() == null ? parent.groupBy() : route.groupBy(),
                route.groupWait() == null ? parent.groupWait() : route.groupWait(),
                route.groupInterval() == null ? parent.groupInterval() : route.groupInterval(),
                route.repeatInterval() == null ? parent.repeatInterval() : route.repeatInterval());
        if (receivers.find(match.receiver()).isEmpty()) {
            throw new ReceiverException("route " + id + " names receiver '" + match.receiver()
                    + "', which is not configured");
        }
        if (match.groupInterval().isZero() || match.repeatInterval().isZero()) {
            throw new ReceiverException("route " + id + ": group-interval and repeat-interval must be positive");
        }
        List<Matcher> matchers;
        try {
            matchers = route.matchers() == null ? List.of() : route.matchers().stream().map(Matcher::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new ReceiverException("route " + id + ": " + e.getMessage());
        }
        List<Node> children = new ArrayList<>();
        for (int i = 0; i < route.routes().size(); i++) {
            children.add(node(id + "/" + i, route.routes().get(i), match, receivers));
        }
        return new Node(id, matchers, match, route.continueMatching(), children);
    }

    /** Where an alert with these labels goes; empty when no receiver is configured. */
    List<Match> route(Map<String, String> labels) {
        List<Match> matches = new ArrayList<>();
        if (root != null) {
            collect(root, labels, matches);
        }
        return matches;
    }

    private static boolean collect(Node node, Map<String, String> labels, List<Match> matches) {
        if (!node.matchers().stream().allMatch(m -> m.matches(labels))) {
            return false;
        }
        boolean childTook = false;
        for (Node child : node.children()) {
            if (collect(child, labels, matches)) {
                childTook = true;
                if (!child.continueMatching()) {
                    break;
                }
            }
        }
        if (!childTook) {
            matches.add(node.match());
        }
        return true;
    }
}
