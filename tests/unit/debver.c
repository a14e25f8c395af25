/* Unit tests of Debian version comparison and syntax (rootfs-builder/debver.c).
 * The expected orders were checked against dpkg --compare-versions. */
#include <string.h>

#include "debver.h"
#include "tap.h"

static const struct {
	const char *a, *b;
	int want;
} pairs[] = {
	{ "1.0", "1.0", 0 },
	{ "1.0", "1.0-0", 0 },
	{ "1.0-0", "1.0", 0 },
	{ "1.0~rc1", "1.0", -1 },
	{ "1.0", "1.0~rc1", 1 },
	{ "1.0~rc1", "1.0~rc2", -1 },
	{ "1.0~~", "1.0~", -1 },
	{ "1.0~", "1.0", -1 },
	{ "1.0~~a", "1.0~~", 1 },
	{ "1:0.1", "2.0", 1 },
	{ "0:1.0", "1.0", 0 },
	{ "1.0-1", "1.0", 1 },
	{ "1.0", "1.0-1", -1 },
	{ "1.0-1", "1.0-2", -1 },
	{ "1.0-10", "1.0-9", 1 },
	{ "2.30-1+deb12u1", "2.30-1", 1 },
	{ "2.30-1+deb12u1", "2.30-2", -1 },
	{ "2.30-1+deb12u1", "2.30-1+deb12u2", -1 },
	{ "2.36-9+deb12u14", "2.36-9+deb12u4", 1 },
	{ "1.01", "1.1", 0 },
	{ "1.001", "1.1", 0 },
	{ "1.0010", "1.1", 1 },
	{ "1.10", "1.9", 1 },
	{ "1.a", "1.b", -1 },
	{ "1.a", "1.+", -1 },
	{ "1.a", "1.", 1 },
	{ "1.0a", "1.0", 1 },
	{ "1.0+", "1.0", 1 },
	{ "1.0.", "1.0", 1 },
	{ "1.0+b1", "1.0", 1 },
	{ "1.0+b1", "1.0.1", -1 },
	{ "1.0-1+b1", "1.0-1.1", -1 },
	{ "10", "9", 1 },
	{ "9", "10", -1 },
	{ "1.2.3", "1.2.3.0", -1 },
	{ "a1", "b1", -1 },
	{ "1:1.0", "2:0.5", -1 },
	{ "10:1.0", "9:5.0", 1 },
	{ "00:1.0", "1.0", 0 },
	{ "1.0-1ubuntu1", "1.0-1", 1 },
	{ "1.0-1~bpo1", "1.0-1", -1 },
	{ "2:8.2.3995-1+deb12u2", "2:8.2.3995-1+deb12u1", 1 },
	{ "7.88.1-10+deb12u12", "7.88.1-10+deb12u5", 1 },
	{ "0.0.0", "0", 1 },
	{ "0", "0.0.0", -1 },
	{ "1.0-a", "1.0-B", 1 },
	{ "1.0-A", "1.0-a", -1 },
	{ "1.2~b2", "1.2~b10", -1 },
	{ "1.2~b10", "1.2~c1", -1 },
	/* epochs longer than an int still compare as numbers */
	{ "99999999999999999999:1", "99999999999999999998:2", 1 },
};

static const struct {
	const char *v;
	int valid;
} syntax[] = {
	{ "1.0", 1 }, { "1:2.30-1+deb12u1", 1 }, { "2:8.2.3995-1+deb12u2", 1 },
	{ "1.0~rc1-0ubuntu1~bpo1", 1 }, { "0", 1 }, { "1.2-3-4", 1 }, { "1:1:1", 1 },
	{ "", 0 }, { ":1.0", 0 }, { "a:1.0", 0 }, { "1:", 0 }, { "1.0-", 0 },
	{ "a1", 0 }, { "1.0 1", 0 }, { "1.0_1", 0 }, { "1.0-1:2", 0 }, { "1.0-a_b", 0 },
	{ "-1:1.0", 0 }, { "99999999999:1.0", 0 }, { "1.0\t1", 0 },
};

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

int main(void)
{
	size_t np = sizeof(pairs) / sizeof(pairs[0]), ns = sizeof(syntax) / sizeof(syntax[0]);

	plan((int)(2 * np + ns + 13));
	for (size_t i = 0; i < np; i++) {
		const char *a = pairs[i].a, *b = pairs[i].b;

		is_int(sign(debver_cmp(a, strlen(a), b, strlen(b))), pairs[i].want, "%s vs %s", a, b);
		is_int(sign(debver_cmp(b, strlen(b), a, strlen(a))), -pairs[i].want,
		       "%s vs %s (swapped)", b, a);
	}
	for (size_t i = 0; i < ns; i++) {
		const char *why = NULL;
		int v = debver_valid(syntax[i].v, strlen(syntax[i].v), &why);

		ok(v == syntax[i].valid && (v ? !why : why != NULL), "valid('%s') = %d%s%s",
		   syntax[i].v, syntax[i].valid, why ? ": " : "", why ? why : "");
	}
	/* slices: lengths, not NULs, end the versions */
	ok(debver_cmp("1.0-1XYZ", 5, "1.0-1", 5) == 0, "a slice ends at its length");
	ok(debver_cmp("1.0~", 3, "1.0", 3) == 0, "a '~' past the length is not seen");
	ok(debver_cmp("", 0, "0", 1) == 0, "empty vs 0");
	ok(debver_satisfies("2.36-9", 6, DEBREL_GE, "2.34", 4), ">= satisfied");
	ok(!debver_satisfies("2.36-9", 6, DEBREL_LT, "2.36", 4), "<< not satisfied");
	ok(debver_satisfies("2.36-9", 6, DEBREL_LT, "2.37", 4), "<< satisfied");
	ok(debver_satisfies("2.36-9", 6, DEBREL_LE, "2.36-9", 6), "<= equal");
	ok(debver_satisfies("1:1.0", 5, DEBREL_EQ, "1:1.0-0", 7), "= with an implicit revision");
	ok(!debver_satisfies("1.0", 3, DEBREL_EQ, "1.0-1", 5), "= differs by revision");
	ok(debver_satisfies("1.0", 3, DEBREL_GT, "1.0~", 4), ">> over a tilde");
	ok(!debver_satisfies("1.0", 3, DEBREL_GT, "1.0", 3), ">> not equal");
	ok(debver_satisfies("0", 1, DEBREL_ANY, "", 0), "no relation always holds");
	ok(!debver_satisfies("1", 1, (enum debrel_op)42, "1", 1), "an unknown operator never holds");
	return done_testing();
}
