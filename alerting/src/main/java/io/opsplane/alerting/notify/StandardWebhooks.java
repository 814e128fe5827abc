package io.opsplane.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing as the Standard Webhooks specification describes: the signature is
 * {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} keyed by the base64 part of a
 * {@code whsec_<base64>} secret, sent in {@code webhook-signature} beside {@code webhook-id} and
 * {@code webhook-timestamp} (seconds since the epoch).
 */
public final class StandardWebhooks {

    public static final String PREFIX = "whsec_";

    private StandardWebhooks() {
    }

    public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Null when {@code secret} is usable, else what is wrong with it (never the secret itself). */
    static String problem(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return "the secret must be whsec_ followed by base64 (e.g. whsec_ and 32 random bytes in base64)";
        }
        try {
            if (key(secret).length < 16) {
                return "the secret's key must be at least 16 bytes";
            }
        } catch (IllegalArgumentException e) {
            return "the part after whsec_ is not base64";
        }
        return null;
    }

    private static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
