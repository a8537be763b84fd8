/* Reading strings out of a tracee, and turning the paths it names into absolute ones. */
#define _GNU_SOURCE
#include "sensor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE 4096
/* Word by word, most paths are short: read this much at a time rather than to the end of the page. */
#define STRING_CHUNK 512

static int vm_readv_missing; /* the kernel (or a seccomp filter) refused process_vm_readv outright */

/* Word-by-word fallback for tracees process_vm_readv may not read (another uid, no CAP_SYS_PTRACE). */
static int peek(pid_t tid, uint64_t addr, void *buf, size_t len) {
    unsigned char *out = buf;
    uint64_t start = addr & ~(uint64_t)(sizeof(long) - 1);
    for (uint64_t word_addr = start; word_addr < addr + len; word_addr += sizeof(long)) {
        errno = 0;
        long word = ptrace(PTRACE_PEEKDATA, tid, (void *)(uintptr_t)word_addr, NULL);
        if (errno != 0) {
            return -1;
        }
        const unsigned char *bytes = (const unsigned char *)&word;
        for (size_t i = 0; i < sizeof(long); i++) {
            uint64_t at = word_addr + i;
            if (at >= addr && at < addr + len) {
                out[at - addr] = bytes[i];
            }
        }
    }
    return 0;
}

/* The string word by word with PTRACE_PEEKDATA; returns as tracee_string, with failed when a word cannot be read. */
static ssize_t peek_string(pid_t tid, uint64_t addr, char *buf, size_t cap, int failed) {
    size_t got = 0;
    while (got < cap) {
        uint64_t at = addr + got;
        /* Never cross a page in one read: the next page may be unmapped. */
        size_t chunk = PAGE - (at % PAGE);
        if (chunk > STRING_CHUNK) {
            chunk = STRING_CHUNK;
        }
        if (chunk > cap - got) {
            chunk = cap - got;
        }
        if (peek(tid, at, buf + got, chunk) != 0) {
            return failed;
        }
        char *nul = memchr(buf + got, '\0', chunk);
        if (nul != NULL) {
            return nul - buf;
        }
        got += chunk;
    }
    return -2;
}

/*
 * The tracee's memory as a file. Docker's default seccomp profile refuses process_vm_readv to a
 * container without CAP_SYS_PTRACE (EPERM, whoever the target is), which left PTRACE_PEEKDATA, a
 * ptrace call per 8 bytes and most of a stop's time; a pread of /proc/<pid>/mem reads a whole
 * path in one call. The kernel checks access when the file is opened, with the file-system ids:
 * a process that dropped root (nginx's workers as www-data) passes only for a caller with its
 * very ids, so the sensor opens it with that process's ids as its file-system ids for that one
 * call (they change nothing else and are put back at once).
 */
static int uniform_ids(pid_t tid, uid_t *uid, gid_t *gid) {
    size_t len;
    int truncated;
    char *status = proc_read(tid, "status", 4096, &len, &truncated);
    if (status == NULL) {
        return -1;
    }
    status[len] = '\0';
    unsigned u[4];
    unsigned g[4];
    const char *uid_line = strstr(status, "\nUid:");
    const char *gid_line = strstr(status, "\nGid:");
    int ok = uid_line != NULL && gid_line != NULL
            && sscanf(uid_line, "\nUid: %u %u %u %u", &u[0], &u[1], &u[2], &u[3]) == 4
            && sscanf(gid_line, "\nGid: %u %u %u %u", &g[0], &g[1], &g[2], &g[3]) == 4
            && u[0] == u[1] && u[1] == u[2] && g[0] == g[1] && g[1] == g[2];
    free(status);
    if (!ok) {
        return -1;
    }
    *uid = u[0];
    *gid = g[0];
    return 0;
}

