package io.opsplane.console.structure.violations.cycle.a;

/** A deliberate package cycle (a → b → a) that {@code StructureTest} must catch. */
public class First {
    io.opsplane.console.structure.violations.cycle.b.Second next;
}
