/*
 * What the sensor's host tests trace: each subcommand does one thing the sensor must see.
 *
 *   threads <file>...          opens each file for reading in its own thread (not the main one)
 *   forkexec <prog> <args...>  a child forks a grandchild that execs prog; exits with its status
 *   dirfd <dir> <name>         openat(open(dir), name): a path relative to a directory fd
 *   chdir <dir> <name>         chdir(dir), then open(name): a path relative to the working directory
 *   exit <code>                exits with code
 *   kill-self <signal>         dies of the signal
 *   open-odd-name              tries to open a path that is not UTF-8 and holds a control character
 *   fail-on-existing <dir> <file>  mkdir(dir), which exists; open(file, O_CREAT|O_EXCL), which
 *                              exists; readlink(file), no symlink; open(dir/missing): all fail
 *   stat-forms <file> <dir> <name>  stats file and dir/name by path, then its open dir five
 *                              times as newfstatat(fd, "", AT_EMPTY_PATH) and five as statx
 *   clone-forms                forks three children with plain clone, then one with clone(CLONE_NEWUTS),
 *                              which may fail without privileges; exits 0 when the forks worked
 *   on-term-open <file>        prints "ready", waits for SIGTERM, then opens file and exits 0
 *   ignore-term                prints "ready" and ignores SIGTERM
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void *open_file(void *path) {
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        close(fd);
    }
    return NULL;
}

static int threads(int argc, char **argv) {
    pthread_t ids[64];
    int n = argc > 64 ? 64 : argc;
    for (int i = 0; i < n; i++) {
        if (pthread_create(&ids[i], NULL, open_file, argv[i]) != 0) {
            return 2;
        }
    }
    for (int i = 0; i < n; i++) {
        pthread_join(ids[i], NULL);
    }
    return 0;
}

static int wait_for(pid_t pid) {
    int status;
    if (waitpid(pid, &status, 0) < 0) {
        return 2;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int forkexec(char **argv) {
    pid_t child = fork();
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            execvp(argv[0], argv);
            _exit(127);
        }
        _exit(wait_for(grandchild));
    }
    return wait_for(child);
}

static volatile sig_atomic_t terminated;

static void on_term(int sig) {
    (void)sig;
    terminated = 1;
}

static void ready(void) {
    puts("ready");
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        return 2;
    }
    const char *command = argv[1];
    if (strcmp(command, "threads") == 0) {
        return threads(argc - 2, argv + 2);
    }
    if (strcmp(command, "forkexec") == 0 && argc > 2) {
        return forkexec(argv + 2);
    }
    if (strcmp(command, "dirfd") == 0 && argc == 4) {
        int dir = open(argv[2], O_RDONLY | O_DIRECTORY);
        return openat(dir, argv[3], O_RDONLY) >= 0 ? 0 : 1;
    }
    if (strcmp(command, "chdir") == 0 && argc == 4) {
        return chdir(argv[2]) == 0 && open(argv[3], O_RDONLY) >= 0 ? 0 : 1;
    }
    if (strcmp(command, "exit") == 0 && argc == 3) {
        return atoi(argv[2]);
    }
    if (strcmp(command, "kill-self") == 0 && argc == 3) {
        signal(atoi(argv[2]), SIG_DFL);
        raise(atoi(argv[2]));
        return 2;
    }
    if (strcmp(command, "open-odd-name") == 0) {
        return open("/nonexistent/odd-\xff\x01-name", O_RDONLY) >= 0 ? 0 : 1;
    }
    if (strcmp(command, "fail-on-existing") == 0 && argc == 4) {
        char buf[16];
        char missing[4096];
        snprintf(missing, sizeof(missing), "%s/missing", argv[2]);
        int failed = mkdir(argv[2], 0755) != 0 && errno == EEXIST;
        failed += open(argv[3], O_WRONLY | O_CREAT | O_EXCL, 0644) < 0 && errno == EEXIST;
        failed += readlink(argv[3], buf, sizeof(buf)) < 0 && errno == EINVAL;
        failed += open(missing, O_RDONLY) < 0 && errno == ENOENT;
        return failed == 4 ? 0 : 1;
    }
    if (strcmp(command, "stat-forms") == 0 && argc == 5) {
        struct stat st;
        struct statx stx;
        int dir = open(argv[3], O_RDONLY | O_DIRECTORY);
        int ok = dir >= 0 && fstatat(AT_FDCWD, argv[2], &st, 0) == 0 && fstatat(dir, argv[4], &st, 0) == 0;
        for (int i = 0; i < 5; i++) {
            ok = ok && fstatat(dir, "", &st, AT_EMPTY_PATH) == 0
                    && statx(dir, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) == 0;
        }
        return ok ? 0 : 1;
    }
    if (strcmp(command, "clone-forms") == 0) {
        for (int i = 0; i < 3; i++) {
            pid_t child = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
            if (child == 0) {
                _exit(0);
            }
            if (child < 0 || wait_for(child) != 0) {
                return 1;
            }
        }
        pid_t isolated = (pid_t)syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
        if (isolated == 0) {
            _exit(0);
        }
        return isolated < 0 || wait_for(isolated) == 0 ? 0 : 1;
    }
    if (strcmp(command, "on-term-open") == 0 && argc == 3) {
        signal(SIGTERM, on_term);
        ready();
        while (!terminated) {
            pause();
        }
        open_file(argv[2]);
        return 0;
    }
    if (strcmp(command, "ignore-term") == 0) {
        signal(SIGTERM, SIG_IGN);
        ready();
        for (;;) {
            pause();
        }
    }
    return 2;
}
