package io.opsplane.console.ui.alerting;

import java.util.Locale;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Span;

/**
 * A state, severity or health as a coloured label (the console's {@code opsplane-status} look).
 * Every alerting page shows one, so it is what brings the alerting stylesheet along.
 */
@StyleSheet("context://styles/alerting.css")
class Badge extends Span {

    Badge(Object value) {
        super(String.valueOf(value).replace('_', ' ').toLowerCase(Locale.ROOT));
        addClassName("opsplane-status");
        getElement().setAttribute("data-status", String.valueOf(value).toUpperCase(Locale.ROOT));
    }
}
