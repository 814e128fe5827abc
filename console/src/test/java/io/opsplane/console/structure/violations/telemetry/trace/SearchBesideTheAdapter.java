package io.opsplane.console.structure.violations.telemetry.trace;

/** A deliberate Elasticsearch call in telemetry code beside the adapter package, not in it. */
public class SearchBesideTheAdapter {
    org.apache.http.client.methods.HttpPost request;
}
