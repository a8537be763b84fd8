package dev.slimline.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code <webhook-id>.<webhook-timestamp>.<body>}. A secret in the standard's form,
 * {@code whsec_<base64>}, is the key its base64 decodes to; any other secret is its UTF-8 bytes.
 */
final class WebhookSignature {

    static final String PREFIX = "whsec_";

    private WebhookSignature() {
    }

    static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    static byte[] key(String secret) {
        if (secret.startsWith(PREFIX)) {
            return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Null when the secret can sign; otherwise what is wrong with it. */
    static String problem(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "is required";
        }
        if (secret.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        if (secret.length() > 512) {
            return "must be at most 512 characters";
        }
        if (secret.startsWith(PREFIX)) {
            try {
                byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
                return key.length < 24 ? "must hold at least 24 bytes after whsec_" : null;
            } catch (IllegalArgumentException e) {
                return "must be base64 after whsec_";
            }
        }
        return secret.length() < 24 ? "must be at least 24 characters" : null;
    }
}
