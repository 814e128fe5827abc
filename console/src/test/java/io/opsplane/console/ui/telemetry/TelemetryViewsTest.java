package io.opsplane.console.ui.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.ui.kit.Messages;
import io.opsplane.console.ui.kit.TimeWindow;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailView;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * The telemetry views on the server side, without a browser, with Elasticsearch unreachable: deep links
 * fill the search forms and come back out as the same URL, what a link gets wrong is said, and every
 * trace and log part says Elasticsearch is away while the saga parts keep working.
 */
@WithUserDetails(TestUsers.VIEWER)
class TelemetryViewsTest extends BrowserlessViewTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Autowired
    private ServicesPanel servicesPanel;


    @BeforeEach
    void aStuckSagaWithATrace() {
        if (db.queryForObject("SELECT count(*) FROM saga_instance", Long.class) > 0) {
            return;
        }
        SagaRow.stuck("o-4001").withOrderId().onTrace(TRACE_ID).findableByKeys()
                .ago(Duration.ofMinutes(20), Duration.ofMinutes(15)).stuckSince(Duration.ofMinutes(5)).insert(db);
    }

    @Test
    void aTraceSearchLinkFillsTheFormAndComesBackAsTheSameLink() {
        String link = "service=payment&operation=POST%20/charges&tags=error%3Dtrue%20http.status_code%3D500"
                + "&minDuration=250ms&maxDuration=1.5s&from=2026-11-24T10:00:00Z&to=2026-11-24T11:00:00Z&limit=50";
        open(TracesView.class, link);

        assertThat(combo("Service").getValue()).isEqualTo("payment");
        assertThat(combo("Operation").getValue()).isEqualTo("POST /charges");
        assertThat(text("Tags")).isEqualTo("error=true http.status_code=500");
        assertThat(text("Min duration")).isEqualTo("250ms");
        assertThat(text("Max duration")).isEqualTo("1.5s");
        assertThat($(DateTimePicker.class).withLabel("From").single().getValue())
                .isEqualTo(LocalDateTime.of(2026, 11, 24, 10, 0));
        assertThat($(DateTimePicker.class).withLabel("To").single().getValue())
                .isEqualTo(LocalDateTime.of(2026, 11, 24, 11, 0));
        assertThat($(IntegerField.class).withLabel("Limit").single().getValue()).isEqualTo(50);
        assertThat(TraceSearchQuery.parse(QueryParameters.fromString(link)).query().location())
                .isEqualTo(TracesView.PATH + "?" + link);

        assertThat(shownText("traces-problem")).contains(english(Widgets.TRACES_UNAVAILABLE));
    }

    @Test
    void whatATraceSearchLinkGetsWrongIsSaidAndLeftOut() {
        open(TracesView.class, "minDuration=soon&limit=0&tags=error%3Dtrue&lookback=-1h");

        assertThat(shownText("trace-search-problems")).contains("'minDuration' cannot be 'soon'",
                "'limit' cannot be '0'; expected a number from 1 to 1500", "a search by tags needs a service",
                "'lookback' cannot be '-1h'");
        assertThat(text("Tags")).isEmpty();
        assertThat(text("Min duration")).isEmpty();
    }

    @Test
    void aLogSearchLinkFillsTheFormAndLogsSayElasticsearchIsAway() {
        String link = "q=declined&service=payment&minSeverity=WARN&traceId=" + TRACE_ID + "&lookback=15m";
        open(LogsView.class, link);

        assertThat(text("Text")).isEqualTo("declined");
        assertThat(combo("Service").getValue()).isEqualTo("payment");
        assertThat(select("Severity at least").getValue()).isEqualTo(LogSearchQuery.Level.WARN);
        assertThat(text("Trace id")).isEqualTo(TRACE_ID);
        assertThat(select("Last").getValue()).isEqualTo(Duration.ofMinutes(15));
        assertThat(LogSearchQuery.parse(QueryParameters.fromString(link)).query().location())
                .isEqualTo(LogsView.PATH + "?" + link);

        assertThat(shownText("logs-problem")).contains(english(Widgets.LOGS_UNAVAILABLE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            io.opsplane.console.ui.telemetry.TracesView | Min duration | soon | find-traces | trace | traces-problem | Min duration cannot be 'soon'
            io.opsplane.console.ui.telemetry.LogsView   | Trace id     | xyz  | search-logs | log   | logs-problem   | Trace id cannot be 'xyz'
            """)
    void aSearchFromTheFormSaysWhatItCannotReadAndSearchesOnlyOnceItCan(Class<? extends Component> view, String field,
            String wrong, String button, String ids, String results, String said) {
        open(view, "service=payment");
        Component shownFirst = $(Component.class).id(results);
        $(TextField.class).withLabel(field).single().setValue(wrong);
        $(DateTimePicker.class).withLabel("From").single().setValue(LocalDateTime.of(2026, 11, 24, 11, 0));
        $(DateTimePicker.class).withLabel("To").single().setValue(LocalDateTime.of(2026, 11, 24, 10, 0));
        test($(Button.class).id(button)).click();

        assertThat(shownText(ids + "-search-problems")).contains(said, "From must be before To");
        assertThat($(Component.class).id(results)).isSameAs(shownFirst);

        $(TextField.class).withLabel(field).single().clear();
        $(DateTimePicker.class).withLabel("From").single().clear();
        test($(Button.class).id(button)).click();

        // nothing left to say: the problems are hidden (a query finds only what is shown)
        assertThat($(Div.class).withId(ids + "-search-problems").all()).isEmpty();
        // searched again: Elasticsearch is still away, and says so anew
        assertThat($(Component.class).id(results)).isNotSameAs(shownFirst);
    }

    @Test
    void aServiceMapLinkKeepsItsWindowAndSaysElasticsearchIsAway() {
        open(ServiceMapView.class, "from=2026-11-24T10:00:00Z&to=2026-11-24T12:00:00Z");

        assertThat(ServiceMapView.location(TimeWindow.between(Instant.parse("2026-11-24T10:00:00Z"),
                Instant.parse("2026-11-24T12:00:00Z"))))
                .isEqualTo("service-map?from=2026-11-24T10:00:00Z&to=2026-11-24T12:00:00Z");
        assertThat(shownText("service-map-problem")).contains(english(Widgets.TRACES_UNAVAILABLE));
    }

    @Test
    void aTraceLinkStillLeadsToItsSagaWhileElasticsearchIsAway() {
        navigate(TraceView.location(TRACE_ID.toUpperCase()), TraceView.class);

        assertThat(shownText("trace-title")).isEqualTo("Trace " + TRACE_ID);
        assertThat(shownText("trace-problem")).contains(english(Widgets.TRACES_UNAVAILABLE));
        Anchor saga = $(Anchor.class).withAttribute("data-saga").single();
        assertThat(saga.getText()).isEqualTo("o-4001");
        assertThat(saga.getHref()).isEqualTo(SagaDetailView.location(sagaId()));

        navigate(TraceView.location("not-a-trace"), TraceView.class);
        assertThat(shownText("trace-problem")).contains("'not-a-trace' is not a trace id: trace ids are 1 to 32 hex digits.");
    }

    @Test
    void theSagaPageKeepsItsSagaPartsAndItsTraceAndLogPartsSayElasticsearchIsAway() {
        navigate(SagaDetailView.location(sagaId()), SagaDetailView.class);

        assertThat(shownText("saga-waiting")).contains("Waiting for PaymentCompleted", "responsible: payment");
        assertThat($(Component.class).id("saga-steps")).isNotNull();
        String traces = awaitShown("saga-traces-problem");
        String logs = awaitShown("saga-logs-problem");
        assertThat(traces).contains(english(Widgets.TRACES_UNAVAILABLE));
        assertThat(logs).contains(english(Widgets.LOGS_UNAVAILABLE));
    }

    @Test
    void theOverviewsServicesPanelSaysElasticsearchIsAway() {
        Instant now = Instant.now();
        Component shown = servicesPanel.render(servicesPanel.load(now), now);

        assertThat(shown.getElement().getTextRecursively()).startsWith(english(Widgets.TRACES_UNAVAILABLE));
    }

    /** Opens the view at the link's query, as following the link would. */
    private static void open(Class<? extends Component> view, String query) {
        UI.getCurrent().navigate(view, QueryParameters.fromString(query));
    }

    /** Waits for something read in the background (through server push) to be on the page. */
    private String awaitShown(String id) {
        try {
            // the page is the test thread's: poll there
            return await().pollInSameThread().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(20))
                    .until(() -> {
                        roundTrip();
                        return $(Component.class).withId(id).all().stream().findFirst()
                                .map(found -> found.getElement().getTextRecursively()).orElse(null);
                    }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("nothing with id " + id + " on the page: "
                    + UI.getCurrent().getElement().getTextRecursively(), e);
        }
    }

    /** The English sentence of a bundle key: Widgets names the sentence, the page shows its words. */
    private static String english(String key) {
        return Messages.format(java.util.Locale.ENGLISH, key);
    }

    private String shownText(String id) {
        return $(Component.class).id(id).getElement().getTextRecursively();
    }

    @SuppressWarnings("unchecked")
    private ComboBox<String> combo(String label) {
        return $(ComboBox.class).withLabel(label).single();
    }

    @SuppressWarnings("unchecked")
    private <T> Select<T> select(String label) {
        return $(Select.class).withLabel(label).single();
    }

    private String text(String label) {
        return $(TextField.class).withLabel(label).single().getValue();
    }

    private long sagaId() {
        return db.queryForObject("SELECT id FROM saga_instance WHERE correlation_key = 'o-4001'", Long.class);
    }
}
