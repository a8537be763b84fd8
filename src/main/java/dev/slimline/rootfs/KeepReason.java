package dev.slimline.rootfs;

/** Why a path is in the slim image; the report groups kept paths by it. */
public enum KeepReason {
    /** The application was seen using it (any successful access, or a process's executable or cwd). */
    OBSERVED,
    /**
     * A call of the application's failed with an error that only an existing path gives (mkdir's
     * {@code EEXIST}, {@code EACCES}, {@code ELOOP}, ...): without the path the call would fail
     * differently, or not at all. The cause names the kind of access and the error.
     */
    FAILED_ON_EXISTING,
    /**
     * The deepest directory of the image above a path the application used that the image lacks:
     * it created the path there (a pid file, nginx's temp directories), which fails without the
     * directory, or the runtime mounts it there ({@code /dev/null}). The cause is that path.
     */
    CREATED_IN,
    /** A symlink followed on the way to a kept path. */
    SYMLINK,
    /** The program interpreter ({@code PT_INTERP}) of a kept ELF file. */
    ELF_INTERPRETER,
    /** The interpreter a kept script's {@code #!} line names: the kernel runs it without a system call of its own. */
    SCRIPT_INTERPRETER,
    /** A library ({@code DT_NEEDED}) of a kept ELF file, as the loader would find it in the image. */
    ELF_NEEDED,
    /** The file a kept hard link shares its content with. */
    HARDLINK_TARGET,
    /** A directory above a kept path. */
    PARENT,
    /** The image's working directory, a declared volume, or {@code /tmp}. */
    IMAGE_CONFIG,
    /** Accounts, name service and loader files: {@code /etc/passwd}, {@code /etc/group}, ... */
    SYSTEM_FILE,
    /** Matched one of the job's include patterns. */
    INCLUDE_PATH,
    /** One of the job's included binaries. */
    INCLUDE_BINARY,
    /** The job asked for a shell. */
    SHELL,
    /** The job asked for the image's CA certificates. */
    CA_CERTIFICATES
}
