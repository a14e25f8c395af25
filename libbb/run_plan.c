/* From a container's configuration and start's command line to the plan
 * the monitor follows (struct ct_run). Strings of the plan point into the
 * configuration, which must outlive it, or are owned by the plan. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoconf.h"
#include "cgroup.h"
#include "conf.h"
#include "rootfs.h"
#include "run_plan.h"
#include "seccomp.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Owned strings, freed with the plan. */
static char *keep(struct ct_run *r, char *s)
{
	if (s)
		bb_strlist_add(&r->owned, s);
	return s;
}

static unsigned auto_bits(const struct conf_mount_auto *a)
{
	static const unsigned proc[] = {
		[CONF_AUTO_PROC_NONE] = 0, [CONF_AUTO_PROC_MIXED] = AUTO_PROC_MIXED,
		[CONF_AUTO_PROC_RW] = AUTO_PROC_RW,
	};
	static const unsigned sys[] = {
		[CONF_AUTO_SYS_NONE] = 0, [CONF_AUTO_SYS_RO] = AUTO_SYS_RO,
		[CONF_AUTO_SYS_MIXED] = AUTO_SYS_MIXED, [CONF_AUTO_SYS_RW] = AUTO_SYS_RW,
	};

	/* Inside its cgroup namespace the container's groups are the
	 * hierarchies' roots: cgroup-full shows the same as cgroup. Without
	 * a mode, mixed (CAP_SYS_ADMIN is dropped by default). */
	static const unsigned cg[] = {
		[CONF_AUTO_CG_NONE] = 0,
		[CONF_AUTO_CG_MIXED] = AUTO_CGROUP_MIXED, [CONF_AUTO_CG_RO] = AUTO_CGROUP_RO,
		[CONF_AUTO_CG_RW] = AUTO_CGROUP_RW, [CONF_AUTO_CG_NOSPEC] = AUTO_CGROUP_MIXED,
		[CONF_AUTO_CG_FULL_MIXED] = AUTO_CGROUP_MIXED, [CONF_AUTO_CG_FULL_RO] = AUTO_CGROUP_RO,
		[CONF_AUTO_CG_FULL_RW] = AUTO_CGROUP_RW, [CONF_AUTO_CG_FULL_NOSPEC] = AUTO_CGROUP_MIXED,
	};

	return (a->proc < ARRAY_SIZE(proc) ? proc[a->proc] : 0) |
	       (a->sys < ARRAY_SIZE(sys) ? sys[a->sys] : 0) |
	       (a->cgroup < ARRAY_SIZE(cg) ? cg[a->cgroup] : 0);
}

/* lxc.mount.fstab: its lines, comments and blank lines skipped. */
static int add_fstab(struct ct_run *r, const char *path, struct bb_err *e)
{
	char *text = read_file(path, 1 << 20, NULL), *line, *save = NULL;

	if (!text)
		return bb_err_set(e, errno, "can't read lxc.mount.fstab '%s'", path);
	keep(r, text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		line += strspn(line, " \t");
		if (*line && *line != '#')
			bb_strlist_add(&r->mounts, line);
	}
	return 0;
}

/* lxc.init.cmd and lxc.execute.cmd: words split on blanks, with '...'
 * and "..." quoting (\" and \\ inside double quotes), as LXC splits them. */
static int split_words(struct ct_run *r, const char *cmd, struct bb_err *e)
{
	char *copy = keep(r, strdup(cmd)), *in, *out;

	if (!copy)
		return bb_err_set(e, ENOMEM, "init command");
	in = out = copy;
	for (;;) {
		char *word, q = 0;

		while (*in == ' ' || *in == '\t')
			in++;
		if (!*in)
			break;
		word = out;
		for (; *in && (q || (*in != ' ' && *in != '\t')); in++) {
			if (q && *in == q) {
				q = 0;
			} else if (!q && (*in == '\'' || *in == '"')) {
				q = *in;
			} else if (q == '"' && *in == '\\' && (in[1] == '"' || in[1] == '\\')) {
				*out++ = *++in;
			} else {
				*out++ = *in;
			}
		}
		if (q)
			return bb_err_set(e, 0, "unterminated %c quote in the init command '%s'", q, cmd);
		if (*in)
			in++;
		*out++ = '\0';
		bb_strlist_add(&r->argv, word);
	}
	if (!r->argv.n)
		return bb_err_set(e, 0, "lxc.init.cmd is empty");
	return 0;
}

/* A veth the user-nic service can make for an unprivileged user: into a
 * bridge, with a host-side name of the service's choosing. */
