package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import io.opsplane.alerting.alert.AlertStore;
import io.opsplane.alerting.alert.AlertView;
import io.opsplane.alerting.silence.Matcher;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.telemetry.otlp.OtlpJson;
import io.opsplane.console.telemetry.otlp.OtlpLogSink;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.OrderTelemetry;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.testing.ViewTestSettings;
import io.opsplane.console.ui.telemetry.LogsView;
import io.opsplane.console.ui.saga.SagaListView;
import io.opsplane.console.ui.telemetry.TracesView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every kind of alert link, opened: the rules evaluate real saga rows, operator actions, spans and log lines, and
 * the page each firing alert links to must show what the alert counted, no more (a link naming a parameter its
 * view ignores shows more) and no less.
 */
@ViewTestSettings.Elasticsearch
@WithUserDetails(TestUsers.OPERATOR)
class AlertLinksTest extends BrowserlessViewTest {

    private static final String SERVICE = "link-payment";

    @Autowired
    private AlertStore alerts;
    @Autowired
    private OtlpTraceSink traces;
    @Autowired
    private OtlpLogSink logs;

    @DynamicPropertySource
    static void opsplane(DynamicPropertyRegistry registry) {
        registry.add("opsplane.external-url", () -> AlertingSetup.EXTERNAL_URL);
        registry.add("opsplane.alerting.rules-file", () -> AlertingSetup.rulesFile("""
                rules:
                  - name: LinkStuck
                    kind: saga-stuck
                    sagaType: link-stuck
                    interval: 1s
                  - name: LinkCompensation
                    kind: compensation
                    sagaType: link-compensation
                    interval: 1s
                  - name: LinkErrors
                    kind: service-error-ratio
                    service: %1$s
                    window: 10m
                    threshold: 0.2
                    minSpans: 5
                    interval: 1s
                  - name: LinkOutOfMemory
                    kind: log-count
                    query: OutOfMemoryError
                    service: %1$s
                    window: 10m
                    interval: 1s
                """.formatted(SERVICE)));
    }

    @Test
    void aStuckSagaLinkListsTheSagasStuckAtThatStepForThatReason() {
        stuck("link-stuck", "s-1", "charge-payment", "STEP_TIMEOUT");
        stuck("link-stuck", "s-2", "charge-payment", "STEP_TIMEOUT");
        stuck("link-stuck", "s-3", "reserve-stock", "STEP_TIMEOUT");
        stuck("link-stuck", "s-4", "charge-payment", "DEADLINE");

        AlertView alert = firing("LinkStuck", List.of(new Matcher("step", "charge-payment", false, true),
                new Matcher("reason", "STEP_TIMEOUT", false, true)), 2);

        open(alert, SagaListView.class);
        assertThat(shownCorrelationKeys()).containsExactlyInAnyOrder("s-1", "s-2");
        assertThat($(Span.class).id("saga-count").getText()).isEqualTo("2 sagas");
        assertThat(combo("Waiting at step").getValue()).isEqualTo("charge-payment");
    }

    @Test
    void aCompensationLinkListsTheSagasWhoseActionEndedSo() {
        long unverified = saga("link-compensation", "c-unverified");
        long verified = saga("link-compensation", "c-verified");
        long failed = saga("link-compensation", "c-failed");
        saga("link-compensation", "c-untouched");
        action(unverified, "c-unverified", "UNVERIFIED", "refund-payment");
        action(verified, "c-verified", "VERIFIED", "refund-payment");
        action(failed, "c-failed", "FAILED", null);

        AlertView unverifiedAlert = firing("LinkCompensation", List.of(new Matcher("outcome", "UNVERIFIED", false, true)),
                1);
        open(unverifiedAlert, SagaListView.class);
        assertThat(shownCorrelationKeys()).containsExactly("c-unverified");
        assertThat($(Span.class).id("list-narrowing-text").getText())
                .isEqualTo("Only sagas with an operator action that ended UNVERIFIED at step refund-payment");

        AlertView failedAlert = firing("LinkCompensation", List.of(new Matcher("outcome", "FAILED", false, true)), 1);
        open(failedAlert, SagaListView.class);
        assertThat(shownCorrelationKeys()).containsExactly("c-failed");
    }

