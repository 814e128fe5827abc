package io.opsplane.console.ui.telemetry;

import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.combobox.ComboBox;
import io.opsplane.console.telemetry.trace.Traces;

/**
 * The service field of the telemetry searches (and its like, the operation): the services seen in traces, and the
 * one asked for even if unseen.
 */
final class ServiceChoices {

    private ServiceChoices() {
    }

    /** A field offering choices that also takes what is typed (a service or operation not seen lately); clearable. */
    static ComboBox<String> field(String label) {
        ComboBox<String> field = new ComboBox<>(label);
        field.setAllowCustomValue(true);
        field.addCustomValueSetListener(e -> field.setValue(e.getDetail()));
        field.setClearButtonVisible(true);
        return field;
    }

    static void fill(ComboBox<String> service, Traces traces, String shown) {
        List<String> services;
        try {
            services = new ArrayList<>(traces.services());
        } catch (RuntimeException unavailable) {
            // the search still opens; the page says so when it runs
            services = new ArrayList<>();
        }
        if (shown != null && !services.contains(shown)) {
            services.add(shown);
        }
        service.setItems(services);
        service.setValue(shown);
    }
}
