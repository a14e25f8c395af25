/* Unit tests of the console's escape processing (console_filter): the
 * escape then q detaches, the escape twice sends it once, the escape then
 * another byte sends both, and a sequence split across reads. */
#include <string.h>

#include "container.h"
#include "tap.h"

static int filter(const char *in, char esc, int *seen, char *out)
{
	int n = console_filter(in, strlen(in), esc, seen, out);

	if (n >= 0)
		out[n] = '\0';
	return n;
}

int main(void)
{
	char out[64];
	int seen = 0;

	is_int(filter("ls\n", 1, &seen, out), 3, "plain bytes pass");
	is_str(out, "ls\n", "unchanged");
	is_int(filter("ab\001q", 1, &seen, out), -1, "Ctrl+a q detaches");
	seen = 0;
	is_int(filter("\001\001", 1, &seen, out), 1, "Ctrl+a Ctrl+a sends one Ctrl+a");
	is_str(out, "\001", "which is Ctrl+a");
	is_int(filter("\001x", 1, &seen, out), 2, "Ctrl+a then another byte sends both");
	is_str(out, "\001x", "in order");
	is_int(filter("abc\001", 1, &seen, out), 3, "an escape at the end of a read waits");
	ok(seen, "and is remembered");
	is_int(filter("q", 1, &seen, out), -1, "q in the next read detaches");
	seen = 0;
	is_int(filter("\002q", 2, &seen, out), -1, "-e b: Ctrl+b q detaches");
	seen = 0;
	is_int(filter("\001q", 2, &seen, out), 2, "with -e b, Ctrl+a q is plain input");
	is_int(filter("", 1, &seen, out), 0, "an empty read");
	return done_testing();
}
