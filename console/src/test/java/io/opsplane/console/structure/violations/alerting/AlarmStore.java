package io.opsplane.console.structure.violations.alerting;

/** A deliberate store of the library, for a view to read directly. */
public class AlarmStore {
    public int count() {
        return 0;
    }
}
