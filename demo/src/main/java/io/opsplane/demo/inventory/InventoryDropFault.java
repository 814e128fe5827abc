package io.opsplane.demo.inventory;

import java.util.Map;

import io.opsplane.demo.fault.FaultSwitch;
import io.opsplane.demo.messaging.EventTypes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /faults/inventory-drop[?event=StockReserved]}: the inventory keeps doing its work
 * (stock is reserved) but does not publish one kind of event, as a bug or a lost message would;
 * sagas then wait on the inventory for an event that never comes.
 */
@Component
class InventoryDropFault implements FaultSwitch {

    private static final Map<String, String> DROPPABLE = Map.of(
            "StockReserved", EventTypes.STOCK_RESERVED,
            "StockReservationFailed", EventTypes.STOCK_RESERVATION_FAILED,
            "StockReleased", EventTypes.STOCK_RELEASED);

    private volatile String dropped;

    @Override
    public String name() {
        return "inventory-drop";
    }

    @Override
    public String description() {
        return "do the work but do not publish one event kind (event=StockReserved|StockReservationFailed|StockReleased,"
                + " default StockReserved)";
    }

    @Override
    public void on(Map<String, String> parameters) {
        String event = parameters.getOrDefault("event", "StockReserved");
        if (!DROPPABLE.containsKey(event)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "event must be one of "
                    + String.join(", ", DROPPABLE.keySet().stream().sorted().toList()) + ", not " + event);
        }
        dropped = event;
    }

    @Override
    public void off() {
        dropped = null;
    }

    @Override
    public String state() {
        String event = dropped;
        return event == null ? null : "dropping " + event;
    }

    boolean drops(String cloudEventType) {
        String event = dropped;
        return event != null && DROPPABLE.get(event).equals(cloudEventType);
    }
}
