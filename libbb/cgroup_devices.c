/* Device rules: the devices.allow / devices.deny syntax, what a rule list
 * allows, and enforcing it on a group (cgroup.h).
 *
 * One meaning for both versions: the last rule that applies decides (an
 * allow rule when it grants every bit asked, a deny rule when it names
 * any), "a" applies to everything. cgroup_bpf.c compiles exactly this for
 * v2. On v1 the kernel keeps its own exception list, which agrees for the
 * usual shape ("a" first, exceptions after, a deny repeating an allowed
 * device); it does not carve a deny out of a wider allow ("c *:* m" then
 * deny "c 1:3 m") as the v2 program does.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

#define DEV_ALL (CG_DEV_READ | CG_DEV_WRITE | CG_DEV_MKNOD)
/* Above any major (12 bits) or minor (20 bits) the kernel has. */
#define DEV_NUM_MAX ((1ul << 20) - 1)

static const struct {
	char letter;
	unsigned bit;
} dev_access[] = {
	{ 'r', CG_DEV_READ },
	{ 'w', CG_DEV_WRITE },
	{ 'm', CG_DEV_MKNOD },
};

static const char dev_form[] = "expected 'a' or 'TYPE MAJOR:MINOR ACCESS' (TYPE a, b or c; "
	"MAJOR/MINOR a number or *; ACCESS of r, w, m)";

#define ALLOW_C(maj, min) { 'c', maj, min, DEV_ALL, 1 }

/* LXC's common.conf without mknod of block devices: a container has no
 * business creating a node for the host's disks. */
const struct cg_dev_rule cg_dev_default[] = {
	{ 'a', -1, -1, DEV_ALL, 0 },
	{ 'c', -1, -1, CG_DEV_MKNOD, 1 },
	ALLOW_C(1, 3),          /* null */
	ALLOW_C(1, 5),          /* zero */
	ALLOW_C(1, 7),          /* full */
	ALLOW_C(1, 8),          /* random */
	ALLOW_C(1, 9),          /* urandom */
	ALLOW_C(5, 0),          /* tty */
	ALLOW_C(5, 1),          /* console */
	ALLOW_C(5, 2),          /* ptmx */
	ALLOW_C(136, -1),       /* pts/N */
	ALLOW_C(10, 229),       /* fuse */
	ALLOW_C(10, 200),       /* net/tun */
};
const size_t cg_dev_default_n = ARRAY_SIZE(cg_dev_default);

/* "a", or a rule that is the same thing spelled out ("a *:* rwm"). */
static int dev_is_all(const struct cg_dev_rule *r)
{
	return r->type == 'a' && r->major < 0 && r->minor < 0 && (r->access & DEV_ALL) == DEV_ALL;
}

static const char *skip_blanks(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* At least one blank, then the next field. */
static const char *next_field(const char *p)
{
	const char *q = skip_blanks(p);

	return q == p ? NULL : q;
}

/* A major or minor: a decimal number, or '*' (-1). */
static const char *parse_num(const char *p, int *out)
{
	unsigned long v;
	char *end;

	if (*p == '*') {
		*out = -1;
		return p + 1;
	}
	if (!isdigit((unsigned char)*p)) /* strtoul would take blanks and signs */
		return NULL;
	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno || v > DEV_NUM_MAX)
		return NULL;
	*out = (int)v;
	return end;
}

static const char *parse_access(const char *p, unsigned *out)
{
	size_t i;

	*out = 0;
	for (; *p; p++) {
		for (i = 0; i < ARRAY_SIZE(dev_access) && dev_access[i].letter != *p; i++)
			;
		if (i == ARRAY_SIZE(dev_access))
			break;
		*out |= dev_access[i].bit;
	}
	return *out ? p : NULL;
}

/* "TYPE MAJOR:MINOR ACCESS" ending exactly at end (trailing blanks cut). */
static int parse_fields(const char *p, const char *end, struct cg_dev_rule *r)
{
	if (!*p || !strchr("abc", *p))
		return -1;
	r->type = *p;
	if (!(p = next_field(p + 1)) || !(p = parse_num(p, &r->major)) || *p != ':' ||
	    !(p = parse_num(p + 1, &r->minor)) || !(p = next_field(p)) ||
	    !(p = parse_access(p, &r->access)))
		return -1;
	return p == end ? 0 : -1;
}

int cg_dev_parse(const char *s, int allow, struct cg_dev_rule *r, struct bb_err *e)
{
	const char *p = skip_blanks(s);
	size_t len = strlen(p);

	while (len && isspace((unsigned char)p[len - 1]))
		len--;
	r->allow = !!allow;
	if (len == 1 && *p == 'a') {
		*r = (struct cg_dev_rule){ 'a', -1, -1, DEV_ALL, !!allow };
		return 0;
	}
	if (parse_fields(p, p + len, r) < 0)
		return bb_err_set(e, 0, "bad device rule '%.*s': %s", (int)(len > 100 ? 100 : len), p,
				  dev_form);
	return 0;
}

