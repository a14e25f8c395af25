/* Translating limits between cgroup v1 and v2 names (cg_translate): a
 * key goes to the version that holds its controller on this host, as is
 * when the versions agree, else through the kernel's documented
 * equivalent. Keys without an unambiguous equivalent are refused, and so
 * is every key of the other version without FEATURE_CGROUP_TRANSLATE. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "autoconf.h"
#include "cgroup.h"

int cg_parse_size(const char *s, int64_t *out)
{
	static const char units[] = "kmgtpe";
	char *end;
	long long v;
	const char *u;

	if (strcmp(s, "-1") == 0) {
		*out = -1;
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || v < 0)
		return -1;
	if (*end) {
		int shift;

		u = strchr(units, end[0] | 0x20);
		if (!u || !end[0])
			return -1;
		/* 512M, 512MB, 512MiB */
		if (end[1] && strcasecmp(end + 1, "b") != 0 && strcasecmp(end + 1, "ib") != 0)
			return -1;
		shift = 10 * (int)(u - units + 1);
		if (v > (INT64_MAX >> shift))
			return -1;
		v <<= shift;
	}
	/* v1 shows "no limit" as the largest page-aligned count. */
	*out = v >= (INT64_MAX & ~4095LL) ? -1 : v;
	return 0;
}

struct tctx {
	const struct cg_setting *s;
	size_t n, cur;
	struct cg_write *out;
	size_t max, nout;
	int to;                        /* target version */
	struct bb_err *e;
};

static const char *vname(int v)
{
	return v == 2 ? "lxc.cgroup2." : "lxc.cgroup.";
}

static int bad(struct tctx *t, const char *expected)
{
	const struct cg_setting *s = &t->s[t->cur];

	return bb_err_set(t->e, 0, "%s%s = %s: expected %s", vname(s->version), s->key, s->value,
			  expected);
}

static int emit(struct tctx *t, const char *key, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int emit(struct tctx *t, const char *key, const char *fmt, ...)
{
	struct cg_write *w;
	va_list ap;

	if (t->nout >= t->max)
		return bb_err_set(t->e, E2BIG, "too many cgroup settings");
	w = &t->out[t->nout++];
	snprintf(w->key, sizeof(w->key), "%s", key);
	va_start(ap, fmt);
	vsnprintf(w->value, sizeof(w->value), fmt, ap);
	va_end(ap);
	w->version = t->to;
	w->from = t->cur;
	return 0;
}

static int num(const char *s, long long lo, long long hi, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return !errno && end != s && !*end && *v >= lo && *v <= hi ? 0 : -1;
}

/* The value of another setting among those translated together. */
static const char *find(const struct tctx *t, int version, const char *key)
{
	const char *v = NULL;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->s[i].version == version && strcmp(t->s[i].key, key) == 0)
			v = t->s[i].value;
	return v;
}

/* The memory limit set with this batch, in bytes (-1: none or unlimited). */
static int mem_limit(const struct tctx *t, int64_t *bytes)
{
	const char *v1 = find(t, 1, "memory.limit_in_bytes"), *v2 = find(t, 2, "memory.max");

	*bytes = -1;
	if (v2 && strcmp(v2, "max") != 0)
		return cg_parse_size(v2, bytes);
	if (v1)
		return cg_parse_size(v1, bytes);
	return v2 || v1 ? 0 : -1;
}

/* ---- v1 -> v2 ---- */

static int memory_max(struct tctx *t, const char *v)
{
	int64_t b;

	if (cg_parse_size(v, &b) < 0)
		return bad(t, "a size (bytes, or with K, M, G suffix) or -1");
	return b < 0 ? emit(t, "memory.max", "max") : emit(t, "memory.max", "%" PRId64, b);
}

static int swap_max(struct tctx *t, const char *v)
{
	int64_t memsw, mem;

	if (cg_parse_size(v, &memsw) < 0)
		return bad(t, "a size (bytes, or with K, M, G suffix) or -1");
	if (memsw < 0)
		return emit(t, "memory.swap.max", "max");
	if (mem_limit(t, &mem) < 0 || mem < 0)
		return bb_err_set(t->e, 0, "lxc.cgroup.memory.memsw.limit_in_bytes needs lxc.cgroup.memory.limit_in_bytes on a cgroup v2 host (swap is memsw minus memory)");
	if (memsw < mem)
		return bb_err_set(t->e, 0, "lxc.cgroup.memory.memsw.limit_in_bytes = %s is below the memory limit", v);
	return emit(t, "memory.swap.max", "%" PRId64, memsw - mem);
}

