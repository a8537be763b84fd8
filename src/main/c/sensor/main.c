/*
 * slimline-sensor --report <path> [--grace <seconds>] [--max-files <n>] [--max-processes <n>]
 *                 [--mode auto|seccomp|syscall] [--filter exact|fast] -- <app> <args...>
 *
 * Meant to run as PID 1 of a container: starts the app (looked up in PATH) as its traced child,
 * forwards the signals it receives to it, reaps orphans, writes the report when the app ends and
 * exits with the app's status (128 + signal when a signal killed it). On SIGTERM it forwards the
 * signal and gives the app the grace period to end before killing it.
 */
#define _GNU_SOURCE
#include "sensor.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_SENSOR_FAILED 125

static volatile pid_t signal_target;
static volatile sig_atomic_t sigterm_seen;
static volatile sig_atomic_t grace_expired;
static unsigned grace_seconds = 10;

static void usage(void) {
    fputs("usage: slimline-sensor --report <path> [--grace <seconds>] [--max-files <n>]\n"
          "                       [--max-processes <n>] [--mode auto|seccomp|syscall] [--filter exact|fast]\n"
          "                       -- <app> <args...>\n",
            stderr);
    exit(EXIT_SENSOR_FAILED);
}

static unsigned long number(const char *option, const char *value, unsigned long max) {
    char *end;
    errno = 0;
    unsigned long n = strtoul(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || value[0] == '-' || n > max) {
        warnx_sensor("%s wants a whole number from 0 to %lu, not '%s'", option, max, value);
        usage();
    }
    return n;
}

/* Kill and signal handlers only use async-signal-safe calls, so no signal is ever lost to a race. */
static void forward_signal(int sig) {
    int saved = errno;
    pid_t app = signal_target;
    if (app > 0) {
        kill(app, sig);
        if (sig == SIGTERM && !sigterm_seen) {
            sigterm_seen = 1;
            if (grace_seconds == 0) {
                grace_expired = 1;
                kill(app, SIGKILL);
            } else {
                alarm(grace_seconds);
            }
        }
    }
    errno = saved;
}

static void grace_over(int sig) {
    (void)sig;
    int saved = errno;
    pid_t app = signal_target;
    if (app > 0 && sigterm_seen) {
        grace_expired = 1;
        kill(app, SIGKILL);
    }
    errno = saved;
}

static int is_forwarded(int sig) {
    switch (sig) {
    case SIGKILL: case SIGSTOP: /* cannot be caught */
    case SIGCHLD: /* ours: the tracees' stops */
    case SIGALRM: /* ours: the grace period */
    case SIGPIPE: /* ours if anything: writing to a closed stderr */
    case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGTRAP: case SIGSYS: case SIGABRT:
        return 0;
    default:
        return 1;
    }
}

/* PID 1 only receives the signals it has handlers for: catch every one the app may want. */
static void install_handlers(void) {
    struct sigaction forward = {0};
    forward.sa_handler = forward_signal;
    forward.sa_flags = SA_RESTART;
    sigfillset(&forward.sa_mask);
    for (int sig = 1; sig <= SIGRTMAX; sig++) {
        if (is_forwarded(sig)) {
            sigaction(sig, &forward, NULL); /* glibc refuses its own two real-time signals: fine */
        }
    }
    struct sigaction alarm_action = {0};
    alarm_action.sa_handler = grace_over;
    alarm_action.sa_flags = SA_RESTART;
    sigfillset(&alarm_action.sa_mask);
    sigaction(SIGALRM, &alarm_action, NULL);
    signal(SIGPIPE, SIG_IGN);
}

#if defined(__x86_64__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_X86_64
#define X32_SYSCALL_BIT 0x40000000u
#else
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_AARCH64
#define X32_SYSCALL_BIT 0xffffffffu /* no such ABI: nothing is at or above it */
#endif
/* Leaves room in the 8-bit jump offsets of classic BPF. */
#define MAX_UNOBSERVED 200
/*
 * clone passes unseen only without these flags: new namespaces matter for security, and
 * CLONE_UNTRACED would take the child out of the sensor's sight.
 */
#define CLONE_WATCHED_FLAGS \
    (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET \
            | CLONE_UNTRACED)

/*
 * Listed calls that pass unseen only when a flag argument says so: clone as above, and the stat
 * calls when AT_EMPTY_PATH is set, the form glibc's fstat and Rust's metadata use (newfstatat or
 * statx on a descriptor and ""), which names no path; a file server makes one a request. The
 * flag cannot prove the name is empty (the filter cannot read memory), so a call passing
 * AT_EMPTY_PATH with a non-empty name would go unseen; we know of no runtime that does.
 */
struct conditional_pass {
    const char *name;
    unsigned arg;   /* the argument holding the flags; its low 32 bits are tested */
    uint32_t flags;
    int pass_when_set; /* pass when any of flags is set, else when none is */
};

