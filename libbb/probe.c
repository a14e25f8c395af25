/* Live kernel probes: namespaces, cgroups, network device kinds, overlayfs,
 * pidfd_open, clone3, seccomp. See probe.h. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "probe.h"
#include "sysnr.h"

/* Exit codes of probe children that are not errno values. */
enum {
	CHILD_NO_NETNS = 250,   /* could not enter a scratch network namespace */
	CHILD_NO_LOWER = 251,   /* could not make the lower device (macvlan, vlan) */
	CHILD_SIGNALLED = 252,
};

static void set(struct probe_result *r, enum probe_state st, int err,
		const char *fmt, ...) PRINTF_LIKE(4, 5);
static void set(struct probe_result *r, enum probe_state st, int err,
		const char *fmt, ...)
{
	va_list ap;

	r->state = st;
	r->errnum = err;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
}

const char *probe_errno_name(int err)
{
	static const struct { int e; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EINTR, "EINTR" }, { EIO, "EIO" }, { E2BIG, "E2BIG" },
		{ EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" },
		{ ENFILE, "ENFILE" }, { EMFILE, "EMFILE" }, { ENOSPC, "ENOSPC" },
		{ ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" }, { EUSERS, "EUSERS" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ EPROTONOSUPPORT, "EPROTONOSUPPORT" }, { ENOBUFS, "ENOBUFS" },
	};
	static char buf[24];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].e == err)
			return names[i].name;
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

/* Run fn(arg) in a forked child; its return value is the child's exit
 * status (0, an errno value, or a CHILD_* code). Returns that status, or
 * -1 with errno when the child could not be made. */
static int in_child(int (*fn)(const void *), const void *arg)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg) & 0xff);
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return CHILD_SIGNALLED;
}

/* ---- namespaces ---- */

static int child_unshare(const void *arg)
{
	int flag = *(const int *)arg;

	return unshare(flag) == 0 ? 0 : errno;
}

static int try_unshare(int flag)
{
	int r = in_child(child_unshare, &flag);

	return r < 0 ? errno : r;
}

void probe_ns(int flag, struct probe_result *r)
{
	int err = try_unshare(flag), uerr;

	if (err == 0) {
		set(r, PROBE_YES, 0, "%s", "");
		return;
	}
	if (err == EPERM && geteuid() != 0 && flag != CLONE_NEWUSER) {
		/* Without privilege, a namespace of one's own user
		 * namespace tells as much about the kernel. */
		uerr = try_unshare(flag | CLONE_NEWUSER);
		if (uerr == 0) {
			set(r, PROBE_YES, 0, "inside a user namespace");
			return;
		}
		if (uerr == EINVAL)
			set(r, PROBE_NO, uerr, "not supported by this kernel (EINVAL)");
		else
			set(r, PROBE_UNKNOWN, err, "needs root (EPERM)");
		return;
	}
	if (err == EINVAL)
		set(r, PROBE_NO, err, "not supported by this kernel (EINVAL)");
	else if (err == EPERM)
		set(r, PROBE_NO, err, "refused (EPERM)");
	else if (err == ENOSPC || err == EUSERS)
		set(r, PROBE_NO, err, "limit reached (%s)", probe_errno_name(err));
	else if (err == CHILD_SIGNALLED)
		set(r, PROBE_NO, 0, "the probe was killed by a signal");
	else
		set(r, PROBE_NO, err, "%s", probe_errno_name(err));
}

/* The first line of a small /proc file, without its newline; NULL if none. */
static char *read_line(const char *path)
{
	char *s = read_file(path, 4096, NULL);

	if (s)
		s[strcspn(s, "\n")] = '\0';
	return s;
}

void probe_userns(struct probe_result *r)
{
	char *max = read_line("/proc/sys/user/max_user_namespaces");
	char *unpriv = read_line("/proc/sys/kernel/unprivileged_userns_clone");
	char extra[120] = "";
	size_t l;

	if (max)
		snprintf(extra, sizeof(extra), "max_user_namespaces=%s", max);
	if (unpriv) {
		l = strlen(extra);
		snprintf(extra + l, sizeof(extra) - l, "%sunprivileged_userns_clone=%s",
			 l ? ", " : "", unpriv);
	}
	probe_ns(CLONE_NEWUSER, r);
	if (extra[0]) {
		l = strlen(r->why);
		snprintf(r->why + l, sizeof(r->why) - l, "%s%s", l ? "; " : "", extra);
	}
	free(max);
	free(unpriv);
}

