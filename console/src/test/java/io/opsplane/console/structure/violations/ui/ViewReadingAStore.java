package io.opsplane.console.structure.violations.ui;

import io.opsplane.console.structure.violations.alerting.AlarmStore;

/** A deliberate view that reads the alerting library's store instead of its read façade. */
public class ViewReadingAStore {
    int shown(AlarmStore store) {
        return store.count();
    }
}
