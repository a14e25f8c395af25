/* The user-nic service (see usernet.h): root making veths for users as
 * /etc/lxc/lxc-usernet allows. One request at a time; a bad request is
 * answered and forgotten, never the end of the service. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "netns.h"
#include "rtnl.h"
#include "usernet.h"

/* linux/nsfs.h, which older headers lack. */
#ifndef NS_GET_USERNS
#define NS_GET_USERNS _IO(0xb7, 0x1)
#endif
#ifndef NS_GET_NSTYPE
#define NS_GET_NSTYPE _IO(0xb7, 0x3)
#endif
#ifndef NS_GET_OWNER_UID
#define NS_GET_OWNER_UID _IO(0xb7, 0x4)
#endif

#define REQ_MAX 256
#define MAX_GROUPS 256

/* Who asks: from SO_PEERCRED and the account database. */
struct caller {
	uid_t uid;
	char user[64];
	char *groups[MAX_GROUPS];
	size_t ngroups;
};

static void caller_free(struct caller *c)
{
	size_t i;

	for (i = 0; i < c->ngroups; i++)
		free(c->groups[i]);
	c->ngroups = 0;
}

static int identify(int conn, struct caller *c, struct bb_err *e)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	gid_t gids[MAX_GROUPS];
	int i, n = MAX_GROUPS;
	struct passwd *pw;

	memset(c, 0, sizeof(*c));
	if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return bb_err_set(e, errno, "can't tell who is asking");
	c->uid = cred.uid;
	pw = getpwuid(cred.uid);
	if (!pw)
		return bb_err_set(e, 0, "uid %lu is not in the user database", (unsigned long)cred.uid);
	snprintf(c->user, sizeof(c->user), "%s", pw->pw_name);
	/* The account's groups, not the process's: a pid can be reused, the
	 * credentials of the connection cannot. */
	if (getgrouplist(pw->pw_name, pw->pw_gid, gids, &n) < 0)
		n = MAX_GROUPS;
	for (i = 0; i < n; i++) {
		struct group *g = getgrgid(gids[i]);

		if (g && (c->groups[c->ngroups] = strdup(g->gr_name)))
			c->ngroups++;
	}
	return 0;
}

