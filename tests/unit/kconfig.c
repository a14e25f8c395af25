/* Unit tests of the kernel configuration parser (libbb/kconfig.c), on
 * text written here. Reading gzip (libbb/kconfig_load.c, zlib) is not
 * linked into unit tests: tests/integration/checkconfig.t covers it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libbb.h"
#include "kconfig.h"
#include "tap.h"

static char tmpdir[] = "/tmp/ctbox-kconfig.XXXXXX";

static char *write_tmp(const char *name, const char *data, size_t len)
{
	char *path = path_join(tmpdir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || full_write(fd, data, len) != (ssize_t)len)
		diag("cannot write %s", path);
	if (fd >= 0)
		close(fd);
	return path;
}

static void test_values(void)
{
	static const char text[] =
		"#\n"
		"# Automatically generated file; DO NOT EDIT.\n"
		"# Linux/x86 6.1.0 Kernel Configuration\n"
		"#\n"
		"CONFIG_NAMESPACES=y\n"
		"CONFIG_VETH=m\n"
		"CONFIG_OFF=n\n"
		"# CONFIG_VLAN_8021Q is not set\n"
		"CONFIG_LOCALVERSION=\"-ctbox \\\"q\\\" \\\\ x\"\n"
		"CONFIG_EMPTY=\"\"\n"
		"CONFIG_LOG_BUF_SHIFT=17\n"
		"CONFIG_NEG=-1\n"
		"CONFIG_HEX=0x1f\n"
		"CONFIG_CRLF=y\r\n"
		"CONFIG_TRAILING=y   \n"
		"\n"
		"CONFIG_DUP=y\n"
		"CONFIG_DUP=m\n"
		"CONFIG_LAST=y"; /* no final newline */
	static const struct {
		const char *name;
		enum kconfig_state st;
		const char *value;
	} want[] = {
		{ "CONFIG_NAMESPACES", KCONFIG_YES, "y" },
		{ "NAMESPACES", KCONFIG_YES, "y" },
		{ "CONFIG_VETH", KCONFIG_MODULE, "m" },
		{ "CONFIG_OFF", KCONFIG_NO, "n" },
		{ "CONFIG_VLAN_8021Q", KCONFIG_NO, "n" },
		{ "CONFIG_LOCALVERSION", KCONFIG_STRING, "-ctbox \"q\" \\ x" },
		{ "CONFIG_EMPTY", KCONFIG_STRING, "" },
		{ "CONFIG_LOG_BUF_SHIFT", KCONFIG_NUMBER, "17" },
		{ "CONFIG_NEG", KCONFIG_NUMBER, "-1" },
		{ "CONFIG_HEX", KCONFIG_NUMBER, "0x1f" },
		{ "CONFIG_CRLF", KCONFIG_YES, "y" },
		{ "CONFIG_TRAILING", KCONFIG_YES, "y" },
		{ "CONFIG_DUP", KCONFIG_MODULE, "m" },
		{ "CONFIG_LAST", KCONFIG_YES, "y" },
		{ "CONFIG_NOWHERE", KCONFIG_ABSENT, NULL },
		{ "CONFIG_NAMESPACE", KCONFIG_ABSENT, NULL },
		{ "", KCONFIG_ABSENT, NULL },
	};
	struct kconfig kc;
	struct bb_err e;
	const char *v;
	size_t i;

	kconfig_init(&kc);
	is_int(kconfig_parse(&kc, text, sizeof(text) - 1, &e), 0, "a good configuration parses");
	is_int(kc.bad_lines, 0, "no junk lines in it");
	is_int(kc.lines, 19, "every line counted");
	is_str(kc.version, "6.1.0", "kernel version from the header comment");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		is_int(kconfig_get(&kc, want[i].name, &v), want[i].st, "state of '%s'", want[i].name);
		is_str(v, want[i].value, "value of '%s'", want[i].name);
	}
	ok(kconfig_enabled(&kc, "CONFIG_VETH") && kconfig_enabled(&kc, "NAMESPACES") &&
	   !kconfig_enabled(&kc, "VLAN_8021Q") && !kconfig_enabled(&kc, "LOG_BUF_SHIFT") &&
	   !kconfig_enabled(&kc, "NOWHERE"), "kconfig_enabled: y and m only");
	is_int(kconfig_get(&kc, NULL, &v), KCONFIG_ABSENT, "NULL name is absent");
	is_str(kconfig_state_name(KCONFIG_NO), "not set", "state names");

	/* A second text adds to the first; later entries win. */
	is_int(kconfig_parse(&kc, "CONFIG_VETH=y\nCONFIG_NEW=m\n", 27, &e), 0, "more text parses");
	is_int(kconfig_get(&kc, "VETH", NULL), KCONFIG_YES, "a later text overrides");
	is_int(kconfig_get(&kc, "NEW", NULL), KCONFIG_MODULE, "a later text adds");
	is_int(kconfig_get(&kc, "LAST", NULL), KCONFIG_YES, "earlier entries stay");
	kconfig_free(&kc);
	is_int(kconfig_get(&kc, "VETH", NULL), KCONFIG_ABSENT, "nothing after kconfig_free");
}