/* ---- modules ---- */

static int kernel_release(char *buf, size_t len)
{
	struct utsname u;

	if (uname(&u) < 0)
		return -1;
	snprintf(buf, len, "%s", u.release);
	return 0;
}

int probe_module_listed(const char *list, const char *name)
{
	char rel[200], path[300], *text, *line, *next;
	size_t nl = strlen(name);
	int found = 0;

	if (kernel_release(rel, sizeof(rel)) < 0)
		return -1;
	snprintf(path, sizeof(path), "/lib/modules/%s/%s", rel, list);
	text = read_file(path, 64u << 20, NULL);
	if (!text)
		return -1;
	for (line = text; line && *line && !found; line = next) {
		char *end, *base;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		/* "kernel/drivers/net/veth.ko.xz: deps" or a bare path */
		end = line + strcspn(line, ": \t");
		*end = '\0';
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		if (strncmp(base, name, nl) == 0 && strncmp(base + nl, ".ko", 3) == 0)
			found = 1;
	}
	free(text);
	return found;
}

int probe_module_loaded(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

/* ---- network devices ---- */

struct nlreq {
	struct nlmsghdr h;
	struct ifinfomsg ifi;
	char attrs[512];
};

static struct rtattr *add_attr(struct nlreq *q, unsigned short type,
			       const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)q + NLMSG_ALIGN(q->h.nlmsg_len));
	size_t room = sizeof(*q) - NLMSG_ALIGN(q->h.nlmsg_len);

	if (RTA_SPACE(len) > room)
		return NULL;
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	q->h.nlmsg_len = NLMSG_ALIGN(q->h.nlmsg_len) + RTA_SPACE(len);
	return a;
}

static void end_nest(struct nlreq *q, struct rtattr *nest)
{
	nest->rta_len = (char *)q + q->h.nlmsg_len - (char *)nest;
}

/* RTM_NEWLINK name of kind (over lower when > 0; a vlan gets id 1).
 * Returns 0 or an errno value. */
