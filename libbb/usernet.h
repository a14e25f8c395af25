/* usernet: network interfaces for unprivileged users, as LXC's setuid
 * lxc-user-nic hands them out, without a setuid binary.
 *
 * A root service (`user-nic --serve`) listens on a unix socket. A request
 * carries the caller's network namespace as an fd (SCM_RIGHTS), a bridge,
 * the name wanted inside and optionally an MTU and a MAC. The service
 * takes the caller from the socket's credentials (SO_PEERCRED: uid, then
 * the account's groups by getgrouplist, never from /proc/PID, whose PID
 * may be reused), accepts only a network namespace owned by a user
 * namespace whose owner is that uid, checks /etc/lxc/lxc-usernet (LXC's
 * `USER|@GROUP TYPE BRIDGE COUNT` lines, the counts of every matching line
 * summed as LXC does) against the caller's live NICs in its db (`UID TYPE
 * BRIDGE HOSTVETH` lines; entries whose host veth is gone are dropped
 * first), then makes the pair: host side vethXXXXXX, a port of the bridge
 * and up; the peer made directly in the caller's namespace under its name.
 * A delete request removes a host veth the db records for the caller.
 *
 * Protocol (SOCK_SEQPACKET, one request per connection, text):
 *   "create BRIDGE NAME MTU MAC|-"  + the namespace fd
 *       -> "ok NAME IFINDEX HOSTVETH HOSTIFINDEX" | "error TEXT"
 *   "delete BRIDGE HOSTVETH"        -> "ok" | "error TEXT"
 */
#ifndef CTBOX_USERNET_H
#define CTBOX_USERNET_H

#include <stddef.h>

#include "libbb.h"
#include "netlink.h"

#define USERNET_CONF "/etc/lxc/lxc-usernet"
#define USERNET_DB "/run/ctbox/nics"
#define USERNET_SOCKET "/run/ctbox/user-nic.sock"
/* Picks which service a client asks (the service enforces everything). */
#define USERNET_SOCKET_ENV "CTBOX_USER_NIC_SOCKET"

/* lxc-usernet (text, NUL-terminated): the sum of the counts of the lines
 * for user, or @GROUP for one of groups[0..ngroups), of type and bridge.
 * Blank lines and '#' comments are skipped, as are lines that are not
 * four fields with a decimal count (LXC skips them too). *matched (may be
 * NULL) gets the number of matching lines. */
long usernet_allowed(const char *text, const char *user, const char *const *groups,
		     size_t ngroups, const char *type, const char *bridge, int *matched);

/* The db of NICs handed out. */
struct usernet_nic {
	unsigned long uid;
	char type[16];
	char bridge[16];
	char host[16];
};
struct usernet_db {
	struct usernet_nic *v;
	size_t n, cap;
};
/* Parse db text (lines that do not parse are dropped: the service writes
 * every line itself). 0, or -1 with e (ENOMEM). */
int usernet_db_parse(const char *text, struct usernet_db *db, struct bb_err *e);
/* The db as text (malloc'd), or NULL on ENOMEM. */
char *usernet_db_format(const struct usernet_db *db);
int usernet_db_add(struct usernet_db *db, const struct usernet_nic *nic, struct bb_err *e);
void usernet_db_remove(struct usernet_db *db, size_t i);
/* Entries of uid of that type on bridge. */
size_t usernet_db_count(const struct usernet_db *db, unsigned long uid, const char *type,
			const char *bridge);
void usernet_db_free(struct usernet_db *db);

/* The service. Returns only when it cannot listen (-1 with e). */
struct usernet_paths {
	const char *socket;
	const char *conf;
	const char *db;
};
int usernet_serve(const struct usernet_paths *p, struct bb_err *e);

/* Clients. sock NULL: $CTBOX_USER_NIC_SOCKET, else USERNET_SOCKET. The
 * service's refusal comes back in e as it worded it. */
struct usernet_answer {
	char inside[16];
	int inside_idx;
	char host[16];
	int host_idx;
};
int usernet_create(const char *sock, int nsfd, const char *bridge, const char *name,
		   unsigned mtu, const unsigned char *mac, struct usernet_answer *a,
		   struct bb_err *e);
int usernet_delete(const char *sock, const char *bridge, const char *host, struct bb_err *e);

/* A netlink socket in the network namespace nsfd for a caller without
 * privileges on the host that owns the namespace's user namespace (an
 * unprivileged container's monitor): a child joins that user namespace,
 * then the network namespace, opens the socket and passes it back. */
int usernet_nl_open(int nsfd, struct nl_sock *s, int proto, struct bb_err *e);

#endif
