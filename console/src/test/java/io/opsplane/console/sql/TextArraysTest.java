package io.opsplane.console.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import io.opsplane.console.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/** What PostgreSQL itself reads from the parameter: every value back as it was, whatever characters it holds. */
class TextArraysTest {

    @Test
    void everyValueComesBackAsItWasWrittenWhateverItHolds() throws Exception {
        String[] values = {"order-42", "", " ", "a \"quoted\" word", "back\\slash", "\\\"", "{braces},commas",
            "NULL", null, "tab\tnew\nline", "ünïcödé ✓ 💳", "trailing\\"};
        try (Connection db = TestPostgres.superuser(TestPostgres.newDatabase());
             PreparedStatement ps = db.prepareStatement("SELECT ?::text[], cardinality(?::text[])")) {
            TextArrays.bind(ps, 1, values);
            TextArrays.bind(ps, 2, values);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat((String[]) rs.getArray(1).getArray()).containsExactly(values);
                assertThat(rs.getInt(2)).isEqualTo(values.length);
            }
        }
    }

    @Test
    void anEmptyListIsAnEmptyArray() throws Exception {
        try (Connection db = TestPostgres.superuser(TestPostgres.newDatabase());
             PreparedStatement ps = db.prepareStatement("SELECT cardinality(?::text[])")) {
            TextArrays.bind(ps, 1, new Object[0]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