static int newlink(int fd, const char *name, const char *kind, int lower)
{
	struct nlreq q;
	struct rtattr *li, *data;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[4096];
	ssize_t n;

	memset(&q, 0, sizeof(q));
	q.h.nlmsg_len = NLMSG_LENGTH(sizeof(q.ifi));
	q.h.nlmsg_type = RTM_NEWLINK;
	q.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	q.h.nlmsg_seq = 1;
	q.ifi.ifi_family = AF_UNSPEC;
	add_attr(&q, IFLA_IFNAME, name, strlen(name) + 1);
	if (lower > 0)
		add_attr(&q, IFLA_LINK, &lower, sizeof(lower));
	li = add_attr(&q, IFLA_LINKINFO, NULL, 0);
	add_attr(&q, IFLA_INFO_KIND, kind, strlen(kind));
	if (strcmp(kind, "vlan") == 0) {
		unsigned short id = 1;

		data = add_attr(&q, IFLA_INFO_DATA, NULL, 0);
		add_attr(&q, IFLA_VLAN_ID, &id, sizeof(id));
		end_nest(&q, data);
	}
	end_nest(&q, li);
	if (sendto(fd, &q, q.h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return errno;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0)
		return errno;
	if ((size_t)n >= NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (h->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *err = NLMSG_DATA(h);

			return -err->error;
		}
	}
	return EPROTO;
}

/* In the child: a scratch network namespace (through a user namespace
 * when not root), then the device. Returns 0, an errno or CHILD_*. */
static int child_newlink(const void *arg)
{
	const char *kind = arg;
	int fd, r, lower = 0;

	if (unshare(CLONE_NEWNET) < 0 &&
	    (geteuid() == 0 || unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0))
		return CHILD_NO_NETNS;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return CHILD_NO_NETNS;
	if (strcmp(kind, "macvlan") == 0 || strcmp(kind, "vlan") == 0) {
		if (newlink(fd, "ctbxprobe0", "veth", 0) != 0)
			return CHILD_NO_LOWER;
		lower = if_nametoindex("ctbxprobe0");
		if (lower <= 0)
			return CHILD_NO_LOWER;
	}
	r = newlink(fd, "ctbxprobe1", kind, lower);
	close(fd);
	return r;
}

struct netdev_kind {
	const char *kind, *module, *option;
};

static const struct netdev_kind netdev_kinds[] = {
	{ "veth", "veth", "VETH" },
	{ "bridge", "bridge", "BRIDGE" },
	{ "macvlan", "macvlan", "MACVLAN" },
	{ "vlan", "8021q", "VLAN_8021Q" },
};

void probe_netdev(const char *kind, const struct kconfig *kc,
		  struct probe_result *r)
{
	const struct netdev_kind *k = NULL;
	enum kconfig_state cs = KCONFIG_ABSENT;
	char evidence[120] = "";
	int builtin = 0, modfile = 0, loaded, err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(netdev_kinds); i++)
		if (strcmp(netdev_kinds[i].kind, kind) == 0)
			k = &netdev_kinds[i];
	if (!k) {
		set(r, PROBE_UNKNOWN, EINVAL, "unknown device kind");
		return;
	}
	if (kc)
		cs = kconfig_get(kc, k->option, NULL);
	builtin = cs == KCONFIG_YES || probe_module_listed("modules.builtin", k->module) == 1;
	modfile = probe_module_listed("modules.dep", k->module) == 1;
	loaded = probe_module_loaded(k->module);
	if (builtin)
		snprintf(evidence, sizeof(evidence), "built in");
	else if (loaded)
		snprintf(evidence, sizeof(evidence), "module %s loaded", k->module);
	else if (modfile)
		snprintf(evidence, sizeof(evidence), "module %s, not loaded", k->module);
	else if (cs == KCONFIG_NO || (kc && cs == KCONFIG_ABSENT))
		snprintf(evidence, sizeof(evidence), "CONFIG_%s is not set", k->option);

	err = in_child(child_newlink, k->kind);
	if (err < 0)
		err = CHILD_NO_NETNS;
	if (err == 0) {
		set(r, PROBE_YES, 0, "%s%screated in a scratch network namespace",
		    evidence, evidence[0] ? "; " : "");
		return;
	}
	if (err == EOPNOTSUPP) {
		/* the kernel knows no such link kind (and could not load it) */
		set(r, PROBE_NO, err, "cannot be created (EOPNOTSUPP)%s%s",
		    evidence[0] ? "; " : "", evidence);
		return;
	}
	if (err != CHILD_NO_NETNS && err != CHILD_NO_LOWER)
		set(r, PROBE_NO, err, "creation failed (%s)%s%s", probe_errno_name(err),
		    evidence[0] ? "; " : "", evidence);
	else if (builtin || loaded || modfile)
		set(r, PROBE_YES, 0, "%s", evidence);
	else if (cs == KCONFIG_MODULE)
		set(r, PROBE_NO, 0, "CONFIG_%s=m but no module %s installed",
		    k->option, k->module);
	else if (evidence[0])
		set(r, PROBE_NO, 0, "%s", evidence);
	else
		set(r, PROBE_UNKNOWN, 0, "%s", err == CHILD_NO_LOWER ?
		    "no veth to test it on" : "cannot test it without root");
}

/* ---- filesystems, syscalls, seccomp ---- */

/* Is fs listed in /proc/filesystems? 1, 0, or -1 when unreadable. */
static int fs_listed(const char *fs)
{
	char *text = read_file("/proc/filesystems", 1u << 20, NULL), *line, *next;
	int found = 0;

	if (!text)
		return -1;
	for (line = text; line && *line && !found; line = next) {
		char *name;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		name = strrchr(line, '\t');
		name = name ? name + 1 : line;
		found = strcmp(name, fs) == 0;
	}
	free(text);
	return found;
}

void probe_overlayfs(const struct kconfig *kc, struct probe_result *r)
{
	int listed = fs_listed("overlay");

	if (listed == 1)
		set(r, PROBE_YES, 0, "in /proc/filesystems");
	else if (probe_module_listed("modules.dep", "overlay") == 1)
		set(r, PROBE_YES, 0, "module overlay, not loaded");
	else if (listed < 0)
		set(r, PROBE_UNKNOWN, errno, "cannot read /proc/filesystems");
	else if (kc && kconfig_get(kc, "OVERLAY_FS", NULL) == KCONFIG_MODULE)
		set(r, PROBE_NO, 0, "CONFIG_OVERLAY_FS=m but no module overlay installed");
	else
		set(r, PROBE_NO, 0, "not in /proc/filesystems");
}

