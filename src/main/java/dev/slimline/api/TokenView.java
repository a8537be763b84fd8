package dev.slimline.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slimline.auth.ApiToken;
import dev.slimline.auth.Role;
import java.time.Instant;
import java.util.List;

/**
 * A token as the API shows it: never its secret, except {@code token} in the answer that created it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenView(String id, String name, List<Role> roles, Instant createdAt, String createdBy, Instant revokedAt,
        String token) {

    static String path(String id) {
        return "/api/v1/tokens/" + id;
    }

    static TokenView of(ApiToken token, String secret) {
        return new TokenView(token.id(), token.name(), token.roles().stream().sorted().toList(), token.createdAt(),
                token.createdBy(), token.revokedAt(), secret);
    }

    @Override
    public String toString() {
        return "TokenView[id=" + id + ", name=" + name + ", roles=" + roles + (token == null ? "" : ", token=***")
                + "]";
    }

    /** Every token, valid and revoked, oldest first. */
    record Listing(List<TokenView> tokens) {
    }
}
