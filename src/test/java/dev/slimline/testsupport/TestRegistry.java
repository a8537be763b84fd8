package dev.slimline.testsupport;

import dev.slimline.docker.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A private registry on 127.0.0.1 with basic authentication, started by
 * {@code src/test/scripts/registry.sh} when it is not running (needs Debian's docker-registry and
 * apache2-utils; without them the test fails when {@code CI=true} and is aborted otherwise).
 * Every Docker daemon accepts it over plain HTTP because it is on loopback.
 */
public final class TestRegistry {

    static final String SCRIPT = "registry.sh";

    private TestRegistry() {
    }

    /** {@code 127.0.0.1:<port>}, the first part of the references of images stored there. */
    public static String address() {
        return Registry.SHARED.require().address();
    }

    /** The user the registry accepts, with its password. */
    public static RegistryCredentials credentials() {
        Registry registry = Registry.SHARED.require();
        return new RegistryCredentials(registry.address(), registry.user(), registry.password());
    }

    /** Started (or found running) once per test JVM, or why not. */
    private record Registry(String address, String user, String password, String problem) {

        static final Registry SHARED = start();

        Registry require() {
            return problem == null ? this : TestScripts.unavailable(problem);
        }

        private static Registry start() {
            TestScripts.Outcome started = TestScripts.run(SCRIPT, "start");
            if (started.problem() != null) {
                return new Registry(null, null, null, started.problem());
            }
            TestScripts.Outcome env = TestScripts.run(SCRIPT, "env");
            if (env.problem() != null) {
                return new Registry(null, null, null, env.problem());
            }
            Map<String, String> values = env.values();
            try {
                String password = Files.readString(Path.of(values.get("SLIMLINE_TEST_REGISTRY_PASSWORD_FILE"))).strip();
                return new Registry(values.get("SLIMLINE_TEST_REGISTRY"), values.get("SLIMLINE_TEST_REGISTRY_USER"),
                        password, null);
            } catch (IOException e) {
                return new Registry(null, null, null, "read the test registry's password: " + e.getMessage());
            }
        }
    }
}
