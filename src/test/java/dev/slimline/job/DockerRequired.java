package dev.slimline.job;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.DockerHosts;

/** Tests that need the Docker engine skip without one on a developer machine, and fail in CI (CI=true). */
public final class DockerRequired {

    private DockerRequired() {
    }

    public static DockerApi docker(DockerHosts hosts) {
        try {
            DockerApi docker = hosts.primary();
            docker.ping();
            return docker;
        } catch (RuntimeException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the Docker engine is unreachable and CI=true: " + e.getMessage());
            }
            assumeTrue(false, "no Docker engine: " + e.getMessage());
            throw e;
        }
    }
}
