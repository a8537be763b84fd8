package dev.slimline.rootfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ELF files the build makes for these tests, so they read nothing of the machine they run on.
 * {@code src/test/c/Makefile} builds stand-ins for a Debian ls and its libraries under
 * {@code target/test-c/elf/}: x86-64, with Debian's names and dependency graph and nothing else;
 * the static sensor serves as a static binary.
 */
final class ElfFixtures {

    private static final Path DIR = Path.of("target", "test-c", "elf");

    private ElfFixtures() {
    }

    /** Interpreter {@code /lib64/ld-linux-x86-64.so.2}; needs libselinux.so.1, libc.so.6; no RPATH or RUNPATH. */
    static byte[] ls() {
        return read(DIR.resolve("ls"));
    }

    /** Needs libc.so.6 only. */
    static byte[] dash() {
        return read(DIR.resolve("dash"));
    }

    /** Soname libc.so.6; needs ld-linux-x86-64.so.2. */
    static byte[] libc() {
        return read(DIR.resolve("libc.so.6"));
    }

    /** Soname ld-linux-x86-64.so.2; needs nothing. */
    static byte[] ld() {
        return read(DIR.resolve("ld-linux-x86-64.so.2"));
    }

    /** Soname libselinux.so.1; needs libpcre2-8.so.0, libc.so.6. */
    static byte[] libselinux() {
        return read(DIR.resolve("libselinux.so.1"));
    }

    /** Soname libpcre2-8.so.0 (the file is libpcre2-8.so.0.11.2); needs libc.so.6. */
    static byte[] libpcre() {
        return read(DIR.resolve("libpcre2-8.so.0.11.2"));
    }

    /** Needs libc.so.6; RUNPATH {@code $ORIGIN/../lib:/opt/lib}. */
    static byte[] runpathApp() {
        return read(DIR.resolve("runpath-app"));
    }

    /** Needs libc.so.6; RPATH {@code /opt/legacy/lib}. */
    static byte[] rpathApp() {
        return read(DIR.resolve("rpath-app"));
    }

    /** The amd64 sensor: statically linked, no interpreter, no dynamic section. */
    static byte[] staticBinary() {
        return read(Path.of("target", "classes", "sensor", "linux-amd64", "slimline-sensor"));
    }

    /**
     * Where the dynamic section of a 64-bit little-endian ELF file lies, found from its program
     * headers by this test code alone (not by the reader under test), so a test can aim at it.
     */
    static Segment dynamicSegment(byte[] elf64) {
        ByteBuffer b = ByteBuffer.wrap(elf64).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xffff;
        int phnum = b.getShort(56) & 0xffff;
        for (int i = 0; i < phnum; i++) {
            int at = (int) phoff + i * phentsize;
            if (b.getInt(at) == 2) {
                return new Segment((int) b.getLong(at + 8), (int) b.getLong(at + 32));
            }
        }
        throw new IllegalArgumentException("no PT_DYNAMIC program header");
    }

    /** A part of a file: {@code offset} and {@code length} in bytes. */
    record Segment(int offset, int length) {
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the rootfs tests need " + file + ", which the Maven build makes"
                    + " (src/test/c/Makefile, or the sensor's); run them through mvn", e);
        }
    }
}
