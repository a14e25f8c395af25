/* rtnl internals: the reply decoders (also fed by tests/fuzz/netlink.c)
 * and helpers shared by the rtnl_*.c files. */
#ifndef CTBOX_RTNL_INT_H
#define CTBOX_RTNL_INT_H

#include "rtnl.h"

/* Request buffers: big enough for any request rtnl builds. */
#define RTNL_REQ 1024
#define RTNL_REQ_BUF(name) union { struct nlmsghdr h; char b[RTNL_REQ]; } name

/* Decoders of one reply message. 0: decoded; 1: not one of those (another
 * type or family, or not a bridge port ...: skip it); -1: malformed, with
 * *why. */
int rtnl_link_decode(const struct nlmsghdr *nlh, struct rtnl_link *l, const char **why);
int rtnl_addr_decode(const struct nlmsghdr *nlh, struct rtnl_addr *a, const char **why);
int rtnl_bridge_decode(const struct nlmsghdr *nlh, struct rtnl_bridge *b, const char **why);
int rtnl_brport_decode(const struct nlmsghdr *nlh, struct rtnl_brport *p, const char **why);
/* *master: NDA_MASTER, 0 if absent. */
int rtnl_fdb_decode(const struct nlmsghdr *nlh, struct rtnl_fdb *f, int *master,
		    const char **why);
int rtnl_nsid_decode(const struct nlmsghdr *nlh, int *id, const char **why);

/* The name of ifindex for a message: its name, or "#N" when it cannot be
 * had. buf has RTNL_IFNAMSIZ + 12 bytes. */
#define RTNL_DESC 32
const char *rtnl_desc(struct nl_sock *s, int ifindex, char *buf);

/* "what: malformed netlink reply (why)" */
int rtnl_malformed(struct bb_err *e, const char *what, const char *why);

#endif
