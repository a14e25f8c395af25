/* oci: an OCI runtime with runc's command line (libbb/oci_run*.c). */
//config:config OCI
//config:	bool "oci: run OCI bundles with runc's command line (runc)"
//config:	default y
//config:	help
//config:	  Create, start, exec into, pause, kill and delete containers from
//config:	  OCI runtime bundles (config.json), with the commands, output and
//config:	  exit statuses of runc, as containerd's shim and runtime-tools
//config:	  drive them.
//applet:oci runc
//usage:[--root DIR] [--log FILE] [--log-format text|json] COMMAND [OPTIONS] ...
//usage:
//usage:Run containers from OCI bundles (BUNDLE/config.json), as runc does.
//usage:
//usage:  create [-b BUNDLE] [--pid-file F] [--console-socket S] [--no-pivot] ID
//usage:                       set the container up; its process waits for start
//usage:  start ID             run the created container's process
//usage:  run [-d] [-b BUNDLE] [--pid-file F] [--console-socket S] ID
//usage:                       create and start; without -d wait and exit with the
//usage:                       process's status (128+N for a signal), then delete
//usage:  state ID             the runtime-spec state (JSON)
//usage:  list [-f table|json] [-q]   the containers
//usage:  kill [-a] ID [SIGNAL]       signal its process (default SIGTERM; -a: all)
//usage:  delete [-f] ID       remove a stopped container (-f: kill it first)
//usage:  exec [-t] [-d] [-e K=V] [--cwd D] [-u UID[:GID]] [-p FILE] [--pid-file F]
//usage:       [--console-socket S] ID CMD...   a process in the running container
//usage:  pause ID, resume ID  freeze and thaw its processes
//usage:  ps [-f table|json] ID [PS-ARGS]   its processes
//usage:  events --stats ID    its resource use once (JSON)
//usage:  spec [--rootless] [-b BUNDLE]   write a default config.json
//usage:  features             what this runtime supports (JSON)
//usage:
//usage:  --root DIR           state directory (default: /run/ctbox-oci)
//usage:  --log FILE           also write errors there
//usage:  --log-format F       text (default) or json, for --log
//usage:  --systemd-cgroup     refused: ctbox manages cgroups itself
//usage:  -v, --version        runc's version lines (spec version)
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "oci_run.h"

struct global {
	const char *root, *log, *log_format;
	int systemd, debug;
};

static struct global G;

/* Errors to stderr, and as runc writes them to --log. */
static int fail(const struct bb_err *e)
{
	bb_err_print(e);
	if (G.log) {
		FILE *f = fopen(G.log, "ae");
		char ts[40];
		time_t t = time(NULL);
		struct tm tm;

		if (f) {
			gmtime_r(&t, &tm);
			strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
			if (G.log_format && strcmp(G.log_format, "json") == 0) {
				fputs("{\"level\":\"error\",\"msg\":", f);
				json_put_str(f, e->msg);
				fprintf(f, ",\"time\":\"%s\"}\n", ts);
			} else {
				fprintf(f, "time=\"%s\" level=error msg=", ts);
				json_put_str(f, e->msg);
				fputc('\n', f);
			}
			fclose(f);
		}
	}
	return 1;
}

static int fail_msg(const char *msg)
{
	struct bb_err e;

	bb_err_set(&e, 0, "%s", msg);
	return fail(&e);
}

