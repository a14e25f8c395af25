/* top: collect, sort and print the resource use of running containers
 * (the applet keeps the terminal and the refresh loop). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "top.h"

#define ESC "\033"
#define TOP_CLEAR ESC "[H" ESC "[J"
#define TOP_HEAD ESC "[7m" ESC "[1m"   /* reverse, bold */
#define TOP_NORM ESC "[0m"

static const struct { char key; int stat; } sort_stats[] = {
	{ 'c', CT_STAT_CPU }, { 'b', CT_STAT_BLKIO }, { 'm', CT_STAT_MEM },
	{ 's', CT_STAT_MEMSW }, { 'k', CT_STAT_KMEM },
};

/* <0 when a comes first. */
static int row_cmp(const struct top_row *a, const struct top_row *b, int stat, int reverse)
{
	int c = 0;

	if (stat >= 0 && a->s.v[stat] != b->s.v[stat])
		c = a->s.v[stat] > b->s.v[stat] ? -1 : 1;
	if (!c)
		c = strcmp(a->name, b->name);
	return reverse ? -c : c;
}

void top_sort(struct top_row *r, size_t n, char key, int reverse)
{
	int stat = -1;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(sort_stats); i++)
		if (sort_stats[i].key == key)
			stat = sort_stats[i].stat;
	/* a few containers: an insertion sort, stable and without globals */
	for (i = 1; i < n; i++) {
		struct top_row t = r[i];

		for (j = i; j > 0 && row_cmp(&t, &r[j - 1], stat, reverse) < 0; j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
}

int top_collect(const char *lxcpath, const struct bb_re *re, const char *only, struct top_row **rows,
		size_t *n, struct bb_err *e)
{
	char **names;
	size_t k, cnt;

	*rows = NULL;
	*n = 0;
	if (ct_list(lxcpath, &names, &cnt, e) < 0)
		return -1;
	for (k = 0; k < cnt; k++) {
		struct container c;
		struct ct_status st;
		struct ct_stats s;
		struct bb_err ignored;
		int live;

		if ((re && !bb_re_match(re, names[k])) || (only && strcmp(only, names[k]) != 0))
			continue;
		if (ct_init(&c, lxcpath, names[k], &ignored) < 0)
			continue;
		live = ct_get_status(&c, &st, &ignored) == 0 && st.init_pid &&
		       ct_cgroup_stats(&c, &s, &ignored) == 0;
		ct_free(&c);
		if (!live)
			continue;
		if (!*rows)
			*rows = calloc(cnt, sizeof(**rows));
		if (!*rows) {
			ct_list_free(names, cnt);
			return bb_err_set(e, ENOMEM, "top");
		}
		(*rows)[*n].name = names[k];
		names[k] = NULL; /* now the row's */
		(*rows)[(*n)++].s = s;
	}
	ct_list_free(names, cnt);
	return 0;
}

void top_rows_free(struct top_row *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(r[i].name);
	free(r);
}

void top_human(char *buf, size_t len, unsigned long long b)
{
	static const struct { int shift; const char *unit; } units[] = {
		{ 30, "GiB" }, { 20, "MiB" }, { 10, "KiB" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(units); i++) {
		unsigned long long unit = 1ULL << units[i].shift, whole, hund;

		if (b <= unit)
			continue;
		whole = b >> units[i].shift;
		hund = ((b & (unit - 1)) * 100 + unit / 2) >> units[i].shift;
		if (hund == 100) {
			whole++;
			hund = 0;
		}
		snprintf(buf, len, "%llu.%02llu %s", whole, hund, units[i].unit);
		return;
	}
	snprintf(buf, len, "%3llu.00   ", b);
}

static void print_line(FILE *f, const char *name, const struct ct_stats *s, int memsw, int kmem)
{
	char total[24], rd[24], wr[24], io[80], mem[24];

	top_human(total, sizeof(total), s->v[CT_STAT_BLKIO]);
	top_human(rd, sizeof(rd), s->v[CT_STAT_BLKIO_READ]);
	top_human(wr, sizeof(wr), s->v[CT_STAT_BLKIO_WRITE]);
	snprintf(io, sizeof(io), "%s(%s/%s)", total, rd, wr);
	top_human(mem, sizeof(mem), s->v[CT_STAT_MEM]);
	fprintf(f, "%-18.18s %12.2f %12.2f %12.2f %36s %10s", name, s->v[CT_STAT_CPU] / 1e9,
		s->v[CT_STAT_CPU_SYS] / 1e9, s->v[CT_STAT_CPU_USER] / 1e9, io, mem);
	if (memsw) {
		top_human(mem, sizeof(mem), s->v[CT_STAT_MEMSW]);
		fprintf(f, " %10s", mem);
	}
	if (kmem) {
		top_human(mem, sizeof(mem), s->v[CT_STAT_KMEM]);
		fprintf(f, " %10s", mem);
	}
}

void top_print_screen(FILE *f, const struct top_row *r, size_t n, size_t max)
{
	struct ct_stats total = { { 0 }, 0 };
	char name[64];
	size_t i, k, shown = n < max ? n : max;
	int memsw, kmem;

	for (i = 0; i < n; i++)
		for (k = 0; k < CT_STAT_MAX; k++)
			total.v[k] += r[i].s.v[k];
	/* lxc-top: the optional columns when any container has a figure */
	memsw = total.v[CT_STAT_MEMSW] > 0;
	kmem = total.v[CT_STAT_KMEM] > 0;
	fprintf(f, TOP_CLEAR TOP_HEAD "%-18s %12s %12s %12s %36s %10s%s%s\n", "Container", "CPU", "CPU",
		"CPU", "BlkIO", "Mem", memsw ? "      MemSw" : "", kmem ? "       KMem" : "");
	fprintf(f, "%-18s %12s %12s %12s %36s %10s%s%s" TOP_NORM "\n", "Name", "Used", "Sys", "User",
		"Total(Read/Write)", "Used", memsw ? "       Used" : "", kmem ? "       Used" : "");
	for (i = 0; i < shown; i++) {
		print_line(f, r[i].name, &r[i].s, memsw, kmem);
		fputc('\n', f);
	}
	snprintf(name, sizeof(name), "TOTAL %zu of %zu", shown, n);
	print_line(f, name, &total, memsw, kmem);
}

void top_print_csv_header(FILE *f)
{
	fprintf(f, "time_ms,container,cpu_nanos,cpu_sys_userhz,cpu_user_userhz,blkio_bytes,"
		   "blkio_iops,mem_used_bytes,memsw_used_bytes,kernel_mem_used_bytes\n");
}

/* A name as one CSV field: quoted when it holds a comma or a quote. */
static void csv_name(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void top_print_csv(FILE *f, const struct top_row *r, size_t n, unsigned long long time_ms)
{
	/* /proc's clock ticks: USER_HZ, 100 on every Linux ABI (what
	 * sysconf(_SC_CLK_TCK) says). */
	unsigned long long tick = 1000000000ULL / 100;
	size_t i;

	for (i = 0; i < n; i++) {
		const unsigned long long *v = r[i].s.v;

		fprintf(f, "%llu,", time_ms);
		csv_name(f, r[i].name);
		fprintf(f, ",%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu\n", v[CT_STAT_CPU],
			v[CT_STAT_CPU_SYS] / tick, v[CT_STAT_CPU_USER] / tick, v[CT_STAT_BLKIO],
			v[CT_STAT_BLKIO_OPS], v[CT_STAT_MEM], v[CT_STAT_MEMSW], v[CT_STAT_KMEM]);
	}
}

int top_parse_delay(const char *s, unsigned *ms)
{
	double d;

	/* plain decimals only: no sign, exponent, hex or blanks */
	if (!s || bb_parse_decimal(s, 0, &d) < 0 || !(d > 0) || d > 86400)
		return -1;
	d = d * 1000 + 0.5;
	if (d < 1)
		return -1;
	*ms = (unsigned)d;
	return 0;
}
