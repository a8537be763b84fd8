package dev.slimline.docker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The daemons Slimline may run jobs on, connected lazily: the service starts and reports health
 * even while a daemon is down, and reconnects when it comes back.
 *
 * <p>A job runs on a daemon under a lease, which counts it for the daemon's health and load:
 *
 * <pre>{@code
 * List<DockerProperties.Host> daemons = hosts.available();  // answering, with room for this replica
 * String chosen = ...;                                       // the job queue picks one with every replica's jobs
 * try (DockerHosts.Lease lease = hosts.lease(chosen)) {
 *     run the job with lease.api(), record lease.hostName() on the job for clean-up
 * }
 * }</pre>
 *
 * A daemon that does not answer a ping is marked down and gets no new jobs until a later ping
 * ({@code slimline.docker.health-check-interval} after the last) finds it up again.
 */
@Component
public class DockerHosts implements DisposableBean {

    private final DockerProperties properties;
    private final List<DockerProperties.Host> hosts;
    private final Map<String, DockerApi> connected = new ConcurrentHashMap<>();
    private final HostPool pool;

    public DockerHosts(DockerProperties properties, Environment environment) {
        this.properties = properties;
        this.hosts = properties.hosts().isEmpty() ? List.of(defaultHost(environment)) : properties.hosts();
        this.pool = new HostPool(hosts, properties.healthCheckInterval(), Clock.systemUTC(), this::ping);
    }

    /** The configured daemons, in order. */
    public List<DockerProperties.Host> hosts() {
        return hosts;
    }

    /** The first configured daemon. */
    public DockerApi primary() {
        return connect(hosts.get(0).name());
    }

    /** A connection to the named daemon; fails with a clear reason when it cannot be reached. */
    public DockerApi connect(String name) {
        DockerProperties.Host host = hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Docker host named " + name));
        return connected.computeIfAbsent(name,
                n -> DockerConnector.connect(host, properties.connectTimeout(), properties.responseTimeout()));
    }

    /** Drops a connection that failed, so the next call connects again (the daemon may have changed). */
    public void forget(String name) {
        DockerApi api = connected.remove(name);
        if (api != null) {
            api.close();
        }
    }

    /**
     * The daemons that answer and may take another job of this service, in configuration order.
     * Never blocks longer than a ping of each daemon whose last check is older than the
     * health-check interval. Which one gets a job is the caller's choice (the job queue counts
     * every replica's jobs); take it with {@link #lease}.
     */
    public List<DockerProperties.Host> available() {
        List<String> names = pool.available();
        return hosts.stream().filter(h -> names.contains(h.name())).toList();
    }

    /**
     * Counts a job on the named daemon until the lease is closed, and connects to it; fails with
     * a clear reason when it cannot be reached (the slot is then given back).
     */
    public Lease lease(String name) {
        pool.take(name);
        try {
            return new Lease(name, connect(name));
        } catch (RuntimeException e) {
            pool.release(name);
            throw e;
        }
    }

    /**
     * Whether {@link #available()} may find a daemon: some daemon has room and is not known to be
     * down. Pings nothing, so it is cheap; {@code available} can still come back empty.
     */
    public boolean hasCapacity() {
        return pool.hasRoom();
    }

    /** Every daemon's health and load; daemons whose last check is too old are pinged first. */
    public List<HostStatus> statuses() {
        return pool.statuses();
    }

    @Override
    public void destroy() {
        new ArrayList<>(connected.keySet()).forEach(this::forget);
    }

    private DaemonVersion ping(DockerProperties.Host host) {
        try {
            return connect(host.name()).system().ping();
        } catch (RuntimeException e) {
            forget(host.name());
            throw e;
        }
    }

    private static DockerProperties.Host defaultHost(Environment environment) {
        String uri = environment.getProperty("DOCKER_HOST", "unix:///var/run/docker.sock");
        String certPath = environment.getProperty("DOCKER_CERT_PATH");
        boolean tls = "1".equals(environment.getProperty("DOCKER_TLS_VERIFY")) && certPath != null;
        return new DockerProperties.Host("default", uri, tls ? Path.of(certPath) : null, 2);
    }

    /**
     * One job of this service on one daemon, from {@link #lease} until {@link #close()}. Closing
     * twice gives the slot back once.
     */
    public final class Lease implements AutoCloseable {

        private final String hostName;
        private final DockerApi api;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(String hostName, DockerApi api) {
            this.hostName = hostName;
            this.api = api;
        }

        /** The daemon's name in configuration: record it on the job to find what it left there. */
        public String hostName() {
            return hostName;
        }

        /** The connection to the daemon; owned by {@link DockerHosts}, do not close it. */
        public DockerApi api() {
            return api;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                pool.release(hostName);
            }
        }

        @Override
        public String toString() {
            return "Lease[" + hostName + "]";
        }
    }
}
