package io.opsplane.console.structure.violations.console;

/** Stands for the console application, which the library must not know. */
public class ConsoleService {
}
