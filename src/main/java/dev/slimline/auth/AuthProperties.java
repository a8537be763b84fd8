package dev.slimline.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the API ({@code slimline.auth.*}).
 *
 * @param enabled whether requests need a token; off is allowed only while the service listens on
 *        loopback alone ({@link LoopbackGuard})
 * @param bootstrapToken an ADMIN token installed (as its hash) on start-up, so a fresh deployment
 *        can create the others; at least 32 characters
 */
@ConfigurationProperties("slimline.auth")
public record AuthProperties(@DefaultValue("true") boolean enabled, String bootstrapToken) {

    /** Never shows the bootstrap token. */
    @Override
    public String toString() {
        return "AuthProperties[enabled=" + enabled + ", bootstrapToken=" + (bootstrapToken == null ? "none" : "***")
                + "]";
    }
}
