package io.opsplane.console.ui.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.textfield.TextField;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.testing.ViewTestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Retention page as an ADMIN sees it: a span index a month old and a saga that ended 40 days ago are what the
 * next pass removes; the dry run says so and removes nothing; the pass removes them and the page shows nothing due.
 */
@WithUserDetails(TestUsers.ADMIN)
class RetentionViewTest extends BrowserlessViewTest {

    private static final String INDEX_PREFIX = TestElasticsearch.uniquePrefix();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    @DynamicPropertySource
    static void opsplane(DynamicPropertyRegistry registry) {
        ViewTestSettings.elasticsearch(registry, INDEX_PREFIX);
    }

    @AfterEach
    void removeIndices() {
        TestElasticsearch.send("DELETE", "/" + INDEX_PREFIX + "-*", null);
    }

    @Test
    void thePageShowsWhatTheNextPassRemovesAndRunsIt() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String old = INDEX_PREFIX + "-jaeger-span-" + DAY.format(today.minusDays(30));
        String young = INDEX_PREFIX + "-jaeger-span-" + DAY.format(today);
        TestElasticsearch.send("PUT", "/" + old, "{}");
        TestElasticsearch.send("PUT", "/" + young, "{}");
        SagaRow.completed("rv-old").ago(Duration.ofDays(41), Duration.ofDays(40)).insert(db);
        SagaRow.completed("rv-young").ago(Duration.ofDays(2), Duration.ofDays(1)).insert(db);

        UI.getCurrent().navigate(RetentionView.class);
        assertThat(due("data-index", old)).isEqualTo("true");
        assertThat(due("data-index", young)).isEqualTo("false");
        assertThat(due("data-kind", "sagas")).isEqualTo("1");
        assertThat(due("data-kind", "spans")).isEqualTo("1");
        assertThat($(NativeTableRow.class).withAttribute("data-table", "saga_instance").single()
                .getElement().getTextRecursively()).contains("saga_instance");

        test($(Button.class).id("retention-dry-run")).click();
        assertThat(outcome()).startsWith("A pass now would remove 1 indices (" + old + ") and 1 sagas");
        assertThat(db.queryForObject("SELECT count(*) FROM saga_instance", Long.class)).isEqualTo(2);

        test($(TextField.class).id("retention-reason")).setValue("disk nearly full");
        test($(Button.class).id("retention-run")).click();
        assertThat(outcome()).startsWith("The pass removed 1 indices (" + old + ") and 1 sagas");
        assertThat($(NativeTableRow.class).withAttribute("data-index", old).all()).isEmpty();
        assertThat(due("data-index", young)).isEqualTo("false");
        assertThat(due("data-kind", "sagas")).isEqualTo("0");
        assertThat(db.queryForList("SELECT correlation_key FROM saga_instance", String.class)).containsExactly("rv-young");
        assertThat(db.queryForObject("SELECT reason FROM operator_audit WHERE action = 'RETENTION_RUN'", String.class))
                .isEqualTo("disk nearly full");
    }

    private String due(String attribute, String value) {
        return $(NativeTableRow.class).withAttribute(attribute, value).single().getElement().getAttribute("data-due");
    }

    private String outcome() {
        return $(Component.class).id("retention-outcome").getElement().getTextRecursively();
    }
}
