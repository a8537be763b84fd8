package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.testsupport.TestImages;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whole jobs against the real engine, looked at for what they say about packages: the summary,
 * both SBOMs (schema-valid, the slim one matching the slim image's label), and a diff whose kept
 * bytes are exactly what the slim image's filesystem holds.
 */
class InventoryPipelineIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final PipelineJob job = new PipelineJob();
    private final DockerApi docker = job.docker();
    private String slimTag;

    @Test
    void nodeAppKeepsNodeAndExpressButNotPerlOrApt() throws Exception {
        SlimResult result = slim(TestImages.nodeApp(), "node-app");

        JsonNode summary = summary(result);
        assertThat(summary.path("byEcosystem").path("dpkg").path("before").asInt()).isGreaterThan(100);
        assertThat(summary.path("byEcosystem").path("dpkg").path("after").asInt())
                .isBetween(1, summary.path("byEcosystem").path("dpkg").path("before").asInt() - 100);
        assertThat(summary.path("byEcosystem").path("npm").path("before").asInt()).isGreaterThanOrEqualTo(60);
        assertThat(summary.path("byEcosystem").path("npm").path("after").asInt()).isPositive();
        assertThat(summary.path("complete").asBoolean()).isTrue();
        assertThat(result.inventory().packages().after()).isEqualTo(summary.path("packages").path("after").asInt());

        Bom slim = validSbom(result, "sbom.cdx.json");
        assertThat(names(slim)).contains("express").containsAnyOf("nodejs", "libnode108")
                .doesNotContain("perl-base", "apt");
        Bom original = validSbom(result, "sbom-original.cdx.json");
        assertThat(names(original)).contains("express", "nodejs", "perl-base", "apt");
        Component express = slim.getComponents().stream().filter(c -> c.getName().equals("express")).findFirst()
                .orElseThrow();
        assertThat(express.getPurl()).startsWith("pkg:npm/express@4.");
        assertThat(express.getEvidence().getOccurrences()).extracting(o -> o.getLocation())
                .contains("/opt/my/service/node_modules/express/index.js");
        assertThat(summary.path("topPackages")).hasSize(5);

        assertSbomLabel(result);
        assertKeptBytesAreTheSlimFilesystem(result);
        System.out.println("node-app inventory: " + summary);
    }

    @Test
    void pythonAppKeepsFlaskWithItsVersion() throws Exception {
        SlimResult result = slim(TestImages.pythonApp(), "python-app");

        Bom slim = validSbom(result, "sbom.cdx.json");
        Component flask = slim.getComponents().stream().filter(c -> c.getPurl().startsWith("pkg:pypi/flask@"))
                .findFirst().orElseThrow(() -> new AssertionError("no flask in " + names(slim)));
        // PKG-INFO's version and dpkg's are read from different files: they must agree
        Component debianFlask = validSbom(result, "sbom-original.cdx.json").getComponents().stream()
                .filter(c -> c.getName().equals("python3-flask")).findFirst().orElseThrow();
        assertThat(flask.getVersion()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(debianFlask.getVersion()).startsWith(flask.getVersion() + "-");
        assertThat(names(slim)).contains("python3-flask", "python3.11-minimal").doesNotContain("perl-base", "apt");
        assertSbomLabel(result);
        assertKeptBytesAreTheSlimFilesystem(result);
    }

    @Test
    void tinyAppWithoutPackageDatabasesHasEmptyInventoriesAndADiff() throws Exception {
        SlimResult result = slim(TestImages.tinyApp(), "tiny-app");

        JsonNode summary = summary(result);
        assertThat(summary.path("packages").path("before").asInt()).isZero();
        assertThat(summary.path("packages").path("after").asInt()).isZero();
        assertThat(summary.path("complete").asBoolean()).isTrue();
        assertThat(validSbom(result, "sbom.cdx.json").getComponents()).isNullOrEmpty();
        assertThat(validSbom(result, "sbom-original.cdx.json").getComponents()).isNullOrEmpty();
        JsonNode diff = JSON.readTree(result.artifacts().get("diff.json"));
        assertThat(diff.path("largestRemoved").path(0).path("path").asString()).startsWith("/usr/share/junk/blobs/");
        assertThat(diff.path("kept").findValuesAsString("path")).contains("/bin/busybox", "/www/index.html");
        assertSbomLabel(result);
        assertKeptBytesAreTheSlimFilesystem(result);
    }

    @Test
    void aCorruptAndHugeDpkgStatusLeavesAnIncompleteInventoryNotAFailedJob() throws Exception {
        SlimResult result = slim(TestImages.corruptDpkgApp(), "dpkg-corrupt-app");

        JsonNode report = JSON.readTree(result.artifacts().get("report.json"));
        JsonNode summary = report.path("inventory");
        assertThat(summary.path("complete").asBoolean(true)).isFalse();
        assertThat(summary.path("incompleteReasons").path(0).asString())
                .startsWith("/var/lib/dpkg/status: larger than").contains("bytes");
        assertThat(report.path("warnings").toString())
                .contains("The package inventory is incomplete").contains("/var/lib/dpkg/status");
        assertThat(names(validSbom(result, "sbom-original.cdx.json")))
                .as("the stanzas before the damage").containsExactlyInAnyOrder("busybox-static", "perl-base");
        assertThat(names(validSbom(result, "sbom.cdx.json"))).containsExactly("busybox-static");
        assertKeptBytesAreTheSlimFilesystem(result);
    }

    private SlimResult slim(String image, String name) {
        slimTag = job.slimTag(name);
        RecordingListener listener = new RecordingListener();
        SlimResult result = job.runner().slim(job.id(), SlimSpec.of(image).withTargetTag(slimTag), docker, listener);
        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(result.artifacts()).as(listener.log())
                .containsKeys("sbom-original.cdx.json", "sbom.cdx.json", "diff.json");
        return result;
    }

    private static JsonNode summary(SlimResult result) {
        JsonNode summary = JSON.readTree(result.artifacts().get("report.json")).path("inventory");
        assertThat(summary.isObject()).as("report.json has an inventory summary").isTrue();
        return summary;
    }

    private static Bom validSbom(SlimResult result, String name) throws Exception {
        byte[] json = result.artifacts().get(name);
        assertThat(new JsonParser().validate(json, Version.VERSION_16)).as(name + " against CycloneDX 1.6").isEmpty();
        return new JsonParser().parse(json);
    }

    private static List<String> names(Bom bom) {
        return bom.getComponents() == null ? List.of()
                : bom.getComponents().stream().map(Component::getName).toList();
    }

    private void assertSbomLabel(SlimResult result) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(result.artifacts().get("sbom.cdx.json")));
        assertThat(docker.image().inspect(slimTag).orElseThrow().config().labels())
                .containsEntry("slimline.sbom.sha256", sha);
        assertThat(result.inventory().sbomSha256()).isEqualTo(sha);
    }

    /** Kept bytes per package plus unowned ones are the content bytes of the slim image's regular files. */
    private void assertKeptBytesAreTheSlimFilesystem(SlimResult result) throws Exception {
        JsonNode diff = JSON.readTree(result.artifacts().get("diff.json"));
        long packages = 0;
        for (JsonNode p : diff.path("byPackage")) {
            packages += p.path("keptBytes").asLong();
        }
        long counted = packages + diff.path("unowned").path("keptBytes").asLong();
        assertThat(counted).isEqualTo(filesystemBytes(slimTag));
    }

    private long filesystemBytes(String image) throws Exception {
        String id = docker.container().create(ContainerSpec.of(image).withCommand(List.of("/never-started"), List.of())
                .withLabels(Map.of(SlimlineLabels.JOB, job.id(), "slimline.test", "inventory-it")));
        try (InputStream export = docker.container().export(id);
                TarArchiveInputStream tar = new TarArchiveInputStream(export)) {
            long bytes = 0;
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile() && !e.isLink()) {
                    bytes += e.getSize();
                }
            }
            return bytes;
        } finally {
            docker.container().remove(id);
        }
    }
}
