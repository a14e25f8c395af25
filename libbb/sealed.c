/* A sealed in-memory copy of this binary: what attach re-executes from and
 * what execute runs as a container's init, so that nothing inside a
 * container can reach the binary on the host through /proc/PID/exe and
 * overwrite it (CVE-2019-5736). */
#include <errno.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libbb.h"
#include "memfd.h"

int bb_sealed_self(struct bb_err *e)
{
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), fd = -1, err;
	struct stat st;

	if (in < 0 || fstat(in, &st) < 0)
		goto fail;
	fd = syscall(SYS_memfd_create, "ctbox", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		goto fail;
	for (off_t done = 0; done < st.st_size;) {
		ssize_t n = sendfile(fd, in, NULL, st.st_size - done);

		if (n <= 0)
			goto fail;
		done += n;
	}
	if (fcntl(fd, F_ADD_SEALS, SEALED_FOR_GOOD) < 0)
		goto fail;
	close(in);
	return fd;
fail:
	err = errno;
	if (in >= 0)
		close(in);
	if (fd >= 0)
		close(fd);
	return bb_err_set(e, err, "can't make a sealed copy of ctbox");
}
