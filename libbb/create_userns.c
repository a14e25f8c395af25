/* create's part for containers with a user namespace (create.h):
 *
 * - the base config (/etc/lxc/default.conf or -f) maps ids (lxc.idmap):
 *   the rootfs the template made is shifted to those maps, as LXC's
 *   lxc-create leaves it (its templates run inside the maps); with
 *   o->secure it is idmapped instead where the file system allows;
 * - o->secure (bare create as root) and no maps: a range of its own from
 *   the record (idrange.h), written as lxc.idmap; the rootfs is idmapped
 *   at start (lxc.rootfs.options = idmap=container) where its file system
 *   takes idmapped mounts, shifted on disk otherwise (shift.h).
 * An existing --dir rootfs (template none) is never rewritten. Called by
 * an ordinary user, create leaves the rootfs as the template made it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "create.h"
#include "idrange.h"
#include "shift.h"

/* "WHAT: " in front of e's message. */
static int prefix(struct bb_err *e, const char *what)
{
	char msg[sizeof(e->msg) + 128];

	snprintf(msg, sizeof(msg), "%s: %s", what, e->msg);
	memcpy(e->msg, msg, sizeof(e->msg) - 1);
	e->msg[sizeof(e->msg) - 1] = '\0';
	return -1;
}

int create_userns_plan(const struct ct_create_opts *o, const char *base, const char *base_name,
		       struct ct_userns_plan *p, struct bb_err *e)
{
	memset(p, 0, sizeof(*p));
	if (strstr(base, "lxc.id") || strstr(base, "lxc.include") || strstr(base, "lxc.rootfs.options")) {
		struct lxc_conf *c = conf_new();
		size_t len;

		if (!c)
			return bb_err_set(e, ENOMEM, "config");
		if (conf_load_string(c, base, base_name, e) < 0) {
			conf_free(c);
			return -1;
		}
		if (c->n_idmap) {
			p->maps = malloc(c->n_idmap * sizeof(*p->maps));
			if (!p->maps) {
				conf_free(c);
				return bb_err_set(e, ENOMEM, "config");
			}
			memcpy(p->maps, c->idmap, c->n_idmap * sizeof(*p->maps));
			p->n = c->n_idmap;
		}
		p->has_options = c->rootfs_options && *c->rootfs_options;
		p->idmapped_base = shift_idmap_opt(c->rootfs_options, &len) != NULL;
		conf_free(c);
	}
	if (p->n || !o->secure)
		return 0;
	p->key = idrange_dir(o->lxcpath, o->name, e);
	if (!p->key)
		return -1;
	if (idrange_alloc(p->key, &p->base, e) < 0) {
		free(p->key);
		p->key = NULL;
		return prefix(e, "can't give the container an id range");
	}
	p->maps = malloc(2 * sizeof(*p->maps));
	if (!p->maps) {
		create_userns_abort(p);
		return bb_err_set(e, ENOMEM, "config");
	}
	p->maps[0] = (struct conf_idmap){ 'u', 0, p->base, IDRANGE_SIZE };
	p->maps[1] = (struct conf_idmap){ 'g', 0, p->base, IDRANGE_SIZE };
	p->n = 2;
	return 0;
}

int create_userns_finish(const struct ct_create_opts *o, struct ct_userns_plan *p,
			 const char *stage, const char *rootfs_tmp, volatile int *stop,
			 struct bb_err *e)
{
	const char *root = rootfs_tmp ? rootfs_tmp : o->dir;
	struct bb_err why = { 0, "" };
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int idmapped = p->idmapped_base, r;

	if (!p->n || geteuid() != 0)
		return 0; /* only root can chown (and idmap) */
	if (!idmapped && o->secure && !p->has_options && root)
		idmapped = shift_can_idmap(root, p->maps, p->n, &why);
	if (!idmapped && !rootfs_tmp) {
		if (!o->secure)
			return 0;
		return bb_err_set(e, 0, "the rootfs '%s' can't be idmapped (%s%s%s) and create "
				  "does not chown an existing directory: use --privileged", o->dir,
				  why.msg, why.errnum ? ": " : "", why.errnum ? strerror(why.errnum) : "");
	}
	if (!idmapped && shift_tree(rootfs_tmp, p->maps, p->n, stop, e) < 0)
		return prefix(e, "can't shift the rootfs to the container's ids");
	if (!p->key && idmapped == p->idmapped_base)
		return 0; /* nothing to add to the config */
	f = open_memstream(&text, &len);
	if (!f)
		return bb_err_set(e, ENOMEM, "config");
	if (p->key)
		fprintf(f, "# Unprivileged (ctbox create): ids 0-65535 inside are host ids %llu-%llu\n"
			"lxc.idmap = u 0 %llu %llu\nlxc.idmap = g 0 %llu %llu\n",
			p->base, p->base + IDRANGE_SIZE - 1, p->base, IDRANGE_SIZE, p->base,
			IDRANGE_SIZE);
	if (idmapped && !p->idmapped_base)
		fprintf(f, "# The rootfs is unchanged on disk: start mounts it idmapped\n"
			"lxc.rootfs.options = idmap=container\n");
	if (fclose(f) != 0) {
		free(text);
		return bb_err_set(e, ENOMEM, "config");
	}
	r = append_text(stage, "config", text, e);
	free(text);
	return r;
}

void create_userns_abort(struct ct_userns_plan *p)
{
	struct bb_err ignored;

	if (p->key)
		(void)idrange_free(p->key, &ignored);
	create_userns_free(p);
}

void create_userns_free(struct ct_userns_plan *p)
{
	free(p->maps);
	free(p->key);
	memset(p, 0, sizeof(*p));
}
