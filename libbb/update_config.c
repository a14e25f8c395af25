/* update-config's work: an LXC 2 config rewritten to LXC 3+ key names
 * (what is kept and what changes: update_config.h).
 *
 * The one-to-one renames are the config parser's own (conf_legacy_name);
 * this file adds what needs the whole file: the indexes of unindexed
 * lxc.network.* keys (numbered as conf_net_legacy numbers them, so the
 * new file loads to the same interfaces), the storage type lxc.rootfs.path
 * takes from lxc.rootfs.backend, and the keys that are dropped.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "update_config.h"

/* Keys LXC 3 removed without a successor: their lines go. */
static const char *const dropped_keys[] = { "lxc.rootfs.backend", "lxc.pivotdir", "lxc.kmsg" };

/* Sub-keys of an interface that were renamed. */
static const struct {
	const char *old, *now;
} net_subkeys[] = {
	{ "ipv4", "ipv4.address" },
	{ "ipv6", "ipv6.address" },
};

/* A growing output buffer; oom is set when memory ran out. */
struct obuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void put(struct obuf *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (o->cap - o->len < n + 1) {
		size_t cap = o->cap ? o->cap : 4096;
		char *ns;

		while (cap - o->len < n + 1)
			cap *= 2;
		ns = realloc(o->s, cap);
		if (!ns) {
			o->oom = 1;
			return;
		}
		o->s = ns;
		o->cap = cap;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static void put_str(struct obuf *o, const char *s)
{
	put(o, s, strlen(s));
}

/* One line of the file, without its '\n'. key is NULL for a blank line
 * or a comment; val..val_end is the value without the blanks around it
 * (quotes still on). */
struct line {
	const char *start, *end;
	const char *key, *key_end;
	const char *val, *val_end;
};

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

static int is_key_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '.' || ch == '_' || ch == '-';
}

/* A printable, bounded copy of s..end for messages. */
static const char *shown(const char *s, const char *end, char *buf, size_t len)
{
	size_t i = 0;

	while (s < end && i + 4 < len) {
		unsigned char ch = (unsigned char)*s++;

		buf[i++] = ch >= 0x20 && ch != 0x7f ? (char)ch : '?';
	}
	if (s < end)
		buf[i++] = '.', buf[i++] = '.', buf[i++] = '.';
	buf[i] = '\0';
	return buf;
}

/* Split start..end into l. Returns 0, or -1 with e when the line is not
 * blank, a comment or lxc.KEY = VALUE. */
static int split_line(const char *start, const char *end, struct line *l, struct bb_err *e)
{
	const char *k = start, *eq, *p;
	char buf[72];

	memset(l, 0, sizeof(*l));
	l->start = start;
	l->end = end;
	while (k < end && is_blank(*k))
		k++;
	if (k == end || *k == '#')
		return 0;
	eq = memchr(k, '=', end - k);
	if (!eq)
		return bb_err_set(e, 0, "not an LXC config: no '=' in '%s'", shown(k, end, buf, sizeof(buf)));
	l->key = k;
	l->key_end = eq;
	while (l->key_end > k && is_blank(l->key_end[-1]))
		l->key_end--;
	if (l->key_end == k)
		return bb_err_set(e, 0, "not an LXC config: no key before '='");
	for (p = k; p < l->key_end && is_key_char(*p); p++)
		;
	if (p < l->key_end || l->key_end - k < 5 || memcmp(k, "lxc.", 4) != 0)
		return bb_err_set(e, 0, "not an LXC config: '%s' is not an lxc.* key",
				  shown(k, l->key_end, buf, sizeof(buf)));
	l->val = eq + 1;
	while (l->val < end && is_blank(*l->val))
		l->val++;
	l->val_end = end;
	while (l->val_end > l->val && is_blank(l->val_end[-1]))
		l->val_end--;
	return 0;
}

static int key_is(const struct line *l, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(l->key_end - l->key) == n && memcmp(l->key, s, n) == 0;
}

static int key_has_prefix(const struct line *l, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(l->key_end - l->key) > n && memcmp(l->key, s, n) == 0;
}

/* The value without one pair of matching quotes, as the parser reads it. */
static void unquoted(const struct line *l, const char **v, const char **vend)
{
	*v = l->val;
	*vend = l->val_end;
	if (*vend - *v >= 2 && (**v == '"' || **v == '\'') && (*vend)[-1] == **v) {
		(*v)++;
		(*vend)--;
	}
}

/* ---- interface indexes, as the parser gives them ---- */

struct netidx {
	unsigned char used[(CONF_NET_MAX + 7) / 8];
	int cur;                 /* the interface the last lxc.network.type started */
};

static void net_mark(struct netidx *n, unsigned long i, int on)
{
	if (i >= CONF_NET_MAX)
		return;
	if (on)
		n->used[i / 8] |= (unsigned char)(1u << (i % 8));
	else
		n->used[i / 8] &= (unsigned char)~(1u << (i % 8));
	if (!on && (long)i == n->cur)
		n->cur = -1;
}

/* The index after the highest one in use (0 when none). */
static unsigned long net_next(const struct netidx *n)
{
	unsigned long i = CONF_NET_MAX;

	while (i > 0 && !(n->used[(i - 1) / 8] & (1u << ((i - 1) % 8))))
		i--;
	return i;
}

/* "N" or "N.SUB" at s..end: 1 with *index (CONF_NET_MAX when larger) and
 * *sub (NULL for "N"), or 0 when s does not start with an index. */
static int net_index(const char *s, const char *end, unsigned long *index, const char **sub)
{
	const char *p = s;
	unsigned long v = 0;

	while (p < end && *p >= '0' && *p <= '9') {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > CONF_NET_MAX)
			v = CONF_NET_MAX;
		p++;
	}
	if (p == s || (p < end && *p != '.'))
		return 0;
	*index = v;
	*sub = p < end ? p + 1 : NULL;
	return 1;
}

