/* The device cgroup of a running container, for device (device.h).
 *
 *   v1  allow: "TYPE MAJ:MIN rwm" to devices.allow. Taking it back:
 *       the same to devices.deny, then an allow of what the
 *       configuration's rules give that device and the kernel no longer
 *       does (a device start allowed, /dev/zero handed over under another
 *       name, stays allowed; so does all with lxc.cgroup.devices.allow = a).
 *   v2  the program start attached (BPF_PROG_TYPE_CGROUP_DEVICE, named
 *       CG_BPF_DEVICES_NAME) is replaced by one made from the
 *       configuration's rules and the record: atomically with
 *       BPF_F_REPLACE (Linux 5.6), else the new one is attached before
 *       the old one goes (meanwhile both must allow: nothing more is).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/bpf.h>

#include "conf.h"
#include "ct_cgroup.h"
#include "device.h"

#define DEV_ALL (CG_DEV_READ | CG_DEV_WRITE | CG_DEV_MKNOD)
#define QUERY_MAX 64

/* ---- v2: the program ---- */

static int sys_bpf(int cmd, union bpf_attr *a)
{
	return syscall(SYS_bpf, cmd, a, sizeof(*a));
}

static int prog_info(int fd, struct bpf_prog_info *info)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	memset(info, 0, sizeof(*info));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(*info);
	a.info.info = (uintptr_t)info;
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a);
}

static int prog_fd(uint32_t id)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_id = id;
	return sys_bpf(BPF_PROG_GET_FD_BY_ID, &a);
}

/* The program to replace: id want when attached, else the oldest (lowest
 * id) of ours; -1 with *attached the number of programs when none. */
static int find_old(int cgfd, uint32_t want, uint32_t *attached, struct bb_err *e)
{
	uint32_t ids[QUERY_MAX], best_id = 0, i;
	int best = -1;
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.query.target_fd = cgfd;
	a.query.attach_type = BPF_CGROUP_DEVICE;
	a.query.prog_ids = (uintptr_t)ids;
	a.query.prog_cnt = QUERY_MAX;
	if (sys_bpf(BPF_PROG_QUERY, &a) < 0)
		return bb_err_set(e, errno, "can't list the device filters (BPF) of the group");
	*attached = a.query.prog_cnt;
	for (i = 0; i < a.query.prog_cnt && i < QUERY_MAX; i++) {
		struct bpf_prog_info info;
		int fd = prog_fd(ids[i]);

		if (fd < 0)
			continue; /* gone meanwhile */
		if (ids[i] == want) {
			if (best >= 0)
				close(best);
			return fd;
		}
		if (prog_info(fd, &info) == 0 &&
		    strncmp(info.name, CG_BPF_DEVICES_NAME, sizeof(info.name)) == 0 &&
		    (best < 0 || ids[i] < best_id)) {
			if (best >= 0)
				close(best);
			best = fd;
			best_id = ids[i];
			continue;
		}
		close(fd);
	}
	if (best < 0)
		bb_err_set(e, ENOENT, "none of the %u device filters (BPF) of the group is ctbox's",
			   (unsigned)*attached);
	return best;
}

static int attach(int cgfd, int fd, int old, unsigned flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.target_fd = cgfd;
	a.attach_bpf_fd = fd;
	a.attach_type = BPF_CGROUP_DEVICE;
	a.attach_flags = BPF_F_ALLOW_MULTI | flags;
	a.replace_bpf_fd = old;
	return sys_bpf(BPF_PROG_ATTACH, &a);
}

static int detach(int cgfd, int fd)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.target_fd = cgfd;
	a.attach_bpf_fd = fd;
	a.attach_type = BPF_CGROUP_DEVICE;
	return sys_bpf(BPF_PROG_DETACH, &a);
}

int dev_bpf_replace(int cgfd, const struct cg_dev_rule *rules, size_t n, uint32_t *id,
		    struct bb_err *e)
{
	struct bpf_prog_info info;
	uint32_t attached = 0;
	int fd, old, r = -1;

	old = find_old(cgfd, *id, &attached, e);
	if (old < 0 && attached)
		return -1;
	fd = cg_bpf_devices_load(rules, n, e);
	if (fd < 0)
		goto out;
	if (old < 0) {
		if (attach(cgfd, fd, -1, 0) < 0) {
			bb_err_set(e, errno, "can't attach the device filter (BPF) to the group");
			goto out;
		}
	} else if (attach(cgfd, fd, old, BPF_F_REPLACE) < 0) {
		/* No BPF_F_REPLACE: the new one first, then the old one off. */
		if (errno != EINVAL || attach(cgfd, fd, -1, 0) < 0) {
			bb_err_set(e, errno, "can't replace the device filter (BPF) of the group");
			goto out;
		}
		if (detach(cgfd, old) < 0) {
			bb_err_set(e, errno, "can't detach the old device filter (BPF) of the group");
			detach(cgfd, fd);
			goto out;
		}
	}
	*id = prog_info(fd, &info) == 0 ? info.id : 0;
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	if (old >= 0)
		close(old);
	return r;
}

/* ---- the configuration's rules ---- */

/* lxc.cgroup.* then lxc.cgroup2.*, as start reads them (the arrays
 * point into conf). */
static int config_settings(const struct container *c, struct lxc_conf **conf,
			   struct cg_setting **s, size_t *n, struct bb_err *e)
{
	size_t i;

