package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.docker.ImageConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlimDockerfileTest {

    private static ImageConfig config(List<String> env, String user, Map<String, String> labels,
            ImageConfig.Healthcheck health) {
        return new ImageConfig(List.of("node", "/opt/my/service/server.js"), List.of(), env, "/opt/my/service", user,
                List.of("8000/tcp"), List.of("/data"), labels, "SIGQUIT", health);
    }

    @Test
    void carriesTheWholeConfigurationOver() {
        String dockerfile = SlimDockerfile.fromScratch(
                config(List.of("PATH=/usr/bin:/bin", "NODE_ENV=production"), "node", Map.of("team", "web"), null),
                Map.of("slimline.source.image", "node-app:latest"));

        assertThat(dockerfile).isEqualTo("""
                FROM scratch
                ADD rootfs.tar /
                ENV PATH="/usr/bin:/bin" NODE_ENV="production"
                LABEL "slimline.source.image"="node-app:latest" "team"="web"
                EXPOSE 8000/tcp
                VOLUME ["/data"]
                WORKDIR /opt/my/service
                USER node
                STOPSIGNAL SIGQUIT
                ENTRYPOINT ["node","/opt/my/service/server.js"]
                """);
    }

    @Test
    void neverExpandsOrBreaksOutOfValues() {
        String dockerfile = SlimDockerfile.fromScratch(
                config(List.of("GREETING=say \"hi\" to $USER\\"), null, Map.of("x", "a$b"), null), Map.of());

        assertThat(dockerfile).contains("ENV GREETING=\"say \\\"hi\\\" to \\$USER\\\\\"")
                .contains("LABEL \"x\"=\"a\\$b\"");
        assertThatThrownBy(() -> SlimDockerfile.fromScratch(
                config(List.of("EVIL=x\nRUN rm -rf /"), null, Map.of(), null), Map.of()))
                .hasMessageContaining("line break");
    }

    @Test
    void writesBothHealthcheckForms() {
        var exec = new ImageConfig.Healthcheck(List.of("CMD", "/bin/check", "--fast"), 30_000_000_000L,
                5_000_000_000L, 0, 3);
        var shell = new ImageConfig.Healthcheck(List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"), 0, 0,
                0, 0);

        assertThat(SlimDockerfile.fromScratch(config(List.of(), null, Map.of(), exec), Map.of()))
                .contains("HEALTHCHECK --interval=30000ms --timeout=5000ms --retries=3 CMD [\"/bin/check\",\"--fast\"]");
        assertThat(SlimDockerfile.fromScratch(config(List.of(), null, Map.of(), shell), Map.of()))
                .contains("HEALTHCHECK CMD curl -f http://localhost/ || exit 1");
    }
}
