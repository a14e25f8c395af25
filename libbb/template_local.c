/* The built-in local template: a rootfs from a tarball (-- --fstree FILE),
 * plain, gzip or xz (told by its magic bytes, not its name: unz.h),
 * extracted in process by tar.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "create.h"
#include "tar.h"
#include "unz.h"

static int extract(int fd, const char *file, int rootfs, volatile int *stop, struct bb_err *e)
{
	struct unz *u = unz_open(fd, 0, UNZ_TO_EOF, UNZ_DETECT, file, e);
	struct tar_stats st;
	int r;

	if (!u)
		return -1;
	r = tar_extract(rootfs, unz_read, u, 0, stop, &st, e);
	unz_close(u);
	if (r < 0 && strncmp(e->msg, file, strlen(file))) {
		struct bb_err inner = *e;

		return bb_err_set(e, inner.errnum, "%s: %s", file, inner.msg);
	}
	return r;
}

int tmpl_local(struct tmpl_ctx *x, struct bb_err *e)
{
	static const char *const keys[] = { "fstree", "metadata", NULL };
	const char *vals[2] = { NULL, NULL };
	char *hn = NULL;
	int fd, r, efd;

	if (tmpl_args(x->argc, x->argv, keys, vals, "local", e) < 0)
		return -1;
	if (vals[1])
		return bb_err_set(e, 0, "template local: --metadata is not supported (give the rootfs with --fstree FILE)");
	if (!vals[0])
		return bb_err_set(e, 0, "template local: no rootfs tarball given (-- --fstree FILE.tar[.gz|.xz])");
	fd = open(vals[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s'", vals[0]);
	r = extract(fd, vals[0], x->rootfs, x->stop, e);
	close(fd);
	if (r < 0)
		return -1;
	/* Like LXC's download template: the image's /etc gets the name. */
	efd = openat(x->rootfs, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (efd >= 0) {
		close(efd);
		if (asprintf(&hn, "%s\n", x->name) < 0)
			return bb_err_set(e, ENOMEM, "hostname");
		r = write_file_at(x->rootfs, "etc/hostname", hn, 0644, e);
		free(hn);
		if (r < 0)
			return -1;
	}
	fprintf(x->conf,
		"lxc.arch = %s\n"
		"lxc.autodev = 1\n"
		"lxc.mount.auto = proc:mixed sys:ro cgroup:mixed\n"
		"lxc.tty.max = 4\n"
		"lxc.pty.max = 1024\n",
		lxc_arch());
	return 0;
}
