/*
 * The tracer loop. Every tracee (thread or process) is seized, directly or by the kernel when a
 * tracee forks, vforks or clones. System calls are seen in one of two ways:
 *
 *  - MODE_SECCOMP: the app runs under a seccomp filter that answers SECCOMP_RET_TRACE for every
 *    call, so each call stops once (PTRACE_EVENT_SECCOMP) and is counted there; only the calls
 *    that name paths are also followed to their exit stop, to learn whether they succeeded.
 *  - MODE_SYSCALL: classic PTRACE_SYSCALL, an entry and an exit stop for every call.
 *
 * In seccomp mode with FILTER_FAST, the filter lets a short list of path-less hot calls through
 * without any stop (syscalls.c), and a path call is not followed to its exit when its path's
 * record already holds what the exit could add. In both filters the stops read no /proc file on
 * the hot path: working directories (and, in EXACT, descriptor paths) are kept by the tracer, new
 * tracees are known from their creator's fork or clone event, and only a miss asks /proc.
 *
 * PTRACE_GET_SYSCALL_INFO gives the architecture, number, arguments and result of each stop.
 *
 * A process that changes its user or group ids becomes undumpable, and a tracer without
 * CAP_SYS_PTRACE (we run with Docker's default capabilities) may then no longer read its memory,
 * so the paths it names would be lost: a web server's workers serving files after dropping root,
 * or the exec at the end of gosu. After each successful set*id call, and after an exec that left
 * the process undumpable (its real and effective ids differ), the sensor therefore turns the
 * tracee's next system call into prctl(PR_SET_DUMPABLE, 1) and, when that returns, rewinds the
 * tracee to make the original call again, now readable. The only effect on the app is that it
 * stays dumpable.
 */
#define _GNU_SOURCE
#include "sensor.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

/* Kernel-internal results a syscall-exit stop can show for a call that will be restarted. */
#define ERESTARTSYS 512
#define ERESTART_RESTARTBLOCK 516

struct pending {
    struct file_rec *rec;
    unsigned kinds;
};

/*
 * A thread group, with what the tracer knows of it so that paths resolve without reading /proc
 * on every call: its working directory, followed through chdir and fchdir, and the paths of the
 * descriptors it opened, forgotten when they are closed, replaced by dup2/dup3 or by an exec.
 * A descriptor not known here is looked up in /proc/<tid>/fd. FAST mode lets close and dup2 pass
 * unseen (a file server closes three descriptors a request), so there the descriptor paths are
 * not kept: a path relative to a directory descriptor, which few programs use, asks /proc.
 */
/* struct proc's mem before it is opened, and after it could not be (until something changes that). */
#define MEM_UNOPENED (-1)
#define MEM_CLOSED (-2)

struct proc {
    pid_t tgid;
    int mem;    /* its /proc/<pid>/mem, opened at its first read (paths.c), or MEM_* */
    char *cwd;  /* NULL when unknown */
    char **fds; /* path by descriptor number, NULL when unknown */
    size_t fds_cap;
    struct proc *next;
};

/* Descriptors above this are not remembered (they are looked up in /proc when used as a base). */
#define FD_CACHE_MAX 65536

struct task {
    pid_t tid;
    pid_t tgid;
    int awaiting_exit;   /* a call in progress whose exit stop tells its result */
    int check_directory; /* an open for reading: a directory means "list", not "read" */
    int moves_cwd;       /* a chdir or fchdir in progress */
    char *next_cwd;      /* where it moves to; NULL when unknown */
    int changes_creds;   /* a set*id call in progress */
    int opens_fd;        /* an open in progress: its descriptor's path is remembered */
    enum {
        INJECT_NONE,
        INJECT_WANTED,  /* undumpable: make its next call prctl(PR_SET_DUMPABLE, 1) */
        INJECT_RUNNING, /* the prctl is in the kernel; the original call comes again after it */
    } inject;
    struct user_regs_struct saved_regs; /* the original call's registers */
    struct pending pending[2];
    struct task *next;
};

