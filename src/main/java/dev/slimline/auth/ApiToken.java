package dev.slimline.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A stored token, without its secret (which is never stored).
 *
 * @param name the principal: jobs submitted with the token belong to this name, so a new token
 *        with the same name (a rotation) sees the same jobs
 * @param createdBy the name of the admin who created it
 * @param revokedAt when it was revoked; null while it is valid
 */
public record ApiToken(String id, String name, Set<Role> roles, Instant createdAt, String createdBy,
        Instant revokedAt) {
}
