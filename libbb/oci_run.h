/* Running OCI bundles the way runc's command line does (the oci applet).
 *
 * An OCI container is a ctbox container in the lxcpath --root (default
 * /run/ctbox-oci): ROOT/ID/ holds
 *   config       the LXC configuration made from config.json (oci_conf.c),
 *                which exec (attach) reads back
 *   seccomp      linux.seccomp as an LXC policy (oci_run_seccomp.c)
 *   state.json   the runtime-spec state as last written (runc's fields)
 * and the usual monitor (monitor.c) stays the parent of the container's
 * process. `create` starts it with ct_run_ext.wait_start: the process is
 * set up completely and waits before its exec until `start` sends the
 * monitor a "start" request. Its status is the monitor's (stopped, paused
 * when frozen) and, while it runs, state.json's "created" until started.
 *
 *   oci_run.c          create, start, run, state, list, delete, kill
 *   oci_run_child.c    the container side: console socket, masked and
 *                      read-only paths, device nodes, umask, capabilities,
 *                      namespaces joined by path (network, IPC, UTS, cgroup)
 *   oci_run_hooks.c    hooks with the state on stdin
 *   oci_run_seccomp.c  linux.seccomp -> LXC's policy format
 *   oci_run_tools.c    exec, ps, events, pause
 *   oci_run_id.c       container ids
 */
#ifndef CTBOX_OCI_RUN_H
#define CTBOX_OCI_RUN_H

#include <stdio.h>
#include <sys/types.h>

#include "container.h"
#include "json.h"
#include "oci_spec.h"
#include "run.h"

#define OCI_ROOT_DEFAULT "/run/ctbox-oci"

/* The OCI_X_* bits this runtime applies itself. */
#define OCI_HANDLED (OCI_X_TERMINAL | OCI_X_CONSOLE_SIZE | OCI_X_UMASK | OCI_X_CAPS | \
		     OCI_X_MASKED | OCI_X_READONLY | OCI_X_DEVICES | OCI_X_SECCOMP | \
		     OCI_X_HOOKS | OCI_X_ENV | OCI_X_PROPAGATION)

struct oci_create_opts {
	const char *root, *id, *bundle;
	const char *pid_file, *console_socket;
	int no_pivot;
	int detach;              /* run -d; create always detaches */
};

/* A container as the commands see it. */
struct oci_ct {
	struct container c;      /* lxcpath ROOT, name ID */
	char *dir;               /* ROOT/ID */
	struct json_doc doc;     /* state.json */
	const char *bundle, *rootfs, *created, *owner, *saved;  /* saved status */
	const struct json *annotations;
	const char *status;      /* live: created running paused stopped */
	pid_t pid;               /* live, 0 when stopped */
};

/* ---- oci_run.c ---- */
/* An id as runc takes it: [A-Za-z0-9_+.-], not "." or "..". */
int oci_check_id(const char *id, struct bb_err *e);
/* Load ROOT/ID (e: "container does not exist" when it does not). */
int oci_ct_load(struct oci_ct *o, const char *root, const char *id, struct bb_err *e);
void oci_ct_free(struct oci_ct *o);
/* Write state.json with status (and the live pid). */
int oci_ct_save(struct oci_ct *o, const char *status, struct bb_err *e);
/* The runtime-spec state as runc prints it (indent "  ": state; NULL:
 * compact for list). */
void oci_ct_json(struct json_w *w, const struct oci_ct *o);

/* create, or run (create + start): returns 0 (created / started
 * detached), the process's exit status (run without -d), or -1 with e;
 * a failed create leaves nothing behind. */
int oci_create(const struct oci_create_opts *o, int run, struct bb_err *e);
int oci_start(const char *root, const char *id, struct bb_err *e);
/* Signal the container's process (all its processes with all). */
int oci_kill(const char *root, const char *id, int sig, int all, struct bb_err *e);
/* Remove a stopped (or created) container, a running one with force. */
int oci_delete(const char *root, const char *id, int force, struct bb_err *e);
/* The containers under root as a table or a JSON array. */
int oci_list(const char *root, int json, FILE *f, struct bb_err *e);

/* ---- oci_run_hooks.c ---- */
/* Run the hooks of kind with the state JSON on stdin. In the namespaces
 * of ns_pid when > 0 (createContainer, startContainer). */
int oci_hooks_run(const struct oci_spec *s, int kind, const char *state, pid_t ns_pid,
		  struct bb_err *e);
/* The state as a hook reads it (malloc'd, or NULL). */
char *oci_state_string(const struct oci_ct *o, const char *id, const char *status, pid_t pid);

/* ---- oci_run_seccomp.c ---- */
/* linux.seccomp as an LXC policy (version 2) to f; NULL seccomp: a
 * policy that allows everything. Returns 0, or -1 with e. */
int oci_seccomp_policy(const struct oci_seccomp *sc, FILE *f, struct bb_err *e);

/* ---- oci_run_child.c ---- */
/* Fill x for s (console socket path may be NULL); x must outlive the start. */
struct oci_ext {
	struct ct_run_ext x;
	const struct oci_spec *s;
	const char *console_socket;
	int ns_fd[4], ns_flag[4];  /* linux.namespaces with a path, to join */
	size_t n_ns;
};
void oci_ext_init(struct oci_ext *x, const struct oci_spec *s, const char *console_socket);
/* Send fd over the unix socket at path (SCM_RIGHTS), as runc does;
 * the same in two steps (connect on the host, send from anywhere). */
int oci_send_fd(const char *path, int fd, struct bb_err *e);
int oci_console_connect(const char *path, struct bb_err *e);
int oci_console_send(int sock, int fd, struct bb_err *e);

/* ---- oci_run_tools.c ---- */
struct oci_exec_opts {
	const char *root, *id;
	char *const *cmd;
	const char *process_file, *cwd, *user, *pid_file, *console_socket;
	const struct bb_strlist *env;
	int tty, detach;
};
int oci_exec(const struct oci_exec_opts *o, struct bb_err *e);
/* ps: the host pids of the container's processes, sorted. */
int oci_pids(struct oci_ct *o, pid_t **pids, size_t *n, struct bb_err *e);
int oci_events_stats(const char *root, const char *id, FILE *f, struct bb_err *e);
int oci_pause(const char *root, const char *id, int pause, struct bb_err *e);

#endif
