/* Which Debian mirror to use when none is given: the first archive of the
 * host's apt sources (sources.list, then sources.list.d/ *.list and
 * *.sources in name order, as apt reads them) whose URI is an http(s)
 * Debian archive root: its path ends in "/debian" (so debian-security,
 * debian-ports and other archives are passed over). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "deb822.h"
#include "rb.h"

#define SOURCES_MAX (1u << 20)

/* Is the URI [s, s+n) an http(s) Debian archive root? Returns the length
 * without trailing slashes when it is, else 0. */
static size_t debian_root(const char *s, size_t n)
{
	static const char tail[] = "/debian";

	if (!(n > 7 && !strncmp(s, "http://", 7)) && !(n > 8 && !strncmp(s, "https://", 8)))
		return 0;
	while (n && s[n - 1] == '/')
		n--;
	if (n < sizeof(tail) - 1 + 8 || memcmp(s + n - (sizeof(tail) - 1), tail, sizeof(tail) - 1))
		return 0;
	return n;
}

static char *word_end(char *p)
{
	while (*p && *p != ' ' && *p != '\t')
		p++;
	return p;
}

static char *skip_blanks(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* One-line style: "deb [opts] URI SUITE COMPONENTS...". */
static char *from_list(char *text)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p = skip_blanks(line), *uri, *end;
		size_t n;

		if (strncmp(p, "deb", 3) || (p[3] != ' ' && p[3] != '\t'))
			continue;
		p = skip_blanks(p + 3);
		if (*p == '[') {
			p = strchr(p, ']');
			if (!p)
				continue;
			p = skip_blanks(p + 1);
		}
		uri = p;
		end = word_end(p);
		n = debian_root(uri, (size_t)(end - uri));
		if (n)
			return strndup(uri, n);
	}
	return NULL;
}

static int has_word(const struct deb822_field *f, const char *w)
{
	size_t wl = strlen(w), i = 0;

	while (f && i < f->vallen) {
		size_t j = i;

		while (j < f->vallen && f->val[j] != ' ' && f->val[j] != '\t' && f->val[j] != '\n')
			j++;
		if (j - i == wl && !memcmp(f->val + i, w, wl))
			return 1;
		i = j + 1;
	}
	return 0;
}

/* deb822 style: paragraphs with Types, URIs, Suites, Enabled. */
static char *from_sources(const char *text, size_t len, const char *name)
{
	struct deb822 d;
	struct deb822_para p;
	struct bb_err e;

	deb822_init(&d, text, len, name);
	while (deb822_next(&d, &p, &e) > 0) {
		const struct deb822_field *uris = deb822_get(&p, "URIs");
		size_t i = 0;

		if (!has_word(deb822_get(&p, "Types"), "deb") || has_word(deb822_get(&p, "Enabled"), "no"))
			continue;
		while (uris && i < uris->vallen) {
			size_t j = i, n;

			while (j < uris->vallen && uris->val[j] != ' ' && uris->val[j] != '\n')
				j++;
			n = debian_root(uris->val + i, j - i);
			if (n)
				return strndup(uris->val + i, n);
			i = j + 1;
		}
	}
	return NULL; /* a malformed file is passed over, as the rest of it */
}

static char *from_file(const char *path, int deb822)
{
	size_t len;
	char *text = read_file(path, SOURCES_MAX, &len), *url;

	if (!text)
		return NULL;
	url = deb822 ? from_sources(text, len, path) : from_list(text);
	free(text);
	return url;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n > t && !strcmp(s + n - t, tail);
}

char *rb_mirror_from_apt(const char *etc_apt, struct bb_err *e)
{
	char *path = xasprintf("%s/sources.list", etc_apt), *url = from_file(path, 0);
	struct dirent **ents = NULL;
	int n, i;

	free(path);
	if (url)
		return url;
	path = xasprintf("%s/sources.list.d", etc_apt);
	n = scandir(path, &ents, NULL, by_name);
	for (i = 0; i < n; i++) {
		const char *nm = ents[i]->d_name;
		int is822 = ends_with(nm, ".sources");

		if (!url && nm[0] != '.' && (is822 || ends_with(nm, ".list"))) {
			char *f = xasprintf("%s/%s", path, nm);

			url = from_file(f, is822);
			free(f);
		}
		free(ents[i]);
	}
	free(ents);
	free(path);
	if (!url)
		bb_err_set(e, 0, "no Debian mirror in %s/sources.list or %s/sources.list.d/ "
			   "(give one: --mirror URL)", etc_apt, etc_apt);
	return url;
}
