/* Giving back what a long-lived process of this binary no longer uses:
 * the monitor parsed configs, set up mounts and cgroups, then only waits.
 * Read-only mappings of the binary (code, constants) can be dropped from
 * its resident set: the pages stay in the page cache and come back on
 * use. So can the stack below the current frame. Writable data is kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libbb.h"

void bb_trim_resident(void)
{
	char line[512], exe[256];
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	long page = sysconf(_SC_PAGESIZE);
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f || n <= 0) {
		if (f)
			fclose(f);
		return;
	}
	exe[n] = '\0';
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char perms[8], path[300] = "";

		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %299[^\n]", &lo, &hi, perms, path) < 3)
			continue;
		if (strcmp(path, "[stack]") == 0) {
			/* Below this frame, with a page of margin for the calls
			 * still to come (madvise itself). */
			unsigned long top = (sp - 2 * page) & ~(unsigned long)(page - 1);

			if (top > lo)
				madvise((void *)lo, top - lo, MADV_DONTNEED);
		} else if (perms[1] != 'w' && perms[3] == 'p' &&
			   strncmp(path, exe, strlen(exe)) == 0) {
			/* MADV_RANDOM: a page that comes back does not bring
			 * its neighbours (the kernel's fault-around). */
			madvise((void *)lo, hi - lo, MADV_RANDOM);
			madvise((void *)lo, hi - lo, MADV_DONTNEED);
		}
	}
	fclose(f);
}
