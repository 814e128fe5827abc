package io.opsplane.console.ui.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.ui.compensation.BulkActionsView;
import io.opsplane.console.ui.shell.OverviewPanel;
import io.opsplane.console.ui.shell.OverviewView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * The saga views on the server side, without a browser: deep links fill the filters and filter the
 * list, edits go back into the address bar, paging reaches every saga, payloads are masked by role,
 * and every count on the overview links to the list it counts.
 */
@WithUserDetails(TestUsers.VIEWER)
class SagaViewsTest extends BrowserlessViewTest {

    /** More than two keyset pages of completed sagas, so scrolling has to cross page boundaries. */
    private static final int COMPLETED = 130;


    @BeforeEach
    void sagas() {
        if (db.queryForObject("SELECT count(*) FROM saga_instance", Long.class) > 0) {
            return;
        }
        db.update("""
                INSERT INTO saga_instance (saga_type, definition_version, correlation_key, business_keys, status,
                    current_step, next_event, responsible_service, started_at, last_progress_at, ended_at, progress)
                SELECT 'order-placement', 1, 'o-' || (2000 + g), jsonb_build_object('orderId', 'o-' || (2000 + g)),
                       'COMPLETED', NULL, NULL, NULL, now() - (200 - g) * interval '1 minute',
                       now() - (199 - g) * interval '1 minute', now() - (199 - g) * interval '1 minute', '{}'
                FROM generate_series(1, ?) g""", COMPLETED);
        for (String[] stuck : List.of(new String[] {"o-3001", "charge-payment", "PaymentCompleted", "payment"},
                new String[] {"o-3002", "charge-payment", "PaymentCompleted", "payment"},
                new String[] {"o-3003", "reserve-stock", "StockReserved", "inventory"})) {
            long id = SagaRow.stuck(stuck[0]).withOrderId().waitingAt(stuck[1], stuck[2], stuck[3]).findableByKeys()
                    .insert(db);
            db.update("""
                    INSERT INTO saga_event (saga_id, event_id, event_name, kind, step, payload, topic, kafka_partition,
                        kafka_offset, event_time, received_at)
                    VALUES (?, ?, 'OrderCreated', 'STARTED', NULL, ?::json, 'views.orders', 0, ?, now() - interval '40 minutes',
                        now() - interval '40 minutes')""", id, "created-" + stuck[0], """
                    {"orderId": "%s", "customer": {"email": "%s@example.com", "Phone": "+41 79 000 00 00"}, "amount": 42.5}"""
                    .formatted(stuck[0], stuck[0]), id);
        }
    }

    @Test
    void aDeepLinkFillsTheFiltersAndListsOnlyWhatItNames() {
        list("status=STUCK&service=payment");

        assertThat(statusField().getValue()).isEqualTo(SagaStatus.STUCK);
        assertThat($(ComboBox.class).withLabel("Responsible service").single().getValue()).isEqualTo("payment");
        // stuck sagas are listed stuck longest first: o-3001 got stuck a moment before o-3002
        assertThat(shownCorrelationKeys()).containsExactly("o-3001", "o-3002");
        assertThat($(Span.class).id("saga-count").getText()).isEqualTo("2 sagas");
    }

    @Test
    @WithUserDetails(TestUsers.OPERATOR)
    void anOperatorCanActOnWhatTheListShows() {
        list("status=STUCK&service=payment");
        Anchor act = $(Anchor.class).id("act-on-these");
        assertThat(act.isVisible()).isTrue();
        assertThat(act.getText()).isEqualTo("Act on these 2 …");
        assertThat(act.getHref()).isEqualTo("bulk?status=STUCK&service=payment");
    }