#define TASK_BUCKETS 4096

static struct task *tasks[TASK_BUCKETS];
static struct proc *procs[TASK_BUCKETS];
static enum trace_mode mode;
static enum trace_filter filter;
static pid_t app_pid;
static int app_started; /* the app's first exec has happened: from here on, calls are the app's */

static struct task *task_find(pid_t tid) {
    for (struct task *t = tasks[tid % TASK_BUCKETS]; t != NULL; t = t->next) {
        if (t->tid == tid) {
            return t;
        }
    }
    return NULL;
}

static struct task *task_add(pid_t tid) {
    struct task *t = xcalloc(1, sizeof(*t));
    t->tid = tid;
    t->next = tasks[tid % TASK_BUCKETS];
    tasks[tid % TASK_BUCKETS] = t;
    return t;
}

static void task_remove(pid_t tid) {
    for (struct task **link = &tasks[tid % TASK_BUCKETS]; *link != NULL; link = &(*link)->next) {
        if ((*link)->tid == tid) {
            struct task *dead = *link;
            *link = dead->next;
            free(dead->next_cwd);
            free(dead);
            return;
        }
    }
}

static void fd_forget_range(struct proc *p, uint64_t first, uint64_t last) {
    for (uint64_t fd = first; fd < p->fds_cap && fd <= last; fd++) {
        free(p->fds[fd]);
        p->fds[fd] = NULL;
    }
}

static struct proc *proc_find(pid_t tgid) {
    for (struct proc *p = procs[tgid % TASK_BUCKETS]; p != NULL; p = p->next) {
        if (p->tgid == tgid) {
            return p;
        }
    }
    return NULL;
}

/* Closes p's memory file: its process ended, or exec gave it another memory. */
static void forget_memory(struct proc *p) {
    if (p->mem >= 0) {
        close(p->mem);
    }
    p->mem = MEM_UNOPENED;
}

/* The descriptor of t's process's memory for paths.c, opened on first use; -1 when there is none. */
static int memory_of(const struct task *t) {
    struct proc *p = proc_find(t->tgid);
    if (p == NULL) {
        return -1;
    }
    if (p->mem == MEM_UNOPENED) {
        int fd = tracee_open_memory(t->tid);
        p->mem = fd >= 0 ? fd : MEM_CLOSED;
    }
    return p->mem >= 0 ? p->mem : -1;
}

static void proc_add(pid_t tgid, char *cwd) {
    struct proc *p = xcalloc(1, sizeof(*p));
    p->tgid = tgid;
    p->mem = MEM_UNOPENED;
    p->cwd = cwd;
    p->next = procs[tgid % TASK_BUCKETS];
    procs[tgid % TASK_BUCKETS] = p;
}

static void proc_remove(pid_t tgid) {
    for (struct proc **link = &procs[tgid % TASK_BUCKETS]; *link != NULL; link = &(*link)->next) {
        if ((*link)->tgid == tgid) {
            struct proc *dead = *link;
            *link = dead->next;
            forget_memory(dead);
            free(dead->cwd);
            fd_forget_range(dead, 0, dead->fds_cap);
            free(dead->fds);
            free(dead);
            return;
        }
    }
}

static const char *known_cwd(const struct task *t) {
    const struct proc *p = proc_find(t->tgid);
    return p == NULL ? NULL : p->cwd;
}

static void fd_remember(pid_t tgid, int64_t fd, const char *path, size_t len) {
    struct proc *p = proc_find(tgid);
    if (filter == FILTER_FAST || p == NULL || fd < 0 || fd >= FD_CACHE_MAX) {
        return;
    }
    if ((size_t)fd >= p->fds_cap) {
        size_t cap = p->fds_cap == 0 ? 64 : p->fds_cap;
        while (cap <= (size_t)fd) {
            cap *= 2;
        }
        char **grown = realloc(p->fds, cap * sizeof(*grown));
        if (grown == NULL) {
            return; /* it is looked up in /proc instead */
        }
        memset(grown + p->fds_cap, 0, (cap - p->fds_cap) * sizeof(*grown));
        p->fds = grown;
        p->fds_cap = cap;
    }
    free(p->fds[fd]);
    p->fds[fd] = strndup(path, len);
}

