package io.opsplane.console.sql;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A statement whose WHERE clause grows by the filters a caller gave: a condition is added only for a value that is
 * there (a filter left empty matches anything), and every value is bound as a parameter, never written into the
 * SQL. Lists, counts and pages of the same filter so share one way of writing it.
 */
public final class FilteredQuery {

    private final StringBuilder sql;
    private final List<Object> args = new ArrayList<>();

    /**
     * {@code sql} ends inside a WHERE clause, so that each condition joins it with AND (e.g. "… WHERE true");
     * {@code values} are those of its own parameters.
     */
    public FilteredQuery(String sql, Object... values) {
        this.sql = new StringBuilder(sql);
        Collections.addAll(args, values);
    }

    /** {@code column = value}, unless the value is null; an enum as its name, as the tables hold it. */
    public FilteredQuery equal(String column, Object value) {
        if (value != null) {
            and(column + " = ?", value instanceof Enum<?> constant ? constant.name() : value);
        }
        return this;
    }

    /** {@code column} is one of the ids, unless there are none to keep to (null). */
    public FilteredQuery anyOf(String column, Collection<Long> ids) {
        if (ids != null) {
            and(column + " = ANY (?)", (Object) ids.toArray(Long[]::new));
        }
        return this;
    }

    /** {@code column} at or after {@code from} and before {@code to}, each bound only when given. */
    public FilteredQuery between(String column, Instant from, Instant to) {
        if (from != null) {
            and(column + " >= ?", Timestamp.from(from));
        }
        if (to != null) {
            and(column + " < ?", Timestamp.from(to));
        }
        return this;
    }

    /** Any other condition, always added, with the values of its parameters. */
    public FilteredQuery and(String condition, Object... values) {
        return append(" AND " + condition, values);
    }

    /** What follows the conditions (ORDER BY, LIMIT …), with the values of its parameters. */
    public FilteredQuery append(String text, Object... values) {
        sql.append(text);
        Collections.addAll(args, values);
        return this;
    }

    public String sql() {
        return sql.toString();
    }

    public Object[] args() {
        return args.toArray();
    }
}
