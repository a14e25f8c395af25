/* Value types of one key each: lxc.arch, lxc.init.groups, lxc.mount.entry,
 * lxc.mount.auto, lxc.cap.*, lxc.idmap, lxc.namespace.*, lxc.prlimit.*,
 * lxc.time.offset.*, lxc.log.level, and the checkers of string keys. */
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "conf_int.h"

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Split value at blanks into at most max words (in buf). Returns the
 * count, or -1 when there are more. */
static int split_words(const char *value, char *buf, size_t buflen, char **w, int max)
{
	char *p;
	int n = 0;

	snprintf(buf, buflen, "%s", value);
	for (p = buf; *p;) {
		p += strspn(p, " \t");
		if (!*p)
			break;
		if (n == max)
			return -1;
		w[n++] = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* ---- lxc.arch ---- */

/* LXC's names: the first ARCH32 are 32-bit (PER_LINUX32, 8), the others
 * 64-bit (PER_LINUX, 0). */
#define ARCH32 16
static const char arches[] =
	"x86\0i386\0i486\0i586\0i686\0athlon\0linux32\0arm\0armel\0armhf\0armv7l\0armv7a\0"
	"mips\0mipsel\0ppc\0powerpc\0"
	"x86_64\0amd64\0linux64\0aarch64\0arm64\0mips64\0mips64el\0ppc64\0ppc64el\0ppc64le\0"
	"powerpc64\0riscv64\0s390x\0";

static int arch_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	struct lxc_conf *c = base;
	int i;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	i = bb_word_index(arches, value, 0);
	if (i < 0)
		return conf_bad(e, key, value, "expected an architecture (x86_64, amd64, i686, arm64, armhf ...)");
	if (conf_str_set(&c->arch, value) < 0)
		return conf_nomem(e);
	c->personality = i < ARCH32 ? 8 : 0;
	return 0;
}

static void arch_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
	const struct lxc_conf *c = base;

	if (c->arch)
		sb_item(sb, name, c->arch, dump);
}

static void arch_clear(void *base, const struct conf_key *k, const char *sub)
{
	struct lxc_conf *c = base;

	free(c->arch);
	c->arch = NULL;
	c->personality = -1;
}

const struct conf_ops conf_ops_arch = { arch_set, CONF_GETTER(arch_get), arch_clear };

/* ---- lxc.init.groups = GID[,GID...] (lines add) ---- */

static int groups_set(void *base, const struct conf_key *k, const char *key,
		      const char *sub, const char *value, struct bb_err *e)
{
	struct lxc_conf *c = base;
	const char *p = value;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	while (*p) {
		char num[16];
		size_t n;
		unsigned long long g;
		gid_t *ng;

		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (!n)
			break;
		if (n >= sizeof(num))
			goto bad;
		memcpy(num, p, n);
		num[n] = '\0';
		if (conf_parse_ulong(num, 4294967294ULL, &g) < 0)
			goto bad;
		if (c->n_init_groups >= 65536)
			return conf_bad(e, key, value, "expected at most 65536 groups");
		ng = realloc(c->init_groups, (c->n_init_groups + 1) * sizeof(*ng));
		if (!ng)
			return conf_nomem(e);
		c->init_groups = ng;
		ng[c->n_init_groups++] = (gid_t)g;
		p += n;
	}
	return 0;
bad:
	return conf_bad(e, key, value, "expected group ids separated by commas (1000,1001)");
}

static void groups_get(const void *base, const struct conf_key *k, const char *name,
		       const char *sub, int dump, struct sbuf *sb)
{
	const struct lxc_conf *c = base;
	struct sbuf v = { 0 };
	size_t i;

	if (!c->n_init_groups)
		return;
	for (i = 0; i < c->n_init_groups; i++)
		sb_addf(&v, "%s%u", i ? "," : "", (unsigned)c->init_groups[i]);
	if (v.oom)
		sb->oom = 1;
	else
		sb_item(sb, name, v.s, dump);
	free(v.s);
}

static void groups_clear(void *base, const struct conf_key *k, const char *sub)
{
	struct lxc_conf *c = base;

	free(c->init_groups);
	c->init_groups = NULL;
	c->n_init_groups = 0;
}

const struct conf_ops conf_ops_init_groups = { groups_set, CONF_GETTER(groups_get), groups_clear };

