package io.opsplane.console.structure.violations.saga;

/** A deliberate controller that runs SQL itself. */
public class SqlController {
    org.springframework.jdbc.core.JdbcTemplate jdbc;
}
