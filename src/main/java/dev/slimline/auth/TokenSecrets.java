package dev.slimline.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token secrets: {@code slt_} and 32 random bytes in base64url (256 bits). Only their SHA-256 is
 * stored. A fast unsalted hash is enough for secrets this random: nobody can guess one, nor
 * find one from its hash, in any number of tries; salts and slow hashes (bcrypt, Argon2) exist
 * to protect low-entropy passwords, and would cost every request a deliberate delay. The hash is
 * also the lookup key, so checking a token is one indexed read and no comparison the caller can
 * time.
 */
final class TokenSecrets {

    static final String PREFIX = "slt_";
    private static final int RANDOM_BYTES = 32;

    private TokenSecrets() {
    }

    static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
