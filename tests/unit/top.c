/* Unit tests of top's sorting, sizes, screen and CSV layouts and delay
 * parsing (libbb/top.c). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "top.h"

static struct top_row mk(const char *name, unsigned long long cpu, unsigned long long mem)
{
	struct top_row r;

	memset(&r, 0, sizeof(r));
	r.name = (char *)name;
	r.s.v[CT_STAT_CPU] = cpu;
	r.s.v[CT_STAT_MEM] = mem;
	return r;
}

static char *order(const struct top_row *r, size_t n)
{
	static char buf[64];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(buf, r[i].name);
		strcat(buf, i + 1 < n ? " " : "");
	}
	return buf;
}

static char *screen(const struct top_row *r, size_t n, size_t max)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	top_print_screen(f, r, n, max);
	fclose(f);
	return buf;
}

int main(void)
{
	struct top_row r[4];
	char b[32], *s, csv[512];
	unsigned ms = 0;
	FILE *f;

	r[0] = mk("web", 5, 100);
	r[1] = mk("db", 50, 300);
	r[2] = mk("app", 5, 200);
	r[3] = mk("cache", 0, 0);
	top_sort(r, 4, 'n', 0);
	is_str(order(r, 4), "app cache db web", "names ascend");
	top_sort(r, 4, 'n', 1);
	is_str(order(r, 4), "web db cache app", "-r: names descend");
	top_sort(r, 4, 'c', 0);
	is_str(order(r, 4), "db app web cache", "cpu: largest first, equal ones by name");
	top_sort(r, 4, 'c', 1);
	is_str(order(r, 4), "cache web app db", "cpu -r: smallest first");
	top_sort(r, 4, 'm', 0);
	is_str(order(r, 4), "db app web cache", "memory: largest first");
	top_sort(r, 0, 'm', 0);
	ok(strchr(TOP_SORT_KEYS, 'k') && strchr(TOP_SORT_KEYS, 's') && !strchr(TOP_SORT_KEYS, 'x'),
	   "sort keys are lxc-top's");

	top_human(b, sizeof(b), 0);
	is_str(b, "  0.00   ", "0 bytes");
	top_human(b, sizeof(b), 1024);
	is_str(b, "1024.00   ", "1024 bytes stay bytes (as lxc-top)");
	top_human(b, sizeof(b), 1536);
	is_str(b, "1.50 KiB", "1.5 KiB");
	top_human(b, sizeof(b), 151552);
	is_str(b, "148.00 KiB", "148 KiB");
	top_human(b, sizeof(b), (5ULL << 20) + (1ULL << 19));
	is_str(b, "5.50 MiB", "5.5 MiB");
	top_human(b, sizeof(b), (2ULL << 30) - 1);
	is_str(b, "2.00 GiB", "rounded up to 2 GiB");
	top_human(b, sizeof(b), 3ULL << 40);
	is_str(b, "3072.00 GiB", "TiB shown as GiB");

	r[0] = mk("busy", 52100000000ULL, 151552);
	r[0].s.v[CT_STAT_CPU_SYS] = 180000000ULL;
	r[0].s.v[CT_STAT_CPU_USER] = 51910000000ULL;
	r[0].s.v[CT_STAT_MEMSW] = 151552;
	r[0].s.v[CT_STAT_KMEM] = 86016;
	r[1] = mk("idle", 10000000ULL, 147456);
	r[1].s.v[CT_STAT_MEMSW] = 147456;
	r[1].s.v[CT_STAT_KMEM] = 90112;
	s = screen(r, 2, 10);
	ok(strncmp(s, "\033[H\033[J\033[7m\033[1mContainer ", 23) == 0, "screen: clear, reverse bold header");
	ok(strstr(s, "Name                       Used          Sys         User                    Total(Read/Write)       Used       Used       Used\033[0m\n") != NULL,
	   "second header line with MemSw and KMem");
	ok(strstr(s, "\nbusy                      52.10         0.18        51.91         0.00   (  0.00   /  0.00   ) 148.00 KiB 148.00 KiB  84.00 KiB\n") != NULL,
	   "a container's line in lxc-top's layout");
	ok(strstr(s, "\nTOTAL 2 of 2              52.11         0.18        51.91") != NULL, "the total line");
	is_int(s[strlen(s) - 1] != '\n', 1, "no newline after the total line");
	s = screen(r, 2, 1);
	ok(strstr(s, "TOTAL 1 of 2") && !strstr(s, "\nidle"), "rows beyond the screen are left out");
	r[0].s.v[CT_STAT_MEMSW] = r[1].s.v[CT_STAT_MEMSW] = 0;
	r[0].s.v[CT_STAT_KMEM] = r[1].s.v[CT_STAT_KMEM] = 0;
	s = screen(r, 2, 10);
	ok(!strstr(s, "MemSw") && !strstr(s, "KMem"), "MemSw and KMem only when counted");

	f = fmemopen(csv, sizeof(csv), "w");
	top_print_csv_header(f);
	r[0].s.v[CT_STAT_BLKIO_OPS] = 7;
	r[1].name = (char *)"a,\"b";
	top_print_csv(f, r, 2, 1796188298664ULL);
	fclose(f);
	is_str(csv, "time_ms,container,cpu_nanos,cpu_sys_userhz,cpu_user_userhz,blkio_bytes,blkio_iops,mem_used_bytes,memsw_used_bytes,kernel_mem_used_bytes\n"
		    "1796188298664,busy,52100000000,18,5191,0,7,151552,0,0\n"
		    "1796188298664,\"a,\"\"b\",10000000,0,0,0,0,147456,0,0\n",
	       "CSV: lxc-top's columns, USER_HZ ticks, a quoted odd name");
	ok(!strchr(csv, '\033'), "CSV has no escape codes");

	ok(top_parse_delay("3", &ms) == 0 && ms == 3000, "delay 3");
	ok(top_parse_delay("0.25", &ms) == 0 && ms == 250, "delay 0.25");
	ok(top_parse_delay(".5", &ms) == 0 && ms == 500, "delay .5");
	ok(top_parse_delay("86400", &ms) == 0 && ms == 86400000u, "a day");
	{
		static const char *const bad[] = {
			"0", "0.0", "-1", "", " 1", "1s", "1e3", "0x10", "nan", "inf", "1..2", ".",
			"86401", "0.0001",
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(bad); i++)
			ok(top_parse_delay(bad[i], &ms) < 0, "delay '%s' refused", bad[i]);
	}
	return done_testing();
}
