/* Address leases for lxc.net.N.ipv4.address = auto, without dnsmasq.
 *
 * One text file per bridge, DIR/BRIDGE.leases, one lease a line:
 *
 *     10.0.3.2 /var/lib/lxc/web
 *
 * (the address, one space, the owner: the container's lxcpath-qualified
 * name). Every change holds flock(LOCK_EX) on DIR/BRIDGE.lock for the
 * whole read-modify-write and replaces the file by rename, so concurrent
 * starts never share an address and a crash never leaves a torn file.
 * The lock file is never renamed or removed: a lock on a file that is
 * renamed over would not exclude a process that opened the new one.
 *
 * A line that is not a lease (corrupt, hand-edited, hostile) is skipped,
 * but an address it starts with is never handed out, and it is kept
 * when the file is rewritten (cut down to its address when long).
 */
#ifndef CTBOX_LEASE_H
#define CTBOX_LEASE_H

#include <netinet/in.h>
#include <stddef.h>

#include "libbb.h"

/* A lease file larger than this is refused. */
#define LEASE_FILE_MAX (4u << 20)
/* Owners are at most this many bytes (a path and a name). */
#define LEASE_OWNER_MAX 4096

/* Check a bridge name as the kernel does (1..15 bytes, not "." or "..",
 * no '/', ':' or whitespace) and a lease owner (1..LEASE_OWNER_MAX bytes,
 * no whitespace or control characters). 0, or -1 and a reason. */
int lease_check_bridge(const char *bridge, const char **why);
int lease_check_owner(const char *owner, const char **why);

/* Lease the lowest free host address of net_addr/prefix (net_addr may be
 * any address of the subnet) to owner, into *out. Never handed out: the
 * network and broadcast addresses, the nreserved addresses of reserved
 * (the bridge's own, static ones), any address in the file. When owner
 * already holds a usable lease there, that address is returned again and
 * the file is left alone; leases of owner outside the subnet (or
 * reserved since) are dropped. DIR is created (0755) when missing.
 * Errors: prefix > 30 ("no room for addresses in A.B.C.D/P"), no free
 * address (errnum ENOSPC), bad names, I/O. */
int lease_take(const char *dir, const char *bridge, struct in_addr net_addr, unsigned prefix,
	       const struct in_addr *reserved, size_t nreserved, const char *owner,
	       struct in_addr *out, struct bb_err *e);

/* Record a static address of owner on bridge, so that neither another
 * container's claim nor lease_take hands it out again. Already owner's:
 * no change. Another's (static or leased): EADDRINUSE, "A.B.C.D is
 * already used on BRIDGE by OWNER". */
int lease_claim(const char *dir, const char *bridge, struct in_addr addr, const char *owner,
		struct bb_err *e);

/* Drop owner's leases on bridge. No file or no lease is no error. */
int lease_release(const char *dir, const char *bridge, const char *owner, struct bb_err *e);

/* The same on every bridge that has a lease (or lock) file in DIR.
 * Tries them all; the first failure is returned. */
int lease_release_all(const char *dir, const char *owner, struct bb_err *e);

/* Call cb for each lease of bridge, in file order (lines that are not
 * leases are skipped). A non-zero return from cb stops the walk and is
 * returned as is. No file: no call, 0. */
int lease_list(const char *dir, const char *bridge,
	       int (*cb)(struct in_addr a, const char *owner, void *arg),
	       void *arg, struct bb_err *e);

#endif
