package io.opsplane.console.telemetry.trace;

import java.util.List;

/**
 * Who talks to whom over a window: calls between services, without those a topic carried, and the topics between
 * producers and consumers.
 */
public record ServiceMap(List<ServiceCall> calls, List<TopicLink> topics) {
}
