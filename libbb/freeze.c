/* Freezing and thawing a running container through its saved cgroup; the
 * state file follows (FREEZING, FROZEN, THAWED then RUNNING) so that
 * info, ls and wait see it, with or without a monitor. */
#include <errno.h>
#include <string.h>

#include "ct_cgroup.h"
#include "notify.h"

static int set_state(const struct container *c, enum ct_state s, struct bb_err *e)
{
	struct ct_status st;

	if (ct_get_status(c, &st, e) < 0)
		return -1;
	if (st.state == CT_STOPPED || st.state == CT_STOPPING)
		return 0; /* it stopped meanwhile: the monitor's word stands */
	st.state = s;
	return ct_write_status(c, &st, e);
}

int ct_freeze(const struct container *c, int freeze, int timeout_ms, struct bb_err *e)
{
	const struct cg_host *h;
	struct cg_group g;
	struct ct_status st;
	int lock, r = -1, now;

	lock = ct_lock(c, 0, e);
	if (lock < 0)
		return -1;
	if (ct_get_status(c, &st, e) < 0)
		goto out;
	now = st.state == CT_FROZEN || st.state == CT_FREEZING ? CG_FROZEN : CG_THAWED;
	if (st.state != CT_RUNNING && st.state != CT_FROZEN && st.state != CT_FREEZING &&
	    st.state != CT_THAWED) {
		bb_err_set(e, 0, "'%s' is not running", c->name);
		goto out;
	}
	if (ct_cgroup_load(c, &h, &g, e) < 0) {
		if (e->errnum == ENOENT)
			bb_err_set(e, 0, "'%s' runs without cgroups: it cannot be frozen", c->name);
		goto out;
	}
	if ((freeze && now == CG_FROZEN && cg_freeze_state(h, &g, e) == CG_FROZEN) ||
	    (!freeze && now == CG_THAWED)) {
		r = 1;
		goto out;
	}
	/* Most freezes are done at once: FREEZING (or THAWED) is written
	 * only when the kernel takes its time. */
	r = cg_freeze(h, &g, freeze, 0, e);
	if (r == 0) /* done at once: monitor applets see the step all the same, as LXC's do */
		ct_notify_state(c, freeze ? CT_FREEZING : CT_THAWED);
	if (r == 1) {
		r = set_state(c, freeze ? CT_FREEZING : CT_THAWED, e);
		if (r == 0)
			r = cg_freeze(h, &g, freeze, timeout_ms, e);
	}
	if (r < 0) {
		struct bb_err ignored;

		if (freeze)
			(void)cg_freeze(h, &g, 0, 1000, &ignored);
		set_state(c, freeze ? CT_RUNNING : CT_FROZEN, &ignored);
		goto out;
	}
	r = set_state(c, freeze ? CT_FROZEN : CT_RUNNING, e);
out:
	ct_unlock(lock);
	return r;
}

/* The body of the freeze and unfreeze applets (same options). */
int ct_freeze_main(int argc, char **argv, int freeze)
{
	struct lxc_args a = { 0 };
	long timeout = -1;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "t|timeout", BB_OPT_INT, &timeout, -1, 86400, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct container c;
	struct bb_err e;
	int r;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (ct_init(&c, a.lxcpath, a.name, &e) < 0)
		bb_err_die(&e);
	if (!ct_defined(&c))
		bb_error_msg_and_die("'%s' doesn't exist", c.name);
	r = ct_freeze(&c, freeze, timeout < 0 ? -1 : (int)timeout * 1000, &e);
	if (r < 0)
		bb_err_die(&e);
	if (r == 1 && !a.quiet)
		bb_warn_msg("'%s' is %s", c.name, freeze ? "already frozen" : "not frozen");
	ct_free(&c);
	return 0;
}
