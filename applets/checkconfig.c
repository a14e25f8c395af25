/* checkconfig: check the kernel for container support, in the layout of
 * lxc-checkconfig, plus live probes of the running kernel.
 *
 * What is required: what `ctbox start` needs for a container with the
 * default (veth into a bridge) network.
 *   required             the namespaces mnt, uts, ipc, pid, net
 *                        (CONFIG_NAMESPACES, CONFIG_{UTS,IPC,PID,NET}_NS;
 *                        mnt has no option), CONFIG_CGROUPS and a mounted
 *                        cgroup hierarchy;
 *   required for network veth and bridge (CONFIG_VETH, CONFIG_BRIDGE);
 *   optional             everything else (user, cgroup and time
 *                        namespaces, single controllers, macvlan, vlan,
 *                        netfilter, overlayfs, pidfd_open, clone3, seccomp,
 *                        checkpoint/restore): printed, never failing.
 *
 * Without the running kernel's configuration (no /proc/config.gz, nothing
 * in /boot: a board's vendor kernel, an initramfs), each option is probed
 * on the running kernel instead: /proc/self/ns, /proc/cgroups,
 * /proc/filesystems, /sys/module and the module lists, a device made in a
 * scratch network namespace, a few harmless system calls. Nothing is run:
 * no zgrep, no gzip (a gzip'd configuration is read with zlib).
 *
 * Exit status: 0 when everything required is there; 1 when something
 * required is missing; 2 when the options could not be checked (CONFIG=
 * names an unreadable file, or a required option could not be probed)
 * and the live probes found nothing required missing: neither a pass nor
 * a proven failure (lxc-checkconfig exits 1 there; any non-zero still
 * fails a script's check).
 *
 * The live probes always look at the running kernel. When CONFIG= names a
 * file, that file may describe another kernel (one about to be booted), so
 * the probes are shown but do not count in the summary or the exit status.
 */
//config:config CHECKCONFIG
//config:	bool "checkconfig: check the kernel for container support (lxc-checkconfig)"
//config:	default y
//config:	help
//config:	  Check the kernel's configuration (/proc/config.gz, /boot/config-*,
//config:	  or CONFIG=FILE) for the options containers need, in the layout of
//config:	  lxc-checkconfig, then probe the running kernel: unsharing each
//config:	  namespace, the cgroup layout, veth/bridge/macvlan/vlan, overlayfs,
//config:	  pidfd_open, clone3, seccomp. Exits 1 when something required is
//config:	  missing. Also answers to lxc-checkconfig.
//applet:checkconfig lxc-checkconfig
//usage:[--no-color]
//usage:
//usage:Check the kernel for container support, like lxc-checkconfig: the options
//usage:of its configuration, then live probes of the running kernel (namespaces,
//usage:cgroups, network devices, overlayfs, pidfd_open, clone3, seccomp).
//usage:
//usage:    --no-color  No colours (also when NO_COLOR is set or stdout is no terminal)
//usage:
//usage:Environment:
//usage:    CONFIG=FILE  Check this configuration (plain or gzip) instead of the
//usage:                 running kernel's; the live probes are then not counted
//usage:
//usage:Without the running kernel's configuration the options are probed on it.
//usage:
//usage:Exit status: 0 all required features present, 1 some missing,
//usage:2 the options could not be checked (the live probes found none missing)
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "version.h"
#include "libbb.h"
#include "fallback.h"
#include "kconfig.h"
#include "probe.h"

enum level { OPTIONAL, REQUIRED, NETWORK };

struct ctx {
	struct kconfig kc;
	int have_kc;
	int live;                /* no configuration: options probed live */
	int unknown_required;    /* required options no live probe could tell */
	int color;
	int probes_count;        /* live probes decide too (running kernel's config) */
	struct probe_cgroups cg;
	int have_cg;
	struct bb_strlist missing;  /* summary items, xasprintf'd */
	int inconclusive;           /* required live probes that could not tell */
};

