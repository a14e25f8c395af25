/* lxc-usernet and the db of NICs handed out (see usernet.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usernet.h"

/* Split one line into up to max blank-separated fields (in place); a '#'
 * starting a field ends the line. Returns the count, max + 1 when there
 * are more. */
static size_t fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (;;) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || *line == '#')
			return n;
		if (n == max)
			return max + 1;
		f[n++] = line;
		while (*line && *line != ' ' && *line != '\t')
			line++;
		if (*line)
			*line++ = '\0';
	}
}

/* Walk text line by line: cb gets each line's fields (4 at most). */
static int each_line(const char *text, int (*cb)(char **f, size_t n, void *arg), void *arg)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *line = strndup(text, len), *f[4];
		int r;

		if (!line)
			return -1;
		r = cb(f, fields(line, f, 4), arg);
		free(line);
		if (r < 0)
			return -1;
		text += len + (nl != NULL);
	}
	return 0;
}

static int parse_count(const char *s, long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtol(s, &end, 10);
	return *end || errno ? -1 : 0;
}

struct allow {
	const char *user, *type, *bridge;
	const char *const *groups;
	size_t ngroups;
	long sum;
	int matched;
};

static int in_groups(const struct allow *a, const char *g)
{
	size_t i;

	for (i = 0; i < a->ngroups; i++)
		if (strcmp(a->groups[i], g) == 0)
			return 1;
	return 0;
}

static int allow_line(char **f, size_t n, void *arg)
{
	struct allow *a = arg;
	long count;

	if (n != 4 || parse_count(f[3], &count) < 0)
		return 0;
	if (f[0][0] == '@' ? !in_groups(a, f[0] + 1) : strcmp(f[0], a->user) != 0)
		return 0;
	if (strcmp(f[1], a->type) != 0 || strcmp(f[2], a->bridge) != 0)
		return 0;
	a->matched++;
	/* Summed, saturating: a silly file cannot wrap to a small count. */
	a->sum = count > 1000000 - a->sum ? 1000000 : a->sum + count;
	return 0;
}

long usernet_allowed(const char *text, const char *user, const char *const *groups,
		     size_t ngroups, const char *type, const char *bridge, int *matched)
{
	struct allow a = { user, type, bridge, groups, ngroups, 0, 0 };

	(void)each_line(text, allow_line, &a);
	if (matched)
		*matched = a.matched;
	return a.sum;
}

static int put(char *dst, size_t cap, const char *s)
{
	size_t len = strlen(s);

	if (len >= cap)
		return -1;
	memcpy(dst, s, len + 1);
	return 0;
}

struct db_parse { struct usernet_db *db; struct bb_err *e; };

static int db_line(char **f, size_t n, void *arg)
{
	struct db_parse *p = arg;
	struct usernet_nic nic;
	long uid;

	if (n != 4 || parse_count(f[0], &uid) < 0 || put(nic.type, sizeof(nic.type), f[1]) < 0 ||
	    put(nic.bridge, sizeof(nic.bridge), f[2]) < 0 || put(nic.host, sizeof(nic.host), f[3]) < 0)
		return 0;
	nic.uid = (unsigned long)uid;
	return usernet_db_add(p->db, &nic, p->e);
}

int usernet_db_parse(const char *text, struct usernet_db *db, struct bb_err *e)
{
	struct db_parse p = { db, e };

	memset(db, 0, sizeof(*db));
	if (each_line(text, db_line, &p) < 0) {
		usernet_db_free(db);
		return bb_err_set(e, ENOMEM, "the NIC db");
	}
	return 0;
}

char *usernet_db_format(const struct usernet_db *db)
{
	size_t i, len = 0;
	char *s, *p;

	for (i = 0; i < db->n; i++)
		len += 24 + strlen(db->v[i].type) + strlen(db->v[i].bridge) + strlen(db->v[i].host);
	s = p = malloc(len + 1);
	if (!s)
		return NULL;
	*p = '\0';
	for (i = 0; i < db->n; i++)
		p += sprintf(p, "%lu %s %s %s\n", db->v[i].uid, db->v[i].type, db->v[i].bridge,
			     db->v[i].host);
	return s;
}

int usernet_db_add(struct usernet_db *db, const struct usernet_nic *nic, struct bb_err *e)
{
	if (db->n == db->cap) {
		size_t cap = db->cap ? db->cap * 2 : 16;
		struct usernet_nic *v = realloc(db->v, cap * sizeof(*v));

		if (!v)
			return bb_err_set(e, ENOMEM, "the NIC db");
		db->v = v;
		db->cap = cap;
	}
	db->v[db->n++] = *nic;
	return 0;
}

void usernet_db_remove(struct usernet_db *db, size_t i)
{
	if (i >= db->n)
		return;
	memmove(&db->v[i], &db->v[i + 1], (db->n - i - 1) * sizeof(db->v[0]));
	db->n--;
}

size_t usernet_db_count(const struct usernet_db *db, unsigned long uid, const char *type,
			const char *bridge)
{
	size_t i, n = 0;

	for (i = 0; i < db->n; i++)
		n += db->v[i].uid == uid && strcmp(db->v[i].type, type) == 0 &&
		     strcmp(db->v[i].bridge, bridge) == 0;
	return n;
}

void usernet_db_free(struct usernet_db *db)
{
	free(db->v);
	memset(db, 0, sizeof(*db));
}