static int cpu_weight(struct tctx *t, const char *v)
{
	long long shares;

	if (num(v, 2, 262144, &shares) < 0)
		return bad(t, "a number from 2 to 262144");
	/* The kernel's own equivalence (kernel/sched: weight 100 is 1024
	 * shares), rounded and kept in [1, 10000]. */
	shares = (shares * 100 + 512) / 1024;
	return emit(t, "cpu.weight", "%lld", shares < 1 ? 1 : shares > 10000 ? 10000 : shares);
}

static int cpu_max(struct tctx *t, const char *v)
{
	const char *q = find(t, 1, "cpu.cfs_quota_us"), *p = find(t, 1, "cpu.cfs_period_us");
	long long quota = -1, period = 100000;

	if (q && num(q, -1, INT64_MAX / 2, &quota) < 0)
		return bb_err_set(t->e, 0, "lxc.cgroup.cpu.cfs_quota_us = %s: expected microseconds or -1", q);
	if (p && num(p, 1000, 1000000, &period) < 0)
		return bb_err_set(t->e, 0, "lxc.cgroup.cpu.cfs_period_us = %s: expected microseconds from 1000 to 1000000", p);
	/* One cpu.max for both keys: written once, for the quota key. */
	if ((q && p) && strcmp(t->s[t->cur].key, "cpu.cfs_quota_us") != 0)
		return 0;
	if (quota < 0)
		return emit(t, "cpu.max", "max %lld", period);
	return emit(t, "cpu.max", "%lld %lld", quota, period);
}

static int io_weight(struct tctx *t, const char *v)
{
	long long w;

	if (num(v, 10, 1000, &w) < 0)
		return bad(t, "a number from 10 to 1000");
	return emit(t, "io.weight", "%lld", 1 + (w - 10) * 9999 / 990);
}

/* blkio.throttle.read_bps_device = "8:0 1048576" -> io.max "8:0 rbps=1048576" */
static int io_max(struct tctx *t, const char *v)
{
	static const struct { const char *v1, *v2; } ops[] = {
		{ "blkio.throttle.read_bps_device", "rbps" },
		{ "blkio.throttle.write_bps_device", "wbps" },
		{ "blkio.throttle.read_iops_device", "riops" },
		{ "blkio.throttle.write_iops_device", "wiops" },
	};
	unsigned maj, min;
	unsigned long long n;
	char tail;
	size_t i;

	if (bb_sscanf(v, "%u:%u %llu%c", &maj, &min, &n, &tail) != 3)
		return bad(t, "'MAJOR:MINOR VALUE'");
	/* v1's 0 is "no limit"; v2 calls that max (and refuses 0). */
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (strcmp(t->s[t->cur].key, ops[i].v1) == 0)
			return n ? emit(t, "io.max", "%u:%u %s=%llu", maj, min, ops[i].v2, n)
				 : emit(t, "io.max", "%u:%u %s=max", maj, min, ops[i].v2);
	return bad(t, "a blkio.throttle key");
}

/* ---- v2 -> v1 ---- */

static int limit_in_bytes(struct tctx *t, const char *v)
{
	int64_t b = -1;

	if (strcmp(v, "max") != 0 && (cg_parse_size(v, &b) < 0 || b < 0))
		return bad(t, "a size (bytes, or with K, M, G suffix) or max");
	return emit(t, "memory.limit_in_bytes", "%" PRId64, b);
}

static int memsw_limit(struct tctx *t, const char *v)
{
	int64_t swap, mem;

	if (strcmp(v, "max") == 0)
		return emit(t, "memory.memsw.limit_in_bytes", "-1");
	if (cg_parse_size(v, &swap) < 0 || swap < 0)
		return bad(t, "a size (bytes, or with K, M, G suffix) or max");
	if (mem_limit(t, &mem) < 0 || mem < 0)
		return bb_err_set(t->e, 0, "lxc.cgroup2.memory.swap.max needs lxc.cgroup2.memory.max on a cgroup v1 host (memsw is memory plus swap)");
	if (swap > INT64_MAX - mem)
		return emit(t, "memory.memsw.limit_in_bytes", "-1");
	return emit(t, "memory.memsw.limit_in_bytes", "%" PRId64, mem + swap);
}

