/* What the tracer has observed, kept in memory until the report is written. */
#include "sensor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYSCALL_SLOTS 1024 /* numbers below this are counted in a flat array */
/*
 * Bytes of paths, arguments, executables and working directories kept in all. Escaped as JSON
 * (at worst six characters a byte) the report then stays below the 64 MiB Slimline accepts.
 */
#define TEXT_BUDGET ((size_t)8 << 20)
#define ERROR_TEXT 4         /* what one listed errno costs of the budget: ~24 report bytes, at six a byte */
#define ODD_SYSCALLS 256   /* distinct (arch, number) pairs outside it that are kept */

static struct file_rec **files;      /* open addressing, size a power of two */
static size_t files_size;
static size_t files_count;
static size_t files_max;
static struct file_rec **files_list; /* in insertion order, for the report */

static struct process_rec *processes;
static size_t processes_count;
static size_t processes_max;

static uint64_t counts[ARCH_COUNT][SYSCALL_SLOTS];
static struct {
    int arch;
    uint64_t nr;
    uint64_t count;
} odd[ODD_SYSCALLS];
static size_t odd_count;

static size_t text_used;
static unsigned truncations;
static uint64_t unresolved;

void store_init(size_t max_files, size_t max_processes) {
    files_max = max_files;
    files_size = 1024;
    while (files_size < max_files * 2 && files_size < ((size_t)1 << 30)) {
        files_size <<= 1;
    }
    files = xcalloc(files_size, sizeof(*files));
    files_list = xcalloc(max_files == 0 ? 1 : max_files, sizeof(*files_list));
    processes_max = max_processes;
}

static uint64_t hash(const char *s, size_t len) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

struct file_rec *store_file(const char *path, size_t len) {
    size_t mask = files_size - 1;
    for (size_t i = hash(path, len) & mask;; i = (i + 1) & mask) {
        struct file_rec *r = files[i];
        if (r == NULL) {
            if (files_count >= files_max || text_used + len > TEXT_BUDGET) {
                truncations |= TRUNC_FILES;
                return NULL;
            }
            text_used += len;
            r = xcalloc(1, sizeof(*r) + len + 1);
            memcpy(r->path, path, len);
            r->len = len;
            files[i] = r;
            files_list[files_count++] = r;
            return r;
        }
        if (r->len == len && memcmp(r->path, path, len) == 0) {
            return r;
        }
    }
}

void store_failure(struct file_rec *rec, unsigned kinds, int err) {
    rec->failed |= kinds;
    if (err <= 0 || err > 0xff) {
        return;
    }
    for (int k = 0; k < K_COUNT; k++) {
        if (!(kinds & KIND_BIT(k))) {
            continue;
        }
        uint16_t pair = (uint16_t)(k << 8 | err);
        for (int i = 0; i < FILE_ERRORS; i++) {
            if (rec->errors[i] == pair) {
                break;
            }
            if (rec->errors[i] == 0) {
                /* the report must stay within its bound however many calls fail */
                if (text_used + ERROR_TEXT <= TEXT_BUDGET) {
                    text_used += ERROR_TEXT;
                    rec->errors[i] = pair;
                }
                break;
            }
        }
    }
}

void store_syscall(int arch, uint64_t nr) {
    if (arch >= 0 && nr < SYSCALL_SLOTS) {
        counts[arch][nr]++;
        return;
    }
    for (size_t i = 0; i < odd_count; i++) {
        if (odd[i].arch == arch && odd[i].nr == nr) {
            odd[i].count++;
            return;
        }
    }
    if (odd_count == ODD_SYSCALLS) {
        truncations |= TRUNC_SYSCALLS;
        return;
    }
    odd[odd_count].arch = arch;
    odd[odd_count].nr = nr;
    odd[odd_count].count = 1;
    odd_count++;
}

void store_process(pid_t pid, pid_t ppid, char *exe, char *cwd, char *argv, size_t argv_len) {
    size_t text = argv_len + (exe == NULL ? 0 : strlen(exe)) + (cwd == NULL ? 0 : strlen(cwd));
    if (processes_count >= processes_max || text_used + text > TEXT_BUDGET) {
        truncations |= TRUNC_PROCESSES;
        free(exe);
        free(cwd);
        free(argv);
        return;
    }
    if (processes_count % 256 == 0) {
        struct process_rec *grown = realloc(processes, (processes_count + 256) * sizeof(*processes));
        if (grown == NULL) {
            warnx_sensor("out of memory");
            abort();
        }
        processes = grown;
    }
    text_used += text;
    processes[processes_count++] = (struct process_rec){pid, ppid, exe, cwd, argv, argv_len};
}

void store_truncated(enum truncation part) {
    truncations |= part;
}

void store_unresolved(void) {
    unresolved++;
}

struct file_rec **store_files(size_t *count) {
    *count = files_count;
    return files_list;
}

struct process_rec *store_processes(size_t *count) {
    *count = processes_count;
    return processes;
}

unsigned store_truncations(void) {
    return truncations;
}

uint64_t store_unresolved_count(void) {
    return unresolved;
}

void store_each_syscall(void (*fn)(int arch, uint64_t nr, uint64_t count, void *ctx), void *ctx) {
    for (int a = 0; a < ARCH_COUNT; a++) {
        for (uint64_t nr = 0; nr < SYSCALL_SLOTS; nr++) {
            if (counts[a][nr] != 0) {
                fn(a, nr, counts[a][nr], ctx);
            }
        }
    }
    for (size_t i = 0; i < odd_count; i++) {
        fn(odd[i].arch, odd[i].nr, odd[i].count, ctx);
    }
}
