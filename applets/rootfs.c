/* rootfs: build a Debian root file system, verified, with no host tools
 * (a debootstrap: rootfs-builder/rb.h). */
//config:config ROOTFS
//config:	bool "rootfs: build a Debian root file system (debootstrap)"
//config:	default y
//config:	help
//config:	  A built-in, verified debootstrap: InRelease's OpenPGP signature,
//config:	  the indexes' and packages' SHA-256, the dependency closure,
//config:	  parallel downloads unpacked as they arrive, dpkg's database and
//config:	  the maintainer scripts. Also `create -t debian`.
//applet:rootfs debootstrap
//usage:[OPTIONS] SUITE DIR [MIRROR]
//usage:or: --tar=FILE [OPTIONS] SUITE [MIRROR]
//usage:
//usage:Build a Debian root file system for SUITE (bookworm, trixie ...) in DIR,
//usage:from MIRROR (default: the first Debian mirror of the host's apt sources).
//usage:
//usage:      --variant=V       essential, required, minbase (default), apt,
//usage:                        important or standard
//usage:  -a, --arch=ARCH       Debian architecture (default: this machine's)
//usage:      --components=C,.. archive components (default: main)
//usage:      --include=P,..    more packages (with their dependencies)
//usage:      --exclude=P,..    packages to leave out
//usage:      --keyring=FILE    OpenPGP keys, binary or armoured (default:
//usage:                        /usr/share/keyrings/debian-archive-keyring.gpg)
//usage:      --no-check-sig    do not check the archive's signature (warns)
//usage:      --ca=FILE         CA certificates for https (default: the system's)
//usage:      --tar=FILE        write a tarball (.tar or .tar.gz) instead of DIR
//usage:      --slim            no docs, man pages or translations (also later)
//usage:      --security-mirror=URL  add SUITE-security to the root's apt sources
//usage:      --conns=N         parallel downloads (default 4)
//usage:      --timeout=S       give up on a server silent for S seconds (30)
//usage:      --jobs=N          maintainer scripts run at once (default: one
//usage:                        per CPU; 1: one at a time, in order)
//usage:      --cache-dir=DIR   cache (default /var/cache/ctbox/debian)
//usage:      --no-cache        neither use nor fill the cache
//usage:      --flush-cache     rebuild the cached root
//usage:      --no-merged-usr   /bin, /sbin, /lib as directories
//usage:  -q, --quiet           no progress
#include <signal.h>
#include <string.h>

#include "rb.h"

static volatile int stop_sig;

static void on_signal(int sig)
{
	stop_sig = sig;
}

int rootfs_main(int argc, char **argv)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa = { .sa_handler = on_signal };
	struct rb_opts o = { 0 };
	struct bb_err e;
	int i = rb_cli_parse(argc, argv, &o, 0, &e), left, r;
	size_t k;

	if (i == -2) {
		bb_show_usage_to(stdout);
		return 0;
	}
	if (i < 0)
		bb_err_die(&e);
	left = argc - i;
	if (left < (o.tar ? 1 : 2) || left > (o.tar ? 2 : 3))
		bb_error_msg_and_die("%s (see --help)", o.tar ? "usage: --tar=FILE SUITE [MIRROR]" :
				     "usage: SUITE DIR [MIRROR]");
	o.suite = argv[i];
	if (!o.tar)
		o.target = argv[i + 1];
	if (left == (o.tar ? 2 : 3)) {
		if (o.mirror)
			bb_error_msg_and_die("two mirrors given (--mirror and an argument)");
		o.mirror = argv[argc - 1];
	}
	if (!o.suite[0] || strchr(o.suite, '/') || o.suite[0] == '.')
		bb_error_msg_and_die("bad suite name '%s'", o.suite);
	o.stop = &stop_sig;
	for (k = 0; k < sizeof(sigs) / sizeof(sigs[0]); k++)
		sigaction(sigs[k], &sa, NULL);
	r = rb_build(&o, &e);
	if (r < 0) {
		bb_err_print(&e);
		if (stop_sig) {
			signal(stop_sig, SIG_DFL);
			raise(stop_sig);
		}
		return 1;
	}
	return 0;
}
