package dev.slimline.testsupport;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.DockerHosts;
import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.DockerProperties;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.core.env.StandardEnvironment;

/**
 * The local Docker engine for tests: {@code DOCKER_HOST} (with {@code DOCKER_CERT_PATH} and
 * {@code DOCKER_TLS_VERIFY}) or the default socket, connected once per JVM and shared by every
 * test. When the engine cannot be reached the calling test fails if {@code CI=true} (CI must not
 * go green by skipping) and is aborted otherwise, so a laptop without Docker still runs the rest.
 */
public final class DockerTestSupport {

    private DockerTestSupport() {
    }

    /** The shared connection; do not close it. Fails or aborts the calling test when there is no engine. */
    public static DockerApi api() {
        Engine engine = Engine.LOCAL;
        if (engine.api() != null) {
            return engine.api();
        }
        String message = "Docker engine unreachable: " + engine.problem();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return Assertions.fail(message + " (CI=true, so this fails instead of being skipped)");
        }
        return Assumptions.abort(message);
    }

    /** Either a connection or why there is none; worked out once, when first asked for. */
    private record Engine(DockerApi api, String problem) {

        static final Engine LOCAL = connect();

        private static Engine connect() {
            // The service's own connection code, configured as it is with no slimline.docker.hosts set.
            var hosts = new DockerHosts(DockerProperties.of(List.of()),
                    new StandardEnvironment());
            try {
                return new Engine(hosts.primary(), null);
            } catch (DockerOperationException e) {
                return new Engine(null, e.getMessage());
            }
        }
    }
}
