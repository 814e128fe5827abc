package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.QueryParameters;
import io.opsplane.alerting.alert.AlertStore;
import io.opsplane.alerting.alert.AlertView;
import io.opsplane.alerting.alert.RuleState;
import io.opsplane.alerting.delivery.DeliveryLog;
import io.opsplane.alerting.dispatch.GroupStore;
import io.opsplane.alerting.dispatch.GroupView;
import io.opsplane.alerting.silence.Matcher;
import io.opsplane.alerting.silence.Silence;
import io.opsplane.alerting.silence.SilenceStore;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.ui.alerting.AlertsView;
import io.opsplane.console.ui.alerting.ReceiversView;
import io.opsplane.console.ui.alerting.RulesView;
import io.opsplane.console.ui.alerting.SilencesView;
import io.opsplane.console.ui.shell.OverviewPanel;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerting pages on the server side, without a browser, on real PostgreSQL with the rules
 * evaluated and notifications sent to a real webhook receiver: what each role sees and may do, and
 * that what they do lands where it should (acknowledgements and silences in their name, silenced
 * alerts not notified, test notifications in the delivery log).
 */
@WithUserDetails(TestUsers.OPERATOR)
class AlertingViewsTest extends BrowserlessViewTest {

    @AutoClose
    private static final WebhookReceiver receiver = new WebhookReceiver();
    private static final Duration REPEAT = Duration.ofSeconds(2);

    @Autowired
    private AlertStore alerts;
    @Autowired
    private SilenceStore silences;
    @Autowired
    private AlertingActions actions;
    @Autowired
    private GroupStore groups;
    @Autowired
    private DeliveryLog deliveries;