/* The request's text and its descriptor (-1 if none). */
static int read_request(int conn, char *buf, size_t len, int *fd)
{
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int) * 4)]; } u;
	struct iovec iov = { buf, len - 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *h;
	ssize_t r;

	*fd = -1;
	do
		r = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	for (h = r >= 0 ? CMSG_FIRSTHDR(&msg) : NULL; h; h = CMSG_NXTHDR(&msg, h)) {
		size_t k, n;

		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (k = 0; k < n; k++) {
			int got;

			memcpy(&got, CMSG_DATA(h) + k * sizeof(int), sizeof(got));
			if (*fd < 0)
				*fd = got;
			else
				close(got);  /* one is all a request carries */
		}
	}
	if (r <= 0 || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
		return -1;
	buf[r] = '\0';
	return 0;
}

/* The namespace must be a network namespace whose user namespace the
 * caller owns: its own container's, never the host's or another user's. */
static int check_netns(int nsfd, const struct caller *c, struct bb_err *e)
{
	uid_t owner;
	int userns, r;

	if (nsfd < 0)
		return bb_err_set(e, 0, "no network namespace came with the request");
	r = ioctl(nsfd, NS_GET_NSTYPE);
	if (r < 0 || r != CLONE_NEWNET)
		return bb_err_set(e, 0, "what came with the request is not a network namespace");
	userns = ioctl(nsfd, NS_GET_USERNS);
	if (userns < 0)
		return bb_err_set(e, errno, "can't find the network namespace's user namespace");
	r = ioctl(userns, NS_GET_OWNER_UID, &owner);
	close(userns);
	if (r < 0)
		return bb_err_set(e, errno, "can't find the owner of the network namespace's user namespace");
	if (owner != c->uid)
		return bb_err_set(e, 0, "the network namespace is not user %s's (its user namespace belongs to uid %lu)",
				  c->user, (unsigned long)owner);
	return 0;
}

static long allowed(const char *conf, const struct caller *c, const char *bridge, struct bb_err *e)
{
	char *text = read_file(conf, 1 << 20, NULL);
	int matched;
	long n;

	if (!text)
		return bb_err_set(e, errno, "can't read %s", conf);
	n = usernet_allowed(text, c->user, (const char *const *)c->groups, c->ngroups, "veth",
			    bridge, &matched);
	free(text);
	if (!matched)
		return bb_err_set(e, 0, "%s gives user %s no veth on %s", conf, c->user, bridge);
	return n;
}

/* The db, locked (flock, held until close), with the entries whose host
 * veth is gone dropped. Returns the fd, or -1 with e. */
static int db_open(const char *path, struct nl_sock *nl, struct usernet_db *db, struct bb_err *e)
{
	char *text, *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd;
	size_t i;

	if (slash && slash != dir) {
		*slash = '\0';
		(void)mkdir(dir, 0755);
	}
	free(dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return bb_err_set(e, errno, "can't open %s", path);
	if (flock(fd, LOCK_EX) < 0) {
		close(fd);
		return bb_err_set(e, errno, "can't lock %s", path);
	}
	text = read_file(path, 1 << 22, NULL);
	if (!text || usernet_db_parse(text, db, e) < 0) {
		free(text);
		close(fd);
		return text ? -1 : bb_err_set(e, errno, "can't read %s", path);
	}
	free(text);
	for (i = 0; i < db->n;) {
		struct bb_err ignored;

		if (rtnl_ifindex(nl, db->v[i].host, &ignored) < 0 && ignored.errnum == ENODEV)
			usernet_db_remove(db, i);
		else
			i++;
	}
	return fd;
}

static int db_write(int fd, const char *path, const struct usernet_db *db, struct bb_err *e)
{
	char *text = usernet_db_format(db);
	size_t len = text ? strlen(text) : 0;
	int r = 0;

	if (!text)
		return bb_err_set(e, ENOMEM, "%s", path);
	if (ftruncate(fd, 0) < 0 || pwrite(fd, text, len, 0) != (ssize_t)len || fsync(fd) < 0)
		r = bb_err_set(e, errno, "can't write %s", path);
	free(text);
	return r;
}

/* As ct_net names host veths: veth and six random letters or digits. */
static void random_veth(char out[16])
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[6];
	int i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		srandom(getpid() ^ (unsigned)time(NULL));
		for (i = 0; i < 6; i++)
			r[i] = random();
	}
	memcpy(out, "veth", 4);
	for (i = 0; i < 6; i++)
		out[4 + i] = set[r[i] % (sizeof(set) - 1)];
	out[10] = '\0';
}

/* The pair: host end on the bridge and up, the peer in nsfd as name. */
static int make_pair(struct nl_sock *nl, int nsfd, const struct rtnl_link *br, const char *name,
		     unsigned mtu, const unsigned char *mac, struct usernet_answer *a, struct bb_err *e)
{
	struct rtnl_new nn;
	struct nl_sock in;
	int tries;

	memset(&nn, 0, sizeof(nn));
	nn.kind = RTNL_VETH;
	nn.name = a->host;
	nn.mtu = nn.peer_mtu = mtu ? mtu : br->mtu;
	nn.netns_fd = -1;
	nn.peer = name;
	nn.peer_netns_fd = nsfd;
	nn.peer_hwaddr = mac;
	nn.queues = 1; /* as ct_net.c's veths: up and on the bridge at once */
	nn.up = 1;
	nn.master = br->ifindex;
	for (tries = 0;; tries++) {
		struct bb_err ignored;

		random_veth(a->host);
		if (rtnl_link_add(nl, &nn, e) == 0)
			break;
		if (e->errnum != EEXIST)
			return -1;
		/* Taken inside: the caller's to sort out; on the host: draw again. */
		if (rtnl_ifindex(nl, a->host, &ignored) < 0)
			return bb_err_set(e, 0, "an interface named '%s' exists already in the container",
					  name);
		if (tries == 3)
			return -1;
	}
	a->host_idx = rtnl_ifindex(nl, a->host, e);
	if (a->host_idx < 0)
		goto undo;
	snprintf(a->inside, sizeof(a->inside), "%s", name);
	if (netns_nl_open(nsfd, &in, NETLINK_ROUTE, e) < 0)
		goto undo;
	a->inside_idx = rtnl_ifindex(&in, name, e);
	nl_close(&in);
	if (a->inside_idx < 0)
		goto undo;
	return 0;
undo:
	{
		struct bb_err ignored;
		int idx = rtnl_ifindex(nl, a->host, &ignored);

		if (idx > 0)
			(void)rtnl_link_del(nl, idx, &ignored);
	}
	return -1;
}

