/* What device handed over to a running container (RUNDIR/devices), and
 * the device rules that follow from it (device.h). One line each:
 *
 *   bpf ID                         the v2 program device attached last
 *   node c MAJ:MIN HOST INSIDE     a node (c or b) from HOST at INSIDE
 *   net HOST INSIDE                an interface, its names here and inside
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "device.h"
#include "rtnl.h"

#define REC_FILE "devices"
#define REC_MAX (1 << 20)
#define DEV_ALL (CG_DEV_READ | CG_DEV_WRITE | CG_DEV_MKNOD)

int dev_check_path(const char *p, const char **why)
{
	const char *s, *c;

	if (!*p)
		return *why = "empty path", -1;
	if (strlen(p) >= DEV_PATH_MAX)
		return *why = "path too long", -1;
	for (s = p; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return *why = "blank or control character in the path", -1;
	for (s = p; *s; s = c) {
		while (*s == '/')
			s++;
		c = strchrnul(s, '/');
		if (c - s > NAME_MAX)
			return *why = "path component too long", -1;
		if ((c - s == 1 && s[0] == '.') || (c - s == 2 && s[0] == '.' && s[1] == '.'))
			return *why = "'.' or '..' in the path", -1;
	}
	return 0;
}

void dev_rec_free(struct dev_rec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].host);
		free(r->v[i].inside);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int check_name(char kind, const char *name, struct bb_err *e)
{
	const char *why;

	if (kind == 'n' ? rtnl_check_ifname(name, &why) : dev_check_path(name, &why))
		return bb_err_set(e, EINVAL, "bad %s '%.64s': %s", kind == 'n' ? "interface name" : "path",
				  name, why);
	return 0;
}

int dev_rec_add(struct dev_rec *r, char kind, unsigned major, unsigned minor, const char *host,
		const char *inside, struct bb_err *e)
{
	struct dev_entry *v, *n;

	if (kind != 'c' && kind != 'b' && kind != 'n')
		return bb_err_set(e, EINVAL, "bad kind of device '%c'", kind);
	if (check_name(kind, host, e) < 0 || check_name(kind, inside, e) < 0)
		return -1;
	v = realloc(r->v, (r->n + 1) * sizeof(*v));
	if (!v)
		return bb_err_set(e, ENOMEM, "out of memory");
	r->v = v;
	n = &v[r->n];
	*n = (struct dev_entry){ kind, major, minor, strdup(host), strdup(inside) };
	if (!n->host || !n->inside) {
		free(n->host);
		free(n->inside);
		return bb_err_set(e, ENOMEM, "out of memory");
	}
	r->n++;
	return 0;
}

void dev_rec_remove(struct dev_rec *r, size_t i)
{
	if (i >= r->n)
		return;
	free(r->v[i].host);
	free(r->v[i].inside);
	memmove(&r->v[i], &r->v[i + 1], (r->n - i - 1) * sizeof(r->v[0]));
	r->n--;
}

long dev_rec_find(const struct dev_rec *r, int nets, const char *name)
{
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < r->n; i++)
			if ((r->v[i].kind == 'n') == !!nets &&
			    strcmp(pass ? r->v[i].host : r->v[i].inside, name) == 0)
				return (long)i;
	return -1;
}

size_t dev_rec_count(const struct dev_rec *r, char type, unsigned major, unsigned minor)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->v[i].kind == type && r->v[i].major == major && r->v[i].minor == minor;
	return n;
}

/* ---- text ---- */

