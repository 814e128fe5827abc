package io.opsplane.demo.fault;

import java.util.Map;

/** A fault a service can be told to have, so sagas fail and get stuck for real. */
public interface FaultSwitch {

    /** As in {@code POST /faults/{name}}. */
    String name();

    /** What it does, for {@code GET /faults}. */
    String description();

    /** Turns it on; {@code parameters} are the request's query parameters. */
    void on(Map<String, String> parameters);

    void off();

    /** Null when off; otherwise what is on, e.g. "dropping StockReserved". */
    String state();
}
