#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void warnx_sensor(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("slimline-sensor: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n, size);
    if (p == NULL) {
        warnx_sensor("out of memory");
        abort();
    }
    return p;
}
