package io.opsplane.console.security.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MaskingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Masking masking = new Masking(List.of("cardNumber", "email", "address", "enduser.email"),
            List.of("card-numbers", "email-addresses"), Map.of());

    private JsonNode masked(String json) {
        return masking.mask(JSON.readTree(json));
    }

    @Test
    void fieldsAreMatchedWhateverTheirCaseOrSeparators() {
        JsonNode masked = masked("""
                {"card_number": "x", "Customer": {"EMAIL": "y"}, "enduser.email": "z", "enduser@email": "w",
                 "emails": "v", "server.address": "payments.internal"}""");
        assertThat(masked.path("card_number").asString()).isEqualTo(Masking.MASK);
        assertThat(masked.path("Customer").path("EMAIL").asString()).isEqualTo(Masking.MASK);
        assertThat(masked.path("enduser.email").asString()).isEqualTo(Masking.MASK);
        assertThat(masked.path("enduser@email").asString()).as("Jaeger's storage form").isEqualTo(Masking.MASK);
        assertThat(masked.path("emails").asString()).isEqualTo("v");
        assertThat(masked.path("server.address").asString()).as("a host, not a postal address")
                .isEqualTo("payments.internal");
    }

    @Test
    void nameValueAttributeListsAreMaskedByTheirKey() {
        JsonNode masked = masked("""
                {"tags": [{"key": "enduser.email", "type": "string", "value": "x"},
                          {"key": "http.route", "type": "string", "value": "/orders"}],
                 "attributes": [{"key": "cardNumber", "value": {"stringValue": "y"}}]}""");
        assertThat(masked.path("tags").get(0).path("value").asString()).isEqualTo(Masking.MASK);
        assertThat(masked.path("tags").get(0).path("type").asString()).isEqualTo("string");
        assertThat(masked.path("tags").get(1).path("value").asString()).isEqualTo("/orders");
        assertThat(masked.path("attributes").get(0).path("value").asString()).isEqualTo(Masking.MASK);
    }

    @Test
    void valuesAreMaskedByShapeInTextJsonInTextNumbersAndBase64() {
        JsonNode masked = masked("""
                {"body": "paid 4111 1111 1111 1111 for jane@example.com",
                 "valueText": "{\\"cardNumber\\": \\"4111111111111111\\", \\"n\\": 1}",
                 "pan": 4111111111111111,
                 "count": 4111111111111112,
                 "data_base64": "%s",
                 "traceId": "4111111111111111"}""".formatted(
                Base64.getEncoder().encodeToString("to jane@example.com".getBytes(StandardCharsets.UTF_8))));
        assertThat(masked.path("body").asString()).isEqualTo("paid ****1111 for [masked]");
        assertThat(JSON.readTree(masked.path("valueText").asString()).path("cardNumber").asString())
                .isEqualTo(Masking.MASK);
        assertThat(masked.path("pan").asString()).isEqualTo("****1111");
        assertThat(masked.path("count").asLong()).isEqualTo(4111111111111112L);
        assertThat(new String(Base64.getDecoder().decode(masked.path("data_base64").asString()), StandardCharsets.UTF_8))
                .isEqualTo("to [masked]");
        assertThat(masked.path("traceId").asString()).as("identifiers stay links").isEqualTo("4111111111111111");
    }

    @Test
    void binaryBase64IsMaskedByteForByte() {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x10, '4', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1',
                '1', '1', '1', '1', 0x00};
        JsonNode masked = masked("{\"valueBase64\": \"" + Base64.getEncoder().encodeToString(binary) + "\"}");
        String shown = new String(Base64.getDecoder().decode(masked.path("valueBase64").asString()),
                StandardCharsets.ISO_8859_1);
        assertThat(shown).contains("****1111").doesNotContain("4111111111111111");
    }

    @Test
    void recordsComeBackAsTheSameTypeMasked() {
        record Line(String body, Map<String, String> attributes, long at) {
        }
        Line line = new Line("mail jane@example.com", Map.of("email", "jane@example.com", "level", "info"), 7);
        JsonNode tree = JSON.valueToTree(line);
        Line masked = JSON.treeToValue(masking.mask(tree), Line.class);
        assertThat(masked).isEqualTo(new Line("mail [masked]", Map.of("email", Masking.MASK, "level", "info"), 7));
    }
}
