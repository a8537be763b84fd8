package dev.slimline.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InventoryCollectorTest {

    private static final String STATUS = """
            Package: libc6
            Status: install ok installed
            Architecture: amd64
            Multi-Arch: same
            Version: 2.36-9+deb12u4
            Description: GNU C Library: Shared libraries
             Contains the standard libraries that are used by nearly all programs.

            Package: removed-one
            Status: deinstall ok config-files
            Architecture: amd64
            Version: 1.0

            Package: perl-base
            Status: install ok installed
            Architecture: amd64
            Version: 5.36.0-7
            """;

    private static Map<String, InstalledPackage> byName(Inventory inventory) {
        return inventory.packages().stream().collect(Collectors.toMap(InstalledPackage::name, Function.identity()));
    }

    private static ExportTar debian() {
        return new ExportTar()
                .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                .symlink("lib", "usr/lib")
                .dir("usr/lib/x86_64-linux-gnu")
                .file("usr/lib/x86_64-linux-gnu/libc.so.6", "libc")
                .file("usr/bin/perl", "perl")
                .file("usr/share/doc/libc6/copyright", """
                        Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

                        Files: debian/*
                        License: GPL-2+

                        Files: *
                        License: LGPL-2.1+
                        """)
                .file("var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib\n/lib/x86_64-linux-gnu\n"
                        + "/lib/x86_64-linux-gnu/libc.so.6\n/usr/share/doc/libc6/copyright\n")
                .file("var/lib/dpkg/info/perl-base.list", "/.\n/usr/bin/perl\n/usr/bin/perl5.36.0\n")
                .file("var/lib/dpkg/status", STATUS);
    }

    @Test
    void dpkgPackagesAreTheInstalledStanzasWithTheirListsAndDep5Licences() throws IOException {
        Inventory inventory = debian().index().inventory();

        assertThat(inventory.complete()).isTrue();
        assertThat(inventory.packages()).extracting(InstalledPackage::name).containsExactly("libc6", "perl-base");
        InstalledPackage libc = byName(inventory).get("libc6");
        assertThat(libc.version()).isEqualTo("2.36-9+deb12u4");
        assertThat(libc.license()).as("the Files: * paragraph's licence").isEqualTo("LGPL-2.1+");
        assertThat(libc.purl()).isEqualTo("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
        assertThat(inventory.declared().get(0).paths()).containsExactly("/lib", "/lib/x86_64-linux-gnu",
                "/lib/x86_64-linux-gnu/libc.so.6", "/usr/share/doc/libc6/copyright");
    }

    @Test
    void filesListedThroughASymlinkedDirectoryAreFoundAtTheirPhysicalPathAndDirectoriesAreNobodys()
            throws IOException {
        ExportTar.Indexed indexed = debian().index();

        PackageFiles files = PackageFiles.resolve(indexed.inventory(), indexed.index());

        assertThat(files.files(0)).containsExactly("/usr/lib/x86_64-linux-gnu/libc.so.6",
                "/usr/share/doc/libc6/copyright");
        assertThat(files.files(1)).as("perl5.36.0 is listed but not in the image").containsExactly("/usr/bin/perl");
    }

    @Test
    void alpinePackagesComeWithTheFilesOfTheirFoldersAndTheirDistribution() throws IOException {
        Inventory inventory = new ExportTar()
                .file("lib/apk/db/installed", """
                        C:Q1abc=
                        P:musl
                        V:1.2.4-r2
                        A:x86_64
                        L:MIT
                        F:lib
                        R:ld-musl-x86_64.so.1
                        R:libc.musl-x86_64.so.1

                        P:busybox
                        V:1.36.1-r5
                        A:x86_64
                        L:GPL-2.0-only
                        F:bin
                        R:busybox
                        """)
                .file("etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n")
                .index().inventory();

        assertThat(inventory.packages()).as("os-release may come after the database").extracting(InstalledPackage::purl)
                .containsExactly("pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1",
                        "pkg:apk/alpine/busybox@1.36.1-r5?arch=x86_64&distro=alpine-3.19.1");
        assertThat(inventory.packages().get(0).license()).isEqualTo("MIT");
        assertThat(inventory.declared().get(0).paths()).containsExactly("/lib/ld-musl-x86_64.so.1",
                "/lib/libc.musl-x86_64.so.1");
    }

    @Test
    void pythonDistributionsFromDistInfoRecordsAndFromEggInfoTopLevels() throws IOException {
        String site = "usr/lib/python3/dist-packages/";
        ExportTar.Indexed indexed = new ExportTar()
                .file(site + "blinker-1.5.dist-info/METADATA",
                        "Metadata-Version: 2.1\nName: blinker\nVersion: 1.5\nLicense: MIT License\n\nLong text\n")
                .file(site + "blinker-1.5.dist-info/RECORD", "blinker/__init__.py,sha256=x,100\n"
                        + "\"blinker/odd,name.py\",sha256=y,1\n../../../bin/blink,,\nblinker-1.5.dist-info/RECORD,,\n")
                .file(site + "blinker/__init__.py", "import x\n")
                .file(site + "blinker/odd,name.py", "")
                .file("usr/bin/blink", "#!/usr/bin/python3\n")
                .file(site + "Flask-2.2.2.egg-info/PKG-INFO", "Metadata-Version: 2.1\nName: Flask\nVersion: 2.2.2\n"
                        + "License: BSD-3-Clause\n")
                .file(site + "Flask-2.2.2.egg-info/top_level.txt", "flask\n")
                .file(site + "flask/__init__.py", "from .app import Flask\n")
                .file(site + "flask/app.py", "class Flask: pass\n")
                .file(site + "flaskother/x.py", "")
                .index();

        Map<String, InstalledPackage> packages = byName(indexed.inventory());
        assertThat(packages.get("Flask").version()).isEqualTo("2.2.2");
        assertThat(packages.get("Flask").license()).isEqualTo("BSD-3-Clause");
        assertThat(packages.get("Flask").purl()).isEqualTo("pkg:pypi/flask@2.2.2");
        assertThat(packages.get("blinker").license()).isEqualTo("MIT License");
        PackageFiles files = PackageFiles.resolve(indexed.inventory(), indexed.index());
        int flask = indexed.inventory().packages().indexOf(packages.get("Flask"));
        int blinker = indexed.inventory().packages().indexOf(packages.get("blinker"));
        assertThat(files.files(flask)).containsExactlyInAnyOrder("/" + site + "Flask-2.2.2.egg-info/PKG-INFO",
                "/" + site + "Flask-2.2.2.egg-info/top_level.txt", "/" + site + "flask/__init__.py",
                "/" + site + "flask/app.py");
        assertThat(files.files(blinker)).contains("/" + site + "blinker/__init__.py", "/" + site + "blinker/odd,name.py",
                "/usr/bin/blink", "/" + site + "blinker-1.5.dist-info/RECORD");
    }

    @Test
    void npmPackagesOwnTheirFolderButNotTheirNestedNodeModulesAndTakeTheLockfilesIntegrity() throws IOException {
        String app = "opt/app/";
        ExportTar.Indexed indexed = new ExportTar()
                .file(app + "package.json", "{\"name\": \"the-app\", \"version\": \"1.0.0\"}")
                .file(app + "package-lock.json", """
                        {"lockfileVersion": 3, "packages": {
                          "": {"name": "the-app"},
                          "node_modules/express": {"version": "4.22.3", "license": "MIT",
                            "integrity": "sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="},
                          "node_modules/send/node_modules/ms": {"version": "2.1.3", "license": "MIT"}}}
                        """)
                .file(app + "node_modules/express/package.json", "{\"name\": \"express\", \"version\": \"4.22.3\"}")
                .file(app + "node_modules/express/index.js", "module.exports = 1;\n")
                .file(app + "node_modules/send/package.json",
                        "{\"name\": \"send\", \"version\": \"0.19.0\", \"license\": {\"type\": \"MIT\"}}")
                .file(app + "node_modules/send/node_modules/ms/package.json", "{\"name\": \"ms\", \"version\": \"2.1.3\"}")
                .file(app + "node_modules/send/node_modules/ms/index.js", "")
                .file(app + "node_modules/@types/node/package.json", "{\"name\": \"@types/node\", \"version\": \"20.1.0\"}")
                .file(app + "node_modules/express/lib/package.json", "{\"name\": \"not-a-package\"}")
                .index();

        Map<String, InstalledPackage> packages = byName(indexed.inventory());
        assertThat(packages).containsOnlyKeys("express", "send", "ms", "node");
        assertThat(packages.get("express").license()).as("from the lockfile").isEqualTo("MIT");
        assertThat(packages.get("express").sha512()).isEqualTo("0".repeat(128));
        assertThat(packages.get("send").license()).isEqualTo("MIT");
        assertThat(packages.get("node").purl()).isEqualTo("pkg:npm/%40types/node@20.1.0");
        PackageFiles files = PackageFiles.resolve(indexed.inventory(), indexed.index());
        int send = indexed.inventory().packages().indexOf(packages.get("send"));
        assertThat(files.files(send)).containsExactly("/" + app + "node_modules/send/package.json");
    }

    @Test
    void jarsNameTheirMavenArtifactsAlsoInNestedJars() throws IOException {
        byte[] nested = ExportTar.jar("META-INF/maven/org.slf4j/slf4j-api/pom.properties",
                ExportTar.pom("org.slf4j", "slf4j-api", "2.0.9"));
        byte[] app = ExportTar.jar("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n",
                "META-INF/maven/dev.example/app/pom.properties", ExportTar.pom("dev.example", "app", "1.4"),
                "BOOT-INF/lib/slf4j-api-2.0.9.jar", nested);

        Inventory inventory = new ExportTar().file("srv/app.jar", app).index().inventory();

        assertThat(inventory.packages()).extracting(InstalledPackage::purl).containsExactly(
                "pkg:maven/dev.example/app@1.4", "pkg:maven/org.slf4j/slf4j-api@2.0.9");
        assertThat(inventory.packages().get(1).location())
                .isEqualTo("/srv/app.jar!/BOOT-INF/lib/slf4j-api-2.0.9.jar!/META-INF/maven/org.slf4j/slf4j-api/pom.properties");
        assertThat(inventory.declared().get(1).paths()).containsExactly("/srv/app.jar");
        assertThat(inventory.complete()).isTrue();
    }

    @Test
    void aHugeStatusIsReadUpToItsLimitAndMakesTheInventoryIncomplete() throws IOException {
        InventoryLimits small = new InventoryLimits(STATUS.length() + 100, 1024, 4096, 1 << 20, 100, 1000);
        String huge = STATUS + "\n" + "Package: padding\nStatus: install ok installed\nVersion: 1\n\n".repeat(200);

        Inventory inventory = new ExportTar().file("var/lib/dpkg/status", huge).index(small).inventory();

        assertThat(inventory.complete()).isFalse();
        assertThat(inventory.incompleteReasons()).singleElement().asString()
                .contains("/var/lib/dpkg/status").contains("larger than " + (STATUS.length() + 100) + " bytes");
        assertThat(inventory.packages()).extracting(InstalledPackage::name).startsWith("libc6", "perl-base")
                .hasSizeLessThan(4);
    }

    @Test
    void aCorruptStatusLosesOnlyItsBrokenLines() throws IOException {
        InventoryLimits small = new InventoryLimits(1 << 20, 1024, 4096, 1 << 20, 100, 1000);
        String corrupt = "x".repeat(5000) + "\n" + STATUS + "\u0000\u0001garbage without a colon\n";

        Inventory inventory = new ExportTar().file("var/lib/dpkg/status", corrupt).index(small).inventory();

        assertThat(inventory.packages()).extracting(InstalledPackage::name).containsExactly("libc6", "perl-base");
        assertThat(inventory.incompleteReasons()).containsExactly(
                "/var/lib/dpkg/status: 1 line(s) longer than 1024 bytes (corrupt?) were left out",
                "/var/lib/dpkg/status: 1 malformed line(s) were left out (corrupt?)");
    }

    @Test
    void unreadableManifestsAndJarsCostTheInventoryNotTheIndex() throws IOException {
        InventoryLimits small = new InventoryLimits(1 << 20, 1024, 64, 1 << 20, 100, 1000);
        byte[] jar = ExportTar.jar("META-INF/maven/g/a/pom.properties", ExportTar.pom("g", "a", "1") + "#".repeat(500));
        byte[] cutShort = java.util.Arrays.copyOf(jar, 60);

        ExportTar.Indexed indexed = new ExportTar()
                .file("srv/broken.jar", cutShort)
                .file("app/node_modules/bad/package.json", "{ not json")
                .file("app/node_modules/big/package.json", "{\"name\": \"big\", \"description\": \""
                        + "d".repeat(100) + "\"}")
                .file("app/after.txt", "still indexed")
                .index(small);

        assertThat(indexed.index().entry("/app/after.txt")).isPresent();
        assertThat(indexed.inventory().packages()).isEmpty();
        assertThat(indexed.inventory().incompleteReasons()).hasSize(3)
                .anySatisfy(r -> assertThat(r).startsWith("/srv/broken.jar: not a readable jar"))
                .anySatisfy(r -> assertThat(r).startsWith("/app/node_modules/bad/package.json: not valid JSON"))
                .anySatisfy(r -> assertThat(r).isEqualTo(
                        "/app/node_modules/big/package.json: larger than 64 bytes, not read"));
    }

    @Test
    void packagesAndListedPathsAreCapped() throws IOException {
        InventoryLimits small = new InventoryLimits(1 << 20, 1024, 4096, 1 << 20, 1, 2);

        Inventory inventory = debian().index(small).inventory();

        assertThat(inventory.packages()).hasSize(1);
        assertThat(inventory.incompleteReasons()).contains(
                "more than 2 files listed by packages: later ones are left out",
                "more than 1 packages: the rest are left out");
        assertThat(inventory.declared().stream().mapToInt(d -> d.paths().size()).sum()).isLessThanOrEqualTo(2);
    }

    @Test
    void anImageWithoutPackageDatabasesHasAnEmptyCompleteInventory() throws IOException {
        Inventory inventory = new ExportTar().file("bin/busybox", "not really").file("www/index.html", "<h1>")
                .index().inventory();

        assertThat(inventory.packages()).isEmpty();
        assertThat(inventory.complete()).isTrue();
    }

    @Test
    void recordPathsMayBeQuoted() {
        assertThat(PythonDistributions.csvFirstField("a/b.py,sha256=x,1")).isEqualTo("a/b.py");
        assertThat(PythonDistributions.csvFirstField("\"a/b,\"\"c\"\".py\",sha256=x,1")).isEqualTo("a/b,\"c\".py");
        assertThat(List.of(Reading.resolve("/usr/lib/python3/dist-packages", "../../../bin/x"),
                String.valueOf(Reading.resolve("/a", "../../x"))))
                .containsExactly("/usr/bin/x", "null");
    }
}
