package io.opsplane.console.structure.violations.saga;

import io.opsplane.console.structure.violations.web.NotFoundException;

/** A deliberate service that throws the web layer's exception instead of its own. */
public class ServiceThrowingWebErrors {
    void find() {
        throw new NotFoundException();
    }
}
