/* destroy: remove a container (lxc-destroy). */
//config:config DESTROY
//config:	bool "destroy: remove a container (lxc-destroy)"
//config:	default y
//config:	help
//config:	  Remove a container's directory (never following its symlinks out,
//config:	  refusing while anything is mounted in it) and its run-time state.
//applet:destroy lxc-destroy
//usage:-n NAME [-f] [-s] [-P LXCPATH]
//usage:
//usage:Destroy the container NAME: its directory, rootfs and run-time state.
//usage:
//usage:  -n, --name NAME       the container
//usage:  -f, --force           stop (kill) it first if it runs
//usage:  -s, --snapshots       also destroy its snapshots and snapshot clones
//usage:  -P, --lxcpath PATH    containers' directory (default: /var/lib/lxc)
#include "create.h"

int destroy_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	int force = 0, snaps = 0;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "f|force", BB_OPT_FLAG, &force, 0, 0, NULL, 0 },
		{ "s|snapshots", BB_OPT_FLAG, &snaps, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct container c;
	struct bb_err e;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (ct_init(&c, a.lxcpath, a.name, &e) < 0)
		bb_err_die(&e);
	if (ct_destroy(&c, (force ? CT_DESTROY_FORCE : 0) | (snaps ? CT_DESTROY_SNAPSHOTS : 0), &e) < 0)
		bb_err_die(&e);
	ct_free(&c);
	return 0;
}
