/* From an OCI spec to ctbox's container description: every member that
 * struct lxc_conf can say becomes the lxc.* key that says it (set through
 * conf_set, so the configuration parser checks it as it checks a file);
 * what it cannot say is refused by its JSON path unless the caller
 * applies it itself (the OCI_X_* bits). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "oci_spec.h"

struct tr {
	struct lxc_conf *c;
	const struct oci_spec *s;
	const char *bundle;
	struct bb_err *e;
	int sys_auto;            /* /sys became lxc.mount.auto (or is not mounted) */
	char autos[64];          /* lxc.mount.auto words */
};

/* conf_set(key, printf(fmt)); its message behind the JSON path. */
static int PRINTF_LIKE(4, 5) set(struct tr *t, const char *path, const char *key, const char *fmt, ...)
{
	char *v = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&v, fmt, ap);
	va_end(ap);
	if (r < 0)
		return bb_err_set(t->e, ENOMEM, "%s: out of memory", path);
	r = conf_set(t->c, key, v, t->e);
	free(v);
	if (r < 0) {
		char msg[sizeof(t->e->msg)];

		snprintf(msg, sizeof(msg), "%s", t->e->msg);
		bb_err_set(t->e, t->e->errnum, "%s: %s", path, msg);
	}
	return r;
}

static int refuse(struct tr *t, const char *path, const char *why)
{
	return bb_err_set(t->e, 0, "%s: %s", path, why ? why : "not supported by ctbox");
}

static int has_ns(const struct oci_spec *s, int type, const char **path)
{
	size_t i;

	for (i = 0; s->linux_ && i < s->linux_->n_namespaces; i++)
		if (s->linux_->namespaces[i].type == type) {
			if (path)
				*path = s->linux_->namespaces[i].path;
			return 1;
		}
	return 0;
}

static int has_opt(const struct oci_mount *m, const char *opt)
{
	size_t i;

	for (i = 0; i < m->options.n; i++)
		if (strcmp(m->options.v[i], opt) == 0)
			return 1;
	return 0;
}

/* Every option of m is one of the words in allowed ("a b c"). */
static int opts_within(const struct oci_mount *m, const char *allowed)
{
	size_t i, n;
	const char *p;

	for (i = 0; i < m->options.n; i++) {
		n = strlen(m->options.v[i]);
		for (p = allowed; (p = strstr(p, m->options.v[i])) != NULL; p += n)
			if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
				break;
		if (!p)
			return 0;
	}
	return 1;
}

/* ---- mounts ---- */

enum mclass { M_ENTRY, M_PROC, M_SYS, M_CGROUP, M_CGROUP_X, M_DEV, M_DEVPTS };

static const char *dest(const struct oci_mount *m)
{
	return m->destination;
}

static int cgroup_mount_after(const struct oci_spec *s, size_t i)
{
	for (i++; i < s->n_mounts; i++)
		if (strcmp(dest(&s->mounts[i]), "/sys/fs/cgroup") == 0)
			return 1;
	return 0;
}

/* What mounts[i] becomes: one of lxc.mount.auto's, lxc.autodev (and its
 * devpts), or an lxc.mount.entry. The auto mounts come before autodev
 * and the entries: a /sys listed after /dev is an entry, so that the
 * mounts stay in the spec's order (runtime-tools' generate.New lists it
 * last), unless a cgroup mount over it needs it automatic. */
static int mount_class(const struct oci_spec *s, size_t i, int *sys_auto, int *autodev)
{
	const struct oci_mount *m = &s->mounts[i];
	const char *d = dest(m), *type = m->type ? m->type : "";

	if (strcmp(d, "/proc") == 0 && strcmp(type, "proc") == 0 &&
	    opts_within(m, "nosuid noexec nodev rw"))
		return M_PROC;
	if (strcmp(d, "/sys") == 0) {
		*sys_auto = strcmp(type, "sysfs") == 0 && opts_within(m, "nosuid noexec nodev ro rw") &&
			    (!*autodev || cgroup_mount_after(s, i));
		return *sys_auto ? M_SYS : M_ENTRY;
	}
	if (strcmp(d, "/sys/fs/cgroup") == 0 && (strcmp(type, "cgroup") == 0 || strcmp(type, "cgroup2") == 0))
		return *sys_auto ? M_CGROUP : M_CGROUP_X;
	if (strcmp(d, "/dev") == 0 && strcmp(type, "tmpfs") == 0) {
		*autodev = 1;
		return M_DEV;
	}
	if (*autodev && strcmp(d, "/dev/pts") == 0 && strcmp(type, "devpts") == 0 &&
	    opts_within(m, "nosuid noexec newinstance ptmxmode=0666 mode=0620 mode=620 gid=5"))
		return M_DEVPTS;
	return M_ENTRY;
}

/* OCI mount options ctbox's mount entries do not take (the flags runc
 * knows beyond them); anything else not in rootfs.c's table is data for
 * the file system (mode=755, size=64k). */
