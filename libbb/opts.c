/* Option parsing from a per-applet spec, as getopt_long parses (GNU's
 * order, clusters, abbreviated long names), without it: the C library's
 * getopt is 3 KB of ctbox's static binary. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "libbb.h"

struct parsed_name {
	int shortname;
	const char *longname; /* NULL if none; not NUL-terminated */
	size_t longlen;
};

static void split_names(const char *names, struct parsed_name *pn)
{
	const char *bar = strchr(names, '|');

	pn->shortname = names[0] != '|' ? (unsigned char)names[0] : 0;
	pn->longname = bar && bar[1] ? bar + 1 : NULL;
	pn->longlen = pn->longname ? strlen(pn->longname) : 0;
}

static int spec_has(const struct bb_opt *spec, int shortname, const char *longname)
{
	for (; spec->kind != BB_OPT_END; spec++) {
		struct parsed_name pn;

		split_names(spec->names, &pn);
		if (shortname && pn.shortname == shortname)
			return 1;
		if (longname && pn.longname && strcmp(pn.longname, longname) == 0)
			return 1;
	}
	return 0;
}

/* An option's name for messages: "-n", or "--name" when it has no short
 * one. */
static void label_of(const struct bb_opt *o, char *buf, size_t len)
{
	struct parsed_name pn;

	split_names(o->names, &pn);
	if (pn.shortname)
		snprintf(buf, len, "-%c", pn.shortname);
	else
		snprintf(buf, len, "--%s", pn.longname);
}

static int store(const struct bb_opt *o, const char *label, const char *arg,
		 struct bb_err *e)
{
	switch (o->kind) {
	case BB_OPT_FLAG:
		(*(int *)o->dest)++;
		return 0;
	case BB_OPT_STR:
		*(const char **)o->dest = arg;
		return 0;
	case BB_OPT_LIST:
		bb_strlist_add(o->dest, arg);
		return 0;
	case BB_OPT_INT: {
		char *end;
		long v;

		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno || end == arg || *end || v < o->min || v > o->max)
			return bb_err_set(e, 0, "option '%s' wants an integer from %ld to %ld, not '%s'",
					  label, o->min, o->max, arg);
		*(long *)o->dest = v;
		return 0;
	}
	case BB_OPT_CALL:
		if (o->call(arg, o->dest) < 0)
			return bb_err_set(e, 0, "bad value '%s' for option '%s'", arg, label);
		return 0;
	case BB_OPT_END:
		break;
	}
	return bb_err_set(e, 0, "internal error: bad option spec");
}

/* The entry of short option c, or NULL. */
static const struct bb_opt *by_short(const struct bb_opt *spec, int c)
{
	for (; spec->kind != BB_OPT_END; spec++)
		if ((unsigned char)spec->names[0] == c && c != '|')
			return spec;
	return NULL;
}

static const struct bb_opt help_opt = { "|help", BB_OPT_FLAG, NULL, 0, 0, NULL, 0 };

/* 2: o's long name is name (len bytes); 1: name abbreviates it; 0: no. */
static int long_match(const struct bb_opt *o, const char *name, size_t len)
{
	struct parsed_name pn;

	split_names(o->names, &pn);
	if (!pn.longname || strncmp(pn.longname, name, len) != 0)
		return 0;
	return pn.longlen == len ? 2 : 1;
}

/* The entry of long option name: the one with that name, or else the
 * only one it abbreviates; --help when the spec has none. NULL when none
 * matches or the abbreviation is ambiguous. */
static const struct bb_opt *by_long(const struct bb_opt *spec, const char *name, size_t len)
{
	const struct bb_opt *o, *found = NULL;
	int n = 0, m;

	for (o = spec; o->kind != BB_OPT_END; o++) {
		if ((m = long_match(o, name, len)) == 2)
			return o;
		if (m)
			found = o, n++;
	}
	if (!spec_has(spec, 0, "help") && (m = long_match(&help_opt, name, len))) {
		if (m == 2)
			return &help_opt;
		found = &help_opt, n++;
	}
	return n == 1 ? found : NULL;
}

