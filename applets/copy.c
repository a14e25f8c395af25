/* copy: clone a container, fully or as an overlay snapshot (lxc-copy). */
//config:config COPY
//config:	bool "copy: clone a container (lxc-copy)"
//config:	default y
//config:	help
//config:	  Copy a container (rootfs and config, new name and MAC addresses),
//config:	  or make an overlayfs snapshot clone of it, atomically.
//applet:copy lxc-copy
//usage:-n NAME -N NEWNAME [-s] [-B dir|overlay] [-K] [-M] [-a] [-p NEWPATH] [-P LXCPATH]
//usage:
//usage:Copy the container NAME to NEWNAME.
//usage:
//usage:  -n, --name NAME         the original
//usage:  -N, --newname NEW       the copy
//usage:  -p, --newpath PATH      the copy's lxcpath (default: the original's)
//usage:  -s, --snapshot          an overlay snapshot: NEW/delta0 over NAME's rootfs
//usage:  -B, --backingstorage B  dir (a full copy) or overlay (a snapshot)
//usage:  -K, --keepname          keep the hostname (lxc.uts.name, /etc/hostname)
//usage:  -M, --keepmac           keep the MAC addresses (lxc.net.N.hwaddr)
//usage:  -a, --allowrunning      copy a running container
//usage:  -P, --lxcpath PATH      containers' directory (default: /var/lib/lxc)
#include <signal.h>

#include "create.h"

int copy_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	const char *newname = NULL, *newpath = NULL, *bdev = NULL;
	int snap = 0, keepname = 0, keepmac = 0, running = 0;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "N|newname", BB_OPT_STR, &newname, 0, 0, NULL, 0 },
		{ "p|newpath", BB_OPT_STR, &newpath, 0, 0, NULL, 0 },
		{ "s|snapshot", BB_OPT_FLAG, &snap, 0, 0, NULL, 0 },
		{ "B|backingstorage", BB_OPT_STR, &bdev, 0, 0, NULL, 0 },
		{ "K|keepname", BB_OPT_FLAG, &keepname, 0, 0, NULL, 0 },
		{ "M|keepmac", BB_OPT_FLAG, &keepmac, 0, 0, NULL, 0 },
		{ "a|allowrunning", BB_OPT_FLAG, &running, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct container c;
	struct bb_err e;
	unsigned flags = (snap ? CT_COPY_SNAPSHOT : 0);

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (!newname)
		bb_error_msg_and_die("no new name given (-N NEWNAME)");
	if (newpath && newpath[0] != '/')
		bb_error_msg_and_die("new lxcpath '%s' is not an absolute path", newpath);
	flags = (snap ? CT_COPY_SNAPSHOT : 0) | (keepname ? CT_COPY_KEEPNAME : 0) |
		(keepmac ? CT_COPY_KEEPMAC : 0) | (running ? CT_COPY_ALLOW_RUNNING : 0);
	if (ct_init(&c, a.lxcpath, a.name, &e) < 0)
		bb_err_die(&e);
	if (ct_copy(&c, newpath, newname, bdev, flags, &e) < 0) {
		bb_err_print(&e);
		if (ct_interrupted) {
			signal(ct_interrupted, SIG_DFL);
			raise(ct_interrupted);
		}
		return 1;
	}
	ct_free(&c);
	return 0;
}