/* ---- lxc.mount.entry = SRC DST TYPE [OPTS [FREQ [PASSNO]]] ---- */

static void mount_free(struct conf_mount *m)
{
	free(m->line);
	free(m->src);
	free(m->dst);
	free(m->type);
	free(m->opts);
}

static int mount_set(void *base, const struct conf_key *k, const char *key,
		     const char *sub, const char *value, struct bb_err *e)
{
	struct lxc_conf *c = base;
	struct conf_mount m = { 0 }, *nm;
	unsigned long long num[2] = { 0, 0 };
	char *buf, *w[7];
	size_t len = strlen(value) + 1;
	int n, i;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	buf = malloc(len);
	if (!buf)
		return conf_nomem(e);
	n = split_words(value, buf, len, w, 6);
	if (n < 3) {
		free(buf);
		return conf_bad(e, key, value, "expected an fstab line: SOURCE TARGET TYPE [OPTIONS [FREQ [PASSNO]]]");
	}
	for (i = 4; i < n; i++)
		if (conf_parse_ulong(w[i], 1000000, &num[i - 4]) < 0) {
			free(buf);
			return conf_bad(e, key, value, "expected numbers as the fstab line's 5th and 6th fields");
		}
	m.line = strdup(value);
	m.src = strdup(w[0]);
	m.dst = strdup(w[1]);
	m.type = strdup(w[2]);
	m.opts = strdup(n > 3 ? w[3] : "defaults");
	m.freq = (int)num[0];
	m.passno = (int)num[1];
	free(buf);
	nm = realloc(c->mounts, (c->n_mounts + 1) * sizeof(*nm));
	if (!nm || !m.line || !m.src || !m.dst || !m.type || !m.opts) {
		if (nm)
			c->mounts = nm;
		mount_free(&m);
		return conf_nomem(e);
	}
	c->mounts = nm;
	nm[c->n_mounts++] = m;
	return 0;
}

static void mount_get(const void *base, const struct conf_key *k, const char *name,
		      const char *sub, int dump, struct sbuf *sb)
{
	const struct lxc_conf *c = base;
	size_t i;

	for (i = 0; i < c->n_mounts; i++)
		sb_item(sb, name, c->mounts[i].line, dump);
}

static void mount_clear(void *base, const struct conf_key *k, const char *sub)
{
	struct lxc_conf *c = base;
	size_t i;

	for (i = 0; i < c->n_mounts; i++)
		mount_free(&c->mounts[i]);
	free(c->mounts);
	c->mounts = NULL;
	c->n_mounts = 0;
}

const struct conf_ops conf_ops_mount_entry = { mount_set, CONF_GETTER(mount_get), mount_clear };

/* ---- lxc.mount.auto: tokens add up over lines; empty clears ---- */

enum { AUTO_PROC, AUTO_SYS, AUTO_CGROUP };

static const struct {
	const char *name;
	unsigned char what, value, force;
} auto_tokens[] = {
	/* the canonical spelling of each value comes first */
	{ "proc:mixed", AUTO_PROC, CONF_AUTO_PROC_MIXED, 0 },
	{ "proc:rw", AUTO_PROC, CONF_AUTO_PROC_RW, 0 },
	{ "proc", AUTO_PROC, CONF_AUTO_PROC_MIXED, 0 },
	{ "sys:ro", AUTO_SYS, CONF_AUTO_SYS_RO, 0 },
	{ "sys:mixed", AUTO_SYS, CONF_AUTO_SYS_MIXED, 0 },
	{ "sys:rw", AUTO_SYS, CONF_AUTO_SYS_RW, 0 },
	{ "sys", AUTO_SYS, CONF_AUTO_SYS_MIXED, 0 },
	{ "cgroup:mixed", AUTO_CGROUP, CONF_AUTO_CG_MIXED, 0 },
	{ "cgroup:ro", AUTO_CGROUP, CONF_AUTO_CG_RO, 0 },
	{ "cgroup:rw", AUTO_CGROUP, CONF_AUTO_CG_RW, 0 },
	{ "cgroup", AUTO_CGROUP, CONF_AUTO_CG_NOSPEC, 0 },
	{ "cgroup-full:mixed", AUTO_CGROUP, CONF_AUTO_CG_FULL_MIXED, 0 },
	{ "cgroup-full:ro", AUTO_CGROUP, CONF_AUTO_CG_FULL_RO, 0 },
	{ "cgroup-full:rw", AUTO_CGROUP, CONF_AUTO_CG_FULL_RW, 0 },
	{ "cgroup-full", AUTO_CGROUP, CONF_AUTO_CG_FULL_NOSPEC, 0 },
	{ "cgroup:mixed:force", AUTO_CGROUP, CONF_AUTO_CG_MIXED, 1 },
	{ "cgroup:ro:force", AUTO_CGROUP, CONF_AUTO_CG_RO, 1 },
	{ "cgroup:rw:force", AUTO_CGROUP, CONF_AUTO_CG_RW, 1 },
	{ "cgroup:force", AUTO_CGROUP, CONF_AUTO_CG_NOSPEC, 1 },
	{ "cgroup-full:mixed:force", AUTO_CGROUP, CONF_AUTO_CG_FULL_MIXED, 1 },
	{ "cgroup-full:ro:force", AUTO_CGROUP, CONF_AUTO_CG_FULL_RO, 1 },
	{ "cgroup-full:rw:force", AUTO_CGROUP, CONF_AUTO_CG_FULL_RW, 1 },
	{ "cgroup-full:force", AUTO_CGROUP, CONF_AUTO_CG_FULL_NOSPEC, 1 },
};

