package dev.slimline.rootfs;

/** What a tar entry of an image's filesystem is. */
public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK,
    /** A second name for a regular file that an earlier entry of the tar holds. */
    HARDLINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    FIFO
}