static const char refused_opts[] =
	" acl noacl async diratime iversion noiversion lazytime nolazytime loud silent nomand"
	" norelatime nostrictatime nosymfollow symfollow ratime rdev rdiratime rexec rnoatime"
	" rnodev rnodiratime rnoexec rnorelatime rnostrictatime rnosuid rnosymfollow rrelatime"
	" rro rrw rstrictatime rsuid rsymfollow remount tmpcopyup unbindable runbindable shared"
	" rshared slave rslave idmap ridmap ";
/* LXC's own words: not OCI options, and they would change what ctbox does. */
static const char lxc_opts[] = " optional create=dir create=file auto noauto ";

static int word_in(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = list; (p = strstr(p, w)) != NULL; p++)
		if (p[-1] == ' ' && p[n] == ' ')
			return 1;
	return 0;
}

static int blank_free(struct tr *t, const char *s, const char *path)
{
	if (s && (!*s || s[strcspn(s, " \t\n\r\v\f")]))
		return bb_err_set(t->e, 0, "%s: \"%.200s\": %s", path, s,
				  *s ? "white space is not supported by ctbox in mounts" : "empty");
	return 0;
}

static char *in_bundle(struct tr *t, const char *p)
{
	return p[0] == '/' ? strdup(p) : path_join(t->bundle ? t->bundle : ".", p);
}

static int mount_entry(struct tr *t, size_t i)
{
	const struct oci_mount *m = &t->s->mounts[i];
	int bind = has_opt(m, "bind") || has_opt(m, "rbind");
	char path[48], *src = NULL, *opts = NULL;
	size_t k, len = 0;
	struct stat st;
	int r = -1;

	snprintf(path, sizeof(path), "mounts[%zu]", i);
	if (blank_free(t, m->destination, path) < 0 || blank_free(t, m->source, path) < 0 ||
	    blank_free(t, m->type, path) < 0)
		return -1;
	if (!m->type && !bind)
		return bb_err_set(t->e, 0, "%s.type: required (only a bind mount may leave it out)", path);
	if (bind && !m->source)
		return bb_err_set(t->e, 0, "%s.source: required for a bind mount", path);
	for (k = 0; k < m->options.n; k++) {
		const char *o = m->options.v[k];

		if (blank_free(t, o, path) < 0)
			return -1;
		if (strchr(o, ',') || word_in(lxc_opts, o))
			return bb_err_set(t->e, 0, "%s.options[%zu]: \"%.64s\" is not a mount option", path, k, o);
		if (word_in(refused_opts, o))
			return bb_err_set(t->e, 0, "%s.options[%zu]: \"%s\" is not supported by ctbox", path, k, o);
		len += strlen(o) + 1;
	}
	opts = malloc(len + sizeof("create=file"));
	src = bind ? in_bundle(t, m->source) : strdup(m->source ? m->source : m->type);
	if (!opts || !src) {
		bb_err_set(t->e, ENOMEM, "%s: out of memory", path);
		goto out;
	}
	opts[0] = '\0';
	for (k = 0; k < m->options.n; k++)
		strcat(strcat(opts, m->options.v[k]), ",");
	/* A bind of a file needs a file to land on, as runc makes one. */
	strcat(opts, bind && stat(src, &st) == 0 && !S_ISDIR(st.st_mode) ? "create=file" : "create=dir");
	r = set(t, path, "lxc.mount.entry", "%s %s%s %s %s 0 0", src, m->destination[0] == '/' ? "" : "/",
		m->destination, m->type ? m->type : "none", opts);
out:
	free(src);
	free(opts);
	return r;
}

/* "65536k" -> bytes; 0 when not a size that fits. */
static unsigned long long tmpfs_size(const char *s)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end && end[1])
		return 0;
	if (*end)
		shift = *end == 'k' || *end == 'K' ? 10 : *end == 'm' || *end == 'M' ? 20 :
			*end == 'g' || *end == 'G' ? 30 : -1;
	if (errno || shift < 0 || v > (~0ULL >> shift))
		return 0;
	return v << shift;
}

static int mount_dev(struct tr *t, size_t i)
{
	const struct oci_mount *m = &t->s->mounts[i];
	unsigned long long size = 0;
	size_t k;

	for (k = 0; k < m->options.n; k++) {
		const char *o = m->options.v[k];

		if (strncmp(o, "size=", 5) == 0) {
			size = tmpfs_size(o + 5);
			if (!size || size > 0xffffffffULL)
				return bb_err_set(t->e, 0, "mounts[%zu].options[%zu]: \"%.40s\": ctbox takes a /dev size from 1 byte to 4G",
						  i, k, o);
		} else if (!word_in(" nosuid noexec strictatime mode=755 mode=0755 rw ", o)) {
			return bb_err_set(t->e, 0, "mounts[%zu].options[%zu]: \"%.40s\" on /dev is not supported by ctbox",
					  i, k, o);
		}
	}
	if (set(t, "mounts", "lxc.autodev", "1") < 0)
		return -1;
	return size ? set(t, "mounts", "lxc.autodev.tmpfs.size", "%llu", size) : 0;
}