/* The directory a relative path of t starts from; *owned is set when the caller must free it. */
static const char *base_directory(const struct task *t, int dirfd, char **owned) {
    const struct proc *p = proc_find(t->tgid);
    *owned = NULL;
    if (dirfd == AT_FDCWD && p != NULL && p->cwd != NULL) {
        return p->cwd;
    }
    if (dirfd >= 0 && p != NULL && (size_t)dirfd < p->fds_cap && p->fds[dirfd] != NULL) {
        return p->fds[dirfd];
    }
    char what[32];
    if (dirfd == AT_FDCWD) {
        snprintf(what, sizeof(what), "cwd");
    } else {
        snprintf(what, sizeof(what), "fd/%d", dirfd);
    }
    *owned = proc_link(t->tid, what);
    return *owned;
}

static int get_regs(pid_t tid, struct user_regs_struct *regs) {
    struct iovec io = {regs, sizeof(*regs)};
    return (int)ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &io);
}

static int set_regs(pid_t tid, struct user_regs_struct *regs) {
    struct iovec io = {regs, sizeof(*regs)};
    return (int)ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &io);
}

/* Reads "Tgid:" and "PPid:" from /proc/<tid>/status, which stays readable whoever the task runs as. */
static void task_ids(pid_t tid, pid_t *tgid, pid_t *ppid) {
    size_t len;
    int truncated;
    char *status = proc_read(tid, "status", 8192, &len, &truncated);
    *tgid = tid;
    *ppid = 0;
    if (status == NULL) {
        return;
    }
    status[len] = '\0';
    for (char *line = status; line != NULL && *line != '\0';) {
        int value;
        if (sscanf(line, "Tgid: %d", &value) == 1) {
            *tgid = value;
        } else if (sscanf(line, "PPid: %d", &value) == 1) {
            *ppid = value;
        }
        line = strchr(line, '\n');
        if (line != NULL) {
            line++;
        }
    }
    free(status);
}

/* A new tracee of thread group tgid, whose creator belongs to parent_tgid: a new process starts in its parent's directory. */
static struct task *task_created(pid_t tid, pid_t tgid, pid_t parent_tgid) {
    struct task *t = task_add(tid);
    t->tgid = tgid;
    if (proc_find(tgid) == NULL) {
        const struct proc *parent = proc_find(parent_tgid);
        proc_add(tgid, parent != NULL && parent->cwd != NULL ? strdup(parent->cwd) : NULL);
    }
    return t;
}

/* A tracee that stopped before its creator's fork, vfork or clone event told who it is: asks /proc. */
static struct task *task_adopt(pid_t tid) {
    pid_t tgid;
    pid_t ppid;
    task_ids(tid, &tgid, &ppid);
    return task_created(tid, tgid, ppid);
}

/* At a clone event of t: 1 when the new task is a thread of t's group, 0 when a process, -1 when unknown. */
static int clone_makes_thread(const struct task *t) {
    struct user_regs_struct regs;
    if (get_regs(t->tid, &regs) != 0) {
        return -1;
    }
#if defined(__x86_64__)
    uint64_t nr = regs.orig_rax;
    uint64_t arg0 = regs.rdi;
#else
    uint64_t nr = regs.regs[8];
    uint64_t arg0 = regs.regs[0];
#endif
    uint64_t flags;
    if (nr == SYS_clone) {
        flags = arg0;
    } else if (nr == SYS_clone3) {
        if (tracee_read(t->tid, memory_of(t), arg0, &flags, sizeof(flags)) != 0) { /* clone_args starts with flags */
            return -1;
        }
    } else {
        return -1;
    }
    return (flags & CLONE_THREAD) != 0;
}

