/* Between stage2.c (the scripts' namespace) and stage2_jobs.c (which
 * scripts run when). */
#ifndef CTBOX_STAGE2_INT_H
#define CTBOX_STAGE2_INT_H

#include <sys/types.h>

#include "stage2.h"

#define S2_WHY_MAX 400

/* The shared state a script touches, as s2_classes reads it: two scripts
 * with a class in common never run at the same time. */
enum {
	S2_DEBCONF = 1u << 0,   /* debconf's database (it refuses a second user) */
	S2_DPKG = 1u << 1,      /* diversions, stat overrides, alternatives */
	S2_USERS = 1u << 2,     /* passwd, group, shadow (also read: chown) */
	S2_SHELLS = 1u << 3,    /* /etc/shells */
	S2_LDCONFIG = 1u << 4,  /* ld.so.cache (ldconfig's temporary has one name) */
	S2_RC = 1u << 5,        /* init script links, inetd.conf */
	S2_CACHES = 1u << 6,    /* the update-* tools and other shared caches */
	S2_ALONE = 1u << 7,     /* not a shell script: it runs alone */
};

/* The classes of a script (its whole text). */
unsigned s2_classes(const char *text, size_t len);

/* One pass over the packages: SCRIPT ARG1 of each (want: NULL for all,
 * else order[i] only where want[i]), a package after those it needs,
 * up to s->jobs at once. configure: the postinst pass, where the states
 * move (half-configured, installed) and dpkg.log says so. Returns 0, or
 * -1 with why. */
struct s2_pass {
	struct rb_stage2 *s;
	const char *script, *arg1;
	const unsigned char *want;
	int configure;
	int logfd;
	const char *dpkg_version; /* the root's dpkg's (set by s2_run_pass) */
	char why[S2_WHY_MAX];
};
int s2_run_pass(struct s2_pass *c);

/* Start argv chrooted into the current directory, with the scripts'
 * environment and extra (NULL-terminated, or NULL), its output to outfd.
 * Returns its pid, or -1. */
pid_t s2_spawn(char *const argv[], char *const *extra, int outfd);

/* After the postinst pass: what the packages' triggers files activate
 * ("activate", "activate-await", "activate-noawait", as dpkg does when
 * it configures them), added to var/lib/dpkg/triggers/Unincorp for dpkg
 * to take in. Returns 1 when Unincorp holds something (the scripts'
 * dpkg-trigger calls too), 0 when not, -1 with why. */
int s2_activate_triggers(struct s2_pass *c);

#endif
