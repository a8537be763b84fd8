/*
 * The JSON report (schema version 1):
 *
 *   {"schemaVersion":1, "sensorVersion":"0.1.0",
 *    "app":{"argv":[...], "exitCode":0, "signal":null, "startError":null},
 *    "stoppedBy":"exit" | "sigterm", "graceExpired":false, "traceMode":"seccomp" | "syscall",
 *    "allowedWithoutObservation":["read", ...],      the calls let through unseen (FAST), sorted
 *    "truncated":false, "truncatedParts":[], "unresolvedPaths":0,
 *    "syscalls":{"openat":120, ...},                 unknown numbers as "syscall_<n>"
 *    "files":[{"path":"/etc/hostname", "ok":["read"], "failed":[]},
 *             {"path":"/var/lib/nginx/body", "ok":[], "failed":["write"], "errors":{"write":["EEXIST"]}},
 *             ...],                                  sorted by path
 *    "processes":[{"pid":7, "ppid":1, "exe":"/usr/bin/node", "argv":[...], "cwd":"/opt"}, ...]}
 *
 * "errors" (present when a call on the path failed) names, by kind, the errno values its failed
 * calls returned (at most FILE_ERRORS kind/errno pairs a path): some prove the path exists.
 *
 * Strings are written as UTF-8. Paths and arguments are bytes, not necessarily UTF-8: a byte
 * that is not part of a valid UTF-8 sequence is written as the escape \udcXX (XX its value), a
 * lone low surrogate no valid text contains ("surrogateescape"), so the original bytes can be
 * recovered exactly.
 */
#define _GNU_SOURCE
#include "sensor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const kind_names[K_COUNT] = {"read", "write", "exec", "stat", "list", "link"};

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when there is none. */
static size_t utf8_sequence(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    size_t len;
    unsigned min;
    unsigned cp;
    if (c < 0x80) {
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        len = 2, cp = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3, cp = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return 0;
    }
    return len;
}

static void json_string(FILE *out, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    putc('"', out);
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            putc('\\', out);
            putc(c, out);
            i++;
        } else if (c == '\n') {
            fputs("\\n", out);
            i++;
        } else if (c == '\t') {
            fputs("\\t", out);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            fprintf(out, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            putc(c, out);
            i++;
        } else {
            size_t len = utf8_sequence(p + i, n - i);
            if (len == 0) {
                fprintf(out, "\\udc%02x", c);
                i++;
            } else {
                fwrite(p + i, 1, len, out);
                i += len;
            }
        }
    }
    putc('"', out);
}

static void json_cstring_or_null(FILE *out, const char *s) {
    if (s == NULL) {
        fputs("null", out);
    } else {
        json_string(out, s, strlen(s));
    }
}

/* A NUL-separated list (as in /proc/<pid>/cmdline) as a JSON array. */
static void json_string_list(FILE *out, const char *list, size_t len) {
    putc('[', out);
    size_t start = 0;
    int first = 1;
    while (start < len) {
        const char *end = memchr(list + start, '\0', len - start);
        size_t n = end == NULL ? len - start : (size_t)(end - (list + start));
        if (!first) {
            putc(',', out);
        }
        first = 0;
        json_string(out, list + start, n);
        start += n + 1;
    }
    putc(']', out);
}

static void json_kinds(FILE *out, unsigned kinds) {
    putc('[', out);
    int first = 1;
    for (int k = 0; k < K_COUNT; k++) {
        if (kinds & KIND_BIT(k)) {
            fprintf(out, first ? "\"%s\"" : ",\"%s\"", kind_names[k]);
            first = 0;
        }
    }
    putc(']', out);
}