    @Test
    @WithUserDetails(TestUsers.OPERATOR)
    void theBulkPageChoosesSagasWithTheListsOwnControlsFilledFromTheLink() {
        // as "Act on these N" links (an alert's link adds the order, which a job has no use for)
        UI.getCurrent().navigate(BulkActionsView.class, QueryParameters.fromString("status=STUCK&service=payment&sort=stuck"));

        assertThat(statusField().getValue()).isEqualTo(SagaStatus.STUCK);
        assertThat($(ComboBox.class).withLabel("Responsible service").single().getValue()).isEqualTo("payment");
        assertThat($(TextField.class).withLabel("Stuck longer than").exists()).as("the list's controls").isTrue();
        assertThat(bulkCount()).startsWith("2 sagas match");
        assertThat($(Button.class).id("bulk-create").isEnabled()).isTrue();

        test($(TextField.class).withLabel("Correlation key").single()).setValue("o-3002");
        assertThat(bulkCount()).as("counted live").startsWith("1 saga matches");

        test($(TextField.class).withLabel("Correlation key").single()).setValue("o-nothing");
        assertThat(bulkCount()).startsWith("0 sagas match");
        Button create = $(Button.class).id("bulk-create");
        assertThat(create.isEnabled()).isFalse();
        assertThat(create.getTooltip().getText()).isEqualTo("No saga matches the filter");
    }

    @Test
    @WithUserDetails(TestUsers.OPERATOR)
    void whatABulkLinkGetsWrongIsSaidAndLeftOutOfTheControls() {
        UI.getCurrent().navigate(BulkActionsView.class,
                QueryParameters.fromString("status=STUCK&stuckLongerThan=soon&compensation=UNVERIFIED"));

        assertThat($(Div.class).id("bulk-filter-problems").getText())
                .contains("'stuckLongerThan' cannot be 'soon'", "cannot select by compensation outcome or legacy");
        assertThat(statusField().getValue()).isEqualTo(SagaStatus.STUCK);
        assertThat(bulkCount()).startsWith("3 sagas match");
    }

    @Test
    @WithUserDetails(TestUsers.OPERATOR)
    void actionsThatCannotApplyAreDisabledWithTheReason() {
        navigate(SagaDetailView.location(idOf("o-3001")), SagaDetailView.class);
        Button retry = $(Button.class).id("action-retry");
        assertThat(retry.isEnabled()).as("charge-payment has no command to send").isFalse();
        assertThat(retry.getTooltip().getText()).startsWith("Cannot retry step: ").contains("charge-payment");
        assertThat($(Button.class).id("action-resolve").isEnabled()).isTrue();

        navigate(SagaDetailView.location(idOf("o-2001")), SagaDetailView.class);
        for (String action : List.of("action-compensate", "action-retry", "action-resolve")) {
            Button button = $(Button.class).id(action);
            assertThat(button.isEnabled()).as(action).isFalse();
            assertThat(button.getTooltip().getText()).as(action).endsWith(": the saga has ended (completed)");
        }
    }

    private String bulkCount() {
        return $(Span.class).id("bulk-count").getElement().getTextRecursively();
    }

    @Test
    void aViewerIsNotOfferedToAct() {
        list("status=STUCK&service=payment");
        assertThat($(Anchor.class).withId("act-on-these").exists()).as("no visible link").isFalse();
    }

    @Test
    void theOrderCanBeChosenAndGoesIntoTheAddressBar() {
        list("status=STUCK&service=payment&sort=newest");
        assertThat(shownCorrelationKeys()).containsExactly("o-3002", "o-3001");
        UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations();

        test($(Select.class).id("saga-sort")).selectItem("oldest first");

        assertThat(shownCorrelationKeys()).containsExactly("o-3001", "o-3002");
        String address = UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations().stream()
                .flatMap(js -> js.getInvocation().getParameters().stream()).map(String::valueOf)
                .filter(value -> value.startsWith(SagaListView.PATH + "?")).reduce((first, last) -> last).orElseThrow();
        assertThat(address).isEqualTo(SagaListView.PATH + "?service=payment&sort=oldest&status=STUCK");
        // paging oldest first crosses keyset pages in order
        list("status=COMPLETED&sort=oldest");
        List<String> oldestFirst = shownCorrelationKeys();
        assertThat(oldestFirst).hasSize(COMPLETED).startsWith("o-2001", "o-2002").endsWith("o-" + (2000 + COMPLETED));
    }

