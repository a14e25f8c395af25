/* console: a terminal on a container's console or tty N, through its
 * monitor (which keeps the scrollback and serves several clients). The
 * escape character (Ctrl+a by default) followed by q detaches; typed
 * twice it sends itself. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cmd.h"

/* Input bytes after escape processing into out; returns how many, or -1
 * when the detach sequence was typed. *esc_seen carries across reads. */
int console_filter(const char *in, size_t n, char esc, int *esc_seen, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (*esc_seen) {
			*esc_seen = 0;
			if (in[i] == 'q')
				return -1;
			if (in[i] != esc)
				out[o++] = esc;
			out[o++] = in[i];
		} else if (in[i] == esc) {
			*esc_seen = 1;
		} else {
			out[o++] = in[i];
		}
	}
	return (int)o;
}

int ct_console(const struct container *c, int tty, char esc, struct bb_err *e)
{
	char req[32], reply[CMD_LINE_MAX];
	struct termios saved, raw;
	int fd, raw_on = 0, esc_seen = 0, in_open = 1, r = 0;
	struct ct_status st;

	if (ct_get_status(c, &st, e) < 0)
		return -1;
	if (st.state == CT_STOPPED)
		return bb_err_set(e, 0, "'%s' is not running", c->name);
	if (!st.monitor_pid)
		return bb_err_set(e, 0, "'%s' has no monitor (killed?): its console is gone", c->name);
	snprintf(req, sizeof(req), "console %d", tty);
	fd = cmd_open(c, req, reply, sizeof(reply), 5000, e);
	if (fd < 0)
		return -1;
	if (strcmp(reply, "ok") != 0) {
		close(fd);
		return bb_err_set(e, 0, "'%s' has no tty %d", c->name, tty);
	}
	if (isatty(STDIN_FILENO)) {
		fprintf(stderr, "\r\nConnected to tty %d\r\nType <Ctrl+%c q> to exit the console, "
			"<Ctrl+%c Ctrl+%c> to enter Ctrl+%c itself\r\n", tty, esc + 'a' - 1,
			esc + 'a' - 1, esc + 'a' - 1, esc + 'a' - 1);
		if (tcgetattr(STDIN_FILENO, &saved) == 0) {
			raw = saved;
			cfmakeraw(&raw);
			raw_on = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
		}
	}
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = fd, .events = POLLIN },
			{ .fd = in_open ? STDIN_FILENO : -1, .events = POLLIN },
		};
		char buf[4096], out[8192];
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			r = bb_err_set(e, errno, "poll");
			break;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0)
				break; /* the container stopped */
			(void)full_write(STDOUT_FILENO, buf, n);
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			int k;

			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n <= 0) {
				/* No more input: without a terminal that ends it. */
				in_open = 0;
				if (!raw_on)
					break;
				continue;
			}
			k = console_filter(buf, n, esc, &esc_seen, out);
			if (k < 0)
				break;
			if (k && full_write(fd, out, k) < 0)
				break;
		}
	}
	if (raw_on)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	close(fd);
	return r;
}
