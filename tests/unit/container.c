/* Unit tests of libbb/container.c: names of states, paths, the state
 * file's format, listing. Needs no root: everything lives in a temp dir. */
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "tap.h"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

int main(void)
{
	char tmp[] = "/tmp/ctbox-unit.XXXXXX", path[512], run[600];
	struct container c;
	struct ct_status st, st2;
	struct bb_err e;
	char **names;
	size_t n;
	int i, fd;

	if (!mkdtemp(tmp))
		plan_skip_all("no temp dir");
	snprintf(run, sizeof(run), "%s/run", tmp);
	setenv("CTBOX_RUNDIR", run, 1);

	for (i = 0; i < CT_STATE_MAX; i++)
		is_int(ct_state_parse(ct_state_name(i)), i, "state %s round-trips", ct_state_name(i));
	is_int(ct_state_parse("running"), CT_RUNNING, "state names in any case");
	is_int(ct_state_parse("BOGUS"), -1, "unknown state");
	is_str(ct_state_name(CT_STATE_MAX), "UNKNOWN", "out-of-range state");

	ok(ct_init(&c, "/var/lib/lxc", "a/b", &e) < 0, "ct_init refuses a bad name");
	ok(ct_init(&c, tmp, "c1", &e) == 0, "ct_init");
	snprintf(path, sizeof(path), "%s/c1/config", tmp);
	is_str(c.config_path, path, "config path");
	ok(strncmp(c.rundir, run, strlen(run)) == 0 && strcmp(c.rundir + strlen(c.rundir) - 3, "/c1") == 0,
	   "run dir under $CTBOX_RUNDIR, ending in the name");
	ok(!ct_defined(&c), "not defined without a config");

	ok(ct_get_status(&c, &st, &e) == 0 && st.state == CT_STOPPED, "no state file: STOPPED");
	ok(ct_make_rundir(&c, &e) == 0, "run dir made");
	st.state = CT_RUNNING;
	st.init_pid = getpid();
	st.init_start = proc_start_time(getpid());
	st.monitor_pid = 0;
	st.sig_halt = 10;
	ok(st.init_start > 0, "proc_start_time of ourselves");
	is_int(proc_start_time(0x7ffffff0), 0, "proc_start_time of no process");
	ok(ct_write_status(&c, &st, &e) == 0, "state written");
	snprintf(path, sizeof(path), "%s/state", c.rundir);
	{
		char *text = read_file(path, 256, NULL), want[128];

		snprintf(want, sizeof(want), "RUNNING %d %llu 0 10\n", (int)getpid(), st.init_start);
		is_str(text, want, "state file format");
		free(text);
	}
	/* No monitor holds the lock: the recorded init decides. */
	ok(ct_get_status(&c, &st2, &e) == 0 && st2.state == CT_RUNNING && st2.init_pid == getpid(),
	   "no monitor, init alive: RUNNING");
	is_int(st2.sig_halt, 10, "halt signal read back");
	st.init_start += 1;
	ct_write_status(&c, &st, &e);
	ok(ct_get_status(&c, &st2, &e) == 0 && st2.state == CT_STOPPED,
	   "a reused PID (other start time) is not taken for init");
	/* A monitor holding its lock is believed. */
	snprintf(path, sizeof(path), "%s/monitor", c.rundir);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	ok(fd >= 0 && flock(fd, LOCK_EX) == 0, "monitor lock taken");
	st.state = CT_STARTING;
	st.monitor_pid = 42;
	ct_write_status(&c, &st, &e);
	ok(ct_get_status(&c, &st2, &e) == 0 && st2.state == CT_STARTING && st2.monitor_pid == 42,
	   "with a monitor alive, its state is reported");
	close(fd);
	snprintf(path, sizeof(path), "%s/state", c.rundir);
	put(path, "RUNNING x\n");
	ok(ct_get_status(&c, &st2, &e) < 0, "a corrupt state file is an error");
	put(path, "NOSUCH 1 2 3 4\n");
	ok(ct_get_status(&c, &st2, &e) < 0, "an unknown state is an error");

	fd = ct_lock(&c, 0, &e);
	ok(fd >= 0, "lock taken");
	is_int(ct_lock(&c, CT_LOCK_NB, &e), -1, "a second lock (non-blocking) fails");
	ct_unlock(fd);
	fd = ct_lock(&c, CT_LOCK_NB, &e);
	ok(fd >= 0, "lock free again after unlock");
	ct_unlock(fd);
	ct_clear_rundir(&c);
	snprintf(path, sizeof(path), "%s/lock", c.rundir);
	ok(access(path, F_OK) == 0, "clear keeps the lock file");
	snprintf(path, sizeof(path), "%s/state", c.rundir);
	ok(access(path, F_OK) < 0, "clear removes the state");
	ct_remove_rundir(&c);
	ok(access(c.rundir, F_OK) < 0, "remove takes the whole run dir");

	/* Listing: directories with a config, sorted; hidden ones skipped. */
	{
		static const char *const dirs[] = { "zeta", "alpha", ".alpha.create.1", "noconf", "mid" };
		size_t k;

		for (k = 0; k < ARRAY_SIZE(dirs); k++) {
			snprintf(path, sizeof(path), "%s/%s", tmp, dirs[k]);
			mkdir(path, 0755);
			if (strcmp(dirs[k], "noconf") != 0) {
				snprintf(path, sizeof(path), "%s/%s/config", tmp, dirs[k]);
				put(path, "lxc.uts.name = x\n");
			}
		}
	}
	ok(ct_list(tmp, &names, &n, &e) == 0, "ct_list");
	is_int(n, 3, "three containers");
	if (n == 3) {
		is_str(names[0], "alpha", "sorted 1");
		is_str(names[1], "mid", "sorted 2");
		is_str(names[2], "zeta", "sorted 3");
	}
	ct_list_free(names, n);
	ok(ct_list("/nonexistent/ctbox", &names, &n, &e) == 0 && n == 0, "a missing lxcpath lists nothing");
	ct_free(&c);
	{
		char cmd[700];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			diag("could not remove %s", tmp);
	}
	return done_testing();
}