static int user_veth(const struct conf_net *cn)
{
	return cn->type == CONF_NET_VETH && cn->link && !cn->veth_pair &&
	       cn->veth_mode != CONF_VETH_ROUTER;
}

/* lxc.net: a private network namespace with lo and the interfaces the
 * monitor makes there (ct_net.c), or the host's (type none). */
static int plan_net(struct ct_run *r, const struct lxc_conf *conf, struct bb_err *e)
{
	size_t i;

	for (i = 0; i < conf->n_net; i++) {
		int t = conf->net[i].type;

		if (t == CONF_NET_NONE) {
			if (conf->n_net > 1)
				return bb_err_set(e, 0, "lxc.net.%u.type = none excludes other interfaces",
						  conf->net[i].index);
			r->share_host_net = 1;
		} else if (t != CONF_NET_EMPTY && !ENABLE_FEATURE_NET) {
			return bb_err_set(e, 0, "lxc.net.%u.type = %s: network interfaces are not built into "
					  "this ctbox (FEATURE_NET): only empty and none", conf->net[i].index,
					  conf_net_type_name(t));
		} else if (t != CONF_NET_EMPTY && geteuid() != 0 && !user_veth(&conf->net[i])) {
			return bb_err_set(e, EPERM, "lxc.net.%u.type = %s: only root can make host-side network devices%s",
					  conf->net[i].index, conf_net_type_name(t), t == CONF_NET_VETH ?
					  " (an unprivileged user gets a veth into a bridge from the user-nic service: "
					  "lxc.net.N.link, no veth.pair, no veth.mode = router)" : "");
		}
	}
	r->net = conf->net;
	r->n_net = conf->n_net;
	return 0;
}

/* Keys that parse but that this build cannot apply at start: refused, so
 * that nothing is silently ignored. */
