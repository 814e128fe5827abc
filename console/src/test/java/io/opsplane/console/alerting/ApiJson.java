package io.opsplane.console.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import tools.jackson.databind.JsonNode;

/** JSON calls with an expected status, through the instance's ApiClient. */
final class ApiJson {

    private ApiJson() {
    }

    static JsonNode post(OpsplaneInstance opsplane, String path, String json, int expectedStatus) {
        HttpResponse<String> response = opsplane.api().postJson(path, json);
        assertThat(response.statusCode()).as("POST " + path + " → " + response.body()).isEqualTo(expectedStatus);
        return response.body().isEmpty() ? null : ApiClient.JSON.readTree(response.body());
    }
}
