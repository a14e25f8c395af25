/* The OCI runtime-spec configuration (config.json, runtime-spec 1.0 to
 * 1.2): parsed into struct oci_spec (oci_spec.c), turned into ctbox's own
 * container description, struct lxc_conf (oci_conf.c), and the default
 * spec and features documents (oci_default.c).
 *
 *   struct oci_spec *s = oci_spec_load("BUNDLE/config.json", &e);
 *   oci_conf(conf, s, "BUNDLE", OCI_X_..., &notes, &e);
 *   oci_spec_free(s);
 *
 * Errors name the JSON path: "process.rlimits[1].soft: expected an
 * integer, not a string", "linux.intelRdt: not supported by ctbox".
 * Members the spec does not define are ignored, as the spec asks; a
 * member it defines that ctbox cannot honour is refused, never ignored.
 * A null value counts as absent (as Go's runtimes read it). Strings point
 * into the spec's memory, freed with it.
 */
#ifndef CTBOX_OCI_SPEC_H
#define CTBOX_OCI_SPEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"

#define OCI_SPEC_MAX (4 << 20)    /* bytes of config.json */
#define OCI_VERSION_DEFAULT "1.0.2-dev" /* what `spec` writes, as runc 1.1 */
#define OCI_VERSION_MIN "1.0.0"
#define OCI_VERSION_MAX "1.2.0"

/* Optional scalars: set is 1 when the member was given. */
struct oci_flag { int set, v; };
struct oci_i64 { int set; int64_t v; };
struct oci_u64 { int set; uint64_t v; };

struct oci_strv {            /* NULL-terminated too */
	const char **v;
	size_t n;
};
struct oci_kv { const char *key, *value; };
struct oci_map { struct oci_kv *v; size_t n; };
struct oci_u32v { unsigned *v; size_t n; };
struct oci_caps { int set; uint64_t mask; };  /* bit N: capability N */

/* Enumerations hold 0 when absent, else the word's index + 1. */
enum oci_ns_type {           /* the order of enum conf_ns, plus one */
	OCI_NS_CGROUP = 1, OCI_NS_IPC, OCI_NS_MOUNT, OCI_NS_NETWORK, OCI_NS_PID,
	OCI_NS_TIME, OCI_NS_USER, OCI_NS_UTS
};
enum oci_dev_type { OCI_DEV_C = 1, OCI_DEV_B, OCI_DEV_U, OCI_DEV_P };
enum oci_rule_type { OCI_RULE_A = 1, OCI_RULE_C, OCI_RULE_B };  /* absent: a */
enum oci_propagation {
	OCI_PROP_PRIVATE = 1, OCI_PROP_RPRIVATE, OCI_PROP_SLAVE, OCI_PROP_RSLAVE,
	OCI_PROP_SHARED, OCI_PROP_RSHARED, OCI_PROP_UNBINDABLE, OCI_PROP_RUNBINDABLE
};
enum oci_per_domain { OCI_PER_LINUX = 1, OCI_PER_LINUX32 };

enum oci_hook_kind {
	OCI_HOOK_PRESTART, OCI_HOOK_CREATE_RUNTIME, OCI_HOOK_CREATE_CONTAINER,
	OCI_HOOK_START_CONTAINER, OCI_HOOK_POSTSTART, OCI_HOOK_POSTSTOP, OCI_HOOK_MAX
};

struct oci_hook {
	const char *path;
	struct oci_strv args, env;
	struct oci_i64 timeout;  /* seconds, > 0 */
};

struct oci_rlimit {
	int type;                /* index + 1 in oci_rlimit_names */
	struct oci_u64 soft, hard;
};

struct oci_mount {
	const char *destination, *type, *source;
	struct oci_strv options;
};

struct oci_ns { int type; const char *path; };
struct oci_idmap { struct oci_u64 container_id, host_id, size; };

struct oci_device {          /* linux.devices: nodes to create */
	int type;                /* enum oci_dev_type */
	const char *path;
	struct oci_i64 major, minor;
	struct oci_u64 file_mode, uid, gid;
};

