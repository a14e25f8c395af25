/* netns: named network namespaces where iproute2 keeps them.
 *
 * A named namespace is /run/netns/NAME, a bind mount of a process's
 * /proc/PID/ns/net; /run/netns itself is a shared mount point bound on
 * itself, so that a name added or deleted in one mount namespace is seen
 * in the others (`ip netns` and ctbox see the same names). Errors carry
 * iproute2's wording, so that `ctbox netns` reads like `ip netns`.
 * Every function returns 0 (or an fd) or -1 with e; none prints or exits.
 */
#ifndef CTBOX_NETNS_H
#define CTBOX_NETNS_H

#include <netinet/in.h>
#include <stddef.h>
#include <sys/types.h>

#include "libbb.h"

#define NETNS_RUN_DIR "/run/netns"
#define NETNS_ETC_DIR "/etc/netns"

/* A name that can refer to a namespace (ip's rule): non-empty, at most
 * NAME_MAX bytes, no '/', not "." or "..". New names should also pass
 * bb_check_name. Returns 0, or -1 and a reason. */
int netns_check_name(const char *name, const char **why);

/* /run/netns/NAME into buf; -1 with e when it does not fit. */
int netns_path(char *buf, size_t len, const char *name, struct bb_err *e);

/* An fd (O_RDONLY, CLOEXEC) of the namespace NAME, or -1 with e
 * ("Cannot open network namespace \"NAME\": why"). */
int netns_open(const char *name, struct bb_err *e);

/* Name a namespace: a new one (pid 0; the caller stays where it was) or
 * that of process pid (`ip netns attach`). Makes /run/netns a shared
 * mount point first. On failure nothing is left behind. */
int netns_create(const char *name, pid_t pid, struct bb_err *e);

/* Remove the name (the namespace lives on while something uses it). */
int netns_delete(const char *name, struct bb_err *e);

/* Move the calling process into the namespace nsfd as `ip netns exec`
 * does before it runs a command: setns, a mount namespace of its own with
 * / made rslave, a fresh /sys for that namespace, and every
 * /etc/netns/NAME/FILE bound over /etc/FILE. A bind that fails does not
 * stop the switch (as with ip): warn (may be NULL) gets each one. */
int netns_switch(int nsfd, const char *name, void (*warn)(const struct bb_err *),
		 struct bb_err *e);

/* Call cb for every name in /run/netns, in directory order (as ip lists
 * them); cb returns non-zero to stop. No /run/netns: no names. */
int netns_foreach(int (*cb)(const char *name, void *arg), void *arg, struct bb_err *e);

/* The name under which the namespace of nspath (e.g. /proc/PID/ns/net) is
 * kept, into name ("" if it has none; the last of several, as ip). */
int netns_identify(const char *nspath, char *name, size_t len, struct bb_err *e);

/* A netlink socket (nl_open of netlink.h, protocol proto) living in the
 * namespace nsfd, opened without leaving the caller's namespace for good:
 * rtnl calls on it act inside (netns_nl.c). */
struct nl_sock;
int netns_nl_open(int nsfd, struct nl_sock *s, int proto, struct bb_err *e);

/* A veth pair from here into the namespace nsfd (netns_veth.c). */
struct netns_veth {
	const char *host;       /* the end here (required) */
	const char *peer;       /* the end inside (required), brought up with lo */
	const char *bridge;     /* NULL, or the bridge here the host end joins */
	int family;             /* 0: no address; AF_INET or AF_INET6: the peer's */
	union { struct in_addr v4; struct in6_addr v6; } addr;
	unsigned prefix;
};
/* Make it through out (a rtnetlink socket here): both ends up, the
 * address set, the host end in its bridge. On failure nothing is left. */
int netns_veth_add(struct nl_sock *out, int nsfd, const struct netns_veth *v, struct bb_err *e);
/* "veth" + name when that is an interface name, else "veth" + a hash of
 * name: the same for the same name every time. */
void netns_veth_host_name(const char *name, char out[16]);

#endif
