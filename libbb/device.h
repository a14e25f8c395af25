/* device: hand a host device node or network interface to a running
 * container, and take it back (lxc-device).
 *
 *   node   made inside the container's mount namespace (mknod; a bind of
 *          the host's node where a node made there could not be opened:
 *          a user namespace, a nodev mount) and allowed in its device
 *          cgroup: v1 devices.allow, or on v2 the BPF program start
 *          attached replaced by one made from the whole rule list
 *   net    an interface of the host moved into the container's network
 *          namespace under its name there (left down, as LXC does)
 *
 * What was handed over is recorded in RUNDIR/devices (device_rec.c), so
 * that later adds and dels rebuild the v2 rule list (the configuration's
 * rules, then an allow per node handed over), del finds a device the host
 * has lost meanwhile (an unplugged adapter), and an interface goes back
 * under its own name.
 */
#ifndef CTBOX_DEVICE_H
#define CTBOX_DEVICE_H

#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cgroup.h"
#include "container.h"

#define DEV_PATH_MAX 4096

/* ---- the record (device_rec.c) ---- */

struct dev_entry {
	char kind;                 /* 'c' or 'b': a node; 'n': an interface */
	unsigned major, minor;     /* of a node */
	char *host;                /* the node's path / the interface's name on the host */
	char *inside;              /* its path / name inside */
};

struct dev_rec {
	struct dev_entry *v;
	size_t n;
	uint32_t bpf_id;           /* the v2 program device attached last (0: start's) */
};

/* A path given for a node: non-empty, shorter than DEV_PATH_MAX, no
 * blank or control character, no "." or ".." component, components of
 * at most NAME_MAX bytes. Returns 0, or -1 and a reason. */
int dev_check_path(const char *p, const char **why);

/* The record as text ("bpf ID", "node c MAJ:MIN HOST INSIDE", "net HOST
 * INSIDE" lines) and back. Parsing checks every field. */
int dev_rec_parse(struct dev_rec *r, const char *text, struct bb_err *e);
char *dev_rec_format(const struct dev_rec *r);
/* RUNDIR/devices of c (no file: an empty record); saving is atomic and
 * removes the file when the record is empty. */
int dev_rec_load(const struct container *c, struct dev_rec *r, struct bb_err *e);
int dev_rec_save(const struct container *c, const struct dev_rec *r, struct bb_err *e);
void dev_rec_free(struct dev_rec *r);

int dev_rec_add(struct dev_rec *r, char kind, unsigned major, unsigned minor, const char *host,
		const char *inside, struct bb_err *e);
void dev_rec_remove(struct dev_rec *r, size_t i);
/* The entry of an interface (nets) or a node (!nets) whose host or
 * inside name is name, inside ones first; -1 if none. */
long dev_rec_find(const struct dev_rec *r, int nets, const char *name);
/* How many node entries hand over that device. */
size_t dev_rec_count(const struct dev_rec *r, char type, unsigned major, unsigned minor);

/* The device rules of a container: ctbox's default policy, the
 * devices.allow/deny settings among s (lxc.cgroup.* then lxc.cgroup2.*,
 * in order), then "TYPE MAJ:MIN rwm" allowed for each node of r. A
 * malloc'd array in *out. */
int dev_rules(const struct cg_setting *s, size_t n, const struct dev_rec *r,
	      struct cg_dev_rule **out, size_t *nout, struct bb_err *e);

/* ---- the running container (device_node.c, device_net.c) ---- */

/* Its init's namespaces, opened once and checked against the init's
 * start time (no PID reuse in between). */
struct dev_target {
	pid_t pid;
	int mnt, net;              /* fds of /proc/PID/ns/{mnt,net} */
	int userns;                /* it has a user namespace of its own */
	uid_t root_uid;            /* with one: the host's ids of its root */
	gid_t root_gid;
	int net_shared;            /* it shares our network namespace */
};
int dev_target_open(const struct container *c, struct dev_target *t, struct bb_err *e);
void dev_target_close(struct dev_target *t);

/* Make the node at inside (absolute) with the type, numbers and mode of
 * st (the host node at host), owned by root, parents made (0755); a
 * symlink on the way is refused, and so is an existing file. Returns 0,
 * or -1 with e (EEXIST: it exists inside). */
int dev_node_make(const struct dev_target *t, const char *host, const struct stat *st,
		  const char *inside, struct bb_err *e);
enum { DEV_NODE_REMOVED, DEV_NODE_ABSENT, DEV_NODE_OTHER };
/* Remove the node at inside if it is that device (a bind over it
 * included): DEV_NODE_REMOVED; DEV_NODE_ABSENT when nothing is there,
 * DEV_NODE_OTHER when something else is (left alone); -1 with e. */
int dev_node_remove(const struct dev_target *t, const char *inside, char type, unsigned major,
		    unsigned minor, struct bb_err *e);

/* Does the container (inside) or this namespace (!inside) have an
 * interface of that name? 1 yes, 0 no, -1 with e. */
int dev_net_exists(const struct dev_target *t, int inside, const char *name, struct bb_err *e);
/* Move the interface host from here into the container as inside, and
 * back (from inside to here as host). */
int dev_net_add(const struct dev_target *t, const char *host, const char *inside,
		struct bb_err *e);
int dev_net_del(const struct dev_target *t, const char *inside, const char *host,
		struct bb_err *e);

/* ---- the device cgroup (device_cg.c) ---- */

/* Give the container access to the device (allow) or take the access
 * device gave back (the configuration's rules decide again). r is the
 * record as it will be after the change (its bpf_id is updated on v2). */
int dev_cg_update(const struct container *c, struct dev_rec *r, char type, unsigned major,
		  unsigned minor, int allow, struct bb_err *e);
/* v2: replace the device program on the group directory cgfd by one for
 * rules: the one with id *id if attached, else the oldest named
 * CG_BPF_DEVICES_NAME (start's); none attached at all: attached anew.
 * *id gets the new program's id. */
int dev_bpf_replace(int cgfd, const struct cg_dev_rule *rules, size_t n, uint32_t *id,
		    struct bb_err *e);

/* ---- the configuration (device_save.c) ---- */

/* Add (or remove) the lines that hand the node over at the next start:
 * lxc.cgroup.devices.allow (lxc.cgroup2.* with v2) and an optional
 * bind lxc.mount.entry. */
int dev_save_node(const char *config, int v2, char type, unsigned major, unsigned minor,
		  const char *host, const char *inside, int add, struct bb_err *e);
/* The same for an interface: an lxc.net.N of type phys. */
int dev_save_net(const char *config, const char *host, const char *inside, int add,
		 struct bb_err *e);
/* The config lines text with those of dev_save_* added or removed: a
 * malloc'd text (the pure part, for tests). */
char *dev_save_edit(const char *text, const char *const *lines, size_t n, int add);
char *dev_save_net_edit(const char *text, const char *host, const char *inside, int add);

#endif
