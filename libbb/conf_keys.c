/* The table of lxc.container.conf(5) keys (LXC 5). Its order is the order
 * of conf_dump's output and of `config -l`.
 *
 * Rejected with "'KEY' is not supported by ctbox" (ctbox does not do
 * them); each accepts the one value that asks for what ctbox does anyway
 * (and an empty value, LXC's default):
 *   lxc.ephemeral            (0)  destroying the container at shutdown
 *   lxc.sched.core           (0)  core scheduling domains
 *   lxc.keyring.session      (0)  a new session keyring for the payload
 *   lxc.monitor.unshare      (0)  a mount namespace for the monitor
 *   lxc.kmsg                 (0)  LXC 2's /dev/kmsg -> console link
 *   lxc.seccomp.notify.proxy, lxc.seccomp.notify.cookie   seccomp proxying
 * In a build without the applets that read settings back (tiny_defconfig)
 * these too, but for 0 or an empty value: lxc.console.buffer.size,
 * lxc.console.size, lxc.console.rotate, lxc.tty.dir,
 * lxc.namespace.share.*, lxc.time.offset.*, lxc.log.syslog (every
 * ctbox refuses them at start: LATER below). Refused as "... are not
 * built into this ctbox (FEATURE_X)" in a build without that feature:
 * lxc.prlimit.* (FEATURE_PRLIMIT), lxc.sysctl.* and lxc.proc.*
 * (FEATURE_SYSCTL), lxc.idmap (FEATURE_USERNS).
 * Accepted and ignored, legacy names only, never written back:
 *   lxc.rootfs.backend   LXC 2 recorded the storage type; ctbox finds it
 *                        from lxc.rootfs.path (the value is still checked)
 *   lxc.pivotdir         LXC 1's directory for pivot_root's old root:
 *                        ctbox picks its own
 */
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "conf_int.h"

#define OFF(f) offsetof(struct lxc_conf, f)
#define STR(n, f, chk) { .name = n, .ops = &conf_ops_str, .off = OFF(f), .arg = (const void *)(chk) }
#define STRV(n, f, chk) { .name = n, .ops = &conf_ops_strv, .off = OFF(f), .arg = (const void *)(chk) }
#define INT(n, f, lo, hi, d) { .name = n, .ops = &conf_ops_int, .off = OFF(f), .min = lo, .max = hi, .def = d }
#define UINT(n, f, d) { .name = n, .ops = &conf_ops_uint, .off = OFF(f), .def = d }
#define BOOL(n, f, d) { .name = n, .ops = &conf_ops_bool, .off = OFF(f), .def = d }
#define SIG(n, f, d) { .name = n, .ops = &conf_ops_signal, .off = OFF(f), .def = d }
#define SIZE(n, f) { .name = n, .ops = &conf_ops_size, .off = OFF(f) }
#define OPS(n, o, f) { .name = n, .ops = &o, .off = OFF(f) }
#define OPSA(n, o, f, a) { .name = n, .ops = &o, .off = OFF(f), .arg = a }
/* A family of KEY = VALUE settings; replace: a repeated key replaces. */
#define KV(n, f, chk, replace, pat) { .name = n, .ops = &conf_ops_kv, .off = OFF(f), \
	.arg = (const void *)(chk), .flags = CK_FAMILY | ((replace) ? CK_REPLACE : 0), .pattern = pat }
#define FAMILY(n, o, f, pat) { .name = n, .ops = &o, .off = OFF(f), .flags = CK_FAMILY, .pattern = pat }
#define UNSUPPORTED(n, ok) { .name = n, .arg = ok, .flags = CK_UNSUPPORTED }
#define HOOK(n, h) STRV("lxc.hook." n, hooks[h], NULL)
/* A key, or a family of keys, for a feature this build lacks (Config.in):
 * refused by name as the configuration is read, an empty value aside. */