int tracee_open_memory(pid_t tid) {
    char name[64];
    snprintf(name, sizeof(name), "/proc/%d/mem", (int)tid);
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    uid_t uid;
    gid_t gid;
    if (fd < 0 && (errno == EPERM || errno == EACCES) && uniform_ids(tid, &uid, &gid) == 0) {
        /* group first: the file-system uid it leaves behind decides whether the gid may change */
        gid_t old_gid = (gid_t)setfsgid(gid);
        uid_t old_uid = (uid_t)setfsuid(uid);
        fd = open(name, O_RDONLY | O_CLOEXEC);
        setfsuid(old_uid);
        setfsgid(old_gid);
    }
    return fd;
}

/* Bytes read from the memory file, or -1 (EIO: the first byte is not mapped). */
static ssize_t mem_read(int mem, uint64_t addr, void *buf, size_t len) {
    ssize_t n;
    do {
        n = pread(mem, buf, len, (off_t)addr);
    } while (n < 0 && errno == EINTR);
    return n;
}

#define VM_UNMAPPED (-1) /* the address is not mapped */
#define VM_CLOSED (-3)   /* this tracee's memory is closed to process_vm_readv (EPERM); ptrace may still read it */
#define VM_UNUSABLE (-5) /* no answer from process_vm_readv: the call is missing, or failed otherwise */

/*
 * One process_vm_readv into buf, its failures told apart in one place for both readers: the bytes
 * read, or VM_UNMAPPED, VM_CLOSED or VM_UNUSABLE. A kernel (or seccomp filter) without the call
 * (ENOSYS) turns it off for good.
 */
static ssize_t vm_read(pid_t tid, void *buf, size_t len, const struct iovec *remote, unsigned long pieces) {
    if (vm_readv_missing) {
        return VM_UNUSABLE;
    }
    struct iovec local = {buf, len};
    ssize_t n = process_vm_readv(tid, &local, 1, remote, pieces, 0);
    if (n >= 0) {
        return n;
    }
    if (errno == EFAULT) {
        return VM_UNMAPPED;
    }
    if (errno == EPERM) {
        return VM_CLOSED;
    }
    if (errno == ENOSYS) {
        vm_readv_missing = 1;
    }
    return VM_UNUSABLE;
}

/* 0 on success, -1 when the address is not mapped, -3 when the tracee's memory is closed to us. */
int tracee_read(pid_t tid, int mem, uint64_t addr, void *buf, size_t len) {
    if (mem >= 0) {
        ssize_t n = mem_read(mem, addr, buf, len);
        if (n == (ssize_t)len) {
            return 0;
        }
        if (n >= 0 || errno == EIO) {
            return -1; /* it runs into an unmapped page */
        }
    }
    struct iovec remote = {(void *)(uintptr_t)addr, len};
    ssize_t n = vm_read(tid, buf, len, &remote, 1);
    if (n == (ssize_t)len) {
        return 0;
    }
    if (n == VM_UNMAPPED) {
        return -1;
    }
    if (n == VM_CLOSED) {
        return peek(tid, addr, buf, len) == 0 ? 0 : -3;
    }
    return peek(tid, addr, buf, len);
}

/* The string from the memory file: a short first read (most paths are short), then the rest. */
static ssize_t mem_string(int mem, uint64_t addr, char *buf, size_t cap) {
    size_t got = 0;
    size_t want = STRING_CHUNK - (addr % STRING_CHUNK); /* never past a page in the first read */
    while (got < cap) {
        if (want > cap - got) {
            want = cap - got;
        }
        ssize_t n = mem_read(mem, addr + got, buf + got, want);
        if (n <= 0) {
            return got == 0 && n < 0 && errno != EIO ? -4 : -1; /* -4: the file failed, not the address */
        }
        char *nul = memchr(buf + got, '\0', n);
        if (nul != NULL) {
            return nul - buf;
        }
        got += n;
        if ((size_t)n < want) {
            return -1; /* it runs into an unmapped page */
        }
        want = cap - got;
    }
    return -2;
}

