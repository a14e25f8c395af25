/* Unit tests of the JSON parser, getters and writer (libbb/json*.c):
 * every grammar rule, every error with its line:column, UTF-8 edge cases
 * (overlong forms, surrogates, U+10FFFF), \u escapes and surrogate pairs,
 * int64/uint64 limits, duplicate keys, depth and size limits, typed
 * getters naming the path, and round trips through the writer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

#define MAX (1 << 20)

/* text for a test's name: control and non-ASCII bytes as '.' (static). */
static const char *pr(const char *text)
{
	static char buf[80];
	size_t i;

	for (i = 0; text[i] && i < sizeof(buf) - 1; i++)
		buf[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '.';
	buf[i] = '\0';
	return buf;
}

/* Parse text (n bytes; 0: strlen) and write it back compact (malloc'd),
 * or NULL with the error in e. */
static char *roundtrip(const char *text, size_t n, const char *indent, struct bb_err *e)
{
	struct json_doc d;
	struct json_w w;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	if (json_parse(&d, "t", text, n ? n : strlen(text), MAX, e) < 0)
		return NULL;
	f = open_memstream(&out, &len);
	jw_init(&w, f, indent);
	jw_value(&w, NULL, d.root);
	if (jw_end(&w) < 0)
		bb_err_set(e, 0, "writer failed");
	fclose(f);
	json_doc_free(&d);
	return out;
}

/* text must parse and write back compact as want (NULL: as text). */
static void good(const char *text, const char *want)
{
	struct bb_err e = { 0 };
	char *out = roundtrip(text, 0, NULL, &e);

	if (!out)
		diag("error: %s", e.msg);
	is_str(out, want ? want : text, "parses: %s", pr(text));
	free(out);
}

/* text (n bytes, 0: strlen) must be refused with msg ("t:L:C: ..."). */
static void bad_n(const char *text, size_t n, const char *msg, const char *name)
{
	struct json_doc d;
	struct bb_err e = { 0 };
	int r = json_parse(&d, "t", text, n ? n : strlen(text), MAX, &e);

	ok(r == -1 && d.root == NULL && d.arena == NULL, "refused: %s", pr(name));
	is_str(e.msg, msg, "message: %s", pr(name));
	if (r == 0)
		json_doc_free(&d);
}

static void bad(const char *text, const char *msg)
{
	bad_n(text, 0, msg, text);
}

static void grammar(void)
{
	good("null", NULL);
	good("true", NULL);
	good("false", NULL);
	good(" \t\r\n[ 1 , 2 ]\n ", "[1,2]");
	good("{}", NULL);
	good("[]", NULL);
	good("{ }", "{}");
	good("[[],{},[[]]]", NULL);
	good("{\"a\":{\"b\":[true,false,null]},\"c\":\"d\"}", NULL);
	good("\"\"", NULL);
	good("{\"\":1}", NULL);
	good("0", NULL);
	good("-0", NULL);
	good("-0.0e+00", NULL);
	good("1.5E-3", NULL);
	good("123456789012345678901234567890", NULL);
	good("9223372036854775807", NULL);
	good("18446744073709551615", NULL);
	good("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
	good("\"\\u0041\\u00e9\\u20ac\"", "\"A\xc3\xa9\xe2\x82\xac\"");
	good("\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\"");
	good("\"\\uDBFF\\uDFFF\"", "\"\xf4\x8f\xbf\xbf\"");
	good("\"\\u0000x\"", "\"\\u0000x\"");
	good("\"\\u001f\\u007f\"", "\"\\u001f\x7f\"");
	good("\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"", NULL);
	good("\"\xed\x9f\xbf\xee\x80\x80\"", NULL);  /* U+D7FF, U+E000 around the surrogates */
}

static void errors(void)
{
	bad("", "t:1:1: unexpected end of input, expected a value");
	bad("  \n ", "t:2:2: unexpected end of input, expected a value");
	bad("[1,]", "t:1:4: trailing comma before ']'");
	bad("{\"a\":1,}", "t:1:8: trailing comma before '}'");
	bad("[1 2]", "t:1:4: unexpected '2', expected ',' or ']' after an array element");
	bad("{\"a\":1 \"b\":2}", "t:1:8: unexpected '\"', expected ',' or '}' after an object member");
	bad("{\"a\" 1}", "t:1:6: unexpected '1', expected ':' after a member's name");
	bad("{a:1}", "t:1:2: unexpected 'a', expected a string (a member's name)");
	bad("{1:1}", "t:1:2: unexpected '1', expected a string (a member's name)");
	bad("[1,,2]", "t:1:4: unexpected ',', expected a value");
	bad("[", "t:1:2: unexpected end of input, expected a value");
	bad("[1", "t:1:3: unexpected end of input, expected ',' or ']' after an array element");
	bad("{\"a\":", "t:1:6: unexpected end of input, expected a value");
	bad("1 2", "t:1:3: unexpected '2', expected the end of input after the value");
	bad("{} {}", "t:1:4: unexpected '{', expected the end of input after the value");
	bad("// c\n1", "t:1:1: comments are not allowed in JSON");
	bad("[1 /* c */]", "t:1:4: comments are not allowed in JSON");
	bad("tru", "t:1:1: invalid literal (expected true)");
	bad("nul", "t:1:1: invalid literal (expected null)");
	bad("falsey", "t:1:1: invalid literal (expected false)");
	bad("True", "t:1:1: unexpected 'T', expected a value");
	bad("NaN", "t:1:1: unexpected 'N', expected a value");
	bad("'a'", "t:1:1: unexpected ''', expected a value");
	bad("\"abc", "t:1:1: unterminated string");
	bad("\"ab\\\"", "t:1:1: unterminated string");
	bad("[\"a\nb\"]", "t:1:4: control character 0x0a in a string (escape it)");
	bad("\"\t\"", "t:1:2: control character 0x09 in a string (escape it)");
	bad("\"\\x\"", "t:1:2: invalid escape '\\x'");
	bad("\"\\u12\"", "t:1:2: \\u wants four hex digits");
	bad("\"\\u12g4\"", "t:1:2: \\u wants four hex digits");
	bad("\"\\udc00\"", "t:1:2: lone low surrogate \\udc00");
	bad("\"ab\\ud800\"", "t:1:4: high surrogate \\ud800 without a low surrogate after it");
	bad("\"\\ud800\\u0041\"", "t:1:2: high surrogate \\ud800 without a low surrogate after it");
	bad("\"\\ud800\\ud800\"", "t:1:2: high surrogate \\ud800 without a low surrogate after it");
	/* numbers */
	bad("01", "t:1:1: invalid number: leading zeros are not allowed");
	bad("-01", "t:1:2: invalid number: leading zeros are not allowed");
	bad("-", "t:1:2: invalid number: a digit expected after '-'");
	bad("-a", "t:1:2: invalid number: a digit expected after '-'");
	bad("1.", "t:1:3: invalid number: a digit expected after '.'");
	bad("1.e5", "t:1:3: invalid number: a digit expected after '.'");
	bad("1e", "t:1:3: invalid number: a digit expected in the exponent");
	bad("1e+", "t:1:4: invalid number: a digit expected in the exponent");
	bad(".5", "t:1:1: unexpected '.', expected a value");
	bad("+1", "t:1:1: unexpected '+', expected a value");
	bad("0x10", "t:1:2: unexpected 'x', expected the end of input after the value");
	bad("[Infinity]", "t:1:2: unexpected 'I', expected a value");
	/* duplicate keys, also far apart and after sorting */
	bad("{\"a\":1,\"b\":2,\"a\":3}", "t:1:14: duplicate key \"a\"");
	bad("{\"a\":{\"x\":1},\n \"a\":2}", "t:2:2: duplicate key \"a\"");
	bad("{\"z\":1,\"y\":1,\"z\":1,\"y\":1}", "t:1:14: duplicate key \"z\"");
	bad("{\"\\u0061\":1,\"a\":2}", "t:1:13: duplicate key \"a\"");
	good("{\"a\":1,\"A\":2,\"a \":3}", NULL);
	good("{\"a\":{\"a\":{\"a\":1}}}", NULL);
	/* bytes outside strings, lines and columns in characters */
	bad("\xef\xbb\xbf{}", "t:1:1: unexpected byte 0xef, expected a value");
	bad("[1,\x01]", "t:1:4: unexpected byte 0x01, expected a value");
	bad("{\"\xc3\xa9\xc3\xa9\":1,\n\n  \"x\" : tru }", "t:3:9: invalid literal (expected true)");
	bad("[\"\xc3\xa9\xc3\xa9\", x]", "t:1:8: unexpected 'x', expected a value");
	bad_n("[1,\0]", 5, "t:1:4: unexpected byte 0x00, expected a value", "NUL byte outside a string");
	bad_n("\"a\0\"", 4, "t:1:3: control character 0x00 in a string (escape it)", "NUL byte in a string");
}

static void utf8(void)
{
	static const struct { const char *s, *msg; } cases[] = {
		{ "\"\x80\"", "t:1:2: invalid UTF-8 (a continuation byte without a lead byte)" },
		{ "\"a\xbf\"", "t:1:3: invalid UTF-8 (a continuation byte without a lead byte)" },
		{ "\"\xc0\xaf\"", "t:1:2: invalid UTF-8 (overlong encoding)" },
		{ "\"\xc1\xbf\"", "t:1:2: invalid UTF-8 (overlong encoding)" },
		{ "\"\xe0\x80\xaf\"", "t:1:2: invalid UTF-8 (overlong encoding)" },
		{ "\"\xe0\x9f\xbf\"", "t:1:2: invalid UTF-8 (overlong encoding)" },
		{ "\"\xf0\x80\x80\xaf\"", "t:1:2: invalid UTF-8 (overlong encoding)" },
		{ "\"\xf0\x8f\xbf\xbf\"", "t:1:2: invalid UTF-8 (overlong encoding)" },
		{ "\"\xed\xa0\x80\"", "t:1:2: invalid UTF-8 (encoded surrogate)" },
		{ "\"\xed\xbf\xbf\"", "t:1:2: invalid UTF-8 (encoded surrogate)" },
		{ "\"\xf4\x90\x80\x80\"", "t:1:2: invalid UTF-8 (beyond U+10FFFF)" },
		{ "\"\xf7\xbf\xbf\xbf\"", "t:1:2: invalid UTF-8 (beyond U+10FFFF)" },
		{ "\"\xf8\x88\x80\x80\x80\"", "t:1:2: invalid UTF-8 (a byte never used in UTF-8)" },
		{ "\"\xfe\"", "t:1:2: invalid UTF-8 (a byte never used in UTF-8)" },
		{ "\"\xff\"", "t:1:2: invalid UTF-8 (a byte never used in UTF-8)" },
		{ "\"\xc3\"", "t:1:2: invalid UTF-8 (truncated sequence)" },
		{ "\"\xe2\x82\"", "t:1:2: invalid UTF-8 (truncated sequence)" },
		{ "\"\xf0\x9f\x98\"", "t:1:2: invalid UTF-8 (truncated sequence)" },
		{ "\"\xe2\x28\xa1\"", "t:1:2: invalid UTF-8 (truncated sequence)" },
		{ "\"ok\xc3\xa9\n\xc3\"", "t:1:5: control character 0x0a in a string (escape it)" },
		{ "{\"k\xc3\x28\":1}", "t:1:4: invalid UTF-8 (truncated sequence)" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		bad(cases[i].s, cases[i].msg);
	/* A truncated sequence at the very end of the input. */
	bad_n("\"\xe2\x82", 3, "t:1:1: unterminated string", "UTF-8 cut by the end");
}

static void limits(void)
{
	char deep[2 * JSON_MAX_DEPTH + 16];
	struct json_doc d;
	struct bb_err e;
	int i, n;
	char *big, *out;

	/* JSON_MAX_DEPTH levels are fine, one more is not. */
	for (n = 0; n < JSON_MAX_DEPTH; n++)
		deep[n] = '[';
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	out = roundtrip(deep, 0, NULL, &e);
	is_str(out, deep, "%d levels of nesting", JSON_MAX_DEPTH);
	free(out);
	memmove(deep + 5, deep, (size_t)n + 1);
	memcpy(deep, "{\"a\":", 5);
	strcat(deep, "}");
	bad(deep, "t:1:69: nesting deeper than 64 levels");

	ok(json_parse(&d, "t", "[1, 2]", 6, 5, &e) == -1, "more than the size limit: refused");
	is_str(e.msg, "t: 6 bytes, more than the limit of 5", "size limit message");
	ok(json_parse(&d, "t", "[1, 2]", 6, 6, &e) == 0, "exactly the size limit: accepted");
	json_doc_free(&d);

	/* Many members and elements: the arena grows, duplicates still found. */
	n = 20000;
	big = malloc((size_t)n * 16 + 16);
	strcpy(big, "{");
	for (i = 0; i < n; i++)
		sprintf(big + strlen(big), "%s\"k%d\":[%d]", i ? "," : "", i, i);
	strcat(big, "}");
	ok(json_parse(&d, "t", big, strlen(big), 1 << 24, &e) == 0 && d.root->len == (size_t)n,
	   "an object of %d members", n);
	ok(json_get(d.root, "k19999") && json_get(d.root, "k19999")->u.kids[0].n.i == 19999,
	   "its last member found");
	json_doc_free(&d);
	strcpy(big + strlen(big) - 1, ",\"k7\":0}");
	ok(json_parse(&d, "t", big, strlen(big), 1 << 24, &e) == -1 &&
	   strstr(e.msg, "duplicate key \"k7\""), "a duplicate among %d members", n);
	free(big);
}

static void numbers(void)
{
	static const struct { const char *text; int num; long long i; } cases[] = {
		{ "0", JSON_NUM_INT, 0 }, { "-0", JSON_NUM_INT, 0 },
		{ "9223372036854775807", JSON_NUM_INT, INT64_MAX },
		{ "-9223372036854775808", JSON_NUM_INT, INT64_MIN },
		{ "-9223372036854775809", JSON_NUM_BIG, 0 },
		{ "9223372036854775808", JSON_NUM_UINT, 0 },
		{ "18446744073709551615", JSON_NUM_UINT, 0 },
		{ "18446744073709551616", JSON_NUM_BIG, 0 },
		{ "99999999999999999999999", JSON_NUM_BIG, 0 },
		{ "1.0", JSON_NUM_REAL, 0 }, { "1e2", JSON_NUM_REAL, 0 }, { "-5E-1", JSON_NUM_REAL, 0 },
	};
	struct json_doc d;
	struct bb_err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (json_parse(&d, "t", cases[i].text, strlen(cases[i].text), MAX, &e) < 0) {
			ok(0, "number %s: %s", cases[i].text, e.msg);
			continue;
		}
		ok(d.root->type == JSON_NUMBER && d.root->num == cases[i].num &&
		   (cases[i].num != JSON_NUM_INT || d.root->n.i == cases[i].i) &&
		   strcmp(d.root->u.s, cases[i].text) == 0, "number %s: its kind and value", cases[i].text);
		json_doc_free(&d);
	}
}

static void getters(void)
{
	const char *text = "{\"i\":-5,\"u\":18446744073709551615,\"r\":1.5,\"s\":\"x\",\"z\":\"a\\u0000b\","
			   "\"b\":true,\"n\":null,\"o\":{},\"a\":[]}";
	struct json_doc d;
	struct bb_err e;
	int64_t i;
	uint64_t u;
	const char *s;
	int b;

	if (json_parse(&d, "t", text, strlen(text), MAX, &e) < 0)
		return (void)ok(0, "getters: %s", e.msg);
	ok(json_i64(json_get(d.root, "i"), "p.i", -10, 10, &i, &e) == 0 && i == -5, "json_i64");
	ok(json_i64(json_get(d.root, "i"), "p.i", 0, 10, &i, &e) == -1, "json_i64 below min");
	is_str(e.msg, "p.i: -5 is out of range (0 to 10)", "its message");
	ok(json_u64(json_get(d.root, "u"), "p.u", UINT64_MAX, &u, &e) == 0 && u == UINT64_MAX, "json_u64 max");
	ok(json_u64(json_get(d.root, "u"), "p.u", UINT32_MAX, &u, &e) == -1, "json_u64 above max");
	is_str(e.msg, "p.u: 18446744073709551615 is out of range (0 to 4294967295)", "its message");
	ok(json_u64(json_get(d.root, "i"), "p.i", 10, &u, &e) == -1, "json_u64 of a negative");
	is_str(e.msg, "p.i: -5 is out of range (0 to 10)", "its message");
	ok(json_i64(json_get(d.root, "u"), "p.u", INT64_MIN, INT64_MAX, &i, &e) == -1, "json_i64 of a uint64");
	ok(json_i64(json_get(d.root, "r"), "p.r", 0, 10, &i, &e) == -1, "json_i64 of 1.5");
	is_str(e.msg, "p.r: expected an integer, not 1.5", "its message");
	ok(json_i64(json_get(d.root, "s"), "p.s", 0, 10, &i, &e) == -1, "json_i64 of a string");
	is_str(e.msg, "p.s: expected an integer, not a string", "its message");
	ok(json_i64(json_get(d.root, "nope"), "p.nope", 0, 10, &i, &e) == -1, "json_i64 of nothing");
	is_str(e.msg, "p.nope: missing", "its message");
	ok(json_str(json_get(d.root, "s"), "p.s", &s, &e) == 0 && strcmp(s, "x") == 0, "json_str");
	ok(json_str(json_get(d.root, "z"), "p.z", &s, &e) == -1, "json_str with a NUL");
	is_str(e.msg, "p.z: contains a NUL character", "its message");
	ok(json_get(d.root, "z")->len == 3, "the NUL counts in len");
	ok(json_str(json_get(d.root, "n"), "p.n", &s, &e) == -1, "json_str of null");
	is_str(e.msg, "p.n: expected a string, not null", "its message");
	ok(json_bool(json_get(d.root, "b"), "p.b", &b, &e) == 0 && b == 1, "json_bool");
	ok(json_bool(json_get(d.root, "o"), "p.o", &b, &e) == -1, "json_bool of an object");
	is_str(e.msg, "p.o: expected a boolean, not an object", "its message");
	ok(json_want(json_get(d.root, "a"), JSON_OBJECT, "p.a", &e) == -1, "json_want");
	is_str(e.msg, "p.a: expected an object, not an array", "its message");
	ok(json_get(json_get(d.root, "a"), "x") == NULL && json_get(NULL, "x") == NULL,
	   "json_get of a non-object and of NULL");
	json_doc_free(&d);
}

static char *written(void (*fn)(struct json_w *), const char *indent, int *rc)
{
	struct json_w w;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	jw_init(&w, f, indent);
	fn(&w);
	*rc = jw_end(&w);
	fclose(f);
	return out;
}

static void doc1(struct json_w *w)
{
	jw_obj(w, NULL);
	jw_str(w, "s", "a\"b\\c\x01\x1f\n\t\x7f\xc3\xa9");
	jw_strn(w, "bad", "x\xff\xc0\xafy", 5);
	jw_i64(w, "i", -9223372036854775807LL - 1);
	jw_u64(w, "u", 18446744073709551615ULL);
	jw_bool(w, "t", 1);
	jw_null(w, "n");
	jw_arr(w, "a");
	jw_close(w);
	jw_arr(w, "b");
	jw_i64(w, NULL, 1);
	jw_obj(w, NULL);
	jw_close(w);
	jw_close(w);
	jw_close(w);
}

static void misuse_key_in_array(struct json_w *w)
{
	jw_arr(w, NULL);
	jw_i64(w, "k", 1);
	jw_close(w);
}

static void misuse_unclosed(struct json_w *w)
{
	jw_obj(w, NULL);
}

static void misuse_two_tops(struct json_w *w)
{
	jw_null(w, NULL);
	jw_null(w, NULL);
}

static void writer(void)
{
	const char *compact = "{\"s\":\"a\\\"b\\\\c\\u0001\\u001f\\n\\t\x7f\xc3\xa9\",\"bad\":\"x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdy\","
			      "\"i\":-9223372036854775808,\"u\":18446744073709551615,\"t\":true,\"n\":null,"
			      "\"a\":[],\"b\":[1,{}]}";
	const char *pretty = "{\n  \"s\": \"a\\\"b\\\\c\\u0001\\u001f\\n\\t\x7f\xc3\xa9\",\n"
			     "  \"bad\": \"x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdy\",\n"
			     "  \"i\": -9223372036854775808,\n  \"u\": 18446744073709551615,\n"
			     "  \"t\": true,\n  \"n\": null,\n  \"a\": [],\n  \"b\": [\n    1,\n    {}\n  ]\n}\n";
	struct bb_err e;
	char *out, *again;
	int rc;

	out = written(doc1, NULL, &rc);
	is_str(out, compact, "writer: compact");
	ok(rc == 0, "writer: compact ok");
	again = roundtrip(out, 0, NULL, &e);
	is_str(again, compact, "writer: its output parses back to the same");
	free(again);
	free(out);
	out = written(doc1, "  ", &rc);
	is_str(out, pretty, "writer: indented");
	again = roundtrip(out, 0, "  ", &e);
	is_str(again, pretty, "writer: indented output round trips");
	free(again);
	free(out);
	free(written(misuse_key_in_array, NULL, &rc));
	ok(rc == -1, "writer: a key inside an array is an error");
	free(written(misuse_unclosed, NULL, &rc));
	ok(rc == -1, "writer: an unclosed object is an error");
	free(written(misuse_two_tops, NULL, &rc));
	ok(rc == -1, "writer: two values at the top are an error");

	/* Round trip with tabs of a document holding every kind of value. */
	out = roundtrip("{\"k\\u0000\":[1,-2.5e3,\"\\u00e9\",{\"x\":null}],\"e\":{}}", 0, "\t", &e);
	is_str(out, "{\n\t\"k\\u0000\": [\n\t\t1,\n\t\t-2.5e3,\n\t\t\"\xc3\xa9\",\n\t\t{\n\t\t\t\"x\": null\n\t\t}\n\t],\n\t\"e\": {}\n}\n",
	       "writer: keys with NUL, tabs");
	free(out);

	/* json_put_str as info/ls use it. */
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		json_put_str(f, "c1 \"x\"\n");
		fclose(f);
		is_str(buf, "\"c1 \\\"x\\\"\\n\"", "json_put_str");
		free(buf);
	}
}

int main(void)
{
	grammar();
	errors();
	utf8();
	limits();
	numbers();
	getters();
	writer();
	return done_testing();
}
