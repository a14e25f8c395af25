/* The multicall entry point: basename(argv[0]) picks the applet.
 *
 *   ctbox APPLET [ARGS...]        ctbox --list | --list-all
 *   ctbox --help [APPLET]         ctbox --version
 *   ctbox --install [-s] [--bare] [-f] DIR
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libbb.h"
#include "autoconf.h"
#include "usage.h"
#if ENABLE_FEATURE_PACKED_USAGE
#include <zlib.h>
#endif

#define APPLET(n, c, m, u) { n, c, m, u },
static const struct applet applet_table[] = {
#include "applets.h"
	{ NULL, NULL, NULL, 0 }
};
#undef APPLET
static const size_t applet_table_len = ARRAY_SIZE(applet_table) - 1;

/* A packed build's file (Config.in: PACK): /proc/self/exe is the unpacked
 * copy, the unpacker names the file it ran from. */
static const char *packed_self;

#include "version.h"
#ifndef CTBOX_VERSION
#define CTBOX_VERSION "unknown"
#endif

/* The usage text at offset off (an applet's usage field). Packed, the
 * texts are inflated once, when the first is wanted. */
static const char *usage_at(unsigned off)
{
#if ENABLE_FEATURE_PACKED_USAGE
	static char *text;

	if (!text) {
		z_stream z = { .next_in = (unsigned char *)usage_packed, .avail_in = sizeof(usage_packed) };
		char *t = malloc(USAGE_TEXT_LEN + 1);

		if (!t || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
			free(t);
			return "";
		}
		z.next_out = (unsigned char *)t;
		z.avail_out = USAGE_TEXT_LEN + 1;
		if (inflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out != USAGE_TEXT_LEN) {
			inflateEnd(&z);
			free(t);
			return "";
		}
		inflateEnd(&z);
		text = t;
	}
	return off < USAGE_TEXT_LEN ? text + off : "";
#else
	return off < USAGE_TEXT_LEN ? usage_text + off : "";
#endif
}

static int is_canonical(const struct applet *a)
{
	return strcmp(a->name, a->canonical) == 0;
}

static void list_applets(int all)
{
	size_t i;

	for (i = 0; i < applet_table_len; i++)
		if (all || is_canonical(&applet_table[i]))
			printf("%s\n", applet_table[i].name);
}

static void ctbox_help(FILE *f)
{
	size_t i, col = 0;

	fprintf(f,
		"ctbox %s: a Linux container toolkit in one static binary.\n"
		"\n"
		"Usage: ctbox APPLET [ARGS...]   (or call it through a link named APPLET)\n"
		"       ctbox --list | --list-all\n"
		"       ctbox --help [APPLET]\n"
		"       ctbox --version\n"
		"       ctbox --install [-s] [--bare] [-f] DIR\n"
		/* Without the long usage texts, the synopsis only. */
		IF_FEATURE_VERBOSE_USAGE(
		"\n"
		"  --install DIR  link the applets into DIR (hard links; -s symbolic),\n"
		"                 under their LXC/bridge-utils names (lxc-start, brctl, ...)\n"
		"                 or, with --bare, their bare names; -f replaces files\n"
		"                 that are not already links to ctbox\n")
		"\n"
		"Applets:", CTBOX_VERSION);
	for (i = 0; i < applet_table_len; i++) {
		const struct applet *a = &applet_table[i];

		if (!is_canonical(a))
			continue;
		if (col == 0 || col + strlen(a->name) + 2 > 78) {
			fprintf(f, "\n   ");
			col = 3;
		}
		fprintf(f, " %s", a->name);
		col += strlen(a->name) + 1;
	}
	fprintf(f, "\n");
}

/* The names --install creates for one table entry. */
static int wanted_link(const struct applet *a, int bare)
{
	size_t i;

	if (bare)
		return is_canonical(a);
	if (!is_canonical(a))
		return 1;
	/* A bare name is installed only for an applet without an alias. */
	for (i = 0; i < applet_table_len; i++)
		if (!is_canonical(&applet_table[i]) &&
		    strcmp(applet_table[i].canonical, a->name) == 0)
			return 0;
	return 1;
}

/* Is `path` ctbox itself: a hard link to it or a symlink resolving to it? */
static int is_ctbox(const char *path, const struct stat *self)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_dev == self->st_dev &&
	       st.st_ino == self->st_ino;
}

/* The target of a symbolic link in dir: "ctbox" when the binary lives in
 * dir itself (so a tree can be moved or packaged), else its absolute path. */
static const char *link_target(const char *exe, const char *dir)
{
	char real[PATH_MAX];
	const char *base = bb_basename(exe);

	if (realpath(dir, real) && strlen(real) == (size_t)(base - exe - 1) &&
	    strncmp(real, exe, base - exe - 1) == 0)
		return base;
	return exe;
}

