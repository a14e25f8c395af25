/* wait: wait for a container to reach a state (lxc-wait). */
//config:config WAIT
//config:	bool "wait: wait for a container state (lxc-wait)"
//config:	default y
//config:	help
//config:	  Return once a container is in one of the given states.
//applet:wait lxc-wait
//usage:-n NAME -s 'STATE[|STATE...]' [-t SECONDS] [-P LXCPATH]
//usage:
//usage:Wait until the container NAME is in one of the states (STOPPED, STARTING,
//usage:RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED).
//usage:
//usage:  -n, --name NAME      the container
//usage:  -s, --state STATES   the states, separated by '|'
//usage:  -t, --timeout SECS   give up after that long with exit status 1 (-1: never)
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "container.h"

static unsigned parse_states(const char *spec)
{
	char buf[256], *tok, *save = NULL;
	unsigned mask = 0;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		int s = ct_state_parse(tok);

		if (s < 0)
			bb_error_msg_and_die("unknown state '%s'", tok);
		mask |= 1u << s;
	}
	if (!mask)
		bb_error_msg_and_die("no state given (-s 'STATE|...')");
	return mask;
}

int wait_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	const char *states = NULL;
	long timeout = -1;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "s|state", BB_OPT_STR, &states, 0, 0, NULL, 0 },
		{ "t|timeout", BB_OPT_INT, &timeout, -1, 86400 * 365, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct container c;
	struct ct_status st;
	struct timespec t0, t;
	struct bb_err e;
	unsigned mask;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (!states)
		bb_error_msg_and_die("no state given (-s 'STATE|...')");
	mask = parse_states(states);
	if (ct_init(&c, a.lxcpath, a.name, &e) < 0)
		bb_err_die(&e);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (ct_get_status(&c, &st, &e) < 0)
			bb_err_die(&e);
		if (mask & (1u << st.state))
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (timeout >= 0 && (t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000 >= timeout * 1000)
			return 1;
		usleep(10000);
	}
}
