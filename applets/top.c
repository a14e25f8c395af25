/* top: watch the resource use of running containers (lxc-top). */
//config:config TOP
//config:	bool "top: watch containers' resource use (lxc-top)"
//config:	default y
//config:	help
//config:	  Show the CPU, block I/O and memory use of the running
//config:	  containers, refreshed every few seconds, in lxc-top's layout
//config:	  on a terminal or as CSV lines for scripts (-b).
//applet:top lxc-top
//usage:[-d DELAY] [-s n|c|b|m|s|k] [-r] [-b] [-i N] [-f REGEX] [-n NAME] [-P LXCPATH]
//usage:
//usage:Show the resource use of the running containers: CPU time (total, system,
//usage:user), block I/O (total, read, write), memory, memory + swap and kernel
//usage:memory (where the kernel counts them), and their total.
//usage:
//usage:  -d, --delay SECS     time between refreshes (default: 3; with -b: 300, as
//usage:                       lxc-top); decimals allowed
//usage:  -s, --sort KEY       sort by n name (default), c CPU, b block I/O, m memory,
//usage:                       s memory + swap, k kernel memory
//usage:  -r, --reverse        reverse the order (normally names ascend, figures descend)
//usage:  -b, --batch          CSV lines for scripts (lxc-top's columns), no
//usage:                       terminal needed
//usage:  -i, --iterations N   stop after N refreshes (default: never)
//usage:  -f, --filter REGEX   only containers whose names match REGEX (extended)
//usage:  -n, --name NAME      only the container NAME
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
//usage:
//usage:On a terminal: q quits; n c b m s k sort (the same key again reverses),
//usage:r reverses.
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "top.h"

struct top_opts {
	const char *lxcpath, *only;
	struct bb_re re, *rep;
	unsigned delay_ms;
	long iterations;       /* 0: forever */
	char sort;
	int reverse;
};

static struct termios saved_tio;
static int tio_saved;

/* Also at exit: a dying top leaves the terminal as it found it. */
static void tty_restore(void)
{
	if (tio_saved)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	tio_saved = 0;
}

/* Keys one at a time, not echoed; ^C still signals. */
static void tty_setup(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &saved_tio) < 0)
		bb_perror_msg_and_die("can't read the terminal's settings");
	t = saved_tio;
	t.c_lflag &= ~(ECHO | ICANON);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tio_saved = 1;
	atexit(tty_restore);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) < 0)
		bb_perror_msg_and_die("can't set the terminal's settings");
}

/* Container lines that fit: the terminal's rows less the header (2) and
 * the total line, as lxc-top. */
static size_t screen_rows(void)
{
	struct winsize w = { 0 };

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) < 0 && ioctl(STDIN_FILENO, TIOCGWINSZ, &w) < 0)
		w.ws_row = 0;
	if (!w.ws_row)
		return 22; /* unknown: 25 rows */
	return w.ws_row > 3 ? w.ws_row - 3u : 0;
}

static struct top_row *collect(const struct top_opts *o, size_t *n)
{
	struct top_row *rows;
	struct bb_err e;

	if (top_collect(o->lxcpath, o->rep, o->only, &rows, n, &e) < 0)
		bb_err_die(&e);
	top_sort(rows, *n, o->sort, o->reverse);
	return rows;
}

static unsigned long long now_ms(int clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void check_output(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		bb_perror_msg_and_die("write error");
}

static int run_batch(struct top_opts *o)
{
	long i;

	top_print_csv_header(stdout);
	check_output();
	for (i = 1;; i++) {
		size_t n;
		struct top_row *rows = collect(o, &n);

		top_print_csv(stdout, rows, n, now_ms(CLOCK_REALTIME));
		top_rows_free(rows, n);
		check_output();
		if (o->iterations && i >= o->iterations)
			return 0;
		poll(NULL, 0, o->delay_ms);
	}
}

/* What ends a wait on the screen (else 128 + a signal). */
enum { W_TICK, W_REDRAW, W_QUIT };

/* A key typed on the screen: lxc-top's. */
static int key(struct top_opts *o, char c)
{
	if (c == 'q')
		return W_QUIT;
	if (c == 'r') {
		o->reverse = !o->reverse;
	} else if (c && strchr(TOP_SORT_KEYS, c)) {
		o->reverse = o->sort == c ? !o->reverse : 0;
		o->sort = c;
	}
	return W_REDRAW;
}

/* Wait for the next refresh (W_TICK), a key or a resized terminal
 * (W_REDRAW at once), q, ^C, ^\ or a lost terminal (W_QUIT), SIGTERM or
 * SIGHUP (128 + it). */
static int wait_screen(struct top_opts *o, int sfd)
{
	unsigned long long end = now_ms(CLOCK_MONOTONIC) + o->delay_ms;

	for (;;) {
		struct pollfd p[2] = { { STDIN_FILENO, POLLIN, 0 }, { sfd, POLLIN, 0 } };
		unsigned long long t = now_ms(CLOCK_MONOTONIC);
		int r = poll(p, 2, t >= end ? 0 : (int)(end - t));
		char c;

		if (r < 0 && errno != EINTR)
			bb_perror_msg_and_die("poll");
		if (r == 0)
			return W_TICK;
		if (p[1].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
				if (si.ssi_signo == SIGWINCH)
					return W_REDRAW;
				/* ^C and ^\ quit as q does (lxc-top exits 0) */
				if (si.ssi_signo == SIGINT || si.ssi_signo == SIGQUIT)
					return W_QUIT;
				return 128 + (int)si.ssi_signo;
			}
		}
		if (p[0].revents & POLLIN) {
			if (read(STDIN_FILENO, &c, 1) != 1)
				return W_QUIT; /* the terminal went away */
			return key(o, c);
		}
		if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return W_QUIT;
	}
}

