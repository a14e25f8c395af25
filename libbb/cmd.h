/* The monitor's command socket: RUNDIR/.../NAME/sock, one request line and
 * one reply line per connection; only root or the monitor's owner may talk.
 *
 *   state          -> "STATE INIT_PID\n"
 *   stop T FLAGS   -> "stopped\n" once init is gone (T: seconds before
 *                     SIGKILL, -1 never; FLAGS: CT_STOP_* bits). With
 *                     CT_STOP_KILL, a container lock passed along
 *                     (SCM_RIGHTS) lets the monitor answer before its
 *                     own clean-up, which it does under that lock.
 *   console N      -> "ok\n", then the connection carries tty N (0: the
 *                     console) both ways, the console's scrollback first
 *   start          -> "ok\n" once a waiting init (an OCI create,
 *                     ct_run_ext.wait_start) has executed its command, or
 *                     "error WHY\n"
 */
#ifndef CTBOX_CMD_H
#define CTBOX_CMD_H

#include <stddef.h>

#include "container.h"

#define CMD_LINE_MAX 256

/* Monitor side: a listening, non-blocking socket at RUNDIR/sock. */
int cmd_listen(const struct container *c, struct bb_err *e);
/* Accept one client whose peer is root or our own user; -1 if none or refused. */
int cmd_accept(int lfd);
/* Read the request line of a client (blocking, bounded by a timeout).
 * Returns its length, or -1. */
int cmd_read_line(int fd, char *buf, size_t len, int timeout_ms);
/* The same, taking a descriptor passed along with the request into
 * *passed (-1 if none). */
int cmd_read_request(int fd, char *buf, size_t len, int timeout_ms, int *passed);

/* Client side: send req, read the reply line into reply (NUL-terminated,
 * without the newline). timeout_ms < 0 waits forever. Returns 0, or -1
 * with e (ECONNREFUSED/ENOENT: no monitor listening). */
int cmd_call(const struct container *c, const char *req, char *reply, size_t len,
	     int timeout_ms, struct bb_err *e);
/* The same, keeping the connection: returns its fd, or -1 with e. */
int cmd_open(const struct container *c, const char *req, char *reply, size_t len,
	     int timeout_ms, struct bb_err *e);
/* Both, passing pass_fd (when >= 0) along with the request. */
int cmd_call_fd(const struct container *c, const char *req, int pass_fd, char *reply,
		size_t len, int timeout_ms, struct bb_err *e);
int cmd_open_fd(const struct container *c, const char *req, int pass_fd, char *reply,
		size_t len, int timeout_ms, struct bb_err *e);

#endif