static int auto_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	struct conf_mount_auto *a = FIELD(base, k, struct conf_mount_auto);
	struct conf_mount_auto nw = *a;
	const char *p = value;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	while (*p) {
		size_t n, i;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (!n)
			break;
		for (i = 0; i < ARRAY_SIZE(auto_tokens); i++)
			if (strlen(auto_tokens[i].name) == n && strncmp(p, auto_tokens[i].name, n) == 0)
				break;
		if (i == ARRAY_SIZE(auto_tokens)) {
			if (strncmp(p, "shmounts:", 9) == 0)
				return conf_bad(e, key, value, "shmounts is not supported by ctbox");
			return conf_bad(e, key, value,
					"expected proc[:mixed|:rw], sys[:ro|:mixed|:rw], cgroup[:mixed|:ro|:rw][:force] or cgroup-full[:mixed|:ro|:rw][:force]");
		}
		if (auto_tokens[i].what == AUTO_PROC) {
			nw.proc = auto_tokens[i].value;
		} else if (auto_tokens[i].what == AUTO_SYS) {
			nw.sys = auto_tokens[i].value;
		} else {
			nw.cgroup = auto_tokens[i].value;
			nw.cgroup_force = auto_tokens[i].force;
		}
		p += n;
	}
	*a = nw;
	return 0;
}

static const char *auto_name(unsigned what, unsigned value, unsigned force)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(auto_tokens); i++)
		if (auto_tokens[i].what == what && auto_tokens[i].value == value &&
		    auto_tokens[i].force == force)
			return auto_tokens[i].name;
	return NULL;
}

static void auto_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
	const struct conf_mount_auto *a = CFIELD(base, k, struct conf_mount_auto);
	struct sbuf v = { 0 };
	const char *t;

	if ((t = a->proc ? auto_name(AUTO_PROC, a->proc, 0) : NULL))
		sb_addf(&v, "%s", t);
	if ((t = a->sys ? auto_name(AUTO_SYS, a->sys, 0) : NULL))
		sb_addf(&v, "%s%s", v.len ? " " : "", t);
	if ((t = a->cgroup ? auto_name(AUTO_CGROUP, a->cgroup, a->cgroup_force) : NULL))
		sb_addf(&v, "%s%s", v.len ? " " : "", t);
	sb_item_done(sb, name, &v, dump);
}

static void auto_clear(void *base, const struct conf_key *k, const char *sub)
{
	memset(FIELD(base, k, struct conf_mount_auto), 0, sizeof(struct conf_mount_auto));
}

const struct conf_ops conf_ops_mount_auto = { auto_set, CONF_GETTER(auto_get), auto_clear };

/* ---- capabilities: LXC's lowercase names without CAP_ ---- */

static const char cap_names[] =
	"chown\0dac_override\0dac_read_search\0fowner\0fsetid\0kill\0setgid\0"
	"setuid\0setpcap\0linux_immutable\0net_bind_service\0net_broadcast\0"
	"net_admin\0net_raw\0ipc_lock\0ipc_owner\0sys_module\0sys_rawio\0"
	"sys_chroot\0sys_ptrace\0sys_pacct\0sys_admin\0sys_boot\0sys_nice\0"
	"sys_resource\0sys_time\0sys_tty_config\0mknod\0lease\0audit_write\0"
	"audit_control\0setfcap\0mac_override\0mac_admin\0syslog\0wake_alarm\0"
	"block_suspend\0audit_read\0perfmon\0bpf\0checkpoint_restore\0";

