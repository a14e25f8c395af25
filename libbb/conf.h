/* LXC container configuration (lxc.container.conf(5)): parse, validate,
 * print back.
 *
 *   struct lxc_conf *c = conf_new();          defaults applied as LXC does
 *   conf_load_file(c, "LXCPATH/NAME/config", &e)   or conf_load_string()
 *   conf_set(c, "lxc.tty.max", "4", &e)       one key (start -s KEY=VAL)
 *   conf_get(c, "lxc.uts.name", &value, &e)   a value as text (malloc'd)
 *   conf_dump(c, stdout)                      a loadable config, modern keys
 *   conf_free(c)
 *
 * Errors name the place and the key: "FILE:LINE: unknown key 'lxc.foo'",
 * "FILE:LINE: invalid value 'abc' for 'lxc.tty.max': expected a number
 * from 0 to 1024", "FILE:LINE: 'lxc.ephemeral' is not supported by ctbox".
 * Nothing here prints or exits; there is no global state.
 *
 * Fields always hold the effective value: a key never set holds LXC's
 * default (lxc.init.cmd /sbin/init, lxc.autodev 1, lxc.signal.halt SIGPWR,
 * lxc.signal.stop SIGKILL ...). Strings are NULL when unset. Lists keep the
 * configuration's order.
 */
#ifndef CTBOX_CONF_H
#define CTBOX_CONF_H

#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "libbb.h"

#define CONF_INCLUDE_DEPTH 16     /* lxc.include nesting */
#define CONF_LINE_MAX 65536       /* bytes in one line */
#define CONF_FILE_MAX (16 << 20)  /* bytes in one file */
#define CONF_NET_MAX 1024         /* interfaces, and lxc.net.N's N below it */

/* A list of strings, in configuration order. */
struct conf_strv {
	char **v;
	size_t n;
};

/* An ordered list of KEY = VALUE settings (lxc.cgroup2.memory.max = 1G
 * is { "memory.max", "1G" }). */
struct conf_kv {
	char *key;
	char *value;
};
struct conf_kvlist {
	struct conf_kv *v;
	size_t n;
};

/* ---- network (lxc.net.N.*) ---- */

enum conf_net_type {
	CONF_NET_UNSET, /* only while a file is read: conf_load_* refuse it */
	CONF_NET_EMPTY,
	CONF_NET_VETH,
	CONF_NET_MACVLAN,
	CONF_NET_IPVLAN,
	CONF_NET_VLAN,
	CONF_NET_PHYS,
	CONF_NET_NONE,
	CONF_NET_TYPE_MAX
};

enum conf_gw { CONF_GW_NONE, CONF_GW_ADDR, CONF_GW_AUTO, CONF_GW_DEV };
enum conf_veth_mode { CONF_VETH_BRIDGE, CONF_VETH_ROUTER };
enum conf_macvlan_mode { CONF_MACVLAN_PRIVATE, CONF_MACVLAN_VEPA, CONF_MACVLAN_BRIDGE,
			 CONF_MACVLAN_PASSTHRU };
enum conf_ipvlan_mode { CONF_IPVLAN_L3, CONF_IPVLAN_L3S, CONF_IPVLAN_L2 };
enum conf_ipvlan_isolation { CONF_IPVLAN_BRIDGE, CONF_IPVLAN_PRIVATE, CONF_IPVLAN_VEPA };

#define CONF_VLAN_UNSET 0
#define CONF_VLAN_NONE (-1)  /* lxc.net.N.veth.vlan.id = none */

struct conf_inet4 {
	struct in_addr addr;
	struct in_addr bcast;   /* valid when has_bcast */
	unsigned char prefix;   /* given, or LXC's class default (8, 16, 24) */
	unsigned char has_bcast;
};

struct conf_inet6 {
	struct in6_addr addr;
	unsigned char prefix;   /* given, or 64 */
};