/* ---- output ---- */

enum tone { GOOD, BAD, WARN };

static void word(const struct ctx *c, enum tone t, const char *w)
{
	static const char *const on[] = { "\033[1;32m", "\033[1;31m", "\033[1;33m" };

	if (c->color)
		printf("%s%s\033[0m", on[t], w);
	else
		fputs(w, stdout);
}

static void add_missing(struct ctx *c, const char *what, enum level lv)
{
	bb_strlist_add(&c->missing, lv == NETWORK ? xasprintf("%s (networking)", what)
						  : xstrdup(what));
}

/* ---- configuration rows ---- */

struct cfg_row;
typedef void show_fn(struct ctx *c, const struct cfg_row *row);

struct cfg_row {
	const char *section;  /* a new section starts with this row */
	const char *label;
	const char *option;   /* CONFIG_ symbol; NULL when show says it */
	enum level level;
	const char *module;   /* its module, for ", loaded" / ", not loaded" */
	show_fn *show;
};

/* ---- options probed on the running kernel (no configuration) ---- */

/* KCONFIG_YES, _MODULE, _NO, or _ABSENT when it cannot tell. */
typedef enum kconfig_state live_fn(const struct ctx *c, const char *arg);

static enum kconfig_state yes_no(int yes)
{
	return yes ? KCONFIG_YES : KCONFIG_NO;
}

static enum kconfig_state live_path(const struct ctx *c, const char *path)
{
	return yes_no(access(path, F_OK) == 0);
}

/* /proc/self/ns/NAME is there exactly when CONFIG_NAME_NS is. */
static enum kconfig_state live_ns(const struct ctx *c, const char *name)
{
	char p[64];

	snprintf(p, sizeof(p), "/proc/self/ns/%s", name);
	return live_path(c, p);
}

static enum kconfig_state live_namespaces(const struct ctx *c, const char *arg)
{
	static const char *const ns[] = { "uts", "ipc", "pid", "net", "user", "cgroup" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ns); i++)
		if (live_ns(c, ns[i]) == KCONFIG_YES)
			return KCONFIG_YES;
	return KCONFIG_NO;
}

/* Does the whitespace-separated list hold word (a line of /proc/cgroups
 * starts with its controller's name)? */
static int has_word(const char *list, const char *word, int lines)
{
	size_t wl = strlen(word);
	const char *p;

	for (p = list; p && (p = strstr(p, word)); p += wl)
		if ((p == list || (lines ? p[-1] == '\n' : (p[-1] == ' ' || p[-1] == '\n'))) &&
		    (p[wl] == '\t' || p[wl] == ' ' || p[wl] == '\n' || !p[wl]))
			return 1;
	return 0;
}

/* A controller: in /proc/cgroups, or among the v2 root's controllers. */
static enum kconfig_state live_ctrl(const struct ctx *c, const char *name)
{
	char *t = read_file("/proc/cgroups", 1 << 16, NULL);
	int readable = t != NULL, found = t && has_word(t, name, 1);

	free(t);
	if (!found && c->have_cg && c->cg.n_v2 && c->cg.v2[0].controllers)
		found = has_word(c->cg.v2[0].controllers, name, 0);
	return readable || found ? yes_no(found) : KCONFIG_ABSENT;
}

static enum kconfig_state live_netdev(const struct ctx *c, const char *kind)
{
	struct probe_result r;

	probe_netdev(kind, NULL, &r);
	return r.state == PROBE_YES ? KCONFIG_YES : r.state == PROBE_NO ? KCONFIG_NO : KCONFIG_ABSENT;
}

/* A module: built in or a module by the module lists or /sys/module
 * (initstate: a loadable one); the lists missing and nothing loaded say
 * nothing. */
static enum kconfig_state live_module(const struct ctx *c, const char *name)
{
	char p[128];
	int builtin = probe_module_listed("modules.builtin", name);
	int dep = probe_module_listed("modules.dep", name);

