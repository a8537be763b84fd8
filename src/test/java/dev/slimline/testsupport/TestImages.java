package dev.slimline.testsupport;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.ImageDetails;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The project's own test images, built on the local engine from {@code src/test/docker/<name>}
 * when missing. Each is tagged {@code slimline-test/<name>:<12 hex>}, the hex being a SHA-256
 * over the folder's files (paths and contents) and the id of the image it is built on: a changed
 * Dockerfile or source gives a new tag and a build, an unchanged one reuses the image. Nothing
 * here is ever pulled; {@code debian:bookworm} is made with debootstrap when the engine lacks it.
 *
 * <p>Builds are serialised within the JVM, so concurrent tests asking for the same image wait
 * for one build. Built images carry the label {@code slimline.test=test-image}; they are kept
 * between runs on purpose (removing them costs the next run a rebuild).
 */
public final class TestImages {

    static final String REPOSITORY_PREFIX = "slimline-test/";
    static final String LABEL = "slimline.test";
    static final String BASE_IMAGE = "debian:bookworm";

    private static final Path SOURCES = Path.of(System.getProperty("basedir", ""), "src", "test", "docker");
    private static final Path EXTRA_CA_DIR = Path.of("/usr/local/share/ca-certificates");
    private static final Duration BASE_BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final FileTime CONTEXT_FILE_TIME = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));

    private TestImages() {
    }

    /** FROM scratch: static busybox httpd on 8080 serving {@code /www}, 20 MiB of unread padding. */
    public static String tinyApp() {
        return tinyAppImage().reference();
    }

    /** Debian's nodejs and npm with recommends (~1 GB) and an Express app on 8000. */
    public static String nodeApp() {
        return nodeAppImage().reference();
    }

    /** Debian's python3 and Flask on 5000; {@code /report} lazily uses csv, sqlite3, statistics and a data file. */
    public static String pythonApp() {
        return pythonAppImage().reference();
    }

    /**
     * Debian's nginx-light, stock configuration, on 80 serving {@code /index.html}, {@code /about.html},
     * {@code /docs/guide.html} and {@code /style.css} from {@code /var/www/html}.
     */
    public static String nginxApp() {
        return ensure("nginx-app", debianBase(), Map.of()).reference();
    }

    /**
     * Debian's python3 on 8080 with answers that vary per request (time, UUID, key order, CSRF
     * token), {@code /config} reading {@code /opt/app/conf/features.json}, and {@code /trickle}
     * and {@code /never-ends} whose answers do not end in time.
     */
    public static String varyingApp() {
        return ensure("varying-app", debianBase(), Map.of()).reference();
    }

    /** Busybox only; prints one line and exits with code 3 at once, although it exposes 8080. */
    public static String exitApp() {
        return busyboxImage("exit-app").reference();
    }

    /** Busybox only; exposes no port and runs until stopped (ends promptly on SIGTERM). */
    public static String noPortApp() {
        return busyboxImage("noport-app").reference();
    }

    /**
     * Busybox httpd on 8081 carrying every setting an image can have: environment, labels, a
     * volume, a working directory, user 1000, STOPSIGNAL SIGQUIT, a HEALTHCHECK, ENTRYPOINT and CMD.
     */
    public static String configApp() {
        return busyboxImage("config-app").reference();
    }

    /** Debian's sh and coreutils; no port; {@code process <job>} run in the container prints the job's SHA-256. */
    public static String workerApp() {
        return ensure("worker-app", debianBase(), Map.of()).reference();
    }

    /** Debian's redis-server on 6379 (no HTTP), with redis-cli; runs as user redis. */
    public static String redisApp() {
        return ensure("redis-app", debianBase(), Map.of()).reference();
    }

    /** Debian's PostgreSQL 15 on 5432, trust authentication, an empty cluster: a companion service. */
    public static String postgresDb() {
        return ensure("postgres-db", debianBase(), Map.of()).reference();
    }

    /** Debian's python3 and psycopg2: HTTP on 8080, needs PostgreSQL at host {@code db}, exits without it. */
    public static String dbApp() {
        return ensure("db-app", debianBase(), Map.of()).reference();
    }

    /** Busybox httpd on 8080: a static site three links deep with CSS, JS and images, and two unlinked files. */
    public static String siteApp() {
        return busyboxImage("site-app").reference();
    }

    /** Debian's python3 on 8080 serving /openapi.json; its three operations each import a module on first use. */
    public static String openApiApp() {
        return ensure("openapi-app", debianBase(), Map.of()).reference();
    }

    /**
     * Busybox httpd on 8080 serving {@code /www}: an index page and 1,000 files of 4 KiB,
     * {@code /files/d<n / 100>/f<n>.txt}, so a load over many of them opens a file per request.
     */
    public static String filesApp() {
        return busyboxImage("files-app").reference();
    }

    /**
     * The tiny app with a dpkg status that names two packages and then runs on for 20 MiB in one
     * line, past the package inventory's limits.
     */
    public static String corruptDpkgApp() {
        return busyboxImage("dpkg-corrupt-app").reference();
    }

    /** {@code debian:bookworm}, made with {@code src/test/docker/debian-base/build.sh} (needs root) when missing. */
    public static synchronized String debianBase() {
        DockerApi api = DockerTestSupport.api();
        if (api.image().inspect(BASE_IMAGE).isEmpty()) {
            runBaseScript();
            if (api.image().inspect(BASE_IMAGE).isEmpty()) {
                throw new IllegalStateException("debian-base/build.sh succeeded but " + BASE_IMAGE + " is missing");
            }
        }
        return BASE_IMAGE;
    }

    /** Local stand-in for {@code maven:3.9-eclipse-temurin-17}: Debian's JDK 17 and Maven, gcc, make, static glibc. */
    static String mavenJdk17Base() {
        return ensure("maven-jdk17", debianBase(), Map.of()).reference();
    }

    /** Local stand-in for {@code eclipse-temurin:17-jre}: Debian's headless JRE 17. */
    static String jre17Base() {
        return ensure("jre17", debianBase(), Map.of()).reference();
    }

    static TestImage tinyAppImage() {
        return ensure("tiny-app", debianBase(), Map.of());
    }

    static TestImage nodeAppImage() {
        // The proxy's CA is how npm reaches its registry from this machine, not part of what the
        // image is: it stays out of the tag, so the same sources give the same tag everywhere.
        return ensure("node-app", debianBase(), Map.of("NPM_EXTRA_CA_PEM_B64", extraCaPemBase64()));
    }

    static TestImage pythonAppImage() {
        return ensure("python-app", debianBase(), Map.of());
    }

    static TestImage busyboxImage(String name) {
        String busybox = tinyApp();
        return ensure(name, busybox, Map.of("BUSYBOX_IMAGE", busybox));
    }

    /**
     * An image as a test gets it.
     *
     * @param built whether this call built it (false: the tag existed and was reused)
     */
    record TestImage(String reference, String id, boolean built) {
    }

    private static synchronized TestImage ensure(String name, String base, Map<String, String> buildArgs) {
        DockerApi api = DockerTestSupport.api();
        String baseId = api.image().inspect(base).map(ImageDetails::id)
                .orElseThrow(() -> new IllegalStateException("base image " + base + " of " + name + " is missing"));
        Path folder = SOURCES.resolve(name);
        List<ContextFile> files = contextFiles(folder);
        String reference = REPOSITORY_PREFIX + name + ":" + contentTag(files, baseId);
        var existing = api.image().inspect(reference);
        if (existing.isPresent()) {
            return new TestImage(reference, existing.get().id(), false);
        }
        log("building " + reference + " from " + folder + " on " + base);
        long started = System.nanoTime();
        String id = api.image().build(new ByteArrayInputStream(tar(files)), Set.of(reference),
                Map.of(LABEL, "test-image"), buildArgs, line -> {
                    if (line.startsWith("Step ")) {
                        log(name + ": " + (line.length() > 110 ? line.substring(0, 107) + "..." : line));
                    }
                });
        log(String.format("built %s (%s) in %.1f s", reference, id, (System.nanoTime() - started) / 1e9));
        return new TestImage(reference, id, true);
    }

    /** One file of a build context: its path relative to the image's folder, with {@code /}. */
    record ContextFile(String path, byte[] content, boolean executable) {
    }

    static List<ContextFile> contextFiles(Path folder) {
        if (!Files.isRegularFile(folder.resolve("Dockerfile"))) {
            throw new IllegalStateException("no Dockerfile in " + folder.toAbsolutePath()
                    + " (tests must run from the project's base directory)");
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            List<ContextFile> files = new ArrayList<>();
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String path = folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                files.add(new ContextFile(path, Files.readAllBytes(file), Files.isExecutable(file)));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("read " + folder, e);
        }
    }

    /** 12 hex digits of SHA-256 over the files (path, length, bytes, in path order) and the base image id. */
    static String contentTag(List<ContextFile> files, String baseImageId) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        files.stream().sorted((a, b) -> a.path().compareTo(b.path())).forEach(file -> {
            // Lengths delimit the fields, so no two different file sets hash the same bytes.
            byte[] path = file.path().getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(path.length).array());
            sha.update(path);
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(file.content().length).array());
            sha.update(file.content());
        });
        sha.update(("base " + baseImageId).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    static byte[] tar(List<ContextFile> files) {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (ContextFile file : files) {
                TarArchiveEntry entry = new TarArchiveEntry(file.path());
                entry.setSize(file.content().length);
                entry.setMode(file.executable() ? 0100755 : 0100644);
                // COPY keeps modification times: a fixed one keeps the layers the same from one checkout to another.
                entry.setModTime(CONTEXT_FILE_TIME);
                tar.putArchiveEntry(entry);
                tar.write(file.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("pack the build context", e);
        }
        return bytes.toByteArray();
    }

    /** Base64 of the PEM certificates this machine adds to its trust store; empty when it adds none. */
    static String extraCaPemBase64() {
        if (!Files.isDirectory(EXTRA_CA_DIR)) {
            return "";
        }
        try (Stream<Path> certs = Files.list(EXTRA_CA_DIR)) {
            var pem = new ByteArrayOutputStream();
            for (Path cert : certs.filter(p -> p.toString().endsWith(".crt")).sorted().toList()) {
                pem.writeBytes(Files.readAllBytes(cert));
                pem.write('\n');
            }
            return Base64.getEncoder().encodeToString(pem.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("read " + EXTRA_CA_DIR, e);
        }
    }

    private static void runBaseScript() {
        Path script = SOURCES.resolve("debian-base").resolve("build.sh");
        log(BASE_IMAGE + " is missing; making it with " + script + " (debootstrap, needs root)");
        try {
            var builder = new ProcessBuilder("bash", script.toString()).inheritIO();
            // The script's own knobs: whatever the caller's shell has set, this must make debian:bookworm.
            builder.environment().put("TAG", BASE_IMAGE);
            builder.environment().remove("FORCE");
            Process process = builder.start();
            if (!process.waitFor(BASE_BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " took longer than " + BASE_BUILD_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed with exit code " + process.exitValue()
                        + " (see its output above)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making " + BASE_IMAGE, e);
        }
    }

    static void log(String message) {
        System.out.println("[test-images] " + message);
    }
}
