package io.opsplane.console.structure.violations.ui;

/** A deliberate view that reads a table itself. */
public class ViewWithJdbc {
    java.sql.Connection connection;
}
