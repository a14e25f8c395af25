/* State changes told to monitor applets over unix datagram sockets: the
 * senders (every state write, the monitor) and the listener's side. See
 * notify.h for the directory and the messages. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "autoconf.h"
#include "notify.h"

/* RUNDIR/HASH/.monitor from a container's RUNDIR/HASH/NAME. */
static int dir_of(const char *rundir, char *buf, size_t size)
{
	const char *slash = strrchr(rundir, '/');
	int n;

	if (!slash)
		return -1;
	n = snprintf(buf, size, "%.*s/" NOTIFY_DIR, (int)(slash - rundir), rundir);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* The address of dir/name; through /proc/self/fd when the path is too
 * long for sun_path. 0 when it does not fit at all. */
static socklen_t sock_addr(struct sockaddr_un *a, const char *dir, int dfd, const char *name)
{
	int n;

	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	n = snprintf(a->sun_path, sizeof(a->sun_path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(a->sun_path))
		n = snprintf(a->sun_path, sizeof(a->sun_path), "/proc/self/fd/%d/%s", dfd, name);
	if (n < 0 || (size_t)n >= sizeof(a->sun_path))
		return 0;
	return offsetof(struct sockaddr_un, sun_path) + n + 1;
}

/* Send the messages, in order, to every socket in dir; never blocks.
 * Sockets nobody listens on are removed. Returns the live listeners. */
static int send_dir(const char *dir, const char *const *msg, int nmsg)
{
	struct sockaddr_un a;
	struct dirent *de;
	int dfd, sock = -1, live = 0, stale = 0, i;
	DIR *d;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0; /* nobody listens: the common case */
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		socklen_t len;

		if (de->d_name[0] == '.' || (de->d_type != DT_SOCK && de->d_type != DT_UNKNOWN))
			continue;
		if (sock < 0 && (sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
			break;
		len = sock_addr(&a, dir, dfd, de->d_name);
		if (!len)
			continue;
		for (i = 0; i < nmsg; i++)
			if (sendto(sock, msg[i], strlen(msg[i]), MSG_DONTWAIT | MSG_NOSIGNAL,
				   (struct sockaddr *)&a, len) < 0)
				break;
		/* Full (EAGAIN): that listener loses them, and stays. */
		if (i == nmsg || errno != ECONNREFUSED) {
			live++;
			continue;
		}
		unlinkat(dfd, de->d_name, 0);
		stale++;
	}
	closedir(d);
	if (sock >= 0)
		close(sock);
	/* The last listener was killed: nobody to look for from now on. */
	if (stale && !live)
		rmdir(dir);
	return live;
}

/* The listeners are the monitor applet's: a build without it sends
 * nothing. */
#define SENDS ENABLE_MONITOR

static void notify(const struct container *c, const char *const *msg, int nmsg)
{
	char dir[PATH_MAX];

	if (c->rundir && dir_of(c->rundir, dir, sizeof(dir)) == 0)
		(void)send_dir(dir, msg, nmsg);
}

void ct_notify_state(const struct container *c, enum ct_state s)
{
	char m[NOTIFY_MSG_MAX];
	const char *v[1] = { m };

	if (!SENDS)
		return;
	snprintf(m, sizeof(m), "state %s %s", c->name, ct_state_name(s));
	notify(c, v, 1);
}

void ct_notify_exit(const struct container *c, int wait_status)
{
	char m[NOTIFY_MSG_MAX];
	const char *v[1] = { m };

	if (!SENDS)
		return;
	snprintf(m, sizeof(m), "exit %s %d", c->name, wait_status);
	notify(c, v, 1);
}

void ct_notify_stopped(const struct container *c, enum ct_state last)
{
	char m[2][NOTIFY_MSG_MAX];
	const char *v[2] = { m[0], m[1] };
	int n = 0;

	if (!SENDS)
		return;
	if (last != CT_STOPPING)
		snprintf(m[n++], sizeof(m[0]), "state %s %s", c->name, ct_state_name(CT_STOPPING));
	snprintf(m[n++], sizeof(m[0]), "state %s %s", c->name, ct_state_name(CT_STOPPED));
	notify(c, v, n);
}

/* The directory of lxcpath's listeners (malloc'd), or NULL with e. */
static char *listen_dir(const char *lxcpath, struct bb_err *e)
{
	struct container c;
	char dir[PATH_MAX], *p;

	/* Any valid name: only its parent directory counts. */
	if (ct_init(&c, lxcpath, "x", e) < 0)
		return NULL;
	if (dir_of(c.rundir, dir, sizeof(dir)) < 0) {
		ct_free(&c);
		bb_err_set(e, ENAMETOOLONG, "the run directory of '%s'", lxcpath);
		return NULL;
	}
	ct_free(&c);
	p = strdup(dir);
	if (!p)
		bb_err_set(e, ENOMEM, "listener");
	return p;
}

/* mkdir -p: the parents 0755 (as container.c makes them), dir 0700. */
static int make_dir(const char *dir)
{
	char p[PATH_MAX], *s;

	snprintf(p, sizeof(p), "%s", dir);
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(p, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

/* Sockets in the directory whose listener is gone (killed): removed. */
static void remove_stale(struct notify_listener *l)
{
	struct sockaddr_un a;
	struct dirent *de;
	int dfd = open(l->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;

	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		socklen_t len;
		int s;

		if (de->d_name[0] == '.' || strcmp(de->d_name, l->name) == 0)
			continue;
		len = sock_addr(&a, l->dir, dfd, de->d_name);
		s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (s < 0)
			break;
		if (len && connect(s, (struct sockaddr *)&a, len) < 0 && errno == ECONNREFUSED)
			unlinkat(dfd, de->d_name, 0);
		close(s);
	}
	closedir(d);
}

int notify_listen(const char *lxcpath, struct notify_listener *l, struct bb_err *e)
{
	struct sockaddr_un a;
	unsigned rnd;
	int tries;

	l->fd = l->dirfd = -1;
	l->name[0] = '\0';
	l->dir = listen_dir(lxcpath, e);
	if (!l->dir)
		return -1;
	l->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->fd < 0) {
		bb_err_set(e, errno, "socket");
		goto fail;
	}
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (unsigned)time(NULL) ^ (unsigned)clock();
	/* Unique: a sender may remove it as stale without a race with a
	 * later listener of the same PID. */
	snprintf(l->name, sizeof(l->name), "%d.%08x", (int)getpid(), rnd);
	/* The last listener removes the directory when it goes: make it
	 * again when that happened between the mkdir and the bind. */
	for (tries = 0;; tries++) {
		socklen_t len;

		if (make_dir(l->dir) < 0) {
			bb_err_set(e, errno, "can't create '%s'", l->dir);
			goto fail;
		}
		l->dirfd = open(l->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (l->dirfd >= 0) {
			len = sock_addr(&a, l->dir, l->dirfd, l->name);
			if (len && bind(l->fd, (struct sockaddr *)&a, len) == 0)
				break;
			close(l->dirfd);
			l->dirfd = -1;
		}
		if (errno != ENOENT || tries == 10) {
			bb_err_set(e, errno, "can't listen in '%s'", l->dir);
			goto fail;
		}
	}
	remove_stale(l);
	return 0;
fail:
	l->name[0] = '\0';
	notify_unlisten(l);
	return -1;
}

void notify_unlisten(struct notify_listener *l)
{
	if (l->dirfd >= 0 && l->name[0]) {
		unlinkat(l->dirfd, l->name, 0);
		if (l->dir)
			rmdir(l->dir); /* fails while others listen */
	}
	if (l->fd >= 0)
		close(l->fd);
	if (l->dirfd >= 0)
		close(l->dirfd);
	free(l->dir);
	l->fd = l->dirfd = -1;
	l->dir = NULL;
	l->name[0] = '\0';
}

int notify_parse(const char *buf, size_t n, struct notify_msg *m)
{
	char text[NOTIFY_MSG_MAX + 1], kind[8], name[CTBOX_NAME_MAX + 2], value[24], extra[2];
	char *end;
	long v;
	int k;

	memset(m, 0, sizeof(*m));
	if (n == 0 || n > NOTIFY_MSG_MAX || memchr(buf, '\0', n))
		return -1;
	memcpy(text, buf, n);
	text[n] = '\0';
	if (strcmp(text, "quit") == 0) {
		m->kind = NOTIFY_QUIT;
		return 0;
	}
	/* %65s: a longer name fills it and is refused below. */
	if (bb_sscanf(text, "%7s %65s %23s %1s", kind, name, value, extra) != 3 ||
	    strlen(name) > CTBOX_NAME_MAX || bb_check_name(name, NULL) < 0)
		return -1;
	if (strcmp(kind, "state") == 0) {
		k = ct_state_parse(value);
		if (k < 0)
			return -1;
		m->kind = NOTIFY_STATE;
		m->value = k;
	} else if (strcmp(kind, "exit") == 0) {
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno || *end || end == value || v < 0 || v > 0xffff)
			return -1;
		m->kind = NOTIFY_EXIT;
		m->value = (int)v;
	} else {
		return -1;
	}
	strcpy(m->name, name);
	return 0;
}

int notify_recv(struct notify_listener *l, struct notify_msg *m)
{
	char buf[NOTIFY_MSG_MAX + 1];
	ssize_t n = recv(l->fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	if (notify_parse(buf, (size_t)n, m) < 0)
		m->kind = NOTIFY_NONE;
	return 1;
}

int notify_quit(const char *lxcpath)
{
	static const char *const quit[1] = { "quit" };
	struct bb_err e;
	char *dir = listen_dir(lxcpath, &e);
	int n;

	if (!dir)
		return 0;
	n = send_dir(dir, quit, 1);
	free(dir);
	return n;
}