/*
 * From the memory file when there is one; else one process_vm_readv for the whole string: the
 * rest of its first page and, as a second piece, the page after it. The kernel copies piece by
 * piece and stops at the first unmapped one, so an unmapped second page costs nothing but the
 * bytes it would have given.
 */
ssize_t tracee_string(pid_t tid, int mem, uint64_t addr, char *buf, size_t cap) {
    if (addr == 0) {
        return -1;
    }
    if (mem >= 0) {
        ssize_t n = mem_string(mem, addr, buf, cap);
        if (n != -4) {
            return n;
        }
    }
    size_t first = PAGE - (addr % PAGE);
    if (first > cap) {
        first = cap;
    }
    struct iovec remote[2] = {{(void *)(uintptr_t)addr, first}, {(void *)(uintptr_t)(addr + first), cap - first}};
    ssize_t n = vm_read(tid, buf, cap, remote, cap > first ? 2 : 1);
    if (n > 0) {
        char *nul = memchr(buf, '\0', n);
        if (nul != NULL) {
            return nul - buf;
        }
        return (size_t)n == cap ? -2 : -1; /* too long, or it runs into an unmapped page */
    }
    if (n == VM_UNMAPPED) {
        return -1;
    }
    /* where ptrace cannot read it either: closed to us, or merely unmapped */
    return peek_string(tid, addr, buf, cap, n == VM_CLOSED ? -3 : -1);
}

char *proc_link(pid_t pid, const char *what) {
    char link[64];
    char target[PATH_CAP + 1];
    snprintf(link, sizeof(link), "/proc/%d/%s", (int)pid, what);
    ssize_t n = readlink(link, target, sizeof(target));
    if (n <= 0 || n >= (ssize_t)sizeof(target)) {
        return NULL;
    }
    return strndup(target, n);
}

char *proc_read(pid_t pid, const char *what, size_t cap, size_t *len, int *truncated) {
    char name[64];
    snprintf(name, sizeof(name), "/proc/%d/%s", (int)pid, what);
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return NULL;
    }
    char *buf = malloc(cap + 1);
    size_t got = 0;
    *truncated = 0;
    while (buf != NULL) {
        ssize_t n = read(fd, buf + got, cap + 1 - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            free(buf);
            buf = NULL;
            break;
        }
        got += n;
        if (n == 0 || got == cap + 1) {
            break;
        }
    }
    close(fd);
    if (buf != NULL) {
        if (got > cap) {
            got = cap;
            *truncated = 1;
        }
        *len = got;
    }
    return buf;
}

/*
 * Appends the components of path to out (holding len bytes of an absolute, normalised path):
 * "." and empty components vanish, ".." drops the last component but never climbs above "/".
 * Lexical only: symbolic links are not followed. Returns the new length, -2 when too long.
 */
static ssize_t append_normalised(char *out, size_t len, const char *path) {
    const char *p = path;
    while (*p != '\0') {
        while (*p == '/') {
            p++;
        }
        const char *end = p;
        while (*end != '\0' && *end != '/') {
            end++;
        }
        size_t n = end - p;
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing to add */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/') {
                len--;
            }
            if (len > 1) {
                len--; /* the slash before the dropped component, unless it is the root */
            }
        } else {
            size_t need = (len > 1 ? 1 : 0) + n;
            if (len + need > PATH_CAP) {
                return -2;
            }
            if (len > 1) {
                out[len++] = '/';
            }
            memcpy(out + len, p, n);
            len += n;
        }
        p = end;
    }
    out[len] = '\0';
    return len;
}

ssize_t resolve_path(const char *base, const char *path, char *out) {
    out[0] = '/';
    out[1] = '\0';
    size_t len = 1;
    if (path[0] != '/') {
        if (base == NULL || base[0] != '/') {
            return -1; /* gone, not ours to read, or not a directory (a pipe, a socket) */
        }
        ssize_t n = append_normalised(out, len, base);
        if (n < 0) {
            return n;
        }
        len = n;
    }
    return append_normalised(out, len, path);
}
