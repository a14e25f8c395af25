/* Unit tests of libbb/notify.c: the messages, listeners and senders over
 * real sockets in a temp run dir (no root needed), stale sockets, full
 * listeners, paths too long for sun_path, quit. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "notify.h"
#include "tap.h"

static int parses(const char *s, enum notify_kind kind, const char *name, int value)
{
	struct notify_msg m;

	return notify_parse(s, strlen(s), &m) == 0 && m.kind == kind &&
	       strcmp(m.name, name) == 0 && m.value == value;
}

static int refused(const char *s, size_t n)
{
	struct notify_msg m;

	return notify_parse(s, n, &m) < 0;
}

/* The next message (1), or 0 when none is waiting. */
static int next(struct notify_listener *l, struct notify_msg *m)
{
	int r;

	while ((r = notify_recv(l, m)) == 1 && m->kind == NOTIFY_NONE)
		;
	return r;
}

static int got_state(struct notify_listener *l, const char *name, enum ct_state s)
{
	struct notify_msg m;

	return next(l, &m) == 1 && m.kind == NOTIFY_STATE && strcmp(m.name, name) == 0 &&
	       m.value == (int)s;
}

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static void parse_tests(void)
{
	char big[200];

	ok(parses("state c1 RUNNING", NOTIFY_STATE, "c1", CT_RUNNING), "state message");
	ok(parses("state c-2.x FROZEN", NOTIFY_STATE, "c-2.x", CT_FROZEN), "another state");
	ok(parses("exit c1 768", NOTIFY_EXIT, "c1", 768), "exit message");
	ok(parses("quit", NOTIFY_QUIT, "", 0), "quit message");
	ok(refused("state c1 BOGUS", 14), "unknown state refused");
	ok(refused("state c1", 8), "missing state refused");
	ok(refused("state c1 RUNNING more", 21), "extra word refused");
	ok(refused("hello c1 RUNNING", 16), "unknown kind refused");
	ok(refused("state .hidden RUNNING", 21), "bad name refused");
	ok(refused("exit c1 -1", 10), "negative status refused");
	ok(refused("exit c1 12x", 11), "bad number refused");
	ok(refused("", 0), "empty datagram refused");
	ok(refused("quit\0x", 6), "NUL inside refused");
	memset(big, 'a', sizeof(big));
	memcpy(big, "state ", 6);
	memcpy(big + 6 + 65, " RUNNING", 8);
	ok(refused(big, 6 + 65 + 8), "a name over %d bytes refused", CTBOX_NAME_MAX);
	ok(refused(big, sizeof(big)), "an oversized datagram refused");
}

/* A listener killed with SIGKILL: its socket stays, nobody reads it. */
static void dead_listener(const char *lxcpath, char *sock_path, size_t size)
{
	struct notify_listener l;
	struct bb_err e;

	if (notify_listen(lxcpath, &l, &e) < 0) {
		sock_path[0] = '\0';
		return;
	}
	snprintf(sock_path, size, "%s/%s", l.dir, l.name);
	close(l.fd);
	l.fd = -1;
	close(l.dirfd);
	l.dirfd = -1;
	free(l.dir);
}

