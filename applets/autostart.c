/* autostart: start, stop, kill or reboot the containers marked
 * lxc.start.auto (lxc-autostart). */
//config:config AUTOSTART
//config:	bool "autostart: start containers marked for it (lxc-autostart)"
//config:	default y
//config:	help
//config:	  Act on the containers with lxc.start.auto = 1, by lxc.group,
//config:	  in lxc.start.order (highest first) with lxc.start.delay between
//config:	  starts; stops and kills go in the reverse order.
//applet:autostart lxc-autostart
//usage:[-a] [-g GROUPS]... [-A] [-r|-s|-k] [-t SECONDS] [-L] [-P LXCPATH]
//usage:
//usage:Start the containers marked lxc.start.auto = 1 that are in no group, or in GROUPS.
//usage:
//usage:  -a, --all            every marked container, whatever its groups
//usage:  -g, --groups GROUPS  those in GROUPS, group after group in the order given
//usage:                       (comma-separated, repeatable;
//usage:                       an empty name stands for "in no group")
//usage:  -A, --ignore-auto    also the containers not marked lxc.start.auto
//usage:  -r, --reboot         reboot them        -s, --shutdown  stop them cleanly
//usage:  -k, --kill           kill them          -t, --timeout SECS  for -s (default 60)
//usage:  -L, --list           only print what would be done: NAME and delay
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "container.h"
#include "start.h"

struct entry {
	char *name;
	int order, delay;
	int taken;
	struct lxc_conf *conf;
};

/* Is the container in group g? The empty name stands for "in no group". */
static int in_group(const struct lxc_conf *conf, const char *g)
{
	size_t i;

	if (!*g)
		return conf->groups.n == 0;
	for (i = 0; i < conf->groups.n; i++)
		if (strcmp(g, conf->groups.v[i]) == 0)
			return 1;
	return 0;
}

/* Highest lxc.start.order first, then by name. */
static int by_order(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->order != b->order)
		return a->order > b->order ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int is_running(const char *lxcpath, const char *name)
{
	struct container c;
	struct ct_status st;
	struct bb_err e;
	int r = 0;

	if (ct_init(&c, lxcpath, name, &e) < 0)
		return 0;
	if (ct_get_status(&c, &st, &e) == 0)
		r = st.state != CT_STOPPED;
	ct_free(&c);
	return r;
}

int autostart_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct bb_strlist groups = { 0 }, wanted = { 0 };
	int all = 0, ignore_auto = 0, reboot = 0, shutdown = 0, kill = 0, list = 0, fails = 0;
	long timeout = 60;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "a|all", BB_OPT_FLAG, &all, 0, 0, NULL, 0 },
		{ "g|groups", BB_OPT_LIST, &groups, 0, 0, NULL, 0 },
		{ "A|ignore-auto", BB_OPT_FLAG, &ignore_auto, 0, 0, NULL, 0 },
		{ "r|reboot", BB_OPT_FLAG, &reboot, 0, 0, NULL, 0 },
		{ "s|shutdown", BB_OPT_FLAG, &shutdown, 0, 0, NULL, 0 },
		{ "k|kill", BB_OPT_FLAG, &kill, 0, 0, NULL, 0 },
		{ "t|timeout", BB_OPT_INT, &timeout, -1, 86400, NULL, 0 },
		{ "L|list", BB_OPT_FLAG, &list, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct entry *v, **sel;
	char **names, *copy = NULL;
	size_t n, k, m = 0, ns = 0, g;
	int pending_delay = 0;
	struct bb_err e;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, 0);
	if (reboot + shutdown + kill > 1)
		bb_error_msg_and_die("-r, -s and -k exclude each other");
	if (ct_list(a.lxcpath, &names, &n, &e) < 0)
		bb_err_die(&e);
	v = xzalloc((n ? n : 1) * sizeof(*v));
	sel = xzalloc((n ? n : 1) * sizeof(*sel));
	for (k = 0; k < n; k++) {
		char *path = xasprintf("%s/%s/config", a.lxcpath, names[k]);
		struct lxc_conf *conf = conf_new();

		if (conf && conf_load_file(conf, path, &e) == 0) {
			if (ignore_auto || conf->start_auto) {
				v[m].name = names[k];
				v[m].order = conf->start_order;
				v[m].delay = conf->start_delay;
				v[m].conf = conf;
				conf = NULL;
				m++;
			}
		} else {
			bb_warn_msg("skipping '%s': %s", names[k], e.msg);
		}
		conf_free(conf);
		free(path);
	}
	qsort(v, m, sizeof(*v), by_order);

	/* The groups, in the order given (lxc-autostart(1): -g may repeat, each a
	 * comma-separated list; an empty name is the group of containers in no
	 * group, the default). Each group takes its members in start order. */
	for (g = 0; g < groups.n; g++) {
		char *p, *tok;

		copy = xstrdup(groups.v[g]);
		for (p = copy; (tok = strsep(&p, ",")) != NULL;)
			bb_strlist_add(&wanted, xstrdup(tok));
		free(copy);
	}
	if (!wanted.n || all)
		bb_strlist_add(&wanted, xstrdup(""));
	for (g = 0; g < wanted.n; g++)
		for (k = 0; k < m; k++)
			if (!v[k].taken && (all || in_group(v[k].conf, wanted.v[g]))) {
				v[k].taken = 1;
				sel[ns++] = &v[k];
			}

	for (k = 0; k < ns; k++) {
		/* Stops and kills go in the reverse order of starts. */
		struct entry *x = (shutdown || kill) ? sel[ns - 1 - k] : sel[k];
		int running = is_running(a.lxcpath, x->name);
		struct container c;
		int r;

		/* Starts act on stopped containers, the rest on running ones. */
		if (running == (!shutdown && !kill && !reboot))
			continue;
		if (list) {
			if (shutdown || kill)
				printf("%s\n", x->name);
			else
				printf("%s %d\n", x->name, x->delay);
			fflush(stdout);
			continue;
		}
		if (ct_init(&c, a.lxcpath, x->name, &e) < 0) {
			bb_err_print(&e);
			fails++;
			continue;
		}
		/* lxc.start.delay: the wait after a start (or reboot) before the
		 * next one; none after the last. */
		if (pending_delay > 0 && !shutdown && !kill)
			sleep(pending_delay);
		pending_delay = 0;
		if (shutdown || kill || reboot) {
			int lock = ct_lock(&c, 0, &e);

			r = lock < 0 ? -1 : ct_stop_lock(&c, lock, (int)timeout,
						     kill ? CT_STOP_KILL : reboot ? CT_STOP_REBOOT : 0, &e);
			ct_unlock(lock);
		} else {
			struct ct_start_opts o = { .logfile = a.logfile, .loglevel = a.loglevel };

			r = ct_start_by_name(a.lxcpath, x->name, &o, &e);
		}
		if (r < 0) {
			bb_err_print(&e);
			fails++;
		} else if (!shutdown && !kill) {
			pending_delay = x->delay;
		}
		ct_free(&c);
	}
	for (k = 0; k < m; k++)
		conf_free(v[k].conf);
	free(v);
	free(sel);
	for (g = 0; g < wanted.n; g++)
		free((char *)wanted.v[g]);
	bb_strlist_free(&wanted);
	ct_list_free(names, n);
	bb_strlist_free(&groups);
	return fails ? 1 : 0;
}