static void add_auto(struct tr *t, const char *w)
{
	size_t n = strlen(t->autos);

	snprintf(t->autos + n, sizeof(t->autos) - n, "%s%s", n ? " " : "", w);
}

static int mounts(struct tr *t)
{
	int sys_auto = 1, autodev = 0;
	size_t i;

	for (i = 0; i < t->s->n_mounts; i++) {
		const struct oci_mount *m = &t->s->mounts[i];
		int r = 0;

		switch (mount_class(t->s, i, &sys_auto, &autodev)) {
		case M_PROC: add_auto(t, "proc:rw"); break;
		case M_SYS: add_auto(t, has_opt(m, "ro") ? "sys:ro" : "sys:rw"); break;
		case M_CGROUP: add_auto(t, has_opt(m, "ro") ? "cgroup:ro" : "cgroup:rw"); break;
		case M_CGROUP_X: break; /* the caller's (OCI_X_CGROUP_MOUNT) */
		case M_DEV: r = mount_dev(t, i); break;
		case M_DEVPTS: break;   /* autodev's devpts is this one */
		default: r = mount_entry(t, i);
		}
		if (r < 0)
			return -1;
	}
	if (!autodev && set(t, "mounts", "lxc.autodev", "0") < 0)
		return -1;
	return set(t, "mounts", "lxc.mount.auto", "%s", t->autos);
}

/* ---- process ---- */

/* args as lxc.init.cmd, quoted where needed so that start splits it
 * back into the same words (run_plan.c: '...' literal, "..." with \"
 * and \\). */
static char *quote_args(const struct oci_strv *a)
{
	size_t i, len = 1;
	char *s, *o;

	for (i = 0; i < a->n; i++)
		len += 2 * strlen(a->v[i]) + 3;
	s = o = malloc(len);
	if (!s)
		return NULL;
	for (i = 0; i < a->n; i++) {
		const char *p = a->v[i];
		int dq = strchr(p, '\'') != NULL;
		int bare = *p && !p[strcspn(p, " \t'\"\\")];

		if (i)
			*o++ = ' ';
		if (bare) {
			o = stpcpy(o, p);
			continue;
		}
		*o++ = dq ? '"' : '\'';
		for (; *p; p++) {
			if (dq && (*p == '"' || *p == '\\'))
				*o++ = '\\';
			*o++ = *p;
		}
		*o++ = dq ? '"' : '\'';
	}
	*o = '\0';
	return s;
}

static int cap_words(char *buf, size_t len, uint64_t mask)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < 64; i++)
		if ((mask & (1ULL << i)) && conf_cap_name(i))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", conf_cap_name(i));
	if (!n)
		snprintf(buf, len, "none");
	return n < len ? 0 : -1;
}

static int process(struct tr *t, const struct oci_process *p)
{
	char buf[1024], *cmd;
	size_t i;
	int r;

	cmd = quote_args(&p->args);
	if (!cmd)
		return bb_err_set(t->e, ENOMEM, "process.args: out of memory");
	r = set(t, "process.args", "lxc.init.cmd", "%s", cmd);
	free(cmd);
	if (r < 0 || set(t, "process.cwd", "lxc.init.cwd", "%s", p->cwd) < 0 ||
	    set(t, "process.user.uid", "lxc.init.uid", "%llu", (unsigned long long)p->user.uid.v) < 0 ||
	    set(t, "process.user.gid", "lxc.init.gid", "%llu", (unsigned long long)p->user.gid.v) < 0)
		return -1;
	for (i = 0; i < p->user.additional_gids.n; i++)
		if (set(t, "process.user.additionalGids", "lxc.init.groups", "%u",
			p->user.additional_gids.v[i]) < 0)
			return -1;
	for (i = 0; i < p->env.n; i++) {
		snprintf(buf, sizeof(buf), "process.env[%zu]", i);
		if (set(t, buf, "lxc.environment", "%s", p->env.v[i]) < 0)
			return -1;
	}
	/* No capabilities member: the process keeps them all, as with runc. */
	if (set(t, "process.capabilities", "lxc.cap.drop", "%s", "") < 0)
		return -1;
	if (p->caps.bounding.set || p->caps.effective.set || p->caps.permitted.set ||
	    p->caps.inheritable.set || p->caps.ambient.set) {
		if (cap_words(buf, sizeof(buf), p->caps.bounding.mask) < 0 ||
		    set(t, "process.capabilities.bounding", "lxc.cap.keep", "%s", buf) < 0)
			return -1;
	}
	for (i = 0; i < p->n_rlimits; i++) {
		const struct oci_rlimit *rl = &p->rlimits[i];
		char key[40], soft[24], hard[24];
		const char *name = oci_rlimit_names[rl->type - 1] + 7;
		size_t k;

		for (k = 0; name[k] && k < sizeof(key) - 13; k++)
			key[k] = (char)(name[k] | 0x20);
		key[k] = '\0';
		memmove(key + 12, key, k + 1);
		memcpy(key, "lxc.prlimit.", 12);
		snprintf(soft, sizeof(soft), rl->soft.v == UINT64_MAX ? "unlimited" : "%llu",
			 (unsigned long long)rl->soft.v);
		snprintf(hard, sizeof(hard), rl->hard.v == UINT64_MAX ? "unlimited" : "%llu",
			 (unsigned long long)rl->hard.v);
		snprintf(buf, sizeof(buf), "process.rlimits[%zu]", i);
		if (set(t, buf, key, "%s:%s", soft, hard) < 0)
			return -1;
	}
	if (p->no_new_privileges.v && set(t, "process.noNewPrivileges", "lxc.no_new_privs", "1") < 0)
		return -1;
	if (p->oom_score_adj.set &&
	    set(t, "process.oomScoreAdj", "lxc.proc.oom_score_adj", "%lld", (long long)p->oom_score_adj.v) < 0)
		return -1;
	if (!p->terminal.v && set(t, "process.terminal", "lxc.console.path", "none") < 0)
		return -1;
	if (p->selinux_label && *p->selinux_label)
		return refuse(t, "process.selinuxLabel", NULL);
	return 0;
}

