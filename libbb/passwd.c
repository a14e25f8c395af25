/* The user and group databases as ctbox reads them: /etc/passwd and
 * /etc/group, nothing else (musl's getpwuid and kin also ask nscd, and
 * are 4 KB of ctbox's static binary). ctbox looks up users inside
 * containers (attach, exec), where no nscd answers, and the host's local
 * accounts (unshare -u, usernsexec, user-nic), which are in those files.
 *
 * bb_pw_find and bb_gr_find read any file of that format (the unit tests
 * give their own); in a static musl build (CTBOX_OWN_LIBC) getpwuid,
 * getpwnam, getgrgid, getgrnam and getgrouplist are these for the whole
 * binary. As the C library's, the results live in static storage until
 * the next call of the same database. A line that is not seven (four)
 * fields with numeric ids is skipped. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "libbb.h"

/* One database: the file last read (whose lines the results point to),
 * and the line's fields. */
struct db {
	char *text;
	char *f[7];
};

/* Splits line p into n ':'-separated fields; their ids in *a and *b
 * (fields 2 and 3). -1 if the line is not that. */
static int split(struct db *d, char *p, int n, unsigned *a, unsigned *b)
{
	char *end;
	int i;

	for (i = 0; i < n; i++) {
		d->f[i] = p;
		p = strchr(p, ':');
		if (!p != (i == n - 1))
			return -1;
		if (p)
			*p++ = '\0';
	}
	*a = (unsigned)strtoul(d->f[2], &end, 10);
	if (!*d->f[2] || *end)
		return -1;
	*b = 0;
	if (n == 7) {
		*b = (unsigned)strtoul(d->f[3], &end, 10);
		if (!*d->f[3] || *end)
			return -1;
	}
	return 0;
}

/* The first line of file with that name (or, name NULL, that id). */
static int find(struct db *d, const char *file, int n, const char *name, unsigned id,
		unsigned *a, unsigned *b)
{
	int found = 0, saved = errno;
	char *cur, *line;

	free(d->text);
	cur = d->text = read_file(file, 64 << 20, NULL);
	while (!found && (line = bb_next_line(&cur)))
		found = split(d, line, n, a, b) == 0 && (name ? strcmp(d->f[0], name) == 0 : *a == id);
	errno = saved;
	return found;
}

static struct db pw_db, gr_db;

struct passwd *bb_pw_find(const char *file, const char *name, uid_t uid)
{
	static struct passwd pw;
	unsigned u, g;

	if (!find(&pw_db, file, 7, name, uid, &u, &g))
		return NULL;
	pw = (struct passwd){ pw_db.f[0], pw_db.f[1], u, g, pw_db.f[4], pw_db.f[5], pw_db.f[6] };
	return &pw;
}

struct group *bb_gr_find(const char *file, const char *name, gid_t gid)
{
	static struct group gr;
	static char **mem;
	size_t n = 1;
	unsigned g, unused;
	char *p;

	if (!find(&gr_db, file, 4, name, gid, &g, &unused))
		return NULL;
	for (p = gr_db.f[3]; *p; p++)
		n += *p == ',';
	free(mem);
	mem = calloc(n + 1, sizeof(*mem));
	if (!mem)
		return NULL;
	n = 0;
	for (p = gr_db.f[3]; *p; ) {
		mem[n++] = p;
		p += strcspn(p, ",");
		if (*p)
			*p++ = '\0';
	}
	gr = (struct group){ gr_db.f[0], gr_db.f[1], g, mem };
	return &gr;
}

/* Is user one of list's comma-separated names? (Without strtok, whose
 * state belongs to the caller of getgrouplist.) */
static int member(const char *list, const char *user)
{
	size_t len = strlen(user), k;

	for (; *list; list += k + (list[k] == ',')) {
		k = strcspn(list, ",");
		if (k == len && strncmp(list, user, len) == 0)
			return 1;
	}
	return 0;
}

int bb_grouplist(const char *file, const char *user, gid_t gid, gid_t *groups, int *ngroups)
{
	struct db d;
	int n = 1, cap = *ngroups, saved = errno;
	char *text = read_file(file, 64 << 20, NULL), *cur = text, *line;
	unsigned g, unused;

	if (cap > 0)
		groups[0] = gid;
	while ((line = bb_next_line(&cur))) {
		if (split(&d, line, 4, &g, &unused) < 0 || g == gid || !member(d.f[3], user))
			continue;
		if (n < cap)
			groups[n] = g;
		n++;
	}
	free(text);
	errno = saved;
	*ngroups = n;
	return n > cap ? -1 : n;
}

#if defined(CTBOX_OWN_LIBC)
struct passwd *getpwuid(uid_t uid)
{
	return bb_pw_find("/etc/passwd", NULL, uid);
}

struct passwd *getpwnam(const char *name)
{
	return bb_pw_find("/etc/passwd", name, 0);
}

struct group *getgrgid(gid_t gid)
{
	return bb_gr_find("/etc/group", NULL, gid);
}

struct group *getgrnam(const char *name)
{
	return bb_gr_find("/etc/group", name, 0);
}

int getgrouplist(const char *user, gid_t gid, gid_t *groups, int *ngroups)
{
	return bb_grouplist("/etc/group", user, gid, groups, ngroups);
}
#endif
