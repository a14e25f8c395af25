/* top: the resource use of running containers, as lxc-top shows it.
 *
 * The figures come from ct_cgroup_stats (the container's saved cgroup,
 * v1, hybrid or v2). Two layouts, as lxc-top's:
 *   the screen   a header in reverse video, one line per container
 *                (CPU used/sys/user seconds, BlkIO total(read/write),
 *                memory, and MemSw, KMem when any container has them),
 *                a "TOTAL N of M" line;
 *   batch        CSV: a header once, then one line per container per
 *                refresh, raw figures (time_ms, ..., USER_HZ ticks).
 */
#ifndef CTBOX_TOP_H
#define CTBOX_TOP_H

#include <stdio.h>

#include "ct_cgroup.h"
#include "ere.h"

struct top_row {
	char *name;
	struct ct_stats s;
};

/* The sort keys, lxc-top's letters: n(ame), c(pu), b(lkio), m(emory),
 * s (memory + swap), k(ernel memory). */
#define TOP_SORT_KEYS "ncbmsk"

/* Order rows by key: names ascending, figures largest first; reverse
 * turns it round. Equal figures keep name order. */
void top_sort(struct top_row *r, size_t n, char key, int reverse);

/* The running (or frozen) containers of lxcpath whose names match re
 * and are only (NULL: any) and their figures. Containers that stop
 * meanwhile are left out. Returns 0 with *rows (malloc'd, free with
 * top_rows_free), or -1 with e (lxcpath unreadable). */
int top_collect(const char *lxcpath, const struct bb_re *re, const char *only, struct top_row **rows,
		size_t *n, struct bb_err *e);
void top_rows_free(struct top_row *r, size_t n);

/* lxc-top's sizes: "  0.00   " up to 1 KiB, then "1.50 KiB", "2.25 MiB". */
void top_human(char *buf, size_t len, unsigned long long b);

/* One screen: clear, header, up to max rows, the total line (no newline
 * after it, so that the screen does not scroll). */
void top_print_screen(FILE *f, const struct top_row *r, size_t n, size_t max);

/* Batch output: the header line, and one line per row stamped time_ms. */
void top_print_csv_header(FILE *f);
void top_print_csv(FILE *f, const struct top_row *r, size_t n, unsigned long long time_ms);

/* A delay in seconds ("3", "0.5") as milliseconds: above 0, at most a
 * day. Returns 0, or -1 for anything else. */
int top_parse_delay(const char *s, unsigned *ms);

#endif