int conf_cap_parse(const char *s)
{
	unsigned long long v;

	if (conf_parse_ulong(s, 63, &v) == 0)
		return (int)v;
	if (strncasecmp(s, "cap_", 4) == 0)
		s += 4;
	return bb_word_index(cap_names, s, 1);
}

const char *conf_cap_name(int cap)
{
	return cap >= 0 ? bb_word_at(cap_names, (size_t)cap) : NULL;
}

/* lxc.cap.drop (arg NULL) and lxc.cap.keep (arg non-NULL: takes "none"). */
static int caps_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	struct lxc_conf *c = base;
	int keep = k->arg != NULL;
	uint64_t *mask = keep ? &c->cap_keep : &c->cap_drop;
	uint64_t add = 0;
	int none = 0;
	const char *p = value;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	while (*p) {
		char w[40];
		size_t n;
		int cap;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (!n)
			break;
		if (n >= sizeof(w))
			goto bad;
		memcpy(w, p, n);
		w[n] = '\0';
		p += n;
		if (keep && strcmp(w, "none") == 0) {
			none = 1;
			add = 0;
			continue;
		}
		cap = conf_cap_parse(w);
		if (cap < 0)
			goto bad;
		add |= 1ULL << cap;
	}
	if (none)
		*mask = 0;
	*mask |= add;
	if (keep)
		c->cap_keep_set = 1;
	return 0;
bad:
	return conf_bad(e, key, value, "expected capability names without CAP_ (sys_admin net_raw)%s",
			keep ? " or none" : "");
}

static void caps_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
	const struct lxc_conf *c = base;
	int keep = k->arg != NULL;
	uint64_t mask = keep ? c->cap_keep : c->cap_drop;
	struct sbuf v = { 0 };
	int i;

	if (!keep && dump && mask == CONF_CAP_DROP_DEFAULT)
		return; /* the default is not written */
	if (!keep && dump && !mask) {
		sb_item(sb, name, "", dump); /* the default cleared */
		return;
	}
	if (keep && c->cap_keep_set && !mask)
		sb_add(&v, "none");
	for (i = 0; i < 64; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		if (conf_cap_name(i))
			sb_addf(&v, "%s%s", v.len ? " " : "", conf_cap_name(i));
		else
			sb_addf(&v, "%s%d", v.len ? " " : "", i);
	}
	sb_item_done(sb, name, &v, dump);
}

static void caps_clear(void *base, const struct conf_key *k, const char *sub)
{
	struct lxc_conf *c = base;

	if (k->arg) {
		c->cap_keep = 0;
		c->cap_keep_set = 0;
	} else {
		c->cap_drop = 0;
	}
}

const struct conf_ops conf_ops_caps = { caps_set, CONF_GETTER(caps_get), caps_clear };

/* ---- lxc.idmap = u|g NSID HOSTID RANGE ---- */

#define IDMAP_LINES_MAX 340 /* what the kernel takes per map */

static int idmap_set(void *base, const struct conf_key *k, const char *key,
		     const char *sub, const char *value, struct bb_err *e)
{
	struct lxc_conf *c = base;
	struct conf_idmap m, *nm;
	unsigned long long v[3];
	char buf[128], *w[5];
	size_t i, same = 0;
	int n;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	n = strlen(value) < sizeof(buf) ? split_words(value, buf, sizeof(buf), w, 4) : -1;
	if (n != 4 || strlen(w[0]) != 1 || (w[0][0] != 'u' && w[0][0] != 'g'))
		goto bad;
	for (i = 0; i < 3; i++)
		if (conf_parse_ulong(w[i + 1], 4294967295ULL, &v[i]) < 0)
			goto bad;
	if (v[2] == 0 || v[0] + v[2] > 4294967296ULL || v[1] + v[2] > 4294967296ULL)
		return conf_bad(e, key, value, "expected a range of at least 1 that stays below 2^32");
	m.kind = w[0][0];
	m.nsid = v[0];
	m.hostid = v[1];
	m.range = v[2];
	for (i = 0; i < c->n_idmap; i++)
		if (c->idmap[i].kind == m.kind)
			same++;
	if (same >= IDMAP_LINES_MAX)
		return conf_bad(e, key, value, "expected at most %d maps of each kind", IDMAP_LINES_MAX);
	nm = realloc(c->idmap, (c->n_idmap + 1) * sizeof(*nm));
	if (!nm)
		return conf_nomem(e);
	c->idmap = nm;
	nm[c->n_idmap++] = m;
	return 0;
bad:
	return conf_bad(e, key, value, "expected u|g NSID HOSTID RANGE (u 0 100000 65536)");
}