/* ---- linux ---- */

static int namespaces(struct tr *t, const struct oci_linux *l)
{
	static const char *const lxc_ns[] = { "cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts" };
	char clone[64] = "", key[40];
	const char *path = NULL;
	size_t i, n = 0;

	if (!has_ns(t->s, OCI_NS_MOUNT, NULL))
		return refuse(t, "linux.namespaces", "ctbox needs a mount namespace ({\"type\": \"mount\"})");
	for (i = 0; i < l->n_namespaces; i++) {
		const struct oci_ns *ns = &l->namespaces[i];
		const char *name = lxc_ns[ns->type - 1];

		if (ns->path) {
			snprintf(key, sizeof(key), "lxc.namespace.share.%s", name);
			if (set(t, "linux.namespaces", key, "%s", ns->path) < 0)
				return -1;
			continue;
		}
		n += (size_t)snprintf(clone + n, sizeof(clone) - n, "%s%s", n ? " " : "", name);
	}
	if (set(t, "linux.namespaces", "lxc.namespace.clone", "%s", clone) < 0)
		return -1;
	/* lxc.net: loopback only in a new network namespace, else the
	 * host's; a namespace joined is what it is. */
	if (!has_ns(t->s, OCI_NS_NETWORK, &path))
		return set(t, "linux.namespaces", "lxc.net.0.type", "none");
	return path ? 0 : set(t, "linux.namespaces", "lxc.net.0.type", "empty");
}

static int idmaps(struct tr *t, const struct oci_linux *l)
{
	const char *upath = NULL;
	int user = has_ns(t->s, OCI_NS_USER, &upath);
	size_t i, k;

	if (!user && (l->n_uid_mappings || l->n_gid_mappings))
		return refuse(t, l->n_uid_mappings ? "linux.uidMappings" : "linux.gidMappings",
			      "needs a user namespace (linux.namespaces)");
	if (user && !upath && !l->n_uid_mappings != !l->n_gid_mappings)
		return refuse(t, !l->n_uid_mappings ? "linux.uidMappings" : "linux.gidMappings",
			      "required with the other mappings");
	/* None at all (crun's rootless spec): root inside is the caller. */
	if (user && !upath && !l->n_uid_mappings)
		return set(t, "linux.uidMappings", "lxc.idmap", "u 0 %u 1", (unsigned)geteuid()) < 0 ||
		       set(t, "linux.gidMappings", "lxc.idmap", "g 0 %u 1", (unsigned)getegid()) < 0 ? -1 : 0;
	for (k = 0; k < 2; k++) {
		const struct oci_idmap *m = k ? l->gid_mappings : l->uid_mappings;
		size_t n = k ? l->n_gid_mappings : l->n_uid_mappings;
		char path[48];

		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "linux.%cidMappings[%zu]", k ? 'g' : 'u', i);
			if (set(t, path, "lxc.idmap", "%c %llu %llu %llu", k ? 'g' : 'u',
				(unsigned long long)m[i].container_id.v, (unsigned long long)m[i].host_id.v,
				(unsigned long long)m[i].size.v) < 0)
				return -1;
		}
	}
	return 0;
}