    @Test
    void anErrorRatioLinkSearchesTheServicesFailingTraces() {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        traces.export(parse(() -> OtlpJson.traces(bytes(
                OrderTelemetry.chargeRequests(SERVICE, now, 0x11e47000L, 0xc0L, Duration.ofMillis(40))))));
        TestElasticsearch.refresh();

        AlertView alert = firing("LinkErrors", List.of(), 0.4);

        open(alert, TracesView.class);
        assertThat(combo("Service").getValue()).isEqualTo(SERVICE);
        assertThat($(TextField.class).withLabel("Tags").single().getValue()).isEqualTo("error=true");
        List<NativeTableRow> rows = $(NativeTableRow.class).all().stream()
                .filter(r -> r.getElement().hasAttribute("data-trace")).toList();
        assertThat(rows).as("the four failing traces of ten").hasSize(4)
                .allMatch(r -> "true".equals(r.getElement().getAttribute("data-error")));
    }

    @Test
    void aLogCountLinkSearchesTheLinesItCounted() {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        logs.export(parse(() -> OtlpJson.logs(bytes("""
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeLogs":[{"logRecords":[
                  {"timeUnixNano":"%d","severityNumber":17,"body":{"stringValue":"charge worker died: OutOfMemoryError"}},
                  {"timeUnixNano":"%d","severityNumber":9,"body":{"stringValue":"charge accepted"}}]}]}]}"""
                .formatted(SERVICE, now - 30_000_000_000L, now - 20_000_000_000L)))));
        TestElasticsearch.refresh();

        AlertView alert = firing("LinkOutOfMemory", List.of(), 1);

        open(alert, LogsView.class);
        assertThat($(TextField.class).withLabel("Text").single().getValue()).isEqualTo("OutOfMemoryError");
        assertThat(combo("Service").getValue()).isEqualTo(SERVICE);
        assertThat($(Span.class).id("log-count").getText()).startsWith("1 line,");
        assertThat($(Component.class).id("log-lines").getElement().getTextRecursively())
                .contains("charge worker died: OutOfMemoryError").doesNotContain("charge accepted");
    }

    /** The alert's link, opened as a person following it would: the console's own URL, its query read by the view. */
    private void open(AlertView alert, Class<? extends Component> view) {
        String link = alert.generatorURL();
        assertThat(link).startsWith(AlertingSetup.EXTERNAL_URL + "/");
        String location = link.substring(AlertingSetup.EXTERNAL_URL.length() + 1);
        int question = location.indexOf('?');
        String path = question < 0 ? location : location.substring(0, question);
        String query = question < 0 ? "" : location.substring(question + 1);
        UI.getCurrent().navigate(path, QueryParameters.fromString(query));
        assertThat(UI.getCurrent().getCurrentView()).as(link).isInstanceOf(view);
    }

    /**
     * The rule's firing alert once its value is {@code value}: spans and lines are indexed in the background, so an
     * evaluation may first see only part of them (the alert then fires with another value, and is updated later).
     */
    private AlertView firing(String rule, List<Matcher> labels, double value) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> alerts.list("firing", labels, 100).stream()
                .filter(a -> a.rule().equals(rule)).findFirst().orElse(null), a -> a != null && a.value() == value);
    }

    private void stuck(String type, String key, String step, String reason) {
        SagaRow.stuck(key, reason).ofType(type).waitingAt(step, "Done", "payment").insert(db);
    }

    private long saga(String type, String key) {
        return SagaRow.compensating(key).ofType(type).insert(db);
    }

    /** An operator's compensation that ended {@code status}; with a step, the command at that step ended so too. */
    private void action(long sagaId, String key, String status, String step) {
        long actionId = db.queryForObject("""
                INSERT INTO operator_action (saga_id, saga_type, correlation_key, kind, attempt, status, origin,
                    requested_by, reason, requested_at, finished_at)
                VALUES (?, 'link-compensation', ?, 'COMPENSATE', 1, ?, 'MANUAL', 'operator', 'refund', now(), now())
                RETURNING id""", Long.class, sagaId, key, status);
        if (step != null) {
            db.update("""
                    INSERT INTO operator_action_item (action_id, seq, saga_id, step, command_type, idempotency_key,
                        expected_event, expects, timeout_ms, envelope, state)
                    VALUES (?, 1, ?, ?, 'RefundPayment', ?, 'PaymentRefunded', 'STEP_COMPENSATED', 1000, '{}', ?)""",
                    actionId, sagaId, step, "link-" + actionId, status);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> shownCorrelationKeys() {
        Grid<SagaSummary> grid = $(Grid.class).single();
        var tester = test(grid);
        return IntStream.range(0, tester.size()).mapToObj(i -> tester.getRow(i).correlationKey()).toList();
    }

    @SuppressWarnings("unchecked")
    private ComboBox<String> combo(String label) {
        return $(ComboBox.class).withLabel(label).single();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private interface Parse<T> {
        T run() throws Exception;
    }

    private static <T> T parse(Parse<T> parse) {
        try {
            return parse.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