struct oci_dev_rule {        /* linux.resources.devices */
	struct oci_flag allow;
	int type;                /* enum oci_rule_type, 0: a */
	struct oci_i64 major, minor;  /* absent: any */
	const char *access;      /* NULL: rwm */
};

struct oci_weight_dev { struct oci_i64 major, minor; struct oci_u64 weight, leaf_weight; };
struct oci_throttle { struct oci_i64 major, minor; struct oci_u64 rate; };
struct oci_hugepage { const char *page_size; struct oci_u64 limit; };
struct oci_netprio { const char *name; struct oci_u64 priority; };

struct oci_resources {
	struct oci_dev_rule *devices;
	size_t n_devices;
	struct {
		struct oci_i64 limit, reservation, swap, kernel, kernel_tcp;
		struct oci_u64 swappiness;
		struct oci_flag disable_oom_killer, use_hierarchy, check_before_update;
	} memory;
	struct {
		struct oci_u64 shares, burst, period, realtime_period;
		struct oci_i64 quota, realtime_runtime, idle;
		const char *cpus, *mems;
	} cpu;
	struct { struct oci_i64 limit; } pids;
	struct {
		struct oci_u64 weight, leaf_weight;
		struct oci_weight_dev *weight_device;
		size_t n_weight_device;
		struct {              /* read bps, write bps, read iops, write iops */
			struct oci_throttle *v;
			size_t n;
		} throttle[4];
	} block_io;
	struct oci_hugepage *hugepage_limits;
	size_t n_hugepage_limits;
	struct {
		struct oci_u64 class_id;
		struct oci_netprio *priorities;
		size_t n_priorities;
	} network;
	struct oci_map unified;
};

struct oci_seccomp_arg {
	struct oci_u64 index, value, value_two;
	int op;                  /* index + 1 in oci_seccomp_ops */
};

struct oci_syscall {
	struct oci_strv names;
	int action;              /* index + 1 in oci_seccomp_actions */
	struct oci_u64 errno_ret;
	struct oci_seccomp_arg *args;
	size_t n_args;
};

struct oci_seccomp {
	int default_action;      /* index + 1 in oci_seccomp_actions */
	struct oci_u64 default_errno_ret;
	struct oci_strv architectures;  /* SCMP_ARCH_* names, checked */
	struct oci_strv flags;          /* SECCOMP_FILTER_FLAG_* names, checked */
	const char *listener_path, *listener_metadata;
	struct oci_syscall *syscalls;
	size_t n_syscalls;
};

struct oci_time_offset { struct oci_i64 secs; struct oci_u64 nanosecs; };

struct oci_process {
	struct oci_flag terminal;
	struct { struct oci_u64 height, width; } console_size;
	struct {
		struct oci_u64 uid, gid, umask;
		struct oci_u32v additional_gids;
	} user;
	struct oci_strv args, env;
	const char *cwd;
	struct { struct oci_caps bounding, effective, inheritable, permitted, ambient; } caps;
	struct oci_rlimit *rlimits;
	size_t n_rlimits;
	struct oci_flag no_new_privileges;
	const char *apparmor_profile, *selinux_label;
	struct oci_i64 oom_score_adj;
};

struct oci_linux {
	struct oci_ns *namespaces;
	size_t n_namespaces;
	struct oci_idmap *uid_mappings;
	size_t n_uid_mappings;
	struct oci_idmap *gid_mappings;
	size_t n_gid_mappings;
	struct { struct oci_time_offset monotonic, boottime; } time_offsets;
	struct oci_device *devices;
	size_t n_devices;
	const char *cgroups_path;
	struct oci_resources resources;
	struct oci_map sysctl;
	struct oci_seccomp *seccomp;     /* NULL when absent */
	int rootfs_propagation;          /* enum oci_propagation, 0: absent */
	struct oci_strv masked_paths, readonly_paths;
	const char *mount_label;
	struct oci_personality { int domain; struct oci_strv flags; } *personality;  /* NULL: absent */
};

