/* Path ownership while packages are unpacked in parallel (claims.h). One
 * mutex guards the table; a writer waits on the condition variable only
 * for an earlier package still writing the same path, so waits always
 * point to earlier packages and cannot go round in a circle. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claims.h"

enum { K_DIR, K_OTHER };

struct claim {
	uint32_t key;          /* offset in the name arena */
	uint32_t hash;
	unsigned owner;        /* the latest package (in order) that ships it */
	unsigned char kind, busy, fix, attrs;
	mode_t mode;           /* directories: the owner's mode and ids */
	unsigned long long uid, gid;
};

struct rb_claims {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	const char *const *aliases;
	struct claim *v;
	size_t n, cap;
	uint32_t *slot;        /* index + 1, 0: empty */
	size_t nslots;
	char *names;
	size_t used, room;
	int any_fix;
};

struct rb_claims *rb_claims_new(const char *const *aliases)
{
	struct rb_claims *c = xzalloc(sizeof(*c));

	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	c->aliases = aliases;
	c->nslots = 1u << 14;
	c->slot = xzalloc(c->nslots * sizeof(*c->slot));
	return c;
}

void rb_claims_free(struct rb_claims *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->cv);
	free(c->v);
	free(c->slot);
	free(c->names);
	free(c);
}

/* The name with a merged-/usr alias resolved, into buf (malloc'd when it
 * must grow). *aliased: the name is an alias directory itself. */
static const char *canonical(const struct rb_claims *c, const char *name, char **buf,
			     int *aliased)
{
	const char *const *a;

	*aliased = 0;
	for (a = c->aliases; a && a[0]; a += 2) {
		size_t n = strlen(a[0]);

		if (strncmp(name, a[0], n) || (name[n] && name[n] != '/'))
			continue;
		*aliased = !name[n];
		*buf = xasprintf("%s%s", a[1], name + n);
		return *buf;
	}
	return name;
}

