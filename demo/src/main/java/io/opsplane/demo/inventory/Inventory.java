package io.opsplane.demo.inventory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import io.opsplane.demo.messaging.EventTypes;
import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.Topics;
import io.opsplane.demo.messaging.UnreadableMessageException;
import io.opsplane.demo.outbox.Events;
import io.opsplane.demo.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stock per product and one reservation per order: reserves on OrderCreated, releases on
 * PaymentFailed, OrderCancelled or the ReleaseStock command, restocks on RestockItems, publishes a
 * reservation's outcome again on RepublishReservation. Every method runs inside its caller's transaction.
 */
@Service
public class Inventory {

    private static final Logger log = LoggerFactory.getLogger(Inventory.class);

    private final JdbcTemplate jdbc;
    private final Events events;
    private final Outbox outbox;
    private final Topics topics;
    private final InventoryDropFault drop;

    Inventory(JdbcTemplate jdbc, Events events, Outbox outbox, Topics topics, InventoryDropFault drop) {
        this.jdbc = jdbc;
        this.events = events;
        this.outbox = outbox;
        this.topics = topics;
        this.drop = drop;
    }

    /** A product's stock as {@code GET /stock/{product}} shows it. */
    public record Stock(String product, int available, int reserved, boolean returnable) {
    }

    public Optional<Stock> stock(String product) {
        return jdbc.query("""
                SELECT p.sku, p.available, p.returnable,
                       (SELECT coalesce(sum(quantity), 0) FROM reservation r WHERE r.sku = p.sku AND r.status = 'RESERVED')
                FROM product p WHERE p.sku = ?""",
                (rs, n) -> new Stock(rs.getString(1), rs.getInt(2), rs.getInt(4), rs.getBoolean(3)), product)
                .stream().findFirst();
    }

    public List<String> products() {
        return jdbc.queryForList("SELECT sku FROM product ORDER BY sku", String.class);
    }

    /** OrderCreated: reserve the stock, or say why not. */
    void reserve(IncomingMessage orderCreated) {
        String orderId = orderCreated.required("orderId");
        String product = orderCreated.required("product");
        int quantity;
        try {
            quantity = Integer.parseInt(orderCreated.required("quantity"));
        } catch (NumberFormatException e) {
            throw new UnreadableMessageException("order " + orderId + " has no whole quantity");
        }
        if (quantity < 1) {
            throw new UnreadableMessageException("order " + orderId + " asks for " + quantity + " items");
        }
        if (jdbc.queryForObject("SELECT count(*) FROM reservation WHERE order_id = ?", Integer.class, orderId) > 0) {
            log.info("Order {} was handled before (released or reserved already): not reserving", orderId);
            return;
        }
        // kept with the reservation: the payment charges on StockReserved, also when it is published again
        String memberId = orderCreated.text("memberId");
        BigDecimal amount = decimal(orderCreated.text("amount"));
        Integer available = jdbc.query("SELECT available FROM product WHERE sku = ? FOR UPDATE",
                (rs, n) -> rs.getInt(1), product).stream().findFirst().orElse(null);
        if (available == null || available < quantity) {
            String reason = available == null ? "unknown product " + product
                    : "only " + available + " of " + product + " left";
            log.warn("Order {}: stock not reserved, {}", orderId, reason);
            // a FAILED reservation: a re-publish request answers the same failure, a redelivery reserves nothing
            jdbc.update("""
                    INSERT INTO reservation (order_id, sku, quantity, status, member_id, amount, reason)
                    VALUES (?, ?, ?, 'FAILED', ?, ?, ?)""", orderId, product, quantity, memberId, amount, reason);
        } else {
            jdbc.update("UPDATE product SET available = available - ? WHERE sku = ?", quantity, product);
            jdbc.update("""
                    INSERT INTO reservation (order_id, sku, quantity, status, member_id, amount)
                    VALUES (?, ?, ?, 'RESERVED', ?, ?)""", orderId, product, quantity, memberId, amount);
            log.info("Order {}: reserved {} x {}", orderId, quantity, product);
        }
        Reservation reservation = reservation(orderId);
        remember(orderId, publish(topics.inventory(), outcomeType(reservation), orderId, outcome(orderId, reservation)));
    }

    /**
     * RepublishReservation: publishes the reservation's outcome again on {@code topic}, for a saga whose event was
     * lost (the inventory-drop fault). The event written for it before, identical (same id), when there was one on
     * that topic; else it is written from the reservation (StockReserved with the member and amount the payment
     * charges on, StockReleased, or StockReservationFailed with its reason) and kept, so a second request publishes
     * that same event again and changes nothing. An order the inventory has not seen gets a FAILED reservation
     * ("no reservation for order …"), answered with StockReservationFailed; its OrderCreated, should it come late,
     * then reserves nothing. Never dropped by the fault: it is the answer to a command. Answers the outbox row.
     */
    long republish(String orderId, String topic) {
        Reservation reservation = reservation(orderId);
        if (reservation == null) {
            String reason = "no reservation for order " + orderId + ": the inventory has not seen the order";
            jdbc.update("INSERT INTO reservation (order_id, sku, quantity, status, reason) VALUES (?, '', 0, 'FAILED', ?)",
                    orderId, reason);
            log.warn("Order {}: asked to publish its reservation again, but {}", orderId, reason);
            reservation = reservation(orderId);
        }
        if (reservation.outcomeOutboxId() != null
                && topic.equals(outbox.describe(reservation.outcomeOutboxId()).get("topic"))) {
            log.info("Order {}: publishing its {} again", orderId, outcomeType(reservation));
            return outbox.repeat(reservation.outcomeOutboxId());
        }
        log.info("Order {}: publishing {} (not published before)", orderId, outcomeType(reservation));
        long id = events.binary(topic, outcomeType(reservation), orderId, outcome(orderId, reservation));
        remember(orderId, id);
        return id;
    }

