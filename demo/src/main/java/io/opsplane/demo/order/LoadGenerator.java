package io.opsplane.demo.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places orders at a chosen rate through the service's own {@code POST /orders}, as a shop front
 * would (so each order starts its own trace at an HTTP call). About one order in twenty is over the
 * payment service's limit (payment fails, stock is released, the order cancelled) and one in twenty
 * asks for {@code sku-limited}, which runs out. {@code POST /load?rate=5} (orders per second),
 * {@code DELETE /load}, {@code GET /load}; {@code demo.load.rate} starts it with the service.
 */
@RestController
@RequestMapping("/load")
class LoadGenerator {

    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
    private static final String[] PRODUCTS = {"sku-1", "sku-2", "sku-3", "sku-4"};
    private static final double MAX_RATE = 200;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("load-generator").daemon().factory());
    private final JsonMapper json;
    private final Environment environment;
    private final double initialRate;
    /** Where orders are placed: the gateway, once there is one; this service's own {@code /orders} by default. */
    private final String target;
    private final AtomicLong placed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private ScheduledFuture<?> running;
    private double rate;

    LoadGenerator(JsonMapper json, Environment environment, @Value("${demo.load.rate:0}") double initialRate,
                  @Value("${demo.load.target:}") String target) {
        this.json = json;
        this.environment = environment;
        this.initialRate = initialRate;
        this.target = target;
    }

    /** What {@code GET /load} shows. */
    public record Load(double ratePerSecond, long placed, long refused) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void startConfigured() {
        if (initialRate > 0) {
            start(initialRate);
        }
    }

    @PostMapping
    synchronized Load start(@RequestParam double rate) {
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "rate is orders per second, above 0 and at most "
                    + (int) MAX_RATE);
        }
        stop();
        this.rate = rate;
        running = scheduler.scheduleAtFixedRate(this::placeOne, 0, Math.round(1_000_000 / rate), TimeUnit.MICROSECONDS);
        log.info("Placing {} orders a second", rate);
        return status();
    }

    @DeleteMapping
    synchronized Load stop() {
        if (running != null) {
            running.cancel(false);
            running = null;
            log.info("Load stopped after {} orders", placed.get());
        }
        rate = 0;
        return status();
    }

    @GetMapping
    synchronized Load status() {
        return new Load(rate, placed.get(), refused.get());
    }

    private void placeOne() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int pick = random.nextInt(100);
        String product = pick < 5 ? "sku-limited" : PRODUCTS[random.nextInt(PRODUCTS.length)];
        BigDecimal amount = BigDecimal.valueOf(pick >= 95 ? random.nextDouble(1200, 2000) : random.nextDouble(10, 300))
                .setScale(2, RoundingMode.HALF_UP);
        Map<String, Object> order = Map.of("memberId", "m-" + random.nextInt(1, 51), "product", product,
                "quantity", random.nextInt(1, 4), "amount", amount);
        try {
            String base = target.isBlank() ? "http://localhost:" + environment.getProperty("local.server.port") : target;
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(order))).build(),
                    HttpResponse.BodyHandlers.discarding());
            (response.statusCode() == 202 ? placed : refused).incrementAndGet();
        } catch (Exception e) {
            refused.incrementAndGet();
            log.warn("Order not placed: {}", e.toString());
        }
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
    }
}
