package dev.slimline.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A small typed facade over the Docker Engine API of one daemon: the only surface the rest of
 * Slimline sees, one accessor per kind of resource (as Spring Boot's buildpack {@code DockerApi}).
 * Every failure becomes a {@link DockerOperationException} that says what was being done; nothing
 * of docker-java leaks out.
 */
public final class DockerApi implements Closeable {

    private final String name;
    private final String publishAddress;
    private final List<Closeable> resources;
    private final ImageApi image;
    private final ContainerApi container;
    private final ExecApi exec;
    private final NetworkApi network;
    private final SystemApi system;

    /**
     * @param http raw requests with the normal response timeout
     * @param pingHttp raw requests that must answer within the connect timeout (health checks)
     */
    DockerApi(String name, String publishAddress, DaemonVersion version, DockerClient client,
            DockerClient streamingClient, DockerHttpClient http, DockerHttpClient pingHttp, List<Closeable> resources) {
        this.name = name;
        this.publishAddress = publishAddress;
        this.resources = List.copyOf(resources);
        DaemonConnection daemon = new DaemonConnection(name, version, client, streamingClient, http, pingHttp);
        this.image = new ImageApi(daemon);
        this.container = new ContainerApi(daemon);
        this.exec = new ExecApi(daemon);
        this.network = new NetworkApi(daemon);
        this.system = new SystemApi(daemon);
    }

    /** The daemon's name in configuration. */
    public String name() {
        return name;
    }

    /**
     * The address of the daemon's host where published container ports are reached and bound:
     * loopback for a local socket, the daemon's host name for a tcp daemon.
     */
    public String publishAddress() {
        return publishAddress;
    }

    public ImageApi image() {
        return image;
    }

    public ContainerApi container() {
        return container;
    }

    public ExecApi exec() {
        return exec;
    }

    public NetworkApi network() {
        return network;
    }

    public SystemApi system() {
        return system;
    }

    @Override
    public void close() {
        for (Closeable resource : resources) {
            try {
                resource.close();
            } catch (IOException e) {
                // closing a connection pool on shutdown: nothing left to do with the error
            }
        }
    }
}