/* A fork, vfork or clone event of t: the new tracee is known from here on, without /proc. */
static void creation_event(const struct task *t, int event) {
    unsigned long child = 0;
    if (ptrace(PTRACE_GETEVENTMSG, t->tid, NULL, &child) != 0 || child == 0 || task_find((pid_t)child) != NULL) {
        return; /* gone, or it stopped first and was adopted */
    }
    int thread = event == PTRACE_EVENT_CLONE ? clone_makes_thread(t) : 0;
    if (thread >= 0) {
        task_created((pid_t)child, thread ? t->tgid : (pid_t)child, t->tgid);
    }
}

static void resume(struct task *t, int sig) {
    int follow = mode == MODE_SYSCALL || t->awaiting_exit || t->inject == INJECT_RUNNING;
    int request = follow ? PTRACE_SYSCALL : PTRACE_CONT;
    /* ESRCH: the tracee was killed meanwhile; its exit is reported by waitpid. */
    ptrace(request, t->tid, NULL, (void *)(uintptr_t)sig);
}

/*
 * At the entry (or seccomp) stop of a call: turn it into prctl(PR_SET_DUMPABLE, 1), keeping its
 * registers to make it again afterwards. Returns whether it did.
 */
static int inject_dumpable(struct task *t) {
    if (get_regs(t->tid, &t->saved_regs) != 0) {
        return 0;
    }
    struct user_regs_struct regs = t->saved_regs;
#if defined(__x86_64__)
    regs.orig_rax = SYS_prctl;
    regs.rdi = PR_SET_DUMPABLE;
    regs.rsi = 1;
#else
    int nr = SYS_prctl;
    struct iovec io = {&nr, sizeof(nr)};
    if (ptrace(PTRACE_SETREGSET, t->tid, (void *)NT_ARM_SYSTEM_CALL, &io) != 0) {
        return 0;
    }
    regs.regs[0] = PR_SET_DUMPABLE;
    regs.regs[1] = 1;
#endif
    if (set_regs(t->tid, &regs) != 0) {
        return 0;
    }
    t->inject = INJECT_RUNNING;
    return 1;
}

/* At the injected prctl's exit stop: back to the original call's registers, before its syscall instruction. */
static void replay_original(struct task *t) {
    struct user_regs_struct regs = t->saved_regs;
#if defined(__x86_64__)
    regs.rax = regs.orig_rax; /* the number "syscall" takes */
    regs.rip -= 2;            /* the length of "syscall" */
    set_regs(t->tid, &regs);
#else
    regs.pc -= 4; /* the length of "svc #0"; x8 still holds the number */
    set_regs(t->tid, &regs);
    int none = -1; /* no call to restart on the way out */
    struct iovec io = {&none, sizeof(none)};
    ptrace(PTRACE_SETREGSET, t->tid, (void *)NT_ARM_SYSTEM_CALL, &io);
#endif
    struct proc *p = proc_find(t->tgid);
    if (p != NULL && p->mem == MEM_CLOSED) {
        p->mem = MEM_UNOPENED; /* dumpable now: its memory may open */
    }
    t->inject = INJECT_NONE;
}

/*
 * Records one path argument at the call's entry; its result is added at the exit stop. Leaves
 * the absolute path in absolute (PATH_CAP + 1 bytes) and returns its length, or -1 when there is none.
 */
