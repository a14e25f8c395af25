/* Capabilities out of the bounding set (lxc.cap.drop / lxc.cap.keep), so
 * that nothing executed later can get them back: PR_CAPBSET_DROP, what
 * libcap's cap_drop_bound does, without libcap (libbb.h). */
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>

#include "libbb.h"

int bb_drop_bound(uint64_t drop, int *failed)
{
	int cap;

	for (cap = 0; cap <= CAP_LAST_CAP; cap++) {
		/* EINVAL: a capability this kernel does not know */
		if ((drop & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) {
			*failed = cap;
			return -1;
		}
	}
	return 0;
}