static int cg2(struct tr *t, const char *path, const char *file, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
static int cg2(struct tr *t, const char *path, const char *file, const char *fmt, ...)
{
	char key[128], *v = NULL;
	va_list ap;
	int r;

	snprintf(key, sizeof(key), "lxc.cgroup2.%s", file);
	va_start(ap, fmt);
	r = vasprintf(&v, fmt, ap);
	va_end(ap);
	if (r < 0)
		return bb_err_set(t->e, ENOMEM, "%s: out of memory", path);
	r = set(t, path, key, "%s", v);
	free(v);
	return r;
}

static void dev_num(char *buf, size_t len, const struct oci_i64 *n)
{
	if (n->set)
		snprintf(buf, len, "%lld", (long long)n->v);
	else
		snprintf(buf, len, "*");
}

/* What runc lets every container use after the spec's rules. */
static const char *const allowed_devices[] = {
	"c *:* m", "b *:* m", "c 1:3 rwm", "c 1:8 rwm", "c 1:7 rwm", "c 5:0 rwm", "c 1:5 rwm",
	"c 1:9 rwm", "c 5:1 rwm", "c 136:* rwm", "c 5:2 rwm",
};

static int devices(struct tr *t, const struct oci_linux *l)
{
	const struct oci_resources *r = &l->resources;
	char path[48], maj[24], min[24];
	size_t i;

	for (i = 0; i < r->n_devices; i++) {
		const struct oci_dev_rule *d = &r->devices[i];
		const char *file = d->allow.v ? "devices.allow" : "devices.deny";

		snprintf(path, sizeof(path), "linux.resources.devices[%zu]", i);
		dev_num(maj, sizeof(maj), &d->major);
		dev_num(min, sizeof(min), &d->minor);
		if (cg2(t, path, file, "%c %s:%s %s", d->type ? "acb"[d->type - 1] : 'a', maj, min,
			d->access ? d->access : "rwm") < 0)
			return -1;
	}
	for (i = 0; i < l->n_devices; i++) {
		const struct oci_device *d = &l->devices[i];

		if (d->type == OCI_DEV_P)
			continue;
		snprintf(path, sizeof(path), "linux.devices[%zu]", i);
		if (cg2(t, path, "devices.allow", "%c %lld:%lld rwm", d->type == OCI_DEV_B ? 'b' : 'c',
			(long long)d->major.v, (long long)d->minor.v) < 0)
			return -1;
	}
	for (i = 0; r->n_devices && i < ARRAY_SIZE(allowed_devices); i++)
		if (cg2(t, "linux.resources.devices", "devices.allow", "%s", allowed_devices[i]) < 0)
			return -1;
	return 0;
}

/* A byte count: 0 or absent leaves the file alone, -1 is "max". */
static int mem_value(struct tr *t, const char *path, const char *file, const struct oci_i64 *v)
{
	if (!v->set || !v->v)
		return 0;
	if (v->v < -1)
		return refuse(t, path, "negative");
	return v->v == -1 ? cg2(t, path, file, "max") : cg2(t, path, file, "%lld", (long long)v->v);
}

/* Integers of the spec into cgroup v2 files, as runc converts them. */
static int memory(struct tr *t, const struct oci_resources *r)
{
	const struct oci_i64 *lim = &r->memory.limit, *sw = &r->memory.swap;
	long long l = lim->set ? lim->v : 0;

	if (r->memory.kernel.set)
		return refuse(t, "linux.resources.memory.kernel", "not supported by ctbox (no such limit in cgroup v2)");
	if (r->memory.kernel_tcp.set)
		return refuse(t, "linux.resources.memory.kernelTCP", "not supported by ctbox (no such limit in cgroup v2)");
	if (r->memory.swappiness.set)
		return refuse(t, "linux.resources.memory.swappiness", "not supported by ctbox (no such setting in cgroup v2)");
	if (r->memory.disable_oom_killer.v)
		return refuse(t, "linux.resources.memory.disableOOMKiller", "not supported by ctbox (no such setting in cgroup v2)");
	if (r->memory.use_hierarchy.set && !r->memory.use_hierarchy.v)
		return refuse(t, "linux.resources.memory.useHierarchy", "false is not supported by ctbox (cgroup v2 is always hierarchical)");
	if (mem_value(t, "linux.resources.memory.limit", "memory.max", lim) < 0 ||
	    mem_value(t, "linux.resources.memory.reservation", "memory.low", &r->memory.reservation) < 0)
		return -1;
	/* OCI's swap is memory + swap; v2's memory.swap.max is swap alone. */
	if (sw->set && sw->v) {
		if (sw->v == -1)
			return cg2(t, "linux.resources.memory.swap", "memory.swap.max", "max");
		if (sw->v < -1)
			return refuse(t, "linux.resources.memory.swap", "negative");
		if (l <= 0)
			return refuse(t, "linux.resources.memory.swap", "needs a memory limit");
		if (sw->v < l)
			return refuse(t, "linux.resources.memory.swap", "below the memory limit (it counts memory + swap)");
		return cg2(t, "linux.resources.memory.swap", "memory.swap.max", "%lld", sw->v - l);
	} else if (l == -1) {
		return cg2(t, "linux.resources.memory.swap", "memory.swap.max", "max");
	}
	return 0;
}

static int cpu(struct tr *t, const struct oci_resources *r)
{
	const char *P = "linux.resources.cpu";

	if (r->cpu.realtime_runtime.set && r->cpu.realtime_runtime.v)
		return refuse(t, "linux.resources.cpu.realtimeRuntime", "not supported by ctbox (no such limit in cgroup v2)");
	if (r->cpu.realtime_period.set && r->cpu.realtime_period.v)
		return refuse(t, "linux.resources.cpu.realtimePeriod", "not supported by ctbox (no such limit in cgroup v2)");
	if (r->cpu.shares.set && r->cpu.shares.v) {
		uint64_t s = r->cpu.shares.v;

		if (s < 2 || s > 262144)
			return refuse(t, "linux.resources.cpu.shares", "expected 2 to 262144");
		if (cg2(t, "linux.resources.cpu.shares", "cpu.weight", "%llu",
			(unsigned long long)(1 + ((s - 2) * 9999) / 262142)) < 0)
			return -1;
	}
	if ((r->cpu.quota.set && r->cpu.quota.v) || (r->cpu.period.set && r->cpu.period.v)) {
		unsigned long long period = r->cpu.period.set && r->cpu.period.v ? r->cpu.period.v : 100000;
		long long q = r->cpu.quota.set ? r->cpu.quota.v : 0;
		int rc;

		if (q > 0)
			rc = cg2(t, P, "cpu.max", "%lld %llu", q, period);
		else
			rc = cg2(t, P, "cpu.max", "max %llu", period);
		if (rc < 0)
			return -1;
	}
	if (r->cpu.burst.set &&
	    cg2(t, "linux.resources.cpu.burst", "cpu.max.burst", "%llu", (unsigned long long)r->cpu.burst.v) < 0)
		return -1;
	if (r->cpu.idle.set && cg2(t, "linux.resources.cpu.idle", "cpu.idle", "%lld", (long long)r->cpu.idle.v) < 0)
		return -1;
	if (r->cpu.cpus && *r->cpu.cpus && cg2(t, "linux.resources.cpu.cpus", "cpuset.cpus", "%s", r->cpu.cpus) < 0)
		return -1;
	if (r->cpu.mems && *r->cpu.mems && cg2(t, "linux.resources.cpu.mems", "cpuset.mems", "%s", r->cpu.mems) < 0)
		return -1;
	return 0;
}

/* blkio weights (10 to 1000) on io.weight's scale (1 to 10000). */
static int io_weight(struct tr *t, const char *path, uint64_t w, unsigned long long *out)
{
	if (w < 10 || w > 1000)
		return refuse(t, path, "expected 10 to 1000");
	*out = 1 + (w - 10) * 9999 / 990;
	return 0;
}

static int block_io(struct tr *t, const struct oci_resources *r)
{
	static const char *const names[4] = { "throttleReadBpsDevice", "throttleWriteBpsDevice",
					       "throttleReadIOPSDevice", "throttleWriteIOPSDevice" };
	static const char *const keys[4] = { "rbps", "wbps", "riops", "wiops" };
	char path[96];
	unsigned long long w = 0;
	size_t i, k;

	if (r->block_io.leaf_weight.set)
		return refuse(t, "linux.resources.blockIO.leafWeight", "not supported by ctbox (no such weight in cgroup v2)");
	if (r->block_io.weight.set && r->block_io.weight.v) {
		if (io_weight(t, "linux.resources.blockIO.weight", r->block_io.weight.v, &w) < 0 ||
		    cg2(t, "linux.resources.blockIO.weight", "io.weight", "default %llu", w) < 0)
			return -1;
	}
	for (i = 0; i < r->block_io.n_weight_device; i++) {
		const struct oci_weight_dev *d = &r->block_io.weight_device[i];

		snprintf(path, sizeof(path), "linux.resources.blockIO.weightDevice[%zu]", i);
		if (d->leaf_weight.set)
			return refuse(t, path, "leafWeight is not supported by ctbox (no such weight in cgroup v2)");
		if (!d->weight.set)
			continue;
		if (io_weight(t, path, d->weight.v, &w) < 0 ||
		    cg2(t, path, "io.weight", "%lld:%lld %llu", (long long)d->major.v, (long long)d->minor.v, w) < 0)
			return -1;
	}
	for (k = 0; k < 4; k++)
		for (i = 0; i < r->block_io.throttle[k].n; i++) {
			const struct oci_throttle *d = &r->block_io.throttle[k].v[i];

			snprintf(path, sizeof(path), "linux.resources.blockIO.%s[%zu]", names[k], i);
			if (cg2(t, path, "io.max", "%lld:%lld %s=%llu", (long long)d->major.v,
				(long long)d->minor.v, keys[k], (unsigned long long)d->rate.v) < 0)
				return -1;
		}
	return 0;
}

static int resources(struct tr *t, const struct oci_linux *l)
{
	const struct oci_resources *r = &l->resources;
	char path[96], file[96];
	size_t i;

	if (devices(t, l) < 0 || memory(t, r) < 0 || cpu(t, r) < 0 || block_io(t, r) < 0)
		return -1;
	if (r->pids.limit.set && r->pids.limit.v &&
	    (r->pids.limit.v < 0 ? cg2(t, "linux.resources.pids.limit", "pids.max", "max") :
	     cg2(t, "linux.resources.pids.limit", "pids.max", "%lld", (long long)r->pids.limit.v)) < 0)
		return -1;
	for (i = 0; i < r->n_hugepage_limits; i++) {
		snprintf(path, sizeof(path), "linux.resources.hugepageLimits[%zu]", i);
		snprintf(file, sizeof(file), "hugetlb.%.20s.max", r->hugepage_limits[i].page_size);
		if (cg2(t, path, file, "%llu", (unsigned long long)r->hugepage_limits[i].limit.v) < 0)
			return -1;
	}
	if (r->network.class_id.set || r->network.n_priorities)
		return refuse(t, "linux.resources.network", "not supported by ctbox (cgroup v1's net_cls and net_prio)");
	for (i = 0; i < r->unified.n; i++) {
		const char *k = r->unified.v[i].key;

		snprintf(path, sizeof(path), "linux.resources.unified.%.64s", k);
		if (!*k || k[0] == '.' || strchr(k, '/') || !strchr(k, '.') || strlen(k) > 64)
			return refuse(t, path, "not a cgroup v2 file name (CONTROLLER.FILE)");
		if (cg2(t, path, k, "%s", r->unified.v[i].value) < 0)
			return -1;
	}
	return 0;
}

/* secs and nanosecs as one lxc.time.offset value (s, or ns when needed). */
static int time_offset(struct tr *t, const char *path, const char *key, const struct oci_time_offset *o)
{
	long long s = o->secs.v, ns = (long long)o->nanosecs.v;

	if (!ns)
		return s ? set(t, path, key, "%llds", s) : 0;
	if (s > 9223372035LL || s < -9223372035LL)
		return refuse(t, path, "more than ctbox can hold in nanoseconds");
	return set(t, path, key, "%lldns", s * 1000000000LL + ns);
}

static int linux_(struct tr *t, const struct oci_linux *l)
{
	char path[96], key[128];
	size_t i;

	if (namespaces(t, l) < 0 || idmaps(t, l) < 0 || resources(t, l) < 0)
		return -1;
	if (l->cgroups_path && *l->cgroups_path) {
		const char *p = l->cgroups_path;

		if (strchr(p, ':'))
			return refuse(t, "linux.cgroupsPath", "systemd's SLICE:PREFIX:NAME form is not supported by ctbox");
		if (p[0] != '/' && set(t, "linux.cgroupsPath", "lxc.cgroup.relative", "1") < 0)
			return -1;
		while (*p == '/')
			p++;
		if (*p && set(t, "linux.cgroupsPath", "lxc.cgroup.dir", "%s", p) < 0)
			return -1;
	}
	for (i = 0; i < l->sysctl.n; i++) {
		const char *k = l->sysctl.v[i].key;

		snprintf(path, sizeof(path), "linux.sysctl.%.64s", k);
		if (!*k || strchr(k, '/') || strstr(k, "..") || k[0] == '.' || strlen(k) > 100)
			return refuse(t, path, "not a sysctl name");
		snprintf(key, sizeof(key), "lxc.sysctl.%s", k);
		if (set(t, path, key, "%s", l->sysctl.v[i].value) < 0)
			return -1;
	}
	if (l->time_offsets.monotonic.secs.set || l->time_offsets.monotonic.nanosecs.set ||
	    l->time_offsets.boottime.secs.set || l->time_offsets.boottime.nanosecs.set) {
		if (!has_ns(t->s, OCI_NS_TIME, NULL))
			return refuse(t, "linux.timeOffsets", "needs a time namespace (linux.namespaces)");
		if (time_offset(t, "linux.timeOffsets.monotonic", "lxc.time.offset.monotonic",
				&l->time_offsets.monotonic) < 0 ||
		    time_offset(t, "linux.timeOffsets.boottime", "lxc.time.offset.boot",
				&l->time_offsets.boottime) < 0)
			return -1;
	}
	if (l->personality) {
		if (l->personality->flags.n)
			return refuse(t, "linux.personality.flags", NULL);
		if (set(t, "linux.personality", "lxc.arch", "%s",
			l->personality->domain == OCI_PER_LINUX32 ? "linux32" : "linux64") < 0)
			return -1;
	}
	if (l->mount_label && *l->mount_label)
		return refuse(t, "linux.mountLabel", NULL);
	return 0;
}

/* ---- the whole ---- */

static int caps_plain(const struct oci_process *p)
{
	uint64_t b = p->caps.bounding.mask;

	if (!p->caps.bounding.set && !p->caps.effective.set && !p->caps.permitted.set &&
	    !p->caps.inheritable.set && !p->caps.ambient.set)
		return 1;
	/* Root after exec: permitted and effective are the bounding set. */
	return p->user.uid.v == 0 && p->caps.effective.mask == b && p->caps.permitted.mask == b &&
	       !p->caps.inheritable.mask && !(p->caps.ambient.mask & ~b);
}

unsigned oci_conf_needs(const struct oci_spec *s)
{
	const struct oci_process *p = s->process;
	const struct oci_linux *l = s->linux_;
	int sys_auto = 1, autodev = 0;
	unsigned x = 0;
	size_t i;

	if (p) {
		x |= OCI_X_ENV;
		if (p->terminal.v)
			x |= OCI_X_TERMINAL;
		if (p->terminal.v && (p->console_size.height.set || p->console_size.width.set))
			x |= OCI_X_CONSOLE_SIZE;
		if (p->user.umask.set)
			x |= OCI_X_UMASK;
		if (!caps_plain(p))
			x |= OCI_X_CAPS;
	}
	for (i = 0; i < OCI_HOOK_MAX; i++)
		if (s->hooks[i].n)
			x |= OCI_X_HOOKS;
	for (i = 0; i < s->n_mounts; i++)
		if (mount_class(s, i, &sys_auto, &autodev) == M_CGROUP_X)
			x |= OCI_X_CGROUP_MOUNT;
	if (l) {
		if (l->masked_paths.n)
			x |= OCI_X_MASKED;
		if (l->readonly_paths.n)
			x |= OCI_X_READONLY;
		if (l->n_devices)
			x |= OCI_X_DEVICES;
		if (l->seccomp)
			x |= OCI_X_SECCOMP;
		if (l->rootfs_propagation && l->rootfs_propagation != OCI_PROP_PRIVATE &&
		    l->rootfs_propagation != OCI_PROP_RPRIVATE)
			x |= OCI_X_PROPAGATION;
	}
	return x;
}

int oci_conf(struct lxc_conf *c, const struct oci_spec *s, const char *bundle,
	     unsigned handled, const char **note, struct bb_err *e)
{
	static const struct { unsigned bit; const char *path; } needs[] = {
		{ OCI_X_TERMINAL, "process.terminal" }, { OCI_X_CONSOLE_SIZE, "process.consoleSize" },
		{ OCI_X_UMASK, "process.user.umask" },
		{ OCI_X_CAPS, "process.capabilities (sets other than the bounding set as root gets it)" },
		{ OCI_X_MASKED, "linux.maskedPaths" }, { OCI_X_READONLY, "linux.readonlyPaths" },
		{ OCI_X_DEVICES, "linux.devices" }, { OCI_X_SECCOMP, "linux.seccomp" },
		{ OCI_X_HOOKS, "hooks" }, { OCI_X_PROPAGATION, "linux.rootfsPropagation" },
		{ OCI_X_CGROUP_MOUNT, "mounts (a cgroup mount over a /sys that is not sysfs)" },
		{ OCI_X_ENV, "process.env (exactly, without ctbox's defaults)" },
	};
	unsigned missing = oci_conf_needs(s) & ~handled;
	struct tr t = { c, s, bundle, e, 1, "" };
	char *root;
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(needs); i++)
		if (missing & needs[i].bit)
			return bb_err_set(e, 0, "%s: not supported by ctbox yet", needs[i].path);
	if (!s->root)
		return refuse(&t, "root", "required (the container's root file system)");
	if (!s->process)
		return refuse(&t, "process", "required (the process to run)");
	if (!s->linux_)
		return refuse(&t, "linux", "required (ctbox runs Linux containers)");
	root = in_bundle(&t, s->root->path);
	if (!root)
		return bb_err_set(e, ENOMEM, "root.path: out of memory");
	r = set(&t, "root.path", "lxc.rootfs.path", "%s", root);
	free(root);
	if (r < 0 || (s->root->readonly.v && set(&t, "root.readonly", "lxc.rootfs.options", "ro") < 0))
		return -1;
	if (process(&t, s->process) < 0)
		return -1;
	if (note)
		*note = s->process->apparmor_profile && *s->process->apparmor_profile ?
			"process.apparmorProfile: ignored (ctbox does not load AppArmor profiles)" : NULL;
	if ((s->hostname || s->domainname) && !has_ns(s, OCI_NS_UTS, NULL))
		return refuse(&t, s->hostname ? "hostname" : "domainname", "needs a UTS namespace (linux.namespaces)");
	if (s->hostname && set(&t, "hostname", "lxc.uts.name", "%s", s->hostname) < 0)
		return -1;
	if (s->domainname && set(&t, "domainname", "lxc.sysctl.kernel.domainname", "%s", s->domainname) < 0)
		return -1;
	if (mounts(&t) < 0 || linux_(&t, s->linux_) < 0)
		return -1;
	return conf_check(c, "config.json", e);
}
