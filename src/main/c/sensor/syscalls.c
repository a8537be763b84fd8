/*
 * System call names (tables generated from the kernel headers at build time) and, by name, what
 * the path-taking calls do with their arguments. Binding specs by name lets one table serve the
 * native and the compat (i386 on x86_64) numbering.
 */
#include "sensor.h"

#include <linux/audit.h>
#include <string.h>

#include "syscalls_native.h"
#if defined(__x86_64__)
#include "syscalls_compat.h"
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_X86_64
#define COMPAT_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "slimline-sensor supports x86_64 and aarch64"
#endif

#define NONE {-1, -1, 0}
#define CWD(path, kind) {-1, path, kind}
#define AT(dirfd, path, kind) {dirfd, path, kind}

static const struct path_spec specs[] = {
    {"open", OP_OPEN, 1, {CWD(0, K_READ), NONE}},
    {"openat", OP_OPEN, 2, {AT(0, 1, K_READ), NONE}},
    {"openat2", OP_OPENAT2, 2, {AT(0, 1, K_READ), NONE}},
    {"creat", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"uselib", OP_PLAIN, -1, {CWD(0, K_READ), NONE}},
    {"execve", OP_PLAIN, -1, {CWD(0, K_EXEC), NONE}},
    {"execveat", OP_PLAIN, -1, {AT(0, 1, K_EXEC), NONE}},

    {"stat", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"lstat", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"oldstat", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"oldlstat", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"stat64", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"lstat64", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"newfstatat", OP_PLAIN, -1, {AT(0, 1, K_STAT), NONE}},
    {"fstatat64", OP_PLAIN, -1, {AT(0, 1, K_STAT), NONE}},
    {"statx", OP_PLAIN, -1, {AT(0, 1, K_STAT), NONE}},
    {"statfs", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"statfs64", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"access", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"faccessat", OP_PLAIN, -1, {AT(0, 1, K_STAT), NONE}},
    {"faccessat2", OP_PLAIN, -1, {AT(0, 1, K_STAT), NONE}},
    {"chdir", OP_CHDIR, -1, {CWD(0, K_STAT), NONE}},
    {"fchdir", OP_FCHDIR, -1, {NONE, NONE}},

    {"setuid", OP_CREDS, -1, {NONE, NONE}},
    {"setgid", OP_CREDS, -1, {NONE, NONE}},
    {"setreuid", OP_CREDS, -1, {NONE, NONE}},
    {"setregid", OP_CREDS, -1, {NONE, NONE}},
    {"setresuid", OP_CREDS, -1, {NONE, NONE}},
    {"setresgid", OP_CREDS, -1, {NONE, NONE}},
    {"setfsuid", OP_CREDS, -1, {NONE, NONE}},
    {"setfsgid", OP_CREDS, -1, {NONE, NONE}},
    {"chroot", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"getxattr", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"lgetxattr", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"listxattr", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"llistxattr", OP_PLAIN, -1, {CWD(0, K_STAT), NONE}},
    {"getxattrat", OP_PLAIN, -1, {AT(0, 1, K_STAT), NONE}},
    {"listxattrat", OP_PLAIN, -1, {AT(0, 1, K_STAT), NONE}},
    {"inotify_add_watch", OP_PLAIN, -1, {CWD(1, K_STAT), NONE}},
    {"fanotify_mark", OP_PLAIN, -1, {AT(3, 4, K_STAT), NONE}},
    {"name_to_handle_at", OP_PLAIN, -1, {AT(0, 1, K_STAT), NONE}},
    {"open_tree", OP_PLAIN, -1, {AT(0, 1, K_STAT), NONE}},

    {"readlink", OP_PLAIN, -1, {CWD(0, K_LINK), NONE}},
    {"readlinkat", OP_PLAIN, -1, {AT(0, 1, K_LINK), NONE}},

    {"mkdir", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"mkdirat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"mknod", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"mknodat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"rmdir", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"unlink", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"unlinkat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"rename", OP_PLAIN, -1, {CWD(0, K_WRITE), CWD(1, K_WRITE)}},
    {"renameat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), AT(2, 3, K_WRITE)}},
    {"renameat2", OP_PLAIN, -1, {AT(0, 1, K_WRITE), AT(2, 3, K_WRITE)}},
    /* A hard link needs its source to exist: that is a stat of it. */
    {"link", OP_PLAIN, -1, {CWD(0, K_STAT), CWD(1, K_WRITE)}},
    {"linkat", OP_PLAIN, -1, {AT(0, 1, K_STAT), AT(2, 3, K_WRITE)}},
    /* A symlink's target is only its content, not a path the call looks up. */
    {"symlink", OP_PLAIN, -1, {CWD(1, K_WRITE), NONE}},
    {"symlinkat", OP_PLAIN, -1, {AT(1, 2, K_WRITE), NONE}},
    {"chmod", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"fchmodat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"fchmodat2", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"chown", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"lchown", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"chown32", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"lchown32", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"fchownat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"truncate", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"truncate64", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"utime", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"utimes", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"futimesat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"utimensat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"utimensat_time64", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"setxattr", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"lsetxattr", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"removexattr", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"lremovexattr", OP_PLAIN, -1, {CWD(0, K_WRITE), NONE}},
    {"setxattrat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},
    {"removexattrat", OP_PLAIN, -1, {AT(0, 1, K_WRITE), NONE}},

    /* No path, but they end what a descriptor names: the tracer's record of it goes too. */
    {"close", OP_CLOSE, -1, {NONE, NONE}},
    {"close_range", OP_CLOSE_RANGE, -1, {NONE, NONE}},
    {"dup2", OP_DUP_TO, 1, {NONE, NONE}},
    {"dup3", OP_DUP_TO, 1, {NONE, NONE}},
};

/*
 * FAST mode's calls that pass without a stop. Chosen from measurements (the sensor's own counts
 * under wrk): what the node test app and busybox httpd make per request, plus the families every
 * runtime makes on its hot path. None names a path or changes identity, namespaces, mounts or
 * privileges, so everything that matters for the keep set or for security still stops. close and
 * dup2 are among them because a file server makes five a request; the tracer then keeps no
 * descriptor paths (trace.c). A stat of a descriptor passes too (nginx makes one a request).
 */
static const char *const unobserved_names[] = {
    "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2",
    "sendfile", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
    "accept", "accept4", "shutdown", "setsockopt", "getsockopt",
    "epoll_wait", "epoll_pwait", "epoll_pwait2", "epoll_ctl", "poll", "ppoll", "select", "pselect6",
    "futex", "clock_gettime", "clock_nanosleep", "nanosleep", "gettimeofday", "time", "sched_yield",
    "getpid", "gettid", "lseek", "fstat", "close", "dup", "dup2", "dup3",
    "mmap", "munmap", "mprotect", "madvise", "brk",
    "rt_sigprocmask", "rt_sigaction", "alarm", "set_robust_list", "exit", "exit_group",
    "clone", /* only without new namespaces or CLONE_UNTRACED (main.c); its fork event still stops */
    "newfstatat", "statx", /* only with AT_EMPTY_PATH (main.c): fstat of a descriptor, no path */
};

#define TABLE_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct arch_table {
    uint32_t audit_arch;
    const char *const *names;
    size_t count;
    const struct path_spec **specs; /* by number, bound at start-up */
    uint64_t execve_nr;
};

static const struct path_spec *native_specs[TABLE_SIZE(native_names)];
#ifdef COMPAT_AUDIT_ARCH
static const struct path_spec *compat_specs[TABLE_SIZE(compat_names)];
#endif

static struct arch_table arches[ARCH_COUNT] = {
    {NATIVE_AUDIT_ARCH, native_names, TABLE_SIZE(native_names), native_specs, UINT64_MAX},
#ifdef COMPAT_AUDIT_ARCH
    {COMPAT_AUDIT_ARCH, compat_names, TABLE_SIZE(compat_names), compat_specs, UINT64_MAX},
#else
    {0, NULL, 0, NULL, UINT64_MAX},
#endif
};

static const char *unobserved_known[TABLE_SIZE(unobserved_names)];
static uint64_t unobserved_numbers[TABLE_SIZE(unobserved_names)];
static size_t unobserved_count;

static void bind_unobserved(void) {
    const struct arch_table *t = &arches[ARCH_NATIVE];
    unobserved_count = 0;
    for (size_t u = 0; u < TABLE_SIZE(unobserved_names); u++) {
        for (size_t nr = 0; nr < t->count; nr++) {
            if (t->names[nr] != NULL && strcmp(t->names[nr], unobserved_names[u]) == 0) {
                unobserved_known[unobserved_count] = unobserved_names[u];
                unobserved_numbers[unobserved_count] = nr;
                unobserved_count++;
                break;
            }
        }
    }
}

void syscalls_init(void) {
    for (int a = 0; a < ARCH_COUNT; a++) {
        struct arch_table *t = &arches[a];
        for (size_t nr = 0; nr < t->count; nr++) {
            if (t->names[nr] == NULL) {
                continue;
            }
            if (strcmp(t->names[nr], "execve") == 0) {
                t->execve_nr = nr;
            }
            for (size_t s = 0; s < TABLE_SIZE(specs); s++) {
                if (strcmp(t->names[nr], specs[s].name) == 0) {
                    t->specs[nr] = &specs[s];
                    break;
                }
            }
        }
    }
    bind_unobserved();
}

int syscalls_arch(uint32_t audit_arch) {
    for (int a = 0; a < ARCH_COUNT; a++) {
        if (arches[a].names != NULL && arches[a].audit_arch == audit_arch) {
            return a;
        }
    }
    return -1;
}

const char *syscalls_name(int arch, uint64_t nr) {
    if (arch < 0 || nr >= arches[arch].count) {
        return NULL;
    }
    return arches[arch].names[nr];
}

const struct path_spec *syscalls_spec(int arch, uint64_t nr) {
    if (arch < 0 || nr >= arches[arch].count) {
        return NULL;
    }
    return arches[arch].specs[nr];
}

int syscalls_is_execve(int arch, uint64_t nr) {
    return arch >= 0 && nr == arches[arch].execve_nr;
}

uint64_t syscalls_native_number(const char *name) {
    const struct arch_table *t = &arches[ARCH_NATIVE];
    for (size_t nr = 0; nr < t->count; nr++) {
        if (t->names[nr] != NULL && strcmp(t->names[nr], name) == 0) {
            return nr;
        }
    }
    return UINT64_MAX;
}

size_t syscalls_unobserved(const char *const **names, const uint64_t **numbers) {
    *names = unobserved_known;
    *numbers = unobserved_numbers;
    return unobserved_count;
}
