package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code slimline.docker.*} as an operator writes it, for example in environment variables of a compose file. */
class DockerPropertiesTest {

    @Test
    void severalDaemonsBindWithTheirDefaults() {
        DockerProperties properties = bind(Map.of(
                "slimline.docker.hosts[0].name", "local",
                "slimline.docker.hosts[0].uri", "unix:///var/run/docker.sock",
                "slimline.docker.hosts[0].publish-address", "172.17.0.1",
                "slimline.docker.hosts[1].name", "builder-2",
                "slimline.docker.hosts[1].uri", "tcp://builder-2.example:2376",
                "slimline.docker.hosts[1].tls-cert-path", "/etc/slimline/docker/builder-2",
                "slimline.docker.hosts[1].capacity", "6",
                "slimline.docker.health-check-interval", "10s"));

        assertThat(properties.hosts()).containsExactly(
                new DockerProperties.Host("local", "unix:///var/run/docker.sock", null, 2, "172.17.0.1"),
                new DockerProperties.Host("builder-2", "tcp://builder-2.example:2376",
                        Path.of("/etc/slimline/docker/builder-2"), 6, null));
        assertThat(properties.healthCheckInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.responseTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void environmentVariablesAsTheComposeFileSetsThemBindToo() {
        Map<String, Object> env = Map.of(
                "SLIMLINE_DOCKER_HOSTS_0_NAME", "dind",
                "SLIMLINE_DOCKER_HOSTS_0_URI", "tcp://docker:2376",
                "SLIMLINE_DOCKER_HOSTS_0_TLSCERTPATH", "/certs/client",
                "SLIMLINE_DOCKER_HOSTS_0_CAPACITY", "3",
                "SLIMLINE_DOCKER_HOSTS_0_PUBLISHADDRESS", "172.17.0.1");
        var source = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env);

        DockerProperties properties = new Binder(ConfigurationPropertySources.from(source))
                .bindOrCreate("slimline.docker", DockerProperties.class);

        assertThat(properties.hosts()).containsExactly(
                new DockerProperties.Host("dind", "tcp://docker:2376", Path.of("/certs/client"), 3, "172.17.0.1"));
    }

    @Test
    void nothingSetMeansOneDefaultDaemonAndDefaultTimings() {
        DockerProperties properties = bind(Map.of("slimline.other", "x"));

        assertThat(properties.hosts()).isEmpty();
        assertThat(properties.healthCheckInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aHostNeedsANameAndAUriAndNoNegativeCapacity() {
        assertThatThrownBy(() -> new DockerProperties.Host(" ", "tcp://x:2376", null, 1)).hasMessageContaining("name");
        assertThatThrownBy(() -> new DockerProperties.Host("x", null, null, 1)).hasMessageContaining("uri");
        assertThatThrownBy(() -> new DockerProperties.Host("x", "tcp://x:2376", null, -1))
                .hasMessageContaining("capacity");
    }

    private static DockerProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("slimline.docker", DockerProperties.class);
    }
}
