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
//usage:  -g, --groups GROUPS  those in one of GROUPS (comma-separated, repeatable;
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
};

/* Does one of the comma-separated names in spec match the container's
 * groups? An empty name matches a container without groups. */
static int group_match(const struct lxc_conf *conf, const char *spec)
{
	char *copy = xstrdup(spec), *p = copy, *tok;
	int found = 0;
	size_t i;

	while (!found && (tok = strsep(&p, ",")) != NULL) {
		if (!*tok && !conf->groups.n)
			found = 1;
		for (i = 0; i < conf->groups.n && !found; i++)
			found = strcmp(tok, conf->groups.v[i]) == 0;
	}
	free(copy);
	return found;
}

static int by_order(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->order != b->order)
		return b->order - a->order;
	return strcmp(a->name, b->name);
}

int autostart_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct bb_strlist groups = { 0 };
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
	struct entry *v;
	char **names;
	size_t n, k, m = 0;
	struct bb_err e;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, 0);
	if (reboot + shutdown + kill > 1)
		bb_error_msg_and_die("-r, -s and -k exclude each other");
	if (ct_list(a.lxcpath, &names, &n, &e) < 0)
		bb_err_die(&e);
	v = xzalloc((n ? n : 1) * sizeof(*v));
	for (k = 0; k < n; k++) {
		char *path = xasprintf("%s/%s/config", a.lxcpath, names[k]);
		struct lxc_conf *conf = conf_new();
		int want = 0;
		size_t g;

		if (conf && conf_load_file(conf, path, &e) == 0) {
			want = ignore_auto || conf->start_auto;
			if (want && !all) {
				if (groups.n) {
					for (g = 0, want = 0; g < groups.n && !want; g++)
						want = group_match(conf, groups.v[g]);
				} else {
					want = conf->groups.n == 0;
				}
			}
			if (want) {
				v[m].name = names[k];
				v[m].order = conf->start_order;
				v[m].delay = conf->start_delay;
				m++;
			}
		} else {
			bb_warn_msg("skipping '%s': %s", names[k], e.msg);
		}
		conf_free(conf);
		free(path);
	}
	qsort(v, m, sizeof(*v), by_order);
	for (k = 0; k < m; k++) {
		/* Stops and kills go in the reverse order of starts. */
		struct entry *x = (shutdown || kill) ? &v[m - 1 - k] : &v[k];
		struct container c;
		int r;

		if (list) {
			if (shutdown || kill)
				printf("%s\n", x->name);
			else
				printf("%s %d\n", x->name, x->delay);
			continue;
		}
		if (ct_init(&c, a.lxcpath, x->name, &e) < 0) {
			bb_err_print(&e);
			fails++;
			continue;
		}
		if (shutdown || kill || reboot) {
			int lock = ct_lock(&c, 0, &e);

			r = lock < 0 ? -1 : ct_stop(&c, (int)timeout,
						     kill ? CT_STOP_KILL : reboot ? CT_STOP_REBOOT : 0, &e);
			ct_unlock(lock);
			if (r < 0) {
				bb_err_print(&e);
				fails++;
			}
		} else {
			struct ct_status st;
			struct ct_start_opts o = { .logfile = a.logfile, .loglevel = a.loglevel };

			if (ct_get_status(&c, &st, &e) == 0 && st.state != CT_STOPPED) {
				ct_free(&c);
				continue;
			}
			if (ct_start_by_name(a.lxcpath, x->name, &o, &e) < 0) {
				bb_err_print(&e);
				fails++;
			} else if (x->delay > 0 && k + 1 < m) {
				sleep(x->delay);
			}
		}
		ct_free(&c);
	}
	free(v);
	ct_list_free(names, n);
	bb_strlist_free(&groups);
	return fails ? 1 : 0;
}
