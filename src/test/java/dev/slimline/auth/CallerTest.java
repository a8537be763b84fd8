package dev.slimline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void submitIncludesReadAndAdminIncludesEverything() {
        Caller reader = new Caller("r", Set.of(Role.READ));
        Caller submitter = new Caller("s", Set.of(Role.SUBMIT));
        Caller admin = new Caller("a", Set.of(Role.ADMIN));

        assertThat(reader.has(Role.READ)).isTrue();
        assertThat(reader.has(Role.SUBMIT)).isFalse();
        assertThat(submitter.has(Role.READ)).isTrue();
        assertThat(submitter.has(Role.ADMIN)).isFalse();
        assertThat(admin.has(Role.SUBMIT)).isTrue();
        assertThat(reader.jobScope()).isEqualTo("r");
        assertThat(admin.jobScope()).as("an admin sees every job").isNull();
        assertThatThrownBy(() -> submitter.require(Role.ADMIN)).isInstanceOf(InsufficientRoleException.class)
                .hasMessage("this needs a token with the role ADMIN; the token of 's' has SUBMIT");
    }

    @Test
    void tokensAreRandomAndOnlyTheirHashIsKept() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = TokenSecrets.generate(random);
            assertThat(token).matches("slt_[A-Za-z0-9_-]{43}");
            assertThat(seen.add(token)).isTrue();
        }
        String token = seen.iterator().next();
        assertThat(TokenSecrets.hash(token)).doesNotContain(token.substring(4, 20));
    }

    @Test
    void theHashKeptIsTheSha256OfTheTokenInHex() {
        // FIPS 180-2's example "abc", and a token-shaped input hashed with sha256sum
        assertThat(TokenSecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(TokenSecrets.hash("slt_example-token-for-a-test"))
                .isEqualTo("7d744a53db2a092661cbbbd47d4f74de18d6d763687d7159e2c771649346fa0e");
    }

    @Test
    void aBootstrapTokenMustBeLongAndPlain() {
        assertThat(BootstrapToken.problem("x".repeat(31))).contains("at least 32 characters");
        assertThat(BootstrapToken.problem("with spaces " + "x".repeat(40))).contains("without spaces");
        assertThat(BootstrapToken.problem("x".repeat(32))).isNull();
    }
}
