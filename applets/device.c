/* device: hand a host device node or network interface to a running
 * container, and take it back (lxc-device). */
//config:config DEVICE
//config:	bool "device: add devices to a running container (lxc-device)"
//config:	default y
//config:	help
//config:	  Make a host device node inside a running container and allow it
//config:	  in its device cgroup (v1 devices.allow, or the v2 BPF program
//config:	  replaced), or move a network interface into its network
//config:	  namespace; del takes either back. --save also writes it into
//config:	  the container's configuration.
//applet:device lxc-device
//usage:-n NAME [-P LXCPATH] [--save] add|del DEVICE [NAME_INSIDE]
//usage:
//usage:add: make the host's device node DEVICE (/dev/ttyUSB0) inside the running
//usage:container NAME at NAME_INSIDE (default: the same path) and allow it in its
//usage:device cgroup; or, when DEVICE is a network interface of the host, move it
//usage:into the container as NAME_INSIDE (default: the same name), down.
//usage:del: remove the node inside and the access add gave (what the container's
//usage:configuration allows stays allowed); or move the interface DEVICE of the
//usage:container back to the host, under NAME_INSIDE if given, else its name before add.
//usage:
//usage:  -n, --name NAME      the running container
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
//usage:      --save           also write it into (del: take it out of) the container's
//usage:                       config: lxc.cgroup[2].devices.allow and a bind
//usage:                       lxc.mount.entry, or an lxc.net.N of type phys
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cgroup.h"
#include "device.h"
#include "rtnl.h"

struct job {
	struct container c;
	struct dev_target t;
	struct dev_rec rec;
	const char *dev, *name;    /* the operands */
	int save;
};

/* The path inside: as given, under the container's root. */
static char *inside_path(const char *p)
{
	const char *why;
	char *s = *p == '/' ? xstrdup(p) : xasprintf("/%s", p);

	if (dev_check_path(s, &why) < 0)
		bb_error_msg_and_die("bad path inside '%.64s': %s", p, why);
	return s;
}

static void check_host_path(const char *p)
{
	const char *why;

	if (dev_check_path(p, &why) < 0)
		bb_error_msg_and_die("bad device '%.64s': %s", p, why);
}

static int v2_devices(void)
{
	struct bb_err e;
	const struct cg_host *h = cg_host(&e);
	int i = h ? cg_hier_of(h, "devices") : -1;

	return !(i >= 0 && !h->h[i].v2);
}

static void save_rec(struct job *j)
{
	struct bb_err e;

	if (dev_rec_save(&j->c, &j->rec, &e) < 0)
		bb_err_die(&e);
}

/* ---- nodes ---- */

static void node_add(struct job *j, const struct stat *st)
{
	char type = S_ISBLK(st->st_mode) ? 'b' : 'c', *inside = inside_path(j->name ? j->name : j->dev);
	unsigned maj = major(st->st_rdev), min = minor(st->st_rdev);
	struct bb_err e, ignored;

	check_host_path(j->dev);
	if (dev_node_make(&j->t, j->dev, st, inside, &e) < 0)
		bb_err_die(&e);
	if (dev_rec_add(&j->rec, type, maj, min, j->dev, inside, &e) < 0 ||
	    dev_cg_update(&j->c, &j->rec, type, maj, min, 1, &e) < 0) {
		/* Nothing half-made: the node goes again. */
		dev_node_remove(&j->t, inside, type, maj, min, &ignored);
		bb_err_die(&e);
	}
	if (dev_rec_save(&j->c, &j->rec, &e) < 0) {
		/* And the access, unless another path has it. */
		dev_rec_remove(&j->rec, j->rec.n - 1);
		if (!dev_rec_count(&j->rec, type, maj, min))
			dev_cg_update(&j->c, &j->rec, type, maj, min, 0, &ignored);
		dev_node_remove(&j->t, inside, type, maj, min, &ignored);
		bb_err_die(&e);
	}
	if (j->save && dev_save_node(j->c.config_path, v2_devices(), type, maj, min, j->dev, inside,
				     1, &e) < 0)
		bb_err_die(&e);
	free(inside);
}

