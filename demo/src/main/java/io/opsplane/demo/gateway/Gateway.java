package io.opsplane.demo.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /orders}, forwarded to the new order service for {@code orderService} percent of the orders and to
 * the legacy shop for the rest; {@code POST /gateway/split?orderService=30} moves the split, {@code GET
 * /gateway/split} shows it. The answer is the backend's, with {@code X-Served-By} naming it. The OpenTelemetry agent
 * traces the forwarded call, so each order's trace starts here and continues in whichever backend took it.
 */
@RestController
class Gateway {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI orderService;
    private final URI legacyShop;
    private volatile int orderServiceShare;

    Gateway(@Value("${demo.gateway.order-url:http://localhost:8091}") String orderUrl,
            @Value("${demo.gateway.legacy-url:http://localhost:8094}") String legacyUrl,
            @Value("${demo.gateway.order-service-share:0}") int initialShare) {
        this.orderService = URI.create(orderUrl + "/orders");
        this.legacyShop = URI.create(legacyUrl + "/orders");
        this.orderServiceShare = checked(initialShare);
    }

    /** What {@code /gateway/split} shows: the percent of orders each backend takes. */
    record Split(int orderService, int legacyShop) {
    }

    @GetMapping("/gateway/split")
    Split split() {
        int share = orderServiceShare;
        return new Split(share, 100 - share);
    }

    @PostMapping("/gateway/split")
    Split split(@RequestParam int orderService) {
        orderServiceShare = checked(orderService);
        log.info("Gateway split: {} % of orders to the order service, the rest to the legacy shop", orderService);
        return split();
    }

    @PostMapping(value = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> order(@RequestBody byte[] body) {
        boolean toNew = ThreadLocalRandom.current().nextInt(100) < orderServiceShare;
        URI target = toNew ? orderService : legacyShop;
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                    .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return ResponseEntity.status(answer.statusCode())
                    .header(HttpHeaders.CONTENT_TYPE, answer.headers().firstValue(HttpHeaders.CONTENT_TYPE)
                            .orElse(MediaType.APPLICATION_JSON_VALUE))
                    .header("X-Served-By", toNew ? "order-service" : "legacy-shop")
                    .body(answer.body());
        } catch (java.io.IOException e) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, (toNew ? "order-service" : "legacy-shop")
                    + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted", e);
        }
    }

    private static int checked(int share) {
        if (share < 0 || share > 100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "orderService is the percent of orders the order service takes, 0 to 100, not " + share);
        }
        return share;
    }
}
