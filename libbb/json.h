/* JSON (RFC 8259): a strict parser into a small tree, typed getters that
 * name the JSON path of what is wrong, and a writer.
 *
 *   struct json_doc d;
 *   if (json_parse(&d, "config.json", buf, len, 1 << 20, &e) < 0) ...
 *       "config.json:3:14: expected ',' or '}' after an object member"
 *   const struct json *mem = json_get(json_get(d.root, "linux"), "memory");
 *   json_i64(mem, "linux.memory", INT64_MIN, INT64_MAX, &v, &e)
 *       "linux.memory: expected an integer"
 *   json_doc_free(&d);
 *
 * Strict: UTF-8 validated (no overlong forms, no surrogates, nothing past
 * U+10FFFF), \u escapes with surrogate pairs, the number grammar exactly,
 * no trailing commas, no comments, no duplicate keys, at most
 * JSON_MAX_DEPTH levels of nesting and the caller's limit on the size.
 * The tree lives in one arena freed at once; strings are decoded and
 * NUL-terminated (one holding \u0000 has len > strlen). Nothing here
 * prints or exits.
 */
#ifndef CTBOX_JSON_H
#define CTBOX_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "libbb.h"

#define JSON_MAX_DEPTH 64

enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT
};

/* What a number can be read as. */
enum json_num {
	JSON_NUM_INT,   /* an integer that fits int64 (and uint64 when >= 0) */
	JSON_NUM_UINT,  /* an integer above INT64_MAX that fits uint64 */
	JSON_NUM_BIG,   /* an integer beyond both */
	JSON_NUM_REAL,  /* with a fraction or an exponent */
};

struct json {
	unsigned char type;      /* enum json_type */
	unsigned char num;       /* enum json_num, for JSON_NUMBER */
	unsigned keylen;         /* a member's key length */
	const char *key;         /* a member's key (decoded), NULL in arrays */
	size_t len;              /* string: bytes; array, object: members */
	union {
		const char *s;           /* string (decoded), number (as written) */
		const struct json *kids; /* array elements, object members in order */
	} u;
	union {
		int64_t i;               /* JSON_NUM_INT */
		uint64_t u;              /* JSON_NUM_UINT */
	} n;
};

struct json_block;

struct json_doc {
	const struct json *root;
	struct json_block *arena;
};

/* Parse len bytes of buf (at most max: larger input is refused). name
 * starts every message: "NAME:LINE:COL: what is wrong" (columns count
 * characters). On error d holds nothing to free. */
int json_parse(struct json_doc *d, const char *name, const char *buf, size_t len,
	       size_t max, struct bb_err *e);
void json_doc_free(struct json_doc *d);
/* Memory from d's arena (zeroed, freed with it), or NULL. */
void *json_alloc(struct json_doc *d, size_t n);

/* The member key of an object (the last one if duplicates were allowed),
 * or NULL when absent or v is not an object (or is NULL). */
const struct json *json_get(const struct json *v, const char *key);
/* "an object", "a string", ... for messages. */
const char *json_type_name(int type);

/* Typed getters: 0 with the value, or -1 and e naming path:
 * "PATH: expected an integer", "PATH: 99999999999 is out of range
 * (0 to 4294967295)", "PATH: contains a NUL character". */
int json_want(const struct json *v, int type, const char *path, struct bb_err *e);
int json_bool(const struct json *v, const char *path, int *out, struct bb_err *e);
int json_i64(const struct json *v, const char *path, int64_t min, int64_t max,
	     int64_t *out, struct bb_err *e);
int json_u64(const struct json *v, const char *path, uint64_t max, uint64_t *out,
	     struct bb_err *e);
/* A string without NUL characters. */
int json_str(const struct json *v, const char *path, const char **out, struct bb_err *e);

/* ---- writing (json_write.c) ---- */

/* A writer to a stdio stream: indented (indent "\t", "  " ...) or
 * compact (indent NULL). key is a member's name inside an object, NULL
 * inside an array or at the top. Errors of the stream (and misuse, such
 * as nesting deeper than JSON_MAX_DEPTH) are kept for jw_end. */
struct json_w {
	FILE *f;
	const char *indent;
	int depth;
	int err;
	unsigned char empty[JSON_MAX_DEPTH + 1];  /* nothing written yet at that level */
	char close[JSON_MAX_DEPTH + 1];           /* '}' or ']' of each open level */
};

void jw_init(struct json_w *w, FILE *f, const char *indent);
void jw_obj(struct json_w *w, const char *key);   /* { */
void jw_arr(struct json_w *w, const char *key);   /* [ */
void jw_close(struct json_w *w);                  /* } or ] */
void jw_str(struct json_w *w, const char *key, const char *s);
void jw_strn(struct json_w *w, const char *key, const char *s, size_t n);
void jw_i64(struct json_w *w, const char *key, long long v);
void jw_u64(struct json_w *w, const char *key, unsigned long long v);
void jw_bool(struct json_w *w, const char *key, int v);
void jw_null(struct json_w *w, const char *key);
/* A parsed value as it was (numbers as written). */
void jw_value(struct json_w *w, const char *key, const struct json *v);
/* The final newline when indented; 0, or -1 when anything went wrong. */
int jw_end(struct json_w *w);

/* ---- shared by the parser and the writer (json.c) ---- */

/* The length of the valid UTF-8 sequence at s (n bytes left), its code
 * point in *cp; 0 when invalid, with why ("overlong encoding" ...). */
size_t json_utf8(const unsigned char *s, size_t n, unsigned *cp, const char **why);
/* s (n bytes) as a JSON string, quotes included; invalid UTF-8 becomes
 * U+FFFD. */
void json_put_strn(FILE *f, const char *s, size_t n);

#endif
