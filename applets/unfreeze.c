/* unfreeze: thaw a frozen container (lxc-unfreeze). */
//config:config UNFREEZE
//config:	bool "unfreeze: thaw a frozen container (lxc-unfreeze)"
//config:	default y
//config:	help
//config:	  Thaw the processes of a frozen container through its cgroup
//config:	  (v1 freezer or v2 cgroup.freeze) and wait until they run.
//applet:unfreeze lxc-unfreeze
//usage:-n NAME [-t SECONDS] [-P LXCPATH]
//usage:
//usage:Thaw the container NAME and wait until its processes run again.
//usage:
//usage:  -n, --name NAME      the container
//usage:  -t, --timeout SECS   give up after that long (default: wait)
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
//usage:
//usage:Exit status: 0 running again (also when it was not frozen), 1 failed or not running.
#include "container.h"

int unfreeze_main(int argc, char **argv)
{
	return ct_freeze_main(argc, argv, 0);
}
