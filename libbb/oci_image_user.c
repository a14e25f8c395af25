/* config.User resolved as runc and umoci resolve it: a number is an id, a
 * name is looked up in the image's own etc/passwd (and a group name in
 * etc/group), read through the rootfs's directory fd as if it were '/',
 * so that a symlinked etc/passwd cannot make us read the host's. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oci_image.h"
#include "tar.h"

#define ID_FILE_MAX (4 << 20)   /* bytes of etc/passwd or etc/group */
#define ID_MAX 0xfffffffeULL    /* (uid_t)-1 is no id */

/* A decimal id of n characters: 0, or -1 when it is none. */
static int id_parse(const char *s, size_t n, unsigned long long *out)
{
	size_t i;

	*out = 0;
	if (!n)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || *out > ID_MAX / 10)
			return -1;
		*out = *out * 10 + (unsigned)(s[i] - '0');
	}
	return *out > ID_MAX ? -1 : 0;
}

/* Field i of the line [p, end) split at ':': its start and length. */
static int field(const char *p, const char *end, int i, const char **f, size_t *n)
{
	const char *c;

	for (; i > 0; i--) {
		c = memchr(p, ':', (size_t)(end - p));
		if (!c)
			return -1;
		p = c + 1;
	}
	c = memchr(p, ':', (size_t)(end - p));
	*f = p;
	*n = (size_t)((c ? c : end) - p);
	return 0;
}

/* The entry oci_idfile_find looks for: its line, its ids in ids[]. */
static const char *find_line(const char *text, const char *name, unsigned long long id,
			     unsigned long long *ids, int nids)
{
	const char *line, *end, *f;
	unsigned long long v[2];
	size_t n;
	int i;

	for (line = text; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (line == end || *line == '#')
			continue;
		for (i = 0; i < nids; i++)
			if (field(line, end, 2 + i, &f, &n) < 0 || id_parse(f, n, &v[i]) < 0)
				break;
		if (i < nids)
			continue;  /* malformed (or a NIS "+" line): not an entry */
		if (field(line, end, 0, &f, &n) < 0)
			continue;
		if (name ? strlen(name) == n && memcmp(f, name, n) == 0 : v[0] == id) {
			for (i = 0; i < nids; i++)
				ids[i] = v[i];
			return line;
		}
	}
	return NULL;
}

int oci_idfile_find(const char *text, const char *name, unsigned long long id,
		    unsigned long long *ids, int nids)
{
	return find_line(text, name, id, ids, nids) != NULL;
}

/* The image's file rel ("etc/passwd"), a regular file, whole; NULL with
 * errno (ENOENT: absent). */
static char *read_in_root(int rootfd, const char *rel)
{
	struct stat st;
	char *buf = NULL;
	ssize_t n;
	int fd, err;

	/* O_NONBLOCK: a fifo planted there must not hang us. */
	fd = tar_open_in_root(rootfd, rel, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		err = errno;
	} else if (!S_ISREG(st.st_mode)) {
		err = EINVAL;
	} else if (st.st_size > ID_FILE_MAX) {
		err = EFBIG;
	} else if (!(buf = malloc((size_t)st.st_size + 1))) {
		err = ENOMEM;
	} else if ((n = full_read(fd, buf, (size_t)st.st_size)) < 0) {
		err = errno;
	} else {
		buf[n] = '\0';
		/* A NUL would end the text early: such a file is no passwd. */
		err = strlen(buf) == (size_t)n ? 0 : EINVAL;
	}
	close(fd);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	return buf;
}

/* Look up name (or, name NULL, the number id) in the image's file rel:
 * 1 found, 0 not (or, for a number, the file absent), -1 with e. */
static int lookup(int rootfd, const char *rel, const char *name, unsigned long long id,
		  unsigned long long *ids, int nids, const char *user, struct bb_err *e)
{
	char *text = read_in_root(rootfd, rel);
	int r;

	if (!text) {
		if (errno == ENOENT && !name)
			return 0;
		return bb_err_set(e, errno, "config.User '%s': can't read the image's /%s", user, rel);
	}
	r = oci_idfile_find(text, name, id, ids, nids);
	free(text);
	return r;
}

int oci_user_resolve(int rootfd, const char *user, unsigned long long *uid,
		     unsigned long long *gid, struct bb_err *e)
{
	const char *colon = strchr(user, ':'), *group = colon ? colon + 1 : NULL;
	size_t ulen = colon ? (size_t)(colon - user) : strlen(user);
	unsigned long long ids[2];
	char *name;
	int r;

	*uid = *gid = 0;
	if (!ulen || (group && !*group))
		return bb_err_set(e, 0, "config.User '%s': empty user or group", user);
	name = strndup(user, ulen);
	if (!name)
		return bb_err_set(e, ENOMEM, "config.User");
	if (id_parse(name, ulen, uid) == 0) {
		/* A number passwd knows gets that entry's group, as with runc. */
		r = group ? 0 : lookup(rootfd, "etc/passwd", NULL, *uid, ids, 2, user, e);
		if (r > 0)
			*gid = ids[1];
	} else {
		r = lookup(rootfd, "etc/passwd", name, 0, ids, 2, user, e);
		if (r == 0)
			r = bb_err_set(e, 0, "config.User '%s': no user '%s' in the image's /etc/passwd",
				       user, name);
		if (r > 0) {
			*uid = ids[0];
			*gid = ids[1];
		}
	}
	free(name);
	if (r < 0 || !group)
		return r < 0 ? -1 : 0;
	if (id_parse(group, strlen(group), gid) == 0)
		return 0;
	r = lookup(rootfd, "etc/group", group, 0, ids, 1, user, e);
	if (r == 0)
		return bb_err_set(e, 0, "config.User '%s': no group '%s' in the image's /etc/group",
				  user, group);
	if (r > 0)
		*gid = ids[0];
	return r < 0 ? -1 : 0;
}

char *oci_user_home(int rootfd, unsigned long long uid)
{
	char *text = read_in_root(rootfd, "etc/passwd"), *home = NULL;
	const char *line, *f;
	unsigned long long ids[2];
	size_t n;

	line = text ? find_line(text, NULL, uid, ids, 2) : NULL;
	if (line && field(line, strchrnul(line, '\n'), 5, &f, &n) == 0 && n)
		home = strndup(f, n);
	free(text);
	return home ? home : strdup("/");
}
