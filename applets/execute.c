/* execute: run one command in an application container (lxc-execute). */
//config:config EXECUTE
//config:	bool "execute: run a command in a container (lxc-execute)"
//config:	default y
//config:	depends on INIT
//config:	help
//config:	  Start a container whose PID 1 is ctbox's init running one
//config:	  command; return the command's exit status once it ends, with
//config:	  nothing left behind.
//applet:execute lxc-execute
//usage:-n NAME [-f CONFIG] [-s KEY=VAL]... [-P LXCPATH] [-- COMMAND [ARG]...]
//usage:
//usage:Run COMMAND (default: lxc.execute.cmd) in the container NAME, with the same
//usage:isolation as start, under ctbox's init as PID 1. With a terminal the command
//usage:gets a pty; without, it uses this process's stdin, stdout and stderr.
//usage:
//usage:  -n, --name NAME      the container
//usage:  -f, --rcfile CONFIG  read this configuration instead of LXCPATH/NAME/config
//usage:  -s, --define KEY=VAL set a configuration key (repeatable)
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
//usage:
//usage:Exit status: the command's (128+N when killed by signal N), 1 when it could
//usage:not be started.
#include "start.h"

int execute_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct bb_strlist defines = { 0 };
	struct ct_start_opts o = { 0 };
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "f|rcfile", BB_OPT_STR, &o.rcfile, 0, 0, NULL, 0 },
		{ "s|define", BB_OPT_LIST, &defines, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	int i, r;

	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	o.defines = &defines;
	o.cmd = argv + i;
	o.execute = 1;
	r = ct_start_applet(&a, &o);
	bb_strlist_free(&defines);
	return r < 0 ? 1 : r;
}
