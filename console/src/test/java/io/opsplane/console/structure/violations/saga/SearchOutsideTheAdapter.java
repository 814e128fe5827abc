package io.opsplane.console.structure.violations.saga;

/** A deliberate Elasticsearch call outside the adapter. */
public class SearchOutsideTheAdapter {
    org.apache.http.impl.client.CloseableHttpClient client;
}
