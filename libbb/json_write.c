/* The JSON writer (see json.h): indented or compact, strings escaped by
 * json_put_strn, errors kept until jw_end. */
#include <string.h>

#include "json.h"

void jw_init(struct json_w *w, FILE *f, const char *indent)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->indent = indent;
	w->empty[0] = 1;
}

static void newline(struct json_w *w, int depth)
{
	fputc('\n', w->f);
	while (depth-- > 0)
		fputs(w->indent, w->f);
}

/* The separator, the indentation and the key (n bytes) before a value. */
static void pre(struct json_w *w, const char *key, size_t n)
{
	if (w->depth > 0) {
		if (!w->empty[w->depth])
			fputc(',', w->f);
		if (w->indent)
			newline(w, w->depth);
		if (!key != (w->close[w->depth] == ']'))
			w->err = 1; /* a key in an array, or none in an object */
	} else if (!w->empty[0] || key) {
		w->err = 1; /* a second value at the top */
	}
	w->empty[w->depth] = 0;
	if (key) {
		json_put_strn(w->f, key, n);
		fputs(w->indent ? ": " : ":", w->f);
	}
}

static void open_(struct json_w *w, const char *key, size_t n, char c)
{
	pre(w, key, n);
	fputc(c, w->f);
	if (w->depth >= JSON_MAX_DEPTH) {
		w->err = 1;
		return;
	}
	w->depth++;
	w->empty[w->depth] = 1;
	w->close[w->depth] = c == '{' ? '}' : ']';
}

void jw_obj(struct json_w *w, const char *key)
{
	open_(w, key, key ? strlen(key) : 0, '{');
}

void jw_arr(struct json_w *w, const char *key)
{
	open_(w, key, key ? strlen(key) : 0, '[');
}

void jw_close(struct json_w *w)
{
	if (w->depth <= 0) {
		w->err = 1;
		return;
	}
	if (w->indent && !w->empty[w->depth])
		newline(w, w->depth - 1);
	fputc(w->close[w->depth--], w->f);
}

void jw_strn(struct json_w *w, const char *key, const char *s, size_t n)
{
	pre(w, key, key ? strlen(key) : 0);
	json_put_strn(w->f, s, n);
}

void jw_str(struct json_w *w, const char *key, const char *s)
{
	jw_strn(w, key, s, strlen(s));
}

/* A bare word (number, literal) as the value. */
static void word(struct json_w *w, const char *key, size_t n, const char *s)
{
	pre(w, key, n);
	fputs(s, w->f);
}

void jw_i64(struct json_w *w, const char *key, long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", v);
	word(w, key, key ? strlen(key) : 0, buf);
}

void jw_u64(struct json_w *w, const char *key, unsigned long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", v);
	word(w, key, key ? strlen(key) : 0, buf);
}

void jw_bool(struct json_w *w, const char *key, int v)
{
	word(w, key, key ? strlen(key) : 0, v ? "true" : "false");
}

void jw_null(struct json_w *w, const char *key)
{
	word(w, key, key ? strlen(key) : 0, "null");
}

static void value(struct json_w *w, const char *key, size_t n, const struct json *v)
{
	static const char *const words[] = { [JSON_NULL] = "null", [JSON_FALSE] = "false",
					     [JSON_TRUE] = "true" };
	size_t i;

	switch (v->type) {
	case JSON_NULL: case JSON_FALSE: case JSON_TRUE:
		word(w, key, n, words[v->type]);
		break;
	case JSON_NUMBER:
		word(w, key, n, v->u.s);
		break;
	case JSON_STRING:
		pre(w, key, n);
		json_put_strn(w->f, v->u.s, v->len);
		break;
	default:
		open_(w, key, n, v->type == JSON_OBJECT ? '{' : '[');
		for (i = 0; i < v->len; i++)
			value(w, v->u.kids[i].key, v->u.kids[i].keylen, &v->u.kids[i]);
		jw_close(w);
	}
}

void jw_value(struct json_w *w, const char *key, const struct json *v)
{
	value(w, key, key ? strlen(key) : 0, v);
}

int jw_end(struct json_w *w)
{
	if (w->indent && !w->empty[0])
		fputc('\n', w->f);
	if (w->depth != 0)
		w->err = 1;
	return w->err || ferror(w->f) ? -1 : 0;
}