	snprintf(p, sizeof(p), "/sys/module/%s/initstate", name);
	if (builtin == 1 || (probe_module_loaded(name) && access(p, F_OK) != 0))
		return KCONFIG_YES;
	if (dep == 1 || probe_module_loaded(name))
		return KCONFIG_MODULE;
	return builtin == 0 || dep == 0 ? KCONFIG_NO : KCONFIG_ABSENT;
}

/* A file system: /proc/filesystems, else its module. */
static enum kconfig_state live_fs(const struct ctx *c, const char *name)
{
	char *t = read_file("/proc/filesystems", 1 << 16, NULL), word[40];
	int found;

	snprintf(word, sizeof(word), "\t%s\n", name);
	found = t && strstr(t, word);
	free(t);
	if (!found)
		return live_module(c, name);
	return live_module(c, name) == KCONFIG_MODULE ? KCONFIG_MODULE : KCONFIG_YES;
}

/* Seccomp: PR_GET_SECCOMP is EINVAL without it. Filters: a NULL program
 * is EFAULT where they exist (nothing is installed), EINVAL where not. */
static enum kconfig_state live_seccomp(const struct ctx *c, const char *filter)
{
	if (!filter)
		return yes_no(!(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL));
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL, 0, 0) == 0 || errno == EFAULT)
		return KCONFIG_YES;
	return errno == EINVAL ? KCONFIG_NO : KCONFIG_ABSENT;
}

/* PR_SET_MM_MAP_SIZE only exists with CONFIG_CHECKPOINT_RESTORE; without,
 * root gets EINVAL. */
static enum kconfig_state live_cr(const struct ctx *c, const char *arg)
{
	unsigned size;

	if (prctl(PR_SET_MM, PR_SET_MM_MAP_SIZE, (unsigned long)&size, 0, 0) == 0)
		return KCONFIG_YES;
	return errno == EINVAL ? KCONFIG_NO : KCONFIG_ABSENT;
}

/* A system call of the option: there unless ENOSYS. */
static enum kconfig_state live_syscall(const struct ctx *c, const char *name)
{
	struct { unsigned bytes; int type; } fh = { 0, 0 };
	int mnt, fd = -1;

	errno = 0;
	if (strcmp(name, "eventfd") == 0)
		fd = eventfd(0, EFD_CLOEXEC);
	else if (strcmp(name, "epoll") == 0)
		fd = epoll_create1(EPOLL_CLOEXEC);
	else
		syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mnt, 0);
	if (fd >= 0)
		close(fd);
	return yes_no(fd >= 0 || errno != ENOSYS);
}

static const struct live_opt {
	const char *option;
	live_fn *fn;
	const char *arg;
} live_opts[] = {
	{ "CONFIG_NAMESPACES", live_namespaces, NULL },
	{ "CONFIG_UTS_NS", live_ns, "uts" },
	{ "CONFIG_IPC_NS", live_ns, "ipc" },
	{ "CONFIG_PID_NS", live_ns, "pid" },
	{ "CONFIG_USER_NS", live_ns, "user" },
	{ "CONFIG_NET_NS", live_ns, "net" },
	{ "CONFIG_TIME_NS", live_ns, "time" },
	{ "CONFIG_CGROUPS", live_path, "/proc/self/cgroup" },
	{ "CONFIG_CGROUP_DEVICE", live_ctrl, "devices" },
	{ "CONFIG_CGROUP_SCHED", live_ctrl, "cpu" },
	{ "CONFIG_CGROUP_CPUACCT", live_ctrl, "cpuacct" },
	{ "CONFIG_MEMCG", live_ctrl, "memory" },
	{ "CONFIG_CPUSETS", live_ctrl, "cpuset" },
	{ "CONFIG_CGROUP_FREEZER", live_ctrl, "freezer" },
	{ "CONFIG_CGROUP_PIDS", live_ctrl, "pids" },
	{ "CONFIG_VETH", live_netdev, "veth" },
	{ "CONFIG_MACVLAN", live_netdev, "macvlan" },
	{ "CONFIG_VLAN_8021Q", live_netdev, "vlan" },
	{ "CONFIG_BRIDGE", live_netdev, "bridge" },
	{ "CONFIG_FUSE_FS", live_fs, "fuse" },
	{ "CONFIG_OVERLAY_FS", live_fs, "overlay" },
	{ "CONFIG_SECCOMP", live_seccomp, NULL },
	{ "CONFIG_SECCOMP_FILTER", live_seccomp, "filter" },
	{ "CONFIG_CHECKPOINT_RESTORE", live_cr, NULL },
	{ "CONFIG_FHANDLE", live_syscall, "name_to_handle_at" },
	{ "CONFIG_EVENTFD", live_syscall, "eventfd" },
	{ "CONFIG_EPOLL", live_syscall, "epoll" },
};

