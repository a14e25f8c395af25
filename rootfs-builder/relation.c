/* Relation fields read one atom at a time (relation.h).
 *
 * An atom is: name [":" qualifier] ["(" op version ")"] ["[" archs "]"]
 * ["<" profiles ">"]..., then ',' (next group), '|' (an alternative) or
 * the end. Blanks (spaces, tabs, newlines, '\r') may surround every part.
 * The obsolete operators '<' and '>' mean "<=" and ">=", as in dpkg.
 * Build profiles only appear in source packages: they are skipped.
 */
#include <string.h>

#include "relation.h"

static const struct {
	char s[3];
	unsigned char len;
	enum debrel_op op;
} ops[] = { /* longest first */
	{ "<<", 2, DEBREL_LT }, { "<=", 2, DEBREL_LE }, { ">>", 2, DEBREL_GT },
	{ ">=", 2, DEBREL_GE }, { "=", 1, DEBREL_EQ }, { "<", 1, DEBREL_LE }, { ">", 1, DEBREL_GE },
};

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Characters that end a name or a qualifier. */
static int stop(char c)
{
	switch (c) {
	case ' ': case '\t': case '\n': case '\r': case '\0':
	case ',': case '|': case '(': case ')': case '[': case ']': case '<': case '>': case ':':
		return 1;
	default:
		return 0;
	}
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && blank(*p))
		p++;
	return p;
}

static const char *word(const char *p, const char *end)
{
	while (p < end && !stop(*p))
		p++;
	return p;
}

void rel_init(struct rel_iter *it, const char *s, size_t len)
{
	it->p = s ? s : "";
	it->end = it->p + (s ? len : 0);
}

/* "(op version)" at p (after the '('). */
static const char *version(const char *p, const char *end, struct rel_atom *a, const char **why)
{
	size_t i;

	p = skip_blanks(p, end);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = ops[i].len;

		if ((size_t)(end - p) >= n && !memcmp(p, ops[i].s, n)) {
			a->op = ops[i].op;
			p += n;
			break;
		}
	}
	if (i == sizeof(ops) / sizeof(ops[0])) {
		*why = "a version relation without an operator";
		return NULL;
	}
	p = skip_blanks(p, end);
	a->ver = p;
	while (p < end && !blank(*p) && *p && *p != ')' && *p != ',' && *p != '|')
		p++;
	a->verlen = (size_t)(p - a->ver);
	p = skip_blanks(p, end);
	if (!a->verlen || p >= end || *p != ')') {
		*why = a->verlen ? "no ')' after a version" : "an empty version";
		return NULL;
	}
	return p + 1;
}

/* "[...]" or "<...>" at p (after the opening bracket). */
static const char *bracket(const char *p, const char *end, char close, const char **in,
		size_t *inlen, const char **why)
{
	const char *c = p;

	while (c < end && *c != close && *c != ',' && *c != '|')
		c++;
	if (c >= end || *c != close) {
		*why = close == ']' ? "no ']' after an architecture list" : "no '>' after a build profile";
		return NULL;
	}
	if (in) {
		*in = p;
		*inlen = (size_t)(c - p);
	}
	return c + 1;
}

int rel_next(struct rel_iter *it, struct rel_atom *a, const char **why)
{
	const char *p = skip_blanks(it->p, it->end), *end = it->end;

	memset(a, 0, sizeof(*a));
	/* empty groups (",," or a trailing ',') are tolerated, as dpkg does */
	while (p < end && *p == ',')
		p = skip_blanks(p + 1, end);
	if (p >= end) {
		it->p = end;
		return 0;
	}
	a->name = p;
	p = word(p, end);
	a->namelen = (size_t)(p - a->name);
	if (!a->namelen) {
		*why = "a relation without a package name";
		return -1;
	}
	p = skip_blanks(p, end);
	if (p < end && *p == ':') {
		p = skip_blanks(p + 1, end);
		a->qual = p;
		p = word(p, end);
		a->quallen = (size_t)(p - a->qual);
		if (!a->quallen) {
			*why = "an empty architecture qualifier";
			return -1;
		}
		p = skip_blanks(p, end);
	}
	if (p < end && *p == '(') {
		if (!(p = version(p + 1, end, a, why)))
			return -1;
		p = skip_blanks(p, end);
	}
	if (p < end && *p == '[') {
		if (!(p = bracket(p + 1, end, ']', &a->archs, &a->archslen, why)))
			return -1;
		p = skip_blanks(p, end);
	}
	while (p < end && *p == '<') {
		if (!(p = bracket(p + 1, end, '>', NULL, NULL, why)))
			return -1;
		p = skip_blanks(p, end);
	}
	if (p < end && *p != ',' && *p != '|') {
		*why = "junk after a relation";
		return -1;
	}
	if (p < end && *p == '|') {
		a->or_next = 1;
		p = skip_blanks(p + 1, end);
		if (p >= end || *p == ',') {
			*why = "nothing after '|'";
			return -1;
		}
	} else if (p < end) {
		p++;
	}
	it->p = p;
	return 1;
}

/* One word of an arch list against arch: "amd64", "any", "linux-any",
 * "any-amd64" (Debian's arch wildcards, for Linux architectures). */
static int arch_word(const char *w, size_t n, const char *arch)
{
	size_t al = strlen(arch);

	if ((n == al && !memcmp(w, arch, n)) || (n == 3 && !memcmp(w, "any", 3)))
		return 1;
	if (n == 9 && !memcmp(w, "linux-any", 9))
		return 1;
	return n == 4 + al && !memcmp(w, "any-", 4) && !memcmp(w + 4, arch, al);
}

int rel_arch_ok(const struct rel_atom *a, const char *arch)
{
	const char *p = a->archs, *end;
	int neg = 0, pos = 0, hit = 0;

	if (!p)
		return 1;
	end = p + a->archslen;
	while ((p = skip_blanks(p, end)) < end) {
		int n = *p == '!';
		const char *w = p + n, *we = w;

		while (we < end && !blank(*we))
			we++;
		if (n)
			neg = 1;
		else
			pos = 1;
		if (arch_word(w, (size_t)(we - w), arch))
			hit = n ? -1 : 1;
		p = we;
	}
	if (hit)
		return hit > 0;
	/* "[!i386]" admits the others; "[i386]" only i386 */
	return neg && !pos;
}

const char *rel_op_str(enum debrel_op op)
{
	static const char *const s[] = { "", "<<", "<=", "=", ">=", ">>" };

	return (unsigned)op < sizeof(s) / sizeof(s[0]) ? s[op] : "?";
}