static void idmap_get(const void *base, const struct conf_key *k, const char *name,
		      const char *sub, int dump, struct sbuf *sb)
{
	const struct lxc_conf *c = base;
	size_t i;

	for (i = 0; i < c->n_idmap; i++) {
		char buf[64];

		snprintf(buf, sizeof(buf), "%c %lu %lu %lu", c->idmap[i].kind, c->idmap[i].nsid,
			 c->idmap[i].hostid, c->idmap[i].range);
		sb_item(sb, name, buf, dump);
	}
}

static void idmap_clear(void *base, const struct conf_key *k, const char *sub)
{
	struct lxc_conf *c = base;

	free(c->idmap);
	c->idmap = NULL;
	c->n_idmap = 0;
}

const struct conf_ops conf_ops_idmap = { idmap_set, CONF_GETTER(idmap_get), idmap_clear };

/* ---- namespaces ---- */

static const struct {
	const char *name;
	int ns, flag;
} ns_names[] = {
	{ "cgroup", CONF_NS_CGROUP, CLONE_NEWCGROUP }, { "ipc", CONF_NS_IPC, CLONE_NEWIPC },
	{ "mnt", CONF_NS_MNT, CLONE_NEWNS }, { "net", CONF_NS_NET, CLONE_NEWNET },
	{ "pid", CONF_NS_PID, CLONE_NEWPID }, { "time", CONF_NS_TIME, CLONE_NEWTIME },
	{ "user", CONF_NS_USER, CLONE_NEWUSER }, { "uts", CONF_NS_UTS, CLONE_NEWUTS },
	{ "mount", CONF_NS_MNT, CLONE_NEWNS },
};

static int ns_lookup(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ns_names); i++)
		if (strlen(ns_names[i].name) == n && strncmp(s, ns_names[i].name, n) == 0)
			return (int)i;
	return -1;
}

/* lxc.namespace.clone (arg NULL) and lxc.namespace.keep (arg non-NULL). */
static int ns_set(void *base, const struct conf_key *k, const char *key,
		  const char *sub, const char *value, struct bb_err *e)
{
	struct lxc_conf *c = base;
	int keep = k->arg != NULL, flags = 0;
	const char *p = value;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (keep ? c->ns_clone_set : c->ns_keep != 0)
		return bb_err_set(e, 0, "'%s' cannot be used with '%s'", key,
				  keep ? "lxc.namespace.clone" : "lxc.namespace.keep");
	while (*p) {
		size_t n;
		int i;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (!n)
			break;
		i = ns_lookup(p, n);
		if (i < 0)
			return conf_bad(e, key, value,
					"expected namespace names (cgroup ipc mnt net pid time user uts)");
		flags |= ns_names[i].flag;
		p += n;
	}
	if (keep) {
		c->ns_keep |= flags;
	} else {
		c->ns_clone |= flags;
		c->ns_clone_set = 1;
	}
	return 0;
}

static void ns_get(const void *base, const struct conf_key *k, const char *name,
		   const char *sub, int dump, struct sbuf *sb)
{
	const struct lxc_conf *c = base;
	int keep = k->arg != NULL, flags = keep ? c->ns_keep : c->ns_clone;
	struct sbuf v = { 0 };
	size_t i;

	if (keep ? !flags : !c->ns_clone_set)
		return;
	for (i = 0; i < CONF_NS_MAX; i++)
		if (flags & ns_names[i].flag)
			sb_addf(&v, "%s%s", v.len ? " " : "", ns_names[i].name);
	sb_item_done(sb, name, &v, dump);
}

static void ns_clear(void *base, const struct conf_key *k, const char *sub)
{
	struct lxc_conf *c = base;

	if (k->arg) {
		c->ns_keep = 0;
	} else {
		c->ns_clone = 0;
		c->ns_clone_set = 0;
	}
}

