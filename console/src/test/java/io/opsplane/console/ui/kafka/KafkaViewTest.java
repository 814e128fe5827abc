package io.opsplane.console.ui.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.router.QueryParameters;
import io.opsplane.console.lag.ConsumerLag;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.testing.ViewTestSettings;
import io.opsplane.console.ui.shell.OverviewPanel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Kafka page and the overview's lag panel over a real broker: the payment service's group committed 2 of the 12
 * payment events and has no members; the page shows it 10 behind with nobody consuming, the overview lists it, and
 * a link for one group shows only that group.
 */
@WithUserDetails(TestUsers.VIEWER)
class KafkaViewTest extends BrowserlessViewTest {

    private static final String PREFIX = TestKafka.uniquePrefix();
    private static final OrderSaga SAGA = new OrderSaga(PREFIX);
    private static final String GROUP = "payment-" + PREFIX;
    private static boolean sampled;

    @Autowired
    private ConsumerLag lag;

    @DynamicPropertySource
    static void opsplane(DynamicPropertyRegistry registry) {
        // sampled by the test when it has set the scene (the settings leave sampling to the test)
        ViewTestSettings.sagaTopics(registry, SAGA);
        registry.add("opsplane.lag.group-services." + GROUP, () -> "payment");
    }

    @BeforeEach
    void aGroupBehind() throws Exception {
        if (sampled) {
            return;
        }
        TestKafka.createTopics(1, SAGA.orders, SAGA.inventory, SAGA.payments);
        OrderEvents events = new OrderEvents(SAGA);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, java.util.stream.IntStream.range(0, 12)
                    .mapToObj(i -> events.paymentCompleted("kv-" + i, Instant.now())).toList());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(SAGA.payments, 0), new OffsetAndMetadata(2)))
                    .all().get();
        }
        assertThat(lag.sample(Instant.now())).isTrue();
        sampled = true;
    }

    @Test
    void theKafkaPageShowsTheGroupBehindWithNobodyConsuming() {
        UI.getCurrent().navigate(KafkaView.class);
        NativeTableRow row = $(NativeTableRow.class).withAttribute("data-group", GROUP).single();
        assertThat(row.getElement().getAttribute("data-topic")).isEqualTo(SAGA.payments);
        assertThat(cells(row)).containsExactly(GROUP, "payment", "empty", "no active members", SAGA.payments, "1",
                "10 behind");
        assertThat($(Component.class).id("kafka-lag-chart").getElement().getAttribute("aria-label"))
                .contains(GROUP + " 10 behind");
        assertThat($(Component.class).id("kafka-caption").getElement().getText()).contains("consumer groups · sampled");

        // the link an alert on this group carries: that group only, with the lag the alert counted
        String link = KafkaView.location(GROUP);
        UI.getCurrent().navigate(link.substring(0, link.indexOf('?')),
                QueryParameters.fromString(link.substring(link.indexOf('?') + 1)));
        assertThat($(NativeTableRow.class).withAttribute("data-group").all())
                .extracting(r -> r.getElement().getAttribute("data-lag")).containsExactly("10");

        UI.getCurrent().navigate(KafkaView.class, QueryParameters.fromString("group=nobody"));
        assertThat($(NativeTableRow.class).withAttribute("data-group").all()).isEmpty();
        assertThat($(Component.class).id("kafka-empty").getElement().getTextRecursively()).contains("No consumer group nobody");
    }

    @Test
    void theOverviewListsTheGroupsBehind() {
        OverviewPanel<?> panel = panels.stream().filter(p -> p.title().equals("Consumer lag")).findFirst().orElseThrow();
        Instant now = Instant.now();
        Component shown = render(panel, now);
        List<String> groups = rows(shown).stream().map(r -> r.getElement().getAttribute("data-group")).toList();
        assertThat(groups).contains(GROUP);
        NativeTableRow row = rows(shown).stream().filter(r -> GROUP.equals(r.getElement().getAttribute("data-group")))
                .findFirst().orElseThrow();
        assertThat(cells(row)).containsExactly(GROUP, "payment", "10 behind on " + SAGA.payments
                + " · no active members", "0");
    }

    private static <T> Component render(OverviewPanel<T> panel, Instant now) {
        return panel.render(panel.load(now), now);
    }

    private static List<NativeTableRow> rows(Component root) {
        List<NativeTableRow> found = new java.util.ArrayList<>();
        if (root instanceof NativeTableRow row && row.getElement().hasAttribute("data-group")) {
            found.add(row);
        }
        root.getChildren().forEach(child -> found.addAll(rows(child)));
        return found;
    }

    private static List<String> cells(NativeTableRow row) {
        return row.getElement().getChildren().map(cell -> cell.getTextRecursively()).toList();
    }
}
