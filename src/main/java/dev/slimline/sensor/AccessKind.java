package dev.slimline.sensor;

import java.util.Optional;

/** How a path was used, as the sensor classifies the system call that named it. */
public enum AccessKind {
    /** Opened for reading. */
    READ("read"),
    /** Opened for writing, created, removed, renamed, or its metadata changed. */
    WRITE("write"),
    /** Executed. */
    EXEC("exec"),
    /** Looked up without reading it: stat, access, chdir, xattrs, an {@code O_PATH} open. */
    STAT("stat"),
    /** Opened as a directory. */
    LIST("list"),
    /** Read as a symbolic link (readlink). */
    LINK("link");

    private final String reportName;

    AccessKind(String reportName) {
        this.reportName = reportName;
    }

    /** The name the sensor report uses. */
    public String reportName() {
        return reportName;
    }

    static Optional<AccessKind> fromReportName(String name) {
        for (AccessKind kind : values()) {
            if (kind.reportName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
