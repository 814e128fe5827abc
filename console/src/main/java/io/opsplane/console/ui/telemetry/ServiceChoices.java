package io.opsplane.console.ui.telemetry;

import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.combobox.ComboBox;
import io.opsplane.console.telemetry.trace.Traces;

/** The service field of the telemetry searches: the services seen in traces, and the one asked for even if unseen. */
final class ServiceChoices {

    private ServiceChoices() {
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
