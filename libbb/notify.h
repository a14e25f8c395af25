/* State changes told to listening monitor applets (lxc-monitor), as they
 * happen, without polling:
 *
 *   RUNDIR/HASH/.monitor/        one per lxcpath (HASH as in container.h;
 *                                a dot name: never a container's), 0700
 *       PID.RANDOM               a listener's unix datagram socket
 *
 * Every state written (ct_write_status), init's exit and the final STOPPED
 * go as one datagram to each socket there, never blocking: a full or dead
 * listener loses the message, the container operation goes on. A socket
 * nobody listens on any more (its listener was killed) is removed by the
 * first sender or listener that finds it. With no listener the directory
 * is gone, and a sender's whole cost is one failed open().
 *
 * Messages, text, one per datagram:
 *   "state NAME STATE"     "exit NAME WAIT_STATUS"     "quit"
 */
#ifndef CTBOX_NOTIFY_H
#define CTBOX_NOTIFY_H

#include "container.h"

#define NOTIFY_DIR ".monitor"
#define NOTIFY_MSG_MAX 128

/* Senders: container code. Errors are ignored (nobody to tell). */
void ct_notify_state(const struct container *c, enum ct_state s);
/* init's raw wait status (LXC's lxc-monitor shows WEXITSTATUS of it). */
void ct_notify_exit(const struct container *c, int wait_status);
/* The container is gone: STOPPING (unless last, its state until now,
 * was that already), then STOPPED, as LXC tells every stop. */
void ct_notify_stopped(const struct container *c, enum ct_state last);

/* A listener on one lxcpath. */
struct notify_listener {
	int fd;        /* the datagram socket (CLOEXEC, non-blocking) */
	int dirfd;     /* the directory (O_PATH) */
	char *dir;     /* its path */
	char name[48]; /* the socket's name in it */
};

/* Bind a listener socket for lxcpath (creating the directories); stale
 * sockets found there are removed. Returns 0, or -1 with e. */
int notify_listen(const char *lxcpath, struct notify_listener *l, struct bb_err *e);
/* Remove the socket (and the directory when it was the last one). */
void notify_unlisten(struct notify_listener *l);

enum notify_kind { NOTIFY_NONE, NOTIFY_STATE, NOTIFY_EXIT, NOTIFY_QUIT };

struct notify_msg {
	enum notify_kind kind;
	char name[CTBOX_NAME_MAX + 1];
	int value;     /* enum ct_state, or the wait status */
};

/* Take one waiting message. Returns 1 with m filled (kind NOTIFY_NONE
 * when it was not understood), 0 when none is waiting, -1 on a socket
 * error (errno). */
int notify_recv(struct notify_listener *l, struct notify_msg *m);
/* Parse one datagram's text (n bytes). 0, or -1 when it is not a message. */
int notify_parse(const char *buf, size_t n, struct notify_msg *m);

/* Tell every listener on lxcpath to quit. Returns how many were told. */
int notify_quit(const char *lxcpath);

#endif
