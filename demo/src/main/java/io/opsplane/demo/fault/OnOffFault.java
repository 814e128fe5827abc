package io.opsplane.demo.fault;

import java.util.Map;
import java.util.function.Consumer;

/** A fault with no parameters: on or off, and {@code turn} does what that means for the service. */
public final class OnOffFault implements FaultSwitch {

    private final String name;
    private final String description;
    private final String onState;
    private final Consumer<Boolean> turn;
    private volatile boolean on;

    /** {@code onState} is what {@code GET /faults} shows while it is on, e.g. "not consuming". */
    public OnOffFault(String name, String description, String onState, Consumer<Boolean> turn) {
        this.name = name;
        this.description = description;
        this.onState = onState;
        this.turn = turn;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void on(Map<String, String> parameters) {
        on = true;
        turn.accept(true);
    }

    @Override
    public void off() {
        on = false;
        turn.accept(false);
    }

    @Override
    public String state() {
        return on ? onState : null;
    }
}