static uint32_t hash_name(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void grow_slots(struct rb_claims *c)
{
	size_t i, ns = c->nslots * 2;
	uint32_t *s = xzalloc(ns * sizeof(*s));

	for (i = 0; i < c->n; i++) {
		size_t j = c->v[i].hash & (ns - 1);

		while (s[j])
			j = (j + 1) & (ns - 1);
		s[j] = (uint32_t)i + 1;
	}
	free(c->slot);
	c->slot = s;
	c->nslots = ns;
}

/* The claim of name, made (kind, owner) when new: *fresh says so. */
static struct claim *lookup(struct rb_claims *c, const char *name, int make, unsigned char kind,
			    unsigned owner, int *fresh)
{
	uint32_t h = hash_name(name);
	size_t j = h & (c->nslots - 1), len;
	struct claim *cl;

	*fresh = 0;
	for (; c->slot[j]; j = (j + 1) & (c->nslots - 1)) {
		cl = &c->v[c->slot[j] - 1];
		if (cl->hash == h && !strcmp(c->names + cl->key, name))
			return cl;
	}
	if (!make)
		return NULL;
	len = strlen(name) + 1;
	if (c->used + len > c->room) {
		c->room = (c->room + len) * 2;
		c->names = xrealloc(c->names, c->room);
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 4096;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	cl = &c->v[c->n];
	memset(cl, 0, sizeof(*cl));
	memcpy(c->names + c->used, name, len);
	cl->key = (uint32_t)c->used;
	cl->hash = h;
	cl->kind = kind;
	cl->owner = owner;
	c->used += len;
	c->slot[j] = (uint32_t)++c->n;
	if (c->n * 2 > c->nslots)
		grow_slots(c);
	*fresh = 1;
	return cl;
}

static void release(struct rb_claimer *k)
{
	if (!k->busy)
		return;
	k->c->v[k->busy - 1].busy = 0;
	k->busy = 0;
	pthread_cond_broadcast(&k->c->cv);
}

void rb_claims_done(struct rb_claimer *k)
{
	pthread_mutex_lock(&k->c->mu);
	release(k);
	pthread_mutex_unlock(&k->c->mu);
}

static int conflict(struct rb_claimer *k, struct bb_err *e, const char *name, const char *why)
{
	k->conflict = 1;
	return bb_err_set(e, 0, "'%s' %s: only the packages' order settles it", name, why);
}

static int claim_dir(struct rb_claimer *k, const struct tar_entry *ent, const char *name,
		     int aliased, struct bb_err *e)
{
	struct rb_claims *c = k->c;
	int fresh;
	struct claim *cl = lookup(c, name, 1, K_DIR, k->order, &fresh);

	if (cl->kind != K_DIR)
		return conflict(k, e, name, "is a directory here and not in another package");
	if (aliased)
		return 0; /* the alias's symlink stays: its mode and owner are not applied */
	if (cl->attrs && (cl->mode != ent->mode || cl->uid != ent->uid || cl->gid != ent->gid)) {
		cl->fix = 1;
		c->any_fix = 1;
	}
	if (!cl->attrs || k->order >= cl->owner) {
		cl->owner = k->order;
		cl->mode = ent->mode;
		cl->uid = ent->uid;
		cl->gid = ent->gid;
		cl->attrs = 1;
	}
	return 0;
}

static int claim_other(struct rb_claimer *k, const char *name, const char *target,
		       struct bb_err *e)
{
	struct rb_claims *c = k->c;
	struct claim *cl;
	int fresh;

	if (target) { /* a hard link: to this package's own earlier member */
		cl = lookup(c, target, 0, K_OTHER, k->order, &fresh);
		if (!cl || cl->kind != K_OTHER || cl->owner != k->order)
			return conflict(k, e, name, "links to a file another package ships");
	}
	cl = lookup(c, name, 1, K_OTHER, k->order, &fresh);
	if (cl->kind != K_OTHER)
		return conflict(k, e, name, "is a directory in another package");
	while (!fresh && cl->owner < k->order && cl->busy) {
		pthread_cond_wait(&c->cv, &c->mu);
		cl = lookup(c, name, 0, K_OTHER, k->order, &fresh); /* v may have moved */
	}
	if (cl->owner > k->order)
		return TAR_ENTRY_SKIP; /* a later package's stays */
	cl->owner = k->order;
	cl->busy = 1;
	k->busy = (unsigned long)(cl - c->v) + 1;
	return 0;
}

int rb_claims_entry(struct rb_claimer *k, const struct tar_entry *ent, struct bb_err *e)
{
	char *nbuf = NULL, *tbuf = NULL;
	const char *name, *target = NULL;
	int aliased, ta, r;

	name = canonical(k->c, ent->name, &nbuf, &aliased);
	if (ent->type == '1')
		target = canonical(k->c, ent->link, &tbuf, &ta);
	pthread_mutex_lock(&k->c->mu);
	release(k);
	if (ent->type == '5')
		r = claim_dir(k, ent, name, aliased, e);
	else
		r = claim_other(k, name, target, e);
	pthread_mutex_unlock(&k->c->mu);
	free(nbuf);
	free(tbuf);
	return r;
}

int rb_claims_fix_dirs(struct rb_claims *c, int rootfd, int do_chown, struct bb_err *e)
{
	size_t i;

	for (i = 0; c->any_fix && i < c->n; i++) {
		const struct claim *cl = &c->v[i];
		const char *name = c->names + cl->key;
		int fd;

		if (!cl->fix)
			continue;
		fd = name[0] ? tar_open_dir(rootfd, name, TAR_DIR_IN_ROOT) :
			fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
		if (fd < 0)
			return bb_err_set(e, errno, "can't open '%s' in the root", name);
		if ((do_chown && fchown(fd, (uid_t)cl->uid, (gid_t)cl->gid) < 0) ||
		    fchmod(fd, cl->mode & 07777) < 0) {
			bb_err_set(e, errno, "can't set the mode of '%s'", name);
			close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}
