/* Which Linux security modules the kernel runs, for the LSM keys of LXC's
 * shipped configs (lxc.apparmor.*, lxc.selinux.*): ctbox loads no
 * profiles; a key is harmless where its LSM is absent, and an error where
 * it would matter (run_plan.c), and info says which are not enforced.
 *
 * /sys/kernel/security/lsm (securityfs) lists the active ones; without
 * securityfs mounted: AppArmor says so in /sys/module/apparmor/parameters/
 * enabled, and SELinux registers selinuxfs only when it is enabled. */
#include <stdlib.h>
#include <string.h>

#include "seccomp.h"

/* Is word in the comma-separated list? */
static int listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0' || p[n] == '\n'))
			return 1;
	return 0;
}

int bb_lsm_active(const char *name)
{
	char *s = read_file("/sys/kernel/security/lsm", 4096, NULL);
	int r;

	if (s) {
		r = listed(s, name);
		free(s);
		return r;
	}
	if (strcmp(name, "apparmor") == 0) {
		s = read_file("/sys/module/apparmor/parameters/enabled", 64, NULL);
		r = s && (s[0] == 'Y' || s[0] == '1');
	} else if (strcmp(name, "selinux") == 0) {
		s = read_file("/proc/filesystems", 1 << 16, NULL);
		r = s && strstr(s, "\tselinuxfs\n") != NULL;
	} else {
		return 0;
	}
	free(s);
	return r;
}
