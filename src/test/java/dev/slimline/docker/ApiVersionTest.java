package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiVersionTest {

    @Test
    void speaksAnOldDaemonsOwnVersion() {
        // Debian's dockerd 20.10, as on this project's machines
        assertThat(DockerConnector.chooseApiVersion("d", "1.41", "1.12")).isEqualTo("1.41");
    }

    @Test
    void capsANewDaemonAtTheNewestVersionWeKnow() {
        // Docker 29 speaks 1.52 and refuses anything below 1.44
        assertThat(DockerConnector.chooseApiVersion("d", "1.52", "1.44")).isEqualTo("1.44");
    }

    @Test
    void comparesMinorVersionsAsNumbers() {
        assertThat(DockerConnector.isOlder("1.9", "1.41")).isTrue();
        assertThat(DockerConnector.older("1.100", "1.44")).isEqualTo("1.44");
    }

    @Test
    void refusesADaemonThatNeedsANewerVersionThanWeSpeak() {
        assertThatThrownBy(() -> DockerConnector.chooseApiVersion("far-future", "1.60", "1.50"))
                .isInstanceOf(DockerOperationException.class)
                .hasMessageContaining("far-future").hasMessageContaining("needs API 1.50 or newer");
    }
}