#define UNBUILT_WHY(what, feature) what " are not built into this ctbox (" feature ")"
#define UNBUILT_KEY(n, what, feature) { .name = n, .arg = UNBUILT_WHY(what, feature), \
	.flags = CK_UNBUILT }
#define UNBUILT(n, pat, what, feature) { .name = n, .arg = UNBUILT_WHY(what, feature), \
	.flags = CK_UNBUILT | CK_FAMILY, .pattern = pat }
/* Keys that every ctbox refuses at start (run_plan.c: plan_refuse) but
 * parses, for `config` and `info` to read back: without those readers
 * (CONF_READ_BACK, as tiny_defconfig) they are refused as they are read,
 * as unsupported, but for the value that asks for nothing (ok) and an
 * empty one ("" for ok: that one only); their parsers and checks go.
 * LATER(ok, ROW, name, ...) stands for ROW(name, ...). */
#if CONF_READ_BACK
#define LATER(ok, M, n, ...) M(n, __VA_ARGS__)
#define LATER_FAMILY(n, o, f, pat) FAMILY(n, o, f, pat)
#else
#define LATER(ok, M, n, ...) UNSUPPORTED(n, ok)
#define LATER_FAMILY(n, o, f, pat) { .name = n, .arg = "", .flags = CK_UNSUPPORTED | CK_FAMILY, \
	.pattern = pat }
#endif

static const char init_cmd_default[] = "/sbin/init";

/* Accepted, checked, ignored (lxc.rootfs.backend). */
static int noop_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	conf_check_fn *check = (conf_check_fn *)k->arg;
	const char *why;

	if (*value && check && (why = check(value)) != NULL)
		return conf_bad(e, key, value, "%s", why);
	return 0;
}

static void noop_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
}

static void noop_clear(void *base, const struct conf_key *k, const char *sub)
{
}

static const struct conf_ops conf_ops_noop = { noop_set, CONF_GETTER(noop_get), noop_clear };