static int cpu_shares(struct tctx *t, const char *v)
{
	long long w;

	if (num(v, 1, 10000, &w) < 0)
		return bad(t, "a number from 1 to 10000");
	return emit(t, "cpu.shares", "%lld", (w * 1024 + 50) / 100);
}

static int cfs(struct tctx *t, const char *v)
{
	char q[32], tail;
	long long period, quota = -1;

	int k = bb_sscanf(v, "%31s %lld%c", q, &period, &tail);

	if (k == 1)
		period = 100000;
	else if (k != 2 || period < 1000 || period > 1000000)
		return bad(t, "'QUOTA PERIOD' or 'max PERIOD' (PERIOD from 1000 to 1000000)");
	if (strcmp(q, "max") != 0 && num(q, 1000, INT64_MAX / 2, &quota) < 0)
		return bad(t, "'QUOTA PERIOD' with QUOTA in microseconds or max");
	if (emit(t, "cpu.cfs_period_us", "%lld", period) < 0)
		return -1;
	return emit(t, "cpu.cfs_quota_us", "%lld", quota);
}

static int blkio_weight(struct tctx *t, const char *v)
{
	long long w;

	if (num(v, 1, 10000, &w) < 0)
		return bad(t, "a number from 1 to 10000");
	return emit(t, "blkio.weight", "%lld", 10 + (w - 1) * 990 / 9999);
}

/* io.max = "8:0 rbps=1048576 wiops=100" -> blkio.throttle.*_device */
static int throttle(struct tctx *t, const char *v)
{
	static const struct { const char *v2, *v1; } ops[] = {
		{ "rbps", "blkio.throttle.read_bps_device" },
		{ "wbps", "blkio.throttle.write_bps_device" },
		{ "riops", "blkio.throttle.read_iops_device" },
		{ "wiops", "blkio.throttle.write_iops_device" },
	};
	char buf[128], *tok, *save = NULL;
	unsigned maj, min;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", v);
	tok = strtok_r(buf, " ", &save);
	if (!tok || bb_sscanf(tok, "%u:%u", &maj, &min) != 2)
		return bad(t, "'MAJOR:MINOR rbps=N wbps=N riops=N wiops=N'");
	while ((tok = strtok_r(NULL, " ", &save)) != NULL) {
		char *eq = strchr(tok, '=');
		long long n = -1;

		if (!eq)
			return bad(t, "'MAJOR:MINOR KEY=VALUE...'");
		*eq = '\0';
		for (i = 0; i < ARRAY_SIZE(ops); i++)
			if (strcmp(tok, ops[i].v2) == 0)
				break;
		if (i == ARRAY_SIZE(ops) ||
		    (strcmp(eq + 1, "max") != 0 && num(eq + 1, 0, INT64_MAX, &n) < 0))
			return bad(t, "keys rbps, wbps, riops, wiops with a number or max");
		/* v1 has no "max": 0 removes the limit. */
		if (emit(t, ops[i].v1, "%u:%u %lld", maj, min, n < 0 ? 0 : n) < 0)
			return -1;
	}
	return 0;
}

static int same(struct tctx *t, const char *v)
{
	return emit(t, t->s[t->cur].key, "%s", v);
}

struct rule {
	int from;                   /* version of the key as written */
	const char *key;
	int (*fn)(struct tctx *, const char *);
};

