package dev.slimline.testsupport;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.ImageDetails;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service's own image, built from the repository's {@code Dockerfile} the way a user builds
 * it, but on local stand-ins for the public base images (no registry here): the build context is
 * the repository minus what {@code .dockerignore} leaves out. Tagged
 * {@code slimline-test/service:<12 hex>}, a hash of the context and both base images, so an
 * unchanged repository reuses the image and any change builds it again (Docker's layer cache
 * keeps Maven's downloads unless {@code pom.xml} changed).
 */
public final class ServiceImage {

    private static final Path REPOSITORY = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    private ServiceImage() {
    }

    /**
     * The image, built when missing.
     *
     * @param built whether this call built it
     * @param buildSeconds how long the build took; 0 when reused
     */
    public record Built(String reference, String id, boolean built, double buildSeconds) {
    }

    public static synchronized Built ensure() {
        DockerApi api = DockerTestSupport.api();
        String buildBase = TestImages.mavenJdk17Base();
        String runtimeBase = TestImages.jre17Base();
        List<TestImages.ContextFile> files = contextFiles();
        String reference = TestImages.REPOSITORY_PREFIX + "service:" + TestImages.contentTag(files,
                id(api, buildBase) + " " + id(api, runtimeBase));
        var existing = api.image().inspect(reference);
        if (existing.isPresent()) {
            return new Built(reference, existing.get().id(), false, 0);
        }
        TestImages.log("building " + reference + " from " + REPOSITORY + " (" + files.size() + " files) on "
                + buildBase + " and " + runtimeBase);
        long started = System.nanoTime();
        String id = api.image().build(new ByteArrayInputStream(TestImages.tar(files)), Set.of(reference),
                Map.of(TestImages.LABEL, "test-image"),
                Map.of("BUILD_IMAGE", buildBase, "RUNTIME_IMAGE", runtimeBase,
                        "EXTRA_CA_PEM_B64", TestImages.extraCaPemBase64()),
                line -> {
                    if (line.startsWith("Step ") || line.contains("BUILD ") || line.contains("ERROR")) {
                        TestImages.log("service: " + (line.length() > 150 ? line.substring(0, 147) + "..." : line));
                    }
                });
        double seconds = (System.nanoTime() - started) / 1e9;
        TestImages.log(String.format("built %s (%s) in %.1f s", reference, id, seconds));
        return new Built(reference, id, true, seconds);
    }

    /** The repository's files that go into the build context, in path order. */
    static List<TestImages.ContextFile> contextFiles() {
        DockerIgnore ignore;
        try {
            Path rules = REPOSITORY.resolve(".dockerignore");
            ignore = DockerIgnore.parse(Files.isRegularFile(rules) ? Files.readString(rules) : "");
        } catch (IOException e) {
            throw new UncheckedIOException("read .dockerignore", e);
        }
        if (!Files.isRegularFile(REPOSITORY.resolve("Dockerfile"))) {
            throw new IllegalStateException("no Dockerfile in " + REPOSITORY
                    + " (tests must run from the project's base directory)");
        }
        List<TestImages.ContextFile> files = new ArrayList<>();
        try {
            Files.walkFileTree(REPOSITORY, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return !dir.equals(REPOSITORY) && ignore.excludesAllUnder(relative(dir))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String path = relative(file);
                    if (attributes.isRegularFile() && !ignore.excludes(path)) {
                        files.add(new TestImages.ContextFile(path, Files.readAllBytes(file), Files.isExecutable(file)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("read the repository at " + REPOSITORY, e);
        }
        files.sort((a, b) -> a.path().compareTo(b.path()));
        return files;
    }

    private static String relative(Path path) {
        return REPOSITORY.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static String id(DockerApi api, String image) {
        return api.image().inspect(image).map(ImageDetails::id)
                .orElseThrow(() -> new IllegalStateException("base image " + image + " is missing"));
    }
}
