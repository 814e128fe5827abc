package io.opsplane.console.structure.violations.alerting;

import io.opsplane.console.structure.violations.console.ConsoleService;

/** A deliberate library → application import. */
public class LibraryCallsConsole {
    ConsoleService console;
}
