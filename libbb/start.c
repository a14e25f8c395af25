/* Starting a container by name (see start.h). */
#include <errno.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "run_plan.h"
#include "start.h"

static int apply_defines(struct lxc_conf *conf, const struct bb_strlist *defs, struct bb_err *e)
{
	size_t k;

	for (k = 0; defs && k < defs->n; k++) {
		const char *eq = strchr(defs->v[k], '=');
		char *key;
		int r;

		if (!eq)
			return bb_err_set(e, 0, "'%s' wants KEY=VALUE", defs->v[k]);
		key = strndup(defs->v[k], eq - defs->v[k]);
		if (!key)
			return bb_err_set(e, ENOMEM, "define");
		while (*key && strchr(" \t", key[strlen(key) - 1]))
			key[strlen(key) - 1] = '\0';
		eq++;
		r = conf_set(conf, key, eq + strspn(eq, " \t"), e);
		free(key);
		if (r < 0)
			return -1;
	}
	return 0;
}

int ct_start_by_name(const char *lxcpath, const char *name, const struct ct_start_opts *o,
		     struct bb_err *e)
{
	struct lxc_conf *conf = NULL;
	struct container c;
	struct ct_status st;
	struct ct_run run;
	int lock = -1, r = -1, planned = 0, execute = ENABLE_EXECUTE && o->execute;

	if (ct_init(&c, lxcpath, name, e) < 0)
		return -1;
	if (!o->rcfile && !ct_defined(&c)) {
		bb_err_set(e, 0, "container '%s' does not exist (no %s)", c.name, c.config_path);
		goto out;
	}
	conf = conf_new();
	if (!conf) {
		bb_err_set(e, ENOMEM, "configuration");
		goto out;
	}
	if (conf_load_file(conf, o->rcfile ? o->rcfile : c.config_path, e) < 0 ||
	    apply_defines(conf, o->defines, e) < 0)
		goto out;
	if (execute && !(o->cmd && o->cmd[0]) && !conf->execute_cmd) {
		bb_err_set(e, 0, "no command to execute (give one after --, or lxc.execute.cmd)");
		goto out;
	}
	{
		/* execute without a command: lxc.execute.cmd stands in for
		 * lxc.init.cmd (the plan copies it). */
		char *init_cmd = conf->init_cmd;

		if (execute && !(o->cmd && o->cmd[0]))
			conf->init_cmd = conf->execute_cmd;
		r = ct_plan(&run, conf, &c, o->cmd, e);
		conf->init_cmd = init_cmd;
		if (r < 0)
			goto out;
		r = -1;
	}
	planned = 1;
	/* The network namespace is made meanwhile (ct_net_maker.c). */
	if (ct_net_ahead(&run) && ct_net_maker_start(&c, &run, &run.net_maker, e) < 0)
		goto out;
	run.foreground = o->foreground || execute;
	if (execute) {
		run.exec_init_fd = bb_sealed_self(e);
		if (run.exec_init_fd < 0)
			goto out;
		run.passthrough = !isatty(STDIN_FILENO);
	}
	run.pidfile = o->pidfile;
	if (o->console_log)
		run.console_log = o->console_log;
	if (o->logfile)
		run.log_file = o->logfile;
	if (o->loglevel)
		run.log_level = lxc_loglevel_parse(o->loglevel);
	else if (run.log_level < 0)
		run.log_level = LOG_ERROR;
	if (ct_log_open(c.name, run.log_file, run.log_level, e) < 0)
		goto out;
	lock = ct_lock(&c, 0, e);
	if (lock < 0 || ct_get_status(&c, &st, e) < 0)
		goto out;
	if (st.state != CT_STOPPED) {
		bb_err_set(e, 0, "container '%s' is already running", c.name);
		goto out;
	}
	r = ct_start(&c, &run, lock, e);
	lock = -1; /* ct_start consumes the lock */
out:
	ct_unlock(lock);
	if (planned && run.exec_init_fd >= 0)
		close(run.exec_init_fd);
	if (planned) {
		ct_net_maker_end(&run.net_maker);
		ct_run_free(&run);
	}
	conf_free(conf);
	ct_free(&c);
	return r;
}

int ct_start_applet(const struct lxc_args *a, struct ct_start_opts *o)
{
	struct bb_err e;
	int r;

	o->logfile = a->logfile;
	o->loglevel = a->loglevel;
	r = ct_start_by_name(a->lxcpath, a->name, o, &e);
	if (r < 0 && !a->quiet)
		bb_err_print(&e);
	return r;
}
