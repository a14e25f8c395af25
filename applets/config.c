/* config (lxc-config): print LXC settings, the system's or a container's.
 *
 *   config -l                 the system keys (lxc.lxcpath ...)
 *   config KEY                a system key's value
 *   config -n NAME -l         every container key ctbox supports
 *   config -n NAME KEY        that container's value (lists: one per line)
 *   config -n NAME            its whole configuration as ctbox reads it
 */
//config:config CONFIG
//config:	bool "config (lxc-config): print system and container settings"
//config:	default y
//config:	help
//config:	  Print LXC's system settings (lxc.lxcpath, lxc.default_config,
//config:	  lxc.cgroup.pattern) like lxc-config, or with -n NAME the value of
//config:	  a key of that container's configuration, checked as start reads it.
//applet:config lxc-config
//usage:[-l | KEY]   or   -n NAME [-P LXCPATH] [-l | KEY]
//usage:Print a system setting (lxc.lxcpath, lxc.default_config, lxc.cgroup.pattern)
//usage:or, with -n, a container's setting; lists print one item per line.
//usage:	-l, --list		list the keys (with -n: every container key ctbox supports)
//usage:	-n, --name NAME		the container LXCPATH/NAME/config
//usage:	-P, --lxcpath PATH	where containers live (default: lxc.lxcpath)
//usage:With -n and no KEY, print the whole configuration as ctbox reads it.
#include <stdio.h>
#include <stdlib.h>

#include "conf.h"
#include "libbb.h"

static int list_keys(const char *(*name)(size_t))
{
	const char *k;
	size_t i;

	for (i = 0; (k = name(i)) != NULL; i++)
		printf("%s\n", k);
	return 0;
}

static int container(struct lxc_args *a, int list, const char *key)
{
	struct lxc_conf *c;
	struct bb_err e;
	char *path, *value;

	if (list)
		return list_keys(conf_key_name);
	path = xasprintf("%s/%s/config", a->lxcpath, a->name);
	c = conf_new();
	if (!c)
		bb_error_msg_and_die("out of memory");
	if (conf_load_file(c, path, &e) < 0)
		bb_err_die(&e);
	if (!key) {
		if (conf_dump(c, stdout) < 0)
			bb_perror_msg_and_die("write");
	} else {
		if (conf_get(c, key, &value, &e) < 0)
			bb_err_die(&e);
		if (*value)
			printf("%s\n", value);
		free(value);
	}
	conf_free(c);
	free(path);
	return 0;
}

int config_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	int list = 0, i;
	const struct bb_opt spec[] = {
		{ "l|list", BB_OPT_FLAG, &list, 0, 0, NULL, 0 },
		{ "n|name", BB_OPT_STR, &a.name, 0, 0, NULL, 0 },
		{ "P|lxcpath", BB_OPT_STR, &a.lxcpath, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	const char *key;
	struct bb_err e;
	char *value;

	i = bb_getopt(argc, argv, spec, 0);
	if (argc - i > 1 || (list && argc - i > 0))
		bb_show_usage();
	key = i < argc ? argv[i] : NULL;
	if (a.name) {
		if (!a.lxcpath) {
			value = conf_system_get("lxc.lxcpath", &e);
			if (!value)
				bb_err_die(&e);
			a.lxcpath = value; /* lives until exit */
		}
		lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
		return container(&a, list, key);
	}
	if (a.lxcpath)
		bb_error_msg_and_die("-P needs -n NAME");
	if (list)
		return list_keys(conf_system_key);
	if (!key) {
		/* lxc-config without arguments: its usage, exit 0 */
		bb_show_usage_to(stdout);
		return 0;
	}
	value = conf_system_get(key, &e);
	if (!value)
		bb_err_die(&e);
	printf("%s\n", value);
	free(value);
	return 0;
}
