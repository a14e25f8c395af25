/* start: start a container (lxc-start). */
//config:config START
//config:	bool "start: start a container (lxc-start)"
//config:	default y
//config:	help
//config:	  Start a container in new namespaces under a monitor process that
//config:	  stays its parent: daemonized by default (returns once it runs),
//config:	  or in the foreground with the console on the terminal.
//applet:start lxc-start
//usage:-n NAME [-d|-F] [-f CONFIG] [-s KEY=VAL]... [-c FILE] [-L FILE] [-p PIDFILE] [-P LXCPATH] [-- COMMAND...]
//usage:
//usage:Start the container NAME, running COMMAND instead of lxc.init.cmd when given.
//usage:
//usage:  -n, --name NAME          the container
//usage:  -d, --daemon             run in the background (the default)
//usage:  -F, --foreground         stay in the foreground, the console on this terminal
//usage:  -f, --rcfile CONFIG      read this configuration instead of LXCPATH/NAME/config
//usage:  -s, --define KEY=VAL     set a configuration key (repeatable)
//usage:  -L, --console-log FILE   write the console's output to FILE
//usage:  -c, --console FILE       the same (the console's output goes to FILE)
//usage:  -p, --pidfile FILE       write the monitor's PID to FILE
//usage:  -C, --close-all-fds      accepted: ctbox never hands other file descriptors on
//usage:  -P, --lxcpath PATH       containers' directory (default: /var/lib/lxc)
//usage:  -o, --logfile FILE       log to FILE          -l, --logpriority LEVEL  log level
//usage:  -q, --quiet              no messages
#include <string.h>

#include "start.h"

int start_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct bb_strlist defines = { 0 };
	struct ct_start_opts o = { 0 };
	int daemon = 0, closefds = 0, i, r;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "d|daemon", BB_OPT_FLAG, &daemon, 0, 0, NULL, 0 },
		{ "F|foreground", BB_OPT_FLAG, &o.foreground, 0, 0, NULL, 0 },
		{ "f|rcfile", BB_OPT_STR, &o.rcfile, 0, 0, NULL, 0 },
		{ "s|define", BB_OPT_LIST, &defines, 0, 0, NULL, 0 },
		{ "L|console-log", BB_OPT_STR, &o.console_log, 0, 0, NULL, 0 },
		{ "c|console", BB_OPT_STR, &o.console_log, 0, 0, NULL, 0 },
		{ "p|pidfile", BB_OPT_STR, &o.pidfile, 0, 0, NULL, 0 },
		{ "C|close-all-fds", BB_OPT_FLAG, &closefds, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};

	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (daemon && o.foreground)
		bb_error_msg_and_die("-d and -F exclude each other");
	o.defines = &defines;
	o.cmd = argv + i;
	r = ct_start_applet(&a, &o);
	bb_strlist_free(&defines);
	if (r < 0)
		return 1;
	return o.foreground ? r : 0;
}