/* "errors":{"write":["EEXIST"],...}, the kinds in their order; nothing when no call failed with an errno. */
static void json_errors(FILE *out, const uint16_t *errors) {
    if (errors[0] == 0) {
        return;
    }
    fputs(",\"errors\":{", out);
    int first_kind = 1;
    for (int k = 0; k < K_COUNT; k++) {
        int first = 1;
        for (int i = 0; i < FILE_ERRORS && errors[i] != 0; i++) {
            if (errors[i] >> 8 != k) {
                continue;
            }
            if (first) {
                fprintf(out, "%s\"%s\":[", first_kind ? "" : ",", kind_names[k]);
                first_kind = 0;
            } else {
                putc(',', out);
            }
            first = 0;
            int err = errors[i] & 0xff;
            const char *name = strerrorname_np(err);
            if (name != NULL) {
                fprintf(out, "\"%s\"", name);
            } else {
                fprintf(out, "\"E%d\"", err);
            }
        }
        if (!first) {
            putc(']', out);
        }
    }
    putc('}', out);
}

struct syscall_count {
    char name[32];
    uint64_t count;
};

struct syscall_list {
    struct syscall_count *items;
    size_t count;
    size_t capacity;
};

static void collect_syscall(int arch, uint64_t nr, uint64_t count, void *ctx) {
    struct syscall_list *list = ctx;
    if (list->count == list->capacity) {
        size_t capacity = list->capacity == 0 ? 512 : list->capacity * 2;
        struct syscall_count *grown = realloc(list->items, capacity * sizeof(*grown));
        if (grown == NULL) {
            return;
        }
        list->items = grown;
        list->capacity = capacity;
    }
    struct syscall_count *item = &list->items[list->count++];
    const char *name = syscalls_name(arch, nr);
    if (name != NULL) {
        snprintf(item->name, sizeof(item->name), "%s", name);
    } else {
        snprintf(item->name, sizeof(item->name), "syscall_%llu", (unsigned long long)nr);
    }
    item->count = count;
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const struct syscall_count *)a)->name, ((const struct syscall_count *)b)->name);
}

static int by_path(const void *a, const void *b) {
    const struct file_rec *x = *(struct file_rec *const *)a;
    const struct file_rec *y = *(struct file_rec *const *)b;
    return strcmp(x->path, y->path);
}

static void write_syscalls(FILE *out) {
    struct syscall_list list = {0};
    store_each_syscall(collect_syscall, &list);
    qsort(list.items, list.count, sizeof(*list.items), by_name);
    putc('{', out);
    int first = 1;
    for (size_t i = 0; i < list.count; i++) {
        uint64_t count = list.items[i].count;
        /* the same name from the native and the compat table counts once */
        while (i + 1 < list.count && strcmp(list.items[i].name, list.items[i + 1].name) == 0) {
            count += list.items[++i].count;
        }
        if (!first) {
            putc(',', out);
        }
        first = 0;
        json_cstring_or_null(out, list.items[i].name);
        fprintf(out, ":%llu", (unsigned long long)count);
    }
    putc('}', out);
    free(list.items);
}

static void write_files(FILE *out) {
    size_t count;
    struct file_rec **files = store_files(&count);
    qsort(files, count, sizeof(*files), by_path);
    putc('[', out);
    int first = 1;
    for (size_t i = 0; i < count; i++) {
        const struct file_rec *f = files[i];
        if (f->ok == 0 && f->failed == 0) {
            continue; /* its call never returned: the thread died in it */
        }
        fputs(first ? "\n" : ",\n", out);
        first = 0;
        fputs("{\"path\":", out);
        json_string(out, f->path, f->len);
        fputs(",\"ok\":", out);
        json_kinds(out, f->ok);
        fputs(",\"failed\":", out);
        json_kinds(out, f->failed);
        json_errors(out, f->errors);
        putc('}', out);
    }
    putc(']', out);
}

static void write_processes(FILE *out) {
    size_t count;
    struct process_rec *processes = store_processes(&count);
    putc('[', out);
    for (size_t i = 0; i < count; i++) {
        const struct process_rec *p = &processes[i];
        fprintf(out, "%s{\"pid\":%d,\"ppid\":%d,\"exe\":", i == 0 ? "\n" : ",\n", (int)p->pid, (int)p->ppid);
        json_cstring_or_null(out, p->exe);
        fputs(",\"argv\":", out);
        json_string_list(out, p->argv == NULL ? "" : p->argv, p->argv_len);
        fputs(",\"cwd\":", out);
        json_cstring_or_null(out, p->cwd);
        putc('}', out);
    }
    putc(']', out);
}

