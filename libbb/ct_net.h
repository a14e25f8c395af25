/* A container's network interfaces (lxc.net.N.*), made by its monitor
 * over rtnetlink while the container's init waits in its new network
 * namespace: veth (into a bridge, or routed), macvlan, ipvlan, vlan and
 * phys, with names, MAC, MTU, addresses (ipv4.address = auto: a lease in
 * the bridge's subnet), gateways and LXC's script.up/down.
 *
 * What was made is saved in RUNDIR/net ("TYPE HOST INSIDE ORIG" lines),
 * for info and ls, and so that a stop without a monitor (killed) still
 * returns physical devices. Host-side veths are not deleted on a normal
 * stop: the kernel removes them with the namespace. */
#ifndef CTBOX_CT_NET_H
#define CTBOX_CT_NET_H

#include <sys/types.h>

#include "container.h"

struct ct_run;

#define CT_NET_MAX 32

struct ct_nic {
	int type;           /* enum conf_net_type */
	char host[16];      /* the host-side veth, the parent (macvlan, vlan), the phys name */
	char inside[16];    /* its name in the container */
	char orig[16];      /* phys: the name to give it back */
	int made_host;      /* a host-side device we created (deleted if the start fails) */
	size_t conf_pos;    /* its lxc.net entry in the plan (r->net[conf_pos]) */
	int br;             /* its bridge's ifindex (a veth's link), else 0 */
};

struct ct_net {
	struct ct_nic nic[CT_NET_MAX];
	int n;
	int early;          /* the first so many made by ct_net_prepare */
	int nsfd;           /* the container's network namespace, or -1 */
};

void ct_net_init(struct ct_net *n);
/* Before the container's lock (ct_net_maker.c), as root: the veths at
 * the head of the plan made in the namespace nsfd, their host ends up
 * in their bridges. Nothing of them outlives that namespace; their
 * addresses and the rest come with ct_net_setup. */
int ct_net_prepare(const struct container *c, const struct ct_run *r, int nsfd,
		   struct ct_net *n, struct bb_err *e);
/* Make every interface of the plan in the namespace nsfd (taken over:
 * closed by ct_net_teardown) and save RUNDIR/net. On failure what was
 * made is undone, and -1 with e naming the interface and the cause. */
int ct_net_setup(const struct container *c, const struct ct_run *r, int nsfd,
		 struct ct_net *n, struct bb_err *e);
/* After init is gone (or a failed start, failed = 1: host veths are then
 * deleted at once): script.down, physical devices back to the host under
 * their names, the namespace let go. Errors are logged. */
void ct_net_teardown(const struct container *c, const struct ct_run *r, struct ct_net *n,
		     int failed);
/* For a stop without a monitor: physical devices in the namespace nsfd
 * (-1: already gone) returned as RUNDIR/net says. */
void ct_net_recover(const struct container *c, int nsfd);
/* 1 when `device add` has put a host interface in c (given back at its
 * stop). */
int ct_net_has_devices(const struct container *c);
/* Drop what RUNDIR/net and the address leases say of c (stop, start). */
void ct_net_forget(const struct container *c);

/* 1 when the plan has an interface to make (a type other than empty). */
int ct_net_has_nics(const struct ct_run *r);

/* The namespace and its interfaces made ahead, in a forked process
 * (ct_net_maker.c): started once the plan is known, told to go on with
 * the NICs under the container's lock, collected by the monitor. */
struct ct_net_maker {
	pid_t pid;          /* the process, for its parent to reap; -1: none */
	int sock;           /* our end; -1: none, or taken */
};
/* Whether r's namespace is made so: as root, for a container without a
 * user namespace of its own (which must own its network namespace),
 * without lxc.hook.pre-start (it may make the bridge), not for an OCI
 * container. */
int ct_net_ahead(const struct ct_run *r);
int ct_net_maker_start(const struct container *c, const struct ct_run *r,
		       struct ct_net_maker *mk, struct bb_err *e);
void ct_net_maker_go(struct ct_net_maker *mk);
/* Its answer: *n filled (nsfd the namespace, taken over) also when the
 * NICs failed, so that ct_net_teardown undoes what was made. 0 when no
 * answer is pending; -1 with e. */
int ct_net_maker_collect(struct ct_net_maker *mk, struct ct_net *n, struct bb_err *e);
/* Our end closed (a maker not told to go then makes nothing and exits),
 * the process reaped. */
void ct_net_maker_end(struct ct_net_maker *mk);

/* Saved interfaces of a running container (RUNDIR/net). Returns the
 * count (0 if none or unreadable). */
int ct_net_load(const struct container *c, struct ct_nic *nic, int max);
/* The addresses of the container whose init is pid (lo excluded), as
 * text, into cb, IPv4 first. 0, or -1 with e. */
int ct_net_addrs(pid_t pid, int family, void (*cb)(const char *addr, void *arg), void *arg,
		 struct bb_err *e);

/* The same joined by sep, both families at once (one look into the
 * namespace): *v4 and *v6 malloc'd, or NULL when there is none. */
void ct_net_addr_texts(pid_t pid, const char *sep, char **v4, char **v6);
/* 1 when the process pid is in the caller's network namespace. */
int ct_net_shared(pid_t pid);

#endif