    /** The event that announces a reservation's outcome: reserved (also once delivered and returned), released, failed. */
    private static String outcomeType(Reservation reservation) {
        return switch (reservation.status()) {
            case "RELEASED" -> EventTypes.STOCK_RELEASED;
            case "FAILED" -> EventTypes.STOCK_RESERVATION_FAILED;
            default -> EventTypes.STOCK_RESERVED;
        };
    }

    private ObjectNode outcome(String orderId, Reservation reservation) {
        ObjectNode data = events.data();
        data.put("orderId", orderId);
        data.put("product", reservation.product().isEmpty() ? null : reservation.product());
        data.put("quantity", reservation.quantity());
        if (outcomeType(reservation).equals(EventTypes.STOCK_RESERVED)) {
            // the payment service charges on this event, so it carries what the charge needs
            data.put("memberId", reservation.memberId());
            data.put("amount", reservation.amount());
        } else {
            data.put("reason", reservation.reason());
        }
        return data;
    }

    /** Keeps the outbox row of the reservation's outcome event (none when the inventory-drop fault swallowed it). */
    private void remember(String orderId, long outboxId) {
        if (outboxId != 0) {
            jdbc.update("UPDATE reservation SET outcome_outbox_id = ? WHERE order_id = ?", outboxId, orderId);
        }
    }

    private static BigDecimal decimal(String text) {
        try {
            return text == null ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Puts an order's reserved stock back and writes StockReleased to {@code topic}; answers the
     * outbox row. For an event ({@code command} false) nothing is written when nothing was
     * reserved, and it answers null. An order with no reservation yet gets a released one of
     * nothing, so a late OrderCreated reserves nothing.
     */
    Long release(String orderId, String why, String topic, boolean command) {
        Reservation reservation = reservation(orderId);
        int released = 0;
        String product = null;
        if (reservation == null) {
            jdbc.update("INSERT INTO reservation (order_id, sku, quantity, status, reason) VALUES (?, '', 0, 'RELEASED', ?)",
                    orderId, why);
        } else {
            product = reservation.product();
            if (reservation.status().equals("RESERVED")) {
                released = reservation.quantity();
                jdbc.update("UPDATE product SET available = available + ? WHERE sku = ?", released, product);
                jdbc.update("UPDATE reservation SET status = 'RELEASED', reason = ?, updated_at = now() WHERE order_id = ?",
                        why, orderId);
                log.info("Order {}: released {} x {} ({})", orderId, released, product, why);
            }
        }
        if (released == 0 && !command) {
            return null;
        }
        ObjectNode data = events.data();
        data.put("orderId", orderId);
        data.put("product", product);
        data.put("quantity", released);
        data.put("reason", why);
        long id = command ? events.binary(topic, EventTypes.STOCK_RELEASED, orderId, data)
                : publish(topic, EventTypes.STOCK_RELEASED, orderId, data);
        if (released > 0) {
            remember(orderId, id);
        }
        return id;
    }

    /** RestockItems: returned items go back into stock, unless the product takes no returns; answers the outbox row. */
    long restock(String orderId, String refundId, String topic) {
        Reservation reservation = reservation(orderId);
        ObjectNode data = events.data();
        data.put("orderId", orderId);
        data.put("refundId", refundId);
        String failure = null;
        if (reservation == null || reservation.status().equals("RELEASED") || reservation.status().equals("FAILED")) {
            failure = "nothing was delivered for order " + orderId;
        } else if (!jdbc.queryForObject("SELECT returnable FROM product WHERE sku = ?", Boolean.class,
                reservation.product())) {
            failure = reservation.product() + " takes no returns";
        }
        if (failure != null) {
            data.put("reason", failure);
            log.warn("Order {}: not restocked, {}", orderId, failure);
            return events.binary(topic, EventTypes.RESTOCK_FAILED, orderId, data);
        }
        int restocked = 0;
        if (reservation.status().equals("RESERVED")) {
            restocked = reservation.quantity();
            jdbc.update("UPDATE product SET available = available + ? WHERE sku = ?", restocked, reservation.product());
            jdbc.update("UPDATE reservation SET status = 'RESTOCKED', updated_at = now() WHERE order_id = ?", orderId);
            log.info("Order {}: restocked {} x {}", orderId, restocked, reservation.product());
        }
        data.put("product", reservation.product());
        data.put("quantity", restocked);
        return events.binary(topic, EventTypes.ITEMS_RESTOCKED, orderId, data);
    }

    private record Reservation(String product, int quantity, String status, String memberId, BigDecimal amount,
                               String reason, Long outcomeOutboxId) {
    }

    private Reservation reservation(String orderId) {
        return jdbc.query("""
                SELECT sku, quantity, status, member_id, amount, reason, outcome_outbox_id FROM reservation
                WHERE order_id = ? FOR UPDATE""",
                (rs, n) -> new Reservation(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getString(6), rs.getObject(7, Long.class)), orderId)
                .stream().findFirst().orElse(null);
    }

    /**
     * Writes an event to the outbox, unless the inventory-drop fault swallows its kind; answers the
     * row (0 when dropped). Answers to commands are never dropped: the fault is about choreography.
     */
    private long publish(String topic, String type, String orderId, ObjectNode data) {
        if (drop.drops(type)) {
            log.warn("Fault inventory-drop: {} for order {} is not published", type, orderId);
            return 0;
        }
        return events.binary(topic, type, orderId, data);
    }
}