static const struct conditional_pass conditional_passes[] = {
    {"clone", 0, CLONE_WATCHED_FLAGS, 0},
    {"newfstatat", 3, AT_EMPTY_PATH, 1},
    {"statx", 2, AT_EMPTY_PATH, 1},
};
#define CONDITIONAL_COUNT (sizeof(conditional_passes) / sizeof(conditional_passes[0]))

#define STMT(code, k) ((struct sock_filter)BPF_STMT(code, k))
#define JUMP(code, k, to_true, to_false) ((struct sock_filter)BPF_JUMP(code, k, to_true, to_false))

/* The conditional pass for native call nr, or NULL. */
static const struct conditional_pass *conditional_pass_of(uint64_t nr) {
    for (size_t c = 0; c < CONDITIONAL_COUNT; c++) {
        if (syscalls_native_number(conditional_passes[c].name) == nr) {
            return &conditional_passes[c];
        }
    }
    return NULL;
}

/*
 * Every call gets action, except, when unobserved is not NULL, the native calls it lists: those
 * are allowed without a stop (those of conditional_passes only with their flags). Calls of
 * another architecture (i386 on x86_64) and x32 calls are never let through, because their
 * numbers mean other calls.
 */
static int install_filter(unsigned action, const uint64_t *unobserved, size_t count) {
    struct sock_filter filter[MAX_UNOBSERVED + 3 * CONDITIONAL_COUNT + 6];
    size_t n = 0;
    if (unobserved != NULL && count > 0 && count <= MAX_UNOBSERVED) {
        uint64_t list[MAX_UNOBSERVED];
        const struct conditional_pass *conditional[CONDITIONAL_COUNT];
        uint64_t conditional_nr[CONDITIONAL_COUNT];
        size_t listed = 0;
        size_t conditionals = 0;
        for (size_t i = 0; i < count; i++) {
            const struct conditional_pass *pass = conditional_pass_of(unobserved[i]);
            if (pass != NULL) {
                conditional_nr[conditionals] = unobserved[i];
                conditional[conditionals++] = pass;
            } else {
                list[listed++] = unobserved[i];
            }
        }
        /* the layout: 0-3 arch and nr checks, three a conditional pass, the list, then RET action, RET ALLOW */
        size_t ret_action = 4 + 3 * conditionals + listed;
        size_t ret_allow = ret_action + 1;
#define TO(target) ((unsigned)((target) - n - 1))
        filter[n] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
        n++;
        filter[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_AUDIT_ARCH, 0, TO(ret_action));
        n++;
        filter[n] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
        n++;
        filter[n] = JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, TO(ret_action), 0);
        n++;
        for (size_t c = 0; c < conditionals; c++) {
            /* A holds nr up to here: a call that is not this one skips the load and the test */
            filter[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)conditional_nr[c], 0, 2);
            n++;
            filter[n] = STMT(BPF_LD | BPF_W | BPF_ABS, /* the low half, on these little-endian machines */
                    offsetof(struct seccomp_data, args) + conditional[c]->arg * sizeof(uint64_t));
            n++;
            filter[n] = conditional[c]->pass_when_set
                    ? JUMP(BPF_JMP | BPF_JSET | BPF_K, conditional[c]->flags, TO(ret_allow), TO(ret_action))
                    : JUMP(BPF_JMP | BPF_JSET | BPF_K, conditional[c]->flags, TO(ret_action), TO(ret_allow));
            n++;
        }
        for (size_t i = 0; i < listed; i++) {
            filter[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)list[i], TO(ret_allow), 0);
            n++;
        }
#undef TO
    }
    filter[n++] = STMT(BPF_RET | BPF_K, action);
    filter[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog program = {(unsigned short)n, filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        return -1;
    }
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program);
}

