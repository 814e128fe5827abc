package io.opsplane.console.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opsplane.console.alerting.AlertingSetup;
import io.opsplane.console.alerting.WebhookReceiver;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What Prometheus scrapes from {@code /actuator/prometheus} with a METRICS_READER key, and what Grafana's dashboard
 * ({@code deploy/grafana/opsplane-dashboard.json}) and the metrics table of docs/operations.md make of it: sagas
 * that got stuck are counted with their type, step, reason and responsible service, the alert about them is counted
 * as delivered to its receiver, and nothing the dashboard or the docs name is missing from a real scrape.
 */
class PrometheusMetricsTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    @AutoClose
    private static WebhookReceiver receiver;
    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient prometheus;
    private static OrderSaga saga;

    @BeforeAll
    static void start() {
        saga = OrderSaga.create();
        receiver = new WebhookReceiver();
        opsplane = AlertingSetup.configure(OpsplaneInstance.on(TestPostgres.newDatabase(),
                                saga.writeDefinition(Duration.ofSeconds(1))), receiver, AlertingSetup.stuckSagaRulesFile())
                .property("opsplane.metrics.refresh-interval", "300ms")
                .property("opsplane.lag.sample-interval", "1s")
                .start();
        prometheus = opsplane.api().withKey(TestUsers.METRICS_READER_KEY.secret());

        OrderEvents events = new OrderEvents(saga);
        Instant start = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            OrderEvents.send(producer, events.completedStuckAndPoison("metrics", 3, 2, start));
        }
    }

    @Test
    void stuckSagasAreCountedByTypeStepReasonAndService() {
        Map<String, String> stuckAtPayment = Map.of("saga_type", "order-placement", "step", "charge-payment",
                "reason", "STEP_TIMEOUT", "service", "payment");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Sample> scrape = scrape();
            assertThat(value(scrape, "opsplane_sagas_stuck", stuckAtPayment)).isEqualTo(2.0);
            assertThat(value(scrape, "opsplane_sagas", Map.of("saga_type", "order-placement", "status", "STUCK")))
                    .isEqualTo(2.0);
            assertThat(value(scrape, "opsplane_sagas", Map.of("saga_type", "order-placement", "status", "COMPLETED")))
                    .isEqualTo(3.0);
        });
        List<Sample> scrape = scrape();
        // every status of every defined type has a series, so a status that empties falls to 0 instead of vanishing
        assertThat(value(scrape, "opsplane_sagas", Map.of("saga_type", "order-placement", "status", "COMPENSATING")))
                .isEqualTo(0.0);
        assertThat(samples(scrape, "opsplane_sagas_stuck")).hasSize(1);
        assertThat(value(scrape, "opsplane_ingest_events_total", Map.of("outcome", "applied"))).isEqualTo(16.0);
        assertThat(value(scrape, "opsplane_ingest_events_total", Map.of("outcome", "dead-letter"))).isEqualTo(1.0);
        assertThat(value(scrape, "opsplane_command_outbox_depth", Map.of("destination", "Kafka"))).isEqualTo(0.0);
        assertThat(value(scrape, "opsplane_metrics_refresh_timestamp_seconds", Map.of()))
                .isGreaterThan(Instant.now().minus(Duration.ofMinutes(1)).getEpochSecond());
    }

    @Test
    void opsplanesOwnConsumerLagAndAlertDeliveriesAreCounted() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Sample> scrape = scrape();
            for (String topic : List.of(saga.orders, saga.inventory, saga.payments)) {
                assertThat(value(scrape, "opsplane_ingest_consumer_lag", Map.of("topic", topic))).as(topic).isEqualTo(0.0);
            }
            // the SagaStuck alert about the two stuck sagas reached the webhook
            assertThat(value(scrape, "opsplane_alert_deliveries_total", Map.of("receiver", "ops", "outcome", "delivered")))
                    .isGreaterThanOrEqualTo(1.0);
        });
        assertThat(receiver.accepted()).isNotEmpty();
        List<Sample> scrape = scrape();
        assertThat(value(scrape, "opsplane_alert_deliveries_total", Map.of("receiver", "ops", "outcome", "failed")))
                .isEqualTo(0.0);
        assertThat(samples(scrape, "opsplane_alert_deliveries_pending")).extracting(s -> s.labels().get("receiver"))
                .containsExactly("ops");
    }

    @Test
    void prometheusAndViewersMayScrapeAndNobodyElse() {
        HttpResponse<String> scraped = prometheus.get("/actuator/prometheus");
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(opsplane.api().as(TestUsers.VIEWER).get("/actuator/prometheus").statusCode()).isEqualTo(200);

        for (String key : new String[] {TestUsers.INGEST_KEY.secret(), TestUsers.TRACE_READER_KEY.secret()}) {
            HttpResponse<String> refused = opsplane.api().withKey(key).get("/actuator/prometheus");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(ApiClient.JSON.readTree(refused.body()).path("detail").asString())
                    .isEqualTo("GET /actuator/prometheus needs a role this user does not have (VIEWER or METRICS_READER)");
        }
        assertThat(opsplane.api().anonymous().get("/actuator/prometheus").statusCode()).isEqualTo(401);
        // the scraper's key reads the scrape and nothing else
        for (String path : new String[] {"/api/sagas", "/actuator/metrics", "/jaeger/api/services", "/v3/api-docs"}) {
            assertThat(prometheus.get(path).statusCode()).as(path).isEqualTo(403);
        }
    }

    @Test
    void theDashboardAndTheDocsNameOnlyMetricsTheConsoleExports() throws IOException {
        // wait for the figures that only appear once there is something to count
        await().atMost(Duration.ofSeconds(60)).until(() -> !samples(scrape(), "opsplane_sagas_stuck").isEmpty());
        Set<String> exported = scrape().stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));

        JsonNode dashboard = ApiClient.JSON.readTree(
                Files.readString(REPOSITORY.resolve("deploy/grafana/opsplane-dashboard.json")));
        assertThat(dashboard.path("title").asString()).isNotBlank();
        List<String> queries = new ArrayList<>();
        collectQueries(dashboard, queries);
        assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(5);
        Set<String> queried = metricNames(String.join("\n", queries));
        assertThat(queried).as("metrics the dashboard queries").contains("opsplane_sagas", "opsplane_sagas_stuck")
                .allSatisfy(name -> assertThat(exported).as("exported by the console").contains(name));

        // its data sources are variables: a Prometheus one for the metrics, a Jaeger one for Opsplane's Jaeger API
        List<String> dataSources = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.path("type").asString().equals("datasource")) {
                dataSources.add(variable.path("query").asString());
            }
        });
        assertThat(dataSources).contains("prometheus", "jaeger");

        String operations = Files.readString(REPOSITORY.resolve("docs/operations.md"));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(opsplane_[a-z0-9_]+)").matcher(operations);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).as("metrics in docs/operations.md").contains("opsplane_sagas_stuck")
                .allSatisfy(name -> assertThat(exported).as("exported by the console").contains(name));
    }

    /** Every Prometheus query in the dashboard: panel targets' expr and the query of query variables. */
    private static void collectQueries(JsonNode node, List<String> queries) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if ((field.getKey().equals("expr") || field.getKey().equals("query")) && field.getValue().isString()) {
                    queries.add(field.getValue().asString());
                } else if (field.getKey().equals("query") && field.getValue().has("query")) {
                    queries.add(field.getValue().path("query").asString());
                } else {
                    collectQueries(field.getValue(), queries);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectQueries(child, queries));
        }
    }

    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("\\bopsplane_[a-z0-9_]+").matcher(text);
        while (name.find()) {
            names.add(name.group());
        }
        return names;
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The scrape in Prometheus's text format, one sample a line. */
    private static List<Sample> scrape() {
        HttpResponse<String> response = prometheus.get("/actuator/prometheus");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                Matcher label = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
        }
        return samples;
    }

    private static List<Sample> samples(List<Sample> scrape, String name) {
        return scrape.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the one series of {@code name} with exactly these labels; null when there is none. */
    private static Double value(List<Sample> scrape, String name, Map<String, String> labels) {
        return samples(scrape, name).stream().filter(s -> s.labels().equals(labels)).map(Sample::value).findFirst()
                .orElse(null);
    }
}
