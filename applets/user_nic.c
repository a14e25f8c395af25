/* user-nic: veths into bridges /etc/lxc/lxc-usernet allows, for
 * unprivileged users (lxc-user-nic), from a root service instead of a
 * setuid binary. */
//config:config USER_NIC
//config:	bool "user-nic: network interfaces for unprivileged users (lxc-user-nic)"
//config:	default y
//config:	help
//config:	  A root service that makes veth pairs into the bridges that
//config:	  /etc/lxc/lxc-usernet allows a user, with the peer in that
//config:	  user's own network namespace; and lxc-user-nic's client
//config:	  command line.
//applet:user-nic lxc-user-nic
//usage:--serve [--socket PATH] [--usernet FILE] [--db FILE]
//usage:   or: ctbox user-nic create LXCPATH NAME PID veth BRIDGE [NICNAME]
//usage:   or: ctbox user-nic delete LXCPATH NAME NETNS veth BRIDGE HOSTVETH
//usage:
//usage:--serve (as root): answer requests on PATH (default /run/ctbox/user-nic.sock,
//usage:mode 0666), one at a time. A request carries the caller's network namespace;
//usage:only one owned by a user namespace of the caller's is accepted. FILE (default
//usage:/etc/lxc/lxc-usernet) holds LXC's "USER|@GROUP veth BRIDGE COUNT" lines (the
//usage:counts of every matching line add up); the NICs handed out are kept in the
//usage:db (default /run/ctbox/nics: "UID veth BRIDGE HOSTVETH" lines, those whose
//usage:host veth is gone dropped).
//usage:
//usage:create: a veth pair, the host end (vethXXXXXX) a port of BRIDGE and up, the
//usage:other end in the network namespace of PID as NICNAME (default eth0). Prints
//usage:NICNAME:IFINDEX:HOSTVETH:HOSTIFINDEX, as lxc-user-nic does.
//usage:delete: remove HOSTVETH, one of the caller's (NETNS is not used).
//usage:
//usage:  --socket PATH  the service's socket (clients too; else $CTBOX_USER_NIC_SOCKET)
//usage:
//usage:Start asks the service itself for an unprivileged container's
//usage:"lxc.net.N.type = veth" with "lxc.net.N.link = BRIDGE".
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "usernet.h"

static int client(const char *sock, int argc, char **argv)
{
	struct usernet_answer a;
	struct bb_err e;
	char path[64];
	int nsfd;

	/* LXCPATH NAME PID|NETNS TYPE BRIDGE [NICNAME]: as lxc-user-nic. */
	if (argc < 6 || argc > 7 || strcmp(argv[4], "veth") != 0)
		bb_show_usage();
	if (strcmp(argv[0], "delete") == 0) {
		if (argc != 7)
			bb_show_usage();
		if (usernet_delete(sock, argv[5], argv[6], &e) < 0)
			bb_err_die(&e);
		return 0;
	}
	if (strcmp(argv[0], "create") != 0)
		bb_show_usage();
	if (!argv[3][0] || strspn(argv[3], "0123456789") != strlen(argv[3]))
		bb_error_msg_and_die("create: '%s' is not a process id", argv[3]);
	snprintf(path, sizeof(path), "/proc/%s/ns/net", argv[3]);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		bb_perror_msg_and_die("can't open %s", path);
	if (usernet_create(sock, nsfd, argv[5], argc == 7 ? argv[6] : "eth0", 0, NULL, &a, &e) < 0)
		bb_err_die(&e);
	printf("%s:%d:%s:%d\n", a.inside, a.inside_idx, a.host, a.host_idx);
	return 0;
}

int user_nic_main(int argc, char **argv)
{
	struct usernet_paths p = { NULL, USERNET_CONF, USERNET_DB };
	int serve = 0, i;
	const struct bb_opt opts[] = {
		{ "|serve", BB_OPT_FLAG, &serve, 0, 0, NULL, 0 },
		{ "|socket", BB_OPT_STR, &p.socket, 0, 0, NULL, 0 },
		{ "|usernet", BB_OPT_STR, &p.conf, 0, 0, NULL, 0 },
		{ "|db", BB_OPT_STR, &p.db, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;

	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	if (!serve)
		return client(p.socket, argc - i, argv + i);
	if (i != argc)
		bb_show_usage();
	if (geteuid() != 0)
		bb_error_msg_and_die("--serve: only root can make host-side network devices");
	if (!p.socket)
		p.socket = USERNET_SOCKET;
	usernet_serve(&p, &e);
	bb_err_die(&e);
}
