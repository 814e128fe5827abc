package io.opsplane.console.structure.violations.saga;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** A public record bean: any package could reach its collaborator through {@code store()}. */
@Component
@Profile("structure-violation") // scanned with the console's tests, never created
public record PublicRecordBean(Runnable store) {
}
