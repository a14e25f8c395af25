/* Controller files by either version's name: cg_set, cg_get (with the
 * values of the other version's files translated back) and cg_apply,
 * cg_apply_devices for a container's configured limits. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoconf.h"
#include "cgroup.h"
#include "fallback.h"

/* ---- reading and writing controller files ---- */

static int ctrl_of(const char *key, char *ctrl, size_t len)
{
	size_t n = strcspn(key, ".");

	if (!key[n] || n == 0 || n >= len || strchr(key, '/'))
		return -1;
	memcpy(ctrl, key, n);
	ctrl[n] = '\0';
	return 0;
}

static int version_of_host(const char *ctrl, void *arg)
{
	const struct cg_host *h = arg;
	int i = cg_hier_of(h, ctrl);

	return i < 0 ? 0 : h->h[i].v2 ? 2 : 1;
}

/* The hierarchy for a file of `version` holding ctrl. */
static int hier_for(const struct cg_host *h, const char *key, int version)
{
	char ctrl[64];
	int i;

	if (ctrl_of(key, ctrl, sizeof(ctrl)) < 0)
		return -1;
	i = cg_hier_of(h, ctrl);
	if (i >= 0 && (h->h[i].v2 ? 2 : 1) != version)
		return -1;
	return i;
}

/* Swap limits need the kernel's swap accounting (fallback.h). */
static int is_swap_key(const char *key)
{
	return strncmp(key, "memory.memsw.", 13) == 0 || strncmp(key, "memory.swap.", 12) == 0;
}

static int no_swap(const char *asked, const char *file, struct bb_err *e)
{
	return bb_err_set(e, 0, "%s: this kernel has no swap accounting in the memory cgroup (no '%s'; it needs CONFIG_MEMCG_SWAP, and swapaccount=1 on some kernels)",
			  asked, file);
}

