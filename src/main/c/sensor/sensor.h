/*
 * slimline-sensor: runs an application as its traced child and records which system calls it
 * makes and which paths it names, then writes a JSON report (see report.c for the schema).
 */
#ifndef SLIMLINE_SENSOR_H
#define SLIMLINE_SENSOR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "log.h"

#define SENSOR_VERSION "0.1.0"

/* Longest path recorded, in bytes without the NUL: the kernel's PATH_MAX less its NUL. */
#define PATH_CAP 4095

enum access_kind { K_READ, K_WRITE, K_EXEC, K_STAT, K_LIST, K_LINK, K_COUNT };

#define KIND_BIT(k) (1u << (k))

/* Parts of the report that hit a limit; each is named in "truncatedParts". */
enum truncation {
    TRUNC_FILES = 1 << 0,
    TRUNC_PROCESSES = 1 << 1,
    TRUNC_PATHS = 1 << 2,
    TRUNC_ARGV = 1 << 3,
    TRUNC_SYSCALLS = 1 << 4,
};

/* ---- store.c: what has been observed ---- */

/* Distinct (kind, errno) pairs of failed calls kept per path; later ones go unlisted. */
#define FILE_ERRORS 8

struct file_rec {
    unsigned ok;     /* KIND_BITs that succeeded */
    unsigned failed; /* KIND_BITs that failed */
    uint16_t errors[FILE_ERRORS]; /* kind << 8 | errno of failed calls, 0 for an empty slot */
    size_t len;
    char path[];
};

struct process_rec {
    pid_t pid;
    pid_t ppid;
    char *exe;      /* NULL when unknown */
    char *cwd;      /* NULL when unknown */
    char *argv;     /* NUL-separated */
    size_t argv_len;
};

void store_init(size_t max_files, size_t max_processes);
/* The record for an absolute, normalised path, added when new; NULL when the cap is reached. */
struct file_rec *store_file(const char *path, size_t len);
/* A call on the path failed with err (an errno value) for these kinds of access. */
void store_failure(struct file_rec *rec, unsigned kinds, int err);
void store_syscall(int arch, uint64_t nr);
void store_process(pid_t pid, pid_t ppid, char *exe, char *cwd, char *argv, size_t argv_len);
void store_truncated(enum truncation part);
/* A path the sensor could not read or make absolute. */
void store_unresolved(void);

/* Read access for the report writer. */
struct file_rec **store_files(size_t *count);
struct process_rec *store_processes(size_t *count);
unsigned store_truncations(void);
uint64_t store_unresolved_count(void);
/* Calls fn for every (arch, number) seen, with its count. */
void store_each_syscall(void (*fn)(int arch, uint64_t nr, uint64_t count, void *ctx), void *ctx);

/* ---- syscalls.c: names and what path-taking calls mean ---- */

enum path_op {
    OP_PLAIN,
    OP_OPEN,    /* the kind depends on the open flags */
    OP_OPENAT2, /* the same, from struct open_how */
    OP_CHDIR,   /* also moves the working directory */
    OP_FCHDIR,  /* moves the working directory to a directory fd; names no path */
    OP_CREDS,   /* changes the user or group ids, which makes the process undumpable; names no path */
    OP_CLOSE,   /* closes the descriptor in argument 0; names no path */
    OP_DUP_TO,  /* makes the descriptor in argument "flags" a copy of another; names no path */
    OP_CLOSE_RANGE, /* closes the descriptors from argument 0 to argument 1; names no path */
};

struct path_arg {
    int8_t dirfd; /* argument holding the directory fd, -1 for the working directory */
    int8_t path;  /* argument holding the path pointer, -1 for none */
    uint8_t kind;
};

struct path_spec {
    const char *name;
    uint8_t op;
    int8_t flags; /* OP_OPEN: argument with the open flags; OP_OPENAT2: argument with struct open_how */
    struct path_arg args[2];
};