	*conf = conf_new();
	*s = NULL;
	if (!*conf)
		return bb_err_set(e, ENOMEM, "out of memory");
	if (conf_load_file(*conf, c->config_path, e) < 0)
		return -1;
	*s = calloc((*conf)->cgroup.n + (*conf)->cgroup2.n + 1, sizeof(**s));
	if (!*s)
		return bb_err_set(e, ENOMEM, "out of memory");
	*n = 0;
	for (i = 0; i < (*conf)->cgroup.n; i++)
		(*s)[(*n)++] = (struct cg_setting){ 1, (*conf)->cgroup.v[i].key, (*conf)->cgroup.v[i].value };
	for (i = 0; i < (*conf)->cgroup2.n; i++)
		(*s)[(*n)++] = (struct cg_setting){ 2, (*conf)->cgroup2.v[i].key, (*conf)->cgroup2.v[i].value };
	return 0;
}

static int config_rules(const struct container *c, const struct dev_rec *r,
			struct cg_dev_rule **rules, size_t *n, struct bb_err *e)
{
	struct lxc_conf *conf;
	struct cg_setting *s;
	size_t ns = 0;
	int rc = config_settings(c, &conf, &s, &ns, e);

	if (rc == 0)
		rc = dev_rules(s, ns, r, rules, n, e);
	free(s);
	if (conf)
		conf_free(conf);
	return rc;
}

/* ---- the update ---- */

/* The access bits the rules give a device. */
static unsigned allowed_bits(const struct cg_dev_rule *v, size_t n, char type, int major, int minor)
{
	static const unsigned bits[] = { CG_DEV_READ, CG_DEV_WRITE, CG_DEV_MKNOD };
	unsigned out = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bits); i++)
		if (cg_dev_allowed(v, n, type, major, minor, bits[i]))
			out |= bits[i];
	return out;
}

/* Does the last "a" of the rules allow (the kernel's allow-all mode)? */
static int all_allowed(const struct cg_dev_rule *v, size_t n)
{
	while (n--)
		if (v[n].type == 'a' && v[n].major < 0 && v[n].minor < 0 && v[n].access == DEV_ALL)
			return v[n].allow;
	return 0;
}

/* v1 taking back: the deny drops the device's exception (deny-all mode)
 * or adds one (allow-all mode); then what the configuration gives the
 * device is allowed again, unless the kernel's remaining (wider)
 * exceptions give all of it already. */
static int revoke_v1(const struct container *c, const struct cg_host *h, const struct cg_group *g,
		     char type, int major, int minor, struct bb_err *e)
{
	struct cg_dev_rule v[2] = { { type, major, minor, DEV_ALL, 0 } }, *cfg;
	struct dev_rec none = { NULL, 0, 0 };
	unsigned bits;
	size_t n, i, k = 0;

	if (config_rules(c, &none, &cfg, &n, e) < 0)
		return -1;
	bits = allowed_bits(cfg, n, type, major, minor);
	if (bits && !all_allowed(cfg, n)) {
		/* Wider exceptions (c *:* m) were left alone by the deny. */
		for (i = 0; i < n; i++)
			if (!((cfg[i].type == type || cfg[i].type == 'a') && cfg[i].major == major &&
			      cfg[i].minor == minor))
				cfg[k++] = cfg[i];
		if (!(bits & ~allowed_bits(cfg, k, type, major, minor)))
			bits = 0;
	}
	free(cfg);
	v[1] = (struct cg_dev_rule){ type, major, minor, bits, 1 };
	return cg_devices_apply(h, g, v, bits ? 2 : 1, e);
}

static int update_v1(const struct container *c, const struct cg_host *h, const struct cg_group *g,
		     char type, unsigned major, unsigned minor, int allow, struct bb_err *e)
{
	struct cg_dev_rule one = { type, (int)major, (int)minor, DEV_ALL, 1 };

	if (allow)
		return cg_devices_apply(h, g, &one, 1, e);
	return revoke_v1(c, h, g, type, (int)major, (int)minor, e);
}

static int update_v2(const struct container *c, const struct cg_host *h, const struct cg_group *g,
		     int i, struct dev_rec *r, struct bb_err *e)
{
	struct cg_dev_rule *rules;
	char *dir;
	size_t n;
	int fd, rc;

	if (config_rules(c, r, &rules, &n, e) < 0)
		return -1;
	dir = cg_path(h, g, i, NULL);
	fd = dir ? open(dir, O_DIRECTORY | O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0) {
		rc = dir ? bb_err_set(e, errno, "can't open %s", dir) : bb_err_set(e, ENOMEM, "out of memory");
	} else {
		rc = dev_bpf_replace(fd, rules, n, &r->bpf_id, e);
		close(fd);
	}
	free(dir);
	free(rules);
	return rc;
}

int dev_cg_update(const struct container *c, struct dev_rec *r, char type, unsigned major,
		  unsigned minor, int allow, struct bb_err *e)
{
	const struct cg_host *h;
	struct cg_group g;
	int i;

	if (ct_cgroup_load(c, &h, &g, e) < 0)
		/* Run without cgroups: no device policy to change. */
		return e->errnum == ENOENT ? 0 : -1;
	i = cg_hier_of(h, "devices");
	if (i >= 0 && !h->h[i].v2)
		return g.path[i][0] ? update_v1(c, h, &g, type, major, minor, allow, e) : 0;
	for (i = 0; i < h->n; i++)
		if (h->h[i].v2)
			return g.path[i][0] ? update_v2(c, h, &g, i, r, e) : 0;
	return 0; /* no devices controller anywhere, as start found it */
}
