package dev.slimline.docker;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} shows each daemon: up or down (and why), its API and engine versions,
 * the jobs running there and its capacity. UP while at least one daemon answers.
 */
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
        for (HostStatus host : hosts.statuses()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", host.health().name());
            details.put("uri", host.uri());
            details.put("runningJobs", host.runningJobs());
            details.put("capacity", host.capacity());
            if (host.version() != null) {
                details.put("apiVersion", host.version().apiVersion());
                details.put("daemonApiVersion", host.version().daemonApiVersion());
                details.put("serverVersion", host.version().serverVersion());
            }
            if (host.error() != null) {
                details.put("error", host.error());
            }
            if (host.checkedAt() != null) {
                details.put("checkedAt", host.checkedAt().toString());
            }
            anyUp |= host.health() == HostStatus.Health.UP;
            overall.withDetail(host.name(), details);
        }
        return (anyUp ? overall : overall.down()).build();
    }
}
