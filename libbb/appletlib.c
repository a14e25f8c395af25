/* The applet table's look-up and usage output. */
#include <stdlib.h>
#include <string.h>

#include "libbb.h"

const char *applet_usage = "";
const char *applet_invoked = "ctbox";

const struct applet *find_applet_in(const struct applet *tab, size_t n,
				    const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, tab[mid].name);

		if (c == 0)
			return &tab[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void bb_show_usage_to(FILE *f)
{
	fprintf(f, "Usage: %s %s\n", applet_invoked, applet_usage);
	fflush(f);
}

void bb_show_usage(void)
{
	bb_show_usage_to(stderr);
	exit(1);
}
