/* Control groups: one interface over every layout a board may have.
 *
 *   pure v1   one hierarchy per controller (or co-mounted: cpu,cpuacct),
 *             named ones (name=systemd), some controllers possibly absent
 *   hybrid    v1 controllers plus an unified (v2) hierarchy, often empty
 *   pure v2   one unified hierarchy
 *
 * The layout is read at run time from /proc/self/mountinfo; callers never
 * look at it. A group (struct cg_group) is one relative path per
 * hierarchy. Controller files are named as on either version
 * (memory.limit_in_bytes or memory.max): cg_set/cg_get find the
 * hierarchy holding the controller and translate a key of the other
 * version where the kernel defines an unambiguous equivalent
 * (cgroup_keys.c); otherwise they fail naming the key.
 */
#ifndef CTBOX_CGROUP_H
#define CTBOX_CGROUP_H

#include <stdint.h>
#include <sys/types.h>

#include "libbb.h"

#define CG_HIER_MAX 16
#define CG_PATH_MAX 512

enum cg_layout { CG_LAYOUT_NONE, CG_LAYOUT_V1, CG_LAYOUT_HYBRID, CG_LAYOUT_V2 };

struct cg_hier {
	int id;                    /* hierarchy id of /proc/PID/cgroup (0: unified) */
	int v2;
	char ctrls[128];           /* v1: "cpu,cpuacct", "name=systemd"; v2: the
				    * controllers of its root ("cpu memory pids") */
	char mnt[CG_PATH_MAX];     /* mount point */
	char root[CG_PATH_MAX];    /* the mount's root within the hierarchy */
};

struct cg_host {
	enum cg_layout layout;
	int n;
	struct cg_hier h[CG_HIER_MAX];
};

/* A group: its path in every hierarchy of the host ("" where unused). */
struct cg_group {
	char path[CG_HIER_MAX][CG_PATH_MAX];
};

/* Parse mountinfo text into h (pure: unit tests feed fake trees). For
 * v2, the controllers are read from MNT/cgroup.controllers. */
int cg_host_parse(struct cg_host *h, const char *mountinfo, struct bb_err *e);
/* The host's layout, read once per process (cached). NULL with e when
 * /proc/self/mountinfo cannot be read. */
const struct cg_host *cg_host(struct bb_err *e);
const char *cg_layout_name(enum cg_layout l);

/* The hierarchy holding a controller ("memory", "name=systemd"; for v2
 * also the core files: "cgroup"), or -1. */
int cg_hier_of(const struct cg_host *h, const char *ctrl);

/* Fill g from /proc/PID/cgroup text ("ID:CTRLS:PATH" lines), paths made
 * relative to each hierarchy's mount. */
int cg_group_parse(const struct cg_host *h, const char *text, struct cg_group *g,
		   struct bb_err *e);
/* The group of a process (0: this one). */
int cg_group_of(const struct cg_host *h, pid_t pid, struct cg_group *g, struct bb_err *e);
/* g with "/SUB" appended in every hierarchy it has a path in. */
int cg_group_child(const struct cg_group *g, const char *sub, struct cg_group *out,
		   struct bb_err *e);
/* Save / load a group as "ID:CTRLS:PATH" lines (like /proc/PID/cgroup). */
int cg_group_save(const struct cg_host *h, const struct cg_group *g, const char *file,
		  struct bb_err *e);
int cg_group_load(const struct cg_host *h, const char *file, struct cg_group *g,
		  struct bb_err *e);
/* MNT/PATH[/FILE] of g in hierarchy i (malloc'd, NULL on ENOMEM). */
char *cg_path(const struct cg_host *h, const struct cg_group *g, int i, const char *file);

/* Create g in every hierarchy (parents included). On v2, the controllers
 * of each parent are enabled in its cgroup.subtree_control along the
 * way. What it made is removed again on failure. */
int cg_create(const struct cg_host *h, const struct cg_group *g, struct bb_err *e);
/* cg_create, but g's own directory must be new in every hierarchy: -1
 * with e->errnum EEXIST when one is there already (another start made it
 * meanwhile), and what this call made is removed again. */
int cg_claim(const struct cg_host *h, const struct cg_group *g, struct bb_err *e);
/* Move a process into g in every hierarchy. pid 0: this process, which
 * must be single-threaded (on v1 its thread moves itself: see
 * cgroup_join.c). */
int cg_attach(const struct cg_host *h, const struct cg_group *g, pid_t pid, struct bb_err *e);