static const struct rule rules[] = {
	{ 1, "memory.limit_in_bytes", memory_max },
	{ 1, "memory.memsw.limit_in_bytes", swap_max },
	{ 1, "cpu.shares", cpu_weight },
	{ 1, "cpu.cfs_quota_us", cpu_max },
	{ 1, "cpu.cfs_period_us", cpu_max },
	{ 1, "blkio.weight", io_weight },
	{ 1, "blkio.throttle.read_bps_device", io_max },
	{ 1, "blkio.throttle.write_bps_device", io_max },
	{ 1, "blkio.throttle.read_iops_device", io_max },
	{ 1, "blkio.throttle.write_iops_device", io_max },
	{ 1, "pids.max", same },
	{ 1, "cpuset.cpus", same },
	{ 1, "cpuset.mems", same },
	{ 2, "memory.max", limit_in_bytes },
	{ 2, "memory.swap.max", memsw_limit },
	{ 2, "cpu.weight", cpu_shares },
	{ 2, "cpu.max", cfs },
	{ 2, "io.weight", blkio_weight },
	{ 2, "io.max", throttle },
	{ 2, "pids.max", same },
	{ 2, "cpuset.cpus", same },
	{ 2, "cpuset.mems", same },
};

static int key_ctrl(const char *key, char *ctrl, size_t len)
{
	size_t n = strcspn(key, ".");

	if (!key[n] || !key[n + 1] || n == 0 || n >= len || strchr(key, '/') ||
	    strstr(key, ".."))
		return -1;
	memcpy(ctrl, key, n);
	ctrl[n] = '\0';
	return 0;
}

static int translate_one(struct tctx *t)
{
	const struct cg_setting *s = &t->s[t->cur];
	size_t i;

	if (!ENABLE_FEATURE_CGROUP_TRANSLATE)
		return bb_err_set(t->e, 0, "%s%s: this host has the '%.*s' controller on cgroup v%d only, and "
				  "this ctbox does not translate cgroup v%d keys (FEATURE_CGROUP_TRANSLATE)",
				  vname(s->version), s->key, (int)strcspn(s->key, "."), s->key, t->to,
				  s->version);
	for (i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].from == s->version && strcmp(rules[i].key, s->key) == 0)
			return rules[i].fn(t, s->value);
	return bb_err_set(t->e, 0, "%s%s has no cgroup v%d equivalent, and this host has the '%.*s' controller on cgroup v%d only",
			  vname(s->version), s->key, t->to, (int)strcspn(s->key, "."), s->key, t->to);
}

/* The kernel refuses a memory limit above memsw: memory first. */
static int memsw_rank(const struct cg_write *w)
{
	return strncmp(w->key, "memory.memsw.", 13) == 0;
}

int cg_translate(const struct cg_setting *s, size_t n, int (*version_of)(const char *ctrl, void *arg),
		 void *arg, struct cg_write *out, size_t max, struct bb_err *e)
{
	struct tctx t = { .s = s, .n = n, .out = out, .max = max, .e = e };
	size_t i, j;

	for (t.cur = 0; t.cur < n; t.cur++) {
		char ctrl[64];
		int v;

		if (strcmp(s[t.cur].key, "devices.allow") == 0 || strcmp(s[t.cur].key, "devices.deny") == 0)
			continue; /* the device policy is cg_devices_apply's */
		if (key_ctrl(s[t.cur].key, ctrl, sizeof(ctrl)) < 0)
			return bb_err_set(e, 0, "%s%s: expected CONTROLLER.FILE", vname(s[t.cur].version),
					  s[t.cur].key);
		v = version_of(ctrl, arg);
		if (!v)
			return bb_err_set(e, 0, "%s%s: this host has no '%s' cgroup controller",
					  vname(s[t.cur].version), s[t.cur].key, ctrl);
		t.to = v;
		if (v == s[t.cur].version) {
			if (emit(&t, s[t.cur].key, "%s", s[t.cur].value) < 0)
				return -1;
		} else if (translate_one(&t) < 0) {
			return -1;
		}
	}
	/* Stable: memsw writes after every other. */
	for (i = 0, j = 0; i < t.nout; i++) {
		if (memsw_rank(&out[i]))
			continue;
		if (i != j) {
			struct cg_write w = out[i];

			memmove(&out[j + 1], &out[j], (i - j) * sizeof(*out));
			out[j] = w;
		}
		j++;
	}
	return (int)t.nout;
}

int cg_key_version(const char *key)
{
	int v = 0;
	size_t i;

	for (i = 0; ENABLE_FEATURE_CGROUP_TRANSLATE && i < ARRAY_SIZE(rules); i++)
		if (strcmp(rules[i].key, key) == 0)
			v |= rules[i].from;
	return v;
}
