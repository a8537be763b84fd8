package dev.slimline.rootfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds image tars in memory with commons-compress, one entry at a time, remembering each
 * entry's exact bytes so tests can tell what a filtered tar must hold, byte for byte.
 */
final class TestTar {

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();

    TestTar dir(String name) {
        return add(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, e -> e.setMode(040755), null);
    }

    TestTar dir(String name, int mode, int uid, int gid) {
        return add(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, e -> {
            e.setMode(040000 | mode);
            e.setIds(uid, gid);
        }, null);
    }

    TestTar file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    TestTar file(String name, byte[] content, int mode) {
        return add(name, e -> {
            e.setMode(0100000 | mode);
            e.setSize(content.length);
        }, content);
    }

    TestTar symlink(String name, String target) {
        return add(name, TarConstants.LF_SYMLINK, e -> e.setLinkName(target), null);
    }

    TestTar hardlink(String name, String target) {
        return add(name, TarConstants.LF_LINK, e -> e.setLinkName(target), null);
    }

    /** An entry with anything set on it; {@code content} may be null. */
    TestTar add(String name, Consumer<TarArchiveEntry> setup, byte[] content) {
        return add(name, TarConstants.LF_NORMAL, setup, content);
    }

    TestTar add(String name, byte type, Consumer<TarArchiveEntry> setup, byte[] content) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setUserName("root");
        e.setGroupName("root");
        e.setModTime(1_700_000_000_000L);
        if (type == TarConstants.LF_NORMAL && !name.endsWith("/")) {
            e.setMode(0100644);
        }
        setup.accept(e);
        return raw(name, write(e, content));
    }

    /** An entry given as its exact bytes (headers and padded content). */
    TestTar raw(String key, byte[] bytes) {
        String unique = entries.containsKey(key) ? key + "#" + order.size() : key;
        entries.put(unique, bytes);
        order.add(unique);
        return this;
    }

    /** A PAX extended header block with the given records (values as raw bytes) followed by an entry. */
    static byte[] paxThen(Map<String, byte[]> records, byte[] entryBytes) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> r : records.entrySet()) {
            byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
            int body = 1 + key.length + 1 + r.getValue().length + 1;
            int length = body + String.valueOf(body).length();
            if (String.valueOf(length).length() != String.valueOf(body).length()) {
                length++;
            }
            data.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            data.writeBytes(key);
            data.write('=');
            data.writeBytes(r.getValue());
            data.write('\n');
        }
        // written as a plain file and retyped: commons-compress would add extended headers of its own
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/x", TarConstants.LF_NORMAL, true);
        pax.setSize(data.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(retyped(write(pax, data.toByteArray()), TarConstants.LF_PAX_EXTENDED_HEADER_LC));
        out.writeBytes(entryBytes);
        return out.toByteArray();
    }

    /** An entry's bytes with its type flag changed (and the checksum fixed): for types commons-compress will not write. */
    static byte[] retyped(byte[] entryBytes, byte flag) {
        byte[] out = entryBytes.clone();
        out[156] = flag;
        java.util.Arrays.fill(out, 148, 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += out[i] & 0xff;
        }
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, out, 148, 8);
        return out;
    }

    /**
     * One entry's bytes. Its time is cut to whole seconds: commons-compress would otherwise add a
     * PAX header of its own, which would replace one that {@link #paxThen} put before it.
     */
    static byte[] write(TarArchiveEntry entry, byte[] content) {
        entry.setModTime(entry.getModTime().getTime() / 1000 * 1000);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buffer, 512)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            tar.putArchiveEntry(entry);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = buffer.toByteArray();
        byte[] entryBytes = new byte[all.length - 1024];
        System.arraycopy(all, 0, entryBytes, 0, entryBytes.length);
        return entryBytes;
    }

    /**
     * An entry whose ustar name field holds these exact bytes (at most 100), as a tar writer that
     * does not know about encodings writes it.
     */
    static byte[] ustarNamed(byte[] name, byte type, byte[] content) {
        TarArchiveEntry entry = new TarArchiveEntry("n".repeat(name.length), type, true);
        entry.setMode(type == TarConstants.LF_DIR ? 040755 : 0100644);
        entry.setSize(content == null ? 0 : content.length);
        byte[] bytes = write(entry, content);
        System.arraycopy(name, 0, bytes, 0, name.length);
        return retyped(bytes, type);
    }

    /** A GNU long name entry ({@code L}) holding these exact bytes, followed by the entry it names. */
    static byte[] gnuLongNamed(byte[] name, byte[] entryBytes) {
        return gnuLong(TarConstants.LF_GNUTYPE_LONGNAME, name, entryBytes);
    }

    /** A GNU long link entry ({@code K}) holding this exact link target, followed by the entry it belongs to. */
    static byte[] gnuLongLinked(byte[] target, byte[] entryBytes) {
        return gnuLong(TarConstants.LF_GNUTYPE_LONGLINK, target, entryBytes);
    }

    private static byte[] gnuLong(byte flag, byte[] name, byte[] entryBytes) {
        byte[] data = java.util.Arrays.copyOf(name, name.length + 1);
        TarArchiveEntry longName = new TarArchiveEntry("././@LongLink", TarConstants.LF_NORMAL, true);
        longName.setSize(data.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(retyped(write(longName, data), flag));
        out.writeBytes(entryBytes);
        return out.toByteArray();
    }

    /** The exact bytes of one entry, by its name (the n-th duplicate as {@code name#index}). */
    byte[] bytesOf(String name) {
        return entries.get(name);
    }

    List<String> names() {
        return List.copyOf(order);
    }

    /** The whole archive, end-of-archive blocks included. */
    byte[] bytes() {
        return concat(order, true);
    }

    /** What a filter that keeps these entries must write: their bytes in order, then the end blocks. */
    byte[] expected(List<String> names) {
        return concat(order.stream().filter(names::contains).toList(), true);
    }

    private byte[] concat(List<String> names, boolean end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        names.forEach(n -> out.writeBytes(entries.get(n)));
        if (end) {
            out.writeBytes(new byte[1024]);
        }
        return out.toByteArray();
    }

    /**
     * A small Debian-like tree with merged /usr: {@code /bin -> usr/bin}, {@code /lib -> usr/lib},
     * {@code /lib64 -> usr/lib64}, a dynamically linked {@code /usr/bin/ls} and its libraries
     * (the build's stand-ins, see {@link ElfFixtures}) with soname symlinks, an absolute interpreter
     * link, /etc basics and /tmp.
     */
    static TestTar debianLike() {
        byte[] ls = ElfFixtures.ls();
        byte[] ld = ElfFixtures.ld();
        byte[] libc = ElfFixtures.libc();
        byte[] libselinux = ElfFixtures.libselinux();
        byte[] libpcre = ElfFixtures.libpcre();
        return new TestTar()
                .symlink("bin", "usr/bin")
                .dir("etc/")
                .file("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .file("etc/group", "root:x:0:\n")
                .file("etc/hostname", "")
                .file("etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n")
                .dir("etc/ld.so.conf.d/")
                .file("etc/ld.so.conf.d/x86_64-linux-gnu.conf",
                        "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n")
                .symlink("lib", "usr/lib")
                .symlink("lib64", "usr/lib64")
                .dir("tmp/", 01777, 0, 0)
                .dir("usr/")
                .dir("usr/bin/")
                .file("usr/bin/ls", ls, 0755)
                .file("usr/bin/cat", "not really cat\n".getBytes(StandardCharsets.UTF_8), 0755)
                .dir("usr/lib/")
                .dir("usr/lib/x86_64-linux-gnu/")
                .file("usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", ld, 0755)
                .file("usr/lib/x86_64-linux-gnu/libc.so.6", libc, 0755)
                .file("usr/lib/x86_64-linux-gnu/libselinux.so.1", libselinux, 0644)
                .file("usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2", libpcre, 0644)
                .symlink("usr/lib/x86_64-linux-gnu/libpcre2-8.so.0", "libpcre2-8.so.0.11.2")
                .file("usr/lib/x86_64-linux-gnu/libunused.so.1", "unused")
                .dir("usr/lib64/")
                .symlink("usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
                .dir("usr/share/")
                .dir("usr/share/doc/")
                .file("usr/share/doc/README", "docs")
                .dir("var/", 0755, 0, 0);
    }
}