/* A new process into g without the kernel's global migration lock,
 * whose first taker after a quiet spell waits for an RCU grace period
 * while no group can be made or removed (cgroup_join.c):
 *   cg_join_open    before the fork: g's v2 directory (for clone3's
 *                   CLONE_INTO_CGROUP) and its v1 tasks files
 *   cg_join_self    in the new, single-threaded process, first: it moves
 *                   itself on v1; the descriptors are closed
 *   cg_join_rest    in the parent: by PID where the child could not
 *                   join (born_in: clone3 put it into the v2 group)
 *   cg_join_close   in the parent, after the fork. */
struct cg_join {
	int dir;                /* the (first) v2 hierarchy's group, or -1 */
	int dir_at;             /* that hierarchy's index, or -1 */
	int tasks[CG_HIER_MAX]; /* v1 hierarchy i's tasks file, or -1 */
};
void cg_join_init(struct cg_join *j);
int cg_join_open(const struct cg_host *h, const struct cg_group *g, struct cg_join *j,
		 struct bb_err *e);
/* fork() into new namespaces (flags: CLONE_NEW*, 0 for none), born in
 * j's v2 group where the kernel can (clone3 with CLONE_INTO_CGROUP,
 * Linux 5.7): *born_in says so; else a plain clone, and the caller moves
 * the child (cg_join_rest). A raw clone: the child must not rely on
 * libc's notion of its thread id (raise, thread locks) before it execs. */
pid_t cg_clone_into(unsigned long flags, const struct cg_join *j, int *born_in);
int cg_join_self(struct cg_join *j, struct bb_err *e);
int cg_join_rest(const struct cg_host *h, const struct cg_group *g, const struct cg_join *j,
		 int born_in, pid_t pid, struct bb_err *e);
/* Is hierarchy i still the parent's to move the child into (by PID)? */
int cg_join_left(const struct cg_join *j, int born_in, int i);
void cg_join_close(struct cg_join *j);
/* Moving a process between groups takes a kernel lock whose first taker
 * after a quiet spell waits for an RCU grace period (milliseconds). Start
 * that wait now, in a child that moves itself into its own group (a
 * no-op), so that it overlaps the caller's other work. Returns the
 * child's PID for cg_prewarm_done, or -1 (v2 only or no cgroups: moot). */
pid_t cg_prewarm(const struct cg_host *h);
void cg_prewarm_done(pid_t pid);
/* Remove g and its sub-groups, deepest first, in every hierarchy. Live
 * processes in it are killed first when kill_first is set. Missing
 * groups are fine. */
int cg_remove(const struct cg_host *h, const struct cg_group *g, int kill_first, struct bb_err *e);
/* Does g exist in any hierarchy? */
int cg_exists(const struct cg_host *h, const struct cg_group *g);
/* Does g (and its sub-groups) hold any process? */
int cg_populated(const struct cg_host *h, const struct cg_group *g);

/* Read or write a controller file by either version's name (see above).
 * cg_get returns a malloc'd value (trailing newline removed). */
int cg_set(const struct cg_host *h, const struct cg_group *g, const char *key,
	   const char *value, struct bb_err *e);
char *cg_get(const struct cg_host *h, const struct cg_group *g, const char *key,
	     struct bb_err *e);

/* A set of limits (lxc.cgroup.* and lxc.cgroup2.* in config order),
 * translated to this host and written; memsw and swap settings that
 * depend on the memory limit are resolved together. */
struct cg_setting {
	int version;               /* 1: lxc.cgroup.*, 2: lxc.cgroup2.* */
	const char *key, *value;
};
int cg_apply(const struct cg_host *h, const struct cg_group *g, const struct cg_setting *s,
	     size_t n, struct bb_err *e);
/* The device policy: the default (cg_dev_default) then the
 * devices.allow / devices.deny settings among s, in order. */
int cg_apply_devices(const struct cg_host *h, const struct cg_group *g,
		     const struct cg_setting *s, size_t n, struct bb_err *e);

/* One small cgroup file: write a value; read it (malloc'd, without the
 * trailing newline). -1 / NULL with errno. */
int cg_write_str(const char *path, const char *value);
char *cg_read_str(const char *path);

/* ---- freezing (cgroup_freeze.c) ---- */

enum cg_freeze_state { CG_THAWED, CG_FREEZING, CG_FROZEN };
/* v2: cgroup.freeze, waiting for "frozen 1" in cgroup.events (poll);
 * v1: freezer.state until FROZEN. timeout_ms < 0: forever; 0: ask and
 * look once: 0 when done, 1 when still on its way (left so). A freeze
 * that times out is undone. */
