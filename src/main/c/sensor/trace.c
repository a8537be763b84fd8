/*
 * The tracer loop. Every tracee (thread or process) is seized, directly or by the kernel when a
 * tracee forks, vforks or clones. System calls are seen in one of two ways:
 *
 *  - MODE_SECCOMP: the app runs under a seccomp filter that answers SECCOMP_RET_TRACE for every
 *    call, so each call stops once (PTRACE_EVENT_SECCOMP) and is counted there; only the calls
 *    that name paths are also followed to their exit stop, to learn whether they succeeded.
 *  - MODE_SYSCALL: classic PTRACE_SYSCALL, an entry and an exit stop for every call.
 *
 * PTRACE_GET_SYSCALL_INFO gives the architecture, number, arguments and result of each stop.
 */
#define _GNU_SOURCE
#include "sensor.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* Kernel-internal results a syscall-exit stop can show for a call that will be restarted. */
#define ERESTARTSYS 512
#define ERESTART_RESTARTBLOCK 516

struct pending {
    struct file_rec *rec;
    unsigned kinds;
};

struct task {
    pid_t tid;
    int awaiting_exit;       /* a path-taking call is in progress: its exit stop tells the result */
    int check_directory;     /* an open for reading: a directory means "list", not "read" */
    struct pending pending[2];
    struct task *next;
};

#define TASK_BUCKETS 4096

static struct task *tasks[TASK_BUCKETS];
static enum trace_mode mode;
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
    struct task *t = calloc(1, sizeof(*t));
    if (t == NULL) {
        warnx_sensor("out of memory");
        abort();
    }
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
            free(dead);
            return;
        }
    }
}

static void resume(struct task *t, int sig) {
    int request = (mode == MODE_SYSCALL || t->awaiting_exit) ? PTRACE_SYSCALL : PTRACE_CONT;
    /* ESRCH: the tracee was killed meanwhile; its exit is reported by waitpid. */
    ptrace(request, t->tid, NULL, (void *)(uintptr_t)sig);
}

/* Records one path argument at the call's entry; its result is added at the exit stop. */
static void note_path(struct task *t, int slot, int dirfd, uint64_t addr, unsigned kinds, int in_root) {
    char name[PATH_CAP + 1];
    char absolute[PATH_CAP + 1];
    if (addr == 0) {
        return; /* utimensat, fanotify_mark: NULL means the fd itself */
    }
    ssize_t n = tracee_string(t->tid, addr, name, sizeof(name));
    if (n == -2) {
        store_truncated(TRUNC_PATHS);
        return;
    }
    if (n < 0) {
        return; /* unreadable: the call fails with EFAULT */
    }
    const char *path = name;
    if (n == 0) {
        if (kinds != KIND_BIT(K_EXEC) || dirfd == AT_FDCWD) {
            return; /* an empty path names nothing but the fd itself, which was recorded when opened */
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
    n = resolve_path(t->tid, dirfd, path, absolute);
    if (n == -2) {
        store_truncated(TRUNC_PATHS);
        return;
    }
    if (n < 0) {
        store_unresolved();
        return;
    }
    t->pending[slot].rec = store_file(absolute, n);
    t->pending[slot].kinds = kinds;
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

static void syscall_entry(struct task *t, int arch, uint64_t nr, const uint64_t *args) {
    if (!app_started && !syscalls_is_execve(arch, nr)) {
        return; /* the sensor's own child, between fork and exec */
    }
    store_syscall(arch, nr);
    const struct path_spec *spec = syscalls_spec(arch, nr);
    if (spec == NULL) {
        return;
    }
    unsigned first_kinds = KIND_BIT(spec->args[0].kind);
    int in_root = 0;
    t->check_directory = 0;
    if (spec->op == OP_OPEN) {
        first_kinds = open_kinds(args[spec->flags], &t->check_directory);
    } else if (spec->op == OP_OPENAT2) {
        struct open_how how;
        if (tracee_read(t->tid, args[spec->flags], &how, sizeof(how)) != 0) {
            return; /* the kernel will refuse it with EFAULT */
        }
        first_kinds = open_kinds(how.flags, &t->check_directory);
        in_root = (how.resolve & RESOLVE_IN_ROOT) != 0;
    }
    memset(t->pending, 0, sizeof(t->pending));
    for (int slot = 0; slot < 2; slot++) {
        const struct path_arg *a = &spec->args[slot];
        if (a->path < 0) {
            continue;
        }
        int dirfd = a->dirfd < 0 ? AT_FDCWD : (int)args[a->dirfd];
        unsigned kinds = slot == 0 ? first_kinds : KIND_BIT(a->kind);
        note_path(t, slot, dirfd, args[a->path], kinds, in_root);
    }
    t->awaiting_exit = t->pending[0].rec != NULL || t->pending[1].rec != NULL;
}

static int is_directory_fd(pid_t tid, int64_t fd, const char *path) {
    char name[64];
    struct stat st;
    snprintf(name, sizeof(name), "/proc/%d/fd/%lld", (int)tid, (long long)fd);
    if (stat(name, &st) != 0 && stat(path, &st) != 0) {
        return 0;
    }
    return S_ISDIR(st.st_mode);
}

static void syscall_exit(struct task *t, int64_t rval, int is_error) {
    if (!t->awaiting_exit) {
        return;
    }
    t->awaiting_exit = 0;
    if (is_error && rval <= -ERESTARTSYS && rval >= -ERESTART_RESTARTBLOCK) {
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
            p->rec->failed |= kinds;
        } else {
            p->rec->ok |= kinds;
        }
        p->rec = NULL;
    }
}

static void syscall_stop(struct task *t) {
    struct __ptrace_syscall_info info;
    if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info), &info) <= 0) {
        return;
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
    size_t argv_len = 0;
    int truncated = 0;
    char *argv = proc_read(t->tid, "cmdline", ARGV_CAP, &argv_len, &truncated);
    if (truncated) {
        store_truncated(TRUNC_ARGV);
    }
    store_process(t->tid, parent_of(t->tid), proc_link(t->tid, "exe"), proc_link(t->tid, "cwd"), argv,
            argv == NULL ? 0 : argv_len);
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

void trace_run(pid_t app, enum trace_mode trace_mode, struct app_status *status) {
    mode = trace_mode;
    app_pid = app;
    task_add(app);
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
            t = task_add(tid);
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
        } else if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK || event == PTRACE_EVENT_CLONE
                || event == PTRACE_EVENT_VFORK_DONE || event == PTRACE_EVENT_EXIT) {
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
