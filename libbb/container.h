/* A container on disk and at run time: paths, the lock, the state.
 *
 *   LXCPATH/NAME/config          its configuration (LXC format)
 *   LXCPATH/NAME/rootfs          its root file system (by default)
 *   RUNDIR/HASH/NAME/            run-time state, HASH naming the lxcpath:
 *       lock                     flock()ed by every operation that changes it
 *       monitor                  flock()ed by the monitor for its whole life
 *       state                    "STATE INIT_PID INIT_START MONITOR_PID HALT_SIGNAL\n"
 *       sock                     the monitor's command socket
 *       lxcpath                  the lxcpath it belongs to (for humans)
 * RUNDIR is /run/ctbox ($CTBOX_RUNDIR for tests): a tmpfs /run works, as in
 * an initramfs, and a read-only root is fine.
 */
#ifndef CTBOX_CONTAINER_H
#define CTBOX_CONTAINER_H

#include <sys/types.h>

#include "libbb.h"

#define CTBOX_DEFAULT_RUNDIR "/run/ctbox"

struct container {
	char *name;
	char *lxcpath;
	char *dir;          /* LXCPATH/NAME */
	char *config_path;  /* LXCPATH/NAME/config */
	char *rundir;       /* RUNDIR/HASH/NAME */
};

enum ct_state {
	CT_STOPPED,
	CT_STARTING,
	CT_RUNNING,
	CT_STOPPING,
	CT_ABORTING,
	CT_FREEZING,
	CT_FROZEN,
	CT_THAWED,
	CT_STATE_MAX
};

struct ct_status {
	enum ct_state state;
	pid_t init_pid;         /* 0 when stopped */
	unsigned long long init_start; /* its start time (/proc/PID/stat field 22) */
	pid_t monitor_pid;      /* 0 when no monitor is alive */
	int sig_halt;           /* lxc.signal.halt of the running container */
};

/* Fill c's paths (name checked). Returns 0, or -1 with e. */
int ct_init(struct container *c, const char *lxcpath, const char *name, struct bb_err *e);
void ct_free(struct container *c);
/* Does LXCPATH/NAME/config exist? */
int ct_defined(const struct container *c);
/* The run-time directory base ($CTBOX_RUNDIR or /run/ctbox). */
const char *ct_rundir_base(void);
/* Create c->rundir (and its parents) if missing. */
int ct_make_rundir(const struct container *c, struct bb_err *e);

enum { CT_LOCK_NB = 1 };
/* Take the container's lock (exclusive). Returns an fd to pass to
 * ct_unlock, or -1 with e (EWOULDBLOCK with CT_LOCK_NB when held). */
int ct_lock(const struct container *c, unsigned flags, struct bb_err *e);
void ct_unlock(int fd);

const char *ct_state_name(enum ct_state s);
/* Parse a state name (any case); -1 if unknown. */
int ct_state_parse(const char *s);

/* What is it doing now? STOPPED when nothing runs. Works when the monitor
 * was killed: the init recorded in the state file is checked (PID and start
 * time) and reported RUNNING while it lives. */
int ct_get_status(const struct container *c, struct ct_status *st, struct bb_err *e);
/* Write the state file atomically (monitor side). */
int ct_write_status(const struct container *c, const struct ct_status *st, struct bb_err *e);
/* Remove what a run left in the run-time directory, but the lock file:
 * others may be waiting on it. */
void ct_clear_rundir(const struct container *c);
/* Remove the run-time directory entirely (destroy, under the lock). */
void ct_remove_rundir(const struct container *c);

enum { CT_STOP_KILL = 1, CT_STOP_NOWAIT = 2, CT_STOP_REBOOT = 4, CT_STOP_NOKILL = 8 };
/* Stop a running container: its halt signal (lxc.signal.halt, or the
 * reboot signal with CT_STOP_REBOOT), then SIGKILL after timeout seconds
 * (-1: wait forever; CT_STOP_KILL: at once; CT_STOP_NOKILL: never, and
 * an error once the timeout has passed). Works without a monitor.
 * Returns 0 once it is STOPPED (at once with CT_STOP_NOWAIT), 1 if it was
 * not running, -1 with e. */
int ct_stop(const struct container *c, int timeout, unsigned flags, struct bb_err *e);
/* The same for a caller holding c's lock (lock_fd): for a kill, the
 * monitor gets a copy and answers as soon as the container is gone,
 * finishing its own clean-up (groups, run files) under the lock, so that
 * the next start waits for it and the caller does not. */
int ct_stop_lock(const struct container *c, int lock_fd, int timeout, unsigned flags,
		 struct bb_err *e);

/* Freeze (or thaw) a running container and wait until it is (timeout_ms
 * < 0: forever). Returns 0, 1 when it already was, -1 with e (not
 * running, no cgroups). */
int ct_freeze(const struct container *c, int freeze, int timeout_ms, struct bb_err *e);
/* The freeze and unfreeze applets (applet code: exits on errors). */
int ct_freeze_main(int argc, char **argv, int freeze);

/* Connect the terminal to tty (0: the console) of a running container
 * until the escape character (a control character, 1 for Ctrl+a) and q
 * are typed, or it stops. Returns 0, or -1 with e. */
int ct_console(const struct container *c, int tty, char esc, struct bb_err *e);
/* The escape processing of ct_console, for tests. */
int console_filter(const char *in, size_t n, char esc, int *esc_seen, char *out);

/* The start time of a process (/proc/PID/stat field 22), 0 if gone. */
unsigned long long proc_start_time(pid_t pid);

/* Names of the containers in lxcpath (directories holding a config file),
 * sorted; hidden names (in-progress creations) are skipped. The array and
 * names are malloc'd: free with ct_list_free. */
int ct_list(const char *lxcpath, char ***names, size_t *n, struct bb_err *e);
void ct_list_free(char **names, size_t n);

#endif
