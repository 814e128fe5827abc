package io.opsplane.console.telemetry.log;

import io.opsplane.console.testing.OnOpenSearch;

/** {@link LogApiTest}'s tests with OpenSearch 2.19 holding the logs. */
@OnOpenSearch
class LogApiOnOpenSearchTest extends LogApiTest {
}
