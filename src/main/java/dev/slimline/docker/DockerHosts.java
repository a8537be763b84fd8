package dev.slimline.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The daemons Slimline may run jobs on, connected lazily: the service starts and reports health
 * even while a daemon is down, and reconnects when it comes back.
 */
@Component
public class DockerHosts implements DisposableBean {

    private final DockerProperties properties;
    private final List<DockerProperties.Host> hosts;
    private final Map<String, DockerApi> connected = new ConcurrentHashMap<>();

    public DockerHosts(DockerProperties properties, Environment environment) {
        this.properties = properties;
        this.hosts = properties.hosts().isEmpty() ? List.of(defaultHost(environment)) : properties.hosts();
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

    @Override
    public void destroy() {
        new ArrayList<>(connected.keySet()).forEach(this::forget);
    }

    private static DockerProperties.Host defaultHost(Environment environment) {
        String uri = environment.getProperty("DOCKER_HOST", "unix:///var/run/docker.sock");
        String certPath = environment.getProperty("DOCKER_CERT_PATH");
        boolean tls = "1".equals(environment.getProperty("DOCKER_TLS_VERIFY")) && certPath != null;
        return new DockerProperties.Host("default", uri, tls ? Path.of(certPath) : null, 2);
    }
}
