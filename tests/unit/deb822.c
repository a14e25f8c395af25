/* Unit tests of the deb822 paragraph parser (rootfs-builder/deb822.c). */
#include <stdlib.h>
#include <string.h>

#include "deb822.h"
#include "tap.h"

static struct deb822 d;
static struct deb822_para p;
static struct bb_err e;

static void start(const char *text)
{
	deb822_init(&d, text, strlen(text), "test");
}

/* The field's value as a string (static buffer), or "(absent)". */
static const char *val(const char *name)
{
	static char buf[256];
	const struct deb822_field *f = deb822_get(&p, name);

	if (!f)
		return "(absent)";
	snprintf(buf, sizeof(buf), "%.*s", (int)f->vallen, f->val);
	return buf;
}

static int err_has(const char *text, const char *want)
{
	int r;

	start(text);
	while ((r = deb822_next(&d, &p, &e)) > 0)
		;
	if (r < 0 && strstr(e.msg, want))
		return 1;
	diag("got %d '%s', want an error with '%s'", r, r < 0 ? e.msg : "", want);
	return 0;
}

static void basics(void)
{
	start("# a comment\n\nPackage: foo\nVersion:  1.0 \nDescription: short\n long line\n .\n"
	      " more\n\n\n\nPackage: bar\n# inside\nversion: 2\n");
	is_int(deb822_next(&d, &p, &e), 1, "first paragraph");
	is_int(p.n, 3, "three fields");
	is_int(p.line, 3, "starts on line 3");
	is_str(val("Package"), "foo", "Package");
	is_str(val("version"), "1.0", "names are case-insensitive, value trimmed");
	is_str(val("Description"), "short\n long line\n .\n more", "continuation lines kept raw");
	is_str(val("Missing"), "(absent)", "absent field");
	ok(p.start[0] == 'P' && p.end[-1] == 'e' && p.end[0] == '\n', "start/end delimit the text");
	is_int(deb822_next(&d, &p, &e), 1, "second paragraph");
	is_int(p.line, 12, "after blank lines: line 12");
	is_int(p.n, 2, "the comment inside is skipped");
	is_str(val("Version"), "2", "last field without a newline");
	is_int(deb822_next(&d, &p, &e), 0, "end");
	is_int(deb822_next(&d, &p, &e), 0, "still the end");
}

static void multiline(void)
{
	char *s;

	start("Origin: Debian\nSHA256:\n 0123 10 main/Packages\n 4567 20 main/Sources\nDate: x\n");
	is_int(deb822_next(&d, &p, &e), 1, "Release-like paragraph");
	is_str(val("SHA256"), " 0123 10 main/Packages\n 4567 20 main/Sources",
	       "an empty first line: the value starts at the continuation");
	is_str(val("Date"), "x", "the field after it");
	s = deb822_dup(&p, "sha256");
	ok(s && !strcmp(s, " 0123 10 main/Packages\n 4567 20 main/Sources"), "deb822_dup");
	free(s);
	ok(deb822_dup(&p, "Nope") == NULL, "deb822_dup of an absent field");
	start("Empty:\nNext: 1\n");
	deb822_next(&d, &p, &e);
	is_int((long)deb822_get(&p, "Empty")->vallen, 0, "an empty value");
	is_str(val("Next"), "1", "and the next field");
}

static void crlf(void)
{
	start("A: b\r\nC: d \r\n e\r\n\r\nF: g\r\n");
	is_int(deb822_next(&d, &p, &e), 1, "CRLF paragraph");
	is_str(val("A"), "b", "CR dropped from a value's end");
	is_str(val("C"), "d \r\n e", "inside a multi-line value, lines stay as they were");
	is_int(deb822_next(&d, &p, &e), 1, "a CRLF blank line separates");
	is_str(val("F"), "g", "second CRLF paragraph");
	start("A: 1\n \t \nB: 2\n");
	deb822_next(&d, &p, &e);
	is_int(p.n, 1, "a line of blanks ends a paragraph");
	is_int(deb822_next(&d, &p, &e), 1, "and the next one follows");
	is_int(p.line, 3, "on line 3");
}

static void empty(void)
{
	start("");
	is_int(deb822_next(&d, &p, &e), 0, "empty text");
	start("\n\n# only\n#comments\n\n");
	is_int(deb822_next(&d, &p, &e), 0, "only comments and blank lines");
	deb822_init(&d, NULL, 0, NULL);
	is_int(deb822_next(&d, &p, &e), 0, "NULL buffer");
}

static void errors(void)
{
	char big[DEB822_MAX_FIELDS * 8 + 64];
	size_t n = 0;

	ok(err_has("A: 1\nno colon here\n", "test:2: no ':'"), "a line without ':' names NAME:LINE");
	ok(err_has("\n\n continuation\n", "test:3: continuation line without a field"),
	   "a paragraph starting with a continuation");
	ok(err_has("A: 1\n# c\n more\n", "test:3: continuation"), "a continuation after a comment");
	ok(err_has(": x\n", "test:1: empty field name"), "an empty field name");
	ok(err_has("A B: x\n", "test:1: blank"), "a blank in a field name");
	for (int i = 0; i <= DEB822_MAX_FIELDS; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "F%d: x\n", i);
	ok(err_has(big, "too many fields"), "more than DEB822_MAX_FIELDS fields");
	big[n - 7] = '\0'; /* drop the last field: exactly the maximum */
	start(big);
	is_int(deb822_next(&d, &p, &e), 1, "DEB822_MAX_FIELDS fields are fine");
	ok(err_has("A: 1\n\nB: 2\nbad\n", "test:4:"), "the line number counts earlier paragraphs");
}

static void slices(void)
{
	const char *text = "A: 1\nB: 2\n\nC: 3\n";

	/* a length that ends mid-line: nothing past it is read */
	deb822_init(&d, text, 9, "slice");
	is_int(deb822_next(&d, &p, &e), 1, "a slice");
	is_str(val("B"), "2", "value cut at the slice's end");
	is_int(deb822_next(&d, &p, &e), 0, "nothing after the slice");
}

int main(void)
{
	plan(43);
	basics();
	multiline();
	crlf();
	empty();
	errors();
	slices();
	return done_testing();
}
