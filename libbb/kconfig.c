/* Parse a kernel configuration text into a sorted look-up table.
 * No zlib here: see kconfig_load.c for finding and decompressing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kconfig.h"

void kconfig_init(struct kconfig *kc)
{
	memset(kc, 0, sizeof(*kc));
	kc->sorted = 1;
}

void kconfig_free(struct kconfig *kc)
{
	size_t i;

	for (i = 0; i < kc->n; i++)
		free(kc->v[i].name); /* the value lives in the same block */
	free(kc->v);
	kconfig_init(kc);
}

static int is_name_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Length of the symbol name at p (up to end), 0 if none or too long. */
static size_t name_len(const char *p, const char *end)
{
	const char *s = p;

	while (s < end && is_name_char((unsigned char)*s))
		s++;
	if ((size_t)(s - p) > KCONFIG_MAX_NAME)
		return 0;
	return s - p;
}

static int add_entry(struct kconfig *kc, const char *name, size_t nlen,
		     const char *val, size_t vlen, enum kconfig_state st,
		     struct bb_err *e)
{
	struct kconfig_entry *ent;
	char *block;

	if (kc->n == kc->cap) {
		size_t cap = kc->cap ? kc->cap * 2 : 256;
		struct kconfig_entry *nv;

		if (kc->n >= KCONFIG_MAX_ENTRIES)
			return bb_err_set(e, E2BIG, "more than %d entries",
					  KCONFIG_MAX_ENTRIES);
		nv = realloc(kc->v, cap * sizeof(*nv));
		if (!nv)
			return bb_err_set(e, ENOMEM, "kernel configuration");
		kc->v = nv;
		kc->cap = cap;
	}
	block = malloc(nlen + vlen + 2);
	if (!block)
		return bb_err_set(e, ENOMEM, "kernel configuration");
	memcpy(block, name, nlen);
	block[nlen] = '\0';
	memcpy(block + nlen + 1, val, vlen);
	block[nlen + 1 + vlen] = '\0';
	ent = &kc->v[kc->n];
	ent->name = block;
	ent->value = block + nlen + 1;
	ent->state = st;
	ent->seq = kc->lines;
	kc->n++;
	kc->sorted = 0;
	return 0;
}

