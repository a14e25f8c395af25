/* checkpoint: lxc-checkpoint's options, and a clear "not available".
 *
 * Checkpoint/restore needs CRIU (the criu tool and a kernel built with
 * CONFIG_CHECKPOINT_RESTORE); ctbox includes neither. This applet parses
 * lxc-checkpoint's command line as it does (so a script with a wrong one
 * hears about that first), then exits 1 saying what would be needed. It
 * never touches the container.
 */
//config:config CHECKPOINT
//config:	bool "checkpoint: say checkpoint/restore is unavailable (lxc-checkpoint)"
//config:	default y
//config:	help
//config:	  ctbox cannot checkpoint or restore a container: that needs CRIU
//config:	  (the criu tool and a kernel with CONFIG_CHECKPOINT_RESTORE), which
//config:	  ctbox does not include. This applet only takes lxc-checkpoint's
//config:	  options and exits 1 with a message saying so, so that a script
//config:	  gets a precise error rather than "command not found". It never
//config:	  pretends to have done anything. Also answers to lxc-checkpoint.
//applet:checkpoint lxc-checkpoint
//usage:-n NAME -D DIR [-r [-d|-F]] [-s] [-p [--predump-dir DIR]] [-v] [-A SCRIPT] [-P LXCPATH]
//usage:
//usage:Not available in ctbox: checkpoint/restore needs CRIU (the criu tool and a
//usage:kernel with CONFIG_CHECKPOINT_RESTORE), which ctbox does not include. The
//usage:options of lxc-checkpoint are checked, then it exits 1 saying so.
//usage:
//usage:  -n, --name NAME             the container
//usage:  -D, --checkpoint-dir DIR    the directory of the checkpoint (required)
//usage:  -r, --restore               restore instead of checkpointing (not with -s, -p)
//usage:  -s, --stop                  stop the container after checkpointing
//usage:  -p, --pre-dump              only pre-dump the memory
//usage:      --predump-dir DIR       images of a previous pre-dump (relative to -D)
//usage:  -v, --verbose               verbose criu logs
//usage:  -A, --action-script PATH    criu's action script
//usage:  -d, --daemon                restore in the background (with -r; default)
//usage:  -F, --foreground            restore in the foreground (with -r)
//usage:      --rcfile FILE           the configuration to restore with
//usage:  -P, --lxcpath PATH          containers' directory (default: /var/lib/lxc)
//usage:
//usage:Exit status: always 1.
#include "libbb.h"

int checkpoint_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	const char *dir = NULL, *script = NULL, *predump_dir = NULL, *rcfile = NULL;
	int restore = 0, stop = 0, verbose = 0, daemon = 0, foreground = 0, predump = 0;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "D|checkpoint-dir", BB_OPT_STR, &dir, 0, 0, NULL, 0 },
		{ "A|action-script", BB_OPT_STR, &script, 0, 0, NULL, 0 },
		{ "s|stop", BB_OPT_FLAG, &stop, 0, 0, NULL, 0 },
		{ "v|verbose", BB_OPT_FLAG, &verbose, 0, 0, NULL, 0 },
		{ "r|restore", BB_OPT_FLAG, &restore, 0, 0, NULL, 0 },
		{ "d|daemon", BB_OPT_FLAG, &daemon, 0, 0, NULL, 0 },
		{ "F|foreground", BB_OPT_FLAG, &foreground, 0, 0, NULL, 0 },
		{ "p|pre-dump", BB_OPT_FLAG, &predump, 0, 0, NULL, 0 },
		{ "|predump-dir", BB_OPT_STR, &predump_dir, 0, 0, NULL, 0 },
		{ "|rcfile", BB_OPT_STR, &rcfile, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (restore && stop)
		bb_error_msg_and_die("-s is not compatible with -r");
	if (!restore && (daemon || foreground))
		bb_error_msg_and_die("-d and -F are only for -r");
	if (!dir || !*dir)
		bb_error_msg_and_die("-D is required");
	if (restore && predump)
		bb_error_msg_and_die("-p is not compatible with -r");
	bb_error_msg("checkpoint/restore needs CRIU, which ctbox does not include "
		     "(%s '%s' %s %s would need the criu tool and a kernel with "
		     "CONFIG_CHECKPOINT_RESTORE, as LXC's lxc-checkpoint uses)",
		     restore ? "restoring" : predump ? "pre-dumping" : "checkpointing",
		     a.name, restore ? "from" : "into", dir);
	return 1;
}
