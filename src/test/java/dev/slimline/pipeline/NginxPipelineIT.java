package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.probe.HttpProbe;
import dev.slimline.testsupport.LocalHttp;
import dev.slimline.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's nginx-light with its stock configuration: at start it creates its temp directories and
 * pid file, which the image lacks, so the slim image must keep the directories it creates
 * them in although the application never used those directories by their own names.
 */
class NginxPipelineIT {

    private static final Map<String, String> PAGES = Map.of(
            "/", "<h1>Served by nginx-light</h1>",
            "/about.html", "A static page in Debian's default web root.",
            "/docs/guide.html", "A page one directory down.",
            "/style.css", "font-family: sans-serif;");

    @RegisterExtension
    final PipelineJob job = new PipelineJob();
    private final DockerApi docker = job.docker();
    private String slimTag;

    @Test
    void slimsNginxWithItsStockConfigurationAndTheSlimImageServesEveryPage() throws Exception {
        slimTag = job.slimTag("nginx-app");
        RecordingListener listener = new RecordingListener();
        List<HttpProbe> pages = PAGES.keySet().stream().filter(p -> !p.equals("/")).sorted().map(HttpProbe::get)
                .toList();
        SlimSpec.Probes probes = new SlimSpec.Probes(true, pages, null, null, 5, SlimSpec.StopMode.AFTER_PROBES, null);

        SlimResult result = job.runner().slim(job.id(),
                SlimSpec.of(TestImages.nginxApp()).withTargetTag(slimTag).withProbes(probes), docker, listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        JsonNode report = JsonMapper.builder().build().readTree(result.artifacts().get("report.json"));
        assertThat(report.at("/files/keptByReason/created_in").asInt())
                .as("directories kept because nginx created its temp directories and pid file in them")
                .isPositive();
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(answersUnderProfile(slimTag, seccomp)).isEqualTo(PAGES.keySet().stream()
                .collect(LinkedHashMap::new, (m, page) -> m.put(page, true), Map::putAll));
    }

    /** Runs the slim image as a user would, under its own seccomp profile: for each page, whether it was served. */
    private Map<String, Boolean> answersUnderProfile(String image, String seccompJson) throws Exception {
        String id = docker.container().create(ContainerSpec.of(image)
                .withLabels(Map.of(SlimlineLabels.JOB, job.id(), "slimline.test", "nginx-pipeline-it"))
                .withPublishedPorts(List.of("80/tcp"), "127.0.0.1")
                .withSecurityOpts(List.of("seccomp=" + seccompJson)));
        try {
            docker.container().start(id);
            int hostPort = docker.container().inspect(id).hostPorts().get("80/tcp");
            Map<String, Boolean> served = new LinkedHashMap<>();
            for (Map.Entry<String, String> page : PAGES.entrySet()) {
                HttpResponse<String> answer = LocalHttp.get(hostPort, page.getKey(), Duration.ofSeconds(10));
                served.put(page.getKey(), answer.statusCode() == 200 && answer.body().contains(page.getValue()));
            }
            return served;
        } finally {
            docker.container().remove(id);
        }
    }
}