static ssize_t note_path(struct task *t, int slot, int dirfd, uint64_t addr, unsigned kinds, int in_root,
        char *absolute) {
    char name[PATH_CAP + 1];
    if (addr == 0) {
        return -1; /* utimensat, fanotify_mark: NULL means the fd itself */
    }
    ssize_t n = tracee_string(t->tid, memory_of(t), addr, name, sizeof(name));
    if (n == -2) {
        store_truncated(TRUNC_PATHS);
        return -1;
    }
    if (n == -3) {
        store_unresolved();
        return -1;
    }
    if (n < 0) {
        return -1; /* a bad pointer: the call fails with EFAULT */
    }
    const char *path = name;
    if (n == 0) {
        if (kinds != KIND_BIT(K_EXEC) || dirfd == AT_FDCWD) {
            return -1; /* an empty path names nothing but the fd itself, which was recorded when opened */
        }
        path = "."; /* execveat(fd, "", AT_EMPTY_PATH): the program is the file the fd refers to */
    }
    if (in_root) {
        /* openat2 RESOLVE_IN_ROOT: absolute paths are taken relative to dirfd */
        while (*path == '/') {
            path++;
        }
        if (*path == '\0') {
            path = ".";
        }
    }
    char *owned = NULL;
    const char *base = path[0] == '/' ? NULL : base_directory(t, dirfd, &owned);
    n = resolve_path(base, path, absolute);
    free(owned);
    if (n == -2) {
        store_truncated(TRUNC_PATHS);
        return -1;
    }
    if (n < 0) {
        store_unresolved();
        return -1;
    }
    t->pending[slot].rec = store_file(absolute, n);
    t->pending[slot].kinds = kinds;
    return n;
}

static unsigned open_kinds(uint64_t flags, int *check_directory) {
    *check_directory = 0;
    if (flags & O_PATH) {
        return KIND_BIT(K_STAT);
    }
    if ((flags & O_TMPFILE) == O_TMPFILE) {
        return KIND_BIT(K_WRITE); /* an unnamed file in the directory */
    }
    if (flags & O_DIRECTORY) {
        return KIND_BIT(K_LIST);
    }
    unsigned kinds = 0;
    switch (flags & O_ACCMODE) {
    case O_WRONLY:
        kinds = KIND_BIT(K_WRITE);
        break;
    case O_RDWR:
        kinds = KIND_BIT(K_READ) | KIND_BIT(K_WRITE);
        break;
    default:
        kinds = KIND_BIT(K_READ);
        break;
    }
    if (flags & (O_CREAT | O_TRUNC)) {
        kinds |= KIND_BIT(K_WRITE);
    }
    *check_directory = kinds == KIND_BIT(K_READ);
    return kinds;
}

/*
 * Whether a call's outcome for a path can add nothing to its record: the same kinds of access
 * already succeeded (for an open that may turn out to be a directory, reading or listing it did),
 * or they failed before and the path still does not exist (a server looking for its optional
 * configuration on every request). A path that appears later is followed to the exit again.
 */
static int outcome_known(const struct file_rec *rec, unsigned kinds, int may_be_directory) {
    unsigned succeeded = may_be_directory ? KIND_BIT(K_READ) | KIND_BIT(K_LIST) : kinds;
    if (may_be_directory ? (rec->ok & succeeded) != 0 : (rec->ok & kinds) == kinds) {
        return 1;
    }
    struct stat st;
    return (rec->ok & succeeded) == 0 && (rec->failed & kinds) == kinds && lstat(rec->path, &st) != 0
            && errno == ENOENT;
}

