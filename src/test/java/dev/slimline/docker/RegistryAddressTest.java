package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryAddressTest {

    @Test
    void aFirstPartWithAPortADotOrLocalhostIsTheRegistry() {
        assertThat(ImageApi.registryOf("127.0.0.1:5000/slimline/tiny-app:1")).isEqualTo("127.0.0.1:5000");
        assertThat(ImageApi.registryOf("registry.example.com/team/app")).isEqualTo("registry.example.com");
        assertThat(ImageApi.registryOf("localhost/app@sha256:" + "a".repeat(64))).isEqualTo("localhost");
    }

    @Test
    void anythingElseIsDockerHub() {
        assertThat(ImageApi.registryOf("debian:bookworm")).isEqualTo("docker.io");
        assertThat(ImageApi.registryOf("slimline/tiny-app:1")).isEqualTo("docker.io");
    }
}