static void syscall_result(struct probe_result *r, long ret, int err, int ok_err)
{
	if (ret >= 0 || err == ok_err)
		set(r, PROBE_YES, 0, "%s", "");
	else if (err == ENOSYS)
		set(r, PROBE_NO, err, "ENOSYS");
	else if (err == EPERM)
		set(r, PROBE_NO, err, "blocked (EPERM)");
	else
		set(r, PROBE_UNKNOWN, err, "%s", probe_errno_name(err));
}

void probe_pidfd_open(struct probe_result *r)
{
	long fd = syscall(SYS_pidfd_open, (long)getpid(), 0L);
	int err = errno;

	if (fd >= 0)
		close(fd);
	syscall_result(r, fd, err, 0);
}

void probe_clone3(struct probe_result *r)
{
	/* A NULL, zero-sized argument: a kernel with clone3 refuses it
	 * (EINVAL) before doing anything; one without says ENOSYS. */
	long ret = syscall(SYS_clone3, NULL, 0L);
	int err = errno;

	if (ret == 0)
		_exit(0); /* cannot happen; never run the caller twice */
	if (ret > 0)
		ret = -1; /* cannot happen either */
	syscall_result(r, ret, err, EINVAL);
}

/* The value of "Key:" in /proc/self/status, or -1. */
static long status_field(const char *key)
{
	char *text = read_file("/proc/self/status", 1u << 20, NULL), *p;
	size_t kl = strlen(key);
	long v = -1;

	if (!text)
		return -1;
	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ':') {
			v = strtol(p + kl + 1, NULL, 10);
			break;
		}
	}
	free(text);
	return v;
}

void probe_seccomp(const struct kconfig *kc, struct probe_result *r)
{
	static const char *const modes[] = { "not filtered", "strict", "filtered" };
	int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	long st = status_field("Seccomp");

	if (mode < 0 && errno == EINVAL) {
		set(r, PROBE_NO, EINVAL, "not in this kernel (EINVAL)");
		return;
	}
	if (mode < 0)
		mode = st >= 0 && st <= 2 ? (int)st : -1;
	if (kc && kconfig_get(kc, "SECCOMP_FILTER", NULL) == KCONFIG_NO) {
		set(r, PROBE_NO, 0, "CONFIG_SECCOMP_FILTER is not set");
		return;
	}
	if (mode >= 0 && mode <= 2)
		set(r, PROBE_YES, 0, "this process: %s", modes[mode]);
	else
		set(r, PROBE_UNKNOWN, errno, "prctl(PR_GET_SECCOMP) failed");
}

/* ---- cgroups ---- */

/* The v1 controllers (and name=X) worth listing; other mount options
 * (rw, xattr, clone_children, release_agent=...) are left out. */
static const char *const cg_v1_controllers[] = {
	"cpuset", "cpu", "cpuacct", "blkio", "io", "memory", "devices", "freezer",
	"net_cls", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc", "debug",
};

static int is_v1_controller(const char *opt, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cg_v1_controllers); i++)
		if (strlen(cg_v1_controllers[i]) == len &&
		    memcmp(cg_v1_controllers[i], opt, len) == 0)
			return 1;
	return 0;
}

/* Undo mountinfo's octal escapes (\040 for a space) in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* Controllers of a v1 superblock's options, comma-separated, in out. */
static void v1_controllers(const char *opts, char *out, size_t len, int *real)
{
	const char *p = opts;
	size_t o = 0;

	*real = 0;
	out[0] = '\0';
	while (*p) {
		size_t l = strcspn(p, ",");
		int keep = is_v1_controller(p, l);

		if (keep)
			*real = 1;
		else
			keep = l > 5 && strncmp(p, "name=", 5) == 0;
		if (keep && o + l + 2 < len) {
			if (o)
				out[o++] = ',';
			memcpy(out + o, p, l);
			o += l;
			out[o] = '\0';
		}
		p += l;
		if (*p == ',')
			p++;
	}
}