static void node_del(struct job *j, const struct stat *st)
{
	char type, *inside, *host;
	unsigned maj, min;
	struct bb_err e;
	long k = -1;
	size_t i;
	int r;

	if (st) {
		type = S_ISBLK(st->st_mode) ? 'b' : 'c';
		maj = major(st->st_rdev);
		min = minor(st->st_rdev);
		inside = inside_path(j->name ? j->name : j->dev);
		for (k = 0; k < (long)j->rec.n; k++)
			if (j->rec.v[k].kind == type && j->rec.v[k].major == maj &&
			    j->rec.v[k].minor == min && strcmp(j->rec.v[k].inside, inside) == 0)
				break;
		if (k == (long)j->rec.n)
			k = -1;
		/* del HOST alone: where add put it. */
		for (i = 0; k < 0 && !j->name && i < j->rec.n; i++)
			if (j->rec.v[i].kind == type && j->rec.v[i].major == maj &&
			    j->rec.v[i].minor == min && strcmp(j->rec.v[i].host, j->dev) == 0) {
				k = (long)i;
				free(inside);
				inside = xstrdup(j->rec.v[i].inside);
			}
	} else {
		/* Gone from the host (unplugged): what add recorded. */
		k = dev_rec_find(&j->rec, 0, j->dev);
		if (k < 0 && j->dev[0] != '/') {
			char *abs = xasprintf("/%s", j->dev);

			k = dev_rec_find(&j->rec, 0, abs);
			free(abs);
		}
		if (k < 0)
			bb_error_msg_and_die("'%s': no such device, and none handed to '%s' by that name",
					     j->dev, j->c.name);
		type = j->rec.v[k].kind;
		maj = j->rec.v[k].major;
		min = j->rec.v[k].minor;
		inside = xstrdup(j->rec.v[k].inside);
		if (j->name) {
			char *want = inside_path(j->name);

			if (strcmp(want, inside) != 0)
				bb_error_msg_and_die("'%s' was handed to '%s' as '%s', not '%s'", j->dev,
						     j->c.name, inside, want);
			free(want);
		}
	}
	host = xstrdup(k >= 0 ? j->rec.v[k].host : j->dev);
	if (k >= 0)
		dev_rec_remove(&j->rec, (size_t)k);
	/* The access first: the node alone gives nothing. Another path
	 * inside with the same device keeps it. */
	if (!dev_rec_count(&j->rec, type, maj, min) &&
	    dev_cg_update(&j->c, &j->rec, type, maj, min, 0, &e) < 0)
		bb_err_die(&e);
	save_rec(j);
	r = dev_node_remove(&j->t, inside, type, maj, min, &e);
	if (r < 0)
		bb_err_die(&e);
	if (r == DEV_NODE_OTHER)
		bb_warn_msg("'%s' in '%s' is not the device %c %u:%u any more: left alone", inside,
			    j->c.name, type, maj, min);
	if (j->save && dev_save_node(j->c.config_path, v2_devices(), type, maj, min, host, inside, 0,
				     &e) < 0)
		bb_err_die(&e);
	free(host);
	free(inside);
}

/* ---- interfaces ---- */

static void check_ifname(const char *n)
{
	const char *why;

	if (rtnl_check_ifname(n, &why) < 0)
		bb_error_msg_and_die("bad interface name '%.64s': %s", n, why);
}

static void net_add(struct job *j)
{
	const char *inside = j->name ? j->name : j->dev;
	struct bb_err e;

	check_ifname(inside);
	if (dev_rec_add(&j->rec, 'n', 0, 0, j->dev, inside, &e) < 0 ||
	    dev_net_add(&j->t, j->dev, inside, &e) < 0)
		bb_err_die(&e);
	if (dev_rec_save(&j->c, &j->rec, &e) < 0) {
		struct bb_err ignored;

		dev_net_del(&j->t, inside, j->dev, &ignored);
		bb_err_die(&e);
	}
	if (j->save && dev_save_net(j->c.config_path, j->dev, inside, 1, &e) < 0)
		bb_err_die(&e);
}

/* inside: its name in the container; host from the operand, the record
 * or the same name. */