static enum kconfig_state live_option(const struct ctx *c, const struct cfg_row *row)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(live_opts); i++)
		if (strcmp(live_opts[i].option, row->option) == 0)
			return live_opts[i].fn(c, live_opts[i].arg);
	return row->module ? live_module(c, row->module) : KCONFIG_ABSENT;
}

static void show_option(struct ctx *c, const struct cfg_row *row)
{
	enum kconfig_state s = c->have_kc ? kconfig_get(&c->kc, row->option, NULL) :
			       c->live ? live_option(c, row) : KCONFIG_ABSENT;

	if (!c->have_kc && s == KCONFIG_ABSENT) {
		word(c, WARN, "unknown");
		putchar('\n');
		c->unknown_required += c->live && row->level != OPTIONAL;
		return;
	}
	if (s == KCONFIG_YES || s == KCONFIG_MODULE) {
		word(c, GOOD, "enabled");
		if (s == KCONFIG_MODULE && row->module)
			printf(probe_module_loaded(row->module) ? ", loaded" : ", not loaded");
	} else if (row->level != OPTIONAL) {
		word(c, BAD, "required");
		add_missing(c, row->option, row->level);
	} else {
		word(c, WARN, "missing");
	}
	putchar('\n');
}

/* lxc-checkconfig looks at the running kernel for this one. */
static void show_cgroup_ns(struct ctx *c, const struct cfg_row *row)
{
	if (access("/proc/self/ns/cgroup", F_OK) == 0)
		word(c, GOOD, "enabled");
	else
		word(c, WARN, "missing");
	putchar('\n');
}

static void show_cg_mounts(struct ctx *c, const struct cfg_row *row)
{
	size_t i;

	printf("\n");
	for (i = 0; c->have_cg && i < c->cg.n_v1; i++)
		printf(" - %s\n", c->cg.v1[i].path);
	printf("Cgroup v2 mount points:\n");
	for (i = 0; c->have_cg && i < c->cg.n_v2; i++)
		printf(" - %s\n", c->cg.v2[i].path);
	if (!c->have_cg || c->cg.v1_controllers == 0)
		return; /* no v1 controllers: the v1 notes do not apply */
	if (!probe_cg_has_v1(&c->cg, "freezer")) {
		printf("Cgroup v1 freezer controller: ");
		word(c, WARN, "missing");
		putchar('\n');
	}
	if (c->cg.clone_children) {
		printf("Cgroup v1 clone_children flag: ");
		word(c, GOOD, "enabled");
		putchar('\n');
	}
}