static void syscall_entry(struct task *t, int arch, uint64_t nr, const uint64_t *args) {
    if (!app_started && !syscalls_is_execve(arch, nr)) {
        return; /* the sensor's own child, between fork and exec */
    }
    store_syscall(arch, nr);
    const struct path_spec *spec = syscalls_spec(arch, nr);
    if (spec == NULL) {
        return;
    }
    if (spec->op == OP_CLOSE || spec->op == OP_DUP_TO || spec->op == OP_CLOSE_RANGE) {
        /* Forgotten at the attempt: a descriptor the call leaves open is looked up in /proc if used. */
        struct proc *p = proc_find(t->tgid);
        if (p != NULL) {
            uint64_t first = spec->op == OP_DUP_TO ? args[spec->flags] : args[0];
            fd_forget_range(p, first, spec->op == OP_CLOSE_RANGE ? args[1] : first);
        }
        return;
    }
    memset(t->pending, 0, sizeof(t->pending));
    free(t->next_cwd);
    t->next_cwd = NULL;
    t->moves_cwd = 0;
    t->changes_creds = 0;
    t->check_directory = 0;
    t->opens_fd = spec->op == OP_OPEN || spec->op == OP_OPENAT2;
    unsigned first_kinds = KIND_BIT(spec->args[0].kind);
    int in_root = 0;
    if (spec->op == OP_OPEN) {
        first_kinds = open_kinds(args[spec->flags], &t->check_directory);
    } else if (spec->op == OP_OPENAT2) {
        struct open_how how;
        if (tracee_read(t->tid, memory_of(t), args[spec->flags], &how, sizeof(how)) != 0) {
            return; /* the kernel will refuse it with EFAULT */
        }
        first_kinds = open_kinds(how.flags, &t->check_directory);
        in_root = (how.resolve & RESOLVE_IN_ROOT) != 0;
    } else if (spec->op == OP_CREDS) {
        t->changes_creds = arch == ARCH_NATIVE;
    } else if (spec->op == OP_FCHDIR) {
        char *owned;
        const char *dir = base_directory(t, (int)args[0], &owned);
        t->next_cwd = dir != NULL && dir[0] == '/' ? strdup(dir) : NULL;
        free(owned);
        t->moves_cwd = 1;
    }
    for (int slot = 0; slot < 2; slot++) {
        const struct path_arg *a = &spec->args[slot];
        if (a->path < 0) {
            continue;
        }
        char absolute[PATH_CAP + 1];
        int dirfd = a->dirfd < 0 ? AT_FDCWD : (int)args[a->dirfd];
        unsigned kinds = slot == 0 ? first_kinds : KIND_BIT(a->kind);
        ssize_t n = note_path(t, slot, dirfd, args[a->path], kinds, in_root, absolute);
        if (spec->op == OP_CHDIR) {
            t->moves_cwd = 1;
            t->next_cwd = n > 0 ? strndup(absolute, n) : NULL;
        }
    }
    if (filter == FILTER_FAST) {
        for (int slot = 0; slot < 2; slot++) {
            if (t->pending[slot].rec != NULL && outcome_known(t->pending[slot].rec, t->pending[slot].kinds,
                        slot == 0 && t->check_directory)) {
                t->pending[slot].rec = NULL; /* only the attempt matters: it was seen to succeed before */
            }
        }
    }
    t->awaiting_exit = t->pending[0].rec != NULL || t->pending[1].rec != NULL || t->moves_cwd || t->changes_creds;
}

/* Whether the file just opened as fd is a directory: asked by its path (the sensor shares the app's mounts), else through /proc. */
static int is_directory_fd(pid_t tid, int64_t fd, const char *path) {
    struct stat st;
    if (stat(path, &st) == 0) {
        return S_ISDIR(st.st_mode);
    }
    char name[64];
    snprintf(name, sizeof(name), "/proc/%d/fd/%lld", (int)tid, (long long)fd);
    return stat(name, &st) == 0 && S_ISDIR(st.st_mode);
}

static int restarting(int64_t rval, int is_error) {
    return is_error && rval <= -ERESTARTSYS && rval >= -ERESTART_RESTARTBLOCK;
}

