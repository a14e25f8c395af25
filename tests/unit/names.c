/* Unit tests of name and path helpers (libbb/names.c) and the applet
 * table look-up (libbb/appletlib.c). */
#include <stdlib.h>
#include <string.h>

#include "libbb.h"
#include "tap.h"

static int dummy_main(int argc, char **argv) { return 0; }

int main(void)
{
	static const struct { const char *name; int good; } names[] = {
		{ "web1", 1 }, { "c", 1 }, { "debian-j1", 1 }, { "a.b_c-d", 1 }, { "..x", 0 },
		{ "", 0 }, { ".", 0 }, { "..", 0 }, { "a/b", 0 }, { "../x", 0 }, { "/abs", 0 },
		{ "a b", 0 }, { "a\nb", 0 }, { "tab\there", 0 }, { "del\x7f", 0 }, { "-n", 0 },
		{ ".hidden", 0 }, { "é-ok", 1 },
	};
	char longname[301];
	const char *why;
	char *p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		is_int(bb_check_name(names[i].name, &why) == 0, names[i].good, "name check %zu", i);
	memset(longname, 'a', 64);
	longname[64] = '\0';
	ok(bb_check_name(longname, &why) == 0, "a 64-byte name is accepted");
	memset(longname, 'a', 300);
	longname[300] = '\0';
	ok(bb_check_name(longname, &why) < 0, "a 300-byte name is refused");
	is_str(why, "name is longer than 64 bytes", "reason for a long name");
	ok(bb_check_name(NULL, &why) < 0, "NULL name is refused");

	p = path_join("/var/lib/lxc/", "/c1");
	is_str(p, "/var/lib/lxc/c1", "path_join removes doubled slashes");
	free(p);
	p = path_join("/", "c1");
	is_str(p, "/c1", "path_join from /");
	free(p);
	p = path_join("rel", "x/y");
	is_str(p, "rel/x/y", "path_join relative");
	free(p);
	is_str(bb_basename("/usr/bin/lxc-start"), "lxc-start", "basename of a path");
	is_str(bb_basename("brctl"), "brctl", "basename of a bare name");

	{
		static const struct applet tab[] = {
			{ "attach", "attach", dummy_main, 0 },
			{ "brctl", "bridge", dummy_main, 0 },
			{ "bridge", "bridge", dummy_main, 0 },
			{ "lxc-attach", "attach", dummy_main, 0 },
			{ "start", "start", dummy_main, 0 },
		};
		const struct applet *a;

		for (i = 0; i < ARRAY_SIZE(tab); i++) {
			a = find_applet_in(tab, ARRAY_SIZE(tab), tab[i].name);
			ok(a == &tab[i], "find_applet_in finds %s", tab[i].name);
		}
		ok(find_applet_in(tab, ARRAY_SIZE(tab), "stop") == NULL, "missing name not found");
		ok(find_applet_in(tab, ARRAY_SIZE(tab), "") == NULL, "empty name not found");
		ok(find_applet_in(tab, 0, "start") == NULL, "empty table");
		a = find_applet_in(tab, ARRAY_SIZE(tab), "brctl");
		is_str(a ? a->canonical : NULL, "bridge", "an alias maps to its applet");
	}
	return done_testing();
}
