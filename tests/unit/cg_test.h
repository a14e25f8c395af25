/* For unit tests that use the kernel's cgroup v2: where it is mounted. */
#ifndef CTBOX_CG_TEST_H
#define CTBOX_CG_TEST_H

#include <stdio.h>
#include <string.h>

/* The first cgroup2 mount point into mnt: 0, or -1 when there is none. */
static inline int cgroup2_mount(char *mnt, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "r");
	char line[4096], point[1024], fstype[64];
	const char *dash;
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f))
		found = (dash = strstr(line, " - ")) && sscanf(dash + 3, "%63s", fstype) == 1 &&
			!strcmp(fstype, "cgroup2") &&
			sscanf(line, "%*s %*s %*s %*s %1023s", point) == 1;
	if (f)
		fclose(f);
	if (found)
		snprintf(mnt, len, "%s", point);
	return found ? 0 : -1;
}

#endif