const struct conf_ops conf_ops_ns = { ns_set, CONF_GETTER(ns_get), ns_clear };

/* lxc.namespace.share.NS = PID | NAME | PATH */
static void share_clear(void *base, const struct conf_key *k, const char *sub)
{
	struct lxc_conf *c = base;
	int i;

	for (i = 0; i < CONF_NS_MAX; i++) {
		int ns = ns_names[i].ns;

		if (!sub || strcmp(sub, ns_names[i].name) == 0 ||
		    (ns == CONF_NS_MNT && strcmp(sub, "mount") == 0)) {
			free(c->ns_share[ns]);
			c->ns_share[ns] = NULL;
		}
	}
}

static int share_set(void *base, const struct conf_key *k, const char *key,
		     const char *sub, const char *value, struct bb_err *e)
{
	struct lxc_conf *c = base;
	int i = sub ? ns_lookup(sub, strlen(sub)) : -1;

	if (!*value && (!sub || !*sub)) {
		share_clear(base, k, NULL);
		return 0;
	}
	if (i < 0)
		return bb_err_set(e, 0, "unknown key '%s'", key);
	if (!*value) {
		share_clear(base, k, sub);
		return 0;
	}
	if (conf_check_word(value))
		return conf_bad(e, key, value, "expected a PID, a container name or a path");
	if (conf_str_set(&c->ns_share[ns_names[i].ns], value) < 0)
		return conf_nomem(e);
	return 0;
}

static void share_get(const void *base, const struct conf_key *k, const char *name,
		      const char *sub, int dump, struct sbuf *sb)
{
	const struct lxc_conf *c = base;
	int i, want = sub && *sub ? ns_lookup(sub, strlen(sub)) : -1;

	for (i = 0; i < CONF_NS_MAX; i++) {
		const char *v = c->ns_share[ns_names[i].ns];
		char full[64];

		if (!v || (want >= 0 && ns_names[want].ns != ns_names[i].ns))
			continue;
		snprintf(full, sizeof(full), "%s.%s", name, ns_names[i].name);
		if (dump)
			sb_item(sb, full, v, 1);
		else if (want >= 0)
			sb_item(sb, name, v, 0);
		else
			sb_addf(sb, "%s = %s\n", full, v);
	}
}

const struct conf_ops conf_ops_ns_share = { share_set, CONF_GETTER(share_get), share_clear };

/* ---- lxc.prlimit.NAME = N | SOFT:HARD | unlimited ---- */

