package io.opsplane.console.structure.violations.web;

/** Stands for the web layer's own 404 exception. */
public class NotFoundException extends RuntimeException {
}