static int parse_mtu(const char *s, unsigned *mtu)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v > 65535)
		return -1;
	*mtu = (unsigned)v;
	return 0;
}

/* "create BRIDGE NAME MTU MAC|-" */
static int do_create(const struct usernet_paths *p, const struct caller *c, char **f, int nsfd,
		     struct usernet_answer *a, struct bb_err *e)
{
	const char *bridge = f[1], *name = f[2], *why;
	unsigned char mac[6];
	struct usernet_nic rec;
	struct usernet_db db;
	struct rtnl_link br;
	struct nl_sock nl;
	unsigned mtu;
	long n;
	size_t used;
	int dbfd, r = -1;

	if (rtnl_check_ifname(bridge, &why) < 0)
		return bb_err_set(e, 0, "bad bridge name '%s': %s", bridge, why);
	if (rtnl_check_ifname(name, &why) < 0)
		return bb_err_set(e, 0, "bad interface name '%s': %s", name, why);
	if (parse_mtu(f[3], &mtu) < 0)
		return bb_err_set(e, 0, "bad MTU '%s'", f[3]);
	if (strcmp(f[4], "-") != 0 && rtnl_parse_mac(f[4], mac, &why) < 0)
		return bb_err_set(e, 0, "bad MAC address '%s': %s", f[4], why);
	if (check_netns(nsfd, c, e) < 0)
		return -1;
	n = allowed(p->conf, c, bridge, e);
	if (n < 0)
		return -1;
	if (nl_open(&nl, NETLINK_ROUTE, e) < 0)
		return -1;
	dbfd = db_open(p->db, &nl, &db, e);
	if (dbfd < 0)
		goto out_nl;
	used = usernet_db_count(&db, c->uid, "veth", bridge);
	if ((long)used >= n) {
		bb_err_set(e, 0, "%s allows user %s %ld veth on %s, %zu in use", p->conf, c->user, n,
			   bridge, used);
		goto out;
	}
	if (rtnl_link_get(&nl, bridge, 0, &br, e) < 0 || strcmp(br.kind, "bridge") != 0) {
		bb_err_set(e, 0, "no bridge named '%s'", bridge);
		goto out;
	}
	/* A port below the bridge's MTU lowers the bridge's (the kernel takes
	 * the smallest): a change for every user of it, not this one's. */
	if (mtu && mtu < br.mtu) {
		bb_err_set(e, 0, "MTU %u is below bridge %s's %u: it would lower the bridge's for every port",
			   mtu, bridge, br.mtu);
		goto out;
	}
	if (make_pair(&nl, nsfd, &br, name, mtu, strcmp(f[4], "-") ? mac : NULL, a, e) < 0)
		goto out;
	rec.uid = c->uid;
	snprintf(rec.type, sizeof(rec.type), "veth");
	snprintf(rec.bridge, sizeof(rec.bridge), "%s", bridge);
	snprintf(rec.host, sizeof(rec.host), "%s", a->host);
	if (usernet_db_add(&db, &rec, e) < 0 || db_write(dbfd, p->db, &db, e) < 0) {
		struct bb_err ignored;

		(void)rtnl_link_del(&nl, a->host_idx, &ignored);
		goto out;
	}
	r = 0;
out:
	usernet_db_free(&db);
	close(dbfd);
out_nl:
	nl_close(&nl);
	return r;
}

/* "delete BRIDGE HOSTVETH": only a veth the db records for the caller. */
static int do_delete(const struct usernet_paths *p, const struct caller *c, char **f,
		     struct bb_err *e)
{
	struct usernet_db db;
	struct rtnl_link l, br;
	struct nl_sock nl;
	size_t i;
	int dbfd, r = -1;

