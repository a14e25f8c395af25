/* cgroup: a running container's cgroup files (lxc-cgroup), on v1, hybrid
 * and v2 hosts alike; cgroup-tools' commands are cgtools.c's. */
//config:config CGROUP
//config:	bool "cgroup: a container's cgroup files (lxc-cgroup)"
//config:	default y
//config:	help
//config:	  Get or set a controller file of a running container, with v1 and
//config:	  v2 names translated to the host's layout. `cgroup SUBCOMMAND`
//config:	  runs cgtools' commands where they are built in.
//applet:cgroup lxc-cgroup
//usage:-n NAME KEY [VALUE]   or   SUBCOMMAND ... (as cgtools)
//usage:
//usage:Print the running container NAME's cgroup file KEY (memory.limit_in_bytes,
//usage:memory.max, cpuset.cpus ...), or set it to VALUE. v1 and v2 names both work.
//usage:  -n, --name NAME      the running container
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
//usage:
//usage:A first argument that is not an option is a cgtools subcommand (create, set,
//usage:get, exec, classify, delete, ls).
#include <stdlib.h>

#include "ct_cgroup.h"

int cgroup_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	const struct bb_opt opts[] = { BB_OPTS_LXC(&a), BB_OPT_ENDMARK };
	const struct cg_host *h;
	struct cg_group g;
	struct container c;
	struct ct_status st;
	struct bb_err e;
	int i;

	if (argc > 1 && argv[1][0] != '-') {
		if (!ENABLE_CGTOOLS)
			bb_error_msg_and_die("'%s': cgroup-tools' commands are not built into this ctbox "
					     "(CGTOOLS)", argv[1]);
		return cgtools_main(argc, argv);
	}
	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	if (argc - i < 1 || argc - i > 2)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (ct_init(&c, a.lxcpath, a.name, &e) < 0 || ct_get_status(&c, &st, &e) < 0)
		bb_err_die(&e);
	if (st.state == CT_STOPPED)
		bb_error_msg_and_die("'%s' is not running", c.name);
	if (ct_cgroup_load(&c, &h, &g, &e) < 0)
		bb_err_die(&e);
	if (argc - i == 2) {
		if (cg_set(h, &g, argv[i], argv[i + 1], &e) < 0)
			bb_err_die(&e);
	} else {
		char *v = cg_get(h, &g, argv[i], &e);

		if (!v)
			bb_err_die(&e);
		printf("%s\n", v);
		free(v);
	}
	ct_free(&c);
	return 0;
}