static void test_junk(void)
{
	static const char *const junk[] = {
		"CONFIG_X",               /* no value */
		"CONFIG_X=",              /* empty value */
		"CONFIG_X=yes",
		"CONFIG_X=Y",
		"CONFIG_X=y y",
		"CONFIG_=y",              /* no name */
		"CONFIG_A-B=y",           /* bad name */
		"CONFIG_X=\"unterminated",
		"CONFIG_X=\"a\"b",        /* text after the string */
		"CONFIG_X=\"a\\\"",       /* escaped closing quote */
		"CONFIG_X=12a",
		"CONFIG_X=0x",
		"CONFIG_X=-",
		"CONFIG_X=0xZZ",
		"config_x=y",
		"NOTCONFIG_X=y",
		" CONFIG_X=y",            /* leading space */
		"# CONFIG_X is not set!",
		"# CONFIG_ is not set",
		"# CONFIG_X Y is not set",
		"# CONFIG_X is set",
		"\x01\x02\xff",
	};
	struct kconfig kc;
	struct bb_err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		kconfig_init(&kc);
		is_int(kconfig_parse(&kc, junk[i], strlen(junk[i]), &e), 0, "junk %zu parses", i);
		ok(kc.n == 0 && kc.bad_lines == 1 && kc.first_bad == 1,
		   "junk %zu ('%s') is skipped and counted", i, junk[i]);
		kconfig_free(&kc);
	}

	/* Comments of any kind are not junk. */
	kconfig_init(&kc);
	kconfig_parse(&kc, "# hello\n#\n# General setup\n", 26, &e);
	ok(kc.n == 0 && kc.bad_lines == 0, "plain comments are neither entries nor junk");
	kconfig_free(&kc);
}

