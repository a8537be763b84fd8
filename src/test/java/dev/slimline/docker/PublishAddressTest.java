package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishAddressTest {

    @Test
    void aLocalSocketPublishesOnLoopback() {
        assertThat(DockerConnector.publishAddress("unix:///var/run/docker.sock")).isEqualTo("127.0.0.1");
    }

    @Test
    void aTcpDaemonPublishesOnItsHostsAddressAsAnIp() {
        assertThat(DockerConnector.publishAddress("tcp://127.0.0.1:2376")).isEqualTo("127.0.0.1");
        assertThat(DockerConnector.publishAddress("tcp://localhost:2376")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(DockerConnector.publishAddress("tcp://192.0.2.7:2376")).isEqualTo("192.0.2.7");
    }
}