/* Whether this process may install a seccomp filter (the container's own profile may forbid it). */
static int seccomp_available(void) {
    pid_t probe = fork();
    if (probe < 0) {
        return 0;
    }
    if (probe == 0) {
        _exit(install_filter(SECCOMP_RET_ALLOW, NULL, 0) == 0 ? 0 : 1);
    }
    int status;
    while (waitpid(probe, &status, 0) < 0) {
        if (errno != EINTR) {
            return 0;
        }
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The child: waits until it is seized, then becomes the app. */
static void run_app(char **argv, int go_fd, int error_fd, enum trace_mode mode, const uint64_t *unobserved,
        size_t unobserved_count) {
    char byte;
    while (read(go_fd, &byte, 1) < 0 && errno == EINTR) {
    }
    close(go_fd);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (mode == MODE_SECCOMP && install_filter(SECCOMP_RET_TRACE, unobserved, unobserved_count) != 0) {
        int err = errno;
        warnx_sensor("cannot install the tracing seccomp filter: %s", strerror(err));
        _exit(EXIT_SENSOR_FAILED);
    }
    execvp(argv[0], argv);
    int err = errno;
    warnx_sensor("cannot run %s: %s", argv[0], strerror(err));
    while (write(error_fd, &err, sizeof(err)) < 0 && errno == EINTR) {
    }
    _exit(err == ENOENT ? 127 : 126);
}

int main(int argc, char **argv) {
    const char *report = NULL;
    unsigned long max_files = 100000;
    unsigned long max_processes = 10000;
    const char *mode_name = "auto";
    const char *filter_name = "exact";
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (i + 1 >= argc) {
            usage();
        }
        if (strcmp(argv[i], "--report") == 0) {
            report = argv[++i];
        } else if (strcmp(argv[i], "--grace") == 0) {
            grace_seconds = (unsigned)number("--grace", argv[++i], 86400);
        } else if (strcmp(argv[i], "--max-files") == 0) {
            max_files = number("--max-files", argv[++i], 10000000);
        } else if (strcmp(argv[i], "--max-processes") == 0) {
            max_processes = number("--max-processes", argv[++i], 1000000);
        } else if (strcmp(argv[i], "--mode") == 0) {
            mode_name = argv[++i];
        } else if (strcmp(argv[i], "--filter") == 0) {
            filter_name = argv[++i];
        } else {
            warnx_sensor("unknown option %s", argv[i]);
            usage();
        }
    }
    if (report == NULL || i >= argc) {
        usage();
    }
    char **app_argv = argv + i;
    int app_argc = argc - i;

    enum trace_mode mode;
    if (strcmp(mode_name, "seccomp") == 0) {
        mode = MODE_SECCOMP;
    } else if (strcmp(mode_name, "syscall") == 0) {
        mode = MODE_SYSCALL;
    } else if (strcmp(mode_name, "auto") == 0) {
        mode = seccomp_available() ? MODE_SECCOMP : MODE_SYSCALL;
    } else {
        warnx_sensor("--mode is auto, seccomp or syscall, not '%s'", mode_name);
        usage();
    }

    enum trace_filter filter;
    if (strcmp(filter_name, "exact") == 0) {
        filter = FILTER_EXACT;
    } else if (strcmp(filter_name, "fast") == 0) {
        filter = FILTER_FAST;
    } else {
        warnx_sensor("--filter is exact or fast, not '%s'", filter_name);
        usage();
    }
    if (filter == FILTER_FAST && mode != MODE_SECCOMP) {
        warnx_sensor("--filter fast needs a seccomp filter, which this container may not install: tracing every call");
    }

    syscalls_init();
    store_init(max_files, max_processes);
    const char *const *unobserved_names = NULL;
    const uint64_t *unobserved = NULL;
    size_t unobserved_count = 0;
    if (filter == FILTER_FAST && mode == MODE_SECCOMP) {
        unobserved_count = syscalls_unobserved(&unobserved_names, &unobserved);
    }

    /* Signals wait until the app exists; then the handlers pass them on. */
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &previous);
    install_handlers();

    int go[2];
    int errors[2];
    if (pipe2(go, O_CLOEXEC) != 0 || pipe2(errors, O_CLOEXEC) != 0) {
        warnx_sensor("pipe: %s", strerror(errno));
        return EXIT_SENSOR_FAILED;
    }
    pid_t app = fork();
    if (app < 0) {
        warnx_sensor("fork: %s", strerror(errno));
        return EXIT_SENSOR_FAILED;
    }
    if (app == 0) {
        close(go[1]);
        close(errors[0]);
        run_app(app_argv, go[0], errors[1], mode, unobserved, unobserved_count);
    }
    close(go[0]);
    close(errors[1]);
    long options = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE
            | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL;
    if (ptrace(PTRACE_SEIZE, app, NULL, (void *)options) != 0 || ptrace(PTRACE_INTERRUPT, app, NULL, NULL) != 0) {
        warnx_sensor("cannot trace the app (ptrace: %s)", strerror(errno));
        kill(app, SIGKILL);
        return EXIT_SENSOR_FAILED;
    }
    signal_target = app;
    sigprocmask(SIG_SETMASK, &previous, NULL);
    if (write(go[1], "", 1) != 1) {
        warnx_sensor("cannot start the app: %s", strerror(errno));
        kill(app, SIGKILL);
        return EXIT_SENSOR_FAILED;
    }
    close(go[1]);

    struct app_status status = {0};
    trace_run(app, mode, filter, &status);
    sigprocmask(SIG_BLOCK, &all, NULL);
    signal_target = 0;
    if (!status.exited) {
        warnx_sensor("lost track of the app");
        kill(app, SIGKILL);
        status.exit_code = EXIT_SENSOR_FAILED;
    }

    int start_errno = 0;
    const char *start_error = NULL;
    if (read(errors[0], &start_errno, sizeof(start_errno)) == sizeof(start_errno)) {
        start_error = strerror(start_errno);
    }
    struct report_meta meta = {app_argv, app_argc, &status, sigterm_seen, grace_expired, start_error, mode,
            unobserved_names, unobserved_count};
    report_write(report, &meta);
    return status.exit_code;
}