static void test_hostile(void)
{
	size_t big = KCONFIG_MAX_LINE + 100, len;
	char *text = malloc(big + 200), *p;
	char name[KCONFIG_MAX_NAME + 20];
	struct kconfig kc;
	struct bb_err e;

	/* a very long line between good ones */
	p = text;
	p += sprintf(p, "CONFIG_A=y\nCONFIG_LONG=\"");
	memset(p, 'x', big);
	p += big;
	p += sprintf(p, "\"\nCONFIG_B=m\n");
	kconfig_init(&kc);
	is_int(kconfig_parse(&kc, text, p - text, &e), 0, "a very long line does not fail the parse");
	is_int(kconfig_get(&kc, "LONG", NULL), KCONFIG_ABSENT, "the very long line is skipped");
	ok(kc.bad_lines == 1 && kc.first_bad == 2, "and counted as junk at line 2");
	ok(kconfig_get(&kc, "A", NULL) == KCONFIG_YES && kconfig_get(&kc, "B", NULL) == KCONFIG_MODULE,
	   "lines around it are read");
	kconfig_free(&kc);

	/* a long line without any newline at all */
	memset(text, 'C', big);
	kconfig_init(&kc);
	is_int(kconfig_parse(&kc, text, big, &e), 0, "one huge line without newline parses");
	is_int(kc.bad_lines, 1, "as one junk line");
	kconfig_free(&kc);

	/* names: at the limit, and over it */
	memset(name, 'N', KCONFIG_MAX_NAME);
	len = (size_t)sprintf(text, "CONFIG_%.*s=y\nCONFIG_%.*sX=y\n", KCONFIG_MAX_NAME, name,
			      KCONFIG_MAX_NAME, name);
	kconfig_init(&kc);
	kconfig_parse(&kc, text, len, &e);
	ok(kc.n == 1 && kc.bad_lines == 1, "a %d-byte name is read, a longer one skipped",
	   KCONFIG_MAX_NAME);
	kconfig_free(&kc);

	/* NUL bytes spoil their line only */
	kconfig_init(&kc);
	kconfig_parse(&kc, "CONFIG_A=y\nCONFIG_N\0UL=y\nCONFIG_C=y\n", 36, &e);
	ok(kc.n == 2 && kc.bad_lines == 1 && kconfig_get(&kc, "C", NULL) == KCONFIG_YES,
	   "a NUL byte spoils its line only");
	is_int(kconfig_get(&kc, "N", NULL), KCONFIG_ABSENT, "no entry from the NUL line");
	kconfig_free(&kc);

	/* too much text is refused before reading it */
	kconfig_init(&kc);
	is_int(kconfig_parse(&kc, text, (size_t)KCONFIG_MAX_TEXT + 1, &e), -1,
	       "text over KCONFIG_MAX_TEXT is refused");
	is_int(e.errnum, EFBIG, "with EFBIG");
	kconfig_free(&kc);

	/* many duplicates of one name end as one entry */
	kconfig_init(&kc);
	for (len = 0; len < 1000; len++)
		kconfig_parse(&kc, len % 2 ? "CONFIG_D=m\n" : "CONFIG_D=y\n", 11, &e);
	ok(kc.n == 1 && kconfig_get(&kc, "D", NULL) == KCONFIG_MODULE,
	   "1000 duplicates: one entry, the last value");
	kconfig_free(&kc);
	free(text);
}

static void test_files(void)
{
	static const char good[] = "# Linux/arm64 6.6.0 Kernel Configuration\nCONFIG_CGROUPS=y\n";
	struct kconfig kc;
	struct bb_err e;
	char *path, *missing = path_join(tmpdir, "missing");

	kconfig_init(&kc);
	is_int(kconfig_read_file(&kc, missing, &e), -1, "a missing file fails");
	is_int(e.errnum, ENOENT, "with ENOENT");
	ok(strstr(e.msg, "missing") != NULL, "the message names the file");
	kconfig_free(&kc);

	path = write_tmp("good", good, sizeof(good) - 1);
	kconfig_init(&kc);
	is_int(kconfig_read_file(&kc, path, &e), 0, "a plain file reads");
	is_int(kconfig_get(&kc, "CGROUPS", NULL), KCONFIG_YES, "its entry is there");
	is_str(kc.version, "6.6.0", "its version");
	kconfig_free(&kc);
	unlink(path);
	free(path);

	path = write_tmp("empty", "", 0);
	kconfig_init(&kc);
	is_int(kconfig_read_file(&kc, path, &e), -1, "an empty file is refused");
	ok(strstr(e.msg, "not a kernel configuration") != NULL, "as not a kernel configuration");
	kconfig_free(&kc);
	unlink(path);
	free(path);

	path = write_tmp("binary", "\x7f" "ELF\x02\x01\x01\0\0\0junk\n\xff\xfe", 17);
	kconfig_init(&kc);
	is_int(kconfig_read_file(&kc, path, &e), -1, "a binary file is refused");
	ok(strstr(e.msg, "line 1") != NULL, "naming the first bad line");
	kconfig_free(&kc);
	unlink(path);
	free(path);

	kconfig_init(&kc);
	is_int(kconfig_read_file(&kc, tmpdir, &e), -1, "a directory is refused");
	kconfig_free(&kc);
	free(missing);

	skip("gzip files: zlib is not linked into unit tests (tests/integration/checkconfig.t)");
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		plan_skip_all("cannot make a temporary directory");
	test_values();
	test_junk();
	test_hostile();
	test_files();
	rmdir(tmpdir);
	return done_testing();
}
