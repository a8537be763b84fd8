package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import dev.slimline.testsupport.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Push to and pull from a private registry with basic authentication; what a refusal says, and what is logged. */
@RequiresDocker
class RegistryIT {

    private final DockerApi docker;
    private final List<String> tags = new ArrayList<>();
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            logged.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
    };
    private final Map<Logger, Level> pinned = new HashMap<>();
    private Logger root;

    RegistryIT(DockerApi docker) {
        this.docker = docker;
    }

    /**
     * Root at DEBUG, as an operator chasing a problem might set it, with the logger levels the
     * service's application.properties pins: no line may show a password.
     */
    @BeforeEach
    void captureLogs() throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        pinned.put(root, root.getLevel());
        root.setLevel(Level.DEBUG);
        Properties service = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            service.load(in);
        }
        for (String key : service.stringPropertyNames()) {
            if (key.startsWith("logging.level.") && !key.equals("logging.level.root")) {
                Logger logger = context.getLogger(key.substring("logging.level.".length()));
                pinned.put(logger, logger.getLevel());
                logger.setLevel(Level.toLevel(service.getProperty(key)));
            }
        }
        capture.setContext(context);
        capture.start();
        root.addAppender(capture);
    }

    @AfterEach
    void cleanUp() {
        root.detachAppender(capture);
        pinned.forEach(Logger::setLevel);
        tags.forEach(tag -> docker.image().remove(tag, false));
    }

    @Test
    void anImagePushedWithCredentialsIsPulledBackWithThem() {
        RegistryCredentials credentials = TestRegistry.credentials();
        String source = TestImages.tinyApp();
        String sourceId = docker.image().inspect(source).orElseThrow().id();
        String pushed = tag(source, TestRegistry.address() + "/slimline/tiny-app", "1");
        List<String> progress = new ArrayList<>();

        docker.image().push(pushed, credentials, progress::add);
        docker.image().remove(pushed, false);
        assertThat(docker.image().inspect(pushed)).as("local tag removed").isEmpty();
        docker.image().pull(pushed, credentials, progress::add);

        assertThat(docker.image().inspect(pushed)).as("pulled back").isPresent().get()
                .satisfies(image -> {
                    assertThat(image.id()).isEqualTo(sourceId);
                    assertThat(image.repoDigests()).anyMatch(d -> d.startsWith(TestRegistry.address() + "/slimline/tiny-app@sha256:"));
                });
        assertThat(progress).anyMatch(line -> line.contains("Digest: sha256:"));
        assertNothingLoggedShows(credentials.password());
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheRegistryButNotThePassword() {
        String pushed = tag(TestImages.tinyApp(), TestRegistry.address() + "/slimline/tiny-app", "wrong-password");
        String wrong = "not-" + TestRegistry.credentials().password();
        var credentials = new RegistryCredentials(TestRegistry.address(), TestRegistry.credentials().username(), wrong);

        assertThatThrownBy(() -> docker.image().push(pushed, credentials, line -> { }))
                .isInstanceOf(DockerOperationException.class)
                .hasMessageContaining("push image " + pushed + " to registry " + TestRegistry.address())
                .hasMessageContaining("authentication required")
                .hasMessageNotContaining(wrong);
        assertThatThrownBy(() -> docker.image().pull(TestRegistry.address() + "/slimline/tiny-app:1", credentials,
                line -> { }))
                .isInstanceOf(DockerOperationException.class)
                .hasMessageContaining("registry " + TestRegistry.address())
                .hasMessageContaining("authentication required")
                .hasMessageNotContaining(wrong);
        assertNothingLoggedShows(wrong);
    }

    @Test
    void noCredentialsAreRefusedToo() {
        String pushed = tag(TestImages.tinyApp(), TestRegistry.address() + "/slimline/tiny-app", "anonymous");

        assertThatThrownBy(() -> docker.image().push(pushed, null, line -> { }))
                .isInstanceOf(DockerOperationException.class)
                .hasMessageContaining("registry " + TestRegistry.address())
                .hasMessageContaining("no basic auth credentials");
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        RegistryCredentials credentials = TestRegistry.credentials();

        assertThat(credentials.toString()).contains(credentials.username()).contains(credentials.serverAddress())
                .doesNotContain(credentials.password());
    }

    private String tag(String image, String repository, String tag) {
        docker.image().tag(image, repository, tag);
        String reference = repository + ":" + tag;
        tags.add(reference);
        return reference;
    }

    private void assertNothingLoggedShows(String password) {
        String base64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        List<String> lines;
        synchronized (logged) {
            lines = List.copyOf(logged);
        }
        assertThat(lines).as("log lines while talking to the registry").isNotEmpty();
        // The X-Registry-Auth header carries the credentials as base64 JSON: no line may show it either.
        assertThat(lines.stream().filter(line -> line.contains(password) || line.contains(base64)
                || line.toLowerCase(Locale.ROOT).contains("x-registry-auth")).toList())
                .as("log lines showing the credentials").isEmpty();
    }
}