/* A path the monitor (which may change directory) can use. */
static const char *absolute(const char *p)
{
	char cwd[4096];

	if (!p || p[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return p;
	return xasprintf("%s/%s", cwd, p);
}

/* Exactly n operands (ID ...) after the options. */
static int operands(int argc, int i, int min, int max, const char *what)
{
	char msg[120];

	if (argc - i >= min && (max < 0 || argc - i <= max))
		return 0;
	snprintf(msg, sizeof(msg), "%s: expected %s", argc - i < min ? "missing argument" :
		 "too many arguments", what);
	fail_msg(msg);
	return -1;
}

static int cmd_create(int argc, char **argv, int run)
{
	struct oci_create_opts o = { .root = G.root };
	const struct bb_opt opts[] = {
		{ "b|bundle", BB_OPT_STR, &o.bundle, 0, 0, NULL, 0 },
		{ "|pid-file", BB_OPT_STR, &o.pid_file, 0, 0, NULL, 0 },
		{ "|console-socket", BB_OPT_STR, &o.console_socket, 0, 0, NULL, 0 },
		{ "|no-pivot", BB_OPT_FLAG, &o.no_pivot, 0, 0, NULL, 0 },
		{ "d|detach", BB_OPT_FLAG, &o.detach, 0, 0, NULL, 0 },
		{ "|no-new-keyring", BB_OPT_FLAG, &G.debug, 0, 0, NULL, 0 },  /* ctbox makes none */
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	/* Options may follow the ID, as runc takes them (create ID --pid-file F). */
	int i = bb_getopt(argc, argv, opts, 0), r;

	if (operands(argc, i, 1, 1, "ID") < 0)
		return 1;
	if (!run && o.detach)
		return fail_msg("create: -d is run's (create always detaches)");
	o.id = argv[i];
	o.console_socket = absolute(o.console_socket);
	o.pid_file = absolute(o.pid_file);
	r = oci_create(&o, run, &e);
	return r < 0 ? fail(&e) : r;
}

/* ID only: start, state, delete, pause, resume. */
static int cmd_simple(int argc, char **argv)
{
	int force = 0, i, r = 0;
	const struct bb_opt opts[] = {
		{ "f|force", BB_OPT_FLAG, &force, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	const char *cmd = argv[0];
	struct bb_err e;

	i = bb_getopt(argc, argv, opts + (strcmp(cmd, "delete") == 0 ? 0 : 1), 0);  /* delete ID -f too */
	if (operands(argc, i, 1, 1, "ID") < 0)
		return 1;
	if (strcmp(cmd, "start") == 0) {
		r = oci_start(G.root, argv[i], &e);
	} else if (strcmp(cmd, "delete") == 0) {
		r = oci_delete(G.root, argv[i], force, &e);
	} else if (strcmp(cmd, "pause") == 0 || strcmp(cmd, "resume") == 0) {
		r = oci_pause(G.root, argv[i], cmd[0] == 'p', &e);
	} else {
		struct oci_ct o;
		struct json_w w;

		char *buf = NULL;
		size_t len = 0;
		FILE *f;

		if (oci_ct_load(&o, G.root, argv[i], &e) < 0)
			return fail(&e);
		/* As runc: owner empty here (list fills it), no newline. */
		o.owner = "";
		f = open_memstream(&buf, &len);
		if (!f)
			return fail_msg("out of memory");
		jw_init(&w, f, "  ");
		oci_ct_json(&w, &o);
		jw_end(&w);
		fclose(f);
		if (len && buf[len - 1] == '\n')
			len--;
		fwrite(buf, 1, len, stdout);
		free(buf);
		oci_ct_free(&o);
	}
	return r < 0 ? fail(&e) : 0;
}

static int parse_signal(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end != s && !*end)
		return n > 0 && n < NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		return conf_signal_parse(s);
	{
		char buf[32];

		snprintf(buf, sizeof(buf), "SIG%s", s);
		return conf_signal_parse(buf);
	}
}

static int cmd_kill(int argc, char **argv)
{
	int all = 0, sig = SIGTERM, i;
	const struct bb_opt opts[] = {
		{ "a|all", BB_OPT_FLAG, &all, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;

	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	if (operands(argc, i, 1, 2, "ID [SIGNAL]") < 0)
		return 1;
	if (argc - i == 2 && (sig = parse_signal(argv[i + 1])) < 0) {
		bb_err_set(&e, 0, "unknown signal \"%.40s\"", argv[i + 1]);
		return fail(&e);
	}
	return oci_kill(G.root, argv[i], sig, all, &e) < 0 ? fail(&e) : 0;
}

static int cmd_list(int argc, char **argv)
{
	const char *format = "table";
	int quiet = 0, i;
	const struct bb_opt opts[] = {
		{ "f|format", BB_OPT_STR, &format, 0, 0, NULL, 0 },
		{ "q|quiet", BB_OPT_FLAG, &quiet, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;

	i = bb_getopt(argc, argv, opts, 0);
	if (operands(argc, i, 0, 0, "no arguments") < 0)
		return 1;
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
		return fail_msg("invalid format option");
	if (quiet) {
		/* IDs only, as runc -q. */
		FILE *f = tmpfile();
		char line[512];

		if (!f || oci_list(G.root, 0, f, &e) < 0)
			return f ? fail(&e) : fail_msg("tmpfile");
		rewind(f);
		if (fgets(line, sizeof(line), f))
			while (fgets(line, sizeof(line), f)) {
				line[strcspn(line, " \n")] = '\0';
				puts(line);
			}
		fclose(f);
		return 0;
	}
	return oci_list(G.root, format[0] == 'j', stdout, &e) < 0 ? fail(&e) : 0;
}

static int cmd_exec(int argc, char **argv)
{
	struct bb_strlist env = { 0 };
	struct oci_exec_opts o = { .root = G.root, .env = &env };
	int ignored = 0;
	const struct bb_opt opts[] = {
		{ "t|tty", BB_OPT_FLAG, &o.tty, 0, 0, NULL, 0 },
		{ "d|detach", BB_OPT_FLAG, &o.detach, 0, 0, NULL, 0 },
		{ "e|env", BB_OPT_LIST, &env, 0, 0, NULL, 0 },
		{ "|cwd", BB_OPT_STR, &o.cwd, 0, 0, NULL, 0 },
		{ "u|user", BB_OPT_STR, &o.user, 0, 0, NULL, 0 },
		{ "p|process", BB_OPT_STR, &o.process_file, 0, 0, NULL, 0 },
		{ "|pid-file", BB_OPT_STR, &o.pid_file, 0, 0, NULL, 0 },
		{ "|console-socket", BB_OPT_STR, &o.console_socket, 0, 0, NULL, 0 },
		{ "|no-new-privs", BB_OPT_FLAG, &ignored, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	int i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT), r;

	if (operands(argc, i, 1, -1, "ID COMMAND...") < 0)
		return 1;
	o.id = argv[i];
	o.cmd = argv + i + 1;
	r = oci_exec(&o, &e);
	bb_strlist_free(&env);
	return r < 0 ? fail(&e) : r;
}

static int cmd_ps(int argc, char **argv)
{
	const char *format = "table";
	const struct bb_opt opts[] = {
		{ "f|format", BB_OPT_STR, &format, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	struct oci_ct o;
	pid_t *pids = NULL;
	size_t n = 0, k;
	int i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT), r = 0;

	if (operands(argc, i, 1, -1, "ID [PS-ARGS]") < 0)
		return 1;
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
		return fail_msg("invalid format option");
	if (oci_ct_load(&o, G.root, argv[i], &e) < 0 || oci_pids(&o, &pids, &n, &e) < 0)
		return fail(&e);
	if (format[0] == 'j') {
		struct json_w w;

		jw_init(&w, stdout, NULL);
		jw_arr(&w, NULL);
		for (k = 0; k < n; k++)
			jw_i64(&w, NULL, pids[k]);
		jw_close(&w);
		jw_end(&w);
		putchar('\n');
	} else {
		/* As runc: ps run with PS-ARGS (default -ef), no shell between;
		 * its header and the lines of the container's pids. */
		const char *def[] = { "ps", "-ef", NULL };
		const char **args = argc == i + 1 ? def : (const char **)argv + i;
		FILE *f;
		char line[4096];
		int first = 1, col = -1, fds[2], status;
		pid_t ps;

		args[0] = "ps";
		fflush(stdout);
		if (pipe2(fds, O_CLOEXEC) < 0 || (ps = fork()) < 0)
			return fail_msg("can't run ps");
		if (ps == 0) {
			dup2(fds[1], 1);
			execvp("ps", (char *const *)args);
			_exit(127);
		}
		close(fds[1]);
		f = fdopen(fds[0], "r");
		while (f && fgets(line, sizeof(line), f)) {
			char copy[4096], *tok, *save = NULL;
			int c = 0;
			long pid = -1;

			snprintf(copy, sizeof(copy), "%s", line);
			if (first) {
				for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save), c++)
					if (strcmp(tok, "PID") == 0)
						col = c;
				fputs(line, stdout);
				first = 0;
				continue;
			}
			for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save), c++)
				if (c == col) {
					pid = strtol(tok, NULL, 10);
					break;
				}
			for (k = 0; k < n; k++)
				if (pids[k] == pid) {
					fputs(line, stdout);
					break;
				}
		}
		if (f)
			fclose(f);
		else
			close(fds[0]);
		if (waitpid(ps, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) || col < 0)
			r = fail_msg("ps failed (or printed no PID column)");
	}
	free(pids);
	oci_ct_free(&o);
	return r;
}

static int cmd_events(int argc, char **argv)
{
	int stats = 0, i;
	const char *interval = NULL;  /* taken; --stats is one shot anyway */
	const struct bb_opt opts[] = {
		{ "|stats", BB_OPT_FLAG, &stats, 0, 0, NULL, 0 },
		{ "|interval", BB_OPT_STR, &interval, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;

	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	if (operands(argc, i, 1, 1, "ID") < 0)
		return 1;
	if (!stats)
		return fail_msg("events: only --stats (one shot) is supported by ctbox");
	return oci_events_stats(G.root, argv[i], stdout, &e) < 0 ? fail(&e) : 0;
}

static int cmd_spec(int argc, char **argv)
{
	const char *bundle = NULL;
	int rootless = 0, i;
	const struct bb_opt opts[] = {
		{ "b|bundle", BB_OPT_STR, &bundle, 0, 0, NULL, 0 },
		{ "|rootless", BB_OPT_FLAG, &rootless, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	char *path;
	FILE *f;
	int fd, r;

	i = bb_getopt(argc, argv, opts, 0);
	if (operands(argc, i, 0, 0, "no arguments") < 0)
		return 1;
	if (bundle && chdir(bundle) < 0) {
		bb_err_set(&e, errno, "bundle '%s'", bundle);
		return fail(&e);
	}
	path = "config.json";
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		if (errno == EEXIST)
			return fail_msg("File config.json exists. Remove it first");
		bb_err_set(&e, errno, "can't create config.json");
		return fail(&e);
	}
	f = fdopen(fd, "w");
	{
		/* As runc writes it: no newline at the end. */
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		r = m ? oci_spec_default(m, rootless, "runc") : -1;
		if (m)
			fclose(m);
		if (r == 0 && len && buf[len - 1] == '\n')
			len--;
		if (r == 0 && f && fwrite(buf, 1, len, f) != len)
			r = -1;
		free(buf);
	}
	if (!f || fclose(f) != 0 || r < 0) {
		unlink(path);
		bb_err_set(&e, errno, "can't write config.json");
		return fail(&e);
	}
	return 0;
}

static int cmd_features(int argc, char **argv)
{
	int i = bb_getopt(argc, argv, (const struct bb_opt[]){ BB_OPT_ENDMARK }, 0);

	if (operands(argc, i, 0, 0, "no arguments") < 0)
		return 1;
	return oci_features(stdout, OCI_HANDLED) < 0 ? fail_msg("write error") : 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "create", NULL }, { "run", NULL }, { "start", cmd_simple }, { "state", cmd_simple },
	{ "delete", cmd_simple }, { "pause", cmd_simple }, { "resume", cmd_simple },
	{ "kill", cmd_kill }, { "list", cmd_list }, { "exec", cmd_exec }, { "ps", cmd_ps },
	{ "events", cmd_events }, { "spec", cmd_spec }, { "features", cmd_features },
};

int oci_main(int argc, char **argv)
{
	int version = 0;
	const struct bb_opt opts[] = {
		{ "|root", BB_OPT_STR, &G.root, 0, 0, NULL, 0 },
		{ "|log", BB_OPT_STR, &G.log, 0, 0, NULL, 0 },
		{ "|log-format", BB_OPT_STR, &G.log_format, 0, 0, NULL, 0 },
		{ "|systemd-cgroup", BB_OPT_FLAG, &G.systemd, 0, 0, NULL, 0 },
		{ "|debug", BB_OPT_FLAG, &G.debug, 0, 0, NULL, 0 },
		{ "v|version", BB_OPT_FLAG, &version, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	const char *format;
	size_t k;
	int i;

	G.root = OCI_ROOT_DEFAULT;
	format = NULL;
	G.log_format = NULL;
	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	format = G.log_format;
	if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return fail_msg("--log-format: expected text or json");
	if (G.systemd)
		return fail_msg("--systemd-cgroup: not supported by ctbox (it manages cgroups itself; "
				"give linux.cgroupsPath as a path)");
	if (!G.root[0])
		return fail_msg("--root: empty");
	G.root = absolute(G.root);
	if (version) {
		/* As runc prints it, for callers that parse it. */
		printf("runc version ctbox (runc 1.1 command line)\nspec: %s\n", OCI_VERSION_DEFAULT);
		return 0;
	}
	if (i >= argc)
		bb_show_usage();
	for (k = 0; k < ARRAY_SIZE(cmds); k++)
		if (strcmp(argv[i], cmds[k].name) == 0)
			break;
	if (k == ARRAY_SIZE(cmds)) {
		char msg[120];

		snprintf(msg, sizeof(msg), "unknown command '%.60s'", argv[i]);
		return fail_msg(msg);
	}
	if (!cmds[k].fn)
		return cmd_create(argc - i, argv + i, k == 1);
	return cmds[k].fn(argc - i, argv + i);
}