static void format_num(int v, char *buf, size_t len)
{
	if (v < 0)
		snprintf(buf, len, "*");
	else
		snprintf(buf, len, "%d", v);
}

void cg_dev_format(const struct cg_dev_rule *r, char *buf, size_t len)
{
	char maj[16], min[16], acc[ARRAY_SIZE(dev_access) + 1];
	size_t i, n = 0;

	if (dev_is_all(r)) {
		snprintf(buf, len, "a");
		return;
	}
	format_num(r->major, maj, sizeof(maj));
	format_num(r->minor, min, sizeof(min));
	for (i = 0; i < ARRAY_SIZE(dev_access); i++)
		if (r->access & dev_access[i].bit)
			acc[n++] = dev_access[i].letter;
	acc[n] = 0;
	snprintf(buf, len, "%c %s:%s %s", r->type, maj, min, acc);
}

static int dev_applies(const struct cg_dev_rule *r, char type, int major, int minor,
		       unsigned access)
{
	if (dev_is_all(r))
		return 1;
	if ((r->type != 'a' && r->type != type) || (r->major >= 0 && r->major != major) ||
	    (r->minor >= 0 && r->minor != minor))
		return 0;
	return r->allow ? !(access & ~r->access) : !!(access & r->access);
}

int cg_dev_allowed(const struct cg_dev_rule *rules, size_t n, char type, int major, int minor,
		   unsigned access)
{
	/* From the last rule back: the first that applies is the last one. */
	while (n--)
		if (dev_applies(&rules[n], type, major, minor, access))
			return !!rules[n].allow;
	return 0;
}

/* ---- enforcing ---- */

static int v1_write(const char *file, const struct cg_dev_rule *r, struct bb_err *e)
{
	char buf[64];
	ssize_t w;
	size_t len;
	int fd, err;

	cg_dev_format(r, buf, sizeof(buf));
	len = strlen(buf);
	fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return bb_err_set(e, errno, "can't open %s", file);
	w = write(fd, buf, len); /* one rule per write: the kernel parses each */
	err = w < 0 ? errno : EIO;
	close(fd);
	if (w != (ssize_t)len)
		return bb_err_set(e, err, "can't write '%s' to %s", buf, file);
	return 0;
}

/* The kernel reads any line starting with 'a' as "a" (the whole policy):
 * an 'a' rule narrower than that goes in once per device type. */
static int v1_rule(const char *file, const struct cg_dev_rule *r, struct bb_err *e)
{
	struct cg_dev_rule one = *r;

	if (r->type != 'a' || dev_is_all(r))
		return v1_write(file, r, e);
	one.type = 'b';
	if (v1_write(file, &one, e) < 0)
		return -1;
	one.type = 'c';
	return v1_write(file, &one, e);
}

static int apply_v1(const struct cg_host *h, const struct cg_group *g, int i,
		    const struct cg_dev_rule *rules, size_t n, struct bb_err *e)
{
	char *allow = cg_path(h, g, i, "devices.allow");
	char *deny = cg_path(h, g, i, "devices.deny");
	int rc = 0;
	size_t k;

	if (!allow || !deny)
		rc = bb_err_set(e, ENOMEM, "out of memory");
	for (k = 0; !rc && k < n; k++)
		rc = v1_rule(rules[k].allow ? allow : deny, &rules[k], e);
	free(allow);
	free(deny);
	return rc;
}

static int apply_v2(const struct cg_host *h, const struct cg_group *g, int i,
		    const struct cg_dev_rule *rules, size_t n, struct bb_err *e)
{
	char *dir = cg_path(h, g, i, NULL);
	int fd, rc;

	if (!dir)
		return bb_err_set(e, ENOMEM, "out of memory");
	fd = open(dir, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = bb_err_set(e, errno, "can't open %s", dir);
	} else {
		rc = cg_bpf_devices_attach(fd, rules, n, e);
		close(fd);
	}
	free(dir);
	return rc;
}

int cg_devices_apply(const struct cg_host *h, const struct cg_group *g,
		     const struct cg_dev_rule *rules, size_t n, struct bb_err *e)
{
	int i = cg_hier_of(h, "devices");

	if (i >= 0 && !h->h[i].v2)
		return apply_v1(h, g, i, rules, n, e);
	for (i = 0; i < h->n; i++)
		if (h->h[i].v2)
			return apply_v2(h, g, i, rules, n, e);
	return 0; /* no devices controller anywhere: nothing to enforce */
}