struct oci_spec {
	const char *oci_version;
	struct oci_process *process;     /* NULL when absent */
	struct oci_root { const char *path; struct oci_flag readonly; } *root;  /* NULL: absent */
	const char *hostname, *domainname;
	struct oci_mount *mounts;
	size_t n_mounts;
	struct oci_hooks { struct oci_hook *v; size_t n; } hooks[OCI_HOOK_MAX];
	struct oci_map annotations;
	struct oci_linux *linux_;        /* NULL when absent */
	struct json_doc doc;             /* the parsed document, holding everything */
};

/* Word tables (NULL-terminated), in the order of the enumerations. */
extern const char *const oci_ns_names[];        /* "cgroup" ... "uts" */
extern const char *const oci_hook_names[];      /* "prestart" ... "poststop" */
extern const char *const oci_rlimit_names[];    /* "RLIMIT_AS" ... */
extern const char *const oci_seccomp_actions[]; /* "SCMP_ACT_KILL" ... */
extern const char *const oci_seccomp_ops[];     /* "SCMP_CMP_NE" ... */
extern const char *const oci_seccomp_archs[];   /* "SCMP_ARCH_X86" ... */
extern const char *const oci_seccomp_flags[];   /* "SECCOMP_FILTER_FLAG_TSYNC" ... */

/* Parse len bytes of config.json (name for messages). NULL with e. */
struct oci_spec *oci_spec_parse(const char *buf, size_t len, const char *name, struct bb_err *e);
/* The same from a file (at most OCI_SPEC_MAX bytes). */
struct oci_spec *oci_spec_load(const char *path, struct bb_err *e);
void oci_spec_free(struct oci_spec *s);

/* ---- the translation (oci_conf.c) ---- */

/* What struct lxc_conf cannot say, so that whoever runs the spec must
 * apply it itself (and say so in `handled`) or have it refused. */
enum {
	OCI_X_TERMINAL = 1 << 0,   /* process.terminal: a pty for --console-socket */
	OCI_X_CONSOLE_SIZE = 1 << 1, /* process.consoleSize */
	OCI_X_UMASK = 1 << 2,      /* process.user.umask */
	OCI_X_CAPS = 1 << 3,       /* effective, permitted, inheritable, ambient other
				    * than what a bounding set alone gives */
	OCI_X_MASKED = 1 << 4,     /* linux.maskedPaths */
	OCI_X_READONLY = 1 << 5,   /* linux.readonlyPaths */
	OCI_X_DEVICES = 1 << 6,    /* linux.devices: nodes to make */
	OCI_X_SECCOMP = 1 << 7,    /* linux.seccomp */
	OCI_X_HOOKS = 1 << 8,      /* hooks: state on stdin, timeouts */
	OCI_X_PROPAGATION = 1 << 9, /* linux.rootfsPropagation other than private */
	OCI_X_CGROUP_MOUNT = 1 << 10, /* a cgroup mount over a /sys that is not sysfs */
	OCI_X_ENV = 1 << 11,       /* process.env exactly (ct_plan adds container=lxc, PATH ...) */
	OCI_X_ALL = (1 << 12) - 1,
};

/* The OCI_X_* bits s needs. */
unsigned oci_conf_needs(const struct oci_spec *s);

/* Fill c (from conf_new) from s; relative paths (root.path, bind
 * sources) are taken from bundle. What lxc_conf cannot say is refused by
 * its JSON path unless its OCI_X_* bit is in handled. *note (note may be
 * NULL) gets a message for the user about what is ignored on purpose
 * (process.apparmorProfile), a static string, or NULL. Returns 0, or -1
 * with e. */
struct lxc_conf;
int oci_conf(struct lxc_conf *c, const struct oci_spec *s, const char *bundle,
	     unsigned handled, const char **note, struct bb_err *e);

/* ---- documents (oci_default.c) ---- */

/* The default config.json, as `runc spec [--rootless]` writes it (with
 * the given host name, tab-indented). Returns 0, or -1 on a write error. */
int oci_spec_default(FILE *f, int rootless, const char *hostname);
/* The features document (runtime-spec features.md) of what ctbox can
 * run, given the OCI_X_* bits the runtime handles. */
int oci_features(FILE *f, unsigned handled);

#endif
