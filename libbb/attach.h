/* Entering a running container (attach, later execute and console). */
#ifndef CTBOX_ATTACH_H
#define CTBOX_ATTACH_H

#include "libbb.h"

struct conf_strv;

struct attach_opts {
	const char *lxcpath, *name;
	unsigned long namespaces;  /* CLONE_NEW* to join; 0: all of the container's */
	int elevated;              /* -e: keep capabilities */
	long uid, gid;             /* -1: root, or the container's init user */
	int clear_env;
	const struct bb_strlist *set_vars;  /* -v VAR=VALUE */
	const struct bb_strlist *keep_vars; /* --keep-var VAR (with clear_env) */
	const char *log_file;      /* -L: a copy of the pty's output */
	int remount_sys_proc;      /* -R */
	char *const *cmd;          /* NULL or empty: the user's login shell */
	const char *cwd;           /* NULL: the user's home directory */
	int exact_env;             /* set_vars only (OCI exec), nothing added */
	/* OCI exec --console-socket: the pty's master goes over this
	 * connected socket (-1: none; 0 is never one) instead of being
	 * relayed; send_console sends it (oci_console_send). */
	int console_sock;
	int (*send_console)(int sock, int master, struct bb_err *e);
};

/* Parse LXC's -s list ("MOUNT|PID|UTSNAME|IPC|USER|NETWORK|CGROUP");
 * 0 with e on a bad name. */
unsigned long attach_parse_namespaces(const char *s, struct bb_err *e);

/* Run the command inside; returns its exit status (128+N for a signal),
 * or -1 with e when it could not be started. */
int ct_attach(const struct attach_opts *o, struct bb_err *e);

/* Re-execute this binary from a sealed memfd unless already done, so that
 * a process inside a container cannot overwrite the binary on the host
 * through /proc/PID/exe (CVE-2019-5736). Returns only on failure (-1). */
int reexec_sealed(char **argv);

#endif
