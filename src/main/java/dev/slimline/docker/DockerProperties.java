package dev.slimline.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Docker daemons jobs run on ({@code slimline.docker.*}).
 *
 * @param hosts daemons; empty means one daemon taken from {@code DOCKER_HOST} (and
 *     {@code DOCKER_CERT_PATH}), or the local socket
 * @param connectTimeout how long to wait for a daemon to accept a connection
 * @param responseTimeout how long a non-streaming request may take
 */
@ConfigurationProperties("slimline.docker")
public record DockerProperties(
        List<Host> hosts,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("5m") Duration responseTimeout) {

    public DockerProperties {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /**
     * One daemon.
     *
     * @param name how logs, health and jobs refer to it
     * @param uri {@code unix:///var/run/docker.sock} or {@code tcp://host:2376}
     * @param tlsCertPath directory with {@code ca.pem}, {@code cert.pem}, {@code key.pem}; null for no TLS
     * @param capacity how many jobs may run on it at once
     */
    public record Host(String name, String uri, Path tlsCertPath, @DefaultValue("2") int capacity) {
    }
}
