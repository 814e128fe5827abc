package io.opsplane.alerting.alert;

import java.util.List;
import java.util.Map;

/**
 * One series a rule's evaluation found over its threshold: the labels that tell it apart (for
 * example saga_type, step and reason), its value, a few sample ids and the console view behind it.
 */
public record Observation(Map<String, String> labels, double value, List<String> samples, String link) {
}