static void net_del(struct job *j, const char *inside_name, long k)
{
	char *inside = xstrdup(inside_name);
	char *host = xstrdup(j->name ? j->name : k >= 0 ? j->rec.v[k].host : inside);
	char *orig = xstrdup(k >= 0 ? j->rec.v[k].host : host);
	struct bb_err e;

	check_ifname(host);
	if (dev_net_del(&j->t, inside, host, &e) < 0)
		bb_err_die(&e);
	if (k >= 0)
		dev_rec_remove(&j->rec, (size_t)k);
	save_rec(j);
	if (j->save && dev_save_net(j->c.config_path, orig, inside, 0, &e) < 0)
		bb_err_die(&e);
	free(orig);
	free(host);
	free(inside);
}

/* ---- which is it? ---- */

static int is_net(struct job *j, int inside)
{
	struct bb_err e;
	int r;

	if (strchr(j->dev, '/'))
		return 0;
	r = dev_net_exists(&j->t, inside, j->dev, &e);
	if (r < 0)
		bb_err_die(&e);
	return r;
}

static void do_add(struct job *j)
{
	struct stat st;

	if (is_net(j, 0)) {
		net_add(j);
		return;
	}
	if (stat(j->dev, &st) < 0) {
		struct bb_err e;

		if (errno != ENOENT || strchr(j->dev, '/'))
			bb_perror_msg_and_die("'%s'", j->dev);
		long k = dev_rec_find(&j->rec, 1, j->dev);

		if (k >= 0 && strcmp(j->rec.v[k].host, j->dev) == 0)
			bb_error_msg_and_die("'%s' is in '%s' already, as '%s'", j->dev, j->c.name,
					     j->rec.v[k].inside);
		if (dev_net_exists(&j->t, 1, j->dev, &e) == 1)
			bb_error_msg_and_die("'%s' is not an interface of the host: '%s' has it already",
					     j->dev, j->c.name);
		bb_error_msg_and_die("'%s': no such network interface or device node", j->dev);
	}
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
		bb_error_msg_and_die("'%s' is not a device node", j->dev);
	node_add(j, &st);
}

static void do_del(struct job *j)
{
	struct stat st;
	long k;

	if (is_net(j, 1)) {
		net_del(j, j->dev, dev_rec_find(&j->rec, 1, j->dev));
		return;
	}
	/* The names of add, in their order: HOST [INSIDE]. */
	k = strchr(j->dev, '/') ? -1 : dev_rec_find(&j->rec, 1, j->dev);
	if (k >= 0 && strcmp(j->rec.v[k].host, j->dev) == 0 &&
	    (!j->name || strcmp(j->name, j->rec.v[k].inside) == 0)) {
		j->name = NULL;
		net_del(j, j->rec.v[k].inside, k);
		return;
	}
	if (stat(j->dev, &st) == 0) {
		if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
			bb_error_msg_and_die("'%s' is not a device node", j->dev);
		node_del(j, &st);
		return;
	}
	if (errno != ENOENT)
		bb_perror_msg_and_die("'%s'", j->dev);
	node_del(j, NULL);
}

int device_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct job j;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "|save", BB_OPT_FLAG, &j.save, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK,
	};
	struct bb_err e;
	int i, lock, add;

	memset(&j, 0, sizeof(j));
	i = bb_getopt(argc, argv, opts, 0);
	if (argc - i < 2 || argc - i > 3)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	add = strcmp(argv[i], "add") == 0;
	if (!add && strcmp(argv[i], "del") != 0)
		bb_error_msg_and_die("unknown action '%s': expected add or del", argv[i]);
	j.dev = argv[i + 1];
	j.name = argc - i == 3 ? argv[i + 2] : NULL;
	if (!*j.dev || (j.name && !*j.name))
		bb_show_usage();
	if (geteuid() != 0)
		bb_error_msg_and_die("must be run as root");
	if (ct_init(&j.c, a.lxcpath, a.name, &e) < 0)
		bb_err_die(&e);
	if (!ct_defined(&j.c))
		bb_error_msg_and_die("'%s' does not exist in %s", j.c.name, j.c.lxcpath);
	/* Running first: no run-time directory is made for a stopped one. */
	if (dev_target_open(&j.c, &j.t, &e) < 0 || (lock = ct_lock(&j.c, 0, &e)) < 0 ||
	    dev_rec_load(&j.c, &j.rec, &e) < 0)
		bb_err_die(&e);
	if (add)
		do_add(&j);
	else
		do_del(&j);
	dev_rec_free(&j.rec);
	dev_target_close(&j.t);
	ct_unlock(lock);
	ct_free(&j.c);
	return 0;
}