    @DynamicPropertySource
    static void opsplane(DynamicPropertyRegistry registry) {
        // no Elasticsearch, as in every view test: the trace rule cannot be evaluated, and its health says why
        Map<String, String> alerting = AlertingSetup.settings(receiver, AlertingSetup.rulesFile("""
                rules:
                  - name: SagaStuck
                    kind: saga-stuck
                    interval: 1s
                    severity: critical
                    annotations: %s
                %s""".formatted(shippedAnnotations("SagaStuck"), AlertingSetup.PAYMENT_ERRORS_RULE)));
        alerting.put("opsplane.alerting.route.repeat-interval", REPEAT.toMillis() + "ms");
        alerting.forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void aStuckSagasFiringAlertIsListedWithItsDeepLinkAndItsGroup() {
        AlertView alert = firingAlertFor("order-placement", "charge-payment", "payment");
        awaitNotifications("order-placement", 1);

        alertsPage("state=firing&label=saga_type%3Dorder-placement");

        Div card = $(Div.class).id("alert-" + alert.id());
        assertThat(card.getElement().getAttribute("data-state")).isEqualTo("firing");
        assertThat(card.getElement().getTextRecursively()).contains("SagaStuck", "critical",
                "1 order-placement sagas stuck at charge-payment", "step=\"charge-payment\"", "reason=\"STEP_TIMEOUT\"",
                "Group {", "→ receiver ops", "last notified");
        Anchor link = $(Anchor.class, card).withClassName("alert-link").single();
        assertThat(link.getHref()).isEqualTo(AlertingSetup.EXTERNAL_URL
                + "/sagas?type=order-placement&status=STUCK&stuckReason=STEP_TIMEOUT&step=charge-payment");
        // its example is the saga it counted, one click away
        Paragraph examples = $(Paragraph.class, card).withClassName("alert-examples").single();
        assertThat(examples.getElement().getTextRecursively()).isEqualTo("For example: order-placement-1");
        assertThat($(Anchor.class, examples).single().getHref())
                .isEqualTo("sagas?type=order-placement&correlationKey=order-placement-1");

        // the overview counts it under its severity, linking to the list of exactly those
        OverviewPanel<?> firing = panels.stream().filter(p -> p.title().equals("Firing alerts")).findFirst().orElseThrow();
        Anchor critical = anchors(render(firing)).stream().filter(a -> a.hasClassName("opsplane-count")).findFirst()
                .orElseThrow();
        assertThat(critical.getHref()).isEqualTo("alerts?state=firing&label=severity%3D%22critical%22");
        assertThat(Integer.parseInt(critical.getText())).isEqualTo(alerts.list("firing", List.of(), 100).size());
        alertsPage(critical.getHref().substring(critical.getHref().indexOf('?') + 1));
        assertThat($(Div.class).id("alert-" + alert.id()).getElement().getAttribute("data-state")).isEqualTo("firing");
    }

    @Test
    void aKoreanPageShowsTheShippedRulesKoreanSummaryAndDescription() {
        AlertView alert = firingAlertFor("ko-placement", "charge-payment", "payment");
        UI.getCurrent().setLocale(Locale.KOREAN);
        alertsPage("label=saga_type%3Dko-placement");
        assertThat($(Div.class).id("alert-" + alert.id()).getElement().getTextRecursively())
                .contains("ko-placement 사가 1건이 charge-payment에서 멈춤", "payment의 응답을 기다리는 중(STEP_TIMEOUT)")
                .doesNotContain("sagas stuck at", "summary_ko", "Waiting on");
        navigate(RulesView.class);
        assertThat($(NativeTableRow.class).id("rule-SagaStuck").getElement().getTextRecursively())
                .contains("값 ≥ 1.0, 0s 동안 지속, 1s마다 평가");

        UI.getCurrent().setLocale(Locale.ENGLISH);
        alertsPage("label=saga_type%3Dko-placement");
        assertThat($(Div.class).id("alert-" + alert.id()).getElement().getTextRecursively())
                .contains("1 ko-placement sagas stuck at charge-payment", "Waiting on payment (STEP_TIMEOUT)")
                .doesNotContain("멈춤");
    }

    @Test
    void acknowledgingRecordsTheSignedInUserAndTheComment() {
        AlertView alert = firingAlertFor("ack-placement", "reserve-stock", "inventory");
        alertsPage("label=saga_type%3Dack-placement");

        test($(Button.class).id("ack-" + alert.id())).click();
        test($(TextArea.class).id("ack-comment")).setValue("calling the PSP");
        test($(Button.class).id("ack-confirm")).click();

        AlertView.Acknowledgement ack = alerts.find(alert.id()).acknowledgement();
        assertThat(ack.by()).isEqualTo(TestUsers.OPERATOR);
        assertThat(ack.comment()).isEqualTo("calling the PSP");
        assertThat($(Div.class).id("alert-" + alert.id()).getElement().getTextRecursively())
                .contains("Acknowledged by operator", "calling the PSP");
        Button acknowledged = $(Button.class).id("ack-" + alert.id());
        assertThat(acknowledged.isEnabled()).as("nothing left to acknowledge").isFalse();
        assertThat(acknowledged.getTooltip().getText()).isEqualTo("Acknowledged already, by " + TestUsers.OPERATOR);

        // its repeats stop, and the other groups go on being notified: once the dispatcher has looked at its group
        // since (and found no next time to look) and what it queued before has arrived, the count stays
        awaitGroup("ack-placement", "looked at after the acknowledgement, with no repeat planned",
                group -> group.lastNotifiedAt() != null && group.nextFlushAt() == null);
        int told = notificationsAbout("ack-placement");
        firingAlertFor("after-ack", "charge-payment", "payment");
        awaitNotifications("after-ack", 2);
        assertThat(notificationsAbout("ack-placement")).as("repeats of the acknowledged alert").isEqualTo(told);
    }

    @Test
    void silencingAnAlertFromItsCardStopsItsNotifications() {
        AlertView alert = firingAlertFor("refund", "refund-payment", "payment");
        // a group the silence leaves alone: its repeats mark the time in which the silenced one would repeat
        firingAlertFor("beside-refund", "refund-payment", "payment");
        // unsilenced, the group repeats itself every REPEAT: what the silence has to stop
        awaitNotifications("refund", 2);
        awaitNotifications("beside-refund", 1);
        alertsPage("label=saga_type%3Drefund");

        test($(Button.class).id("silence-" + alert.id())).click();
        assertThat($(TextArea.class).id("silence-matchers").getValue()).contains("saga_type=\"refund\"",
                "step=\"refund-payment\"", "alertname=\"SagaStuck\"");
        assertThat($(Paragraph.class).id("silence-preview").getText()).startsWith("Mutes 1 live alert now (SagaStuck)");
        test($(TextArea.class).id("silence-comment")).setValue("refunds are replayed by hand today");
        test($(Button.class).id("silence-create")).click();

        Silence silence = silences.list(Silence.State.ACTIVE).stream()
                .filter(s -> s.comment().equals("refunds are replayed by hand today")).findFirst().orElseThrow();
        assertThat(silence.createdBy()).isEqualTo(TestUsers.OPERATOR);
        assertThat(silence.matchers()).contains(new Matcher("saga_type", "refund", false, true));
        assertThat(silence.endsAt()).isAfter(Instant.now().plus(Duration.ofMinutes(110)));
        assertThat($(Div.class).id("alert-" + alert.id()).getElement().getTextRecursively()).contains("Silenced by 1 silence");

        // the dispatcher looks at the group again at once and plans its next look for the silence's end; a
        // notification queued before may still be on its way
        awaitGroup("refund", "looked at after the silence, next at its end",
                group -> group.nextFlushAt() != null && !group.nextFlushAt().isBefore(silence.endsAt()));
        int told = notificationsAbout("refund");
        int besides = notificationsAbout("beside-refund");
        awaitNotifications("beside-refund", besides + 2);
        assertThat(notificationsAbout("refund")).as("notifications after the silence, while another group repeated "
                + "twice").isEqualTo(told);

        // ended early, the silence lets the group speak again
        navigate(SilencesView.class);
        assertThat($(NativeTableRow.class).id("silence-" + silence.id()).getElement().getTextRecursively())
                .contains("active", "saga_type=\"refund\"", "operator", "refunds are replayed by hand today");
        test($(Button.class).id("expire-" + silence.id())).click();
        assertThat(silences.find(silence.id()).orElseThrow().state()).isEqualTo(Silence.State.EXPIRED);
        assertThat($(NativeTableRow.class).id("silence-" + silence.id()).getElement().getAttribute("data-state"))
                .isEqualTo("EXPIRED");
        assertThat($(Button.class).withId("expire-" + silence.id()).all()).isEmpty();
        awaitNotifications("refund", told + 1);
    }

    @Test
    void theDeliveryLogShowsWhatWasSentAndSendTestAddsATestDelivery() {
        firingAlertFor("log-placement", "charge-payment", "payment");
        awaitNotifications("log-placement", 1);
        navigate(ReceiversView.class);

        Div card = $(Div.class).id("receiver-ops");
        assertThat(card.getElement().getTextRecursively()).contains("Sends to http://127.0.0.1:", "signed")
                .doesNotContain(AlertingSetup.SECRET.substring("whsec_".length()), "/hook");
        assertThat(rows(card, "alert").stream().map(r -> r.getElement().getTextRecursively()))
                .anySatisfy(text -> assertThat(text).contains("log-placement", "delivered", "→ 204", "msg_"));

        int testsBefore = rows(card, "test").size();
        test($(Button.class).id("send-test-ops")).click();
        assertThat(rows($(Div.class).id("receiver-ops"), "test")).hasSize(testsBefore + 1);
        // the page is the test thread's: poll there
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            test($(Button.class).id("receivers-refresh")).click();
            return rows($(Div.class).id("receiver-ops"), "test").getFirst().getElement().getAttribute("data-status")
                    .equals("delivered");
        });
        String webhookId = rows($(Div.class).id("receiver-ops"), "test").getFirst().getElement().getTextRecursively();
        assertThat(receiver.accepted()).anySatisfy(r -> assertThat(webhookId).contains(r.header("webhook-id")));
    }

    @Test
    void theRulesPageShowsEachRulesHealthAndWhy() {
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.ruleStates().stream()
                .anyMatch(s -> s.rule().equals("PaymentErrors") && s.health() == RuleState.Health.ERROR));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.ruleStates().stream()
                .anyMatch(s -> s.rule().equals("SagaStuck") && s.lastEvaluatedAt() != null));
        navigate(RulesView.class);

        NativeTableRow errors = $(NativeTableRow.class).id("rule-PaymentErrors");
        assertThat(errors.getElement().getAttribute("data-health")).isEqualTo("ERROR");
        assertThat(errors.getElement().getTextRecursively()).contains("Elasticsearch unreachable", "rules.yml:");
        NativeTableRow stuck = $(NativeTableRow.class).id("rule-SagaStuck");
        assertThat(stuck.getElement().getAttribute("data-health")).isEqualTo("OK");
        assertThat(stuck.getElement().getTextRecursively()).contains("saga-stuck · critical", "ago", "every 1s",
                "rules.yml:2");
        assertThat($(Button.class).withId("new-rule").all()).as("an operator does not change rules").isEmpty();
        assertThatThrownBy(() -> actions.createRule("{\"name\": \"Sneaky\", \"kind\": \"saga-stuck\"}"))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("needs the ADMIN role");
    }

    @Test
    @WithUserDetails(TestUsers.ADMIN)
    void anAdminCreatesChangesAndDeletesAStoredRuleAndIsToldWhatIsWrong() {
        navigate(RulesView.class);
        test($(Button.class).id("new-rule")).click();
        saveRule(checkoutFailing("15 minutes"));
        assertThat($(Paragraph.class).id("rule-problem").getText())
                .isEqualTo("request body:3: rule 'CheckoutFailing': window '15 minutes' is not a duration "
                        + "(e.g. 30s, 5m, 2h or PT30S)");

        saveRule(checkoutFailing("15m"));
        NativeTableRow row = $(NativeTableRow.class).id("rule-CheckoutFailing");
        assertThat(row.getElement().getTextRecursively()).contains("stored", "window 15m", "value ≥ 0.1");

        test($(Button.class).id("edit-rule-CheckoutFailing")).click();
        assertThat($(TextArea.class).id("rule-body").getValue()).contains("name: CheckoutFailing", "window: 15m");
        saveRule($(TextArea.class).id("rule-body").getValue().replace("threshold: 0.1", "threshold: 0.25"));
        assertThat($(NativeTableRow.class).id("rule-CheckoutFailing").getElement().getTextRecursively())
                .contains("value ≥ 0.25");

        test($(Button.class).id("delete-rule-CheckoutFailing")).click();
        test($(ConfirmDialog.class).single()).confirm();
        assertThat($(NativeTableRow.class).withId("rule-CheckoutFailing").all()).isEmpty();
    }

    @Test
    @WithUserDetails(TestUsers.VIEWER)
    void aViewerSeesEverythingButNoActionAndTheServerRefusesThemAnyway() {
        AlertView alert = firingAlertFor("viewer-placement", "charge-payment", "payment");
        Silence silence = silences.create(new SilenceStore.SilenceInput(
                List.of(new Matcher("saga_type", "nothing-at-all", false, true)), null,
                Instant.now().plus(Duration.ofHours(1)), "viewer test"), "maria");

        alertsPage("label=saga_type%3Dviewer-placement");
        assertThat($(Div.class).id("alert-" + alert.id()).getElement().getTextRecursively()).contains("SagaStuck");
        navigate(SilencesView.class);
        assertThat($(NativeTableRow.class).id("silence-" + silence.id()).getElement().getTextRecursively())
                .contains("viewer test", "maria");
        navigate(ReceiversView.class);
        assertThat($(Div.class).id("receiver-ops").getElement().getTextRecursively()).contains("Sends to");
        navigate(RulesView.class);
        assertThat($(NativeTableRow.class).id("rule-SagaStuck").getElement().getTextRecursively()).contains("ok");
        for (Class<? extends com.vaadin.flow.component.Component> page : List.of(AlertsView.class, SilencesView.class,
                ReceiversView.class, RulesView.class)) {
            navigate(page);
            assertThat($(Button.class).all().stream().map(Button::getText))
                    .as(page.getSimpleName() + " shows a viewer only these buttons").isSubsetOf("Refresh", "Sign out",
                            "");
        }

        assertThatThrownBy(() -> actions.acknowledge(alert.id(), "not mine")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("needs the OPERATOR role");
        assertThatThrownBy(() -> actions.silence(List.of(new Matcher("saga_type", "viewer-placement", false, true)),
                Instant.now().plusSeconds(600), "x")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actions.expire(silence.id())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actions.sendTest("ops")).isInstanceOf(AccessDeniedException.class);
        assertThat(alerts.find(alert.id()).acknowledgement()).isNull();
        assertThat(silences.find(silence.id()).orElseThrow().state()).isEqualTo(Silence.State.ACTIVE);
    }

    /** Writes a saga of {@code type} stuck at {@code step}, and answers the alert SagaStuck fires for it. */
    private AlertView firingAlertFor(String type, String step, String service) {
        SagaRow.stuck(type + "-1").ofType(type).waitingAt(step, "Done", service).insert(db);
        List<Matcher> itsLabels = List.of(new Matcher("saga_type", type, false, true));
        return await().atMost(Duration.ofSeconds(20)).until(() -> alerts.list("firing", itsLabels, 1).stream()
                .findFirst().orElse(null), a -> a != null);
    }

    private void awaitNotifications(String sagaType, int atLeast) {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> notificationsAbout(sagaType) >= atLeast);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("fewer than " + atLeast + " notifications about " + sagaType + "; received "
                    + receiver.all().stream().map(WebhookReceiver.Received::body).toList() + "; groups "
                    + db.queryForList("SELECT group_key, flush_at, last_notified_at FROM alert_group") + "; deliveries "
                    + db.queryForList("SELECT receiver, status, attempts, last_status, last_error FROM alert_delivery"), e);
        }
    }

    /**
     * Waits until the notification group of {@code sagaType}'s alerts is as {@code expected} and nothing it queued is
     * still on its way to the receiver.
     */
    private void awaitGroup(String sagaType, String expectation, Predicate<GroupView> expected) {
        await(sagaType + "'s group " + expectation + ", its notifications delivered").atMost(Duration.ofSeconds(20))
                .until(() -> groups.groups().stream().filter(g -> sagaType.equals(g.groupLabels().get("saga_type")))
                        .findFirst().filter(expected).filter(group -> deliveries.forReceiver("ops", "pending", 500)
                                .stream().noneMatch(d -> d.groupKey().equals(group.groupKey()))).isPresent());
    }

    private int notificationsAbout(String sagaType) {
        Predicate<WebhookReceiver.Received> about = r -> r.json().path("groupLabels").path("saga_type").asString("")
                .equals(sagaType);
        return (int) receiver.accepted().stream().filter(about).count();
    }

    private static <T> com.vaadin.flow.component.Component render(OverviewPanel<T> panel) {
        return panel.render(panel.load(Instant.now()), Instant.now());
    }

    private static List<Anchor> anchors(com.vaadin.flow.component.Component root) {
        List<Anchor> found = new java.util.ArrayList<>();
        if (root instanceof Anchor anchor) {
            found.add(anchor);
        }
        root.getChildren().forEach(child -> found.addAll(anchors(child)));
        return found;
    }

    /** A rule's annotations as Opsplane ships them (deploy/alert-rules.yml), as a flow mapping for a rules file. */
    private static String shippedAnnotations(String rule) {
        try (Reader reader = Files.newBufferedReader(Path.of("../deploy/alert-rules.yml"))) {
            Map<String, List<Map<String, Object>>> file = new Yaml().load(reader);
            Object annotations = file.get("rules").stream().filter(r -> rule.equals(r.get("name"))).findFirst()
                    .orElseThrow().get("annotations");
            return JsonMapper.builder().build().writeValueAsString(annotations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String checkoutFailing(String window) {
        return """
                name: CheckoutFailing
                kind: saga-failure-ratio
                window: %s
                threshold: 0.1
                """.formatted(window);
    }

    /** Writes the rule into the open editor and saves it, as an admin would. */
    private void saveRule(String yaml) {
        test($(TextArea.class).id("rule-body")).setValue(yaml);
        test($(Button.class).id("rule-save")).click();
    }

    private static void alertsPage(String query) {
        UI.getCurrent().navigate(AlertsView.class, QueryParameters.fromString(query));
        assertThat(UI.getCurrent().getCurrentView()).isInstanceOf(AlertsView.class);
    }

    private List<NativeTableRow> rows(Div receiverCard, String kind) {
        return $(NativeTableRow.class, receiverCard).all().stream()
                .filter(r -> kind.equals(r.getElement().getAttribute("data-kind"))).toList();
    }
}