struct conf_net {
	unsigned index;          /* N of lxc.net.N; the array is sorted by it */
	int type;                /* enum conf_net_type */
	int up;                  /* flags = up */
	char *link;              /* host side: bridge (veth), parent device, phys device */
	char *name;              /* the name inside the container */
	int mtu;                 /* 0: unset */
	int has_hwaddr;
	/* The MAC address; hwaddr_fixed has 0xf for each nibble given and 0
	 * for LXC's 'x' placeholders, to be filled at random by start. */
	unsigned char hwaddr[6], hwaddr_fixed[6];
	int l2proxy;
	struct conf_inet4 *ipv4;
	size_t n_ipv4;
	int ipv4_auto;           /* ipv4.address = auto (ctbox): a lease from the bridge's subnet */
	int ipv4_gw_kind;        /* enum conf_gw */
	struct in_addr ipv4_gw;
	struct conf_inet6 *ipv6;
	size_t n_ipv6;
	int ipv6_gw_kind;        /* enum conf_gw */
	struct in6_addr ipv6_gw;
	char *script_up, *script_down;
	/* veth */
	char *veth_pair;
	int veth_mode;           /* enum conf_veth_mode */
	struct conf_inet4 *veth_ipv4_routes;
	size_t n_veth_ipv4_routes;
	struct conf_inet6 *veth_ipv6_routes;
	size_t n_veth_ipv6_routes;
	int veth_vlan_id;        /* CONF_VLAN_UNSET, CONF_VLAN_NONE or 1..4094 */
	unsigned short *veth_vlan_tagged;
	size_t n_veth_vlan_tagged;
	/* macvlan, ipvlan, vlan */
	int macvlan_mode;        /* enum conf_macvlan_mode */
	int ipvlan_mode;         /* enum conf_ipvlan_mode */
	int ipvlan_isolation;    /* enum conf_ipvlan_isolation */
	int vlan_id;             /* -1: unset, else 0..4094 */
};

/* ---- other structured values ---- */

struct conf_mount {          /* one lxc.mount.entry, fstab fields */
	char *line;              /* as written (trimmed), for dumping */
	char *src, *dst, *type, *opts;  /* opts is "defaults" when omitted */
	int freq, passno;
};

/* lxc.mount.auto */
enum conf_auto_proc { CONF_AUTO_PROC_NONE, CONF_AUTO_PROC_MIXED, CONF_AUTO_PROC_RW };
enum conf_auto_sys { CONF_AUTO_SYS_NONE, CONF_AUTO_SYS_RO, CONF_AUTO_SYS_MIXED, CONF_AUTO_SYS_RW };
enum conf_auto_cgroup {
	CONF_AUTO_CG_NONE,
	CONF_AUTO_CG_MIXED, CONF_AUTO_CG_RO, CONF_AUTO_CG_RW,
	CONF_AUTO_CG_NOSPEC,     /* "cgroup": rw with CAP_SYS_ADMIN kept, else mixed */
	CONF_AUTO_CG_FULL_MIXED, CONF_AUTO_CG_FULL_RO, CONF_AUTO_CG_FULL_RW,
	CONF_AUTO_CG_FULL_NOSPEC,
};
struct conf_mount_auto {
	unsigned char proc, sys, cgroup; /* the enums above */
	unsigned char cgroup_force;      /* ":force" */
};

struct conf_idmap {          /* lxc.idmap = u|g NSID HOSTID RANGE */
	char kind;               /* 'u' or 'g' */
	unsigned long nsid, hostid, range;
};

struct conf_prlimit {        /* lxc.prlimit.NAME = SOFT[:HARD] */
	int resource;            /* RLIMIT_* */
	unsigned long long soft, hard; /* CONF_RLIM_INFINITY for unlimited */
};
#define CONF_RLIM_INFINITY (~0ULL)

enum conf_hook {
	CONF_HOOK_PRE_START, CONF_HOOK_PRE_MOUNT, CONF_HOOK_MOUNT, CONF_HOOK_AUTODEV,
	CONF_HOOK_START_HOST, CONF_HOOK_START, CONF_HOOK_STOP, CONF_HOOK_POST_STOP,
	CONF_HOOK_CLONE, CONF_HOOK_DESTROY, CONF_HOOK_MAX
};

