/* Option parsing from a per-applet spec, on top of getopt_long. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "libbb.h"

#define VAL_LONG_ONLY 0x1000 /* + index: options without a short name */
#define VAL_HELP 0x2000

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

/* The name of the option at val, for messages: "-n" or "--name". */
static void opt_label(const struct bb_opt *spec, int val, char *buf, size_t len)
{
	if (val > 0 && val < 256) {
		snprintf(buf, len, "-%c", val);
	} else if (val >= VAL_LONG_ONLY && val < VAL_HELP) {
		struct parsed_name pn;

		split_names(spec[val - VAL_LONG_ONLY].names, &pn);
		snprintf(buf, len, "--%s", pn.longname);
	} else {
		snprintf(buf, len, "?");
	}
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

int bb_getopt_r(int argc, char **argv, const struct bb_opt *spec,
		unsigned flags, struct bb_err *e)
{
	size_t n = 0, nl = 0, i;
	struct option *lopts;
	char *shorts, *sp;
	int want_h, ret = -1;

	while (spec[n].kind != BB_OPT_END)
		n++;
	want_h = !spec_has(spec, 'h', NULL);
	lopts = calloc(n + 2, sizeof(*lopts));
	shorts = malloc(3 * n + 5);
	if (!lopts || !shorts) {
		bb_err_set(e, ENOMEM, "option parsing");
		goto out;
	}
	sp = shorts;
	if (flags & BB_GETOPT_STOP_AT_NONOPT)
		*sp++ = '+';
	*sp++ = ':';
	if (want_h)
		*sp++ = 'h';
	for (i = 0; i < n; i++) {
		struct parsed_name pn;
		int has_arg = spec[i].kind != BB_OPT_FLAG;
		int val;

		split_names(spec[i].names, &pn);
		val = pn.shortname ? pn.shortname : (int)(VAL_LONG_ONLY + i);
		if (pn.shortname) {
			*sp++ = pn.shortname;
			if (has_arg)
				*sp++ = ':';
			if (has_arg && spec[i].optional_arg)
				*sp++ = ':';
		}
		if (pn.longname) {
			lopts[nl].name = pn.longname;
			lopts[nl].has_arg = !has_arg ? no_argument :
				spec[i].optional_arg ? optional_argument : required_argument;
			lopts[nl].val = val;
			nl++;
		}
	}
	*sp = '\0';
	if (!spec_has(spec, 0, "help"))
		lopts[nl].name = "help", lopts[nl].val = VAL_HELP;

	optind = 0; /* full re-initialisation, in glibc and musl alike */
	opterr = 0;
	for (;;) {
		char label[80];
		int c = getopt_long(argc, argv, shorts, lopts, NULL);
		const struct bb_opt *o = NULL;

		if (c == -1)
			break;
		if (c == VAL_HELP || (c == 'h' && want_h)) {
			ret = -2;
			goto out;
		}
		if (c == '?') {
			if (optopt > 0 && optopt < 256)
				bb_err_set(e, 0, "unknown option '-%c'", optopt);
			else
				bb_err_set(e, 0, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
		if (c == ':') {
			if (optopt > 0 && optopt < 256 && spec_has(spec, optopt, NULL))
				snprintf(label, sizeof(label), "-%c", optopt);
			else if (optopt > 0)
				opt_label(spec, optopt, label, sizeof(label));
			else
				snprintf(label, sizeof(label), "%s", argv[optind - 1]);
			bb_err_set(e, 0, "option '%s' requires an argument", label);
			goto out;
		}
		if (c >= VAL_LONG_ONLY && c < VAL_HELP) {
			o = &spec[c - VAL_LONG_ONLY];
		} else {
			for (i = 0; i < n; i++) {
				struct parsed_name pn;

				split_names(spec[i].names, &pn);
				if (pn.shortname == c) {
					o = &spec[i];
					break;
				}
			}
		}
		if (!o) {
			bb_err_set(e, 0, "internal error: option %d", c);
			goto out;
		}
		opt_label(spec, c, label, sizeof(label));
		if (o->kind != BB_OPT_FLAG && !optarg) {
			/* An optional argument that was left out. */
			if (o->kind == BB_OPT_STR)
				*(const char **)o->dest = "";
			continue;
		}
		if (store(o, label, optarg, e) < 0)
			goto out;
	}
	ret = optind;
out:
	free(lopts);
	free(shorts);
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
