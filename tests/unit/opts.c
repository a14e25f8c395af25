/* Unit tests of the option parser (libbb/opts.c) and LXC's common options. */
#include <stdlib.h>
#include <string.h>

#include "libbb.h"
#include "tap.h"

struct res {
	int flag, verbose;
	const char *str;
	long num;
	struct bb_strlist list;
	struct lxc_args lxc;
};

static int parse(struct res *r, struct bb_err *e, unsigned flags, ...)
{
	char *argv[32];
	int argc = 0;
	const char *a;
	va_list ap;
	const struct bb_opt spec[] = {
		BB_OPTS_LXC(&r->lxc),
		{ "d|daemon", BB_OPT_FLAG, &r->flag, 0, 0, NULL, 0 },
		{ "v", BB_OPT_FLAG, &r->verbose, 0, 0, NULL, 0 },
		{ "f|rcfile", BB_OPT_STR, &r->str, 0, 0, NULL, 0 },
		{ "t|timeout", BB_OPT_INT, &r->num, -1, 600, NULL, 0 },
		{ "|define", BB_OPT_LIST, &r->list, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};

	memset(r, 0, sizeof(*r));
	r->num = -7;
	argv[argc++] = "prog";
	va_start(ap, flags);
	while ((a = va_arg(ap, const char *)) != NULL)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	return bb_getopt_r(argc, argv, spec, flags, e);
}

int main(void)
{
	struct bb_err e;
	struct res r;
	int i;

	i = parse(&r, &e, 0, "-n", "c1", "-d", "--rcfile=/x", "-t", "5", "--define", "a",
		  "--define", "b", "-q", "arg", NULL);
	is_int(i, 12, "all options consumed, operand index");
	is_str(r.lxc.name, "c1", "-n NAME");
	is_int(r.flag, 1, "-d flag");
	is_str(r.str, "/x", "--rcfile=VALUE");
	is_int(r.num, 5, "-t integer");
	is_int(r.list.n, 2, "list option collects every value");
	ok(r.list.n == 2 && strcmp(r.list.v[0], "a") == 0 && strcmp(r.list.v[1], "b") == 0,
	   "list keeps order");
	is_int(r.lxc.quiet, 1, "-q");
	bb_strlist_free(&r.list);

	i = parse(&r, &e, 0, "-vv", "-ncx", NULL);
	is_int(r.verbose, 2, "clustered short flags count");
	is_str(r.lxc.name, "cx", "attached short argument");

	i = parse(&r, &e, 0, "-x", NULL);
	is_int(i, -1, "unknown short option fails");
	is_str(e.msg, "unknown option '-x'", "unknown short option message");

	i = parse(&r, &e, 0, "--bogus", NULL);
	is_int(i, -1, "unknown long option fails");
	is_str(e.msg, "unknown option '--bogus'", "unknown long option message");

	i = parse(&r, &e, 0, "-n", NULL);
	is_int(i, -1, "missing argument fails");
	is_str(e.msg, "option '-n' requires an argument", "missing short argument message");

	i = parse(&r, &e, 0, "--define", NULL);
	is_int(i, -1, "missing long argument fails");
	is_str(e.msg, "option '--define' requires an argument", "missing long argument message");

	i = parse(&r, &e, 0, "-t", "abc", NULL);
	is_int(i, -1, "non-numeric integer fails");
	is_str(e.msg, "option '-t' wants an integer from -1 to 600, not 'abc'", "integer message");
	i = parse(&r, &e, 0, "--timeout=601", NULL);
	is_int(i, -1, "integer out of range fails");
	i = parse(&r, &e, 0, "-t", "-1", NULL);
	ok(i == 3 && r.num == -1, "negative integer as an argument");

	i = parse(&r, &e, 0, "--help", NULL);
	is_int(i, -2, "--help asks for usage");
	i = parse(&r, &e, 0, "-h", NULL);
	is_int(i, -2, "-h asks for usage when the spec does not use it");

	i = parse(&r, &e, 0, "-n", "c", "--", "-d", "x", NULL);
	is_int(i, 4, "-- ends the options");
	is_int(r.flag, 0, "an option after -- is an operand");

	i = parse(&r, &e, 0, "cmd", "-d", NULL);
	ok(i == 2 && r.flag == 1, "options after an operand are parsed by default (GNU order)");
	i = parse(&r, &e, BB_GETOPT_STOP_AT_NONOPT, "cmd", "-d", NULL);
	ok(i == 1 && r.flag == 0, "STOP_AT_NONOPT leaves options after an operand alone");

	{
		char *av[] = { "prog", "a", "-d", "b", "-nc2", "--", "c", "-v", NULL };

		i = bb_getopt_r(8, av, (const struct bb_opt[]){
			{ "d", BB_OPT_FLAG, &r.flag, 0, 0, NULL, 0 },
			{ "n", BB_OPT_STR, &r.str, 0, 0, NULL, 0 },
			{ "v", BB_OPT_FLAG, &r.verbose, 0, 0, NULL, 0 },
			BB_OPT_ENDMARK }, 0, &e);
		ok(i == 4 && strcmp(av[4], "a") == 0 && strcmp(av[5], "b") == 0 &&
		   strcmp(av[6], "c") == 0 && strcmp(av[7], "-v") == 0 && strcmp(av[3], "--") == 0,
		   "operands move after the options and --, in their order");
	}
	i = parse(&r, &e, 0, "--rcf=/y", "--daem", NULL);
	ok(i == 3 && r.str && strcmp(r.str, "/y") == 0 && r.flag == 1, "a long name may be abbreviated");
	i = parse(&r, &e, 0, "--d", NULL);
	ok(i == -1 && strcmp(e.msg, "unknown option '--d'") == 0,
	   "an ambiguous abbreviation is refused (--daemon, --define)");
	i = parse(&r, &e, 0, "--daemon=yes", NULL);
	ok(i == -1 && strcmp(e.msg, "unknown option '--daemon=yes'") == 0, "a flag takes no =VALUE");
	i = parse(&r, &e, 0, "-vdv", "-t3", NULL);
	ok(i == 3 && r.verbose == 2 && r.flag == 1 && r.num == 3, "a cluster of flags, then -tVALUE");
	i = parse(&r, &e, 0, "-", NULL);
	is_int(i, 1, "a lone - is an operand");

	/* Reusable: a second parse starts from scratch. */
	i = parse(&r, &e, 0, "-d", NULL);
	ok(i == 2 && r.flag == 1, "parser state is reset between calls");

	/* LXC common options. */
	i = parse(&r, &e, 0, "-n", "c1", "-l", "debug", "-P", "/tmp/lxc", NULL);
	ok(lxc_args_check(&r.lxc, LXC_ARGS_NEED_NAME, &e) == 0, "valid common options pass");
	is_str(r.lxc.lxcpath, "/tmp/lxc", "-P lxcpath");
	i = parse(&r, &e, 0, NULL);
	ok(lxc_args_check(&r.lxc, LXC_ARGS_NEED_NAME, &e) < 0, "a missing name is refused when needed");
	is_str(e.msg, "no container name given (-n NAME)", "missing name message");
	ok(lxc_args_check(&r.lxc, 0, &e) == 0, "a name is optional when not needed");
	unsetenv("CTBOX_LXCPATH");
	ok(lxc_args_check(&r.lxc, 0, &e) == 0 && strcmp(r.lxc.lxcpath, "/var/lib/lxc") == 0,
	   "default lxcpath is /var/lib/lxc");
	r.lxc.lxcpath = NULL;
	setenv("CTBOX_LXCPATH", "/srv/ct", 1);
	ok(lxc_args_check(&r.lxc, 0, &e) == 0 && strcmp(r.lxc.lxcpath, "/srv/ct") == 0,
	   "CTBOX_LXCPATH sets the default lxcpath");
	r.lxc.lxcpath = "rel/path";
	ok(lxc_args_check(&r.lxc, 0, &e) < 0, "a relative lxcpath is refused");
	r.lxc.lxcpath = "/x";
	r.lxc.loglevel = "LOUD";
	ok(lxc_args_check(&r.lxc, 0, &e) < 0, "a bad log level is refused");
	r.lxc.loglevel = NULL;
	r.lxc.name = "../etc";
	ok(lxc_args_check(&r.lxc, LXC_ARGS_NEED_NAME, &e) < 0, "a bad name is refused");
	is_str(e.msg, "invalid container name '../etc': name starts with '.'", "bad name message");

	is_int(lxc_loglevel_parse("TRACE"), 0, "log level TRACE");
	is_int(lxc_loglevel_parse("warn"), 4, "log level warn (any case)");
	is_int(lxc_loglevel_parse("WARNING"), 4, "log level WARNING");
	is_int(lxc_loglevel_parse("FATAL"), 8, "log level FATAL");
	is_int(lxc_loglevel_parse("7"), -1, "log level junk");
	return done_testing();
}
