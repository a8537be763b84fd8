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
