package dev.slimline.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Installs {@code slimline.auth.bootstrap-token} as the ADMIN token named {@code bootstrap} when
 * the service starts, so a fresh deployment can create the other tokens. Only its hash is
 * stored; neither the token nor anything derived from it is ever logged.
 */
@Component
class BootstrapToken implements InitializingBean {

    /** The bootstrap token is stored as an unsalted hash, like generated ones: it must be as hard to guess. */
    static final int MIN_LENGTH = 32;

    private static final Logger log = LoggerFactory.getLogger(BootstrapToken.class);

    private final AuthProperties properties;
    private final TokenStore tokens;

    BootstrapToken(AuthProperties properties, TokenStore tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @Override
    public void afterPropertiesSet() {
        String secret = properties.bootstrapToken();
        if (secret == null || secret.isBlank()) {
            if (properties.enabled()) {
                log.info("API tokens are required; no bootstrap token is configured (slimline.auth.bootstrap-token),"
                        + " so only tokens created earlier are valid");
            }
            return;
        }
        String problem = problem(secret);
        if (problem != null) {
            throw new IllegalStateException("slimline.auth.bootstrap-token " + problem);
        }
        tokens.installBootstrap(secret);
        log.info("Installed the bootstrap admin token (name '{}') from slimline.auth.bootstrap-token",
                TokenStore.BOOTSTRAP);
        if (!properties.enabled()) {
            log.warn("slimline.auth.enabled=false: tokens, the bootstrap one included, are not asked for");
        }
    }

    /** What is wrong with a bootstrap token, in words that never repeat it; null when nothing is. */
    static String problem(String secret) {
        if (secret.length() < MIN_LENGTH) {
            return "is too short: it must be at least " + MIN_LENGTH + " characters of random text"
                    + " (for example the output of: openssl rand -base64 32)";
        }
        if (secret.length() > 512 || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "must be at most 512 visible ASCII characters, without spaces";
        }
        return null;
    }
}
