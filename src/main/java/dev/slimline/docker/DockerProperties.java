package dev.slimline.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Docker daemons jobs run on ({@code slimline.docker.*}).
 *
 * @param hosts daemons; empty means one daemon taken from {@code DOCKER_HOST} (and
 *     {@code DOCKER_CERT_PATH}), or the local socket
 * @param connectTimeout how long to wait for a daemon to accept a connection, and to answer a ping
 * @param responseTimeout how long a non-streaming request may take
 * @param healthCheckInterval how long a daemon's last health check is trusted: a daemon checked
 *     longer ago is pinged again before it gets a job, and one found down gets no job until a
 *     check at least this much later finds it up again
 */
@ConfigurationProperties("slimline.docker")
public record DockerProperties(
        List<Host> hosts,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("5m") Duration responseTimeout,
        @DefaultValue("5s") Duration healthCheckInterval) {

    public DockerProperties {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofMinutes(5) : responseTimeout;
        healthCheckInterval = healthCheckInterval == null ? Duration.ofSeconds(5) : healthCheckInterval;
    }

    /** These daemons with every other setting at its default (empty: {@code DOCKER_HOST} or the local socket). */
    public static DockerProperties of(List<Host> hosts) {
        return new DockerProperties(hosts, null, null, null);
    }

    /**
     * One daemon.
     *
     * @param name how logs, health and jobs refer to it
     * @param uri {@code unix:///var/run/docker.sock} or {@code tcp://host:2376}
     * @param tlsCertPath directory with {@code ca.pem}, {@code cert.pem}, {@code key.pem}; null for no TLS
     * @param capacity how many jobs may run on it at once; 0 gives it no new jobs (draining).
     *     Counted in the database across every replica that shares it, so give every replica
     *     the same value: what the daemon can take
     * @param publishAddress the IP address on the daemon's host where job containers' ports are
     *     published and where the service reaches them; null for the default: 127.0.0.1 for a
     *     socket, the address the tcp host name resolves to otherwise. Set it when the service
     *     runs in a container beside a socket-connected daemon (its 127.0.0.1 is not the
     *     host's): the host's docker0 address, say {@code 172.17.0.1}
     */
    public record Host(String name, String uri, Path tlsCertPath, @DefaultValue("2") int capacity,
            String publishAddress) {

        @ConstructorBinding
        public Host {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a Docker host needs a name");
            }
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("Docker host " + name + " needs a uri");
            }
            if (capacity < 0) {
                throw new IllegalArgumentException("Docker host " + name + ": capacity must not be negative");
            }
            if (publishAddress != null && publishAddress.isBlank()) {
                publishAddress = null;
            }
        }

        /** A daemon whose ports are published where its address says (see {@link #publishAddress}). */
        public Host(String name, String uri, Path tlsCertPath, int capacity) {
            this(name, uri, tlsCertPath, capacity, null);
        }
    }
}