/* A number: -?[0-9]+ or 0x[0-9a-fA-F]+ filling all of [p, end). */
static int is_number(const char *p, const char *end)
{
	const char *s = p;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		for (s = p + 2; s < end; s++)
			if (!strchr("0123456789abcdefABCDEF", *s))
				return 0;
		return 1;
	}
	if (s < end && *s == '-')
		s++;
	if (s == end)
		return 0;
	for (; s < end; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Unquote "text" in [p, end) into out (room for end - p bytes). Only \" and
 * \\ are escapes (what the kernel's Kconfig writes). Returns the length, or
 * -1 for a value that is not exactly one quoted string. */
static long unquote(const char *p, const char *end, char *out)
{
	long n = 0;

	if (end - p < 2 || *p != '"')
		return -1;
	for (p++; p < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				return -1;
			out[n++] = *p;
		} else if (*p == '"') {
			return p + 1 == end ? n : -1;
		} else {
			out[n++] = *p;
		}
	}
	return -1; /* unterminated */
}

/* "# Linux/x86 6.1.0 Kernel Configuration": keep "6.1.0". */
static void parse_version(struct kconfig *kc, const char *p, const char *end)
{
	static const char tail[] = " Kernel Configuration";
	size_t tl = sizeof(tail) - 1, len;
	const char *sp;

	if (end - p < 9 || memcmp(p, "# Linux", 7) != 0 || (size_t)(end - p) < tl ||
	    memcmp(end - tl, tail, tl) != 0)
		return;
	end -= tl;
	for (sp = end; sp > p && sp[-1] != ' '; sp--)
		;
	len = end - sp;
	if (len == 0 || len >= sizeof(kc->version) || sp[0] < '0' || sp[0] > '9')
		return;
	memcpy(kc->version, sp, len);
	kc->version[len] = '\0';
}

/* One line without its newline. Returns 1 if used, 0 if junk, -1 on error. */
static int parse_line(struct kconfig *kc, const char *p, const char *end,
		      char *scratch, struct bb_err *e)
{
	static const char notset[] = " is not set";
	size_t nl, sl = sizeof(notset) - 1;
	const char *val;
	long ul;

	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	if (p == end)
		return 1;
	if (memchr(p, '\0', end - p))
		return 0;
	if (*p == '#') {
		/* "# CONFIG_" starts nothing but "# CONFIG_X is not set" */
		if (end - p > 9 && memcmp(p, "# CONFIG_", 9) == 0) {
			if ((size_t)(end - p) <= 9 + sl || memcmp(end - sl, notset, sl) != 0)
				return 0;
			nl = name_len(p + 9, end);
			if (nl == 0 || p + 9 + nl != end - sl)
				return 0;
			return add_entry(kc, p + 9, nl, "n", 1, KCONFIG_NO, e) < 0 ? -1 : 1;
		}
		parse_version(kc, p, end);
		return 1; /* any other comment */
	}
	if (end - p < 8 || memcmp(p, "CONFIG_", 7) != 0)
		return 0;
	p += 7;
	nl = name_len(p, end);
	if (nl == 0 || p + nl == end || p[nl] != '=')
		return 0;
	val = p + nl + 1;
	if (end - val == 1 && (*val == 'y' || *val == 'm' || *val == 'n')) {
		enum kconfig_state st = *val == 'y' ? KCONFIG_YES :
					*val == 'm' ? KCONFIG_MODULE : KCONFIG_NO;

		return add_entry(kc, p, nl, val, 1, st, e) < 0 ? -1 : 1;
	}
	if (*val == '"') {
		ul = unquote(val, end, scratch);
		if (ul < 0)
			return 0;
		return add_entry(kc, p, nl, scratch, ul, KCONFIG_STRING, e) < 0 ? -1 : 1;
	}
	if (is_number(val, end))
		return add_entry(kc, p, nl, val, end - val, KCONFIG_NUMBER, e) < 0 ? -1 : 1;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct kconfig_entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort by name and keep only the last of duplicates. */
static void finish(struct kconfig *kc)
{
	size_t i, out = 0;

	if (kc->sorted)
		return;
	qsort(kc->v, kc->n, sizeof(kc->v[0]), cmp_entry);
	for (i = 0; i < kc->n; i++) {
		if (i + 1 < kc->n && strcmp(kc->v[i].name, kc->v[i + 1].name) == 0) {
			free(kc->v[i].name);
			continue;
		}
		kc->v[out++] = kc->v[i];
	}
	kc->n = out;
	kc->sorted = 1;
}

int kconfig_parse(struct kconfig *kc, const char *text, size_t len,
		  struct bb_err *e)
{
	const char *p = text, *end = text + len;
	char scratch[KCONFIG_MAX_LINE + 1];
	int r = 0;

	if (len > KCONFIG_MAX_TEXT)
		return bb_err_set(e, EFBIG, "kernel configuration larger than %u bytes",
				  KCONFIG_MAX_TEXT);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;

		kc->lines++;
		if (eol - p > KCONFIG_MAX_LINE)
			r = 0;
		else
			r = parse_line(kc, p, eol, scratch, e);
		if (r < 0)
			break;
		if (r == 0) {
			kc->bad_lines++;
			if (!kc->first_bad)
				kc->first_bad = kc->lines;
		}
		p = nl ? nl + 1 : end;
	}
	finish(kc);
	return r < 0 ? -1 : 0;
}

int kconfig_check_nonempty(const struct kconfig *kc, const char *path,
			   struct bb_err *e)
{
	if (kc->n > 0)
		return 0;
	if (kc->bad_lines)
		return bb_err_set(e, 0, "%s: not a kernel configuration (line %zu: unexpected text)",
				  path, kc->first_bad);
	return bb_err_set(e, 0, "%s: not a kernel configuration (no CONFIG_ lines)", path);
}

int kconfig_read_file(struct kconfig *kc, const char *path, struct bb_err *e)
{
	size_t len;
	char *text = read_file(path, KCONFIG_MAX_TEXT, &len);
	int r;

	if (!text)
		return bb_err_set(e, errno, "%s", path);
	r = kconfig_parse(kc, text, len, e);
	free(text);
	if (r < 0)
		return -1;
	return kconfig_check_nonempty(kc, path, e);
}

enum kconfig_state kconfig_get(const struct kconfig *kc, const char *name,
			       const char **value)
{
	size_t lo = 0, hi = kc->n;

	if (value)
		*value = NULL;
	if (!name)
		return KCONFIG_ABSENT;
	if (strncmp(name, "CONFIG_", 7) == 0)
		name += 7;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, kc->v[mid].name);

		if (c == 0) {
			if (value)
				*value = kc->v[mid].value;
			return kc->v[mid].state;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return KCONFIG_ABSENT;
}

int kconfig_enabled(const struct kconfig *kc, const char *name)
{
	enum kconfig_state s = kconfig_get(kc, name, NULL);

	return s == KCONFIG_YES || s == KCONFIG_MODULE;
}

const char *kconfig_state_name(enum kconfig_state s)
{
	static const char *const names[] = {
		[KCONFIG_ABSENT] = "absent", [KCONFIG_NO] = "not set",
		[KCONFIG_YES] = "y", [KCONFIG_MODULE] = "m",
		[KCONFIG_STRING] = "string", [KCONFIG_NUMBER] = "number",
	};

	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "?";
}
