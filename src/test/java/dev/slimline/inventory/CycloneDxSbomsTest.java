package dev.slimline.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class CycloneDxSbomsTest {

    private static final CycloneDxSboms.Subject ORIGINAL = new CycloneDxSboms.Subject("team/app:1.4", "sha256:abc");
    private static final CycloneDxSboms.Subject SLIM = new CycloneDxSboms.Subject("team/app.slim:1.4", null);

    @Test
    void theSlimSbomHoldsThePackagesWithAKeptFileAndTheKeptFilesAsEvidence() throws Exception {
        byte[] json = CycloneDxSboms.slim(NodeAppFixture.slimmed().inventory(), SLIM);

        assertThat(new JsonParser().validate(json, Version.VERSION_16)).isEmpty();
        Bom bom = new JsonParser().parse(json);
        assertThat(bom.getSpecVersion()).isEqualTo("1.6");
        assertThat(bom.getMetadata().getComponent().getName()).isEqualTo("team/app.slim:1.4");
        assertThat(bom.getComponents()).extracting(Component::getName)
                .containsExactlyInAnyOrder("libc6", "node-express", "express");
        Component express = bom.getComponents().stream().filter(c -> c.getName().equals("express")).findFirst()
                .orElseThrow();
        assertThat(express.getPurl()).isEqualTo("pkg:npm/express@4.22.3");
        assertThat(express.getLicenses().getLicenses().get(0).getName()).isEqualTo("MIT");
        assertThat(express.getEvidence().getOccurrences()).extracting(o -> o.getLocation())
                .containsExactly(NodeAppFixture.EXPRESS + "index.js");
        assertThat(property(express, "slimline:kept:files")).isEqualTo("1");
        assertThat(property(express, "slimline:files")).isEqualTo("3");
        assertThat(property(express, "slimline:kept:bytes")).isEqualTo("300");
        // 300 of 2358 bytes
        assertThat(property(express, "slimline:kept:percent")).isEqualTo("12.7");
    }

    @Test
    void theOriginalSbomHoldsEveryPackage() throws Exception {
        byte[] json = CycloneDxSboms.original(NodeAppFixture.slimmed().inventory(), ORIGINAL);

        assertThat(new JsonParser().isValid(json, Version.VERSION_16)).isTrue();
        Bom bom = new JsonParser().parse(json);
        assertThat(bom.getMetadata().getComponent().getVersion()).isEqualTo("sha256:abc");
        assertThat(bom.getComponents()).extracting(Component::getPurl).containsExactlyInAnyOrder(
                "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12",
                "pkg:deb/debian/perl-base@5.36.0-7?arch=amd64&distro=debian-12",
                "pkg:deb/debian/node-express@4.18.2?arch=all&distro=debian-12",
                "pkg:npm/express@4.22.3");
        assertThat(bom.getComponents()).allSatisfy(c -> assertThat(c.getEvidence()).isNull());
    }

    @Test
    void anImageWithoutPackagesHasAValidEmptySbom() throws Exception {
        ExportTar.Indexed indexed = new ExportTar().file("bin/busybox", "x").index();
        SelectionInventory nothing = SelectionInventory.weigh(indexed.inventory(), indexed.index(),
                new dev.slimline.rootfs.KeepSetBuilder(indexed.index()).observed(List.of("/bin/busybox")).build());

        byte[] json = CycloneDxSboms.slim(nothing, SLIM);

        assertThat(new JsonParser().isValid(json, Version.VERSION_16)).isTrue();
        Bom bom = new JsonParser().parse(json);
        assertThat(bom.getComponents()).isNullOrEmpty();
        assertThat(bom.getMetadata().getComponent().getName()).isEqualTo("team/app.slim:1.4");
    }

    @Test
    void aListedFileWhoseNameIsNotUtf8IsFoundAndShownPercentEncoded() throws Exception {
        byte[] list = "/srv/caf\u00e9.txt\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ExportTar.Indexed indexed = new ExportTar("ISO-8859-1")
                .file("var/lib/dpkg/status", "Package: cafe\nStatus: install ok installed\nVersion: 1\n")
                .file("var/lib/dpkg/info/cafe.list", list)
                .file("srv/caf\u00e9.txt", "menu")
                .index();
        String name = "/srv/caf\udce9.txt";
        assertThat(indexed.index().entry(name)).as("the tar's name, one byte 0xE9").isPresent();
        SelectionInventory weighed = SelectionInventory.weigh(indexed.inventory(), indexed.index(),
                new dev.slimline.rootfs.KeepSetBuilder(indexed.index()).observed(List.of(name)).build());

        byte[] json = CycloneDxSboms.slim(weighed, SLIM);

        Component cafe = new JsonParser().parse(json).getComponents().get(0);
        assertThat(cafe.getEvidence().getOccurrences()).extracting(o -> o.getLocation())
                .containsExactly("/srv/caf%E9.txt");
        assertThat(CycloneDxSboms.text("/50%/caf\udce9")).isEqualTo("/50%25/caf%E9");
        assertThat(CycloneDxSboms.text("/50%/plain")).isEqualTo("/50%/plain");
    }

    private static String property(Component component, String name) {
        return component.getProperties().stream().filter(p -> p.getName().equals(name)).map(Property::getValue)
                .findFirst().orElse(null);
    }
}
