/* Unit tests of the cgroup layer (libbb/cgroup.c, cgroup_keys.c,
 * cgroup_freeze.c): layouts read from literal mountinfo texts, groups
 * from /proc/PID/cgroup texts, sizes, the v1 <-> v2 key translation,
 * and the file operations on fake hierarchies (plain directories and
 * files in a temp dir, named by cgroup/cgroup2 lines of a fake
 * mountinfo). The kernel's part of those files is not there: new
 * directories come empty and writes do not truncate, so each check
 * reads what one write left. As root, cpuset inheritance is also tried
 * on the host's real v1 cpuset hierarchy in a scratch group. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "tap.h"

static char tmp[] = "/tmp/ctbox-cgroup-unit.XXXXXX";

/* ---- helpers ---- */

/* TMP/rel (rotating static buffers: a few may be live at once). */
static const char *tp(const char *rel)
{
	static char buf[8][1024];
	static int which;
	char *o = buf[which++ % 8];

	snprintf(o, sizeof(buf[0]), "%s/%s", tmp, rel);
	return o;
}

static void mk(const char *rel)
{
	if (mkdir(tp(rel), 0755) < 0 && errno != EEXIST) {
		perror(tp(rel));
		abort();
	}
}

/* Write (truncating) TMP/rel. */
static void put(const char *rel, const char *content)
{
	int fd = open(tp(rel), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t len = strlen(content);

	if (fd < 0 || write(fd, content, len) != (ssize_t)len) {
		perror(tp(rel));
		abort();
	}
	close(fd);
}

/* TMP/rel's content, "(missing)" when it can't be read. */
static const char *got(const char *rel)
{
	static char buf[4][4096];
	static int which;
	char *o = buf[which++ % 4];
	int fd = open(tp(rel), O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, o, sizeof(buf[0]) - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return "(missing)";
	o[n] = '\0';
	return o;
}

static int exists(const char *rel)
{
	return access(tp(rel), F_OK) == 0;
}

/* One mountinfo line for a fake hierarchy mounted on TMP/rel. */
static const char *mi_at(const char *rel, const char *fstype, const char *super)
{
	static char buf[4][1200];
	static int which;
	char *o = buf[which++ % 4];

	snprintf(o, sizeof(buf[0]), "90 22 0:90 / %s rw,nosuid,nodev,noexec,relatime - %s %s %s\n",
		 tp(rel), fstype, fstype, super);
	return o;
}

static int parse(struct cg_host *h, const char *mi)
{
	struct bb_err e = { 0 };

	return cg_host_parse(h, mi, &e);
}

/* The mount point of the hierarchy holding ctrl ("(none)" when none). */
static const char *mnt_of(const struct cg_host *h, const char *ctrl)
{
	int i = cg_hier_of(h, ctrl);

	return i < 0 ? "(none)" : h->h[i].mnt;
}

/* The path of g in the hierarchy holding ctrl. */
static const char *path_of(const struct cg_host *h, const struct cg_group *g, const char *ctrl)
{
	int i = cg_hier_of(h, ctrl);

	return i < 0 ? "(no hierarchy)" : g->path[i];
}

static int npaths(const struct cg_group *g)
{
	int i, n = 0;

	for (i = 0; i < CG_HIER_MAX; i++)
		n += g->path[i][0] != '\0';
	return n;
}

static int has(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

static int is_err_with(int r, const struct bb_err *e, const char *sub, const char *name)
{
	int good = r < 0 && has(e->msg, sub);

	ok(good, "%s", name);
	if (!good)
		diag("returned %d, message '%s', want one with '%s'", r, e->msg, sub);
	return good;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* ---- 1. layouts ---- */

/* This board's shape: systemd's hybrid layout. */
static const char hybrid_mi[] =
	"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
	"24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"31 24 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
	/* cpuacct before cpu: "cpu" must not be found in "cpuacct" */
	"33 31 0:30 / /sys/fs/cgroup/cpuacct rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,cpuacct\n"
	"32 31 0:29 / /sys/fs/cgroup/cpu rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,cpu\n"
	"34 31 0:31 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,cpuset\n"
	"35 31 0:32 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,memory\n"
	"36 31 0:33 / /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,devices\n"
	"37 31 0:34 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,freezer\n"
	"38 31 0:35 / /sys/fs/cgroup/blkio rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,blkio\n"
	"39 31 0:36 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,pids\n"
	"40 31 0:37 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,xattr,name=systemd\n"
	"41 31 0:38 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:19 - cgroup2 cgroup2 rw,nsdelegate\n"
	"50 22 0:45 / /proc rw,nosuid,nodev,noexec,relatime shared:20 - proc proc rw\n";

/* Pure v1 with co-mounted controllers and mount flags among them. */
static const char v1_mi[] =
	"22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
	"31 22 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,cpu,cpuacct\n"
	"33 31 0:30 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,net_cls,net_prio\n"
	"34 31 0:31 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,cpuset,clone_children\n"
	"35 31 0:32 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,xattr,release_agent=/x,freezer\n"
	"36 31 0:33 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd\n"
	"37 31 0:34 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,pids\n"
	"38 31 0:35 / /sys/fs/cgroup/blkio ro,relatime - cgroup cgroup ro,blkio,noprefix\n";

static void test_hybrid(struct cg_host *h)
{
	int i = -1, n1 = 0;

	is_int(parse(h, hybrid_mi), 0, "hybrid: parsed");
	is_int(h->layout, CG_LAYOUT_HYBRID, "hybrid: layout HYBRID");
	is_str(cg_layout_name(h->layout), "hybrid", "hybrid: layout name");
	is_int(h->n, 10, "hybrid: 10 hierarchies (9 v1 + unified)");
	for (i = 0; i < h->n; i++)
		n1 += !h->h[i].v2;
	is_int(n1, 9, "hybrid: 9 of them v1");
	is_str(mnt_of(h, "memory"), "/sys/fs/cgroup/memory", "hybrid: memory");
	i = cg_hier_of(h, "memory");
	ok(i >= 0 && !h->h[i].v2 && strcmp(h->h[i].root, "/") == 0, "hybrid: memory is v1, root /");
	is_str(mnt_of(h, "cpu"), "/sys/fs/cgroup/cpu", "hybrid: cpu (not cpuacct, listed first)");
	is_str(mnt_of(h, "cpuacct"), "/sys/fs/cgroup/cpuacct", "hybrid: cpuacct");
	is_str(mnt_of(h, "cpuset"), "/sys/fs/cgroup/cpuset", "hybrid: cpuset");
	is_str(mnt_of(h, "devices"), "/sys/fs/cgroup/devices", "hybrid: devices");
	is_str(mnt_of(h, "freezer"), "/sys/fs/cgroup/freezer", "hybrid: freezer");
	is_str(mnt_of(h, "blkio"), "/sys/fs/cgroup/blkio", "hybrid: blkio");
	is_str(mnt_of(h, "pids"), "/sys/fs/cgroup/pids", "hybrid: pids");
	is_str(mnt_of(h, "name=systemd"), "/sys/fs/cgroup/systemd", "hybrid: name=systemd found");
	i = cg_hier_of(h, "name=systemd");
	is_str(i >= 0 ? h->h[i].ctrls : NULL, "name=systemd", "hybrid: xattr is not a controller");
	is_str(mnt_of(h, "cgroup"), "/sys/fs/cgroup/unified", "hybrid: 'cgroup' is the v2 one");
	i = cg_hier_of(h, "cgroup");
	ok(i >= 0 && h->h[i].v2 && h->h[i].id == 0, "hybrid: unified is v2, id 0");
	is_int(cg_hier_of(h, "systemd"), -1, "hybrid: 'systemd' alone is no controller");
	is_int(cg_hier_of(h, "net_cls"), -1, "hybrid: net_cls not mounted");
	is_int(cg_hier_of(h, "rw"), -1, "hybrid: 'rw' is no controller");
	is_int(cg_hier_of(h, "nsdelegate"), -1, "hybrid: 'nsdelegate' is no controller");
}

static void test_v1(struct cg_host *h)
{
	int i, cpu;

	is_int(parse(h, v1_mi), 0, "v1: parsed");
	is_int(h->layout, CG_LAYOUT_V1, "v1: layout V1");
	is_str(cg_layout_name(h->layout), "v1", "v1: layout name");
	is_int(h->n, 7, "v1: 7 hierarchies");
	cpu = cg_hier_of(h, "cpu");
	ok(cpu >= 0 && cpu == cg_hier_of(h, "cpuacct"), "v1: cpu and cpuacct co-mounted");
	is_str(cpu >= 0 ? h->h[cpu].ctrls : NULL, "cpu,cpuacct", "v1: its controllers (rw dropped)");
	is_str(mnt_of(h, "cpu"), "/sys/fs/cgroup/cpu,cpuacct", "v1: its mount point");
	i = cg_hier_of(h, "net_prio");
	ok(i >= 0 && i == cg_hier_of(h, "net_cls"), "v1: net_cls and net_prio co-mounted");
	i = cg_hier_of(h, "cpuset");
	is_str(i >= 0 ? h->h[i].ctrls : NULL, "cpuset", "v1: clone_children is not a controller");
	i = cg_hier_of(h, "freezer");
	is_str(i >= 0 ? h->h[i].ctrls : NULL, "freezer", "v1: xattr, release_agent=/x are not controllers");
	i = cg_hier_of(h, "name=systemd");
	is_str(i >= 0 ? h->h[i].ctrls : NULL, "name=systemd", "v1: named hierarchy");
	i = cg_hier_of(h, "blkio");
	is_str(i >= 0 ? h->h[i].ctrls : NULL, "blkio", "v1: ro and noprefix are not controllers");
	is_int(cg_hier_of(h, "io"), i, "v1: 'io' is blkio here");
	is_int(cg_hier_of(h, "memory"), -1, "v1: memory not mounted");
	is_int(cg_hier_of(h, "devices"), -1, "v1: devices not mounted");
	is_int(cg_hier_of(h, "cgroup"), -1, "v1: no v2 hierarchy for 'cgroup'");
	is_int(cg_hier_of(h, "xattr"), -1, "v1: 'xattr' not found");
	is_int(cg_hier_of(h, "clone_children"), -1, "v1: 'clone_children' not found");
	is_int(cg_hier_of(h, "release_agent=/x"), -1, "v1: 'release_agent=/x' not found");
	is_int(cg_hier_of(h, "rw"), -1, "v1: 'rw' not found");
	for (i = 0; i < h->n; i++)
		if (h->h[i].v2 || h->h[i].id != -1)
			break;
	is_int(i, h->n, "v1: every hierarchy v1 (id unknown from mountinfo: -1)");
}

static void test_v1_flags_in_super(void)
{
	/* What the kernel prints: per-mount flags (nosuid ...) in field 6,
	 * super options "rw,cpu,cpuacct" after the source. Checked above.
	 * Here the per-mount flags also in the super options, as a
	 * hand-written or foreign mountinfo could have them. */
	static const char mi[] =
		"32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,nosuid,nodev,noexec,relatime,cpu,cpuacct\n";
	struct cg_host h;
	struct cg_group g;
	struct bb_err e = { 0 };
	int i;

	is_int(parse(&h, mi), 0, "flags in super options: parsed");
	i = cg_hier_of(&h, "cpu");
	ok(i >= 0 && i == cg_hier_of(&h, "cpuacct"), "flags in super options: cpu,cpuacct found");
	ok(i >= 0 && strcmp(h.h[i].ctrls, "cpu,cpuacct") == 0,
	   "flags in super options: controllers are cpu,cpuacct only");
	ok(cg_hier_of(&h, "nosuid") < 0, "flags in super options: 'nosuid' not a controller");
	cg_group_parse(&h, "4:cpu,cpuacct:/x\n", &g, &e);
	ok(i >= 0 && strcmp(g.path[i], "/x") == 0,
	   "flags in super options: /proc/PID/cgroup line maps onto it");
}

static void test_v2(struct cg_host *h)
{
	char mi[2048];
	int i;

	mk("v2");
	put("v2/cgroup.controllers", "cpuset cpu io memory pids\n");
	snprintf(mi, sizeof(mi), "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n%s", mi_at("v2", "cgroup2", "rw,nsdelegate,memory_recursiveprot"));
	is_int(parse(h, mi), 0, "v2: parsed");
	is_int(h->layout, CG_LAYOUT_V2, "v2: layout V2");
	is_str(cg_layout_name(h->layout), "v2", "v2: layout name");
	is_int(h->n, 1, "v2: one hierarchy");
	is_str(h->h[0].ctrls, "cpuset cpu io memory pids", "v2: controllers from cgroup.controllers");
	ok(h->h[0].v2 && h->h[0].id == 0, "v2: v2, id 0");
	is_str(h->h[0].mnt, tp("v2"), "v2: mount point");
	is_int(cg_hier_of(h, "memory"), 0, "v2: memory");
	is_int(cg_hier_of(h, "cpu"), 0, "v2: cpu");
	is_int(cg_hier_of(h, "io"), 0, "v2: io");
	is_int(cg_hier_of(h, "blkio"), 0, "v2: 'blkio' finds the hierarchy holding io");
	is_int(cg_hier_of(h, "cgroup"), 0, "v2: 'cgroup' (core files)");
	is_int(cg_hier_of(h, "freezer"), -1, "v2: no freezer controller");
	is_int(cg_hier_of(h, "devices"), -1, "v2: no devices controller");
	is_int(cg_hier_of(h, "name=systemd"), -1, "v2: no named hierarchy");
	is_int(cg_hier_of(h, "cpuacct"), -1, "v2: no cpuacct");

	/* No cgroup.controllers (unreadable mount): v2 with no controller. */
	mk("v2bare");
	is_int(parse(h, mi_at("v2bare", "cgroup2", "rw")), 0, "v2 bare: parsed");
	is_int(h->layout, CG_LAYOUT_V2, "v2 bare: layout V2");
	is_str(h->h[0].ctrls, "", "v2 bare: no controllers");
	is_int(cg_hier_of(h, "memory"), -1, "v2 bare: no memory");
	is_int(cg_hier_of(h, "cgroup"), 0, "v2 bare: 'cgroup' still found");

	/* Hybrid with io on v2 and no v1 blkio: blkio -> the v2 one. */
	mk("v2io");
	put("v2io/cgroup.controllers", "io\n");
	snprintf(mi, sizeof(mi), "%s%s", mi_at("v2io", "cgroup2", "rw"),
		 "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
	parse(h, mi);
	is_int(h->layout, CG_LAYOUT_HYBRID, "hybrid io on v2: layout HYBRID");
	i = cg_hier_of(h, "blkio");
	ok(i >= 0 && h->h[i].v2, "hybrid io on v2: 'blkio' finds v2");
	is_int(cg_hier_of(h, "io"), i, "hybrid io on v2: 'io' too");
	/* Hybrid with v1 blkio and an empty unified: io -> v1 blkio. */
	snprintf(mi, sizeof(mi), "%s%s", mi_at("v2bare", "cgroup2", "rw"),
		 "38 31 0:35 / /sys/fs/cgroup/blkio rw - cgroup cgroup rw,blkio\n");
	parse(h, mi);
	is_str(mnt_of(h, "io"), "/sys/fs/cgroup/blkio", "hybrid blkio on v1: 'io' finds v1 blkio");
}

static void test_none_dup_escape_garbage(void)
{
	struct cg_host h;
	char mi[4096], longp[700];
	int i;

	is_int(parse(&h, "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
			 "31 22 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"), 0, "none: parsed");
	is_int(h.layout, CG_LAYOUT_NONE, "none: layout NONE");
	is_str(cg_layout_name(h.layout), "none", "none: layout name");
	is_int(h.n, 0, "none: no hierarchy");
	is_int(cg_hier_of(&h, "memory"), -1, "none: no memory");
	is_int(cg_hier_of(&h, "cgroup"), -1, "none: no 'cgroup'");
	parse(&h, "");
	ok(h.layout == CG_LAYOUT_NONE && h.n == 0, "none: empty text");
	parse(&h, "40 31 0:37 / /sys/fs/cgroup/x rw - cgroup cgroup rw,xattr,release_agent=/y\n");
	ok(h.layout == CG_LAYOUT_NONE && h.n == 0, "none: a v1 mount with no controller is skipped");
	is_str(cg_layout_name((enum cg_layout)42), "?", "layout name of junk");

	/* The same hierarchy mounted twice: counted once, the first wins. */
	parse(&h, "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
		  "90 22 0:32 / /mnt/memory rw - cgroup cgroup rw,memory\n"
		  "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
		  "91 22 0:29 / /mnt/cpu rw - cgroup cgroup rw,cpuacct,cpu\n"
		  "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
		  "92 22 0:38 / /mnt/unified rw - cgroup2 cgroup2 rw\n");
	is_int(h.n, 3, "twice: each hierarchy counted once");
	is_str(mnt_of(&h, "memory"), "/sys/fs/cgroup/memory", "twice: memory, first mount");
	is_str(mnt_of(&h, "cpu"), "/sys/fs/cgroup/cpu,cpuacct", "twice: cpu,cpuacct = cpuacct,cpu");
	is_str(mnt_of(&h, "cgroup"), "/sys/fs/cgroup/unified", "twice: unified, first mount");
	/* ... but overlapping, different sets are different hierarchies */
	parse(&h, "32 31 0:29 / /a rw - cgroup cgroup rw,cpu,cpuacct\n"
		  "33 31 0:30 / /b rw - cgroup cgroup rw,cpu\n");
	is_int(h.n, 2, "twice: cpu,cpuacct and cpu are not the same");

	/* Escapes: \040 space, \011 tab, \134 backslash. */
	mk("my cg");
	put("my cg/cgroup.controllers", "memory pids\n");
	snprintf(mi, sizeof(mi), "90 22 0:90 /lxc.payload.a\\040b %s/my\\040cg rw - cgroup2 cgroup2 rw\n"
		 "35 31 0:32 / /mnt/t\\011ab\\134x rw - cgroup cgroup rw,memory\n", tmp);
	parse(&h, mi);
	is_int(h.n, 2, "escapes: two hierarchies");
	i = cg_hier_of(&h, "cgroup");
	is_str(i >= 0 ? h.h[i].mnt : NULL, tp("my cg"), "escapes: \\040 in the mount point");
	is_str(i >= 0 ? h.h[i].root : NULL, "/lxc.payload.a b", "escapes: \\040 in the root");
	is_str(i >= 0 ? h.h[i].ctrls : NULL, "memory pids", "escapes: cgroup.controllers read at the unescaped path");
	is_str(mnt_of(&h, "memory"), "/mnt/t\tab\\x", "escapes: \\011 and \\134 (v1 hierarchy with memory first)");
	/* a lone backslash or a short escape is kept */
	parse(&h, "35 31 0:32 / /mnt/a\\04 rw - cgroup cgroup rw,memory\n"
		  "36 31 0:33 / /mnt/b\\ rw - cgroup cgroup rw,pids\n");
	is_str(mnt_of(&h, "memory"), "/mnt/a\\04", "escapes: a short escape is kept");
	is_str(mnt_of(&h, "pids"), "/mnt/b\\", "escapes: a trailing backslash is kept");

	/* Garbage lines around one good line. */
	parse(&h, "garbage\n\n - \n- cgroup cgroup rw,cpu\n1 2 3 - cgroup cgroup rw,cpu\n"
		  "1 2 3 4 5 6 -\n1 2 3 4 5 6 - cgroup\n1 2 3 4 5 6 - cgroup cgroup\n"
		  "1 2 3 / /x rw - cgroup2\n\t\t\t\n\\\\\\\\ - - - - -\n"
		  "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
		  "1 2 3 / /y rw - cgroup cgroup ,,,,\n1 2 3 / /z rw - cgroup cgroup =\n"
		  "1 2 3 / /w rw - ext4 /dev/x rw,memory\n");
	is_int(h.n, 1, "garbage: one hierarchy from the good line");
	ok(h.layout == CG_LAYOUT_V1, "garbage: layout V1");
	is_str(mnt_of(&h, "memory"), "/sys/fs/cgroup/memory", "garbage: memory");
	parse(&h, "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory");
	is_int(h.n, 1, "garbage: last line without newline");

	/* A mount point too long for CG_PATH_MAX: skipped. */
	memset(longp, 'x', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	snprintf(mi, sizeof(mi), "35 31 0:32 / %s rw - cgroup cgroup rw,memory\n", longp);
	parse(&h, mi);
	is_int(h.n, 0, "too long a mount point: skipped");

	/* More hierarchies than CG_HIER_MAX: the first ones. */
	mi[0] = '\0';
	for (i = 0; i < CG_HIER_MAX + 4; i++) {
		size_t l = strlen(mi);

		snprintf(mi + l, sizeof(mi) - l, "%d 31 0:%d / /cg/c%d rw - cgroup cgroup rw,name=n%d\n",
			 40 + i, 40 + i, i, i);
	}
	parse(&h, mi);
	is_int(h.n, CG_HIER_MAX, "more than CG_HIER_MAX hierarchies: CG_HIER_MAX kept");
	is_str(mnt_of(&h, "name=n0"), "/cg/c0", "more than CG_HIER_MAX: the first one kept");
	is_int(cg_hier_of(&h, "name=n17"), -1, "more than CG_HIER_MAX: a late one dropped");
}

/* cg_hier_of with an empty name: -1, and promptly (run in a child: a
 * loop on an empty word would hang the test). */
static void test_empty_ctrl(const struct cg_host *h, const char *name)
{
	pid_t pid = fork();
	int st = 0;

	if (pid == 0) {
		alarm(1);
		_exit(cg_hier_of(h, "") == -1 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: cg_hier_of(\"\") is -1", name);
	if (!WIFEXITED(st))
		diag("killed by signal %d (%s)", WTERMSIG(st), WTERMSIG(st) == SIGALRM ? "hung" : "crashed");
	else if (WEXITSTATUS(st))
		diag("found a hierarchy");
}

/* Random mountinfo-like texts: no crash, sane results (ASan checks the
 * rest). Then /proc/PID/cgroup texts onto whatever was parsed. */
static const char *const mi_words[] = {
	"-", " - ", "cgroup", "cgroup2", "cgroup", "rw,memory", "rw,cpu,cpuacct", "name=systemd",
	"/", "/sys/fs/cgroup/x", "\\040", "\\", "\\0", "\\777", "0:", "::", ":", "0::/", "1:memory:/a",
	"xattr", "release_agent=", ",", ",,", "=", "none", "all", "/lxc.payload.x", "35", "0:32",
	"\t", "  ", "tmpfs", "rw", "/nonexistent/cg", "io", "blkio",
};

static void rand_text(char *buf, size_t len)
{
	size_t n = 0, want = (size_t)rand() % (len - 1);

	while (n < want) {
		int k = rand() % 4;

		if (k == 0) {
			/* a raw byte, never NUL */
			buf[n++] = (char)(1 + rand() % 255);
		} else if (k == 1) {
			buf[n++] = "\n \n-"[rand() % 4];
		} else {
			const char *w = mi_words[rand() % ARRAY_SIZE(mi_words)];
			size_t l = strlen(w);

			if (n + l + 1 >= want)
				break;
			memcpy(buf + n, w, l);
			n += l;
			buf[n++] = ' ';
		}
	}
	buf[n] = '\0';
}

static int host_sane(const struct cg_host *h)
{
	int i;

	if (h->n < 0 || h->n > CG_HIER_MAX || h->layout > CG_LAYOUT_V2)
		return 0;
	for (i = 0; i < h->n; i++)
		if (strnlen(h->h[i].mnt, CG_PATH_MAX) >= CG_PATH_MAX ||
		    strnlen(h->h[i].root, CG_PATH_MAX) >= CG_PATH_MAX ||
		    strnlen(h->h[i].ctrls, sizeof(h->h[i].ctrls)) >= sizeof(h->h[i].ctrls) ||
		    (!h->h[i].v2 && !h->h[i].ctrls[0]))
			return 0;
	return 1;
}

static void test_random(void)
{
	static char text[8192], text2[2048];
	struct cg_host h;
	struct cg_group g;
	struct bb_err e;
	int i, sane = 1, okp = 1, j;

	srand(20240601);
	for (i = 0; i < 400; i++) {
		rand_text(text, sizeof(text));
		if (cg_host_parse(&h, text, &e) < 0)
			okp = 0;
		if (!host_sane(&h))
			sane = 0;
		cg_hier_of(&h, "memory");
		cg_hier_of(&h, "io");
		cg_hier_of(&h, "cgroup");
		rand_text(text2, sizeof(text2));
		cg_group_parse(&h, text2, &g, &e);
		for (j = 0; j < CG_HIER_MAX; j++)
			if (strnlen(g.path[j], CG_PATH_MAX) >= CG_PATH_MAX || (j >= h.n && g.path[j][0]))
				sane = 0;
		for (j = 0; j < h.n; j++)
			free(cg_path(&h, &g, j, "cgroup.procs"));
	}
	ok(okp, "random mountinfo: 400 texts parsed without error");
	ok(sane, "random mountinfo: counts, strings and paths within bounds");
}

/* ---- 2. groups ---- */

static const char hybrid_cgroup[] =
	"13:rdma:/\n"
	"12:net_cls,net_prio:/ignored\n"
	"10:name=systemd:/lxc.payload.c1\n"
	"9:pids:/lxc.payload.c1\n"
	"8:blkio:/lxc.payload.c1\n"
	"7:freezer:/lxc.payload.c1\n"
	"6:devices:/lxc.payload.c1\n"
	"5:memory:/lxc.payload.c1/sub\n"
	"4:cpuset:/\n"
	"3:cpuacct:/lxc.payload.c1\n"
	"2:cpu:/lxc.payload.c1\n"
	"1:hugetlb:/ignored\n"
	"0::/lxc.payload.c1\n";

static void test_groups(const struct cg_host *hy, const struct cg_host *v1)
{
	static const char sub_mi[] =
		"35 31 0:32 /lxc.payload.x /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
		"32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"
		"36 31 0:33 /lxc.payload.x /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
		"41 31 0:38 /lxc.payload.x /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
	struct cg_host sub;
	struct cg_group g, c, l;
	struct bb_err e = { 0 };
	char file[1024], longname[600];
	char *p;
	int i, same;

	is_int(cg_group_parse(hy, hybrid_cgroup, &g, &e), 0, "group on hybrid: parsed");
	is_str(path_of(hy, &g, "memory"), "/lxc.payload.c1/sub", "group on hybrid: memory");
	is_str(path_of(hy, &g, "cpu"), "/lxc.payload.c1", "group on hybrid: cpu");
	is_str(path_of(hy, &g, "cpuacct"), "/lxc.payload.c1", "group on hybrid: cpuacct");
	is_str(path_of(hy, &g, "cpuset"), "/", "group on hybrid: cpuset (root)");
	is_str(path_of(hy, &g, "name=systemd"), "/lxc.payload.c1", "group on hybrid: name=systemd");
	is_str(path_of(hy, &g, "cgroup"), "/lxc.payload.c1", "group on hybrid: unified (0::)");
	is_int(npaths(&g), 10, "group on hybrid: a path in each of the 10 hierarchies, none more");
	for (i = 0; i < CG_HIER_MAX; i++)
		if (strcmp(g.path[i], "/ignored") == 0)
			break;
	is_int(i, CG_HIER_MAX, "group on hybrid: lines of unmounted hierarchies ignored");

	cg_group_parse(v1, "14:cpuacct,cpu:/a\n13:net_prio,net_cls:/b\n12:memory:/c\n11:cpu:/d\n0::/e\n"
		       "10:name=systemd:/f\n9::/g\nno colon\n8:pids\n", &g, &e);
	is_str(path_of(v1, &g, "cpu"), "/a", "group on v1: cpuacct,cpu onto cpu,cpuacct");
	is_str(path_of(v1, &g, "net_cls"), "/b", "group on v1: net_prio,net_cls");
	is_str(path_of(v1, &g, "name=systemd"), "/f", "group on v1: name=systemd");
	is_int(npaths(&g), 3, "group on v1: memory, lone cpu, 0::, empty and short lines ignored");

	is_int(parse(&sub, sub_mi), 0, "sub-tree mounts: parsed");
	cg_group_parse(&sub, "5:memory:/lxc.payload.x/sub/deeper\n2:cpu:/lxc.payload.x\n"
		       "6:pids:/lxc.payload.x\n0::/lxc.payload.x/init\n", &g, &e);
	is_str(path_of(&sub, &g, "memory"), "/sub/deeper", "sub-tree: memory prefix stripped");
	is_str(path_of(&sub, &g, "cpu"), "/lxc.payload.x", "sub-tree: cpu (root /) kept");
	is_str(path_of(&sub, &g, "pids"), "/", "sub-tree: the root itself -> /");
	is_str(path_of(&sub, &g, "cgroup"), "/init", "sub-tree: v2 prefix stripped");
	cg_group_parse(&sub, "5:memory:/lxc.payload.xyz\n6:pids:/elsewhere\n0::\n", &g, &e);
	is_str(path_of(&sub, &g, "memory"), "/lxc.payload.xyz", "sub-tree: only a whole component is stripped");
	is_str(path_of(&sub, &g, "pids"), "/elsewhere", "sub-tree: a path outside it is kept");
	is_str(path_of(&sub, &g, "cgroup"), "/", "sub-tree: an empty path is /");

	/* cg_group_child */
	cg_group_parse(hy, hybrid_cgroup, &g, &e);
	is_int(cg_group_child(&g, "child", &c, &e), 0, "child: made");
	is_str(path_of(hy, &c, "memory"), "/lxc.payload.c1/sub/child", "child: appended");
	is_str(path_of(hy, &c, "cpuset"), "/child", "child: appended to /");
	is_str(path_of(hy, &c, "cgroup"), "/lxc.payload.c1/child", "child: in v2 too");
	is_int(npaths(&c), 10, "child: only where g has a path");
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	l = c;
	e.msg[0] = '\0';
	ok(cg_group_child(&g, longname, &l, &e) < 0 && e.errnum == ENAMETOOLONG,
	   "child: too long a path -> ENAMETOOLONG");
	ok(memcmp(&l, &c, sizeof(l)) == 0, "child: out untouched on error");
	l = g;
	is_int(cg_group_child(&l, "x", &l, &e), 0, "child: in place (out == g)");
	is_str(path_of(hy, &l, "memory"), "/lxc.payload.c1/sub/x", "child: in place appended");

	/* save / load */
	snprintf(file, sizeof(file), "%s/group", tmp);
	is_int(cg_group_save(hy, &g, file, &e), 0, "save on hybrid: written");
	ok(!exists("group.tmp"), "save: no temp file left");
	ok(has(got("group"), "0::/lxc.payload.c1\n"), "save: the v2 line as 0::PATH");
	ok(has(got("group"), ":memory:/lxc.payload.c1/sub\n"), "save: the memory line");
	ok(has(got("group"), ":name=systemd:/lxc.payload.c1\n"), "save: the named line");
	memset(&l, 0x55, sizeof(l));
	is_int(cg_group_load(hy, file, &l, &e), 0, "load on hybrid: read");
	ok(memcmp(&l, &g, sizeof(l)) == 0, "save + load on hybrid: same group");
	cg_group_parse(v1, "14:cpuacct,cpu:/a\n13:net_prio,net_cls:/b\n10:name=systemd:/f\n", &g, &e);
	cg_group_save(v1, &g, file, &e);
	cg_group_load(v1, file, &l, &e);
	ok(memcmp(&l, &g, sizeof(l)) == 0, "save + load on v1 (co-mounted): same group");
	cg_group_parse(&sub, "5:memory:/lxc.payload.x/sub\n0::/lxc.payload.x/init\n", &g, &e);
	cg_group_save(&sub, &g, file, &e);
	cg_group_load(&sub, file, &l, &e);
	ok(memcmp(&l, &g, sizeof(l)) == 0, "save + load with sub-tree mounts: paths stay relative");
	is_str(path_of(&sub, &l, "memory"), "/sub", "save + load with sub-tree mounts: memory /sub");
	memset(&l, 0, sizeof(l));
	cg_group_save(hy, &l, file, &e);
	is_str(got("group"), "", "save of an empty group: an empty file");
	ok(cg_group_load(hy, tp("nonexistent"), &l, &e) < 0 && e.errnum == ENOENT,
	   "load of a missing file: ENOENT");
	snprintf(file, sizeof(file), "%s/no/such/dir/group", tmp);
	ok(cg_group_save(hy, &g, file, &e) < 0, "save into a missing directory: error");

	/* cg_path */
	cg_group_parse(hy, hybrid_cgroup, &g, &e);
	i = cg_hier_of(hy, "memory");
	p = cg_path(hy, &g, i, "memory.max");
	is_str(p, "/sys/fs/cgroup/memory/lxc.payload.c1/sub/memory.max", "cg_path: MNT/PATH/FILE");
	free(p);
	p = cg_path(hy, &g, i, NULL);
	is_str(p, "/sys/fs/cgroup/memory/lxc.payload.c1/sub", "cg_path: MNT/PATH");
	free(p);
	i = cg_hier_of(hy, "cpuset");
	p = cg_path(hy, &g, i, "cpuset.cpus");
	is_str(p, "/sys/fs/cgroup/cpuset/cpuset.cpus", "cg_path: root group: MNT/FILE");
	free(p);
	p = cg_path(hy, &g, i, NULL);
	is_str(p, "/sys/fs/cgroup/cpuset", "cg_path: root group: MNT");
	free(p);
	same = cg_hier_of(hy, "cgroup");
	p = cg_path(hy, &g, same, "cgroup.procs");
	is_str(p, "/sys/fs/cgroup/unified/lxc.payload.c1/cgroup.procs", "cg_path: v2");
	free(p);
}

/* ---- 3. sizes ---- */

static void test_sizes(void)
{
	static const struct {
		const char *in;
		int64_t want;
	} good[] = {
		{ "0", 0 }, { "4096", 4096 }, { "512M", 536870912 }, { "512m", 536870912 },
		{ "1G", 1073741824 }, { "1g", 1073741824 }, { "2T", 2199023255552LL },
		{ "1K", 1024 }, { "1k", 1024 }, { "1KiB", 1024 }, { "1kib", 1024 }, { "1kb", 1024 },
		{ "1KB", 1024 }, { "512MB", 536870912 }, { "512MiB", 536870912 }, { "1P", 1LL << 50 },
		{ "7E", 7LL << 60 }, { "-1", -1 },
		{ "9223372036854771712", -1 }, /* v1's "unlimited" */
		{ "9223372036854775807", -1 },
		{ "9223372036854771711", 9223372036854771711LL },
	};
	static const char *const junk[] = {
		"", "12Q", "-5", "-1M", "1.5G", "99999999999E", "8E", "9223372036854775808", "M", "G1",
		"1GG", "1Gi", "1GiBs", "1 G", "0x10", "1e3", "abc", "--1", "1-", "1Kb2",
		"99999999999999999999",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		int64_t v = 12345;
		int r = cg_parse_size(good[i].in, &v);

		ok(r == 0 && v == good[i].want, "size '%s' = %lld", good[i].in, (long long)good[i].want);
		if (r != 0 || v != good[i].want)
			diag("returned %d, value %lld", r, (long long)v);
	}
	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		int64_t v = 12345;

		is_int(cg_parse_size(junk[i], &v), -1, "size '%s' rejected", junk[i]);
	}
}

/* ---- 4. translation ---- */

/* version_of from a spec "memory=2 cpu=1 ...": 0 for what it lacks. */
static int spec_version(const char *ctrl, void *arg)
{
	const char *spec = arg, *p = spec;
	size_t l = strlen(ctrl);

	if (!l)
		return 0;
	while ((p = strstr(p, ctrl)) != NULL) {
		if ((p == spec || p[-1] == ' ') && p[l] == '=')
			return p[l + 1] - '0';
		p += l;
	}
	return 0;
}

/* Translate "V:KEY=VALUE|V:KEY=VALUE..." for a host as spec says; the
 * writes as "KEY=VALUE|...", or "ERR: message". */
static const char *xl(const char *spec, const char *in)
{
	static char out[2048];
	char buf[1024], *tok, *save = NULL;
	struct cg_setting s[16];
	struct cg_write w[32];
	struct bb_err e = { 0 };
	size_t n = 0, k = 0;
	int r, i;

	snprintf(buf, sizeof(buf), "%s", in);
	for (tok = strtok_r(buf, "|", &save); tok && n < ARRAY_SIZE(s); tok = strtok_r(NULL, "|", &save)) {
		char *eq = strchr(tok + 2, '=');

		if (eq)
			*eq = '\0';
		s[n++] = (struct cg_setting){ tok[0] - '0', tok + 2, eq ? eq + 1 : "" };
	}
	r = cg_translate(s, n, spec_version, (void *)spec, w, ARRAY_SIZE(w), &e);
	if (r < 0) {
		snprintf(out, sizeof(out), "ERR: %s", e.msg);
		return out;
	}
	out[0] = '\0';
	for (i = 0; i < r; i++)
		k += (size_t)snprintf(out + k, sizeof(out) - k, "%s%s=%s", i ? "|" : "", w[i].key, w[i].value);
	return out;
}

#define V1 "memory=1 cpu=1 cpuacct=1 blkio=1 io=1 pids=1 cpuset=1 devices=1 freezer=1"
#define V2 "memory=2 cpu=2 io=2 blkio=2 pids=2 cpuset=2"

static const struct {
	const char *spec, *in, *want; /* want "ERR:TEXT": an error with TEXT */
} xlt[] = {
	/* same version: as is */
	{ V1, "1:memory.limit_in_bytes=512M|1:memory.soft_limit_in_bytes=256M",
	  "memory.limit_in_bytes=512M|memory.soft_limit_in_bytes=256M" },
	{ V2, "2:memory.high=1G|2:memory.max=max|2:cpu.weight=0", "memory.high=1G|memory.max=max|cpu.weight=0" },
	{ V1, "1:memory.memsw.limit_in_bytes=1G|1:memory.limit_in_bytes=512M|1:pids.max=10",
	  "memory.limit_in_bytes=512M|pids.max=10|memory.memsw.limit_in_bytes=1G" },
	{ V1, "1:memory.memsw.limit_in_bytes=1G|1:pids.max=10|1:memory.memsw.max_usage_in_bytes=0|1:memory.limit_in_bytes=512M",
	  "pids.max=10|memory.limit_in_bytes=512M|memory.memsw.limit_in_bytes=1G|memory.memsw.max_usage_in_bytes=0" },
	{ V1, "1:devices.allow=c 1:3 rwm|2:devices.deny=a|1:devices.deny=b *:* m", "" },
	{ V2, "1:devices.allow=c 1:3 rwm", "" },
	{ V2, "", "" },

	/* v1 -> v2: memory */
	{ V2, "1:memory.limit_in_bytes=512M", "memory.max=536870912" },
	{ V2, "1:memory.limit_in_bytes=4096", "memory.max=4096" },
	{ V2, "1:memory.limit_in_bytes=-1", "memory.max=max" },
	{ V2, "1:memory.limit_in_bytes=9223372036854771712", "memory.max=max" },
	{ V2, "1:memory.limit_in_bytes=12Q", "ERR:lxc.cgroup.memory.limit_in_bytes = 12Q: expected a size" },
	{ V2, "1:memory.limit_in_bytes=", "ERR:lxc.cgroup.memory.limit_in_bytes = : expected a size" },
	{ V2, "1:memory.limit_in_bytes=512M|1:memory.memsw.limit_in_bytes=1G",
	  "memory.max=536870912|memory.swap.max=536870912" },
	{ V2, "1:memory.memsw.limit_in_bytes=1G|1:memory.limit_in_bytes=512M",
	  "memory.swap.max=536870912|memory.max=536870912" },
	{ V2, "1:memory.limit_in_bytes=512M|1:memory.memsw.limit_in_bytes=512M",
	  "memory.max=536870912|memory.swap.max=0" },
	{ V2, "2:memory.max=512M|1:memory.memsw.limit_in_bytes=1G", "memory.max=512M|memory.swap.max=536870912" },
	{ V2, "1:memory.memsw.limit_in_bytes=-1", "memory.swap.max=max" },
	{ V2, "1:memory.memsw.limit_in_bytes=1G", "ERR:needs lxc.cgroup.memory.limit_in_bytes" },
	{ V2, "1:memory.limit_in_bytes=-1|1:memory.memsw.limit_in_bytes=1G",
	  "ERR:needs lxc.cgroup.memory.limit_in_bytes" },
	{ V2, "1:memory.limit_in_bytes=512M|1:memory.memsw.limit_in_bytes=256M", "ERR:below the memory limit" },
	{ V2, "1:memory.limit_in_bytes=512M|1:memory.memsw.limit_in_bytes=lots",
	  "ERR:lxc.cgroup.memory.memsw.limit_in_bytes = lots: expected a size" },
	{ V2, "1:memory.soft_limit_in_bytes=256M",
	  "ERR:lxc.cgroup.memory.soft_limit_in_bytes has no cgroup v2 equivalent" },
	{ V2, "1:memory.swappiness=0", "ERR:lxc.cgroup.memory.swappiness has no cgroup v2 equivalent" },

	/* v1 -> v2: cpu */
	{ V2, "1:cpu.shares=1024", "cpu.weight=100" },
	{ V2, "1:cpu.shares=2", "cpu.weight=1" },
	{ V2, "1:cpu.shares=262144", "cpu.weight=10000" },
	{ V2, "1:cpu.shares=1", "ERR:lxc.cgroup.cpu.shares = 1: expected a number from 2 to 262144" },
	{ V2, "1:cpu.shares=262145", "ERR:lxc.cgroup.cpu.shares = 262145: expected a number" },
	{ V2, "1:cpu.shares=1k", "ERR:lxc.cgroup.cpu.shares = 1k: expected a number" },
	{ V2, "1:cpu.cfs_quota_us=50000|1:cpu.cfs_period_us=100000", "cpu.max=50000 100000" },
	{ V2, "1:cpu.cfs_period_us=100000|1:cpu.cfs_quota_us=50000", "cpu.max=50000 100000" },
	{ V2, "1:cpu.cfs_quota_us=200000|1:cpu.cfs_period_us=1000000", "cpu.max=200000 1000000" },
	{ V2, "1:cpu.cfs_quota_us=-1|1:cpu.cfs_period_us=100000", "cpu.max=max 100000" },
	{ V2, "1:cpu.cfs_quota_us=-1", "cpu.max=max 100000" },
	{ V2, "1:cpu.cfs_quota_us=25000", "cpu.max=25000 100000" },
	{ V2, "1:cpu.cfs_quota_us=50000|1:cpu.cfs_period_us=999", "ERR:lxc.cgroup.cpu.cfs_period_us = 999" },
	{ V2, "1:cpu.cfs_quota_us=half", "ERR:lxc.cgroup.cpu.cfs_quota_us = half" },
	{ V2, "1:cpu.rt_runtime_us=0", "ERR:lxc.cgroup.cpu.rt_runtime_us has no cgroup v2 equivalent" },

	/* v1 -> v2: blkio */
	{ V2, "1:blkio.weight=500", "io.weight=4950" },
	{ V2, "1:blkio.weight=10", "io.weight=1" },
	{ V2, "1:blkio.weight=1000", "io.weight=10000" },
	{ V2, "1:blkio.weight=5", "ERR:lxc.cgroup.blkio.weight = 5: expected a number from 10 to 1000" },
	{ V2, "1:blkio.throttle.read_bps_device=8:0 1048576", "io.max=8:0 rbps=1048576" },
	{ V2, "1:blkio.throttle.write_bps_device=8:16 2048", "io.max=8:16 wbps=2048" },
	{ V2, "1:blkio.throttle.read_iops_device=8:0 100", "io.max=8:0 riops=100" },
	{ V2, "1:blkio.throttle.write_iops_device=253:1 50", "io.max=253:1 wiops=50" },
	/* v1's 0 is "no limit"; the v2 kernel refuses rbps=0 (ERANGE) */
	{ V2, "1:blkio.throttle.read_bps_device=8:0 0", "io.max=8:0 rbps=max" },
	{ V2, "1:blkio.throttle.read_bps_device=8:0", "ERR:expected 'MAJOR:MINOR VALUE'" },
	{ V2, "1:blkio.throttle.read_bps_device=8:0 1M", "ERR:expected 'MAJOR:MINOR VALUE'" },
	{ V2, "1:blkio.throttle.read_bps_device=8:0 1 2", "ERR:expected 'MAJOR:MINOR VALUE'" },
	{ V2, "1:blkio.weight_device=8:0 100", "ERR:lxc.cgroup.blkio.weight_device has no cgroup v2 equivalent" },

	/* v1 -> v2: the same on both */
	{ V2, "1:pids.max=100|1:cpuset.cpus=0-1|1:cpuset.mems=0", "pids.max=100|cpuset.cpus=0-1|cpuset.mems=0" },

	/* v2 -> v1: memory */
	{ V1, "2:memory.max=max", "memory.limit_in_bytes=-1" },
	{ V1, "2:memory.max=512M", "memory.limit_in_bytes=536870912" },
	{ V1, "2:memory.max=-1", "ERR:lxc.cgroup2.memory.max = -1: expected a size" },
	{ V1, "2:memory.max=512M|2:memory.swap.max=512M",
	  "memory.limit_in_bytes=536870912|memory.memsw.limit_in_bytes=1073741824" },
	{ V1, "2:memory.swap.max=512M|2:memory.max=512M",
	  "memory.limit_in_bytes=536870912|memory.memsw.limit_in_bytes=1073741824" },
	{ V1, "2:memory.swap.max=1G|1:memory.limit_in_bytes=1G",
	  "memory.limit_in_bytes=1G|memory.memsw.limit_in_bytes=2147483648" },
	{ V1, "2:memory.swap.max=0|2:memory.max=1G",
	  "memory.limit_in_bytes=1073741824|memory.memsw.limit_in_bytes=1073741824" },
	{ V1, "2:memory.max=1G|2:memory.swap.max=max", "memory.limit_in_bytes=1073741824|memory.memsw.limit_in_bytes=-1" },
	{ V1, "2:memory.swap.max=1G", "ERR:needs lxc.cgroup2.memory.max" },
	{ V1, "2:memory.max=max|2:memory.swap.max=1G", "ERR:needs lxc.cgroup2.memory.max" },
	{ V1, "2:memory.high=1G", "ERR:lxc.cgroup2.memory.high has no cgroup v1 equivalent" },
	{ V1, "2:memory.low=1G", "ERR:lxc.cgroup2.memory.low has no cgroup v1 equivalent" },

	/* v2 -> v1: cpu */
	{ V1, "2:cpu.weight=100", "cpu.shares=1024" },
	{ V1, "2:cpu.weight=1", "cpu.shares=10" },
	{ V1, "2:cpu.weight=10000", "cpu.shares=102400" },
	{ V1, "2:cpu.weight=0", "ERR:lxc.cgroup2.cpu.weight = 0: expected a number from 1 to 10000" },
	{ V1, "2:cpu.weight=10001", "ERR:lxc.cgroup2.cpu.weight = 10001: expected a number" },
	{ V1, "2:cpu.max=max 100000", "cpu.cfs_period_us=100000|cpu.cfs_quota_us=-1" },
	{ V1, "2:cpu.max=max", "cpu.cfs_period_us=100000|cpu.cfs_quota_us=-1" },
	{ V1, "2:cpu.max=50000 100000", "cpu.cfs_period_us=100000|cpu.cfs_quota_us=50000" },
	{ V1, "2:cpu.max=50000", "cpu.cfs_period_us=100000|cpu.cfs_quota_us=50000" },
	{ V1, "2:cpu.max=50000 999", "ERR:lxc.cgroup2.cpu.max = 50000 999: expected" },
	{ V1, "2:cpu.max=500 100000", "ERR:lxc.cgroup2.cpu.max = 500 100000: expected" },
	{ V1, "2:cpu.max=", "ERR:lxc.cgroup2.cpu.max = : expected" },
	{ V1, "2:cpu.max=1 2 3", "ERR:lxc.cgroup2.cpu.max" },
	{ V1, "2:cpu.weight.nice=0", "ERR:lxc.cgroup2.cpu.weight.nice has no cgroup v1 equivalent" },

	/* v2 -> v1: io */
	{ V1, "2:io.weight=100", "blkio.weight=19" },
	{ V1, "2:io.weight=1", "blkio.weight=10" },
	{ V1, "2:io.weight=10000", "blkio.weight=1000" },
	{ V1, "2:io.weight=default 100", "ERR:lxc.cgroup2.io.weight = default 100: expected a number" },
	{ V1, "2:io.max=8:0 rbps=1 wiops=max",
	  "blkio.throttle.read_bps_device=8:0 1|blkio.throttle.write_iops_device=8:0 0" },
	{ V1, "2:io.max=8:16 rbps=max wbps=2048 riops=10 wiops=20",
	  "blkio.throttle.read_bps_device=8:16 0|blkio.throttle.write_bps_device=8:16 2048|"
	  "blkio.throttle.read_iops_device=8:16 10|blkio.throttle.write_iops_device=8:16 20" },
	{ V1, "2:io.max=8:0 foo=1", "ERR:lxc.cgroup2.io.max = 8:0 foo=1: expected keys rbps" },
	{ V1, "2:io.max=8:0 rbps", "ERR:lxc.cgroup2.io.max = 8:0 rbps: expected" },
	{ V1, "2:io.max=8:0 rbps=x", "ERR:lxc.cgroup2.io.max" },
	{ V1, "2:io.max=sda rbps=1", "ERR:lxc.cgroup2.io.max = sda rbps=1: expected" },
	{ V1, "2:io.max=", "ERR:lxc.cgroup2.io.max" },
	{ V1, "2:io.latency=8:0 target=10", "ERR:lxc.cgroup2.io.latency has no cgroup v1 equivalent" },

	/* v2 -> v1: the same on both */
	{ V1, "2:pids.max=max", "pids.max=max" },

	/* mixed: each key goes where its controller is */
	{ "memory=1 cpu=2 pids=2", "2:memory.max=1G|1:cpu.shares=1024|1:pids.max=5|2:pids.max=6",
	  "memory.limit_in_bytes=1073741824|cpu.weight=100|pids.max=5|pids.max=6" },

	/* a controller the host lacks */
	{ "cpu=2 pids=2", "1:memory.limit_in_bytes=1G", "ERR:lxc.cgroup.memory.limit_in_bytes: this host has no 'memory' cgroup controller" },
	{ "cpu=2 pids=2", "2:hugetlb.2MB.max=0", "ERR:lxc.cgroup2.hugetlb.2MB.max: this host has no 'hugetlb'" },
	{ "cpu=2 pids=2", "2:pids.max=5|2:memory.max=1G", "ERR:this host has no 'memory'" },

	/* bad keys */
	{ V2, "1:memory=1", "ERR:lxc.cgroup.memory: expected CONTROLLER.FILE" },
	{ V2, "2:memory=1", "ERR:lxc.cgroup2.memory: expected CONTROLLER.FILE" },
	{ V2, "1:.x=1", "ERR:lxc.cgroup..x: expected CONTROLLER.FILE" },
	{ V2, "1:a/b.c=1", "ERR:lxc.cgroup.a/b.c: expected CONTROLLER.FILE" },
	{ V2, "1:memory/../x.max=1", "ERR:expected CONTROLLER.FILE" },
	{ V2, "1:memory..x=1", "ERR:lxc.cgroup.memory..x: expected CONTROLLER.FILE" },
	{ V2, "2:memory.=1", "ERR:lxc.cgroup2.memory.: expected CONTROLLER.FILE" },
	{ V2, "2:=1", "ERR:expected CONTROLLER.FILE" },
	{ V2, "2:memory.max/x=1", "ERR:expected CONTROLLER.FILE" },
	{ V2, "2:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.max=1",
	  "ERR:expected CONTROLLER.FILE" },
};

/* Run fn in a child: the test passes when it exits 0. A sanitizer's
 * abort then fails one test, not the rest of the file. */
static void in_child(int (*fn)(void), const char *name)
{
	pid_t pid = fork();
	int st = 0;

	if (pid == 0) {
		alarm(20);
		_exit(fn());
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s", name);
	if (WIFSIGNALED(st))
		diag("killed by signal %d", WTERMSIG(st));
}

static int overflow_child(void)
{
	struct cg_setting s[2] = { { 2, "memory.max", "7E" }, { 2, "memory.swap.max", "7E" } };
	struct cg_write w[4];
	struct bb_err e = { 0 };
	int r = cg_translate(s, 2, spec_version, (void *)V1, w, 4, &e);

	if (r < 0 || (r == 2 && (strcmp(w[1].value, "-1") == 0 || w[1].value[0] != '-')))
		return 0;
	if (r == 2)
		diag("got %s=%s", w[1].key, w[1].value);
	return 1;
}

static void test_translate(void)
{
	struct cg_setting s[3];
	struct cg_write w[4];
	struct bb_err e = { 0 };
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(xlt); i++) {
		const char *g = xl(xlt[i].spec, xlt[i].in);
		const char *host = strcmp(xlt[i].spec, V1) == 0 ? "v1"
				 : strcmp(xlt[i].spec, V2) == 0 ? "v2" : xlt[i].spec;

		if (strncmp(xlt[i].want, "ERR:", 4) == 0) {
			int good = strncmp(g, "ERR: ", 5) == 0 && strstr(g + 5, xlt[i].want + 4);

			ok(good, "on %s: %s -> error '%s'", host, xlt[i].in, xlt[i].want + 4);
			if (!good)
				diag("got '%s'", g);
		} else {
			is_str(g, xlt[i].want, "on %s: %s -> %s", host, xlt[i].in,
			       *xlt[i].want ? xlt[i].want : "(nothing)");
		}
	}

	/* versions and origins of the writes */
	s[0] = (struct cg_setting){ 2, "memory.max", "1G" };
	s[1] = (struct cg_setting){ 1, "devices.allow", "a" };
	s[2] = (struct cg_setting){ 1, "cpu.shares", "1024" };
	r = cg_translate(s, 3, spec_version, (void *)"memory=1 cpu=2", w, 4, &e);
	is_int(r, 2, "writes: two (devices skipped)");
	ok(r == 2 && w[0].version == 1 && w[0].from == 0, "writes: the memory one to v1, from setting 0");
	ok(r == 2 && w[1].version == 2 && w[1].from == 2, "writes: the cpu one to v2, from setting 2");
	s[0] = (struct cg_setting){ 1, "memory.memsw.limit_in_bytes", "1G" };
	s[1] = (struct cg_setting){ 1, "memory.limit_in_bytes", "512M" };
	r = cg_translate(s, 2, spec_version, (void *)V1, w, 4, &e);
	ok(r == 2 && w[0].from == 1 && w[1].from == 0, "writes: memsw moved last keeps its origin");

	/* out too small */
	s[0] = (struct cg_setting){ 1, "memory.limit_in_bytes", "1G" };
	s[1] = (struct cg_setting){ 1, "pids.max", "5" };
	e.errnum = 0;
	r = cg_translate(s, 2, spec_version, (void *)V2, w, 1, &e);
	ok(r == -1 && e.errnum == E2BIG, "max 1 for two writes: -1, E2BIG");
	s[0] = (struct cg_setting){ 2, "cpu.max", "max" };
	r = cg_translate(s, 1, spec_version, (void *)V1, w, 1, &e);
	is_int(r, -1, "max 1 for cpu.max to v1 (two writes): -1");
	r = cg_translate(s, 1, spec_version, (void *)V1, w, 0, &e);
	is_int(r, -1, "max 0: -1");
	r = cg_translate(s, 1, spec_version, (void *)V1, w, 2, &e);
	is_int(r, 2, "max 2 for cpu.max to v1: 2");

	/* memsw = memory + swap past INT64_MAX: no limit, or an error, not
	 * a wrapped (negative) number (in a child: UBSan aborts on the
	 * overflow) */
	in_child(overflow_child, "on v1: memory.max=7E + memory.swap.max=7E -> memsw -1 or an error, no overflow");

	/* cg_key_version */
	is_int(cg_key_version("memory.limit_in_bytes"), 1, "key version: memory.limit_in_bytes 1");
	is_int(cg_key_version("memory.memsw.limit_in_bytes"), 1, "key version: memsw 1");
	is_int(cg_key_version("memory.max"), 2, "key version: memory.max 2");
	is_int(cg_key_version("io.max"), 2, "key version: io.max 2");
	is_int(cg_key_version("pids.max"), 3, "key version: pids.max both");
	is_int(cg_key_version("cpuset.cpus"), 3, "key version: cpuset.cpus both");
	is_int(cg_key_version("memory.high"), 0, "key version: memory.high unknown");
	is_int(cg_key_version(""), 0, "key version: empty unknown");
}

/* Random settings through cg_translate: no crash, results in bounds. */
static int translate_random_child(void)
{
	static const char *const keys[] = {
		"memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.max", "memory.swap.max",
		"cpu.shares", "cpu.weight", "cpu.max", "cpu.cfs_quota_us", "cpu.cfs_period_us",
		"blkio.weight", "io.weight", "io.max", "blkio.throttle.read_bps_device",
		"blkio.throttle.write_iops_device", "pids.max", "devices.allow", "memory", ".x",
		"memory..x", "a/b.c", "memory.high", "x.y",
	};
	static const char *const vals[] = {
		"", "-1", "0", "1", "max", "512M", "1G", "99999999999E", "8:0 1", "8:0 rbps=1 wiops=max",
		"max 100000", "50000 100000", "1024", "100", "8:0", "x", "=", "8:0 rbps=", "1 2 3 4 5",
		"18446744073709551616", "-9223372036854775808", "8:0 rbps=max wbps=max riops=max wiops=max rbps=1",
		"7E", "9223372036854771711", "8:0 18446744073709551615",
	};
	static const char *const specs[] = { V1, V2, "memory=1 cpu=2", "pids=2", "" };
	struct cg_setting s[6];
	struct cg_write w[8];
	struct bb_err e;
	int i, sane = 1;

	srand(7);
	for (i = 0; i < 3000; i++) {
		size_t n = (size_t)rand() % ARRAY_SIZE(s), k;
		int r;

		for (k = 0; k < n; k++)
			s[k] = (struct cg_setting){ 1 + rand() % 2, keys[rand() % ARRAY_SIZE(keys)],
						    vals[rand() % ARRAY_SIZE(vals)] };
		r = cg_translate(s, n, spec_version, (void *)specs[rand() % ARRAY_SIZE(specs)], w,
				 ARRAY_SIZE(w), &e);
		if (r > (int)ARRAY_SIZE(w) || r < -1)
			sane = 0;
		for (k = 0; r > 0 && k < (size_t)r; k++)
			if (w[k].from >= n || (w[k].version != 1 && w[k].version != 2) ||
			    strnlen(w[k].key, sizeof(w[k].key)) >= sizeof(w[k].key))
				sane = 0;
	}
	return !sane;
}

static void test_translate_random(void)
{
	in_child(translate_random_child, "random settings: 3000 batches translated, writes within bounds");
}

/* ---- 5. file operations on fake hierarchies ---- */

static void test_fake_v2(void)
{
	struct cg_host h;
	struct cg_group g, a, c, root;
	struct bb_err e = { 0 };
	char *v;
	int r;

	mk("f2");
	put("f2/cgroup.controllers", "cpu memory pids\n");
	put("f2/cgroup.subtree_control", "");
	put("f2/cgroup.procs", "");
	is_int(parse(&h, mi_at("f2", "cgroup2", "rw")), 0, "fake v2: parsed");
	is_int(h.layout, CG_LAYOUT_V2, "fake v2: layout V2");
	cg_group_parse(&h, "0::/a/b\n", &g, &e);
	cg_group_parse(&h, "0::/a\n", &a, &e);
	cg_group_parse(&h, "0::/\n", &root, &e);
	is_str(g.path[0], "/a/b", "fake v2: group /a/b");
	is_int(cg_exists(&h, &g), 0, "fake v2: /a/b does not exist yet");
	is_int(cg_exists(&h, &root), 1, "fake v2: the root group exists");

	is_int(cg_create(&h, &g, &e), 0, "fake v2: cg_create /a/b");
	ok(exists("f2/a") && exists("f2/a/b"), "fake v2: directories a and a/b made");
	is_str(got("f2/cgroup.subtree_control"), "+cpu +memory +pids",
	       "fake v2: the root's controllers enabled in its subtree_control");
	ok(!exists("f2/a/cgroup.subtree_control"), "fake v2: nothing written in a (no cgroup.controllers there)");
	is_int(cg_exists(&h, &g), 1, "fake v2: /a/b exists");
	is_int(cg_create(&h, &g, &e), 0, "fake v2: cg_create again: fine");
	is_int(cg_create(&h, &root, &e), 0, "fake v2: cg_create of the root group: fine");
	ok(cg_claim(&h, &g, &e) < 0 && e.errnum == EEXIST, "fake v2: cg_claim of an existing /a/b: EEXIST");
	ok(exists("f2/a/b"), "fake v2: ... and /a/b stays");
	cg_group_parse(&h, "0::/a/c\n", &c, &e);
	is_int(cg_claim(&h, &c, &e), 0, "fake v2: cg_claim of a new /a/c");
	ok(exists("f2/a/c"), "fake v2: ... made");
	ok(cg_claim(&h, &c, &e) < 0 && e.errnum == EEXIST, "fake v2: cg_claim of it again: EEXIST");
	is_int(cg_remove(&h, &c, 0, &e), 0, "fake v2: cg_remove /a/c");

	/* Only what is not enabled yet ("cpu memory" as the kernel lists
	 * them; the write does not truncate: "+pids" over "cpu memory"). */
	put("f2/cgroup.subtree_control", "cpu memory");
	cg_group_parse(&h, "0::/a2\n", &c, &e);
	is_int(cg_create(&h, &c, &e), 0, "fake v2: cg_create /a2");
	is_str(got("f2/cgroup.subtree_control"), "+pidsemory",
	       "fake v2: only the missing controller enabled ('+pids' written)");
	put("f2/cgroup.subtree_control", "cpu memory pids\n");
	cg_create(&h, &c, &e);
	is_str(got("f2/cgroup.subtree_control"), "cpu memory pids\n", "fake v2: all enabled: nothing written");
	is_int(cg_remove(&h, &c, 0, &e), 0, "fake v2: cg_remove /a2");

	/* cg_attach */
	put("f2/a/b/cgroup.procs", "");
	is_int(cg_attach(&h, &g, 4242, &e), 0, "fake v2: cg_attach 4242");
	is_str(got("f2/a/b/cgroup.procs"), "4242", "fake v2: pid written into cgroup.procs");
	ok(cg_attach(&h, &a, 1, &e) < 0 && has(e.msg, "can't move process 1"), "fake v2: cg_attach with no cgroup.procs: error");

	/* cg_set / cg_get */
	put("f2/a/b/memory.max", "");
	is_int(cg_set(&h, &g, "memory.max", "max", &e), 0, "fake v2: cg_set memory.max max");
	is_str(got("f2/a/b/memory.max"), "max", "fake v2: memory.max written");
	v = cg_get(&h, &g, "memory.max", &e);
	is_str(v, "max", "fake v2: cg_get memory.max");
	free(v);
	v = cg_get(&h, &g, "memory.limit_in_bytes", &e);
	is_str(v, "-1", "fake v2: cg_get memory.limit_in_bytes: max -> -1");
	free(v);

	put("f2/a/b/memory.max", "");
	e.msg[0] = '\0';
	r = cg_set(&h, &g, "memory.limit_in_bytes", "64M", &e);
	is_int(r, 0, "fake v2: cg_set memory.limit_in_bytes 64M (a v1 key) succeeds");
	if (r)
		diag("message: %s", e.msg);
	is_str(got("f2/a/b/memory.max"), "67108864", "fake v2: ... wrote memory.max = 67108864");
	v = cg_get(&h, &g, "memory.limit_in_bytes", &e);
	is_str(v, "67108864", "fake v2: cg_get memory.limit_in_bytes: the number");
	free(v);
	put("f2/a/b/memory.max", "67108864\n");
	v = cg_get(&h, &g, "memory.max", &e);
	is_str(v, "67108864", "fake v2: cg_get drops the trailing newline");
	free(v);
	put("f2/a/b/memory.swap.max", "67108864\n");
	v = cg_get(&h, &g, "memory.memsw.limit_in_bytes", &e);
	is_str(v, "134217728", "fake v2: cg_get memsw = memory.max + memory.swap.max");
	free(v);
	put("f2/a/b/memory.swap.max", "max\n");
	v = cg_get(&h, &g, "memory.memsw.limit_in_bytes", &e);
	is_str(v, "-1", "fake v2: cg_get memsw with swap max: -1");
	free(v);
	put("f2/a/b/cpu.max", "max 100000\n");
	v = cg_get(&h, &g, "cpu.cfs_quota_us", &e);
	is_str(v, "-1", "fake v2: cg_get cpu.cfs_quota_us from cpu.max 'max 100000'");
	free(v);
	v = cg_get(&h, &g, "cpu.cfs_period_us", &e);
	is_str(v, "100000", "fake v2: cg_get cpu.cfs_period_us from cpu.max");
	free(v);
	put("f2/a/b/cpu.max", "50000 200000\n");
	v = cg_get(&h, &g, "cpu.cfs_quota_us", &e);
	is_str(v, "50000", "fake v2: cg_get cpu.cfs_quota_us from cpu.max '50000 200000'");
	free(v);
	put("f2/a/b/cpu.weight", "39\n");
	v = cg_get(&h, &g, "cpu.shares", &e);
	is_str(v, "399", "fake v2: cg_get cpu.shares from cpu.weight 39 (the kernel's 100:1024)");
	free(v);

	e.msg[0] = '\0';
	is_err_with(cg_set(&h, &g, "memory.high", "1G", &e), &e, "memory.high",
		    "fake v2: cg_set of a file the group lacks: error naming it");
	ok(!exists("f2/a/b/memory.high"), "fake v2: ... and not created");
	is_err_with(cg_set(&h, &g, "hugetlb.2MB.limit_in_bytes", "0", &e), &e,
		    "no cgroup hierarchy of this host has 'hugetlb.2MB.limit_in_bytes'",
		    "fake v2: cg_set for a controller the host lacks: error");
	is_err_with(cg_set(&h, &g, "memory.soft_limit_in_bytes", "1G", &e), &e,
		    "memory.soft_limit_in_bytes", "fake v2: cg_set of an untranslatable v1 key: error naming it");
	is_err_with(cg_set(&h, &g, "memory.limit_in_bytes", "lots", &e), &e,
		    "memory.limit_in_bytes = lots", "fake v2: cg_set of a v1 key with junk: error");
	is_err_with(cg_set(&h, &g, "../memory.max", "1", &e), &e, "no cgroup hierarchy",
		    "fake v2: cg_set of '../memory.max': error");
	ok(!cg_get(&h, &g, "memory.current", &e) && e.errnum == ENOENT, "fake v2: cg_get of a missing file: ENOENT");
	ok(!cg_get(&h, &g, "freezer.state", &e), "fake v2: cg_get of a controller the host lacks: NULL");
	ok(!cg_get(&h, &g, "memory", &e), "fake v2: cg_get of 'memory': NULL");

	/* cg_populated reads cgroup.events on v2 */
	is_int(cg_populated(&h, &g), 0, "fake v2: not populated (no cgroup.events)");
	put("f2/a/b/cgroup.events", "populated 1\nfrozen 0\n");
	is_int(cg_populated(&h, &g), 1, "fake v2: populated 1");
	put("f2/a/b/cgroup.events", "populated 0\nfrozen 0\n");
	is_int(cg_populated(&h, &g), 0, "fake v2: populated 0");

	/* cg_remove: rmdir only takes the fake dirs once empty */
	ok(cg_remove(&h, &g, 0, &e) < 0 && exists("f2/a/b"), "fake v2: cg_remove of a dir with files fails (fake only)");
	unlink(tp("f2/a/b/memory.max"));
	unlink(tp("f2/a/b/memory.swap.max"));
	unlink(tp("f2/a/b/cpu.max"));
	unlink(tp("f2/a/b/cpu.weight"));
	unlink(tp("f2/a/b/cgroup.procs"));
	unlink(tp("f2/a/b/cgroup.events"));
	cg_group_child(&g, "c", &c, &e);
	is_int(cg_create(&h, &c, &e), 0, "fake v2: cg_create /a/b/c");
	is_int(cg_remove(&h, &g, 1, &e), 0, "fake v2: cg_remove /a/b (with a sub-group, kill_first)");
	ok(!exists("f2/a/b/c") && !exists("f2/a/b"), "fake v2: /a/b and /a/b/c gone");
	is_int(cg_exists(&h, &g), 0, "fake v2: cg_exists /a/b: no");
	ok(exists("f2/a"), "fake v2: the parent /a stays");
	is_int(cg_remove(&h, &g, 0, &e), 0, "fake v2: cg_remove of a missing group: fine");
	is_int(cg_remove(&h, &a, 0, &e), 0, "fake v2: cg_remove /a");
	ok(!exists("f2/a"), "fake v2: /a gone");
	is_int(cg_remove(&h, &root, 0, &e), 0, "fake v2: cg_remove of the root group: nothing done");
	ok(exists("f2") && exists("f2/cgroup.procs"), "fake v2: the mount stays");
}

static void test_fake_v1(void)
{
	struct cg_host h, h2;
	struct cg_group g, u;
	struct bb_err e = { 0 };
	char mi[4096];
	char *v;
	int r;

	mk("f1m");
	mk("f1d");
	mk("f1c");
	put("f1c/cpuset.cpus", "0-3\n");
	put("f1c/cpuset.mems", "0\n");
	snprintf(mi, sizeof(mi), "%s%s%s", mi_at("f1m", "cgroup", "rw,memory"),
		 mi_at("f1d", "cgroup", "rw,devices"), mi_at("f1c", "cgroup", "rw,cpuset,clone_children"));
	is_int(parse(&h, mi), 0, "fake v1: parsed");
	is_int(h.n, 3, "fake v1: three hierarchies");
	cg_group_parse(&h, "3:memory:/g\n2:devices:/g\n1:cpuset:/g\n", &g, &e);
	is_int(npaths(&g), 3, "fake v1: group in all three");
	is_int(cg_create(&h, &g, &e), 0, "fake v1: cg_create /g");
	ok(exists("f1m/g") && exists("f1d/g") && exists("f1c/g"), "fake v1: made in every hierarchy");
	ok(!exists("f1c/g/cpuset.cpus"), "fake v1: cpuset inheritance: new fake dirs have no cpuset.cpus to fill (tried on the real hierarchy below)");
	is_str(got("f1c/cpuset.cpus"), "0-3\n", "fake v1: the parent's cpuset.cpus untouched");

	/* a v1 key: direct; a v2 key: translated */
	put("f1m/g/memory.limit_in_bytes", "");
	put("f1d/g/devices.allow", "");
	put("f1d/g/devices.deny", "");
	is_int(cg_set(&h, &g, "memory.limit_in_bytes", "1G", &e), 0, "fake v1: cg_set memory.limit_in_bytes");
	is_str(got("f1m/g/memory.limit_in_bytes"), "1G", "fake v1: written as is");
	put("f1m/g/memory.limit_in_bytes", "");
	e.msg[0] = '\0';
	r = cg_set(&h, &g, "memory.max", "64M", &e);
	is_int(r, 0, "fake v1: cg_set memory.max 64M (a v2 key)");
	if (r)
		diag("message: %s", e.msg);
	is_str(got("f1m/g/memory.limit_in_bytes"), "67108864", "fake v1: ... wrote memory.limit_in_bytes");
	is_str(got("f1d/g/devices.deny"), "", "fake v1: ... and left the device policy alone (devices.deny)");
	is_str(got("f1d/g/devices.allow"), "", "fake v1: ... and left the device policy alone (devices.allow)");
	put("f1m/g/memory.limit_in_bytes", "9223372036854771712\n");
	v = cg_get(&h, &g, "memory.max", &e);
	is_str(v, "max", "fake v1: cg_get memory.max from v1's unlimited");
	free(v);
	put("f1m/g/memory.limit_in_bytes", "536870912\n");
	put("f1m/g/memory.memsw.limit_in_bytes", "1073741824\n");
	v = cg_get(&h, &g, "memory.swap.max", &e);
	is_str(v, "536870912", "fake v1: cg_get memory.swap.max = memsw - memory");
	free(v);
	ok(!cg_get(&h, &g, "memory.high", &e) && has(e.msg, "memory.high"), "fake v1: cg_get memory.high: error naming it");

	/* undo: the second hierarchy fails, what the first made goes */
	snprintf(mi, sizeof(mi), "%s%s", mi_at("f1m", "cgroup", "rw,memory"),
		 mi_at("nonexistent/x", "cgroup", "rw,pids"));
	parse(&h2, mi);
	cg_group_parse(&h2, "3:memory:/u\n2:pids:/u\n", &u, &e);
	ok(npaths(&u) == 2 && cg_create(&h2, &u, &e) < 0, "fake v1: cg_create failing in the second hierarchy: error");
	ok(has(e.msg, "can't create cgroup"), "fake v1: ... naming the directory");
	ok(!exists("f1m/u"), "fake v1: ... the first hierarchy's new dir removed again");
	cg_group_parse(&h2, "3:memory:/u/v/w\n2:pids:/u\n", &u, &e);
	cg_create(&h2, &u, &e);
	ok(!exists("f1m/u"), "fake v1: ... the top-most new dir of a deeper path removed too");
	/* a claim: made in the first hierarchy, there already in the second */
	mk("f1p");
	mk("f1p/k");
	snprintf(mi, sizeof(mi), "%s%s", mi_at("f1m", "cgroup", "rw,memory"), mi_at("f1p", "cgroup", "rw,pids"));
	parse(&h2, mi);
	cg_group_parse(&h2, "3:memory:/k\n2:pids:/k\n", &u, &e);
	ok(cg_claim(&h2, &u, &e) < 0 && e.errnum == EEXIST, "fake v1: cg_claim with /k there in the second hierarchy: EEXIST");
	ok(!exists("f1m/k") && exists("f1p/k"), "fake v1: ... the first hierarchy's new /k removed, the other one's kept");
	rmdir(tp("f1p/k"));
	rmdir(tp("f1p"));

	/* cleanup of the fake files so that the dirs can go */
	unlink(tp("f1m/g/memory.limit_in_bytes"));
	unlink(tp("f1m/g/memory.memsw.limit_in_bytes"));
	unlink(tp("f1d/g/devices.allow"));
	unlink(tp("f1d/g/devices.deny"));
	is_int(cg_remove(&h, &g, 0, &e), 0, "fake v1: cg_remove /g");
	ok(!exists("f1m/g") && !exists("f1d/g") && !exists("f1c/g"), "fake v1: gone from every hierarchy");
}

/* cpuset inheritance on the real v1 cpuset hierarchy (root only): a
 * scratch group and one below it, both new, get their parent's CPUs and
 * memory nodes. */
#define REAL_CPUSET_TESTS 8
static void test_real_cpuset(void)
{
	const struct cg_host *h;
	struct cg_group self, g, top, c;
	struct bb_err e = { 0 };
	char name[64], *pc = NULL, *pm = NULL, *tc = NULL, *cc = NULL, *cm = NULL, *dir;
	int i, k;

	h = geteuid() == 0 ? cg_host(&e) : NULL;
	i = h ? cg_hier_of(h, "cpuset") : -1;
	if (!h || i < 0 || h->h[i].v2 || cg_group_of(h, 0, &self, &e) < 0 || !self.path[i][0]) {
		for (k = 0; k < REAL_CPUSET_TESTS; k++)
			skip(geteuid() ? "a scratch cpuset group needs root" : "no v1 cpuset hierarchy here");
		return;
	}
	memset(&g, 0, sizeof(g));
	strcpy(g.path[i], self.path[i]);
	snprintf(name, sizeof(name), "ctbox-unit-cgroup-%d", (int)getpid());
	cg_group_child(&g, name, &top, &e);
	cg_group_child(&top, "n", &c, &e);
	dir = cg_path(h, &g, i, NULL);
	if (!dir || access(dir, W_OK) < 0 || cg_exists(h, &top) || cg_create(h, &c, &e) < 0) {
		for (k = 0; k < REAL_CPUSET_TESTS; k++)
			skip("can't make a scratch cpuset group");
		free(dir);
		return;
	}
	free(dir);
	pc = cg_get(h, &g, "cpuset.cpus", &e);
	pm = cg_get(h, &g, "cpuset.mems", &e);
	tc = cg_get(h, &top, "cpuset.cpus", &e);
	cc = cg_get(h, &c, "cpuset.cpus", &e);
	cm = cg_get(h, &c, "cpuset.mems", &e);
	ok(pc && *pc, "real cpuset: the parent has CPUs (%s)", pc ? pc : "?");
	is_str(tc, pc, "real cpuset: the new group got the parent's cpuset.cpus");
	is_str(cc, pc, "real cpuset: the new group below it too");
	is_str(cm, pm, "real cpuset: ... and cpuset.mems");
	is_int(cg_create(h, &c, &e), 0, "real cpuset: cg_create again: fine");
	is_int(cg_populated(h, &top), 0, "real cpuset: not populated");
	is_int(cg_remove(h, &top, 1, &e), 0, "real cpuset: cg_remove of the top group");
	is_int(cg_exists(h, &top), 0, "real cpuset: gone with the one below");
	free(pc), free(pm), free(tc), free(cc), free(cm);
}

/* ---- 6. freezing ---- */

static void test_freeze(void)
{
	struct cg_host h;
	struct cg_group g;
	struct bb_err e = { 0 };
	char mi[4096];
	long long t0, dt;
	pid_t pid;
	int r, st = 0;

	/* v1 freezer */
	mk("fz1");
	mk("fz1/f");
	put("fz1/f/freezer.state", "THAWED\n");
	parse(&h, mi_at("fz1", "cgroup", "rw,freezer"));
	cg_group_parse(&h, "7:freezer:/f\n", &g, &e);
	is_int(cg_freeze_state(&h, &g, &e), CG_THAWED, "v1 freezer: THAWED");
	is_int(cg_freeze(&h, &g, 1, 200, &e), 0, "v1 freezer: cg_freeze 1");
	is_str(got("fz1/f/freezer.state"), "FROZEN\n", "v1 freezer: FROZEN written");
	is_int(cg_freeze_state(&h, &g, &e), CG_FROZEN, "v1 freezer: state FROZEN");
	is_int(cg_freeze(&h, &g, 0, 200, &e), 0, "v1 freezer: cg_freeze 0");
	is_str(got("fz1/f/freezer.state"), "THAWED\n", "v1 freezer: THAWED written");
	is_int(cg_freeze_state(&h, &g, &e), CG_THAWED, "v1 freezer: state THAWED");
	put("fz1/f/freezer.state", "FREEZING\n");
	is_int(cg_freeze_state(&h, &g, &e), CG_FREEZING, "v1 freezer: state FREEZING");
	unlink(tp("fz1/f/freezer.state"));
	ok(cg_freeze(&h, &g, 1, 200, &e) < 0 && e.errnum == ENOENT, "v1 freezer: no freezer.state: ENOENT");
	ok(cg_freeze_state(&h, &g, &e) < 0, "v1 freezer: no freezer.state: state -1");
	parse(&h, mi_at("fz1", "cgroup", "rw,memory"));
	cg_group_parse(&h, "7:memory:/f\n", &g, &e);
	ok(cg_freeze(&h, &g, 1, 200, &e) < 0 && e.errnum == ENOTSUP, "no freezer anywhere: ENOTSUP");
	ok(cg_freeze_state(&h, &g, &e) < 0 && e.errnum == ENOTSUP, "no freezer anywhere: state -1, ENOTSUP");

	/* v2: cgroup.freeze and cgroup.events */
	mk("fz2");
	mk("fz2/f");
	put("fz2/f/cgroup.freeze", "0\n");
	put("fz2/f/cgroup.events", "populated 1\nfrozen 1\n");
	parse(&h, mi_at("fz2", "cgroup2", "rw"));
	cg_group_parse(&h, "0::/f\n", &g, &e);
	t0 = now_ms();
	r = cg_freeze(&h, &g, 1, 200, &e);
	dt = now_ms() - t0;
	is_int(r, 0, "v2 freeze: frozen 1: cg_freeze 1 returns 0");
	ok(dt < 150, "v2 freeze: ... at once (%lld ms)", dt);
	is_str(got("fz2/f/cgroup.freeze"), "1\n", "v2 freeze: 1 written to cgroup.freeze");
	is_int(cg_freeze_state(&h, &g, &e), CG_FROZEN, "v2 freeze: state FROZEN");
	put("fz2/f/cgroup.events", "populated 1\nfrozen 0\n");
	is_int(cg_freeze_state(&h, &g, &e), CG_FREEZING, "v2 freeze: freeze 1, frozen 0: FREEZING");
	put("fz2/f/cgroup.freeze", "0\n");
	t0 = now_ms();
	e.errnum = 0;
	r = cg_freeze(&h, &g, 1, 200, &e);
	dt = now_ms() - t0;
	ok(r == -1 && e.errnum == ETIMEDOUT, "v2 freeze: frozen 0: -1, ETIMEDOUT");
	ok(dt >= 190 && dt < 1500, "v2 freeze: ... after the timeout (%lld ms)", dt);
	ok(has(e.msg, "frozen 1"), "v2 freeze: ... message says what it waited for");
	is_str(got("fz2/f/cgroup.freeze"), "0\n", "v2 freeze: 0 written back to cgroup.freeze");
	is_int(cg_freeze_state(&h, &g, &e), CG_THAWED, "v2 freeze: state THAWED");
	is_int(cg_freeze(&h, &g, 0, 200, &e), 0, "v2 freeze: thaw with frozen 0: 0");
	unlink(tp("fz2/f/cgroup.events"));
	ok(cg_freeze(&h, &g, 1, 200, &e) < 0 && has(e.msg, "cgroup.events"), "v2 freeze: no cgroup.events: error");

	/* hybrid: the v1 freezer wins over the v2 core files */
	mk("fz1/f");
	put("fz1/f/freezer.state", "THAWED\n");
	put("fz2/f/cgroup.freeze", "0\n");
	snprintf(mi, sizeof(mi), "%s%s", mi_at("fz2", "cgroup2", "rw"), mi_at("fz1", "cgroup", "rw,freezer"));
	parse(&h, mi);
	cg_group_parse(&h, "0::/f\n7:freezer:/f\n", &g, &e);
	is_int(cg_freeze(&h, &g, 1, 200, &e), 0, "hybrid freeze: cg_freeze 1");
	is_str(got("fz1/f/freezer.state"), "FROZEN\n", "hybrid freeze: through the v1 freezer");
	is_str(got("fz2/f/cgroup.freeze"), "0\n", "hybrid freeze: not through cgroup.freeze");

	/* cg_kill on v1: freeze, SIGKILL what cgroup.procs lists, thaw */
	put("fz1/f/freezer.state", "THAWED\n");
	pid = fork();
	if (pid == 0) {
		alarm(10); /* never outlives a failed test */
		for (;;)
			pause();
	}
	snprintf(mi, sizeof(mi), "%d\n", (int)pid);
	put("fz1/f/cgroup.procs", mi);
	parse(&h, mi_at("fz1", "cgroup", "rw,freezer"));
	cg_group_parse(&h, "7:freezer:/f\n", &g, &e);
	is_int(cg_populated(&h, &g), 1, "v1 kill: populated (cgroup.procs not empty)");
	is_int(cg_kill(&h, &g, 0, &e), 0, "v1 kill: cg_kill without wait");
	for (t0 = now_ms(); waitpid(pid, &st, WNOHANG) == 0; usleep(1000))
		if (now_ms() - t0 > 2000) {
			kill(pid, SIGTERM);
			waitpid(pid, &st, 0);
			break;
		}
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "v1 kill: the listed process got SIGKILL");
	is_str(got("fz1/f/freezer.state"), "THAWED\n", "v1 kill: thawed again");
	put("fz1/f/cgroup.procs", "");
	is_int(cg_populated(&h, &g), 0, "v1 kill: empty cgroup.procs: not populated");
}

/* cg_join_* and cg_attach's own-thread path on a fake hybrid: two v1
 * hierarchies (tasks files) and a v2 one (a directory for clone3). */
static void test_fake_join(void)
{
	struct cg_host h;
	struct cg_group g, none;
	struct cg_join j;
	struct bb_err e = { 0 };
	char mi[4096];
	int fds_open;

	mk("j1m"), mk("j1m/g");
	mk("j1p"), mk("j1p/g");
	mk("j2"), mk("j2/g");
	put("j1m/g/tasks", ""), put("j1m/g/cgroup.procs", "");
	put("j1p/g/tasks", ""), put("j1p/g/cgroup.procs", "");
	put("j2/cgroup.controllers", ""), put("j2/g/cgroup.procs", "");
	snprintf(mi, sizeof(mi), "%s%s%s", mi_at("j1m", "cgroup", "rw,memory"),
		 mi_at("j1p", "cgroup", "rw,pids"), mi_at("j2", "cgroup2", "rw"));
	is_int(parse(&h, mi), 0, "join: fake hybrid parsed");
	cg_group_parse(&h, "2:memory:/g\n1:pids:/g\n0::/g\n", &g, &e);
	is_int(npaths(&g), 3, "join: a group in all three");

	is_int(cg_join_open(&h, &g, &j, &e), 0, "join: cg_join_open");
	fds_open = j.dir >= 0 && j.tasks[cg_hier_of(&h, "memory")] >= 0 &&
		   j.tasks[cg_hier_of(&h, "pids")] >= 0;
	ok(fds_open, "join: the v2 directory and both v1 tasks files open");
	ok(j.tasks[cg_hier_of(&h, "cgroup")] < 0, "join: no tasks file for the v2 hierarchy");
	is_int(cg_join_rest(&h, &g, &j, 1, 4242, &e), 0, "join: rest, born in the v2 group");
	is_str(got("j2/g/cgroup.procs"), "", "join: ... the v2 group is not written");
	is_str(got("j1m/g/cgroup.procs"), "", "join: ... nor a v1 one (the child joins itself)");
	is_int(cg_join_rest(&h, &g, &j, 0, 4242, &e), 0, "join: rest, not born in it");
	is_str(got("j2/g/cgroup.procs"), "4242", "join: ... the v2 group gets the PID");
	is_str(got("j1m/g/cgroup.procs"), "", "join: ... the v1 ones still not");
	is_int(cg_join_self(&j, &e), 0, "join: cg_join_self");
	is_str(got("j1m/g/tasks"), "0", "join: ... \"0\" into memory's tasks");
	is_str(got("j1p/g/tasks"), "0", "join: ... and pids' tasks");
	ok(j.dir < 0 && j.tasks[cg_hier_of(&h, "memory")] < 0, "join: ... descriptors closed");
	cg_join_close(&j);

	/* nothing opened (a new user namespace): rest moves by PID everywhere */
	put("j1m/g/cgroup.procs", ""), put("j2/g/cgroup.procs", "");
	cg_join_init(&j);
	is_int(cg_join_rest(&h, &g, &j, 0, 77, &e), 0, "join: rest without a join: cg_attach");
	is_str(got("j1m/g/cgroup.procs"), "77", "join: ... v1 by PID");
	is_str(got("j2/g/cgroup.procs"), "77", "join: ... v2 by PID");

	/* cg_attach of this process: tasks "0" on v1, its PID on v2 */
	put("j1m/g/tasks", ""), put("j2/g/cgroup.procs", "");
	is_int(cg_attach(&h, &g, 0, &e), 0, "join: cg_attach of this process");
	is_str(got("j1m/g/tasks"), "0", "join: ... v1: \"0\" into tasks");
	{
		char pid[24];

		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		is_str(got("j2/g/cgroup.procs"), pid, "join: ... v2: its PID into cgroup.procs");
	}

	/* cg_clone_into: a directory that is no cgroup makes clone3 fail,
	 * and a plain clone follows (born_in 0); no directory: plain too */
	{
		struct cg_join k;
		int born = -1, st = 0;
		pid_t pid;

		cg_join_init(&k);
		k.dir = open(tp("j1m"), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		pid = cg_clone_into(0, &k, &born);
		if (pid == 0)
			_exit(7);
		ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7,
		   "join: cg_clone_into with a non-cgroup directory: a child all the same");
		is_int(born, 0, "join: ... not born in a group");
		cg_join_close(&k);
		born = -1;
		pid = cg_clone_into(0, &k, &born);
		if (pid == 0)
			_exit(8);
		ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 8,
		   "join: cg_clone_into without a directory: a plain child");
		is_int(born, 0, "join: ... not born in a group");
	}

	/* a missing tasks file: an error naming it, nothing left open */
	cg_group_parse(&h, "2:memory:/nothere\n", &none, &e);
	ok(cg_join_open(&h, &none, &j, &e) < 0 && has(e.msg, "nothere/tasks"),
	   "join: a missing tasks file: error naming it");
	ok(j.dir < 0 && j.tasks[cg_hier_of(&h, "memory")] < 0, "join: ... nothing left open");
}

int main(void)
{
	struct cg_host hy, v1, v2;
	char cmd[256];

	if (!mkdtemp(tmp))
		plan_skip_all("no temp dir");

	test_hybrid(&hy);
	test_v1(&v1);
	test_v1_flags_in_super();
	test_v2(&v2);
	test_none_dup_escape_garbage();
	test_empty_ctrl(&hy, "hybrid");
	test_empty_ctrl(&v1, "v1");
	test_random();

	test_groups(&hy, &v1);
	test_sizes();
	test_translate();
	test_translate_random();

	test_fake_v2();
	test_fake_v1();
	test_fake_join();
	test_real_cpuset();
	test_freeze();

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		diag("could not remove %s", tmp);
	return done_testing();
}
