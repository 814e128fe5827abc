package io.opsplane.console.ui.compensation;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import com.vaadin.flow.component.html.NativeTableCell;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.testing.ViewTestSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Audit page says whether the hash chain holds: "intact up to #N" while it does, and, once a superuser has
 * edited an entry past the triggers, the first broken entry by id, in red, with that row marked in the list.
 * The console runs as its restricted database role, as deployed.
 */
@WithUserDetails(TestUsers.VIEWER)
class AuditViewChainTest extends BrowserlessViewTest {

    private static final TestPostgres.RoleDatabase DATABASE = TestPostgres.newDatabaseWithRoles();

    @Autowired
    private AuditLog audit;

    @DynamicPropertySource
    static void opsplane(DynamicPropertyRegistry registry) {
        ViewTestSettings.database(registry, DATABASE);
    }

    private long record(String reason) {
        audit.entry("operator", AuditActions.ACTION_REQUESTED).saga(11, "order-placement").reason(reason)
                .outcome("PENDING").record();
        return db.queryForObject("SELECT max(id) FROM operator_audit", Long.class);
    }

    @Test
    void thePageSaysTheChainIsIntactUntilASuperuserEditsAnEntryAndThenNamesThatEntryInRed() throws SQLException {
        record("refund, customer called");
        long edited = record("compensate: payment timed out");
        long last = record("resolved by hand");

        navigate(AuditView.class);
        Span chain = $(Span.class).id("audit-chain");
        assertThat(chain.getText()).isEqualTo("Audit chain intact up to #" + last);
        assertThat(chain.hasClassName("opsplane-error")).isFalse();
        assertThat(brokenRows()).isEmpty();

        try (Connection superuser = TestPostgres.superuser(DATABASE.url()); Statement s = superuser.createStatement()) {
            superuser.setAutoCommit(false);
            s.execute("SET LOCAL session_replication_role = replica");
            s.executeUpdate("UPDATE operator_audit SET reason = 'nothing happened' WHERE id = " + edited);
            superuser.commit();
        }

        navigate(AuditView.class);
        chain = $(Span.class).id("audit-chain");
        assertThat(chain.getText()).startsWith("Audit chain broken at entry #" + edited + ": ")
                .contains("changed after it was written");
        assertThat(chain.hasClassName("opsplane-error")).isTrue();
        List<NativeTableRow> broken = brokenRows();
        assertThat(broken).hasSize(1);
        assertThat(broken.getFirst().getElement().getAttribute("data-audit")).isEqualTo(String.valueOf(edited));
        assertThat(broken.getFirst().getChildren().map(cell -> ((NativeTableCell) cell).getText()))
                .contains("nothing happened");
    }

    private List<NativeTableRow> brokenRows() {
        return $(NativeTableRow.class).all().stream().filter(row -> row.hasClassName("opsplane-audit-broken")).toList();
    }
}
