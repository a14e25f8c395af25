/* monitor: print containers' state changes as they happen (lxc-monitor). */
//config:config MONITOR
//config:	bool "monitor: watch containers' states (lxc-monitor)"
//config:	default y
//config:	help
//config:	  Print the state changes of the containers whose names match a
//config:	  regular expression as they happen, told by the containers'
//config:	  monitors over a socket (no polling). Without it the
//config:	  containers' state changes are told to nobody.
//applet:monitor lxc-monitor
//usage:[-n REGEX] [-P LXCPATH]... | -Q [-P LXCPATH]...
//usage:
//usage:Print the state changes of containers as they happen, until killed:
//usage:  'NAME' changed state to [STATE]
//usage:  'NAME' exited with status [N]
//usage:
//usage:  -n, --name REGEX     the containers whose whole name matches this extended
//usage:                       regular expression (default: '.*', all of them)
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc); may be
//usage:                       given more than once
//usage:  -Q, --quit           make the monitors listening on the lxcpath(s) exit (0)
//usage:
//usage:Exit status: 0 when told to quit, 1 on errors. -Q: 0, or 1 when no monitor
//usage:was listening on an lxcpath.
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ere.h"
#include "notify.h"

struct watch {
	struct notify_listener *l;
	size_t n;
	struct bb_re re;
};

static void unlisten_all(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		notify_unlisten(&w->l[i]);
	w->n = 0;
}

/* LXC's lines; the exit status is WEXITSTATUS of init's wait status, as
 * lxc-monitor shows it (0 for a killed init). -1 on a write error. */
static int show(const struct watch *w, const struct notify_msg *m)
{
	if (m->kind != NOTIFY_STATE && m->kind != NOTIFY_EXIT)
		return 0;
	if (!bb_re_match(&w->re, m->name))
		return 0;
	if (m->kind == NOTIFY_STATE)
		printf("'%s' changed state to [%s]\n", m->name, ct_state_name(m->value));
	else
		printf("'%s' exited with status [%d]\n", m->name, WEXITSTATUS(m->value));
	return fflush(stdout) == 0 ? 0 : -1;
}

/* -Q: every listener of each lxcpath is told to quit. */
static int quit_all(const struct bb_strlist *paths, int quiet)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < paths->n; i++)
		if (notify_quit(paths->v[i]) == 0) {
			if (!quiet)
				bb_error_msg("no monitor is listening on '%s'", paths->v[i]);
			rc = 1;
		}
	return rc;
}

/* Wait for messages until told to quit, or a signal. */
static int listen_loop(struct watch *w, int sigfd)
{
	struct pollfd p[w->n + 1];
	struct notify_msg m;
	size_t i;
	int r;

	for (i = 0; i < w->n; i++)
		p[i] = (struct pollfd){ .fd = w->l[i].fd, .events = POLLIN };
	p[w->n] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
	for (;;) {
		if (poll(p, w->n + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			bb_perror_msg("poll");
			return 1;
		}
		if (p[w->n].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sigfd, &si, sizeof(si)) == sizeof(si))
				return -(int)si.ssi_signo;
		}
		for (i = 0; i < w->n; i++) {
			while ((r = notify_recv(&w->l[i], &m)) > 0) {
				if (m.kind == NOTIFY_QUIT)
					return 0;
				if (show(w, &m) < 0) {
					bb_perror_msg("write error");
					return 1;
				}
			}
			if (r < 0) {
				bb_perror_msg("reading from '%s'", w->l[i].dir);
				return 1;
			}
		}
	}
}

int monitor_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct bb_strlist paths = { 0 };
	const char *name = NULL;
	int quit = 0, sigfd, r;
	const struct bb_opt opts[] = {
		{ "n|name", BB_OPT_STR, &name, 0, 0, NULL, 0 },
		{ "P|lxcpath", BB_OPT_LIST, &paths, 0, 0, NULL, 0 },
		{ "l|logpriority", BB_OPT_STR, &a.loglevel, 0, 0, NULL, 0 },
		{ "o|logfile", BB_OPT_STR, &a.logfile, 0, 0, NULL, 0 },
		{ "q|quiet", BB_OPT_FLAG, &a.quiet, 0, 0, NULL, 0 },
		{ "Q|quit", BB_OPT_FLAG, &quit, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct watch w = { 0 };
	struct bb_err e;
	sigset_t mask;
	char *re;
	size_t i;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	/* Each lxcpath checked as the other applets do (-n is a pattern
	 * here, not a name: left out of the check). */
	if (!paths.n) {
		lxc_args_finish(&a, 0);
		bb_strlist_add(&paths, a.lxcpath);
	}
	for (i = 0; i < paths.n; i++) {
		a.lxcpath = paths.v[i];
		lxc_args_finish(&a, 0);
		paths.v[i] = a.lxcpath;
	}
	if (quit)
		return quit_all(&paths, a.quiet);

	/* LXC anchors the pattern (^NAME$); grouped here, so that 'a|b'
	 * means the containers a and b, as its manual says. */
	re = xasprintf("^(%s)$", name ? name : ".*");
	r = bb_re_compile(&w.re, re, &e);
	free(re);
	if (r < 0)
		bb_error_msg_and_die("invalid regular expression '%s': %s", name, e.msg);

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sigfd < 0)
		bb_perror_msg_and_die("signalfd");

	w.l = xzalloc(paths.n * sizeof(*w.l));
	for (i = 0; i < paths.n; i++) {
		if (notify_listen(paths.v[i], &w.l[i], &e) < 0) {
			unlisten_all(&w);
			bb_err_die(&e);
		}
		w.n++;
	}
	r = listen_loop(&w, sigfd);
	unlisten_all(&w);
	if (r < 0) {
		/* Killed by a signal, as LXC's monitor is: its socket is gone. */
		signal(-r, SIG_DFL);
		raise(-r);
		sigprocmask(SIG_UNBLOCK, &mask, NULL);
		r = 128 - r;
	}
	return r;
}