static int run_screen(struct top_opts *o)
{
	static char buf[1 << 16];
	sigset_t mask;
	int sfd, w = W_TICK;
	long i = 0;

	if (!isatty(STDIN_FILENO))
		bb_error_msg_and_die("stdin is not a terminal (-b gives batch output)");
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGWINCH);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0 ||
	    (sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK)) < 0)
		bb_perror_msg_and_die("signalfd");
	tty_setup();
	setvbuf(stdout, buf, _IOFBF, sizeof(buf)); /* one write per screen */
	for (;;) {
		size_t n;
		struct top_row *rows = collect(o, &n);

		top_print_screen(stdout, rows, n, screen_rows());
		top_rows_free(rows, n);
		check_output();
		/* -i counts refreshes; redraws for keys and resizes are extra */
		if (w == W_TICK && o->iterations && ++i >= o->iterations)
			break;
		w = wait_screen(o, sfd);
		if (w != W_TICK && w != W_REDRAW)
			break;
	}
	tty_restore();
	fputc('\n', stdout);
	fflush(stdout);
	close(sfd);
	return w > W_QUIT ? w : 0;
}

int top_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	const char *delay = NULL, *sort = NULL, *filter = NULL;
	int reverse = 0, batch = 0;
	struct top_opts o = { 0 };
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "d|delay", BB_OPT_STR, &delay, 0, 0, NULL, 0 },
		{ "s|sort", BB_OPT_STR, &sort, 0, 0, NULL, 0 },
		{ "r|reverse", BB_OPT_FLAG, &reverse, 0, 0, NULL, 0 },
		{ "b|batch", BB_OPT_FLAG, &batch, 0, 0, NULL, 0 },
		{ "i|iterations", BB_OPT_INT, &o.iterations, 1, 1000000000, NULL, 0 },
		{ "f|filter", BB_OPT_STR, &filter, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct stat st;
	int r;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, 0);
	o.lxcpath = a.lxcpath;
	o.only = a.name;
	o.reverse = reverse;
	o.sort = 'n';
	if (sort) {
		if (strlen(sort) != 1 || !strchr(TOP_SORT_KEYS, sort[0]))
			bb_error_msg_and_die("invalid sort key '%s' (n name, c CPU, b block I/O, m memory, s memory + swap, k kernel memory)",
					     sort);
		o.sort = sort[0];
	}
	o.delay_ms = batch ? 300000 : 3000; /* lxc-top's defaults */
	if (delay && top_parse_delay(delay, &o.delay_ms) < 0)
		bb_error_msg_and_die("invalid delay '%s': seconds above 0, at most 86400", delay);
	if (filter) {
		struct bb_err e;

		if (bb_re_compile(&o.re, filter, &e) < 0)
			bb_error_msg_and_die("invalid regular expression '%s': %s", filter, e.msg);
		o.rep = &o.re;
	}
	if (stat(o.lxcpath, &st) < 0)
		bb_perror_msg_and_die("lxcpath '%s'", o.lxcpath);
	if (!S_ISDIR(st.st_mode))
		bb_error_msg_and_die("lxcpath '%s' is not a directory", o.lxcpath);
	r = batch ? run_batch(&o) : run_screen(&o);
	if (o.rep)
		bb_re_free(o.rep);
	return r;
}