static void syscall_exit(struct task *t, int64_t rval, int is_error) {
    if (!t->awaiting_exit) {
        return;
    }
    t->awaiting_exit = 0;
    if (t->changes_creds) {
        t->changes_creds = 0;
        if (!is_error) {
            t->inject = INJECT_WANTED;
        }
    }
    if (t->moves_cwd) {
        t->moves_cwd = 0;
        if (!is_error) {
            struct proc *p = proc_find(t->tgid);
            if (p != NULL) {
                free(p->cwd);
                p->cwd = t->next_cwd;
                t->next_cwd = NULL;
            }
        }
        free(t->next_cwd);
        t->next_cwd = NULL;
    }
    if (restarting(rval, is_error)) {
        return; /* interrupted and restarted: the call's entry comes again */
    }
    for (int slot = 0; slot < 2; slot++) {
        struct pending *p = &t->pending[slot];
        if (p->rec == NULL) {
            continue;
        }
        unsigned kinds = p->kinds;
        if (!is_error && slot == 0 && t->check_directory && is_directory_fd(t->tid, rval, p->rec->path)) {
            kinds = KIND_BIT(K_LIST);
        }
        if (is_error) {
            store_failure(p->rec, kinds, (int)-rval);
        } else {
            p->rec->ok |= kinds;
            if (slot == 0 && t->opens_fd) {
                fd_remember(t->tgid, rval, p->rec->path, p->rec->len);
            }
        }
        p->rec = NULL;
    }
}

static void syscall_stop(struct task *t) {
    static int unsupported;
    struct __ptrace_syscall_info info;
    if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info), &info) <= 0) {
        if (errno == EIO && !unsupported) {
            unsupported = 1;
            warnx_sensor("this kernel lacks PTRACE_GET_SYSCALL_INFO (Linux 5.3): system calls go unrecorded");
            store_truncated(TRUNC_SYSCALLS);
        }
        return;
    }
    if (mode == MODE_SECCOMP && info.op == PTRACE_SYSCALL_INFO_ENTRY) {
        return; /* resumed with PTRACE_SYSCALL: the seccomp stop that follows tells the same */
    }
    if (t->inject == INJECT_RUNNING && info.op == PTRACE_SYSCALL_INFO_EXIT) {
        replay_original(t);
        return;
    }
    if (t->inject == INJECT_WANTED && info.op != PTRACE_SYSCALL_INFO_EXIT
            && syscalls_arch(info.arch) == ARCH_NATIVE && inject_dumpable(t)) {
        return; /* the original call is seen when it comes again */
    }
    switch (info.op) {
    case PTRACE_SYSCALL_INFO_SECCOMP:
        syscall_entry(t, syscalls_arch(info.arch), info.seccomp.nr, info.seccomp.args);
        break;
    case PTRACE_SYSCALL_INFO_ENTRY:
        syscall_entry(t, syscalls_arch(info.arch), info.entry.nr, info.entry.args);
        break;
    case PTRACE_SYSCALL_INFO_EXIT:
        syscall_exit(t, info.exit.rval, info.exit.is_error);
        break;
    default:
        break;
    }
}

static pid_t parent_of(pid_t pid) {
    size_t len;
    int truncated;
    char *stat = proc_read(pid, "stat", 4096, &len, &truncated);
    pid_t ppid = 0;
    if (stat != NULL) {
        stat[len] = '\0';
        /* "pid (comm) state ppid ...": comm may hold anything, so parse from its last ')' */
        char *close = strrchr(stat, ')');
        if (close != NULL) {
            char state;
            int value;
            if (sscanf(close + 1, " %c %d", &state, &value) == 2) {
                ppid = value;
            }
        }
        free(stat);
    }
    return ppid;
}

#define ARGV_CAP 65536