static void put_net_subkey(struct obuf *o, const char *sub, const char *end)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(net_subkeys); i++)
		if ((size_t)(end - sub) == strlen(net_subkeys[i].old) &&
		    memcmp(sub, net_subkeys[i].old, end - sub) == 0) {
			put_str(o, net_subkeys[i].now);
			return;
		}
	put(o, sub, end - sub);
}

/* Follow the interfaces a modern lxc.net line makes or removes. */
static void track_net(struct netidx *n, const struct line *l)
{
	unsigned long index;
	const char *sub;
	int has_value = l->val < l->val_end;

	if (key_is(l, "lxc.net")) {
		if (!has_value) {
			memset(n->used, 0, sizeof(n->used));
			n->cur = -1;
		}
		return;
	}
	if (net_index(l->key + 8, l->key_end, &index, &sub)) {
		if (sub && has_value)
			net_mark(n, index, 1);
		else if (!sub && !has_value)
			net_mark(n, index, 0);
	}
}

/* lxc.network[.N][.SUB] into o as lxc.net.N.SUB. Returns 0, or -1 with e. */
static int put_network_key(struct obuf *o, struct netidx *n, const struct line *l,
			   struct bb_err *e)
{
	const char *rest = l->key + 12, *sub;
	unsigned long index;
	char num[24], buf[72];

	if (key_is(l, "lxc.network")) {
		put_str(o, "lxc.net");
		return 0;
	}
	put_str(o, "lxc.net.");
	if (net_index(rest, l->key_end, &index, &sub)) {
		/* LXC 2.1's indexed form: the index stays */
		put(o, rest, (sub ? sub - 1 : l->key_end) - rest);
		if (sub) {
			put_str(o, ".");
			put_net_subkey(o, sub, l->key_end);
		}
		return 0;
	}
	if (l->key_end - rest == 4 && memcmp(rest, "type", 4) == 0) {
		index = net_next(n);
		if (index >= CONF_NET_MAX)
			return bb_err_set(e, 0, "'%s': too many interfaces (at most %d)",
					  shown(l->key, l->key_end, buf, sizeof(buf)), CONF_NET_MAX);
		n->cur = (int)index;
	} else if (n->cur < 0) {
		return bb_err_set(e, 0, "'%s' comes before any lxc.network.type",
				  shown(l->key, l->key_end, buf, sizeof(buf)));
	}
	snprintf(num, sizeof(num), "%d.", n->cur);
	put_str(o, num);
	put_net_subkey(o, rest, l->key_end);
	return 0;
}

/* Does the lxc.rootfs value start with a storage type ("dir:", "overlayfs:")? */
static int has_storage_type(const char *v, const char *vend)
{
	const char *colon = memchr(v, ':', vend - v);
	char word[16];

	if (!colon || colon == v || (size_t)(colon - v) >= sizeof(word))
		return 0;
	memcpy(word, v, colon - v);
	word[colon - v] = '\0';
	return conf_check_backend(word) == NULL;
}

/* Write the line l as it must become into o. Returns 0 (unchanged: nothing
 * written), 1 (written, without the '\n'), 2 (the line goes), or -1 with e. */