static const struct {
	const char *name;
	int resource;
} rlimits[] = {
	{ "as", RLIMIT_AS }, { "core", RLIMIT_CORE }, { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA }, { "fsize", RLIMIT_FSIZE }, { "locks", RLIMIT_LOCKS },
	{ "memlock", RLIMIT_MEMLOCK }, { "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC }, { "rss", RLIMIT_RSS },
	{ "rtprio", RLIMIT_RTPRIO }, { "rttime", RLIMIT_RTTIME },
	{ "sigpending", RLIMIT_SIGPENDING }, { "stack", RLIMIT_STACK },
};

static int rlimit_lookup(const char *s)
{
	size_t i;

	for (i = 0; s && i < ARRAY_SIZE(rlimits); i++)
		if (strcmp(s, rlimits[i].name) == 0)
			return (int)i;
	return -1;
}

static int rlim_value(const char *s, size_t n, unsigned long long *v)
{
	char buf[24];

	if (n == 9 && strncmp(s, "unlimited", 9) == 0) {
		*v = CONF_RLIM_INFINITY;
		return 0;
	}
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return conf_parse_ulong(buf, CONF_RLIM_INFINITY - 1, v);
}

static void prlimit_remove(struct lxc_conf *c, int resource)
{
	size_t i, o = 0;

	for (i = 0; i < c->n_prlimits; i++)
		if (resource >= 0 && c->prlimits[i].resource != resource)
			c->prlimits[o++] = c->prlimits[i];
	c->n_prlimits = o;
	if (!o) {
		free(c->prlimits);
		c->prlimits = NULL;
	}
}

static int prlimit_set(void *base, const struct conf_key *k, const char *key,
		       const char *sub, const char *value, struct bb_err *e)
{
	struct lxc_conf *c = base;
	int r = rlimit_lookup(sub);
	struct conf_prlimit p, *np;
	const char *colon;
	size_t i;

	if (!*value && (!sub || !*sub)) {
		prlimit_remove(c, -1);
		return 0;
	}
	if (r < 0)
		return bb_err_set(e, 0, "unknown key '%s' (limits: as core cpu data fsize locks memlock msgqueue nice nofile nproc rss rtprio rttime sigpending stack)",
				  key);
	if (!*value) {
		prlimit_remove(c, rlimits[r].resource);
		return 0;
	}
	p.resource = rlimits[r].resource;
	colon = strchr(value, ':');
	if (rlim_value(value, colon ? (size_t)(colon - value) : strlen(value), &p.soft) < 0 ||
	    (colon && rlim_value(colon + 1, strlen(colon + 1), &p.hard) < 0))
		return conf_bad(e, key, value, "expected N, SOFT:HARD or unlimited");
	if (!colon)
		p.hard = p.soft;
	if (p.soft > p.hard)
		return conf_bad(e, key, value, "expected a soft limit no greater than the hard one");
	for (i = 0; i < c->n_prlimits; i++)
		if (c->prlimits[i].resource == p.resource) {
			c->prlimits[i] = p;
			return 0;
		}
	np = realloc(c->prlimits, (c->n_prlimits + 1) * sizeof(*np));
	if (!np)
		return conf_nomem(e);
	c->prlimits = np;
	np[c->n_prlimits++] = p;
	return 0;
}

static void rlim_text(unsigned long long v, char *buf, size_t len)
{
	if (v == CONF_RLIM_INFINITY)
		snprintf(buf, len, "unlimited");
	else
		snprintf(buf, len, "%llu", v);
}

static void prlimit_get(const void *base, const struct conf_key *k, const char *name,
			const char *sub, int dump, struct sbuf *sb)
{
	const struct lxc_conf *c = base;
	int want = sub && *sub ? rlimit_lookup(sub) : -1;
	size_t i, j;

	for (i = 0; i < c->n_prlimits; i++) {
		const struct conf_prlimit *p = &c->prlimits[i];
		char s[24], h[24], v[50], full[64];

		for (j = 0; j < ARRAY_SIZE(rlimits); j++)
			if (rlimits[j].resource == p->resource)
				break;
		if (j == ARRAY_SIZE(rlimits) || (want >= 0 && (size_t)want != j))
			continue;
		rlim_text(p->soft, s, sizeof(s));
		rlim_text(p->hard, h, sizeof(h));
		if (p->soft == p->hard)
			snprintf(v, sizeof(v), "%s", s);
		else
			snprintf(v, sizeof(v), "%s:%s", s, h);
		snprintf(full, sizeof(full), "%s.%s", name, rlimits[j].name);
		if (dump)
			sb_item(sb, full, v, 1);
		else if (want >= 0)
			sb_item(sb, name, v, 0);
		else
			sb_addf(sb, "%s = %s\n", full, v);
	}
}

static void prlimit_clear(void *base, const struct conf_key *k, const char *sub)
{
	prlimit_remove(base, sub ? rlimit_lookup(sub) : -1);
}

const struct conf_ops conf_ops_prlimit = { prlimit_set, CONF_GETTER(prlimit_get), prlimit_clear };

/* ---- lxc.time.offset.*: [-]N UNIT (h m s ms us ns); the field is a pair
 * of long long: seconds, nanoseconds ---- */

static int offset_set(void *base, const struct conf_key *k, const char *key,
		      const char *sub, const char *value, struct bb_err *e)
{
	static const struct {
		const char *unit;
		long long mul;
		int ns;
	} units[] = {
		{ "h", 3600, 0 }, { "m", 60, 0 }, { "s", 1, 0 },
		{ "ms", 1000000, 1 }, { "us", 1000, 1 }, { "ns", 1, 1 },
	};
	long long *f = FIELD(base, k, long long);
	unsigned long long v;
	char num[24];
	int neg = value[0] == '-';
	size_t n = strspn(value + neg, "0123456789"), i;
	const char *unit = value + neg + n;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	unit += strspn(unit, " \t");
	for (i = 0; i < ARRAY_SIZE(units); i++)
		if (strcmp(unit, units[i].unit) == 0)
			break;
	if (n == 0 || n >= sizeof(num) || i == ARRAY_SIZE(units))
		goto bad;
	memcpy(num, value + neg, n);
	num[n] = '\0';
	if (conf_parse_ulong(num, (unsigned long long)(LLONG_MAX / units[i].mul), &v) < 0)
		goto bad;
	f[0] = f[1] = 0;
	f[units[i].ns] = (neg ? -1 : 1) * (long long)v * units[i].mul;
	return 0;
bad:
	return conf_bad(e, key, value, "expected an offset with a unit ([-]N followed by h, m, s, ms, us or ns)");
}

static void offset_get(const void *base, const struct conf_key *k, const char *name,
		       const char *sub, int dump, struct sbuf *sb)
{
	const long long *f = CFIELD(base, k, long long);
	char buf[32];

	if (f[1])
		snprintf(buf, sizeof(buf), "%lldns", f[1]);
	else
		snprintf(buf, sizeof(buf), "%llds", f[0]);
	if (!dump || f[0] || f[1])
		sb_item(sb, name, buf, dump);
}

static void offset_clear(void *base, const struct conf_key *k, const char *sub)
{
	long long *f = FIELD(base, k, long long);

	f[0] = f[1] = 0;
}

const struct conf_ops conf_ops_time_offset = { offset_set, CONF_GETTER(offset_get), offset_clear };

/* ---- lxc.log.level: a name (TRACE ... FATAL) or its number 0..8 ---- */

static const char *const loglevel_names[] = {
	"TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "ERROR", "CRIT", "ALERT", "FATAL",
};

static int loglevel_set(void *base, const struct conf_key *k, const char *key,
			const char *sub, const char *value, struct bb_err *e)
{
	unsigned long long v;
	int l;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (conf_parse_ulong(value, 8, &v) == 0)
		l = (int)v;
	else
		l = lxc_loglevel_parse(value);
	if (l < 0 || (size_t)l >= ARRAY_SIZE(loglevel_names))
		return conf_bad(e, key, value,
				"expected TRACE, DEBUG, INFO, NOTICE, WARN, ERROR, CRIT, ALERT, FATAL or 0 to 8");
	*FIELD(base, k, int) = l;
	return 0;
}

static void loglevel_get(const void *base, const struct conf_key *k, const char *name,
			 const char *sub, int dump, struct sbuf *sb)
{
	int l = *CFIELD(base, k, int);

	if (l >= 0 && (size_t)l < ARRAY_SIZE(loglevel_names))
		sb_item(sb, name, loglevel_names[l], dump);
}

static void loglevel_clear(void *base, const struct conf_key *k, const char *sub)
{
	*FIELD(base, k, int) = -1;
}

const struct conf_ops conf_ops_loglevel = { loglevel_set, CONF_GETTER(loglevel_get), loglevel_clear };

/* ---- checkers of string keys ---- */

const char *conf_check_utsname(const char *v)
{
	if (strlen(v) > 64 || conf_check_word(v) || strchr(v, '/'))
		return "expected a host name of at most 64 bytes, without blanks or '/'";
	return NULL;
}

const char *conf_check_ttydir(const char *v)
{
	if (conf_check_word(v) || strchr(v, '/') || strcmp(v, ".") == 0 || strcmp(v, "..") == 0)
		return "expected a directory name under /dev (lxc)";
	return NULL;
}

const char *conf_check_console(const char *v)
{
	return v[0] == '/' || strcmp(v, "none") == 0 ? NULL : "expected an absolute path or none";
}

const char *conf_check_facility(const char *v)
{
	static const char *const facilities[] = {
		"daemon", "user", "local0", "local1", "local2", "local3", "local4", "local5",
		"local6", "local7", NULL,
	};

	return conf_word(facilities, v) >= 0 ? NULL : "expected daemon, user or local0 to local7";
}

const char *conf_check_env(const char *v)
{
	size_t n = strcspn(v, "=");

	if (n == 0 || strcspn(v, " \t") < n)
		return "expected NAME=VALUE or NAME";
	return NULL;
}

const char *conf_check_backend(const char *v)
{
	static const char *const backends[] = {
		"dir", "btrfs", "overlay", "overlayfs", "aufs", "zfs", "lvm", "loop", "rbd", "nbd",
		"best", NULL,
	};

	return conf_word(backends, v) >= 0 ? NULL :
		"expected dir, btrfs, overlay, overlayfs, aufs, zfs, lvm, loop, rbd, nbd or best";
}
