package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.docker.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialVaultTest {

    private static final String PASSWORD = "s3cret-Pa55word";
    private static final JobCredentials CREDENTIALS = new JobCredentials(
            new RegistryCredentials("registry.example:5000", "puller", PASSWORD),
            new RegistryCredentials("push.example", "pusher", "push-" + PASSWORD));

    private final CredentialVault vault = new CredentialVault(key(1));

    @Test
    void sealsSoThatOnlyTheSameKeyAndJobOpenIt() {
        String sealed = vault.seal("job-1", CREDENTIALS);

        assertThat(sealed).startsWith("v1:" + vault.keyId() + ":").doesNotContain(PASSWORD).doesNotContain("puller")
                .doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes()));
        assertThat(vault.open("job-1", sealed)).isEqualTo(CREDENTIALS);
        assertThat(vault.seal("job-1", CREDENTIALS)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThatThrownBy(() -> vault.open("job-2", sealed)).as("copied to another job's row")
                .isInstanceOf(CredentialsUnavailableException.class).hasMessageContaining("belong to another job");
    }

    @Test
    void anotherKeyGivesAClearReason() {
        String sealed = vault.seal("job-1", CREDENTIALS);
        CredentialVault other = new CredentialVault(key(2));

        assertThatThrownBy(() -> other.open("job-1", sealed)).isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("encrypted under another key (key id " + vault.keyId() + "; this instance has "
                        + other.keyId() + ")")
                .hasMessageContaining("slimline.secrets.key").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void alteredCiphertextDoesNotOpen() {
        String sealed = vault.seal("job-1", CREDENTIALS);
        String[] parts = sealed.split(":");
        byte[] body = Base64.getDecoder().decode(parts[3]);
        body[0] ^= 1;
        String altered = String.join(":", parts[0], parts[1], parts[2], Base64.getEncoder().encodeToString(body));

        assertThatThrownBy(() -> vault.open("job-1", altered)).isInstanceOf(CredentialsUnavailableException.class);
        assertThatThrownBy(() -> vault.open("job-1", "plain text")).isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void fingerprintsAreKeyedAndTellCredentialsApart() {
        JobCredentials otherPassword = new JobCredentials(new RegistryCredentials("registry.example:5000", "puller",
                PASSWORD + "!"), CREDENTIALS.push());

        assertThat(vault.fingerprint(CREDENTIALS)).isEqualTo(vault.fingerprint(CREDENTIALS)).hasSize(64);
        assertThat(vault.fingerprint(otherPassword)).isNotEqualTo(vault.fingerprint(CREDENTIALS));
        assertThat(new CredentialVault(key(2)).fingerprint(CREDENTIALS)).isNotEqualTo(vault.fingerprint(CREDENTIALS));
    }

    @Test
    void withoutAConfiguredKeyAPrivateKeyFileIsMadeOnceAndReused(@TempDir Path data) throws Exception {
        byte[] first = CredentialVault.masterKey(null, data.resolve("nested"));
        byte[] again = CredentialVault.masterKey("", data.resolve("nested"));

        Path file = data.resolve("nested").resolve(CredentialVault.KEY_FILE);
        assertThat(first).hasSize(32).isEqualTo(again);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).isEqualTo(Base64.getEncoder().encodeToString(first));
        try (var files = Files.list(data.resolve("nested"))) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void withoutADataDirectoryTheKeyMustBeConfigured() {
        assertThatThrownBy(() -> CredentialVault.masterKey(null, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slimline.secrets.key is not set").hasMessageContaining("PostgreSQL")
                .hasMessageContaining("openssl rand -base64 32");
        assertThat(CredentialVault.masterKey(Base64.getEncoder().encodeToString(key(3)), null)).isEqualTo(key(3));
    }

    @Test
    void aConfiguredKeyMustBe32BytesOfBase64AndIsNeverRepeated() {
        String configured = Base64.getEncoder().encodeToString(key(7));
        String tooShort = Base64.getEncoder().encodeToString(Arrays.copyOf(key(7), 16));

        assertThat(CredentialVault.masterKey(configured, Path.of("unused"))).isEqualTo(key(7));
        assertThatThrownBy(() -> CredentialVault.masterKey(tooShort, Path.of("unused")))
                .hasMessageContaining("slimline.secrets.key decodes to 16 bytes; it must be 32")
                .hasMessageNotContaining(tooShort);
        assertThatThrownBy(() -> CredentialVault.masterKey("not base64 at all!", Path.of("unused")))
                .hasMessageContaining("is not base64").hasMessageNotContaining("not base64 at all!");
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return key;
    }
}
