package io.opsplane.console.alerting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a request as a receiver following the Standard Webhooks specification would, written from
 * the specification rather than from Opsplane's signer: HMAC-SHA256 over "id.timestamp.body" with
 * the base64-decoded part of the whsec_ secret, compared against each "v1,<base64>" in the header.
 */
final class StandardWebhooksVerifier {

    private StandardWebhooksVerifier() {
    }

    static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader)
            throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String signature : signatureHeader.split(" ")) {
            String[] parts = signature.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                return true;
            }
        }
        return false;
    }
}