/* Architectures the sensor can name system calls for; index into arch tables. */
enum { ARCH_NATIVE, ARCH_COMPAT, ARCH_COUNT };

void syscalls_init(void);
/* The arch index for an AUDIT_ARCH_* value, -1 when unknown. */
int syscalls_arch(uint32_t audit_arch);
/* The name of a system call, or NULL when this build has no name for it. */
const char *syscalls_name(int arch, uint64_t nr);
/* What a call does with paths, or NULL when it names none. */
const struct path_spec *syscalls_spec(int arch, uint64_t nr);
int syscalls_is_execve(int arch, uint64_t nr);
/*
 * The path-less hot calls FAST mode lets through without a stop, on the native architecture:
 * sets *names and *numbers to parallel arrays (those this kernel's headers know) and returns
 * their length.
 */
size_t syscalls_unobserved(const char *const **names, const uint64_t **numbers);
/* The native number of a call, UINT64_MAX when this build has no such call. */
uint64_t syscalls_native_number(const char *name);

/* ---- paths.c: reading the tracee and making paths absolute ---- */

/*
 * Copies a NUL-terminated string from the tracee into buf (cap bytes including the NUL), through
 * mem when it is an open /proc/<pid>/mem of the tracee's process.
 * Returns its length, -1 when the address is bad, -2 when it does not fit, -3 when the tracee's
 * memory is closed to the sensor.
 */
ssize_t tracee_string(pid_t tid, int mem, uint64_t addr, char *buf, size_t cap);
/* Copies len bytes from the tracee; 0 on success, else as tracee_string. */
int tracee_read(pid_t tid, int mem, uint64_t addr, void *buf, size_t len);
/*
 * Opens the tracee's /proc/<tid>/mem for the reads above (their mem; -1 means none, and they
 * fall back to process_vm_readv, then PTRACE_PEEKDATA). Returns the descriptor, or -1 when the
 * tracee's memory is closed to the sensor (it is not dumpable) or it is gone.
 */
int tracee_open_memory(pid_t tid);
/*
 * Makes path absolute against base (an absolute directory; NULL when unknown, which only an
 * absolute path survives) and normalises it lexically. Writes at most PATH_CAP bytes and a NUL to
 * out (PATH_CAP + 1 bytes). Returns the length, -1 when the base directory is needed but unknown,
 * -2 when the result is too long.
 */
ssize_t resolve_path(const char *base, const char *path, char *out);
/* readlink of /proc/<pid>/<what> into a new string; NULL when it fails. */
char *proc_link(pid_t pid, const char *what);
/* The contents of /proc/<pid>/<what>, at most cap bytes, in a new buffer; NULL when it fails. */
char *proc_read(pid_t pid, const char *what, size_t cap, size_t *len, int *truncated);

/* ---- trace.c: the tracer ---- */

enum trace_mode { MODE_SECCOMP, MODE_SYSCALL };

/*
 * EXACT: every call stops the app and is counted. FAST: the calls of syscalls_unobserved() pass
 * without a stop (seccomp mode only), and a call whose outcome can add nothing to what is known
 * is not followed to its exit.
 */
enum trace_filter { FILTER_EXACT, FILTER_FAST };

struct app_status {
    int exited;      /* the app's process has ended */
    int exit_code;   /* as the sensor exits: the app's code, or 128 + signal */
    int signal;      /* the signal that killed it, 0 for none */
};

/* Follows the seized app and its descendants until the app's process ends. */
void trace_run(pid_t app, enum trace_mode mode, enum trace_filter filter, struct app_status *status);

/* ---- report.c ---- */

struct report_meta {
    char *const *argv;
    int argc;
    const struct app_status *status;
    int stopped_by_sigterm;
    int grace_expired;
    const char *start_error;
    enum trace_mode mode;
    const char *const *unobserved; /* the calls let through without a stop */
    size_t unobserved_count;
};

/* Writes the report atomically (temp file beside it, then rename); 0 on success. */
int report_write(const char *path, const struct report_meta *meta);

#endif
