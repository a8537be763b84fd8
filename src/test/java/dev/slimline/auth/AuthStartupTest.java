package dev.slimline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.SlimlineApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** What the service refuses to start with, and that the bootstrap token stays out of its output. */
@ExtendWith(OutputCaptureExtension.class)
class AuthStartupTest {

    private static final String BOOTSTRAP = "a-bootstrap-token-that-must-never-be-logged-4711";

    @Test
    void withoutTokensOnlyLoopbackIsAllowed() {
        assertThat(LoopbackGuard.problem(false, "127.0.0.1", null, null, null)).isEmpty();
        assertThat(LoopbackGuard.problem(false, "::1", null, null, null)).isEmpty();
        assertThat(LoopbackGuard.problem(false, "localhost", null, null, null)).isEmpty();
        assertThat(LoopbackGuard.problem(false, "127.0.0.1", "8080", "8080", null)).as("the same port").isEmpty();
        assertThat(LoopbackGuard.problem(false, "127.0.0.1", "8080", "9090", "127.0.0.1")).isEmpty();
        assertThat(LoopbackGuard.problem(true, "0.0.0.0", null, "9090", null)).as("tokens on").isEmpty();

        assertThat(LoopbackGuard.problem(false, "0.0.0.0", null, null, null)).hasValueSatisfying(problem ->
                assertThat(problem).contains("server.address is 0.0.0.0").contains("slimline.auth.enabled=true")
                        .contains("SLIMLINE_AUTH_BOOTSTRAP_TOKEN"));
        assertThat(LoopbackGuard.problem(false, null, null, null, null)).hasValueSatisfying(problem ->
                assertThat(problem).contains("not set (every interface)"));
        assertThat(LoopbackGuard.problem(false, "::", null, null, null)).isPresent();
        assertThat(LoopbackGuard.problem(false, "192.0.2.10", null, null, null)).isPresent();
        assertThat(LoopbackGuard.problem(false, "127.0.0.1", "8080", "9090", null)).hasValueSatisfying(problem ->
                assertThat(problem).contains("actuator's own port 9090").contains("management.server.address"));
    }

    @Test
    void theServiceRefusesToStartWithoutTokensOnEveryInterface() {
        assertThatThrownBy(() -> start("--slimline.auth.enabled=false", "--server.address=0.0.0.0").close())
                .satisfies(e -> assertThat(messages(e)).anySatisfy(message -> assertThat(message)
                        .startsWith("slimline.auth.enabled=false is allowed only while the service listens on loopback")
                        .contains("see README \"Authentication\"")));
    }

    @Test
    void aShortBootstrapTokenIsRefusedWithoutRepeatingIt(CapturedOutput output) {
        String tooShort = "short-bootstrap-17";

        assertThatThrownBy(() -> start("--slimline.auth.enabled=true", "--slimline.auth.bootstrap-token=" + tooShort)
                .close()).satisfies(e -> assertThat(messages(e)).anySatisfy(message -> assertThat(message)
                        .contains("slimline.auth.bootstrap-token is too short").doesNotContain(tooShort)));
        assertThat(output.getAll()).doesNotContain(tooShort);
    }

    @Test
    void theBootstrapTokenAppearsInNoLogLineEvenAtDebug(CapturedOutput output) {
        try (ConfigurableApplicationContext service = start("--slimline.auth.enabled=true",
                "--slimline.auth.bootstrap-token=" + BOOTSTRAP, "--logging.level.root=DEBUG")) {
            assertThat(service.getBean(TokenStore.class).authenticate(BOOTSTRAP)).hasValueSatisfying(caller ->
                    assertThat(caller.roles()).containsExactly(Role.ADMIN));
            assertThat(service.getBean(AuthProperties.class).toString()).doesNotContain(BOOTSTRAP);
        }
        assertThat(output.getAll()).contains("Installed the bootstrap admin token").doesNotContain(BOOTSTRAP);
    }

    private static ConfigurableApplicationContext start(String... settings) {
        Path data = Path.of("target", "test-data", "auth-startup-" + UUID.randomUUID()).toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--slimline.data-dir=" + data,
                "--slimline.executor.concurrency=0", "--spring.main.banner-mode=off"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(SlimlineApplication.class).run(args.toArray(String[]::new));
    }

    private static List<String> messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            messages.add(String.valueOf(cause.getMessage()));
        }
        return messages;
    }
}
