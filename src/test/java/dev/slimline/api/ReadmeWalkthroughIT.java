package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.DockerApi;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * README's curl walkthrough, run with bash exactly as it is written there, against the service
 * with the real pipeline: if the README drifts from the service, this fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RequiresDocker
class ReadmeWalkthroughIT {

    private static final Path DATA = Path.of("target", "test-data", "walkthrough-" + UUID.randomUUID())
            .toAbsolutePath();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void theWalkthroughRunsToTheSlimImageAnsweringUnderItsProfile(DockerApi docker) throws Exception {
        String script = walkthrough(Files.readString(Path.of("README.md")));
        Path work = Files.createDirectories(DATA.resolve("walkthrough"));
        Path output = work.resolve("output.txt");
        ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        bash.environment().put("BASE", "http://127.0.0.1:" + port);
        bash.environment().put("IMAGE", TestImages.tinyApp());
        bash.environment().put("APP_PORT", "8080");
        bash.environment().put("DEMO_PORT", "18" + (100 + (port % 800)));
        Process process = bash.start();
        try {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the walkthrough ends").isTrue();
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(printed).isZero();
            assertThat(printed).contains("\"status\":\"SUCCEEDED\"").contains("\"verified\":true")
                    .contains("<h1>slimline tiny-app</h1>");
            assertThat(Files.readString(work.resolve("seccomp.json"))).contains("\"defaultAction\": \"SCMP_ACT_ERRNO\"");
            assertThat(Files.size(work.resolve("image.tar"))).isPositive();
        } finally {
            process.destroyForcibly();
            docker.image().remove(defaultSlimName(TestImages.tinyApp()), true);
        }
    }

    /** The first sh block after the walkthrough's heading. */
    static String walkthrough(String readme) {
        int heading = readme.indexOf("## A walkthrough with curl");
        int start = readme.indexOf("```sh\n", heading) + "```sh\n".length();
        int end = readme.indexOf("\n```", start);
        assertThat(heading).as("README has the walkthrough").isPositive();
        return readme.substring(start, end);
    }

    /** The slim image's default name: the repository with {@code .slim} appended, same tag. */
    private static String defaultSlimName(String image) {
        int colon = image.lastIndexOf(':');
        return image.substring(0, colon) + ".slim" + image.substring(colon);
    }
}