    @Test
    void changingAFilterListsAgainAndPutsTheFilterInTheAddressBar() {
        list("status=STUCK");
        UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations();

        test($(TextField.class).withLabel("Business key").single()).setValue("orderId=o-3003");

        assertThat(shownCorrelationKeys()).containsExactly("o-3003");
        String address = UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations().stream()
                .flatMap(js -> js.getInvocation().getParameters().stream()).map(String::valueOf)
                .filter(value -> value.startsWith(SagaListView.PATH + "?")).reduce((first, last) -> last).orElseThrow();
        SagaFilter shown = SagaListQuery.parse(QueryParameters.fromString(address.substring(address.indexOf('?') + 1)))
                .filter();
        assertThat(shown).isEqualTo(new SagaFilter(null, SagaStatus.STUCK, null, null, "orderId=o-3003", null, null,
                null, null, null, null, null));
    }

    @Test
    void whatALinkGetsWrongIsSaidAndLeftOut() {
        list("status=BROKEN&stuckLongerThan=soon&service=payment");

        assertThat($(Div.class).id("filter-problems").getText())
                .contains("'status' cannot be 'BROKEN'; expected one of [RUNNING, STUCK")
                .contains("'stuckLongerThan' cannot be 'soon'; expected an ISO-8601 duration");
        assertThat(statusField().getValue()).isNull();
        assertThat(shownCorrelationKeys()).containsExactly("o-3002", "o-3001");
    }

    @Test
    void theListReachesEverySagaThroughKeysetPages() {
        list("status=COMPLETED");

        List<String> keys = shownCorrelationKeys();
        assertThat(keys).hasSize(COMPLETED).doesNotHaveDuplicates();
        assertThat(keys.getFirst()).isEqualTo("o-" + (2000 + COMPLETED));
        assertThat(keys.getLast()).isEqualTo("o-2001");
        assertThat($(Span.class).id("saga-count").getText()).isEqualTo(COMPLETED + " sagas");
    }

    @Test
    void aViewerSeesTheConfiguredFieldsMaskedAtAnyDepthAndInAnyCase() {
        navigate(SagaDetailView.location(idOf("o-3001")), SagaDetailView.class);

        String payload = $(Pre.class).withAttribute("data-event", "OrderCreated").single().getText();
        assertThat(payload).contains("\"email\" : \"" + Masking.MASK + "\"")
                .contains("\"Phone\" : \"" + Masking.MASK + "\"")
                .contains("\"orderId\" : \"o-3001\"").doesNotContain("@example.com");
    }

    @Test
    @WithUserDetails(TestUsers.OPERATOR)
    void anOperatorSeesPayloadsInFull() {
        navigate(SagaDetailView.location(idOf("o-3001")), SagaDetailView.class);

        String payload = $(Pre.class).withAttribute("data-event", "OrderCreated").single().getText();
        assertThat(payload).contains("o-3001@example.com").doesNotContain(Masking.MASK);
    }

    @Test
    void theSagaSaysWhatItWaitsForWhoIsResponsibleAndForHowLong() {
        navigate(SagaDetailView.location(idOf("o-3003")), SagaDetailView.class);

        assertThat($(Div.class).id("saga-waiting").getElement().getTextRecursively())
                .contains("Waiting for StockReserved", "Step reserve-stock · responsible: inventory",
                        "Waited 30 min of its 10 min timeout, overdue by 20 min", "Stuck (step timeout)");
    }

    @Test
    void anUnknownSagaSaysSo() {
        navigate(SagaDetailView.location(999_999), SagaDetailView.class);
        assertThat($(com.vaadin.flow.component.html.Paragraph.class).id("saga-problem").getText())
                .isEqualTo("There is no saga with id 999999.");
    }

