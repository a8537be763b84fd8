package dev.slimline.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class SensorBinaryTest {

    @Test
    void packsTheExecutableInAWorldWritableDirectoryForTheArchiveApi() throws IOException {
        SensorBinary sensor = SensorBinary.forArchitecture("amd64");

        List<TarArchiveEntry> entries = new ArrayList<>();
        byte[] executable = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(sensor.installArchive()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.add(entry);
                if (entry.isFile()) {
                    executable = tar.readAllBytes();
                }
            }
        }

        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly(".slimline/", ".slimline/slimline-sensor");
        assertThat(entries.get(0).isDirectory()).isTrue();
        assertThat(entries.get(0).getMode() & 07777).isEqualTo(01777);
        assertThat(entries.get(1).getMode() & 07777).isEqualTo(0755);
        assertThat(entries).allSatisfy(e -> assertThat(e.getLongUserId()).isZero());
        assertThat(executable).hasSize(sensor.size());
        assertThat(Arrays.copyOf(executable, 4)).containsExactly(0x7f, 'E', 'L', 'F');
        assertThat(executable[4]).as("64-bit ELF").isEqualTo((byte) 2);
        assertThat(executable[18] & 0xff).as("e_machine x86-64").isEqualTo(62);
    }

    @Test
    void acceptsTheKernelsNamesForAnArchitecture() {
        assertThat(SensorBinary.forArchitecture("x86_64").architecture()).isEqualTo("amd64");
        assertThat(SensorBinary.availableArchitectures()).contains("amd64");
    }

    @Test
    void saysWhichArchitecturesItSupports() {
        assertThatThrownBy(() -> SensorBinary.forArchitecture("s390x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the sensor runs on linux/amd64 and linux/arm64, not on 's390x'");
    }
}