	if (nl_open(&nl, NETLINK_ROUTE, e) < 0)
		return -1;
	dbfd = db_open(p->db, &nl, &db, e);
	if (dbfd < 0)
		goto out_nl;
	for (i = 0; i < db.n; i++)
		if (db.v[i].uid == c->uid && strcmp(db.v[i].bridge, f[1]) == 0 &&
		    strcmp(db.v[i].host, f[2]) == 0)
			break;
	if (i == db.n) {
		struct bb_err ignored;

		/* Gone with its namespace already: nothing left to do. */
		if (rtnl_ifindex(&nl, f[2], &ignored) < 0 && ignored.errnum == ENODEV)
			r = 0;
		else
			bb_err_set(e, 0, "user %s has no veth '%s' on %s", c->user, f[2], f[1]);
		goto out;
	}
	/* Still the veth we made: a port of that bridge. */
	if (rtnl_link_get(&nl, f[2], 0, &l, e) == 0 && rtnl_link_get(&nl, f[1], 0, &br, e) == 0 &&
	    strcmp(l.kind, "veth") == 0 && l.master == br.ifindex && rtnl_link_del(&nl, l.ifindex, e) < 0)
		goto out;
	usernet_db_remove(&db, i);
	r = db_write(dbfd, p->db, &db, e);
out:
	usernet_db_free(&db);
	close(dbfd);
out_nl:
	nl_close(&nl);
	return r;
}

static void answer(int conn, const char *text)
{
	(void)send(conn, text, strlen(text), MSG_NOSIGNAL);
}

static void handle(const struct usernet_paths *p, int conn)
{
	char req[REQ_MAX], out[sizeof(((struct bb_err *)0)->msg) + 128], *f[6];
	struct usernet_answer a;
	struct caller c;
	struct bb_err e;
	size_t n = 0;
	char *s, *save = NULL;
	int nsfd = -1, r;

	if (read_request(conn, req, sizeof(req), &nsfd) < 0) {
		answer(conn, "error unreadable request");
		goto out;
	}
	for (s = strtok_r(req, " \n", &save); s && n < ARRAY_SIZE(f); s = strtok_r(NULL, " \n", &save))
		f[n++] = s;
	memset(&a, 0, sizeof(a));
	if (identify(conn, &c, &e) < 0)
		r = -1;
	else if (n == 5 && strcmp(f[0], "create") == 0)
		r = do_create(p, &c, f, nsfd, &a, &e);
	else if (n == 3 && strcmp(f[0], "delete") == 0)
		r = do_delete(p, &c, f, &e);
	else
		r = bb_err_set(&e, 0, "unknown request");
	if (r < 0)
		snprintf(out, sizeof(out), "error %s%s%s", e.msg, e.errnum ? ": " : "",
			 e.errnum ? strerror(e.errnum) : "");
	else if (f[0][0] == 'c')
		snprintf(out, sizeof(out), "ok %s %d %s %d", a.inside, a.inside_idx, a.host, a.host_idx);
	else
		snprintf(out, sizeof(out), "ok");
	answer(conn, out);
	if (n)
		fprintf(stderr, "user-nic: uid %lu: %s %s: %s\n", (unsigned long)c.uid, f[0],
			n > 1 ? f[1] : "", out);
	caller_free(&c);
out:
	if (nsfd >= 0)
		close(nsfd);
}

int usernet_serve(const struct usernet_paths *p, struct bb_err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { 5, 0 };
	char *dir;
	int lfd;

	if (strlen(p->socket) >= sizeof(sa.sun_path))
		return bb_err_set(e, ENAMETOOLONG, "socket path '%s'", p->socket);
	strcpy(sa.sun_path, p->socket);
	dir = xstrdup(p->socket);
	if (strrchr(dir, '/') && strrchr(dir, '/') != dir) {
		*strrchr(dir, '/') = '\0';
		(void)mkdir(dir, 0755);
	}
	free(dir);
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		return bb_err_set(e, errno, "socket");
	(void)unlink(p->socket);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || chmod(p->socket, 0666) < 0 ||
	    listen(lfd, 16) < 0) {
		int err = errno;

		close(lfd);
		return bb_err_set(e, err, "can't listen on %s", p->socket);
	}
	for (;;) {
		int conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

		if (conn < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				continue;
			close(lfd);
			return bb_err_set(e, errno, "accept on %s", p->socket);
		}
		/* A client that sends nothing cannot hold the others up. */
		(void)setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		(void)setsockopt(conn, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		handle(p, conn);
		close(conn);
	}
}
