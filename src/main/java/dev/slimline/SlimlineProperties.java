package dev.slimline;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every capability. Each capability binds its own part of the
 * {@code slimline.*} tree (for example {@code slimline.docker}); this record holds only what
 * all of them agree on.
 *
 * @param dataDir where the embedded database, artifacts and logs live
 */
@ConfigurationProperties("slimline")
public record SlimlineProperties(@DefaultValue("./data") Path dataDir) {
}
