/* cgtools: cgroup-tools' commands for plain processes (cgcreate, cgset,
 * cgget, cgexec, cgclassify, cgdelete, lscgroup), on v1, hybrid and v2
 * hosts alike. */
//config:config CGTOOLS
//config:	bool "cgtools: cgroup-tools' commands (cgcreate, cgset, cgget ...)"
//config:	default y
//config:	help
//config:	  cgroup-tools' create/set/get/exec/classify/delete/ls for plain
//config:	  processes, under their own names or as `cgtools SUBCOMMAND`
//config:	  (and `cgroup SUBCOMMAND`).
//applet:cgtools cgcreate cgset cgget cgexec cgclassify cgdelete lscgroup
//usage:SUBCOMMAND ...
//usage:
//usage:cgroup-tools' commands (also as cgcreate, cgset, ... links), with PATH relative
//usage:to the hierarchies' roots and CTRLS a comma-separated list of controllers or *:
//usage:  create -g CTRLS:PATH...                    make groups
//usage:  set -r KEY=VALUE... PATH...                write files
//usage:  get [-n] [-v] -r KEY... PATH...            read files (-n: no group name, -v: values only)
//usage:  exec -g CTRLS:PATH CMD [ARG]...            run CMD in the group
//usage:  classify -g CTRLS:PATH PID...              move processes into the group
//usage:  delete [-r] -g CTRLS:PATH...               remove groups (-r: with sub-groups)
//usage:  ls [[-g] CTRLS:PATH]...                    list groups, one CTRLS:PATH per line
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct_cgroup.h"

static const struct cg_host *host(void)
{
	struct bb_err e;
	const struct cg_host *h = cg_host(&e);

	if (!h)
		bb_err_die(&e);
	if (h->layout == CG_LAYOUT_NONE)
		bb_error_msg_and_die("this host has no cgroup hierarchy mounted");
	return h;
}

/* "cpu,memory:/grp" (or "*:grp") -> the group in those hierarchies. */
static void parse_spec(const struct cg_host *h, const char *spec, struct cg_group *g)
{
	const char *colon = strchr(spec, ':'), *path;
	char ctrls[256], *tok, *save = NULL;
	int i;

	if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(ctrls))
		bb_error_msg_and_die("bad group '%s': expected CONTROLLERS:PATH", spec);
	path = colon + 1;
	if (strstr(path, "..") || strlen(path) + 2 > CG_PATH_MAX)
		bb_error_msg_and_die("bad group path '%s'", path);
	memcpy(ctrls, spec, colon - spec);
	ctrls[colon - spec] = '\0';
	memset(g, 0, sizeof(*g));
	for (tok = strtok_r(ctrls, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int all = strcmp(tok, "*") == 0;

		i = all ? -1 : cg_hier_of(h, tok);
		if (!all && i < 0)
			bb_error_msg_and_die("this host has no '%s' controller", tok);
		for (int k = 0; k < h->n; k++)
			if (all || k == i)
				snprintf(g->path[k], CG_PATH_MAX, "%s%s", *path == '/' ? "" : "/", path);
	}
}

/* PATH in every hierarchy (cgset, cgget: the key picks one). */
static void all_spec(const struct cg_host *h, const char *path, struct cg_group *g)
{
	char spec[CG_PATH_MAX + 4];

	snprintf(spec, sizeof(spec), "*:%s", path);
	parse_spec(h, spec, g);
}

static int do_create(const struct cg_host *h, int argc, char **argv)
{
	struct bb_strlist specs = { 0 };
	const struct bb_opt opts[] = { { "g", BB_OPT_LIST, &specs, 0, 0, NULL, 0 }, BB_OPT_ENDMARK };
	struct bb_err e;
	size_t k;

	if (bb_getopt(argc, argv, opts, 0) != argc || !specs.n)
		bb_show_usage();
	for (k = 0; k < specs.n; k++) {
		struct cg_group g;

		parse_spec(h, specs.v[k], &g);
		if (cg_create(h, &g, &e) < 0)
			bb_err_die(&e);
	}
	bb_strlist_free(&specs);
	return 0;
}

