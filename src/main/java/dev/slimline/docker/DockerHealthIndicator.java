package dev.slimline.docker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} shows each daemon: reachable or not, its API and engine versions. */
@Component("docker")
class DockerHealthIndicator implements HealthIndicator {

    private final DockerHosts hosts;

    DockerHealthIndicator(DockerHosts hosts) {
        this.hosts = hosts;
    }

    @Override
    public Health health() {
        Health.Builder overall = Health.up();
        boolean anyUp = false;
        for (DockerProperties.Host host : hosts.hosts()) {
            try {
                DaemonVersion v = hosts.connect(host.name()).ping();
                anyUp = true;
                overall.withDetail(host.name(), java.util.Map.of("status", "UP", "uri", host.uri(),
                        "apiVersion", v.apiVersion(), "daemonApiVersion", v.daemonApiVersion(),
                        "serverVersion", v.serverVersion(), "capacity", host.capacity()));
            } catch (RuntimeException e) {
                hosts.forget(host.name());
                overall.withDetail(host.name(), java.util.Map.of("status", "DOWN", "uri", host.uri(),
                        "error", String.valueOf(e.getMessage())));
            }
        }
        return (anyUp ? overall : overall.down()).build();
    }
}
