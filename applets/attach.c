/* attach: run a command inside a running container (lxc-attach). */
//config:config ATTACH
//config:	bool "attach: run a command in a running container (lxc-attach)"
//config:	default y
//config:	help
//config:	  Enter a running container's namespaces and run a command (or the
//config:	  user's login shell) with the container's capability bounding set,
//config:	  no_new_privs and environment; a pty when on a terminal.
//applet:attach lxc-attach
//usage:-n NAME [-s NAMESPACES] [-e] [-u UID] [-g GID] [--clear-env|--keep-env] [-v VAR=VALUE]... [--keep-var VAR]... [-L FILE] [-R] [-P LXCPATH] [-- COMMAND...]
//usage:
//usage:Run COMMAND (default: the user's login shell) inside the running container NAME.
//usage:
//usage:  -n, --name NAME          the container
//usage:  -s, --namespaces NS      only these, '|'-separated: MOUNT PID UTSNAME IPC USER NETWORK CGROUP
//usage:  -e, --elevated-privileges  keep every capability (no drop, no no_new_privs)
//usage:  -u, --uid UID            run as this user (default: lxc.init.uid, root)
//usage:  -g, --gid GID            run as this group
//usage:      --clear-env          start from an empty environment (container=lxc, PATH, TERM)
//usage:      --keep-env           keep this environment (the default)
//usage:  -v, --set-var VAR=VALUE  set a variable (repeatable)
//usage:      --keep-var VAR       keep VAR with --clear-env (repeatable)
//usage:  -L, --pty-log FILE       copy the pty's output to FILE
//usage:  -R, --remount-sys-proc   remount /proc and /sys when not joining the mount namespace
//usage:  -P, --lxcpath PATH       containers' directory (default: /var/lib/lxc)
//usage:
//usage:The exit status is the command's (128+N when killed by signal N).
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"

int attach_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct bb_strlist set_vars = { 0 }, keep_vars = { 0 };
	const char *ns = NULL;
	long uid = -1, gid = -1;
	int elevated = 0, clear_env = 0, keep_env = 0, remount = 0, i, r;
	struct attach_opts o = { 0 };
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "s|namespaces", BB_OPT_STR, &ns, 0, 0, NULL, 0 },
		{ "e|elevated-privileges", BB_OPT_FLAG, &elevated, 0, 0, NULL, 0 },
		{ "u|uid", BB_OPT_INT, &uid, 0, 0x7fffffff, NULL, 0 },
		{ "g|gid", BB_OPT_INT, &gid, 0, 0x7fffffff, NULL, 0 },
		{ "|clear-env", BB_OPT_FLAG, &clear_env, 0, 0, NULL, 0 },
		{ "|keep-env", BB_OPT_FLAG, &keep_env, 0, 0, NULL, 0 },
		{ "v|set-var", BB_OPT_LIST, &set_vars, 0, 0, NULL, 0 },
		{ "|keep-var", BB_OPT_LIST, &keep_vars, 0, 0, NULL, 0 },
		{ "L|pty-log", BB_OPT_STR, &o.log_file, 0, 0, NULL, 0 },
		{ "R|remount-sys-proc", BB_OPT_FLAG, &remount, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	size_t k;

	/* Enter containers only from a sealed copy of this binary. */
	if (reexec_sealed(argv) < 0)
		bb_perror_msg_and_die("can't re-execute from a sealed memfd");
	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (clear_env && keep_env)
		bb_error_msg_and_die("--clear-env and --keep-env exclude each other");
	for (k = 0; k < set_vars.n; k++)
		if (!strchr(set_vars.v[k], '='))
			bb_error_msg_and_die("-v '%s' wants VAR=VALUE", set_vars.v[k]);
	if (ns && !(o.namespaces = attach_parse_namespaces(ns, &e)))
		bb_err_die(&e);
	o.lxcpath = a.lxcpath;
	o.name = a.name;
	o.elevated = elevated;
	o.uid = uid;
	o.gid = gid;
	o.clear_env = clear_env;
	o.set_vars = &set_vars;
	o.keep_vars = &keep_vars;
	o.remount_sys_proc = remount;
	o.cmd = argv + i;
	r = ct_attach(&o, &e);
	if (r < 0)
		bb_err_die(&e);
	return r;
}