int cg_freeze(const struct cg_host *h, const struct cg_group *g, int freeze, int timeout_ms,
	      struct bb_err *e);
/* The freezer's state, or -1 with e (no freezer). */
int cg_freeze_state(const struct cg_host *h, const struct cg_group *g, struct bb_err *e);
/* SIGKILL every process of g and its sub-groups: cgroup.kill on v2,
 * freeze, kill, thaw on v1. With wait, returns 0 once g is empty (and
 * kills again what forked meanwhile); without, after one round. A
 * parent must not wait for its own children this way: they stay until
 * it reaps them. */
int cg_kill(const struct cg_host *h, const struct cg_group *g, int wait, struct bb_err *e);

/* ---- translation between v1 and v2 keys (cgroup_keys.c) ---- */

/* One file to write: its name on the target version and the value. */
struct cg_write {
	char key[64];
	char value[128];
	int version;               /* of the hierarchy it goes to */
	size_t from;               /* index of the setting it comes from */
};
/* Translate n settings for a host where `version_of(ctrl)` tells which
 * version holds each controller (1, 2, or 0: absent). Writes up to max
 * entries to out, in an order the kernel accepts (memory before memsw).
 * Returns their number, or -1 with e naming the key. */
int cg_translate(const struct cg_setting *s, size_t n, int (*version_of)(const char *ctrl, void *arg),
		 void *arg, struct cg_write *out, size_t max, struct bb_err *e);
/* Which version names key among those cg_translate knows: 1, 2, 3 (both
 * have it), 0 (neither). */
int cg_key_version(const char *key);
/* Sizes as the kernel's memparse and LXC accept them: 512M, 1G, 4096,
 * -1 (no limit). Returns 0, or -1 for junk. */
int cg_parse_size(const char *s, int64_t *out);

/* ---- devices (cgroup_devices.c, cgroup_bpf.c) ---- */

enum { CG_DEV_READ = 1, CG_DEV_WRITE = 2, CG_DEV_MKNOD = 4 };
struct cg_dev_rule {
	char type;                 /* 'a' (all), 'b', 'c' */
	int major, minor;          /* -1: any (*) */
	unsigned access;           /* CG_DEV_* */
	int allow;
};
/* "c 1:3 rwm", "b *:* m", "a": devices.allow / devices.deny syntax. */
int cg_dev_parse(const char *s, int allow, struct cg_dev_rule *r, struct bb_err *e);
/* The rule as devices.allow/deny takes it ("c 1:3 rwm"). */
void cg_dev_format(const struct cg_dev_rule *r, char *buf, size_t len);
/* ctbox's default policy: deny all, allow what LXC's common config
 * allows (null zero full random urandom tty console ptmx pts fuse tun,
 * mknod of character devices). */
extern const struct cg_dev_rule cg_dev_default[];
extern const size_t cg_dev_default_n;
/* Does the rule list allow this access? The last rule that applies
 * decides: an allow rule when it grants every bit asked, a deny rule
 * when it names any of them. 'a' rules reset the policy. */
int cg_dev_allowed(const struct cg_dev_rule *rules, size_t n, char type, int major, int minor,
		   unsigned access);
/* Enforce rules on g: v1 devices.deny/devices.allow, or on v2 a
 * BPF_PROG_TYPE_CGROUP_DEVICE program attached to g. */
int cg_devices_apply(const struct cg_host *h, const struct cg_group *g,
		     const struct cg_dev_rule *rules, size_t n, struct bb_err *e);

/* eBPF instructions for the rules (cgroup_bpf.c): a program returning 1
 * (allow) or 0 (deny) with the same answers as cg_dev_allowed. Returns
 * the number of instructions written to out (at most max), or -1. */
struct cg_bpf_insn {
	uint8_t code;
	uint8_t regs;              /* dst:4 (low), src:4 (high): little-endian hosts */
	int16_t off;
	int32_t imm;
};
int cg_bpf_devices_prog(const struct cg_dev_rule *rules, size_t n, struct cg_bpf_insn *out,
			size_t max);
/* Load the program and attach it to the v2 group directory fd. */
int cg_bpf_devices_attach(int cgroup_fd, const struct cg_dev_rule *rules, size_t n,
			  struct bb_err *e);
/* Only load it: the program's fd, or -1 with e. Programs are loaded
 * under CG_BPF_DEVICES_NAME (device finds the one start attached). */
#define CG_BPF_DEVICES_NAME "ctbox_devices"
int cg_bpf_devices_load(const struct cg_dev_rule *rules, size_t n, struct bb_err *e);

#endif
