/* freeze: freeze every process of a container (lxc-freeze). */
//config:config FREEZE
//config:	bool "freeze: freeze a container (lxc-freeze)"
//config:	default y
//config:	help
//config:	  Freeze every process of a running container through its cgroup
//config:	  (v1 freezer or v2 cgroup.freeze) and wait until it is frozen.
//applet:freeze lxc-freeze
//usage:-n NAME [-t SECONDS] [-P LXCPATH]
//usage:
//usage:Freeze the container NAME and wait until all its processes are frozen.
//usage:
//usage:  -n, --name NAME      the container
//usage:  -t, --timeout SECS   give up (and thaw again) after that long (default: wait)
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
//usage:
//usage:Exit status: 0 frozen (also when it already was), 1 failed or not running.
#include "container.h"

int freeze_main(int argc, char **argv)
{
	return ct_freeze_main(argc, argv, 1);
}
