/* Making and removing containers on disk: create (templates), destroy,
 * copy (clone, overlay snapshot), and the tree and config-text helpers
 * they share.
 *
 * Atomic creation: everything is built in a hidden directory beside the
 * target, LXCPATH/.NAME.create.XXXXXX (a name starting with '.' is never a
 * container name, so ct_list skips it), holding a file ".owner" with
 * "PID STARTTIME". The finished directory is renamed into place (without
 * replacing anything). A failure or a caught signal (INT, TERM, HUP, QUIT)
 * removes it; one left behind by a SIGKILL is swept by the next create,
 * copy or destroy in that lxcpath once its owner is dead.
 */
#ifndef CTBOX_CREATE_H
#define CTBOX_CREATE_H

#include "conf.h"
#include "container.h"

/* ---- staging (create.c) ---- */

struct ct_stage {
	char *tmp;    /* LXCPATH/.NAME.KIND.XXXXXX */
	char *final;  /* LXCPATH/NAME */
};

/* Set by the handlers ct_stage_begin installs; long loops stop on it. */
extern volatile int ct_interrupted;

int ct_stage_begin(const char *lxcpath, const char *name, const char *kind,
		   struct ct_stage *s, struct bb_err *e);
/* Rename tmp to final (never replacing an existing entry). */
int ct_stage_commit(struct ct_stage *s, struct bb_err *e);
/* Remove tmp (if still there) and free s. */
void ct_stage_abort(struct ct_stage *s);
/* Remove hidden staging directories of dead owners. Returns how many. */
int ct_sweep_stale(const char *lxcpath);

/* ---- create (create.c, template_*.c) ---- */

struct ct_create_opts {
	const char *lxcpath, *name;
	const char *tmpl;       /* busybox, local, none, NAME of lxc-NAME, or /abs/path */
	const char *conf_file;  /* -f: replaces /etc/lxc/default.conf */
	const char *bdev;       /* -B: only "dir" */
	const char *dir;        /* --dir: the rootfs's place */
	int argc;               /* template arguments */
	char **argv;
	int secure;             /* bare create as root (idrange.h, shift.h): an
				 * unprivileged container, with a range of its
				 * own unless the base config maps ids */
};

int ct_create(const struct ct_create_opts *o, struct bb_err *e);

/* A container with a user namespace (create_userns.c): the maps (from
 * the base config, or a range allocated for o->secure) and what the
 * rootfs needs. */
struct ct_userns_plan {
	struct conf_idmap *maps;
	size_t n;
	int has_options;          /* the base config sets lxc.rootfs.options */
	int idmapped_base;        /* ... with idmap= */
	char *key;                /* a range allocated here: its record key */
	unsigned long long base;  /* ... and first host id */
};
/* Before the template: the base config's maps, or a new range. */
int create_userns_plan(const struct ct_create_opts *o, const char *base, const char *base_name,
		       struct ct_userns_plan *p, struct bb_err *e);
/* After it: idmap or shift the rootfs, add the keys to stage/config. */
int create_userns_finish(const struct ct_create_opts *o, struct ct_userns_plan *p,
			 const char *stage, const char *rootfs_tmp, volatile int *stop,
			 struct bb_err *e);
/* A failed create: the range goes back. Both free p. */
void create_userns_abort(struct ct_userns_plan *p);
void create_userns_free(struct ct_userns_plan *p);

/* What a built-in template gets. It fills `rootfs` (a directory fd of the
 * rootfs being built) and appends its config keys to `conf`. */
struct tmpl_ctx {
	const char *name;        /* container name */
	const char *final_dir;   /* LXCPATH/NAME: where it will live */
	const char *rootfs_path; /* the rootfs's final path (for the config) */
	int rootfs;              /* fd of the rootfs directory being filled */
	const char *rootfs_dir;  /* its path while being filled */
	int argc;
	char **argv;
	FILE *conf;              /* template keys (open_memstream) */
	int base_has_net;        /* the base config already sets lxc.net.* */
	volatile int *stop;      /* non-zero: a signal asks to stop */
};

