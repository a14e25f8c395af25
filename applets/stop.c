/* stop: stop a container (lxc-stop). */
//config:config STOP
//config:	bool "stop: stop a container (lxc-stop)"
//config:	default y
//config:	help
//config:	  Ask a container's init to halt (lxc.signal.halt), and kill every
//config:	  process of the container when it has not stopped in time.
//applet:stop lxc-stop
//usage:-n NAME [-r] [-k] [-t SECONDS] [--nokill] [--nowait] [-P LXCPATH]
//usage:
//usage:Stop the container NAME: its halt signal, then SIGKILL after the timeout.
//usage:
//usage:  -n, --name NAME      the container
//usage:  -r, --reboot         reboot it instead (its reboot signal; the monitor restarts it)
//usage:  -k, --kill           kill it at once
//usage:  -t, --timeout SECS   wait that long before killing (default 60; -1: forever)
//usage:      --nokill         only ask: never kill
//usage:  -W, --nowait         do not wait for it to stop
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
//usage:
//usage:Exit status: 0 stopped, 1 failed, 2 it was not running.
#include "container.h"

int stop_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	int reboot = 0, kill = 0, nokill = 0, nowait = 0, lock, r;
	long timeout = 60;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "r|reboot", BB_OPT_FLAG, &reboot, 0, 0, NULL, 0 },
		{ "k|kill", BB_OPT_FLAG, &kill, 0, 0, NULL, 0 },
		{ "t|timeout", BB_OPT_INT, &timeout, -1, 86400 * 365, NULL, 0 },
		{ "|nokill", BB_OPT_FLAG, &nokill, 0, 0, NULL, 0 },
		{ "W|nowait", BB_OPT_FLAG, &nowait, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct container c;
	struct bb_err e;
	unsigned flags = 0;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (kill && (reboot || nokill))
		bb_error_msg_and_die("-k excludes -r and --nokill");
	if (ct_init(&c, a.lxcpath, a.name, &e) < 0)
		bb_err_die(&e);
	if (!ct_defined(&c))
		bb_error_msg_and_die("container '%s' does not exist", c.name);
	flags |= kill ? CT_STOP_KILL : 0;
	flags |= reboot ? CT_STOP_REBOOT : 0;
	flags |= nowait ? CT_STOP_NOWAIT : 0;
	flags |= nokill ? CT_STOP_NOKILL : 0;
	lock = ct_lock(&c, 0, &e);
	if (lock < 0)
		bb_err_die(&e);
	r = ct_stop_lock(&c, lock, (int)timeout, flags, &e);
	ct_unlock(lock);
	if (r < 0)
		bb_err_die(&e);
	if (r == 1) {
		if (!a.quiet)
			bb_error_msg("'%s' is not running", c.name);
		return 2;
	}
	ct_free(&c);
	return 0;
}
