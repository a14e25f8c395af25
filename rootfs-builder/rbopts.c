/* The rootfs builder's options, shared by `rootfs` and `create -t debian`
 * (rb_cli_parse in rb.h). */
#include <stdlib.h>
#include <string.h>

#include "rb.h"

/* "a,b c" (several uses add up) -> a NULL-terminated array. */
static const char *const *split_list(const struct bb_strlist *l)
{
	const char **v = NULL;
	size_t n = 0, i;

	for (i = 0; i < l->n; i++) {
		char *s = xstrdup(l->v[i]), *tok, *save = NULL;

		for (tok = strtok_r(s, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n++] = tok;
		}
	}
	if (v)
		v[n] = NULL;
	return v;
}

int rb_cli_parse(int argc, char **argv, struct rb_opts *o, unsigned flags, struct bb_err *e)
{
	struct bb_strlist inc = { 0 }, exc = { 0 };
	const char *variant = NULL;
	long conns = 4, timeout = 30, jobs = 0;
	const struct bb_opt spec[] = {
		{ "|variant", BB_OPT_STR, &variant, 0, 0, NULL, 0 },
		{ "a|arch", BB_OPT_STR, &o->arch, 0, 0, NULL, 0 },
		{ "|components", BB_OPT_STR, &o->components, 0, 0, NULL, 0 },
		{ "|include", BB_OPT_LIST, &inc, 0, 0, NULL, 0 },
		{ "|exclude", BB_OPT_LIST, &exc, 0, 0, NULL, 0 },
		{ "|keyring", BB_OPT_STR, &o->keyring, 0, 0, NULL, 0 },
		{ "|no-check-sig", BB_OPT_FLAG, &o->no_check_sig, 0, 0, NULL, 0 },
		{ "|no-check-gpg", BB_OPT_FLAG, &o->no_check_sig, 0, 0, NULL, 0 }, /* debootstrap */
		{ "|ca", BB_OPT_STR, &o->ca_file, 0, 0, NULL, 0 },
		{ "|slim", BB_OPT_FLAG, &o->slim, 0, 0, NULL, 0 },
		{ "|conns", BB_OPT_INT, &conns, 1, 32, NULL, 0 },
		{ "|timeout", BB_OPT_INT, &timeout, 1, 3600, NULL, 0 },
		{ "|jobs", BB_OPT_INT, &jobs, 1, 16, NULL, 0 },
		{ "|cache-dir", BB_OPT_STR, &o->cache_dir, 0, 0, NULL, 0 },
		{ "|no-cache", BB_OPT_FLAG, &o->no_cache, 0, 0, NULL, 0 },
		{ "|flush-cache", BB_OPT_FLAG, &o->flush_cache, 0, 0, NULL, 0 },
		{ "|no-merged-usr", BB_OPT_FLAG, &o->no_merged_usr, 0, 0, NULL, 0 },
		{ "q|quiet", BB_OPT_FLAG, &o->quiet, 0, 0, NULL, 0 },
		{ "|mirror", BB_OPT_STR, &o->mirror, 0, 0, NULL, 0 },
		{ "|security-mirror", BB_OPT_STR, &o->security_mirror, 0, 0, NULL, 0 },
		{ (flags & RB_CLI_TEMPLATE) ? "r|release" : "|tar",
		  BB_OPT_STR, (flags & RB_CLI_TEMPLATE) ? &o->suite : &o->tar, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	int i = bb_getopt_r(argc, argv, spec, 0, e);
	int v;

	if (i < 0)
		return i;
	o->variant = VAR_MINBASE;
	if (variant) {
		v = rb_variant_parse(variant);
		if (v < 0)
			return bb_err_set(e, 0, "unknown variant '%s' (essential, required, minbase, "
					  "apt, important, standard)", variant);
		o->variant = (enum rb_variant)v;
	}
	o->include = split_list(&inc);
	o->exclude = split_list(&exc);
	o->conns = (unsigned)conns;
	o->timeout_s = (unsigned)timeout;
	o->jobs = (unsigned)jobs;
	if (o->no_cache && o->flush_cache)
		return bb_err_set(e, 0, "--no-cache and --flush-cache do not go together");
	return i;
}