/* Option o with its argument: arg, or else (unless it may be left out)
 * the next word, argv[*i + 1], which moves to argv[*w]. */
static int take(const struct bb_opt *o, const char *arg, int argc, char **argv, int *i, int *w,
		struct bb_err *e)
{
	char label[80];

	label_of(o, label, sizeof(label));
	if (o->kind != BB_OPT_FLAG && !arg && !o->optional_arg) {
		if (*i + 1 >= argc)
			return bb_err_set(e, 0, "option '%s' requires an argument", label);
		arg = argv[(*w)++] = argv[++*i];
	}
	if (o->kind != BB_OPT_FLAG && !arg) {
		/* An optional argument that was left out. */
		if (o->kind == BB_OPT_STR)
			*(const char **)o->dest = "";
		return 0;
	}
	return store(o, label, arg, e);
}

/* Options come first, in GNU's order: an operand before an option moves
 * after it (unless BB_GETOPT_STOP_AT_NONOPT), so that argv[return...] are
 * the operands, in their order. "--" ends the options. */
int bb_getopt_r(int argc, char **argv, const struct bb_opt *spec,
		unsigned flags, struct bb_err *e)
{
	int want_h = !spec_has(spec, 'h', NULL), i, w = 1, nops = 0, ret = -1;
	char **ops = malloc((size_t)argc * sizeof(*ops));

	if (!ops)
		return bb_err_set(e, ENOMEM, "option parsing");
	for (i = 1; i < argc; i++) {
		char *a = argv[i];
		const struct bb_opt *o;

		if (a[0] != '-' || !a[1]) {
			if (flags & BB_GETOPT_STOP_AT_NONOPT)
				break;
			ops[nops++] = a;
			continue;
		}
		argv[w++] = a;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');

			o = by_long(spec, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
			if (!o || (eq && o->kind == BB_OPT_FLAG)) {
				bb_err_set(e, 0, "unknown option '%s'", a);
				goto out;
			}
			if (o == &help_opt) {
				ret = -2;
				goto out;
			}
			if (take(o, eq ? eq + 1 : NULL, argc, argv, &i, &w, e) < 0)
				goto out;
			continue;
		}
		/* -abc: flags, until one that takes an argument (the rest of
		 * the word, or the next word). */
		for (const char *p = a + 1; *p; p++) {
			o = *p == 'h' && want_h ? &help_opt : by_short(spec, (unsigned char)*p);
			if (!o) {
				bb_err_set(e, 0, "unknown option '-%c'", *p);
				goto out;
			}
			if (o == &help_opt) {
				ret = -2;
				goto out;
			}
			if (take(o, o->kind == BB_OPT_FLAG || !p[1] ? NULL : p + 1, argc, argv, &i, &w, e) < 0)
				goto out;
			if (o->kind != BB_OPT_FLAG)
				break;
		}
	}
	/* argv[1..w) are the options, and as many words as ops holds were
	 * before argv[i]: the operands go there, before the words not read. */
	memcpy(argv + w, ops, (size_t)nops * sizeof(*ops));
	ret = w;
out:
	free(ops);
	return ret;
}

int bb_getopt(int argc, char **argv, const struct bb_opt *spec, unsigned flags)
{
	struct bb_err e;
	int r = bb_getopt_r(argc, argv, spec, flags, &e);

	if (r == -2) {
		bb_show_usage_to(stdout);
		exit(0);
	}
	if (r < 0) {
		bb_err_print(&e);
		fprintf(stderr, "Try 'ctbox %s --help' for more information.\n", applet_name);
		exit(1);
	}
	return r;
}

void bb_strlist_add(struct bb_strlist *l, const char *s)
{
	if (l->n + 1 >= l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

void bb_strlist_free(struct bb_strlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
