package dev.slimline.profile;

/** How the application used a path, as the sensor classifies the call that named it. */
public enum AccessType {
    /** Opened for reading. */
    READ,
    /** Opened for writing, created, removed, renamed, or its metadata changed. */
    WRITE,
    /** Executed. */
    EXEC,
    /** Looked up without being read: stat, access, chdir, an {@code O_PATH} open. */
    STAT,
    /** Opened as a directory, to list it. */
    LIST,
    /** Read as a symbolic link (readlink). */
    LINK
}