int tmpl_busybox(struct tmpl_ctx *x, struct bb_err *e);
int tmpl_local(struct tmpl_ctx *x, struct bb_err *e);
/* template_oci.c: an OCI image layout's image (with oci-image). */
int tmpl_oci(struct tmpl_ctx *x, struct bb_err *e);
/* rootfs-builder/template_debian.c (with the rootfs applet). */
int tmpl_debian(struct tmpl_ctx *x, struct bb_err *e);

/* Template arguments: "--key VALUE" or "--key=VALUE". Returns 0 and sets
 * *vals[i] for each key, -1 with e for an unknown or incomplete one. */
int tmpl_args(int argc, char **argv, const char *const *keys, const char **vals,
	      const char *tmpl, struct bb_err *e);
/* Write a small file at the relative path rel under the directory dirfd,
 * never through a symlink (an existing symlink is replaced). */
int write_file_at(int dirfd, const char *rel, const char *text, mode_t mode, struct bb_err *e);
/* LXC's name for this machine's architecture (lxc.arch). */
const char *lxc_arch(void);

/* ---- destroy (create.c) ---- */

enum { CT_DESTROY_FORCE = 1, CT_DESTROY_SNAPSHOTS = 2 };
int ct_destroy(const struct container *c, unsigned flags, struct bb_err *e);

/* ---- copy (copy.c) ---- */

enum { CT_COPY_SNAPSHOT = 1, CT_COPY_KEEPNAME = 2, CT_COPY_KEEPMAC = 4,
       CT_COPY_ALLOW_RUNNING = 8 };
int ct_copy(const struct container *src, const char *newpath, const char *newname,
	    const char *bdev, unsigned flags, struct bb_err *e);

/* Pieces of a clone, shared with snapshot (copy.c). */
struct clone_plan {
	const struct container *src;
	const char *newname, *newdir;
	char *rootfs_value;       /* the new lxc.rootfs.path value */
	unsigned flags;           /* CT_COPY_KEEPNAME, CT_COPY_KEEPMAC */
};
/* src's config text with the clone's name, rootfs, MACs and paths (src->dir
 * replaced by newdir), malloc'd. */
char *rewrite_config(const char *text, const struct clone_plan *p, struct bb_err *e);
/* The rootfs directory named by the config text (src->dir/rootfs when
 * unset); *is_overlay: 0 a directory, 1 "overlay:LOWER:UPPER" (returned
 * whole), -1 another backing store. malloc'd, NULL without memory. */
char *source_rootfs(const struct container *src, const char *text, int *is_overlay);
/* Copy src->dir's files into tmp but config, snaps, lxc_snapshots,
 * lxc_rdepends and rootfs. */
int copy_container_dir(const struct container *src, const char *tmp, struct bb_err *e);
/* Write (replace) or append to the small file dir/name. */
int write_text(const char *dir, const char *name, const char *text, mode_t mode, struct bb_err *e);
int append_text(const char *dir, const char *name, const char *text, struct bb_err *e);

/* Copy the tree src to dst (which must not exist): modes, owners,
 * timestamps, symlinks, devices, fifos, hard links. Never follows a
 * symlink. */
int tree_copy(const char *src, const char *dst, struct bb_err *e);
/* Remove the tree at path without following symlinks or crossing into
 * another file system. A missing path is fine. */
int tree_remove(const char *path, struct bb_err *e);
/* Is anything mounted at or under path (per /proc/self/mountinfo)? 1 with
 * the first mount point in *where (malloc'd), 0, or -1 with e. */
int mounts_under(const char *path, char **where, struct bb_err *e);

/* ---- config text (create.c) ---- */

/* The key of one config line ("lxc.uts.name" of " lxc.uts.name = x"), its
 * length in *klen, or NULL for a comment or blank line. *val gets the
 * value (trimmed start), *vlen its length without trailing blanks. */
const char *conf_line_kv(const char *line, size_t len, size_t *klen,
			 const char **val, size_t *vlen);
/* Replace every occurrence of `from` in text by `to` (malloc'd). */
char *str_replace_all(const char *text, const char *from, const char *to);

#endif
