package dev.slimline.profile;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The system calls a container needs under any seccomp profile, whatever its application does:
 * those runc's init makes between loading the filter and exec-ing the container's process, and
 * those that let the process stop cleanly.
 *
 * <p>Measured on Debian 12's runc 1.1.5 (Go 1.19, libseccomp 2.5.4) with a FROM-scratch program
 * that makes only {@code write} and {@code exit_group}: under a profile whose default action is
 * {@code SCMP_ACT_LOG}, the kernel logged (audit type 1326) every call runc init made after the
 * filter, over hundreds of starts as root, as other users, with a tty, with another working
 * directory and under CPU pressure. Then, under an {@code SCMP_ACT_ERRNO} profile, each name was
 * left out in turn: every name below is one whose absence stops the container from starting or
 * makes it misbehave (the error is noted per group). Calls runc made but tolerates losing
 * ({@code epoll_ctl} on its {@code /proc/self/fd} handle, {@code getpid} for hook state) are not
 * here. Docker applies the filter before runc drops privileges unless the container has
 * {@code no-new-privileges}, in which case runc needs a subset of these.
 */
final class RuntimeBase {

    static final SortedSet<String> NAMES = Collections.unmodifiableSortedSet(new TreeSet<>(List.of(
            // runc init marks every inherited descriptor close-on-exec through /proc/self/fd: without
            // these, "error closing exec fds: ensure /proc/self/fd is on procfs" (fstatfs), "open
            // /proc/self/fd", "readdirent /proc/self/fd", "close log pipe fd". runc ignores a denied
            // fcntl, but then its own descriptors leak into the container, so it stays.
            "openat", "fstatfs", "getdents64", "fcntl", "close",
            // It enters the working directory and checks it: "chdir to cwd set in config.json failed",
            // "failed to verify if current working directory is safe".
            "chdir", "getcwd",
            // It drops capabilities, switches to the container's user and hands it stdio: "unable to
            // apply bounding set" (prctl), "unable to apply caps" (capset), "read /proc/self/status",
            // "unable to setup user: setgroups / fstat /dev/stdin / stat /dev/null". runc ignores a
            // denied fchown, but then a non-root process cannot reopen its /dev/stdout.
            "capget", "capset", "prctl", "read", "setgroups", "setgid", "setuid", "fstat", "newfstatat",
            "fchown",
            // It checks its parent is still there (getppid), finds the entrypoint (faccessat2, from
            // exec.LookPath: "exec: function not implemented" without it), writes the start signal to
            // its exec fifo and executes the process.
            "getppid", "faccessat2", "write", "execve",
            // The Go runtime of runc init, on the filtered thread, now and then: without futex it
            // aborts ("futexwakeup ... returned -1"), without rt_sigreturn it dies of SIGSEGV when
            // the runtime signals the thread.
            "futex", "rt_sigreturn",
            // Every process ends with one of these, also threads whose end the sensor did not see.
            "exit", "exit_group")));

    private RuntimeBase() {
    }
}
