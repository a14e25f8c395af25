/* Starting a container by name: configuration, plan, lock, monitor. Used
 * by start and autostart. */
#ifndef CTBOX_START_H
#define CTBOX_START_H

#include "libbb.h"

struct ct_start_opts {
	const char *rcfile;              /* instead of LXCPATH/NAME/config */
	const struct bb_strlist *defines; /* KEY=VALUE settings on top */
	char *const *cmd;                /* instead of lxc.init.cmd */
	int foreground;
	int execute;                     /* run cmd (or lxc.execute.cmd) under ctbox's init */
	const char *pidfile, *console_log, *logfile, *loglevel;
};

/* Returns 0 once it runs (daemon), init's exit status (foreground), or -1
 * with e (also when it was running already). */
int ct_start_by_name(const char *lxcpath, const char *name, const struct ct_start_opts *o,
		     struct bb_err *e);

/* The common end of the start and execute applets: lxc_args' log
 * settings into o, start, and the error printed unless -q. Returns
 * ct_start_by_name's result (-1 after printing). */
int ct_start_applet(const struct lxc_args *a, struct ct_start_opts *o);

#endif
