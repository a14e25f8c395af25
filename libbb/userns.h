/* userns: the id maps of a user namespace: LXC's "u|g|b:NSID:HOSTID:RANGE"
 * notation (lxc-usernsexec -m), the caller's ranges in /etc/subuid and
 * /etc/subgid, checks, and writing a process's maps (directly as root,
 * through shadow's newuidmap/newgidmap otherwise). Every function returns
 * 0 (or a count) or -1 with e, and never exits. */
#ifndef CTBOX_USERNS_H
#define CTBOX_USERNS_H

#include <sys/types.h>

#include "conf.h"

/* The most lines a map file takes (the kernel's limit since 4.15). */
#define USERNS_MAX_LINES 340

/* "u:0:100000:65536" ('b' for both uids and gids) into out[0] (and out[1]
 * for 'b': 'u' then 'g'). Decimal numbers; RANGE >= 1 and both ranges
 * within 32 bits. Returns the number of entries (1 or 2), or -1 with e. */
int userns_parse_map(const char *s, struct conf_idmap out[2], struct bb_err *e);

/* The first range of user NAME (or of its numeric id, as shadow also
 * accepts) in FILE ("/etc/subuid": NAME:START:COUNT lines). 0, or -1
 * with e ("FILE has no range for NAME", errnum 0, when the user has none). */
int userns_subid(const char *file, const char *name, unsigned long id,
		 unsigned long *start, unsigned long *count, struct bb_err *e);

/* The maps of one kind must not overlap inside nor on the host, and must
 * fit the kernel's limit on lines. 0, or -1 with e naming the two maps. */
int userns_check_maps(const struct conf_idmap *m, size_t n, struct bb_err *e);

/* Whether id (inside) of kind 'u' or 'g' is mapped. */
int userns_maps_id(const struct conf_idmap *m, size_t n, char kind, unsigned long id);

/* The lowest id inside of kind that no map covers. */
unsigned long userns_first_free(const struct conf_idmap *m, size_t n, char kind);

/* Write the 'u' and 'g' maps of pid (just moved into a new user namespace):
 * into /proc/PID/uid_map and gid_map as root, through newuidmap/newgidmap
 * otherwise (which check them against /etc/subuid and /etc/subgid). Both
 * kinds must have lines. `what` names the maps in messages ("lxc.idmap"):
 * "lxc.idmap has no 'g' line", "newuidmap refused lxc.idmap's 'u' lines". */
int userns_write_maps(pid_t pid, const struct conf_idmap *m, size_t n, const char *what,
		      struct bb_err *e);

/* Map the caller's own uid and gid (one each) to nsuid and nsgid in pid's
 * new user namespace, with no helper: an unprivileged caller may do that
 * much once /proc/PID/setgroups says "deny" (written first when not root). */
int userns_map_self(pid_t pid, uid_t nsuid, gid_t nsgid, struct bb_err *e);

#endif