    @Test
    void everyCountOnTheOverviewLinksToTheListItCounts() {
        navigate("", OverviewView.class);
        // later than the reading the overview shares, which may predate this test's sagas
        java.time.Instant now = java.time.Instant.now().plus(Duration.ofMinutes(1));
        Map<String, String> links = panels.stream()
                .filter(panel -> panel.title().startsWith("Sagas by") || panel.title().startsWith("Stuck"))
                .flatMap(panel -> anchors(render(panel, now)).stream())
                .collect(Collectors.toMap(a -> a.getHref(), Anchor::getText, (a, b) -> a));
        assertThat(links).containsEntry("sagas?type=order-placement&status=COMPLETED", String.valueOf(COMPLETED))
                .containsEntry("sagas?type=order-placement&status=STUCK", "3")
                .containsEntry("sagas?status=STUCK&stuckReason=STEP_TIMEOUT", "3")
                .containsEntry("sagas?status=STUCK&service=payment", "2")
                .containsEntry("sagas?status=STUCK&service=inventory", "1");
    }

    @Test
    void theOverviewShowsEachEngineItsStateAndWhatIsWrong() {
        navigate("", OverviewView.class);
        java.time.Instant now = java.time.Instant.now();
        OverviewPanel<?> engines = panels.stream().filter(panel -> panel.title().equals("Engines")).findFirst().orElseThrow();
        assertThat(panels.getFirst()).as("first on the page").isSameAs(engines);
        Map<String, List<String>> rows = new java.util.HashMap<>();
        render(engines, now).getElement().getChild(1).getChildren().forEach(row -> rows.put(row.getAttribute("data-engine"),
                row.getChildren().map(cell -> cell.getTextRecursively()).toList()));
        assertThat(rows.get("postgres")).startsWith("PostgreSQL", "up");
        // the definitions' topics were never created, and Opsplane does not create them
        assertThat(rows.get("kafka").get(1)).isEqualTo("degraded");
        assertThat(rows.get("kafka").get(4)).startsWith("topics the saga definitions name do not exist: ")
                .contains(".inventory", ".orders", ".payments");
        // no search cluster in this test: telemetry is away, sagas are not
        assertThat(rows.get("search")).startsWith("Elasticsearch / OpenSearch (sagas work without it)", "down");
        assertThat(rows.get("search").get(3)).isEqualTo("no answer");
        assertThat(rows.get("search").get(4)).isNotBlank();
    }

    /** As following a link to /sagas?query. */
    private static void list(String query) {
        UI.getCurrent().navigate(SagaListView.class, QueryParameters.fromString(query));
        assertThat(UI.getCurrent().getCurrentView()).isInstanceOf(SagaListView.class);
    }

    private static <T> com.vaadin.flow.component.Component render(OverviewPanel<T> panel, java.time.Instant now) {
        return panel.render(panel.load(now), now);
    }

    private static List<Anchor> anchors(com.vaadin.flow.component.Component root) {
        List<Anchor> found = new java.util.ArrayList<>();
        if (root instanceof Anchor anchor && anchor.hasClassName("opsplane-count")) {
            found.add(anchor);
        }
        root.getChildren().forEach(child -> found.addAll(anchors(child)));
        return found;
    }

    @SuppressWarnings("unchecked")
    private Select<SagaStatus> statusField() {
        return $(Select.class).withLabel("Status").single();
    }

    @SuppressWarnings("unchecked")
    private List<String> shownCorrelationKeys() {
        Grid<SagaSummary> grid = $(Grid.class).single();
        var tester = test(grid);
        return java.util.stream.IntStream.range(0, tester.size()).mapToObj(i -> tester.getRow(i).correlationKey())
                .toList();
    }

    private long idOf(String correlationKey) {
        return db.queryForObject("SELECT id FROM saga_instance WHERE correlation_key = ?", Long.class, correlationKey);
    }
}
