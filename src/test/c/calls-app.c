/*
 * calls-app: a tiny HTTP server on port 8080 for SensorModesIT. GET / answers "calls-app".
 * GET /calls, and only that, makes five system calls that succeed without privileges and that
 * the sensor's FAST filter does not let through unseen (uname, sysinfo, getrusage, getpriority,
 * personality(0xffffffff), which only asks), and answers one line per call: "<name> ok" or
 * "<name> <errno name>". A job that never asks /calls must leave them out of the slim image's
 * seccomp profile, so there each answers EPERM.
 *
 * Built static (glibc) by the Maven build into target/test-c/; the test puts it in a FROM scratch image.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

static void report(char *out, size_t cap, const char *name, long result) {
    size_t used = strlen(out);
    snprintf(out + used, cap - used, "%s %s\n", name, result == -1 ? strerrorname_np(errno) : "ok");
}

/* Raw system calls: glibc may answer some from a cache or another call. */
static void make_calls(char *out, size_t cap) {
    struct utsname uts;
    struct sysinfo info;
    struct rusage usage;
    out[0] = '\0';
    report(out, cap, "uname", syscall(SYS_uname, &uts));
    report(out, cap, "sysinfo", syscall(SYS_sysinfo, &info));
    report(out, cap, "getrusage", syscall(SYS_getrusage, RUSAGE_SELF, &usage));
    report(out, cap, "getpriority", syscall(SYS_getpriority, PRIO_PROCESS, 0));
    report(out, cap, "personality", syscall(SYS_personality, 0xffffffffUL));
}

static void answer(int client) {
    char request[2048];
    ssize_t n = read(client, request, sizeof(request) - 1);
    if (n <= 0) {
        return;
    }
    request[n] = '\0';
    char body[512];
    if (strncmp(request, "GET /calls ", 11) == 0) {
        make_calls(body, sizeof(body));
    } else {
        snprintf(body, sizeof(body), "calls-app\n");
    }
    char response[1024];
    int len = snprintf(response, sizeof(response),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
            strlen(body), body);
    for (int sent = 0; sent < len;) {
        ssize_t w = write(client, response + sent, len - sent);
        if (w <= 0) {
            return;
        }
        sent += w;
    }
}

static void stop(int sig) {
    (void)sig;
    _exit(0);
}

int main(void) {
    signal(SIGTERM, stop);
    signal(SIGPIPE, SIG_IGN);
    int server = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(8080), .sin_addr.s_addr = INADDR_ANY};
    if (server < 0 || bind(server, (struct sockaddr *)&address, sizeof(address)) != 0 || listen(server, 64) != 0) {
        perror("calls-app: cannot listen on 8080");
        return 1;
    }
    printf("calls-app listening on 8080\n");
    fflush(stdout);
    for (;;) {
        int client = accept(server, NULL, NULL);
        if (client >= 0) {
            answer(client);
            close(client);
        }
    }
}