static void write_truncations(FILE *out) {
    static const struct {
        enum truncation part;
        const char *name;
    } parts[] = {
        {TRUNC_FILES, "files"},
        {TRUNC_PROCESSES, "processes"},
        {TRUNC_PATHS, "paths"},
        {TRUNC_ARGV, "argv"},
        {TRUNC_SYSCALLS, "syscalls"},
    };
    unsigned truncations = store_truncations();
    fprintf(out, "\"truncated\":%s,\"truncatedParts\":[", truncations ? "true" : "false");
    int first = 1;
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        if (truncations & parts[i].part) {
            fprintf(out, first ? "\"%s\"" : ",\"%s\"", parts[i].name);
            first = 0;
        }
    }
    putc(']', out);
}

static int by_cstring(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void write_names(FILE *out, const char *const *names, size_t count) {
    const char **sorted = xcalloc(count + 1, sizeof(*sorted));
    memcpy(sorted, names, count * sizeof(*sorted));
    qsort(sorted, count, sizeof(*sorted), by_cstring);
    putc('[', out);
    for (size_t i = 0; i < count; i++) {
        fprintf(out, i == 0 ? "\"%s\"" : ",\"%s\"", sorted[i]);
    }
    putc(']', out);
    free(sorted);
}

static void write_report(FILE *out, const struct report_meta *meta) {
    fprintf(out, "{\"schemaVersion\":1,\"sensorVersion\":\"%s\",\n\"app\":{\"argv\":[", SENSOR_VERSION);
    for (int i = 0; i < meta->argc; i++) {
        if (i > 0) {
            putc(',', out);
        }
        json_string(out, meta->argv[i], strlen(meta->argv[i]));
    }
    fputs("],\"exitCode\":", out);
    if (meta->status->exited) {
        fprintf(out, "%d", meta->status->exit_code);
    } else {
        fputs("null", out);
    }
    fputs(",\"signal\":", out);
    if (meta->status->exited && meta->status->signal != 0) {
        fprintf(out, "%d", meta->status->signal);
    } else {
        fputs("null", out);
    }
    fputs(",\"startError\":", out);
    json_cstring_or_null(out, meta->start_error);
    fprintf(out, "},\n\"stoppedBy\":\"%s\",\"graceExpired\":%s,\"traceMode\":\"%s\",\n",
            meta->stopped_by_sigterm ? "sigterm" : "exit", meta->grace_expired ? "true" : "false",
            meta->mode == MODE_SECCOMP ? "seccomp" : "syscall");
    fputs("\"allowedWithoutObservation\":", out);
    write_names(out, meta->unobserved, meta->unobserved_count);
    putc(',', out);
    write_truncations(out);
    fprintf(out, ",\"unresolvedPaths\":%llu,\n\"syscalls\":", (unsigned long long)store_unresolved_count());
    write_syscalls(out);
    fputs(",\n\"files\":", out);
    write_files(out);
    fputs(",\n\"processes\":", out);
    write_processes(out);
    fputs("}\n", out);
}

int report_write(const char *path, const struct report_meta *meta) {
    char *temp;
    if (asprintf(&temp, "%s.XXXXXX", path) < 0) {
        return -1;
    }
    /* a fresh name made with O_EXCL: the directory is world-writable */
    int fd = mkostemp(temp, O_CLOEXEC);
    FILE *out = fd < 0 ? NULL : fdopen(fd, "w");
    if (out == NULL) {
        warnx_sensor("cannot write the report beside %s: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(temp);
        }
        free(temp);
        return -1;
    }
    fchmod(fd, 0644);
    write_report(out, meta);
    int failed = ferror(out);
    failed |= fflush(out) != 0;
    failed |= fsync(fd) != 0 && errno != EINVAL;
    failed |= fclose(out) != 0;
    if (failed || rename(temp, path) != 0) {
        warnx_sensor("cannot write the report %s: %s", path, strerror(errno));
        unlink(temp);
        free(temp);
        return -1;
    }
    free(temp);
    return 0;
}
