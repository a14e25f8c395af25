/* Unit tests of libbb/rootfs.c's rootfs_mount_opts: an fstab options field
 * (lxc.mount.entry, lxc.rootfs.options) split into mount flags, LXC's
 * extras and the options left for the file system. */
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "libbb.h"
#include "rootfs.h"
#include "tap.h"

static const struct {
	const char *opts;
	unsigned long flags;
	unsigned extra;
	const char *data;
} cases[] = {
	{ "", 0, 0, "" },
	{ "defaults", 0, 0, "" },
	{ "ro,nosuid,nodev,noexec", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, 0, "" },
	{ "ro,rw", 0, 0, "" },
	{ "rw,ro", MS_RDONLY, 0, "" },
	{ "nosuid,suid,nodev,dev,noexec,exec,noatime,atime", 0, 0, "" },
	{ "nodiratime,relatime,strictatime,sync,dirsync,mand",
	  MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME | MS_SYNCHRONOUS | MS_DIRSYNC | MS_MANDLOCK, 0, "" },
	{ "bind", MS_BIND, 0, "" },
	{ "rbind,rslave", MS_BIND | MS_REC | MS_SLAVE, 0, "" },
	{ "private,rprivate", MS_PRIVATE | MS_REC, 0, "" },
	{ "slave,shared,rshared", MS_SLAVE | MS_SHARED | MS_REC, 0, "" },
	{ "auto,noauto", 0, 0, "" },
	{ "bind,create=dir,optional", MS_BIND, MX_CREATE_DIR | MX_OPTIONAL, "" },
	{ "create=file", 0, MX_CREATE_FILE, "" },
	{ "size=10m,mode=755,ro", MS_RDONLY, 0, "size=10m,mode=755" },
	{ "RO,Bind,create=DIR", 0, 0, "RO,Bind,create=DIR" },
	{ "uid=0,,gid=0", 0, 0, "uid=0,gid=0" },
	{ "romantic,rbinds", 0, 0, "romantic,rbinds" },
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long flags = 1;
		unsigned extra = 99;
		char *data = NULL;
		struct bb_err e;
		int r = rootfs_mount_opts(cases[i].opts, &flags, &extra, &data, &e);

		ok(r == 0 && flags == cases[i].flags && extra == cases[i].extra && data &&
		   strcmp(data, cases[i].data) == 0, "'%s': flags %#lx extra %u data '%s'", cases[i].opts,
		   flags, extra, data ? data : "(null)");
		free(data);
	}
	return done_testing();
}