/* Namespaces, in the order of /proc/PID/ns names used by lxc.namespace.* */
enum conf_ns {
	CONF_NS_CGROUP, CONF_NS_IPC, CONF_NS_MNT, CONF_NS_NET, CONF_NS_PID,
	CONF_NS_TIME, CONF_NS_USER, CONF_NS_UTS, CONF_NS_MAX
};

/* The signal LXC (a glibc program) and systemd mean by SIGRTMIN: 34. musl's
 * SIGRTMIN is 35, so "SIGRTMIN+3" (systemd's halt) is computed from this. */
#define CONF_SIGRTMIN 34
#define CONF_SIGRTMAX 64

struct lxc_conf {
	/* identity and the payload */
	char *arch;              /* as written; personality: -1 the host's, else PER_LINUX(32) */
	int personality;
	char *uts_name;
	char *init_cmd;          /* default "/sbin/init" */
	char *execute_cmd;
	char *init_cwd;
	unsigned init_uid, init_gid;
	gid_t *init_groups;
	size_t n_init_groups;
	struct conf_strv environment;   /* "NAME=VALUE", or "NAME" (pass the host's) */
	struct conf_kvlist proc;        /* lxc.proc.FILE = VALUE, written to /proc/PID/FILE */
	int signal_halt;         /* SIGPWR */
	int signal_reboot;       /* SIGINT */
	int signal_stop;         /* SIGKILL */
	int monitor_signal_pdeath; /* SIGKILL */

	/* network: sorted by index; none means the host's network is
	 * shared (as in LXC, where no lxc.net means type none) */
	struct conf_net *net;
	size_t n_net;

	/* terminals */
	int pty_max;             /* 0: no private devpts instance limit given */
	int tty_max;             /* 0 */
	char *tty_dir;           /* a directory name under /dev, or NULL */
	char *console_path;      /* NULL: a pty; "none": no console */
	char *console_logfile;
	int console_rotate;
	unsigned long long console_buffer_size, console_size; /* bytes, 0: none */

	/* /dev, mounts, root file system */
	int autodev;             /* 1 */
	unsigned autodev_tmpfs_size; /* 500000 */
	char *mount_fstab;
	struct conf_mount *mounts;
	size_t n_mounts;
	struct conf_mount_auto mount_auto;
	char *rootfs_path;       /* NULL: the host's root */
	char *rootfs_mount;
	char *rootfs_options;
	int rootfs_managed;      /* 1 */

	/* cgroups: v1 (lxc.cgroup.*) and v2 (lxc.cgroup2.*) apart */
	struct conf_kvlist cgroup, cgroup2;
	char *cgroup_dir, *cgroup_dir_container, *cgroup_dir_monitor;
	char *cgroup_dir_monitor_pivot, *cgroup_dir_container_inner;
	int cgroup_relative;

	/* security */
	uint64_t cap_drop;       /* bit N: capability N */
	uint64_t cap_keep;
	int cap_keep_set;        /* lxc.cap.keep given (even "none"): drop all but cap_keep */
	char *apparmor_profile;
	int apparmor_allow_incomplete, apparmor_allow_nesting;
	struct conf_strv apparmor_raw;
	char *selinux_context, *selinux_context_keyring;
	char *seccomp_profile;
	int seccomp_allow_nesting;
	int no_new_privs;
	struct conf_idmap *idmap;
	size_t n_idmap;

	/* namespaces, CLONE_* masks; ns_clone_set: lxc.namespace.clone given */
	int ns_clone, ns_clone_set, ns_keep;
	char *ns_share[CONF_NS_MAX]; /* a PID, a container name or a path */

	/* kernel */
	struct conf_kvlist sysctl;
	struct conf_prlimit *prlimits;
	size_t n_prlimits;
	long long time_offset_boot_s, time_offset_boot_ns;
	long long time_offset_monotonic_s, time_offset_monotonic_ns;

	/* hooks */
	int hook_version;
	struct conf_strv hooks[CONF_HOOK_MAX];