static const struct cfg_row cfg_rows[] = {
	{ "Namespaces", "Namespaces", "CONFIG_NAMESPACES", REQUIRED, NULL, show_option },
	{ NULL, "Utsname namespace", "CONFIG_UTS_NS", REQUIRED, NULL, show_option },
	{ NULL, "Ipc namespace", "CONFIG_IPC_NS", REQUIRED, NULL, show_option },
	{ NULL, "Pid namespace", "CONFIG_PID_NS", REQUIRED, NULL, show_option },
	{ NULL, "User namespace", "CONFIG_USER_NS", OPTIONAL, NULL, show_option },
	{ NULL, "Network namespace", "CONFIG_NET_NS", REQUIRED, NULL, show_option },
	{ NULL, "Time namespace", "CONFIG_TIME_NS", OPTIONAL, NULL, show_option },

	{ "Control groups", "Cgroups", "CONFIG_CGROUPS", REQUIRED, NULL, show_option },
	{ NULL, "Cgroup namespace", NULL, OPTIONAL, NULL, show_cgroup_ns },
	{ NULL, "Cgroup v1 mount points", NULL, OPTIONAL, NULL, show_cg_mounts },
	{ NULL, "Cgroup device", "CONFIG_CGROUP_DEVICE", OPTIONAL, NULL, show_option },
	{ NULL, "Cgroup sched", "CONFIG_CGROUP_SCHED", OPTIONAL, NULL, show_option },
	{ NULL, "Cgroup cpu account", "CONFIG_CGROUP_CPUACCT", OPTIONAL, NULL, show_option },
	{ NULL, "Cgroup memory controller", "CONFIG_MEMCG", OPTIONAL, NULL, show_option },
	{ NULL, "Cgroup cpuset", "CONFIG_CPUSETS", OPTIONAL, NULL, show_option },
	{ NULL, "Cgroup freezer", "CONFIG_CGROUP_FREEZER", OPTIONAL, NULL, show_option },
	{ NULL, "Cgroup pids", "CONFIG_CGROUP_PIDS", OPTIONAL, NULL, show_option },
	{ NULL, "Cgroup BPF (v2 device control)", "CONFIG_CGROUP_BPF", OPTIONAL, NULL, show_option },

	{ "Misc", "Veth pair device", "CONFIG_VETH", NETWORK, "veth", show_option },
	{ NULL, "Macvlan", "CONFIG_MACVLAN", OPTIONAL, "macvlan", show_option },
	{ NULL, "Vlan", "CONFIG_VLAN_8021Q", OPTIONAL, "8021q", show_option },
	{ NULL, "Bridges", "CONFIG_BRIDGE", NETWORK, "bridge", show_option },
	{ NULL, "Advanced netfilter", "CONFIG_NETFILTER_ADVANCED", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_IP_NF_TARGET_MASQUERADE", "CONFIG_IP_NF_TARGET_MASQUERADE", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_IP6_NF_TARGET_MASQUERADE", "CONFIG_IP6_NF_TARGET_MASQUERADE", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_NETFILTER_XT_TARGET_CHECKSUM", "CONFIG_NETFILTER_XT_TARGET_CHECKSUM", OPTIONAL, "xt_CHECKSUM", show_option },
	{ NULL, "CONFIG_NETFILTER_XT_MATCH_COMMENT", "CONFIG_NETFILTER_XT_MATCH_COMMENT", OPTIONAL, "xt_comment", show_option },
	{ NULL, "FUSE (for use with lxcfs)", "CONFIG_FUSE_FS", OPTIONAL, "fuse", show_option },
	{ NULL, "Overlay filesystem", "CONFIG_OVERLAY_FS", OPTIONAL, "overlay", show_option },
	{ NULL, "Seccomp", "CONFIG_SECCOMP", OPTIONAL, NULL, show_option },
	{ NULL, "Seccomp filter", "CONFIG_SECCOMP_FILTER", OPTIONAL, NULL, show_option },

	{ "Checkpoint/Restore", "checkpoint restore", "CONFIG_CHECKPOINT_RESTORE", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_FHANDLE", "CONFIG_FHANDLE", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_EVENTFD", "CONFIG_EVENTFD", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_EPOLL", "CONFIG_EPOLL", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_UNIX_DIAG", "CONFIG_UNIX_DIAG", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_INET_DIAG", "CONFIG_INET_DIAG", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_PACKET_DIAG", "CONFIG_PACKET_DIAG", OPTIONAL, NULL, show_option },
	{ NULL, "CONFIG_NETLINK_DIAG", "CONFIG_NETLINK_DIAG", OPTIONAL, NULL, show_option },
};

/* ---- live probe rows ---- */

struct probe_row;
/* Returns a word to print instead of available/missing/unknown, or NULL. */
typedef const char *run_fn(struct ctx *c, const struct probe_row *row,
			   struct probe_result *r);

struct probe_row {
	const char *label;
	const char *summary;  /* its name in the summary */
	enum level level;
	run_fn *run;
	int flag;             /* run_ns: CLONE_NEW* */
	const char *kind;     /* run_netdev: device kind */
};

static const char *run_ns(struct ctx *c, const struct probe_row *row,
			struct probe_result *r)
{
	probe_ns(row->flag, r);
	return NULL;
}

static const char *run_userns(struct ctx *c, const struct probe_row *row,
			struct probe_result *r)
{
	probe_userns(r);
	return NULL;
}

static const struct kconfig *kc_or_null(const struct ctx *c)
{
	/* another kernel's configuration says nothing about this one */
	return c->have_kc && c->probes_count ? &c->kc : NULL;
}

static const char *run_netdev(struct ctx *c, const struct probe_row *row,
			struct probe_result *r)
{
	probe_netdev(row->kind, kc_or_null(c), r);
	return NULL;
}

static const char *run_overlay(struct ctx *c, const struct probe_row *row,
			struct probe_result *r)
{
	probe_overlayfs(kc_or_null(c), r);
	return NULL;
}

static const char *run_pidfd(struct ctx *c, const struct probe_row *row,
			struct probe_result *r)
{
	probe_pidfd_open(r);
	return NULL;
}

static const char *run_clone3(struct ctx *c, const struct probe_row *row,
			struct probe_result *r)
{
	probe_clone3(r);
	return NULL;
}

static const char *run_seccomp(struct ctx *c, const struct probe_row *row,
			struct probe_result *r)
{
	probe_seccomp(kc_or_null(c), r);
	return NULL;
}

/* The layout is the answer: "Cgroup layout: hybrid (...)". */
static const char *run_cgroups(struct ctx *c, const struct probe_row *row,
			       struct probe_result *r)
{
	char v1[200] = "";
	const char *v2 = NULL;
	size_t i, l;

	memset(r, 0, sizeof(*r));
	if (!c->have_cg) {
		r->state = PROBE_UNKNOWN;
		snprintf(r->why, sizeof(r->why), "cannot read /proc/self/mountinfo");
		return NULL;
	}
	for (i = 0; i < c->cg.n_v1; i++) {
		const char *ctl = c->cg.v1[i].controllers;

		l = strlen(v1);
		if (ctl && *ctl && strncmp(ctl, "name=", 5) != 0)
			snprintf(v1 + l, sizeof(v1) - l, "%s%s", l ? "," : "", ctl);
	}
	if (c->cg.n_v2)
		v2 = c->cg.v2[0].controllers;
	r->state = c->cg.layout == PROBE_CG_NONE ? PROBE_NO : PROBE_YES;
	l = 0;
	if (v1[0])
		l += snprintf(r->why + l, sizeof(r->why) - l, "v1 controllers: %s", v1);
	if (c->cg.n_v2 && l < sizeof(r->why))
		l += snprintf(r->why + l, sizeof(r->why) - l, "%sv2 controllers: %s",
			      l ? "; " : "", !v2 ? "unreadable" : *v2 ? v2 : "none");
	if (r->state == PROBE_NO && l < sizeof(r->why))
		snprintf(r->why + l, sizeof(r->why) - l, "no hierarchy mounted; in /proc/filesystems: %s%s%s",
			 c->cg.fs_v1 ? "cgroup" : "", c->cg.fs_v1 && c->cg.fs_v2 ? ", " : "",
			 c->cg.fs_v2 ? "cgroup2" : c->cg.fs_v1 ? "" : "neither");
	return probe_cg_layout_name(c->cg.layout);
}

static const struct probe_row probe_rows[] = {
	{ "unshare(CLONE_NEWNS)", "mount namespace", REQUIRED, run_ns, CLONE_NEWNS, NULL },
	{ "unshare(CLONE_NEWUTS)", "uts namespace", REQUIRED, run_ns, CLONE_NEWUTS, NULL },
	{ "unshare(CLONE_NEWIPC)", "ipc namespace", REQUIRED, run_ns, CLONE_NEWIPC, NULL },
	{ "unshare(CLONE_NEWPID)", "pid namespace", REQUIRED, run_ns, CLONE_NEWPID, NULL },
	{ "unshare(CLONE_NEWNET)", "network namespace", REQUIRED, run_ns, CLONE_NEWNET, NULL },
	{ "unshare(CLONE_NEWUSER)", "user namespaces", OPTIONAL, run_userns, 0, NULL },
	{ "unshare(CLONE_NEWCGROUP)", "cgroup namespace", OPTIONAL, run_ns, CLONE_NEWCGROUP, NULL },
	{ "unshare(CLONE_NEWTIME)", "time namespace", OPTIONAL, run_ns, CLONE_NEWTIME, NULL },
	{ "Cgroup layout", "cgroups", REQUIRED, run_cgroups, 0, NULL },
	{ "veth", "veth", NETWORK, run_netdev, 0, "veth" },
	{ "bridge", "bridge", NETWORK, run_netdev, 0, "bridge" },
	{ "macvlan", "macvlan", OPTIONAL, run_netdev, 0, "macvlan" },
	{ "vlan", "vlan", OPTIONAL, run_netdev, 0, "vlan" },
	{ "overlayfs", "overlayfs", OPTIONAL, run_overlay, 0, NULL },
	{ "pidfd_open", "pidfd_open", OPTIONAL, run_pidfd, 0, NULL },
	{ "clone3", "clone3", OPTIONAL, run_clone3, 0, NULL },
	{ "seccomp", "seccomp", OPTIONAL, run_seccomp, 0, NULL },
};

static void live_probes(struct ctx *c)
{
	static const char *const state_word[] = {
		[PROBE_YES] = "available", [PROBE_NO] = "missing", [PROBE_UNKNOWN] = "unknown",
	};
	size_t i;

	printf("--- Live kernel probes ---\n");
	if (!c->probes_count)
		printf("(the running kernel's, not counted: CONFIG names the configuration)\n");
	fflush(stdout); /* the probes fork */
	for (i = 0; i < ARRAY_SIZE(probe_rows); i++) {
		const struct probe_row *row = &probe_rows[i];
		struct probe_result r;
		const char *w;
		enum tone t;

		w = row->run(c, row, &r);
		t = r.state == PROBE_YES ? GOOD : r.state == PROBE_NO && row->level != OPTIONAL ? BAD : WARN;
		printf("%s: ", row->label);
		word(c, t, w ? w : state_word[r.state]);
		printf(r.why[0] ? " (%s)\n" : "\n", r.why);
		fflush(stdout);
		if (!c->probes_count || row->level == OPTIONAL)
			continue;
		if (r.state == PROBE_NO)
			add_missing(c, row->summary, row->level);
		else if (r.state == PROBE_UNKNOWN)
			c->inconclusive++;
	}
	printf("\n");
}

/* ---- the rest ---- */

static void load_config(struct ctx *c)
{
	const char *env = getenv("CONFIG");
	struct bb_err e = { 0, "" };
	char *found = NULL;

	c->probes_count = !(env && *env);
	if (c->probes_count && !bb_have(BB_KCONFIG))
		bb_err_set(&e, 0, "not looked for (%s=kconfig)", BB_FORCE_ENV);
	if ((!c->probes_count || bb_have(BB_KCONFIG)) &&
	    kconfig_find_and_load(&c->kc, env, &found, &e) == 0) {
		c->have_kc = 1;
	} else {
		printf("Kernel configuration not found: %s%s%s\n", e.msg,
		       e.errnum ? ": " : "", e.errnum ? strerror(e.errnum) : "");
		printf("Try IKCONFIG_PROC (/proc/config.gz), installing the kernel's config in /boot,\n"
		       "or naming the configuration: CONFIG=<path> %s\n", applet_invoked);
		/* The running kernel's: its options are probed on it instead. */
		c->live = c->probes_count;
		if (c->live)
			printf("The options below are probed on the running kernel.\n");
		kconfig_free(&c->kc);
		return;
	}
	printf("Kernel configuration found at %s\n", found);
	if (c->kc.bad_lines)
		printf("Warning: %zu lines not understood (the first: line %zu)\n",
		       c->kc.bad_lines, c->kc.first_bad);
	if (!c->kc.version[0])
		printf("Warning: no kernel version in the configuration\n");
	free(found);
}

static int summary(struct ctx *c)
{
	size_t i;

	printf("Note: to check a kernel before booting it: CONFIG=/path/to/config %s\n\n",
	       applet_invoked);
	if (c->missing.n) {
		printf("Summary: %zu required feature%s missing: ", c->missing.n,
		       c->missing.n == 1 ? "" : "s");
		for (i = 0; i < c->missing.n; i++)
			printf("%s%s", i ? ", " : "", c->missing.v[i]);
		printf("%s\n", c->have_kc ? "" : c->live ? " (kernel configuration not found: options probed on the running kernel)" :
		       " (kernel configuration not found: options not checked)");
		return 1;
	}
	if (!c->have_kc && (!c->live || c->unknown_required)) {
		printf("Summary: kernel configuration not found: %s; "
		       "the live probes found no required feature missing\n",
		       c->live ? "some required options could not be probed" : "options not checked");
		return 2;
	}
	printf("Summary: all required features present");
	if (c->inconclusive)
		printf(" (%d required live probe%s inconclusive)", c->inconclusive,
		       c->inconclusive == 1 ? "" : "s");
	if (!c->have_kc)
		printf(" (kernel configuration not found: options probed on the running kernel)");
	printf("\n");
	return 0;
}

int checkconfig_main(int argc, char **argv)
{
	int no_color = 0;
	const struct bb_opt spec[] = {
		{ "|no-color", BB_OPT_FLAG, &no_color, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK,
	};
	const char *nc = getenv("NO_COLOR");
	struct bb_err e;
	struct ctx c;
	size_t i;
	int rc;

	if (bb_getopt(argc, argv, spec, 0) != argc)
		bb_show_usage();
	memset(&c, 0, sizeof(c));
	kconfig_init(&c.kc);
	c.color = !no_color && !(nc && *nc) && isatty(STDOUT_FILENO);
	c.have_cg = probe_cgroups(&c.cg, NULL, &e) == 0;

	printf("ctbox version %s\n", CTBOX_VERSION);
	load_config(&c);
	for (i = 0; i < ARRAY_SIZE(cfg_rows); i++) {
		const struct cfg_row *row = &cfg_rows[i];

		if (row->section)
			printf("\n--- %s ---\n", row->section);
		printf("%s:%s", row->label, row->show == show_cg_mounts ? "" : " ");
		row->show(&c, row);
	}
	printf("\n");
	live_probes(&c);
	rc = summary(&c);

	for (i = 0; i < c.missing.n; i++)
		free((char *)c.missing.v[i]);
	bb_strlist_free(&c.missing);
	if (c.have_cg)
		probe_cgroups_free(&c.cg);
	kconfig_free(&c.kc);
	return rc;
}
