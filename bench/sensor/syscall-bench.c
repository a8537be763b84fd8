/*
 * A syscall-heavy workload for the sensor benchmark:
 *   syscall-bench getpid <n>   n getpid calls (no path: one stop each under the seccomp mode)
 *   syscall-bench stat <n>     n stat calls on one path (a path: the sensor also reads and resolves it)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: syscall-bench getpid|stat <n>\n");
        return 2;
    }
    long n = atol(argv[2]);
    struct stat st;
    if (strcmp(argv[1], "getpid") == 0) {
        for (long i = 0; i < n; i++) {
            syscall(SYS_getpid); /* glibc's getpid() is not cached, but be explicit */
        }
    } else if (strcmp(argv[1], "stat") == 0) {
        for (long i = 0; i < n; i++) {
            stat("/etc/hostname", &st);
        }
    } else {
        return 2;
    }
    return 0;
}
