package dev.slimline.rootfs;

import java.util.List;

/**
 * What the dynamic loader needs to know about one ELF file of an image.
 *
 * @param bits 32 or 64
 * @param littleEndian byte order
 * @param machine {@code e_machine} (62 x86-64, 183 AArch64, 3 i386, 40 ARM, ...)
 * @param interpreter the program interpreter ({@code PT_INTERP}), null for none (libraries, static binaries)
 * @param needed {@code DT_NEEDED} library names in order
 * @param rpath {@code DT_RPATH} directories, unexpanded ({@code $ORIGIN} stays)
 * @param runpath {@code DT_RUNPATH} directories, unexpanded
 * @param complete false when part of the dynamic section lay beyond what the indexer read, so
 *     {@code needed} may miss names
 */
public record ElfInfo(int bits, boolean littleEndian, int machine, String interpreter, List<String> needed,
        List<String> rpath, List<String> runpath, boolean complete) {

    public ElfInfo {
        needed = List.copyOf(needed);
        rpath = List.copyOf(rpath);
        runpath = List.copyOf(runpath);
    }
}
