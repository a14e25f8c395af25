/* update-config: rewrite the legacy keys of a container config to the
 * names LXC 3 and later use, in place (lxc-update-config).
 *
 * As lxc-update-config: no argument prints the usage and exits 0; a file
 * with legacy keys is copied to FILE.backup, then rewritten; success is
 * silent. Unlike it, a file without legacy keys is left alone (no backup
 * written over an earlier one) and says so; the rewrite is atomic.
 */
//config:config UPDATE_CONFIG
//config:	bool "update-config: rewrite legacy config keys (lxc-update-config)"
//config:	default y
//config:	help
//config:	  Rewrite the LXC 2 key names of a container config (lxc.utsname,
//config:	  lxc.rootfs, lxc.network.*, ...) to the names LXC 3 and later use,
//config:	  in place, keeping the old file as FILE.backup. Comments, blank
//config:	  lines and values stay as they are. Also answers to
//config:	  lxc-update-config.
//applet:update-config lxc-update-config
//usage:-c FILE
//usage:
//usage:Rewrite the legacy keys of the container config FILE to the names LXC 3
//usage:and later use (lxc.utsname -> lxc.uts.name, lxc.network.type ->
//usage:lxc.net.0.type, lxc.rootfs -> lxc.rootfs.path = dir:..., ...). The old file
//usage:is kept as FILE.backup; a file without legacy keys is left unchanged.
//usage:
//usage:  -c, --config FILE   the container configuration to update
#include <stdio.h>

#include "libbb.h"
#include "update_config.h"

int update_config_main(int argc, char **argv)
{
	const char *path = NULL;
	const struct bb_opt opts[] = {
		{ "c|config", BB_OPT_STR, &path, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	unsigned changed;

	if (argc < 2) {
		bb_show_usage_to(stdout);
		return 0;
	}
	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	if (!path || !*path)
		bb_error_msg_and_die("no config file given (-c FILE)");
	if (update_config_file(path, &changed, &e) < 0)
		bb_err_die(&e);
	if (!changed)
		printf("%s: no legacy keys, left unchanged\n", path);
	return 0;
}