static int rewrite(struct obuf *o, const struct line *l, struct netidx *net,
		   const char *backend, struct bb_err *e)
{
	char key[128], buf[256];
	const char *now, *v, *vend;
	size_t i, klen;

	if (!l->key)
		return 0;
	for (i = 0; i < ARRAY_SIZE(dropped_keys); i++)
		if (key_is(l, dropped_keys[i]))
			return 2;
	if (key_is(l, "lxc.net") || key_has_prefix(l, "lxc.net.")) {
		track_net(net, l);
		return 0;
	}
	if (key_is(l, "lxc.network") || key_has_prefix(l, "lxc.network.")) {
		struct line modern = *l;
		size_t at;

		put(o, l->start, l->key - l->start);
		at = o->len;
		if (put_network_key(o, net, l, e) < 0)
			return -1;
		if (!o->oom) {
			modern.key = o->s + at;
			modern.key_end = o->s + o->len;
			track_net(net, &modern);
		}
		put(o, l->key_end, l->end - l->key_end);
		return 1;
	}
	klen = l->key_end - l->key;
	if (klen >= sizeof(key))
		return 0; /* longer than any legacy name */
	memcpy(key, l->key, klen);
	key[klen] = '\0';
	now = conf_legacy_name(key, buf, sizeof(buf));
	if (!now)
		return 0;
	put(o, l->start, l->key - l->start);
	put_str(o, now);
	unquoted(l, &v, &vend);
	if (strcmp(key, "lxc.rootfs") == 0 && v < vend && !has_storage_type(v, vend)) {
		put(o, l->key_end, v - l->key_end);
		put_str(o, backend);
		put_str(o, ":");
		put(o, v, l->end - v);
	} else {
		put(o, l->key_end, l->end - l->key_end);
	}
	return 1;
}

/* Put "NAME:LINE: " before the message in e. Returns -1. */
static int locate(struct bb_err *e, const char *name, unsigned line)
{
	char pre[160];
	size_t pl, ml;

	snprintf(pre, sizeof(pre), "%s:%u: ", name, line);
	pl = strlen(pre);
	ml = strnlen(e->msg, sizeof(e->msg) - 1);
	if (ml > sizeof(e->msg) - 1 - pl)
		ml = sizeof(e->msg) - 1 - pl;
	memmove(e->msg + pl, e->msg, ml);
	memcpy(e->msg, pre, pl);
	e->msg[pl + ml] = '\0';
	return -1;
}

/* The first pass: every line must be one of a config, and the storage
 * type is the last lxc.rootfs.backend's (dir when none). */
static int scan(const char *p, const char *end, const char *name, char *backend,
		size_t blen, struct bb_err *e)
{
	unsigned line = 0;

	snprintf(backend, blen, "dir");
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p), *eol = nl ? nl : end, *v, *vend, *why;
		struct line l;
		char word[32];

		line++;
		if (eol - p > CONF_LINE_MAX) {
			bb_err_set(e, 0, "not an LXC config: line longer than %d bytes", CONF_LINE_MAX);
			return locate(e, name, line);
		}
		if (split_line(p, eol, &l, e) < 0)
			return locate(e, name, line);
		p = nl ? nl + 1 : end;
		if (!l.key || !key_is(&l, "lxc.rootfs.backend"))
			continue;
		unquoted(&l, &v, &vend);
		shown(v, vend, word, sizeof(word));
		why = (size_t)(vend - v) >= sizeof(word) ? conf_check_backend("") :
		      v == vend ? NULL : conf_check_backend(word);
		if (why) {
			bb_err_set(e, 0, "invalid value '%s' for 'lxc.rootfs.backend': %s", word, why);
			return locate(e, name, line);
		}
		/* empty: the default; "best" chose a type when the container was made */
		snprintf(backend, blen, "%s", v == vend || strcmp(word, "best") == 0 ? "dir" : word);
	}
	return 0;
}

