package io.opsplane.console.structure.violations.cycle.b;

/** The other half of the deliberate cycle. */
public class Second {
    io.opsplane.console.structure.violations.cycle.a.First back;
}
