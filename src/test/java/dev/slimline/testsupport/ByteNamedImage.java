package dev.slimline.testsupport;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A test image whose files are named in bytes that are not UTF-8: Latin-1 names, raw bytes
 * 0x80..0xFF (all of them in one name), some inside directories whose names hold a newline or
 * such bytes. A static busybox (taken from the tiny-app test image) serves {@code /www} on 8080,
 * where a plain-named symlink leads to each file, and one file is named in Latin-1 in
 * {@code /www} itself (requested as {@code %E9}). One more such file is never served.
 *
 * <p>Built with {@code docker import} from a tar written here. Names are bytes throughout: in the
 * tar they are written as ISO-8859-1 chars, which commons-compress writes back as the same bytes,
 * with GNU long names (not PAX, whose records it would encode as UTF-8) for those over 100 bytes.
 */
public final class ByteNamedImage {

    public static final int PORT = 8080;

    /**
     * One file of the image.
     *
     * @param name its path without the leading {@code /}, as bytes
     * @param servedAt the request path that serves it, null for one never served
     */
    public record NamedFile(byte[] name, byte[] content, String servedAt) {
    }

    /** One symlink of the image: its plain name, its target as bytes. */
    public record Link(String name, byte[] target) {
    }

    private ByteNamedImage() {
    }

    public static List<NamedFile> files() {
        byte[] all = new byte[0x80];
        for (int b = 0x80; b <= 0xff; b++) {
            all[b - 0x80] = (byte) b;
        }
        return List.of(
                new NamedFile(bytes("srv/caf", 0xe9, ".html"), page("Latin-1 caf\u00e9"), "/latin1.html"),
                new NamedFile(bytes("srv/", 0xff, 0xfe), page("raw bytes ff fe"), "/raw.html"),
                new NamedFile(concat(bytes("srv/all-"), all), page("every byte 80 to ff"), "/all.html"),
                new NamedFile(bytes("srv/new\nline", 0xe9, "/page", 0x80, ".html"),
                        page("in a directory with a newline"), "/newline.html"),
                new NamedFile(bytes("srv/", 0x80, 0x81, " ", 0xfd, "/", 0xc3, 0xa9, "t", 0xe9, 0xc0, 0xaf, ".txt"),
                        page("mixed valid, invalid and overlong UTF-8"), "/mixed.html"),
                new NamedFile(bytes("www/direct-", 0xe9, ".html"), page("requested by its own name"),
                        "/direct-%E9.html"),
                new NamedFile(bytes("srv/unused-", 0xe9, 0xff, ".bin"), page("never served"), null));
    }

    /** The plain-named symlinks in {@code /www}, one per served file under {@code /srv}, relative and absolute. */
    public static List<Link> links() {
        List<Link> links = new ArrayList<>();
        boolean relative = true;
        for (NamedFile file : files()) {
            if (file.servedAt() == null || !startsWith(file.name(), "srv/")) {
                continue;
            }
            byte[] target = relative ? concat(bytes("../"), file.name()) : concat(bytes("/"), file.name());
            links.add(new Link("www" + file.servedAt(), target));
            relative = !relative;
        }
        return links;
    }

    /** Directories, each as bytes without the leading {@code /}, parents first. */
    static List<byte[]> directories() {
        return List.of(bytes("bin"), bytes("tmp"), bytes("www"), bytes("srv"), bytes("srv/new\nline", 0xe9),
                bytes("srv/", 0x80, 0x81, " ", 0xfd));
    }

    /** The image, imported when missing; tagged by a hash of its tar, so the same files give the same tag. */
    public static synchronized String reference() {
        DockerApi api = DockerTestSupport.api();
        byte[] tar = tar(busybox(api));
        String reference = TestImages.REPOSITORY_PREFIX + "byte-names:" + sha256(tar).substring(0, 12);
        if (api.image().inspect(reference).isEmpty()) {
            TestImages.log("importing " + reference);
            api.image().importFilesystem(new ByteArrayInputStream(tar), reference.substring(0, reference.indexOf(':')),
                    reference.substring(reference.indexOf(':') + 1), List.of(
                            "ENTRYPOINT [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"" + PORT
                                    + "\", \"-h\", \"/www\"]",
                            "EXPOSE " + PORT + "/tcp",
                            "LABEL " + TestImages.LABEL + "=test-image"));
        }
        return reference;
    }

    /** The static busybox of the tiny-app test image, copied out of a container that never runs. */
    private static byte[] busybox(DockerApi api) {
        String id = api.container().create(ContainerSpec.of(TestImages.tinyApp())
                .withLabels(Map.of(TestImages.LABEL, "byte-names-busybox")));
        try (InputStream archive = api.container().getArchive(id, "/bin/busybox");
                TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    return tar.readAllBytes();
                }
            }
            throw new IllegalStateException("the tiny-app image has no /bin/busybox");
        } catch (IOException e) {
            throw new UncheckedIOException("copy busybox out of the tiny-app image", e);
        } finally {
            api.container().remove(id);
        }
    }

    private static byte[] tar(byte[] busybox) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.ISO_8859_1.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (byte[] dir : directories()) {
                TarArchiveEntry e = new TarArchiveEntry(latin1(dir) + "/", TarConstants.LF_DIR, true);
                e.setMode(040755);
                put(tar, e, null);
            }
            TarArchiveEntry bin = new TarArchiveEntry("bin/busybox", TarConstants.LF_NORMAL, true);
            bin.setMode(0100755);
            put(tar, bin, busybox);
            for (NamedFile file : files()) {
                TarArchiveEntry e = new TarArchiveEntry(latin1(file.name()), TarConstants.LF_NORMAL, true);
                e.setMode(0100644);
                put(tar, e, file.content());
            }
            for (Link link : links()) {
                TarArchiveEntry e = new TarArchiveEntry(link.name(), TarConstants.LF_SYMLINK, true);
                e.setLinkName(latin1(link.target()));
                e.setMode(0120777);
                put(tar, e, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write the byte-names image", e);
        }
        return out.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, byte[] content) throws IOException {
        entry.setIds(0, 0);
        entry.setModTime(1_700_000_000_000L);
        entry.setSize(content == null ? 0 : content.length);
        tar.putArchiveEntry(entry);
        if (content != null) {
            tar.write(content);
        }
        tar.closeArchiveEntry();
    }

    private static byte[] page(String text) {
        return ("<!DOCTYPE html><html><body><p>" + text + "</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes as ISO-8859-1 chars, one char per byte: how this class hands names to commons-compress. */
    public static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** ASCII strings and byte values, in order. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean startsWith(byte[] name, String prefix) {
        return latin1(name).startsWith(prefix);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