static int add_mount(struct probe_cg_mount *tab, size_t *n, const char *path,
		     const char *ctl, struct bb_err *e)
{
	if (*n >= PROBE_CG_MAX)
		return 0; /* enough to describe the layout */
	tab[*n].path = strdup(path);
	tab[*n].controllers = ctl ? strdup(ctl) : NULL;
	if (!tab[*n].path || (ctl && !tab[*n].controllers)) {
		free(tab[*n].path);
		free(tab[*n].controllers);
		return bb_err_set(e, ENOMEM, "cgroup mounts");
	}
	(*n)++;
	return 0;
}

/* One mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS] - FSTYPE SRC SUPEROPTS". */
static int cg_line(struct probe_cgroups *cg, char *line, struct bb_err *e)
{
	char *f[6], *sep, *fstype, *superopts, *p = line, ctl[256];
	int i, real;

	for (i = 0; i < 6; i++) {
		f[i] = strsep(&p, " ");
		if (!f[i] || !p)
			return 0;
	}
	sep = strstr(p, "- ");
	if (!sep || (sep != p && sep[-1] != ' '))
		return 0;
	p = sep + 2;
	fstype = strsep(&p, " ");
	if (!p)
		return 0;
	strsep(&p, " "); /* source */
	superopts = p ? p : "";
	superopts[strcspn(superopts, " \n")] = '\0';
	unescape(f[4]);
	if (strcmp(fstype, "cgroup") == 0) {
		v1_controllers(superopts, ctl, sizeof(ctl), &real);
		if (real)
			cg->v1_controllers++;
		return add_mount(cg->v1, &cg->n_v1, f[4], ctl, e);
	}
	if (strcmp(fstype, "cgroup2") == 0) {
		char *path = path_join(f[4], "cgroup.controllers"), *c = NULL;
		int r;

		if (path) {
			c = read_line(path);
			free(path);
		}
		r = add_mount(cg->v2, &cg->n_v2, f[4], c, e);
		free(c);
		return r;
	}
	return 0;
}

int probe_cgroups(struct probe_cgroups *cg, const char *mountinfo,
		  struct bb_err *e)
{
	const char *mi = mountinfo ? mountinfo : "/proc/self/mountinfo";
	char *text, *line, *next;

	memset(cg, 0, sizeof(*cg));
	cg->fs_v1 = fs_listed("cgroup") == 1;
	cg->fs_v2 = fs_listed("cgroup2") == 1;
	text = read_file(mi, 16u << 20, NULL);
	if (!text)
		return bb_err_set(e, errno, "%s", mi);
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (cg_line(cg, line, e) < 0) {
			free(text);
			probe_cgroups_free(cg);
			return -1;
		}
	}
	free(text);
	if (cg->v1_controllers && cg->n_v2)
		cg->layout = PROBE_CG_HYBRID;
	else if (cg->v1_controllers)
		cg->layout = PROBE_CG_V1;
	else if (cg->n_v2)
		cg->layout = PROBE_CG_V2;
	else
		cg->layout = PROBE_CG_NONE;
	if (cg->n_v1) {
		char *p = path_join(cg->v1[0].path, "cgroup.clone_children");

		cg->clone_children = p && access(p, F_OK) == 0;
		free(p);
	}
	return 0;
}

void probe_cgroups_free(struct probe_cgroups *cg)
{
	size_t i;

	for (i = 0; i < cg->n_v1; i++) {
		free(cg->v1[i].path);
		free(cg->v1[i].controllers);
	}
	for (i = 0; i < cg->n_v2; i++) {
		free(cg->v2[i].path);
		free(cg->v2[i].controllers);
	}
	cg->n_v1 = cg->n_v2 = 0;
}

const char *probe_cg_layout_name(enum probe_cg_layout l)
{
	static const char *const names[] = {
		[PROBE_CG_NONE] = "none", [PROBE_CG_V1] = "pure v1",
		[PROBE_CG_HYBRID] = "hybrid", [PROBE_CG_V2] = "pure v2",
	};

	return (unsigned)l < ARRAY_SIZE(names) ? names[l] : "?";
}

int probe_cg_has_v1(const struct probe_cgroups *cg, const char *controller)
{
	size_t i, cl = strlen(controller);

	for (i = 0; i < cg->n_v1; i++) {
		const char *p = cg->v1[i].controllers;

		while (p && *p) {
			size_t l = strcspn(p, ",");

			if (l == cl && memcmp(p, controller, l) == 0)
				return 1;
			p += l;
			if (*p == ',')
				p++;
		}
	}
	return 0;
}
