package dev.slimline.rootfs;

/**
 * One entry of an image's filesystem, as its export tar describes it.
 *
 * @param path absolute, normalised path inside the image ({@code /usr/bin/ls})
 * @param link a symlink's target exactly as stored, or a hard link's target path; null otherwise
 * @param size content bytes of a regular file, 0 otherwise
 * @param mode permission bits including setuid, setgid and sticky
 * @param elf for ELF regular files the indexer could read, null otherwise
 * @param scriptInterpreter for an executable script, the absolute path its {@code #!} line names;
 *     null otherwise
 */
public record ImageEntry(String path, EntryType type, String link, long size, int mode, long uid, long gid,
        ElfInfo elf, String scriptInterpreter) {

    public boolean isDirectory() {
        return type == EntryType.DIRECTORY;
    }
}