/* One decimal number of at most 20 bits (a major or minor), or of 32. */
static int parse_u(const char *s, unsigned long max, unsigned *out)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_line(struct dev_rec *r, char *line, struct bb_err *e)
{
	char *f[6], *save = NULL, *tok;
	int n = 0;
	unsigned maj, min, id;

	for (tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		if (n < 6)
			f[n++] = tok;
		else
			return -1;
	if (n == 0)
		return 0;
	if (n == 2 && strcmp(f[0], "bpf") == 0 && parse_u(f[1], 0xffffffffUL, &id) == 0) {
		r->bpf_id = id;
		return 0;
	}
	if (n == 3 && strcmp(f[0], "net") == 0)
		return dev_rec_add(r, 'n', 0, 0, f[1], f[2], e);
	if (n == 5 && strcmp(f[0], "node") == 0 && (!strcmp(f[1], "c") || !strcmp(f[1], "b"))) {
		char *colon = strchr(f[2], ':');

		if (!colon)
			return -1;
		*colon = '\0';
		if (parse_u(f[2], 0xfffff, &maj) < 0 || parse_u(colon + 1, 0xfffff, &min) < 0)
			return -1;
		return dev_rec_add(r, f[1][0], maj, min, f[3], f[4], e);
	}
	return -1;
}

int dev_rec_parse(struct dev_rec *r, const char *text, struct bb_err *e)
{
	char *copy = strdup(text), *line, *save = NULL;
	int lineno = 0, rc = 0;

	memset(r, 0, sizeof(*r));
	if (!copy)
		return bb_err_set(e, ENOMEM, "out of memory");
	/* strtok_r skips empty lines: count them by hand. */
	for (line = copy; line && !rc; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		if (parse_line(r, line, e) < 0) {
			if (e->errnum != ENOMEM)
				bb_err_set(e, EINVAL, "the record of handed-over devices, line %d: not understood",
					   lineno);
			rc = -1;
		}
	}
	free(copy);
	if (rc)
		dev_rec_free(r);
	return rc;
}

char *dev_rec_format(const struct dev_rec *r)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (r->bpf_id)
		fprintf(f, "bpf %u\n", (unsigned)r->bpf_id);
	for (i = 0; i < r->n; i++) {
		const struct dev_entry *d = &r->v[i];

		if (d->kind == 'n')
			fprintf(f, "net %s %s\n", d->host, d->inside);
		else
			fprintf(f, "node %c %u:%u %s %s\n", d->kind, d->major, d->minor, d->host,
				d->inside);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- the file ---- */

int dev_rec_load(const struct container *c, struct dev_rec *r, struct bb_err *e)
{
	char *path = path_join(c->rundir, REC_FILE), *text;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!path)
		return bb_err_set(e, ENOMEM, "out of memory");
	text = read_file(path, REC_MAX, NULL);
	if (!text) {
		rc = errno == ENOENT ? 0 : bb_err_set(e, errno, "can't read %s", path);
		free(path);
		return rc;
	}
	rc = dev_rec_parse(r, text, e);
	free(text);
	free(path);
	return rc;
}

int dev_rec_save(const struct container *c, const struct dev_rec *r, struct bb_err *e)
{
	char *path = path_join(c->rundir, REC_FILE), *tmp = path_join(c->rundir, "." REC_FILE ".tmp");
	char *text = dev_rec_format(r);
	int fd = -1, rc = -1;

	if (!path || !tmp || !text) {
		bb_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	if (!r->n && !r->bpf_id) {
		if (unlink(path) < 0 && errno != ENOENT)
			bb_err_set(e, errno, "can't remove %s", path);
		else
			rc = 0;
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || full_write(fd, text, strlen(text)) < 0 || fsync(fd) < 0 ||
	    rename(tmp, path) < 0) {
		bb_err_set(e, errno, "can't write %s", path);
		if (fd >= 0)
			unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	free(tmp);
	free(text);
	return rc;
}

/* ---- rules ---- */

int dev_rules(const struct cg_setting *s, size_t n, const struct dev_rec *r,
	      struct cg_dev_rule **out, size_t *nout, struct bb_err *e)
{
	struct cg_dev_rule *v = calloc(cg_dev_default_n + n + r->n + 1, sizeof(*v));
	size_t k = cg_dev_default_n, i;

	if (!v)
		return bb_err_set(e, ENOMEM, "out of memory");
	memcpy(v, cg_dev_default, cg_dev_default_n * sizeof(*v));
	for (i = 0; i < n; i++) {
		int allow = strcmp(s[i].key, "devices.allow") == 0;

		if (!allow && strcmp(s[i].key, "devices.deny") != 0)
			continue;
		if (cg_dev_parse(s[i].value, allow, &v[k], e) < 0) {
			free(v);
			return -1;
		}
		k++;
	}
	for (i = 0; i < r->n; i++)
		if (r->v[i].kind != 'n')
			v[k++] = (struct cg_dev_rule){ r->v[i].kind, (int)r->v[i].major,
						       (int)r->v[i].minor, DEV_ALL, 1 };
	*out = v;
	*nout = k;
	return 0;
}
