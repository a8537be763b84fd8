package dev.slimline.job;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key registry credentials are encrypted under ({@code slimline.secrets.*}).
 *
 * @param key 32 random bytes in base64; when not set, a key file under {@code slimline.data-dir}
 *        is used (and made on first start), see {@link CredentialVault}
 */
@ConfigurationProperties("slimline.secrets")
record SecretsProperties(String key) {

    /** Never shows the key. */
    @Override
    public String toString() {
        return "SecretsProperties[key=" + (key == null ? "none" : "***") + "]";
    }
}