static int do_set(const struct cg_host *h, int argc, char **argv)
{
	struct bb_strlist kv = { 0 };
	const struct bb_opt opts[] = { { "r", BB_OPT_LIST, &kv, 0, 0, NULL, 0 }, BB_OPT_ENDMARK };
	struct bb_err e;
	int i = bb_getopt(argc, argv, opts, 0), bad = 0;

	if (i >= argc || !kv.n)
		bb_show_usage();
	for (; i < argc; i++) {
		struct cg_group g;
		size_t k;

		all_spec(h, argv[i], &g);
		for (k = 0; k < kv.n; k++) {
			char *key = xstrdup(kv.v[k]), *eq = strchr(key, '=');

			if (!eq)
				bb_error_msg_and_die("bad setting '%s': expected KEY=VALUE", kv.v[k]);
			*eq = '\0';
			if (cg_set(h, &g, key, eq + 1, &e) < 0) {
				bb_err_print(&e);
				bad = 1;
			}
			free(key);
		}
	}
	bb_strlist_free(&kv);
	return bad;
}

static int do_get(const struct cg_host *h, int argc, char **argv)
{
	struct bb_strlist keys = { 0 };
	int noname = 0, values = 0, bad = 0;
	const struct bb_opt opts[] = {
		{ "r", BB_OPT_LIST, &keys, 0, 0, NULL, 0 },
		{ "n", BB_OPT_FLAG, &noname, 0, 0, NULL, 0 },
		{ "v", BB_OPT_FLAG, &values, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	int i = bb_getopt(argc, argv, opts, 0);

	if (i >= argc || !keys.n)
		bb_show_usage();
	for (; i < argc; i++) {
		struct cg_group g;
		size_t k;

		all_spec(h, argv[i], &g);
		if (!noname && !values)
			printf("%s:\n", argv[i]);
		for (k = 0; k < keys.n; k++) {
			char *v = cg_get(h, &g, keys.v[k], &e);

			if (!v) {
				bb_err_print(&e);
				bad = 1;
			} else if (values) {
				printf("%s\n", v);
			} else {
				printf("%s: %s\n", keys.v[k], v);
			}
			free(v);
		}
		if (!noname && !values)
			printf("\n");
	}
	bb_strlist_free(&keys);
	return bad;
}

static int do_exec(const struct cg_host *h, int argc, char **argv)
{
	struct bb_strlist specs = { 0 };
	int sticky = 0;
	const struct bb_opt opts[] = {
		{ "g", BB_OPT_LIST, &specs, 0, 0, NULL, 0 },
		{ "|sticky", BB_OPT_FLAG, &sticky, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	int i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	size_t k;

	if (i >= argc || !specs.n)
		bb_show_usage();
	for (k = 0; k < specs.n; k++) {
		struct cg_group g;

		parse_spec(h, specs.v[k], &g);
		if (cg_attach(h, &g, 0, &e) < 0)
			bb_err_die(&e);
	}
	execvp(argv[i], argv + i);
	die_status = errno == ENOENT ? 127 : 126;
	bb_perror_msg_and_die("can't execute '%s'", argv[i]);
}

static int do_classify(const struct cg_host *h, int argc, char **argv)
{
	struct bb_strlist specs = { 0 };
	int sticky = 0, cancel = 0, bad = 0;
	const struct bb_opt opts[] = {
		{ "g", BB_OPT_LIST, &specs, 0, 0, NULL, 0 },
		{ "|sticky", BB_OPT_FLAG, &sticky, 0, 0, NULL, 0 },
		{ "|cancel-sticky", BB_OPT_FLAG, &cancel, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	int i = bb_getopt(argc, argv, opts, 0);

	if (i >= argc || !specs.n)
		bb_show_usage();
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		size_t k;

		if (*end || pid <= 0)
			bb_error_msg_and_die("bad PID '%s'", argv[i]);
		for (k = 0; k < specs.n; k++) {
			struct cg_group g;

			parse_spec(h, specs.v[k], &g);
			if (cg_attach(h, &g, (pid_t)pid, &e) < 0) {
				bb_err_print(&e);
				bad = 1;
			}
		}
	}
	return bad;
}

static int do_delete(const struct cg_host *h, int argc, char **argv)
{
	struct bb_strlist specs = { 0 };
	int recursive = 0, bad = 0;
	const struct bb_opt opts[] = {
		{ "g", BB_OPT_LIST, &specs, 0, 0, NULL, 0 },
		{ "r|recursive", BB_OPT_FLAG, &recursive, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	int i = bb_getopt(argc, argv, opts, 0);
	size_t k;

	/* cgdelete also takes CTRLS:PATH without -g. */
	for (; i < argc; i++)
		bb_strlist_add(&specs, argv[i]);
	if (!specs.n)
		bb_show_usage();
	for (k = 0; k < specs.n; k++) {
		struct cg_group g;
		int j;

		parse_spec(h, specs.v[k], &g);
		for (j = 0; j < h->n; j++) {
			char *p;

			if (!g.path[j][0])
				continue;
			p = cg_path(h, &g, j, NULL);
			if (p && access(p, F_OK) < 0) {
				bb_perror_msg("can't remove group '%s'", p);
				bad = 1;
			}
			free(p);
		}
		if (!recursive && !bad) {
			/* Without -r, a group with sub-groups stays. */
			for (j = 0; j < h->n; j++) {
				char *p = g.path[j][0] ? cg_path(h, &g, j, NULL) : NULL;

				if (p && rmdir(p) < 0 && errno != ENOENT) {
					bb_perror_msg("can't remove group '%s'", p);
					bad = 1;
				}
				free(p);
			}
		} else if (!bad && cg_remove(h, &g, 0, &e) < 0) {
			bb_err_print(&e);
			bad = 1;
		}
	}
	bb_strlist_free(&specs);
	return bad;
}

/* lscgroup's lines: the named group with a trailing '/', then every
 * group below it. */
static void list_tree(const char *ctrls, const char *mnt, const char *rel, int top)
{
	char *dir = xasprintf("%s%s", mnt, rel);
	DIR *d = opendir(dir);
	struct dirent *de;

	printf("%s:%s%s\n", ctrls, *rel ? rel : "/", top && *rel ? "/" : "");
	while (d && (de = readdir(d)) != NULL) {
		char *sub;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		sub = xasprintf("%s/%s", rel, de->d_name);
		list_tree(ctrls, mnt, sub, 0);
		free(sub);
	}
	if (d)
		closedir(d);
	free(dir);
}

static int do_ls(const struct cg_host *h, int argc, char **argv)
{
	struct bb_strlist specs = { 0 };
	const struct bb_opt opts[] = { { "g", BB_OPT_LIST, &specs, 0, 0, NULL, 0 }, BB_OPT_ENDMARK };
	int i = bb_getopt(argc, argv, opts, 0);
	size_t k;

	/* lscgroup also takes CTRLS:PATH without -g. */
	for (; i < argc; i++)
		bb_strlist_add(&specs, argv[i]);
	if (!specs.n)
		bb_strlist_add(&specs, "*:/");
	for (k = 0; k < specs.n; k++) {
		struct cg_group g;

		parse_spec(h, specs.v[k], &g);
		for (i = 0; i < h->n; i++) {
			const char *p = g.path[i];

			if (*p)
				list_tree(h->h[i].v2 ? "" : h->h[i].ctrls, h->h[i].mnt,
					  strcmp(p, "/") == 0 ? "" : p, 1);
		}
	}
	bb_strlist_free(&specs);
	return 0;
}

static const struct sub {
	const char *name, *link;
	int (*fn)(const struct cg_host *, int, char **);
} subs[] = {
	{ "create", "cgcreate", do_create },     { "set", "cgset", do_set },
	{ "get", "cgget", do_get },              { "exec", "cgexec", do_exec },
	{ "classify", "cgclassify", do_classify }, { "delete", "cgdelete", do_delete },
	{ "ls", "lscgroup", do_ls },
};

int cgtools_main(int argc, char **argv)
{
	size_t k;

	for (k = 0; k < ARRAY_SIZE(subs); k++)
		if (strcmp(applet_invoked, subs[k].link) == 0)
			return subs[k].fn(host(), argc, argv);
	if (argc > 1)
		for (k = 0; k < ARRAY_SIZE(subs); k++)
			if (strcmp(argv[1], subs[k].name) == 0)
				return subs[k].fn(host(), argc - 1, argv + 1);
	bb_show_usage();
}
