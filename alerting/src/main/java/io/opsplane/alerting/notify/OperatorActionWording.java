package io.opsplane.alerting.notify;

import java.util.Locale;

/**
 * How the feature that reports an operator action words it in a receiver's language: the action
 * ("requested compensation") and its target ("saga order-placement #12"). The alerting library knows
 * neither the actions nor the targets; the reporting feature keeps their texts in its own bundles.
 */
public interface OperatorActionWording {

    String action(Locale language);

    String target(Locale language);
}
