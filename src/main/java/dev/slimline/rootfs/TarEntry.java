package dev.slimline.rootfs;

import java.util.Map;

/**
 * One entry of an image tar as {@link TarReader} read it.
 *
 * @param rawHeader the entry's header blocks exactly as read, extended headers included
 * @param name the name as the tar gives it
 * @param path the normalised absolute path in the image; null when the entry is rejected
 * @param rejection why the entry cannot be part of an image; null when it is fine
 * @param link a symlink's target as written, or a hard link's normalised target path; null otherwise
 * @param size content bytes that follow the header (0 for everything but regular files)
 * @param pax the PAX records, values as raw bytes
 */
record TarEntry(byte[] rawHeader, String name, String path, String rejection, EntryType type, String link,
        long size, int mode, long uid, long gid, long devMajor, long devMinor, Map<String, byte[]> pax) {

    static TarEntry rejected(byte[] rawHeader, String name, EntryType type, long size, String why) {
        return new TarEntry(rawHeader, name, null, why, type, null, size, 0, 0, 0, 0, 0, Map.of());
    }

    boolean isRejected() {
        return rejection != null;
    }
}