	/* logging */
	int log_level;           /* -1: unset, else lxc_loglevel_parse's index */
	char *log_file;
	char *log_syslog;        /* a facility name */

	/* autostart */
	int start_auto, start_delay, start_order;
	struct conf_strv groups;

	/* parser state: the interface the last lxc.network.type started */
	int legacy_net;
};

/* lxc.cap.drop when a configuration says nothing: mac_admin mac_override
 * sys_time sys_module sys_rawio, as LXC's common.conf. */
#define CONF_CAP_DROP_DEFAULT ((1ULL << 33) | (1ULL << 32) | (1ULL << 25) | \
			       (1ULL << 16) | (1ULL << 17))

struct lxc_conf *conf_new(void);
void conf_free(struct lxc_conf *c);

/* Read a configuration file into c (keys add to what c holds). An
 * lxc.include of a relative path is taken from the including file's
 * directory. Returns 0, or -1 with e. */
int conf_load_file(struct lxc_conf *c, const char *path, struct bb_err *e);
/* The same from text; name is used in messages ("FILE:LINE: ..."). */
int conf_load_string(struct lxc_conf *c, const char *text, const char *name,
		     struct bb_err *e);
/* The same from bytes that may hold NUL bytes (refused). */
int conf_load_buf(struct lxc_conf *c, const char *buf, size_t len,
		  const char *name, struct bb_err *e);
/* Set one key (messages without FILE:LINE). An empty value clears. */
int conf_set(struct lxc_conf *c, const char *key, const char *value, struct bb_err *e);
/* The value of key as text, one line per list item (malloc'd in *value,
 * "" when unset). Legacy names are accepted. conf_get and conf_dump fail
 * (ENOTSUP) in a build without the applets that read settings back: an
 * applet that calls them is named in CONF_READ_BACK (conf_int.h). */
int conf_get(const struct lxc_conf *c, const char *key, char **value, struct bb_err *e);
/* Check what a whole load must leave consistent (every interface has a
 * type that fits its keys). conf_load_* call it. */
int conf_check(const struct lxc_conf *c, const char *name, struct bb_err *e);
/* Write c as a config file that loads back to the same (modern keys, values
 * that differ from the defaults). Returns 0, or -1 with errno. */
int conf_dump(const struct lxc_conf *c, FILE *f);

/* Every key ctbox implements, in table order, one per call: returns the
 * name of the i-th, or NULL past the end. Patterns such as
 * "lxc.cgroup2.[controller].[file]" stand for families. */
const char *conf_key_name(size_t i);

/* Small parsers start and others share. */
int conf_signal_parse(const char *s);        /* -1 if invalid */
int conf_cap_parse(const char *s);           /* "sys_admin" -> 21; -1 */
const char *conf_cap_name(int cap);          /* NULL if unknown */
const char *conf_net_type_name(int type);
/* The modern name of an older LXC key (lxc.utsname: lxc.uts.name;
 * lxc.limit.NAME: lxc.prlimit.NAME, made in buf), or NULL when key has no
 * such name. lxc.network.* is not among them (lxc.net.N needs an index). */
const char *conf_legacy_name(const char *key, char *buf, size_t len);
/* NULL when v is a storage type of lxc.rootfs.backend, else the expected form. */
const char *conf_check_backend(const char *v);

/* ---- lxc.conf(5): the system configuration (lxc-config) ---- */

/* Where the system configuration lives: $CTBOX_LXC_CONF, else
 * /etc/lxc/lxc.conf. */
const char *conf_system_path(void);
/* The value of a system key (lxc.lxcpath, lxc.default_config,
 * lxc.cgroup.pattern, ...): $CTBOX_LXCPATH for lxc.lxcpath, then the
 * system file, then the default. Returns a malloc'd string, or NULL with e
 * (an unknown key, or a system file that cannot be read). */
char *conf_system_get(const char *key, struct bb_err *e);
/* The system keys, one per call; NULL past the end. */
const char *conf_system_key(size_t i);

#endif