static void exec_stop(struct task *t) {
    unsigned long former = 0;
    ptrace(PTRACE_GETEVENTMSG, t->tid, NULL, &former);
    if ((pid_t)former != t->tid) {
        /* A non-leader thread exec'd and took over the leader's id: its call is this one's now. */
        struct task *old = task_find((pid_t)former);
        if (old != NULL) {
            t->awaiting_exit = old->awaiting_exit;
            t->check_directory = old->check_directory;
            memcpy(t->pending, old->pending, sizeof(t->pending));
            task_remove((pid_t)former);
        }
    }
    if (t->tid == app_pid) {
        app_started = 1;
    }
    struct proc *p = proc_find(t->tgid);
    if (p != NULL) {
        fd_forget_range(p, 0, p->fds_cap); /* its close-on-exec descriptors are gone, unseen */
        forget_memory(p);
    }
    struct __ptrace_syscall_info info;
    if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info), &info) > 0) {
        errno = 0;
        ptrace(PTRACE_PEEKDATA, t->tid, (void *)(uintptr_t)info.stack_pointer, NULL);
        if (errno == EIO) {
            t->inject = INJECT_WANTED; /* its memory is closed to us: undumpable */
        }
    }
    size_t argv_len = 0;
    int truncated = 0;
    char *argv = proc_read(t->tid, "cmdline", ARGV_CAP, &argv_len, &truncated);
    if (truncated) {
        store_truncated(TRUNC_ARGV);
    }
    char *exe = proc_link(t->tid, "exe");
    if (exe == NULL && t->pending[0].rec != NULL && t->pending[0].kinds == KIND_BIT(K_EXEC)) {
        exe = strdup(t->pending[0].rec->path); /* the name it was exec'd by; /proc would give the real one */
    }
    char *cwd = proc_link(t->tid, "cwd");
    if (cwd == NULL && known_cwd(t) != NULL) {
        cwd = strdup(known_cwd(t));
    }
    store_process(t->tid, parent_of(t->tid), exe, cwd, argv, argv == NULL ? 0 : argv_len);
}

static int is_stopping_signal(int sig) {
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void record_exit(int status, struct app_status *out) {
    out->exited = 1;
    if (WIFEXITED(status)) {
        out->exit_code = WEXITSTATUS(status);
        out->signal = 0;
    } else {
        out->signal = WTERMSIG(status);
        out->exit_code = 128 + out->signal;
    }
}

void trace_run(pid_t app, enum trace_mode trace_mode, enum trace_filter trace_filter, struct app_status *status) {
    mode = trace_mode;
    filter = trace_filter;
    app_pid = app;
    task_add(app)->tgid = app;
    proc_add(app, get_current_dir_name()); /* the app starts where the sensor is */
    while (!status->exited) {
        int wstatus;
        pid_t tid = waitpid(-1, &wstatus, __WALL);
        if (tid < 0) {
            if (errno == EINTR) {
                continue;
            }
            warnx_sensor("waitpid: %s", strerror(errno));
            return;
        }
        if (WIFEXITED(wstatus) || WIFSIGNALED(wstatus)) {
            /* A tracee ended, or an orphan that was never traced was reaped, as init must. */
            struct task *dead = task_find(tid);
            if (dead != NULL && dead->tid == dead->tgid) {
                proc_remove(tid); /* a group's leader is reported after all its threads */
            }
            task_remove(tid);
            if (tid == app_pid) {
                record_exit(wstatus, status);
            }
            continue;
        }
        if (!WIFSTOPPED(wstatus)) {
            continue;
        }
        struct task *t = task_find(tid);
        if (t == NULL) {
            /* A new tracee, attached by the kernel; its parent's event may come later or never. */
            t = task_adopt(tid);
        }
        int sig = WSTOPSIG(wstatus);
        int event = (unsigned)wstatus >> 16;
        if (sig == (SIGTRAP | 0x80)) {
            syscall_stop(t);
            resume(t, 0);
        } else if (event == PTRACE_EVENT_SECCOMP) {
            syscall_stop(t);
            resume(t, 0);
        } else if (event == PTRACE_EVENT_EXEC) {
            exec_stop(t);
            resume(t, 0);
        } else if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK || event == PTRACE_EVENT_CLONE) {
            creation_event(t, event);
            resume(t, 0);
        } else if (event == PTRACE_EVENT_VFORK_DONE || event == PTRACE_EVENT_EXIT) {
            resume(t, 0);
        } else if (event == PTRACE_EVENT_STOP) {
            if (is_stopping_signal(sig)) {
                /* group-stop: stay stopped like an untraced process would, until SIGCONT */
                ptrace(PTRACE_LISTEN, tid, NULL, NULL);
            } else {
                resume(t, 0);
            }
        } else {
            /* signal-delivery-stop: pass the signal on */
            resume(t, sig);
        }
    }
}
