/* Looking into a parsed JSON tree: members by key and typed getters whose
 * errors name the JSON path ("linux.resources.memory.limit: expected an
 * integer"). */
#include <errno.h>
#include <string.h>

#include "json.h"

const struct json *json_get(const struct json *v, const char *key)
{
	size_t i, n = strlen(key);
	const struct json *found = NULL;

	if (!v || v->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < v->len; i++)
		if (v->u.kids[i].keylen == n && memcmp(v->u.kids[i].key, key, n) == 0)
			found = &v->u.kids[i];
	return found;
}

const char *json_type_name(int type)
{
	static const char *const names[] = {
		[JSON_NULL] = "null", [JSON_FALSE] = "a boolean", [JSON_TRUE] = "a boolean",
		[JSON_NUMBER] = "a number", [JSON_STRING] = "a string", [JSON_ARRAY] = "an array",
		[JSON_OBJECT] = "an object",
	};

	return type >= 0 && (size_t)type < ARRAY_SIZE(names) ? names[type] : "?";
}

int json_want(const struct json *v, int type, const char *path, struct bb_err *e)
{
	if (!v)
		return bb_err_set(e, 0, "%s: missing", path);
	if (v->type == type || (type == JSON_TRUE && v->type == JSON_FALSE))
		return 0;
	return bb_err_set(e, 0, "%s: expected %s, not %s", path, json_type_name(type),
			  json_type_name(v->type));
}

int json_bool(const struct json *v, const char *path, int *out, struct bb_err *e)
{
	if (json_want(v, JSON_TRUE, path, e) < 0)
		return -1;
	*out = v->type == JSON_TRUE;
	return 0;
}

static int not_int(const struct json *v, const char *path, struct bb_err *e)
{
	if (v && v->type == JSON_NUMBER && v->num == JSON_NUM_REAL)
		return bb_err_set(e, 0, "%s: expected an integer, not %.40s", path, v->u.s);
	if (v && v->type != JSON_NUMBER)
		return bb_err_set(e, 0, "%s: expected an integer, not %s", path, json_type_name(v->type));
	return json_want(v, JSON_NUMBER, path, e);
}

int json_i64(const struct json *v, const char *path, int64_t min, int64_t max,
	     int64_t *out, struct bb_err *e)
{
	if (!v || v->type != JSON_NUMBER || v->num == JSON_NUM_REAL)
		return not_int(v, path, e);
	if (v->num != JSON_NUM_INT || v->n.i < min || v->n.i > max)
		return bb_err_set(e, ERANGE, "%s: %.40s is out of range (%lld to %lld)", path, v->u.s,
				  (long long)min, (long long)max);
	*out = v->n.i;
	return 0;
}

int json_u64(const struct json *v, const char *path, uint64_t max, uint64_t *out,
	     struct bb_err *e)
{
	uint64_t u;

	if (!v || v->type != JSON_NUMBER || v->num == JSON_NUM_REAL)
		return not_int(v, path, e);
	u = v->num == JSON_NUM_UINT ? v->n.u : (uint64_t)v->n.i;
	if (v->num == JSON_NUM_BIG || (v->num == JSON_NUM_INT && v->n.i < 0) || u > max)
		return bb_err_set(e, ERANGE, "%s: %.40s is out of range (0 to %llu)", path, v->u.s,
				  (unsigned long long)max);
	*out = u;
	return 0;
}

int json_str(const struct json *v, const char *path, const char **out, struct bb_err *e)
{
	if (json_want(v, JSON_STRING, path, e) < 0)
		return -1;
	if (strlen(v->u.s) != v->len)
		return bb_err_set(e, 0, "%s: contains a NUL character", path);
	*out = v->u.s;
	return 0;
}