const struct conf_key conf_keys[] = {
	{ .name = "lxc.include", .flags = CK_INCLUDE },
	OPS("lxc.arch", conf_ops_arch, arch),
	STR("lxc.uts.name", uts_name, conf_check_utsname),
	SIG("lxc.signal.halt", signal_halt, SIGPWR),
	SIG("lxc.signal.reboot", signal_reboot, SIGINT),
	SIG("lxc.signal.stop", signal_stop, SIGKILL),
	STR("lxc.execute.cmd", execute_cmd, NULL),
	{ .name = "lxc.init.cmd", .ops = &conf_ops_strdef, .off = OFF(init_cmd),
	  .arg = init_cmd_default },
	STR("lxc.init.cwd", init_cwd, conf_check_abspath),
	UINT("lxc.init.uid", init_uid, 0),
	UINT("lxc.init.gid", init_gid, 0),
	OPS("lxc.init.groups", conf_ops_init_groups, init_groups),
	UNSUPPORTED("lxc.sched.core", "0"),
#if ENABLE_FEATURE_SYSCTL
	KV("lxc.proc", proc, conf_check_procfile, 1, "lxc.proc.[file]"),
#else
	UNBUILT("lxc.proc", "lxc.proc.[file]", "/proc settings", "FEATURE_SYSCTL"),
#endif
	UNSUPPORTED("lxc.ephemeral", "0"),
	{ .name = "lxc.net", .ops = &conf_ops_net, .flags = CK_FAMILY, .pattern = "lxc.net" },
	INT("lxc.pty.max", pty_max, 0, 65536, 0),
	LATER("0", SIZE, "lxc.console.buffer.size", console_buffer_size),
	LATER("0", SIZE, "lxc.console.size", console_size),
	STR("lxc.console.logfile", console_logfile, conf_check_abspath),
	LATER("0", BOOL, "lxc.console.rotate", console_rotate, 0),
	STR("lxc.console.path", console_path, conf_check_console),
	INT("lxc.tty.max", tty_max, 0, 1024, 0),
	LATER("", STR, "lxc.tty.dir", tty_dir, conf_check_ttydir),
	BOOL("lxc.autodev", autodev, 1),
	UINT("lxc.autodev.tmpfs.size", autodev_tmpfs_size, 500000),
	STR("lxc.mount.fstab", mount_fstab, NULL),
	OPS("lxc.mount.entry", conf_ops_mount_entry, mounts),
	OPS("lxc.mount.auto", conf_ops_mount_auto, mount_auto),
	STR("lxc.rootfs.path", rootfs_path, NULL),
	STR("lxc.rootfs.mount", rootfs_mount, conf_check_abspath),
	STR("lxc.rootfs.options", rootfs_options, NULL),
	BOOL("lxc.rootfs.managed", rootfs_managed, 1),
	{ .name = "lxc.rootfs.backend", .ops = &conf_ops_noop,
	  .arg = (const void *)conf_check_backend, .flags = CK_HIDDEN },
	{ .name = "lxc.pivotdir", .ops = &conf_ops_noop, .flags = CK_HIDDEN },
	STR("lxc.cgroup.dir", cgroup_dir, conf_check_relpath),
	STR("lxc.cgroup.dir.container", cgroup_dir_container, conf_check_relpath),
	STR("lxc.cgroup.dir.monitor", cgroup_dir_monitor, conf_check_relpath),
	STR("lxc.cgroup.dir.monitor.pivot", cgroup_dir_monitor_pivot, conf_check_relpath),
	STR("lxc.cgroup.dir.container.inner", cgroup_dir_container_inner, conf_check_relpath),
	BOOL("lxc.cgroup.relative", cgroup_relative, 0),
	KV("lxc.cgroup", cgroup, conf_check_cgroup_key, 0, "lxc.cgroup.[controller].[file]"),
	KV("lxc.cgroup2", cgroup2, conf_check_cgroup_key, 0, "lxc.cgroup2.[controller].[file]"),
	OPS("lxc.cap.drop", conf_ops_caps, cap_drop),
	OPSA("lxc.cap.keep", conf_ops_caps, cap_keep, "keep"),
	OPS("lxc.namespace.clone", conf_ops_ns, ns_clone),
	OPSA("lxc.namespace.keep", conf_ops_ns, ns_keep, "keep"),
	LATER_FAMILY("lxc.namespace.share", conf_ops_ns_share, ns_share, "lxc.namespace.share.[namespace]"),
	LATER("0", OPS, "lxc.time.offset.boot", conf_ops_time_offset, time_offset_boot_s),
	LATER("0", OPS, "lxc.time.offset.monotonic", conf_ops_time_offset, time_offset_monotonic_s),
#if ENABLE_FEATURE_PRLIMIT
	FAMILY("lxc.prlimit", conf_ops_prlimit, prlimits, "lxc.prlimit.[limit]"),
#else
	UNBUILT("lxc.prlimit", "lxc.prlimit.[limit]", "resource limits", "FEATURE_PRLIMIT"),
#endif
#if ENABLE_FEATURE_SYSCTL
	KV("lxc.sysctl", sysctl, conf_check_subkey, 1, "lxc.sysctl.[name]"),
#else
	UNBUILT("lxc.sysctl", "lxc.sysctl.[name]", "sysctls", "FEATURE_SYSCTL"),
#endif
	STR("lxc.apparmor.profile", apparmor_profile, conf_check_word),
	BOOL("lxc.apparmor.allow_incomplete", apparmor_allow_incomplete, 0),
	BOOL("lxc.apparmor.allow_nesting", apparmor_allow_nesting, 0),
	STRV("lxc.apparmor.raw", apparmor_raw, NULL),
	STR("lxc.selinux.context", selinux_context, conf_check_word),
	STR("lxc.selinux.context.keyring", selinux_context_keyring, conf_check_word),
	UNSUPPORTED("lxc.keyring.session", "0"),
	STR("lxc.seccomp.profile", seccomp_profile, NULL),
	BOOL("lxc.seccomp.allow_nesting", seccomp_allow_nesting, 0),
	UNSUPPORTED("lxc.seccomp.notify.proxy", NULL),
	UNSUPPORTED("lxc.seccomp.notify.cookie", NULL),
	BOOL("lxc.no_new_privs", no_new_privs, 0),
#if ENABLE_FEATURE_USERNS
	OPS("lxc.idmap", conf_ops_idmap, idmap),
#else
	UNBUILT_KEY("lxc.idmap", "user namespaces", "FEATURE_USERNS"),
#endif
	BOOL("lxc.hook.version", hook_version, 0),
	HOOK("pre-start", CONF_HOOK_PRE_START),
	HOOK("pre-mount", CONF_HOOK_PRE_MOUNT),
	HOOK("mount", CONF_HOOK_MOUNT),
	HOOK("autodev", CONF_HOOK_AUTODEV),
	HOOK("start-host", CONF_HOOK_START_HOST),
	HOOK("start", CONF_HOOK_START),
	HOOK("stop", CONF_HOOK_STOP),
	HOOK("post-stop", CONF_HOOK_POST_STOP),
	HOOK("clone", CONF_HOOK_CLONE),
	HOOK("destroy", CONF_HOOK_DESTROY),
	OPS("lxc.log.level", conf_ops_loglevel, log_level),
	STR("lxc.log.file", log_file, NULL),
	LATER("", STR, "lxc.log.syslog", log_syslog, conf_check_facility),
	BOOL("lxc.start.auto", start_auto, 0),
	INT("lxc.start.delay", start_delay, 0, INT_MAX, 0),
	INT("lxc.start.order", start_order, INT_MIN, INT_MAX, 0),
	UNSUPPORTED("lxc.monitor.unshare", "0"),
	SIG("lxc.monitor.signal.pdeath", monitor_signal_pdeath, SIGKILL),
	{ .name = "lxc.group", .ops = &conf_ops_words, .off = OFF(groups) },
	STRV("lxc.environment", environment, conf_check_env),
	UNSUPPORTED("lxc.kmsg", "0"),
};