static int plan_refuse(const struct lxc_conf *conf, struct bb_err *e)
{
	const struct { int set; const char *what; } checks[] = {
		{ conf->tty_dir != NULL, "lxc.tty.dir" },
		{ conf->console_path && strcmp(conf->console_path, "none") != 0, "lxc.console.path (other than none)" },
		{ conf->console_buffer_size || conf->console_size || conf->console_rotate,
		  "lxc.console.buffer.size, lxc.console.size, lxc.console.rotate" },
		{ conf->log_syslog != NULL, "lxc.log.syslog" },
		{ conf->time_offset_boot_s || conf->time_offset_boot_ns ||
		  conf->time_offset_monotonic_s || conf->time_offset_monotonic_ns, "lxc.time.offset.*" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(checks); i++)
		if (checks[i].set)
			return bb_err_set(e, 0, "%s: ctbox cannot apply this at start yet", checks[i].what);
	for (i = 0; i < CONF_NS_MAX; i++)
		if (conf->ns_share[i])
			return bb_err_set(e, 0, "lxc.namespace.share.*: ctbox cannot share namespaces yet");
	/* An AppArmor profile or SELinux context only matters where the
	 * kernel has that LSM (info says "not enforced" elsewhere). */
	if (conf->apparmor_profile && strcmp(conf->apparmor_profile, "unconfined") != 0 &&
	    bb_lsm_active("apparmor"))
		return bb_err_set(e, 0, "lxc.apparmor.profile = %s: ctbox does not load AppArmor profiles",
				  conf->apparmor_profile);
	if ((conf->selinux_context || conf->selinux_context_keyring) && bb_lsm_active("selinux"))
		return bb_err_set(e, 0, "lxc.selinux.context%s = %s: ctbox does not set SELinux contexts",
				  conf->selinux_context ? "" : ".keyring",
				  conf->selinux_context ? conf->selinux_context : conf->selinux_context_keyring);
	return 0;
}

/* lxc.cgroup.* and lxc.cgroup2.*, and where the groups go. */
static int plan_cgroups(struct ct_run *r, const struct lxc_conf *conf, struct bb_err *e)
{
	const struct conf_kvlist *lists[2] = { &conf->cgroup, &conf->cgroup2 };
	size_t i, k;

	r->cg = calloc(conf->cgroup.n + conf->cgroup2.n + 1, sizeof(*r->cg));
	if (!r->cg)
		return bb_err_set(e, ENOMEM, "cgroup settings");
	for (k = 0; k < 2; k++)
		for (i = 0; i < lists[k]->n; i++)
			r->cg[r->ncg++] = (struct cg_setting){ (int)k + 1, lists[k]->v[i].key,
							       lists[k]->v[i].value };
	r->cg_dir = conf->cgroup_dir;
	r->cg_dir_container = conf->cgroup_dir_container;
	r->cg_dir_monitor = conf->cgroup_dir_monitor;
	r->cg_inner = conf->cgroup_dir_container_inner;
	r->cg_relative = conf->cgroup_relative;
	if (!r->cg_dir_container != !r->cg_dir_monitor)
		return bb_err_set(e, 0, "lxc.cgroup.dir.container and lxc.cgroup.dir.monitor go together");
	return 0;
}

static void add_env(struct ct_run *r, const char *kv)
{
	bb_strlist_add(&r->env, kv);
}

int ct_plan(struct ct_run *r, const struct lxc_conf *conf, const struct container *c,
	    char *const *cmd, struct bb_err *e)
{
	static const struct { int run, conf; const char *name; } hooks[] = {
		{ HOOK_PRE_START, CONF_HOOK_PRE_START, "pre-start" },
		{ HOOK_PRE_MOUNT, CONF_HOOK_PRE_MOUNT, "pre-mount" },
		{ HOOK_MOUNT, CONF_HOOK_MOUNT, "mount" },
		{ HOOK_START, CONF_HOOK_START, "start" },
		{ HOOK_POST_STOP, CONF_HOOK_POST_STOP, "post-stop" },
		{ HOOK_AUTODEV, CONF_HOOK_AUTODEV, "autodev" },
		{ HOOK_START_HOST, CONF_HOOK_START_HOST, "start-host" },
		{ HOOK_STOP, CONF_HOOK_STOP, "stop" },
	};
	size_t i;

	memset(r, 0, sizeof(*r));
	r->exec_init_fd = -1;
	r->net_maker.pid = r->net_maker.sock = -1;
	if (plan_refuse(conf, e) < 0)
		return -1;
	if (conf->rootfs_path && *conf->rootfs_path) {
		r->rootfs = conf->rootfs_path;
	} else {
		r->rootfs = keep(r, path_join(c->dir, "rootfs"));
		if (!r->rootfs)
			return bb_err_set(e, ENOMEM, "rootfs");
	}
	r->rootfs_options = conf->rootfs_options;
	r->mount_auto = auto_bits(&conf->mount_auto);
	r->autodev = conf->autodev;
	if (conf->mount_fstab && add_fstab(r, conf->mount_fstab, e) < 0)
		return -1;
	for (i = 0; i < conf->n_mounts; i++)
		bb_strlist_add(&r->mounts, conf->mounts[i].line);
	r->tty_max = conf->tty_max;
	r->pty_max = conf->pty_max;
	r->dev_size = conf->autodev_tmpfs_size;
	r->console_none = conf->console_path != NULL;
	if (plan_net(r, conf, e) < 0)
		return -1;
	r->clone_flags = conf->ns_clone_set ? (unsigned long)conf->ns_clone :
		CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWNET;
	if (r->share_host_net)
		r->clone_flags &= ~CLONE_NEWNET;
	r->clone_flags &= ~(unsigned long)conf->ns_keep;
	r->clone_flags |= CLONE_NEWNS; /* the rootfs needs its own mount namespace */
	r->idmap = conf->idmap;
	r->n_idmap = conf->n_idmap;
	/* Only a user namespace lets another user make the others. */
	if (!ENABLE_FEATURE_USERNS && (conf->n_idmap || (r->clone_flags & CLONE_NEWUSER)))
		return bb_err_set(e, 0, "%s: user namespaces are not built into this ctbox (FEATURE_USERNS)",
				  conf->n_idmap ? "lxc.idmap" : "lxc.namespace.clone = user");
	if (!conf->n_idmap && geteuid() != 0)
		return bb_err_set(e, EPERM, ENABLE_FEATURE_USERNS ?
				  "an unprivileged container needs lxc.idmap (for example "
				  "lxc.idmap = u 0 100000 65536 and g 0 100000 65536, ranges of "
				  "/etc/subuid and /etc/subgid)" :
				  "only root starts containers with this ctbox (no FEATURE_USERNS)");
	if (conf->n_idmap)
		r->clone_flags |= CLONE_NEWUSER;

	r->hostname = conf->uts_name && *conf->uts_name ? conf->uts_name : c->name;
	if (cmd && cmd[0]) {
		for (i = 0; cmd[i]; i++)
			bb_strlist_add(&r->argv, cmd[i]);
	} else if (split_words(r, conf->init_cmd ? conf->init_cmd : "/sbin/init", e) < 0) {
		return -1;
	}
	r->cwd = conf->init_cwd;
	r->uid = conf->init_uid;
	r->gid = conf->init_gid;
	r->groups = conf->init_groups;
	r->n_groups = conf->n_init_groups;
	r->personality = conf->personality;
	for (i = 0; ENABLE_FEATURE_SYSCTL && i < conf->proc.n; i++)
		bb_strlist_add(&r->procs, keep(r, xasprintf("%s=%s", conf->proc.v[i].key,
							    conf->proc.v[i].value)));
	add_env(r, "container=lxc");
	add_env(r, "PATH=" DEFAULT_PATH);
	add_env(r, "TERM=linux");
	add_env(r, "HOME=/root");
	for (i = 0; i < conf->environment.n; i++) {
		const char *kv = conf->environment.v[i];

		if (strchr(kv, '=')) {
			add_env(r, kv);
		} else if (getenv(kv)) {
			/* A bare NAME passes the host's value on. */
			add_env(r, keep(r, xasprintf("%s=%s", kv, getenv(kv))));
		}
	}
	r->cap_drop = conf->cap_keep_set ? ~conf->cap_keep : conf->cap_drop;
	r->no_new_privs = conf->no_new_privs;
	/* lxc.seccomp.profile (or the default policy), compiled now: a bad
	 * policy fails the start before anything is made. */
	r->seccomp = calloc(1, sizeof(*r->seccomp));
	if (!r->seccomp)
		return bb_err_set(e, ENOMEM, "seccomp");
	if (sc_conf_program(conf, r->seccomp, NULL, &r->seccomp_warn, e) < 0)
		return -1;
	if (ENABLE_FEATURE_PRLIMIT && conf->n_prlimits) {
		r->rlimits = calloc(conf->n_prlimits, sizeof(*r->rlimits));
		if (!r->rlimits)
			return bb_err_set(e, ENOMEM, "prlimits");
		for (i = 0; i < conf->n_prlimits; i++) {
			const struct conf_prlimit *p = &conf->prlimits[i];

			r->rlimits[i].resource = p->resource;
			r->rlimits[i].lim.rlim_cur = p->soft == CONF_RLIM_INFINITY ? RLIM_INFINITY : p->soft;
			r->rlimits[i].lim.rlim_max = p->hard == CONF_RLIM_INFINITY ? RLIM_INFINITY : p->hard;
		}
		r->nrlimits = conf->n_prlimits;
	}
	for (i = 0; ENABLE_FEATURE_SYSCTL && i < conf->sysctl.n; i++)
		bb_strlist_add(&r->sysctls, keep(r, xasprintf("%s=%s", conf->sysctl.v[i].key,
							      conf->sysctl.v[i].value)));
	if (plan_cgroups(r, conf, e) < 0)
		return -1;
	r->sig_halt = conf->signal_halt;
	r->sig_reboot = conf->signal_reboot;
	r->sig_stop = conf->signal_stop;
	r->log_file = conf->log_file;
	r->log_level = conf->log_level;
	r->console_log = conf->console_logfile;
	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		const struct conf_strv *h = &conf->hooks[hooks[i].conf];
		size_t k;

		if (!ENABLE_FEATURE_HOOKS && h->n)
			return bb_err_set(e, 0, "lxc.hook.%s: hooks are not built into this ctbox "
					  "(FEATURE_HOOKS)", hooks[i].name);
		for (k = 0; k < h->n; k++)
			bb_strlist_add(&r->hooks[hooks[i].run], h->v[k]);
	}
	return 0;
}

void ct_run_free(struct ct_run *r)
{
	size_t i;

	for (i = 0; i < r->owned.n; i++)
		free((char *)r->owned.v[i]);
	bb_strlist_free(&r->owned);
	bb_strlist_free(&r->mounts);
	bb_strlist_free(&r->argv);
	bb_strlist_free(&r->env);
	bb_strlist_free(&r->sysctls);
	bb_strlist_free(&r->procs);
	for (i = 0; i < ARRAY_SIZE(r->hooks); i++)
		bb_strlist_free(&r->hooks[i]);
	free(r->rlimits);
	free(r->cg);
	if (r->seccomp)
		sc_prog_free(r->seccomp);
	free(r->seccomp);
	for (i = 0; i < r->seccomp_warn.n; i++)
		free((char *)r->seccomp_warn.v[i]);
	bb_strlist_free(&r->seccomp_warn);
	memset(r, 0, sizeof(*r));
}
