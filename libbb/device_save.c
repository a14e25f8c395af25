/* device --save: what was handed over, written into the container's
 * configuration for its next start (device.h), or taken out again.
 *
 *   node   lxc.cgroup.devices.allow = c MAJ:MIN rwm   (lxc.cgroup2.* on v2)
 *          lxc.mount.entry = HOST dev/NODE none bind,optional,create=file 0 0
 *   net    lxc.net.N.type = phys, .link = HOST, .name = INSIDE (N: the next)
 *
 * A bind rather than a node: it works in a user namespace too, and
 * "optional" lets the container start while the device is unplugged.
 * Lines are compared with blanks collapsed; the file is replaced
 * atomically, keeping its mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "device.h"

/* "  key  =  a   b " -> "key = a b" (a comment or a line without '='
 * stays as it is). */
static char *norm(const char *line, size_t len)
{
	char *out = malloc(len + 4), *o = out;
	const char *p = line, *end = line + len, *eq = memchr(line, '=', len);
	int blank = 0;

	if (!out)
		return NULL;
	if (!eq) {
		memcpy(out, line, len);
		out[len] = '\0';
		return out;
	}
	for (; p < end; p++) {
		if (p == eq) {
			while (o > out && o[-1] == ' ')
				o--;
			o += sprintf(o, " = ");
			blank = 1;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\r') {
			blank = 1;
			continue;
		}
		if (blank && o > out && o[-1] != ' ')
			*o++ = ' ';
		blank = 0;
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static int line_in(const char *line, size_t len, const char *const *lines, size_t n)
{
	char *a = norm(line, len);
	size_t i;
	int found = 0;

	for (i = 0; a && !found && i < n; i++) {
		char *b = norm(lines[i], strlen(lines[i]));

		found = b && strcmp(a, b) == 0;
		free(b);
	}
	free(a);
	return found;
}

/* Call cb for every line of text (without its newline). */
static void each_line(const char *text, void (*cb)(const char *l, size_t len, void *arg), void *arg)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		cb(p, len, arg);
		p += len + (nl != NULL);
	}
}

struct edit {
	FILE *out;
	const char *const *lines;
	size_t n;
	unsigned *seen;        /* add: which lines are there already */
};

static void filter_cb(const char *l, size_t len, void *arg)
{
	struct edit *x = arg;
	size_t i;

	if (x->seen) {
		for (i = 0; i < x->n; i++)
			if (line_in(l, len, &x->lines[i], 1))
				x->seen[i] = 1;
	} else if (line_in(l, len, x->lines, x->n)) {
		return;
	}
	fwrite(l, 1, len, x->out);
	fputc('\n', x->out);
}