int main(void)
{
	char tmp[] = "/tmp/ctbox-unit.XXXXXX", run[700], lp[600], lp2[600], dir[800], stale[900];
	struct notify_listener a, b, x;
	struct container c, c2;
	struct notify_msg m;
	struct bb_err e;
	struct stat st;
	int i, n;

	if (!mkdtemp(tmp))
		plan_skip_all("no temp dir");
	snprintf(run, sizeof(run), "%s/run", tmp);
	snprintf(lp, sizeof(lp), "%s/lxc", tmp);
	snprintf(lp2, sizeof(lp2), "%s/other", tmp);
	setenv("CTBOX_RUNDIR", run, 1);

	parse_tests();

	if (ct_init(&c, lp, "c1", &e) < 0 || ct_init(&c2, lp2, "c1", &e) < 0)
		plan_skip_all("ct_init failed");
	snprintf(dir, sizeof(dir), "%.*s/" NOTIFY_DIR, (int)(strrchr(c.rundir, '/') - c.rundir),
		 c.rundir);

	/* -- nobody listens -- */
	ct_notify_state(&c, CT_RUNNING);
	ct_notify_stopped(&c, CT_RUNNING);
	ok(!exists(dir), "no listener: a state sent makes no directory");
	is_int(notify_quit(lp), 0, "quit with no listener: 0 told");

	/* -- one listener -- */
	ok(notify_listen(lp, &a, &e) == 0, "listen");
	is_str(a.dir, dir, "in RUNDIR/HASH/" NOTIFY_DIR);
	ok(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700, "the directory is 0700");
	ct_notify_state(&c, CT_STARTING);
	ct_notify_state(&c, CT_RUNNING);
	ok(got_state(&a, "c1", CT_STARTING), "STARTING received");
	ok(got_state(&a, "c1", CT_RUNNING), "RUNNING received, in order");
	is_int(next(&a, &m), 0, "then nothing is waiting");
	ct_notify_exit(&c, 3 << 8);
	ok(next(&a, &m) == 1 && m.kind == NOTIFY_EXIT && m.value == 3 << 8, "exit status received");
	ct_notify_stopped(&c, CT_RUNNING);
	ok(got_state(&a, "c1", CT_STOPPING), "stopped after RUNNING: STOPPING first");
	ok(got_state(&a, "c1", CT_STOPPED), "then STOPPED");
	ct_notify_stopped(&c, CT_STOPPING);
	ok(got_state(&a, "c1", CT_STOPPED), "stopped after STOPPING: STOPPED only");
	is_int(next(&a, &m), 0, "and nothing more");
	ct_notify_state(&c2, CT_RUNNING);
	is_int(next(&a, &m), 0, "another lxcpath's container is not heard");

	/* -- a ct_write_status tells -- */
	ok(ct_make_rundir(&c, &e) == 0, "run dir");
	{
		struct ct_status s = { .state = CT_FROZEN };

		ok(ct_write_status(&c, &s, &e) == 0 && got_state(&a, "c1", CT_FROZEN),
		   "ct_write_status tells the listener");
	}

	/* -- two listeners -- */
	ok(notify_listen(lp, &b, &e) == 0, "a second listener");
	ct_notify_state(&c, CT_THAWED);
	ok(got_state(&a, "c1", CT_THAWED) && got_state(&b, "c1", CT_THAWED), "both get it");

	/* -- a killed listener -- */
	dead_listener(lp, stale, sizeof(stale));
	ok(stale[0] && exists(stale), "a killed listener leaves its socket");
	ct_notify_state(&c, CT_RUNNING);
	ok(!exists(stale), "the next sender removes it");
	ok(got_state(&a, "c1", CT_RUNNING) && got_state(&b, "c1", CT_RUNNING),
	   "and the live ones still get it");
	dead_listener(lp, stale, sizeof(stale));
	ok(notify_listen(lp, &x, &e) == 0 && !exists(stale), "a new listener removes a stale socket");
	notify_unlisten(&x);

	/* -- a full listener never blocks a sender -- */
	for (i = 0; i < 200; i++)
		ct_notify_state(&c, CT_RUNNING);
	ok(1, "200 messages to listeners that do not read: no block");
	for (n = 0; next(&a, &m) == 1; n++)
		;
	ok(n >= 1 && n <= 200, "the listener kept what fitted (%d)", n);
	ok(exists(b.dir) && got_state(&b, "c1", CT_RUNNING), "a full listener is not removed");
	while (next(&b, &m) == 1)
		;

	/* -- quit -- */
	is_int(notify_quit(lp), 2, "quit: two listeners told");
	ok(next(&a, &m) == 1 && m.kind == NOTIFY_QUIT, "the first gets quit");
	ok(next(&b, &m) == 1 && m.kind == NOTIFY_QUIT, "the second too");
	notify_unlisten(&a);
	ok(exists(dir), "one left: the directory stays");
	notify_unlisten(&b);
	ok(!exists(dir), "the last one removes the directory");
	ok(notify_listen(lp, &a, &e) == 0 && exists(dir), "listening again makes it again");
	notify_unlisten(&a);

	/* -- a run dir too long for sun_path -- */
	{
		char longrun[700];
		struct container lc;

		snprintf(longrun, sizeof(longrun), "%s/%0100d", tmp, 0);
		setenv("CTBOX_RUNDIR", longrun, 1);
		ok(ct_init(&lc, lp, "c1", &e) == 0 && strlen(lc.rundir) > 108, "a long run dir");
		ok(notify_listen(lp, &a, &e) == 0, "listen there");
		ct_notify_state(&lc, CT_RUNNING);
		ok(got_state(&a, "c1", CT_RUNNING), "messages still arrive");
		notify_unlisten(&a);
		ct_free(&lc);
		setenv("CTBOX_RUNDIR", run, 1);
	}

	ct_free(&c);
	ct_free(&c2);
	{
		char cmd[800];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			diag("could not remove %s", tmp);
	}
	return done_testing();
}
