/* A netlink socket inside another network namespace. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include "netlink.h"
#include "netns.h"

int netns_nl_open(int nsfd, struct nl_sock *s, int proto, struct bb_err *e)
{
	/* A socket stays in the namespace it was made in: step in, open it,
	 * step back (this thread only). */
	int saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC), ret;

	if (saved < 0)
		return bb_err_set(e, errno, "cannot open /proc/thread-self/ns/net");
	if (setns(nsfd, CLONE_NEWNET) < 0) {
		ret = bb_err_set(e, errno, "cannot enter the network namespace");
		close(saved);
		return ret;
	}
	ret = nl_open(s, proto, e);
	if (setns(saved, CLONE_NEWNET) < 0) {
		int err = errno;

		if (ret == 0)
			nl_close(s);
		ret = bb_err_set(e, err, "cannot return to the original network namespace");
	}
	close(saved);
	return ret;
}
