package io.opsplane.console.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A {@code text[]} parameter sent in PostgreSQL's binary array format. An array the driver builds with
 * {@code createArrayOf} goes as a text literal, which the driver writes a character at a time (a fifth of ingest's
 * CPU, for batches of thousands of rows) and PostgreSQL parses again; a {@code String[]} goes as lengths and bytes.
 */
public final class TextArrays {

    private TextArrays() {
    }

    /** Binds {@code values} (strings, or anything written as its {@code toString()}; null as NULL) at {@code index}. */
    public static void bind(PreparedStatement statement, int index, Object[] values) throws SQLException {
        String[] texts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = values[i] == null ? null : values[i].toString();
        }
        statement.setObject(index, texts);
    }
}
