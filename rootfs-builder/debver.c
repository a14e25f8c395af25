/* Debian version numbers compared and checked as dpkg does (debver.h).
 *
 * A version is [epoch:]upstream[-revision]: the epoch ends at the first
 * ':', the revision starts after the last '-'. Epochs compare as numbers;
 * upstream and revision with dpkg's verrevcmp: alternately a run of
 * non-digits (compared character by character, '~' sorting before the
 * end of the string, letters before everything else) and a run of digits
 * (compared as numbers, leading zeros ignored). A missing revision is an
 * empty one, so "1.0" equals "1.0-0".
 */
#include <string.h>

#include "debver.h"

struct vparts {
	const char *ep, *up, *rev;
	size_t eplen, uplen, revlen;
	int hasrev;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void split(const char *v, size_t len, struct vparts *p)
{
	const char *colon = len ? memchr(v, ':', len) : NULL, *end = v + len, *dash = NULL, *s;

	p->ep = v;
	p->eplen = colon ? (size_t)(colon - v) : 0;
	p->up = colon ? colon + 1 : v;
	for (s = p->up; s < end; s++)
		if (*s == '-')
			dash = s;
	p->uplen = (size_t)((dash ? dash : end) - p->up);
	p->hasrev = dash != NULL;
	p->rev = dash ? dash + 1 : end;
	p->revlen = (size_t)(end - p->rev);
}

/* The sort weight of one character of a non-digit run; 0 past the end. */
static int order(const char *s, const char *end)
{
	unsigned char c;

	if (s >= end)
		return 0;
	c = (unsigned char)*s;
	if (is_digit((char)c))
		return 0;
	if (is_alpha((char)c))
		return c;
	if (c == '~')
		return -1;
	return c + 256;
}

static int verrevcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *ae = a + alen, *be = b + blen;

	while (a < ae || b < be) {
		int first_diff = 0;

		while ((a < ae && !is_digit(*a)) || (b < be && !is_digit(*b))) {
			int ac = order(a, ae), bc = order(b, be);

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		while (a < ae && b < be && is_digit(*a) && is_digit(*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (a < ae && is_digit(*a))
			return 1;
		if (b < be && is_digit(*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

/* Epochs as numbers of any length: leading zeros dropped, then the
 * longer is bigger, then the digits decide. */
static int epochcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c;

	while (alen && *a == '0')
		a++, alen--;
	while (blen && *b == '0')
		b++, blen--;
	if (alen != blen)
		return alen < blen ? -1 : 1;
	c = alen ? memcmp(a, b, alen) : 0;
	return c < 0 ? -1 : c > 0;
}

int debver_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	struct vparts x, y;
	int c;

	split(a, alen, &x);
	split(b, blen, &y);
	c = epochcmp(x.ep, x.eplen, y.ep, y.eplen);
	if (!c)
		c = verrevcmp(x.up, x.uplen, y.up, y.uplen);
	if (!c)
		c = verrevcmp(x.rev, x.revlen, y.rev, y.revlen);
	return c < 0 ? -1 : c > 0;
}

/* Every character of s is a digit, a letter or one of extra. */
static int chars_ok(const char *s, size_t len, const char *extra)
{
	for (size_t i = 0; i < len; i++)
		if (!is_digit(s[i]) && !is_alpha(s[i]) && (!s[i] || !strchr(extra, s[i])))
			return 0;
	return 1;
}

static int all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* dpkg keeps epochs in an int. */
static int epoch_fits(const char *s, size_t len)
{
	unsigned long long n = 0;

	for (size_t i = 0; i < len; i++) {
		n = n * 10 + (unsigned)(s[i] - '0');
		if (n > 2147483647ULL)
			return 0;
	}
	return 1;
}

int debver_valid(const char *v, size_t len, const char **why)
{
	const char *colon = len ? memchr(v, ':', len) : NULL;
	struct vparts p;
	const char *r = NULL;

	split(v, len, &p);
	if (!len)
		r = "version number is empty";
	else if (memchr(v, ' ', len) || memchr(v, '\t', len) || memchr(v, '\n', len))
		r = "version string has embedded spaces";
	else if (colon && !p.eplen)
		r = "epoch in version is empty";
	else if (colon && !all_digits(p.ep, p.eplen))
		r = "epoch in version is not number";
	else if (colon && !epoch_fits(p.ep, p.eplen))
		r = "epoch in version is too big";
	else if (!p.uplen)
		r = "nothing after colon in version number";
	else if (p.hasrev && !p.revlen)
		r = "revision number is empty";
	else if (!is_digit(*p.up))
		r = "version number does not start with digit";
	else if (!chars_ok(p.up, p.uplen, ".-+~:"))
		r = "invalid character in version number";
	else if (!chars_ok(p.rev, p.revlen, ".+~"))
		r = "invalid character in revision number";
	if (why)
		*why = r;
	return !r;
}

int debver_satisfies(const char *v, size_t vlen, enum debrel_op op,
		const char *want, size_t wantlen)
{
	int c;

	if (op == DEBREL_ANY)
		return 1;
	c = debver_cmp(v, vlen, want, wantlen);
	switch (op) {
	case DEBREL_LT:
		return c < 0;
	case DEBREL_LE:
		return c <= 0;
	case DEBREL_EQ:
		return c == 0;
	case DEBREL_GE:
		return c >= 0;
	case DEBREL_GT:
		return c > 0;
	default:
		return 0;
	}
}