const size_t conf_nkeys = ARRAY_SIZE(conf_keys);

_Static_assert(sizeof(struct lxc_conf) <= USHRT_MAX, "struct conf_key's off is 16 bits");
_Static_assert(CONF_NET_TYPE_MAX <= 8, "struct conf_key's net_types is 8 bits");

const struct conf_key *conf_key_find(const struct conf_key *tab, size_t n,
				     const char *name, const char **sub)
{
	const struct conf_key *best = NULL;
	size_t i, bestlen = 0;

	*sub = NULL;
	for (i = 0; i < n; i++)
		if (strcmp(tab[i].name, name) == 0)
			return &tab[i];
	for (i = 0; i < n; i++) {
		size_t l = strlen(tab[i].name);

		if ((tab[i].flags & CK_FAMILY) && l > bestlen &&
		    strncmp(tab[i].name, name, l) == 0 && name[l] == '.' && name[l + 1]) {
			best = &tab[i];
			bestlen = l;
		}
	}
	if (best)
		*sub = name + bestlen + 1;
	return best;
}

/* The names for `config -l`: the table, lxc.net expanded to its keys. */
const char *conf_key_name(size_t i)
{
	size_t k;

	for (k = 0; k < conf_nkeys; k++) {
		const struct conf_key *key = &conf_keys[k];

		if (key->flags & (CK_UNSUPPORTED | CK_UNBUILT | CK_HIDDEN))
			continue;
		if (i == 0)
			return key->flags & CK_FAMILY ? key->pattern : key->name;
		i--;
		if (key->ops == &conf_ops_net) {
			static char name[64];

			if (i < conf_net_nkeys) {
				snprintf(name, sizeof(name), "lxc.net.[i].%s", conf_net_keys[i].name);
				return name;
			}
			i -= conf_net_nkeys;
		}
	}
	return NULL;
}
