package io.opsplane.demo.messaging;

import java.util.Map;

/** The shop's event and command types, as deploy/sagas/order-placement.yml and order-refund.yml match them. */
public final class EventTypes {

    // order service: structured CloudEvents on "orders"
    public static final String ORDER_CREATED = "com.shop.order.created";
    public static final String ORDER_CONFIRMED = "com.shop.order.confirmed";
    public static final String ORDER_CANCELLED = "com.shop.order.cancelled";
    public static final String ORDER_CANCEL_REJECTED = "com.shop.order.cancel-rejected";
    public static final String REFUND_REQUESTED = "com.shop.order.refund-requested";
    public static final String REFUND_COMPLETED = "com.shop.order.refunded";
    public static final String REFUND_REJECTED = "com.shop.order.refund-rejected";

    // inventory service: binary CloudEvents on "inventory"
    public static final String STOCK_RESERVED = "com.shop.stock.reserved";
    public static final String STOCK_RESERVATION_FAILED = "com.shop.stock.reservation-failed";
    public static final String STOCK_RELEASED = "com.shop.stock.released";
    public static final String ITEMS_RESTOCKED = "com.shop.stock.restocked";
    public static final String RESTOCK_FAILED = "com.shop.stock.restock-failed";

    // payment service: plain JSON with eventType on "payments"
    public static final String PAYMENT_COMPLETED = "PaymentCompleted";
    public static final String PAYMENT_FAILED = "PaymentFailed";
    public static final String PAYMENT_REFUNDED = "PaymentRefunded";
    public static final String REFUND_FAILED = "RefundFailed";
    public static final String REFUND_REVERSED = "RefundReversed";

    // commands: structured CloudEvents on "<service>-commands" (or POST /commands)
    public static final String CANCEL_ORDER = "CancelOrder";
    public static final String RELEASE_STOCK = "ReleaseStock";
    public static final String RESTOCK_ITEMS = "RestockItems";
    public static final String REFUND_PAYMENT = "RefundPayment";
    public static final String REVERSE_REFUND = "ReverseRefund";
    /** Publish a step's outcome again (its event was lost): inventory's reservation, payment's charge. */
    public static final String REPUBLISH_RESERVATION = "RepublishReservation";
    public static final String REPUBLISH_PAYMENT = "RepublishPayment";

    /**
     * The legacy shop's names for the order events it announces through its outbox (Debezium's outbox event
     * router puts them in the {@code eventType} header); the new services read them as the events they stand for.
     */
    private static final Map<String, String> LEGACY_NAMES = Map.of(
            ORDER_CREATED, "OrderCreated",
            ORDER_CONFIRMED, "OrderConfirmed",
            ORDER_CANCELLED, "OrderCancelled",
            ORDER_CANCEL_REJECTED, "OrderCancelRejected");

    private EventTypes() {
    }

    /** The legacy shop's name for an event type (the type itself when it has none). */
    public static String legacyName(String type) {
        return LEGACY_NAMES.getOrDefault(type, type);
    }

    /** The event type a legacy name stands for (the name itself when it is not one). */
    public static String fromLegacyName(String name) {
        return LEGACY_NAMES.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .findFirst().orElse(name);
    }
}