char *dev_save_edit(const char *text, const char *const *lines, size_t n, int add)
{
	struct edit x = { NULL, lines, n, NULL };
	char *buf = NULL;
	size_t len = 0, i;

	x.out = open_memstream(&buf, &len);
	if (!x.out)
		return NULL;
	if (add)
		x.seen = calloc(n + 1, sizeof(*x.seen));
	if (add && !x.seen) {
		fclose(x.out);
		free(buf);
		return NULL;
	}
	each_line(text, filter_cb, &x);
	for (i = 0; add && i < n; i++)
		if (!x.seen[i])
			fprintf(x.out, "%s\n", lines[i]);
	free(x.seen);
	if (fclose(x.out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- lxc.net.N ---- */

/* "lxc.net.N.rest": N, or -1. */
static long net_index(const char *l, size_t len, const char **rest)
{
	char *end;
	long n;

	while (len && (*l == ' ' || *l == '\t'))
		l++, len--;
	if (len < 9 || strncmp(l, "lxc.net.", 8) != 0 || l[8] < '0' || l[8] > '9')
		return -1;
	n = strtol(l + 8, &end, 10);
	if (*end != '.' || n < 0 || n >= CONF_NET_MAX)
		return -1;
	*rest = end + 1;
	return n;
}

struct nets {
	long max;                  /* the highest N seen, -1 if none */
	long legacy;               /* lxc.network.type lines */
	long match;                /* an N of type phys and link host, -1 */
	unsigned long type_phys[CONF_NET_MAX / 32 + 1], link_host[CONF_NET_MAX / 32 + 1];
	const char *host;
	FILE *out;
};

static int value_is(const char *rest, size_t len, const char *key, const char *want)
{
	size_t kl = strlen(key);
	char *v, *n;
	int r;

	if (len < kl || strncmp(rest, key, kl) != 0)
		return 0;
	v = norm(rest, len);
	n = v ? malloc(kl + strlen(want) + 4) : NULL;
	if (n)
		sprintf(n, "%s = %s", key, want);
	r = v && n && strcmp(v, n) == 0;
	free(v);
	free(n);
	return r;
}

static void nets_scan(const char *l, size_t len, void *arg)
{
	struct nets *x = arg;
	const char *rest;
	long n = net_index(l, len, &rest);
	size_t rl;

	if (n < 0) {
		const char *p = l;

		while (p < l + len && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(l + len - p) >= 16 && strncmp(p, "lxc.network.type", 16) == 0)
			x->legacy++;
		return;
	}
	if (n > x->max)
		x->max = n;
	rl = len - (size_t)(rest - l);
	if (value_is(rest, rl, "type", "phys"))
		x->type_phys[n / 32] |= 1UL << (n % 32);
	if (value_is(rest, rl, "link", x->host))
		x->link_host[n / 32] |= 1UL << (n % 32);
	if ((x->type_phys[n / 32] & x->link_host[n / 32] & (1UL << (n % 32))) && x->match < 0)
		x->match = n;
}

static void nets_drop(const char *l, size_t len, void *arg)
{
	struct nets *x = arg;
	const char *rest;

	if (net_index(l, len, &rest) == x->match)
		return;
	fwrite(l, 1, len, x->out);
	fputc('\n', x->out);
}

char *dev_save_net_edit(const char *text, const char *host, const char *inside, int add)
{
	struct nets x;
	char *buf = NULL;
	size_t len = 0;
	long n;

	memset(&x, 0, sizeof(x));
	x.max = x.match = -1;
	x.host = host;
	each_line(text, nets_scan, &x);
	if (add && x.match >= 0)
		return strdup(text);
	if (!add && x.match < 0)
		return strdup(text);
	x.out = open_memstream(&buf, &len);
	if (!x.out)
		return NULL;
	if (add) {
		n = x.max + 1 > x.legacy ? x.max + 1 : x.legacy;
		fputs(text, x.out);
		if (*text && text[strlen(text) - 1] != '\n')
			fputc('\n', x.out);
		fprintf(x.out, "lxc.net.%ld.type = phys\nlxc.net.%ld.link = %s\nlxc.net.%ld.name = %s\n",
			n, n, host, n, inside);
	} else {
		each_line(text, nets_drop, &x);
	}
	if (fclose(x.out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- the file ---- */

static int rewrite(const char *config, const char *text, struct bb_err *e)
{
	char tmp[DEV_PATH_MAX + 32];
	struct stat st;
	int fd, rc = -1;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.device-tmp", config) >= sizeof(tmp))
		return bb_err_set(e, ENAMETOOLONG, "%s", config);
	if (stat(config, &st) < 0)
		st.st_mode = 0644;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 07777);
	if (fd < 0) {
		bb_err_set(e, errno, "can't write %s", tmp);
	} else if (fchmod(fd, st.st_mode & 07777) < 0 || full_write(fd, text, strlen(text)) < 0 ||
		   fsync(fd) < 0 || rename(tmp, config) < 0) {
		bb_err_set(e, errno, "can't write %s", config);
		unlink(tmp);
	} else {
		rc = 0;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

static int edit_file(const char *config, const char *const *lines, size_t n, const char *host,
		     const char *inside, int add, struct bb_err *e)
{
	char *text = read_file(config, CONF_FILE_MAX, NULL), *out;
	int rc;

	if (!text)
		return bb_err_set(e, errno, "can't read %s", config);
	out = lines ? dev_save_edit(text, lines, n, add) : dev_save_net_edit(text, host, inside, add);
	if (!out) {
		free(text);
		return bb_err_set(e, ENOMEM, "out of memory");
	}
	rc = strcmp(out, text) == 0 ? 0 : rewrite(config, out, e);
	free(out);
	free(text);
	return rc;
}

int dev_save_node(const char *config, int v2, char type, unsigned major, unsigned minor,
		  const char *host, const char *inside, int add, struct bb_err *e)
{
	char allow[80], entry[2 * DEV_PATH_MAX + 64];
	const char *lines[2] = { allow, entry };

	while (*inside == '/')
		inside++;
	snprintf(allow, sizeof(allow), "lxc.cgroup%s.devices.allow = %c %u:%u rwm", v2 ? "2" : "",
		 type, major, minor);
	if ((size_t)snprintf(entry, sizeof(entry), "lxc.mount.entry = %s %s none bind,optional,create=file 0 0",
			     host, inside) >= sizeof(entry))
		return bb_err_set(e, ENAMETOOLONG, "%s", host);
	return edit_file(config, lines, 2, NULL, NULL, add, e);
}

int dev_save_net(const char *config, const char *host, const char *inside, int add,
		 struct bb_err *e)
{
	return edit_file(config, NULL, 0, host, inside, add, e);
}