static int write_one(const struct cg_host *h, const struct cg_group *g, const struct cg_write *w,
		     const char *asked, struct bb_err *e)
{
	int i = hier_for(h, w->key, w->version);
	char *p;

	if (i < 0 || !g->path[i][0])
		return bb_err_set(e, 0, "%s: no cgroup hierarchy of this host has '%s'", asked, w->key);
	if (is_swap_key(w->key) && !bb_have(BB_SWAP))
		return no_swap(asked, w->key, e);
	p = cg_path(h, g, i, w->key);
	if (!p)
		return bb_err_set(e, ENOMEM, "cgroup");
	if (cg_write_str(p, w->value) < 0) {
		if (errno == ENOENT && is_swap_key(w->key))
			no_swap(asked, w->key, e);
		else
			bb_err_set(e, errno, "%s: can't write '%s' to '%s'", asked, w->value, p);
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

static int is_device_key(const char *key)
{
	return strcmp(key, "devices.allow") == 0 || strcmp(key, "devices.deny") == 0;
}

int cg_apply(const struct cg_host *h, const struct cg_group *g, const struct cg_setting *s,
	     size_t n, struct bb_err *e)
{
	struct cg_write *w = NULL;
	size_t i;
	int nw, r = -1;

	w = calloc(n * 4 + 1, sizeof(*w));
	if (!w) {
		bb_err_set(e, ENOMEM, "cgroup");
		goto out;
	}
	nw = cg_translate(s, n, version_of_host, (void *)h, w, n * 4 + 1, e);
	if (nw < 0)
		goto out;
	for (i = 0; i < (size_t)nw; i++) {
		char asked[128];

		snprintf(asked, sizeof(asked), "lxc.cgroup%s.%s", s[w[i].from].version == 2 ? "2" : "",
			 s[w[i].from].key);
		if (write_one(h, g, &w[i], asked, e) < 0)
			goto out;
	}
	r = 0;
out:
	free(w);
	return r;
}

int cg_apply_devices(const struct cg_host *h, const struct cg_group *g,
		     const struct cg_setting *s, size_t n, struct bb_err *e)
{
	struct cg_dev_rule *rules = calloc(n + cg_dev_default_n, sizeof(*rules));
	size_t nrules = cg_dev_default_n, i;
	int r = -1;

	if (!rules)
		return bb_err_set(e, ENOMEM, "cgroup");
	memcpy(rules, cg_dev_default, cg_dev_default_n * sizeof(*rules));
	for (i = 0; i < n; i++)
		if (is_device_key(s[i].key) &&
		    cg_dev_parse(s[i].value, strcmp(s[i].key, "devices.allow") == 0,
				 &rules[nrules++], e) < 0)
			goto out;
	r = cg_devices_apply(h, g, rules, nrules, e);
out:
	free(rules);
	return r;
}

/* Every controller on one version (for translating values read back). */
static int version_fixed(const char *ctrl, void *arg)
{
	return *(int *)arg;
}

/* The file as named, when the hierarchy of its controller has it. */
static char *direct_path(const struct cg_host *h, const struct cg_group *g, const char *key,
			 int *version)
{
	char ctrl[64], *p;
	int i;

	if (ctrl_of(key, ctrl, sizeof(ctrl)) < 0 || (i = cg_hier_of(h, ctrl)) < 0 || !g->path[i][0])
		return NULL;
	*version = h->h[i].v2 ? 2 : 1;
	p = cg_path(h, g, i, key);
	if (p && access(p, F_OK) == 0)
		return p;
	free(p);
	return NULL;
}

/* A file named as on this host's version (or unknown to translation)
 * that the kernel does not have. */
static int missing(const struct cg_host *h, const struct cg_group *g, const char *key,
		   struct bb_err *e)
{
	char ctrl[64];
	int i, kv = cg_key_version(key);

	if (ctrl_of(key, ctrl, sizeof(ctrl)) < 0 || (i = cg_hier_of(h, ctrl)) < 0 || !g->path[i][0])
		return bb_err_set(e, 0, "no cgroup hierarchy of this host has '%s'", key);
	if (kv && !(kv & (h->h[i].v2 ? 2 : 1)))
		return 0;
	return bb_err_set(e, ENOENT, "the kernel has no '%s' in '%s'%s", key, h->h[i].mnt,
			  ENABLE_FEATURE_CGROUP_TRANSLATE ? "" : " (this ctbox does not translate the other "
			  "cgroup version's keys: FEATURE_CGROUP_TRANSLATE)");
}

int cg_set(const struct cg_host *h, const struct cg_group *g, const char *key,
	   const char *value, struct bb_err *e)
{
	struct cg_setting s = { 1, key, value };
	int version, i;
	char *p;

	if (is_swap_key(key) && !bb_have(BB_SWAP))
		return no_swap(key, key, e);
	p = direct_path(h, g, key, &version);
	if (!p && (i = cg_hier_of(h, "memory")) >= 0 && g->path[i][0] &&
	    strncmp(key, h->h[i].v2 ? "memory.swap." : "memory.memsw.", h->h[i].v2 ? 12 : 13) == 0)
		return no_swap(key, key, e); /* named as on this host, and not there */
	if (p) {
		int r = 0;

		if (cg_write_str(p, value) < 0)
			r = bb_err_set(e, errno, "can't write '%s' to '%s'", value, p);
		free(p);
		return r;
	}
	if (is_device_key(key))
		/* v2's device filter is a program made from the whole list:
		 * one more rule cannot be added to it from here. */
		return bb_err_set(e, 0, "%s: on this host devices are set in the configuration only (lxc.cgroup2.devices.*)",
				  key);
	/* Not a file of this host: a key of the other version. */
	if (missing(h, g, key, e))
		return -1;
	s.version = version == 2 ? 1 : 2;
	return cg_apply(h, g, &s, 1, e);
}

/* cg_get of a key of the other version: the files it stands for are
 * found by translating it with a placeholder value, read, and their
 * values translated back. */
static char *get_translated(const struct cg_host *h, const struct cg_group *g, const char *key,
			    int i, struct bb_err *e)
{
	static const char *const dummies[] = {
		"max", "-1", "100", "1024", "500", "0:0 0", "0:0 rbps=max", "0",
	};
	int asked = h->h[i].v2 ? 1 : 2, there = 3 - asked, n = -1, nr = 0, k;
	struct cg_setting ask, back[6];
	struct cg_write w[6];
	char *vals[6] = { 0 }, *out = NULL;
	size_t d;

	for (d = 0; d < ARRAY_SIZE(dummies) && n < 0; d++) {
		ask = (struct cg_setting){ asked, key, dummies[d] };
		n = cg_translate(&ask, 1, version_of_host, (void *)h, w, 4, e);
	}
	if (n <= 0) {
		if (n == 0)
			bb_err_set(e, 0, "'%s' has no equivalent on this host", key);
		return NULL;
	}
	e->errnum = 0;
	e->msg[0] = '\0'; /* what the placeholders that did not fit said */
	/* memsw and swap are worked out against the memory limit. */
	if (strstr(w[0].key, "memsw") || strstr(w[0].key, "swap"))
		snprintf(w[n++].key, sizeof(w[0].key), "%s",
			 there == 1 ? "memory.limit_in_bytes" : "memory.max");
	for (k = 0; k < n; k++) {
		char *p = cg_path(h, g, i, w[k].key);

		vals[k] = p ? cg_read_str(p) : NULL;
		if (!vals[k]) {
			bb_err_set(e, errno, "can't read '%s'", p ? p : w[k].key);
			free(p);
			goto out;
		}
		free(p);
		back[nr++] = (struct cg_setting){ there, w[k].key, vals[k] };
	}
	n = cg_translate(back, nr, version_fixed, &asked, w, ARRAY_SIZE(w), e);
	for (k = 0; k < n && !out; k++)
		if (strcmp(w[k].key, key) == 0 && !(out = strdup(w[k].value)))
			bb_err_set(e, ENOMEM, "cgroup");
	if (n >= 0 && !out && !e->msg[0])
		bb_err_set(e, 0, "'%s' has no equivalent on this host", key);
out:
	for (k = 0; k < 6; k++)
		free(vals[k]);
	return out;
}

char *cg_get(const struct cg_host *h, const struct cg_group *g, const char *key,
	     struct bb_err *e)
{
	char ctrl[64], *p, *val;
	int version, i;

	p = direct_path(h, g, key, &version);
	if (p) {
		val = cg_read_str(p);
		if (!val)
			bb_err_set(e, errno, "can't read '%s'", p);
		free(p);
		return val;
	}
	if (ctrl_of(key, ctrl, sizeof(ctrl)) < 0 || (i = cg_hier_of(h, ctrl)) < 0 || !g->path[i][0]) {
		bb_err_set(e, 0, "no cgroup hierarchy of this host has '%s'", key);
		return NULL;
	}
	if (missing(h, g, key, e) || !ENABLE_FEATURE_CGROUP_TRANSLATE)
		return NULL;
	return get_translated(h, g, key, i, e);
}
