package io.opsplane.console.retention;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How big the tables are, from PostgreSQL's catalog: rows and bytes with indexes and TOAST. */
@Component
record TableSizes(JdbcTemplate jdbc) {

    /** Below this estimate rows are counted exactly; above it, counting would read the table, the estimate will do. */
    private static final long COUNTED_BELOW = 1_000_000;

    record Size(long rows, long bytes) {
    }

    /** Each named table of the current schema that exists, in the order asked. */
    Map<String, Size> of(List<String> tables) {
        Map<String, Size> found = new LinkedHashMap<>();
        jdbc.query("""
                SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid) FROM pg_class c
                WHERE c.relname = ANY (?) AND c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace""",
                rs -> {
                    found.put(rs.getString(1), new Size(rs.getLong(2), rs.getLong(3)));
                }, (Object) tables.toArray(String[]::new));
        Map<String, Size> sizes = new LinkedHashMap<>();
        for (String table : tables) {
            Size size = found.get(table);
            if (size == null) {
                continue;
            }
            // a table never analysed estimates -1; the names come from the list above, never from a caller
            long rows = size.rows() >= 0 && size.rows() >= COUNTED_BELOW ? size.rows()
                    : jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
            sizes.put(table, new Size(rows, size.bytes()));
        }
        return sizes;
    }
}
