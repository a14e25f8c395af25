/* create: create a container from a template (lxc-create). */
//config:config CREATE
//config:	bool "create: create a container (lxc-create)"
//config:	default y
//config:	help
//config:	  Create a container from a built-in template (busybox, local,
//config:	  none) or an LXC template script, atomically: a failed or
//config:	  interrupted create leaves nothing behind.
//applet:create lxc-create
//usage:-n NAME -t TEMPLATE [-f CONFIG] [-B dir] [--dir PATH] [--privileged] [-P LXCPATH] [-- TEMPLATE ARGS]
//usage:
//usage:Create the container NAME in LXCPATH/NAME (config and rootfs).
//usage:Called as create by root, an unprivileged container: 65536 ids of
//usage:its own (lxc.idmap), the rootfs idmapped at start or shifted now.
//usage:Called as lxc-create, privileged unless the config maps ids (as LXC).
//usage:
//usage:  -n, --name NAME      the new container
//usage:  -t, --template T     busybox    a minimal rootfs from a static busybox
//usage:                                  (-- --busybox-path PATH)
//usage:                       local      a rootfs tarball, plain, .gz or .xz
//usage:                                  (-- --fstree FILE)
//usage:                       oci        an image of an OCI image layout, its process
//usage:                                  as lxc.init.cmd (-- --layout LAYOUT[:TAG])
//usage:                       none       only a config (--dir: an existing rootfs)
//usage:                       NAME|PATH  /usr/share/lxc/templates/lxc-NAME, or a script,
//usage:                                  called with --path --name --rootfs and the ARGS
//usage:  -f, --config FILE    initial config (instead of /etc/lxc/default.conf)
//usage:  -B, --bdev dir       backing store (only dir)
//usage:      --dir PATH       the rootfs's place (default: LXCPATH/NAME/rootfs)
//usage:      --privileged     create: a privileged container (no user namespace)
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "create.h"
#include "shift.h"

/* Called by its bare name ("create", "ctbox create"), not as lxc-create? */
static int called_bare(void)
{
	const char *sp = strrchr(applet_invoked, ' ');

	return strcmp(sp ? sp + 1 : applet_invoked, "create") == 0;
}

int create_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct ct_create_opts o = { 0 };
	struct bb_err e;
	int privileged = 0, no_userns = 0, i;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "t|template", BB_OPT_STR, &o.tmpl, 0, 0, NULL, 0 },
		{ "f|config", BB_OPT_STR, &o.conf_file, 0, 0, NULL, 0 },
		{ "B|bdev", BB_OPT_STR, &o.bdev, 0, 0, NULL, 0 },
		{ "|dir", BB_OPT_STR, &o.dir, 0, 0, NULL, 0 },
		{ "|privileged", BB_OPT_FLAG, &privileged, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};

	i = bb_getopt(argc, argv, opts, 0);
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (!o.tmpl)
		bb_error_msg_and_die("no template given (-t busybox, local, none or a template name)");
	o.lxcpath = a.lxcpath;
	o.name = a.name;
	o.argc = argc - i;
	o.argv = argv + i;
	/* Secure by default, as root, where the kernel has user namespaces. */
	if (called_bare() && !privileged && geteuid() == 0) {
		o.secure = shift_have_userns();
		no_userns = !o.secure;
	}
	if (ct_create(&o, &e) < 0) {
		bb_err_print(&e);
		if (ct_interrupted) { /* die of the signal that stopped us */
			signal(ct_interrupted, SIG_DFL);
			raise(ct_interrupted);
		}
		return 1;
	}
	if (no_userns)
		bb_warn_msg("no user namespaces in this kernel: '%s' is a privileged container", o.name);
	return 0;
}
