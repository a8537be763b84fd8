/*
 * The sensor's diagnostics, on its standard error. A unit of its own so that every other unit can
 * report a problem without depending on main.c, which calls them all.
 */
#ifndef SLIMLINE_LOG_H
#define SLIMLINE_LOG_H

#include <stddef.h>

/* One line "slimline-sensor: <message>" on standard error. */
void warnx_sensor(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* calloc that ends the sensor, saying so, when memory runs out: a partial report would mislead. */
void *xcalloc(size_t n, size_t size);

#endif