static int install_one(const char *exe, const struct stat *self, const char *dir,
		       const char *name, int symbolic, int force)
{
	char *dest = path_join(dir, name), *tmp = NULL;
	struct stat st;
	int ret = -1;

	if (!dest) {
		bb_error_msg("out of memory");
		return -1;
	}
	if (lstat(dest, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			bb_error_msg("can't install '%s': it is a directory", dest);
			goto out;
		}
		if (!force && !is_ctbox(dest, self)) {
			bb_error_msg("can't install '%s': it exists and is not a link to ctbox (use -f to replace it)",
				     dest);
			goto out;
		}
	}
	/* Made beside the target and renamed over it: never half-made. */
	tmp = xasprintf("%s/.%s.ctbox-install.%d", dir, name, (int)getpid());
	unlink(tmp);
	if ((symbolic ? symlink(link_target(exe, dir), tmp) : link(exe, tmp)) < 0) {
		bb_perror_msg("can't create %s link '%s'", symbolic ? "symbolic" : "hard", dest);
		goto out;
	}
	if (rename(tmp, dest) < 0) {
		bb_perror_msg("can't install '%s'", dest);
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	free(tmp);
	free(dest);
	return ret;
}

static int ctbox_install(int argc, char **argv)
{
	int symbolic = 0, bare = 0, force = 0, i, fails = 0;
	const struct bb_opt opts[] = {
		{ "s|symbolic", BB_OPT_FLAG, &symbolic, 0, 0, NULL, 0 },
		{ "|bare", BB_OPT_FLAG, &bare, 0, 0, NULL, 0 },
		{ "f|force", BB_OPT_FLAG, &force, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	const char *file = packed_self ? packed_self : "/proc/self/exe";
	char exe[PATH_MAX];
	struct stat self, st;
	size_t k;

	applet_name = "install";
	applet_invoked = "ctbox --install";
	applet_usage = "[-s] [--bare] [-f] DIR";
	i = bb_getopt(argc, argv, opts, 0);
	if (argc - i != 1)
		bb_show_usage();
	if (!realpath(file, exe))
		bb_perror_msg_and_die("can't find the ctbox binary (%s)", file);
	if (stat(exe, &self) < 0)
		bb_perror_msg_and_die("can't stat '%s'", exe);
	if (stat(argv[i], &st) < 0 || !S_ISDIR(st.st_mode))
		bb_error_msg_and_die("'%s' is not a directory", argv[i]);
	for (k = 0; k < applet_table_len; k++)
		if (wanted_link(&applet_table[k], bare) &&
		    install_one(exe, &self, argv[i], applet_table[k].name, symbolic, force) < 0)
			fails++;
	return fails ? 1 : 0;
}

static int run_applet(const struct applet *a, int argc, char **argv, const char *invoked)
{
	applet_name = a->canonical;
	applet_usage = usage_at(a->usage);
	applet_invoked = invoked;
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		bb_show_usage_to(stdout);
		return 0;
	}
	return a->main(argc, argv);
}

static int ctbox_main(int argc, char **argv)
{
	const struct applet *a;

	if (argc < 2) {
		ctbox_help(stderr);
		return 1;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc > 2) {
			a = find_applet_in(applet_table, applet_table_len, argv[2]);
			if (!a) {
				bb_error_msg("unknown applet '%s'", argv[2]);
				return 127;
			}
			applet_usage = usage_at(a->usage);
			applet_invoked = a->name;
			bb_show_usage_to(stdout);
			return 0;
		}
		ctbox_help(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("ctbox %s\n", CTBOX_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--list") == 0 || strcmp(argv[1], "--list-all") == 0) {
		list_applets(argv[1][6] != '\0');
		return 0;
	}
	if (strcmp(argv[1], "--install") == 0)
		return ctbox_install(argc - 1, argv + 1);
	a = find_applet_in(applet_table, applet_table_len, argv[1]);
	if (!a) {
		bb_error_msg("unknown applet '%s' (ctbox --list shows them)", argv[1]);
		return 127;
	}
	return run_applet(a, argc - 1, argv + 1, xasprintf("ctbox %s", argv[1]));
}

int main(int argc, char **argv)
{
	const char *name = argc > 0 && argv[0] ? bb_basename(argv[0]) : "ctbox";
	const struct applet *a;

	if (ENABLE_PACK && (packed_self = getenv("CTBOX_SELF")))
		unsetenv("CTBOX_SELF");

	if (strncmp(name, "ctbox", 5) == 0)
		return ctbox_main(argc, argv);
	a = find_applet_in(applet_table, applet_table_len, name);
	if (!a) {
		bb_error_msg("unknown applet '%s' (ctbox --list shows them)", name);
		return 127;
	}
	return run_applet(a, argc, argv, name);
}