int update_config_text(const char *text, size_t len, const char *name, char **out,
		       size_t *outlen, unsigned *changed, struct bb_err *e)
{
	const char *p = text, *end = text + len, *nul = memchr(text, '\0', len);
	struct obuf o = { 0 };
	struct netidx *net;
	char backend[32];
	unsigned line = 0;

	*out = NULL;
	*outlen = 0;
	*changed = 0;
	if (nul) {
		for (p = text; p < nul; p++)
			line += *p == '\n';
		return bb_err_set(e, 0, "%s:%u: not an LXC config: a NUL byte in the line", name,
				  line + 1);
	}
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		put(&o, p, 3); /* a UTF-8 byte order mark stays */
		p += 3;
	}
	if (scan(p, end, name, backend, sizeof(backend), e) < 0) {
		free(o.s);
		return -1;
	}
	net = calloc(1, sizeof(*net));
	if (!net) {
		free(o.s);
		return bb_err_set(e, ENOMEM, "%s", name);
	}
	net->cur = -1;
	put(&o, "", 0);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p), *eol = nl ? nl : end;
		struct line l;
		int r;

		line++;
		r = split_line(p, eol, &l, e);
		if (r == 0)
			r = rewrite(&o, &l, net, backend, e);
		if (r < 0) {
			free(net);
			free(o.s);
			*changed = 0;
			return locate(e, name, line);
		}
		if (r == 0)
			put(&o, p, eol - p);
		if (r != 2 && nl)
			put(&o, "\n", 1);
		*changed += r != 0;
		p = nl ? nl + 1 : end;
	}
	free(net);
	if (o.oom) {
		free(o.s);
		return bb_err_set(e, ENOMEM, "%s", name);
	}
	*out = o.s;
	*outlen = o.len;
	return 0;
}

/* ---- the file ---- */

static int read_config(const char *path, char **text, size_t *len, struct stat *st,
		       struct bb_err *e)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	size_t cap, n = 0;
	char *buf = NULL;

	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s'", path);
	if (fstat(fd, st) < 0) {
		bb_err_set(e, errno, "can't stat '%s'", path);
		goto fail;
	}
	if (S_ISDIR(st->st_mode)) {
		bb_err_set(e, 0, "'%s' is a directory, not a config file", path);
		goto fail;
	}
	if (!S_ISREG(st->st_mode)) {
		bb_err_set(e, 0, "'%s' is not a regular file", path);
		goto fail;
	}
	cap = (size_t)st->st_size + 1;
	for (;;) {
		ssize_t r;

		if (n > CONF_FILE_MAX) {
			bb_err_set(e, 0, "'%s' is larger than %d MiB: not an LXC config", path,
				   CONF_FILE_MAX >> 20);
			goto fail;
		}
		if (!buf || n == cap) {
			char *nb;

			if (buf)
				cap *= 2;
			if (cap > CONF_FILE_MAX + 2)
				cap = CONF_FILE_MAX + 2;
			nb = realloc(buf, cap);
			if (!nb) {
				bb_err_set(e, ENOMEM, "can't read '%s'", path);
				goto fail;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			bb_err_set(e, errno, "can't read '%s'", path);
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*text = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

/* Replace path by buf through a temporary file beside it, with the mode
 * and the owner of st. */
static int write_atomic(const char *path, const char *buf, size_t len, const struct stat *st,
			struct bb_err *e)
{
	struct stat nst;
	char *tmp;
	int fd;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return bb_err_set(e, ENOMEM, "can't write '%s'", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		bb_err_set(e, errno, "can't create a temporary file beside '%s'", path);
		free(tmp);
		return -1;
	}
	if (full_write(fd, buf, len) < 0 || fstat(fd, &nst) < 0 ||
	    ((nst.st_uid != st->st_uid || nst.st_gid != st->st_gid) &&
	     fchown(fd, st->st_uid, st->st_gid) < 0) ||
	    fchmod(fd, st->st_mode & 07777) < 0 || fsync(fd) < 0) {
		bb_err_set(e, errno, "can't write '%s'", tmp);
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		bb_err_set(e, errno, "can't write '%s'", tmp);
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		bb_err_set(e, errno, "can't replace '%s'", path);
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	return -1;
}

int update_config_file(const char *path, unsigned *changed, struct bb_err *e)
{
	char *text = NULL, *out = NULL, *target = NULL, *backup = NULL;
	size_t len = 0, outlen;
	struct stat st;
	int ret = -1;

	*changed = 0;
	if (read_config(path, &text, &len, &st, e) < 0)
		return -1;
	if (update_config_text(text, len, path, &out, &outlen, changed, e) < 0)
		goto out;
	if (*changed == 0) {
		ret = 0;
		goto out;
	}
	target = realpath(path, NULL);
	if (!target) {
		bb_err_set(e, errno, "can't resolve '%s'", path);
		goto out;
	}
	if (asprintf(&backup, "%s.backup", path) < 0) {
		backup = NULL;
		bb_err_set(e, ENOMEM, "%s", path);
		goto out;
	}
	if (write_atomic(backup, text, len, &st, e) < 0 ||
	    write_atomic(target, out, outlen, &st, e) < 0)
		goto out;
	ret = 0;
out:
	free(backup);
	free(target);
	free(out);
	free(text);
	return ret;
}
