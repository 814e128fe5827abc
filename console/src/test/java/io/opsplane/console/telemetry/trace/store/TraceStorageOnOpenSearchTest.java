package io.opsplane.console.telemetry.trace.store;

import io.opsplane.console.testing.OnOpenSearch;

/** {@link TraceStorageTest}'s tests with OpenSearch 2.19 holding the traces: Jaeger writes the same documents to it. */
@OnOpenSearch
class TraceStorageOnOpenSearchTest extends TraceStorageTest {
}
