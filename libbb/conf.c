/* The LXC config parser: lines, lxc.include, legacy names, dump.
 *
 * A line is blank, a comment (first non-blank '#') or KEY = VALUE; blanks
 * around both are dropped, and one pair of matching quotes around the
 * value ('...' or "..."), as LXC does. There are no trailing comments.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf_int.h"

/* Names of older LXC versions and the keys they became. */
static const struct {
	const char *old, *now;
} legacy[] = {
	{ "lxc.utsname", "lxc.uts.name" },
	{ "lxc.rootfs", "lxc.rootfs.path" },
	{ "lxc.pts", "lxc.pty.max" },
	{ "lxc.tty", "lxc.tty.max" },
	{ "lxc.devttydir", "lxc.tty.dir" },
	{ "lxc.console", "lxc.console.path" },
	{ "lxc.id_map", "lxc.idmap" },
	{ "lxc.aa_profile", "lxc.apparmor.profile" },
	{ "lxc.aa_allow_incomplete", "lxc.apparmor.allow_incomplete" },
	{ "lxc.se_context", "lxc.selinux.context" },
	{ "lxc.haltsignal", "lxc.signal.halt" },
	{ "lxc.stopsignal", "lxc.signal.stop" },
	{ "lxc.rebootsignal", "lxc.signal.reboot" },
	{ "lxc.init_cmd", "lxc.init.cmd" },
	{ "lxc.init_uid", "lxc.init.uid" },
	{ "lxc.init_gid", "lxc.init.gid" },
	{ "lxc.loglevel", "lxc.log.level" },
	{ "lxc.logfile", "lxc.log.file" },
	{ "lxc.syslog", "lxc.log.syslog" },
	{ "lxc.mount", "lxc.mount.fstab" },
	{ "lxc.seccomp", "lxc.seccomp.profile" },
	{ "lxc.limit", "lxc.prlimit" },   /* and lxc.limit.NAME */
};

struct ctx {
	struct lxc_conf *c;
	int depth;                        /* files being read */
	struct {
		dev_t dev;
		ino_t ino;
	} open[CONF_INCLUDE_DEPTH + 1];
};

static int load_path(struct ctx *x, const char *path, struct bb_err *e);

/* The modern name of key in buf (or key itself). */
static const char *modern(const char *key, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(legacy); i++) {
		size_t l = strlen(legacy[i].old);

		if (strcmp(key, legacy[i].old) == 0)
			return legacy[i].now;
		if (strcmp(legacy[i].old, "lxc.limit") == 0 && strncmp(key, "lxc.limit.", 10) == 0 &&
		    snprintf(buf, len, "%s%s", legacy[i].now, key + l) < (int)len)
			return buf;
	}
	return key;
}

const char *conf_legacy_name(const char *key, char *buf, size_t len)
{
	const char *name = modern(key, buf, len);

	return name == key ? NULL : name;
}

/* Resolve a key to its row (NULL and e when unknown); *sub may point
 * into buf, where a legacy family's modern name is made. */
static const struct conf_key *lookup(const char *key, char *buf, size_t len, const char **sub,
				     struct bb_err *e)
{
	const char *name = modern(key, buf, len);
	const struct conf_key *k = conf_key_find(conf_keys, conf_nkeys, name, sub);
	char shown[80];

	if (!k)
		bb_err_set(e, 0, "unknown key '%s'", conf_shown(key, shown, sizeof(shown)));
	return k;
}

static int include(struct ctx *x, const char *value, const char *dir, struct bb_err *e)
{
	char *path;
	int ret;

	if (!*value)
		return bb_err_set(e, 0, "invalid value '' for 'lxc.include': expected a file or a directory");
	if (value[0] == '/' || !dir)
		return load_path(x, value, e);
	path = path_join(dir, value);
	if (!path)
		return conf_nomem(e);
	ret = load_path(x, path, e);
	free(path);
	return ret;
}

/* Set one key. Returns 0, -1 (e says why, without a place) or -2 (e
 * already names the place: an error in an included file). */
static int set_one(struct ctx *x, const char *key, const char *value, const char *dir,
		   struct bb_err *e)
{
	const struct conf_key *k;
	const char *sub;
	char buf[256];

	if (strcmp(key, "lxc.include") == 0)
		return include(x, value, dir, e);
	if (strcmp(key, "lxc.network") == 0)
		return conf_net_legacy(x->c, key, NULL, value, e);
	if (strncmp(key, "lxc.network.", 12) == 0)
		return conf_net_legacy(x->c, key, key + 12, value, e);
	k = lookup(key, buf, sizeof(buf), &sub, e);
	if (!k)
		return -1;
	if (k->flags & CK_UNBUILT)
		return *value ? bb_err_set(e, 0, "%s: %s", key, (const char *)k->arg) : 0;
	if (k->flags & CK_UNSUPPORTED) {
		if (k->arg && (!*value || strcmp(value, k->arg) == 0))
			return 0; /* what ctbox does anyway (empty: the default) */
		return bb_err_set(e, 0, "'%s' is not supported by ctbox", key);
	}
	if (k->flags & CK_INCLUDE)
		return include(x, value, dir, e);
	return k->ops->set(x->c, k, key, sub, value, e);
}

static void locate(struct bb_err *e, const char *name, unsigned line)
{
	char pre[160];
	size_t pl, ml;

	if (line)
		snprintf(pre, sizeof(pre), "%s:%u: ", name, line);
	else
		snprintf(pre, sizeof(pre), "%s: ", name);
	pl = strlen(pre);
	ml = strnlen(e->msg, sizeof(e->msg) - 1);
	if (ml > sizeof(e->msg) - 1 - pl)
		ml = sizeof(e->msg) - 1 - pl;
	memmove(e->msg + pl, e->msg, ml);
	memcpy(e->msg, pre, pl);
	e->msg[pl + ml] = '\0';
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

static char *trim(char *s, char *end)
{
	while (s < end && is_blank(*s))
		s++;
	while (end > s && is_blank(end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* Parse buf (len bytes, modified in place; buf[len] must be writable).
 * Errors come back with the place in e, and -2: the callers up the
 * include chain pass them on as they are. */
static int parse(struct ctx *x, char *buf, size_t len, const char *name, const char *dir,
		 struct bb_err *e)
{
	char *p = buf, *end = buf + len;
	unsigned line = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p += 3; /* a UTF-8 byte order mark */
	while (p < end) {
		char *nl = memchr(p, '\n', end - p), *eol = nl ? nl : end, *eq, *key, *value;
		size_t vlen;
		int r;

		line++;
		if (eol - p > CONF_LINE_MAX) {
			bb_err_set(e, 0, "line longer than %d bytes", CONF_LINE_MAX);
			goto fail;
		}
		if (memchr(p, '\0', eol - p)) {
			bb_err_set(e, 0, "a NUL byte in the line");
			goto fail;
		}
		*eol = '\0';
		key = trim(p, eol);
		p = nl ? nl + 1 : end;
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			char shown[72];

			bb_err_set(e, 0, "no '=' in '%s': expected KEY = VALUE",
				   conf_shown(key, shown, sizeof(shown)));
			goto fail;
		}
		value = trim(eq + 1, eq + 1 + strlen(eq + 1));
		key = trim(key, eq);
		if (!*key) {
			bb_err_set(e, 0, "no key before '='");
			goto fail;
		}
		vlen = strlen(value);
		if (vlen >= 2 && (value[0] == '"' || value[0] == '\'') && value[vlen - 1] == value[0]) {
			value[vlen - 1] = '\0';
			value++;
		}
		r = set_one(x, key, value, dir, e);
		if (r == -2)
			return -2;
		if (r < 0)
			goto fail;
	}
	return 0;
fail:
	locate(e, name, line);
	return -2;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_file(struct ctx *x, const char *path, const struct stat *st, struct bb_err *e)
{
	char *buf, *dir, *slash;
	size_t len;
	int i, ret;

	for (i = 0; i < x->depth; i++)
		if (x->open[i].dev == st->st_dev && x->open[i].ino == st->st_ino)
			return bb_err_set(e, 0, "include loop: '%s' is already being read", path);
	if (x->depth > CONF_INCLUDE_DEPTH)
		return bb_err_set(e, 0, "includes nested more than %d deep at '%s'",
				  CONF_INCLUDE_DEPTH, path);
	buf = read_file(path, CONF_FILE_MAX, &len);
	if (!buf) {
		if (errno == EFBIG)
			return bb_err_set(e, 0, "%s: larger than %d MiB", path, CONF_FILE_MAX >> 20);
		return bb_err_set(e, errno, "%s", path);
	}
	dir = strdup(path);
	if (!dir) {
		free(buf);
		return conf_nomem(e);
	}
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	x->open[x->depth].dev = st->st_dev;
	x->open[x->depth].ino = st->st_ino;
	x->depth++;
	ret = parse(x, buf, len, path, slash ? dir : NULL, e);
	x->depth--;
	free(dir);
	free(buf);
	return ret;
}

/* A directory: its *.conf files in name order. */
static int load_dir(struct ctx *x, const char *path, struct bb_err *e)
{
	struct dirent *d;
	char **names = NULL;
	size_t n = 0, i;
	int ret = 0;
	DIR *dp = opendir(path);

	if (!dp)
		return bb_err_set(e, errno, "%s", path);
	while ((d = readdir(dp)) != NULL) {
		size_t l = strlen(d->d_name);
		char **nn;

		if (d->d_name[0] == '.' || l < 6 || strcmp(d->d_name + l - 5, ".conf") != 0)
			continue;
		nn = realloc(names, (n + 1) * sizeof(*nn));
		if (!nn || !(nn[n] = path_join(path, d->d_name))) {
			names = nn ? nn : names;
			ret = conf_nomem(e);
			break;
		}
		names = nn;
		n++;
	}
	closedir(dp);
	if (ret == 0 && n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		struct stat st;

		if (ret == 0) {
			if (stat(names[i], &st) < 0)
				ret = bb_err_set(e, errno, "%s", names[i]);
			else if (S_ISREG(st.st_mode))
				ret = load_file(x, names[i], &st, e);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

static int load_path(struct ctx *x, const char *path, struct bb_err *e)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return bb_err_set(e, errno, "%s", path);
	if (S_ISDIR(st.st_mode)) {
		if (x->depth > CONF_INCLUDE_DEPTH)
			return bb_err_set(e, 0, "includes nested more than %d deep at '%s'",
					  CONF_INCLUDE_DEPTH, path);
		return load_dir(x, path, e);
	}
	return load_file(x, path, &st, e);
}

/* ---- the API ---- */

struct lxc_conf *conf_new(void)
{
	struct lxc_conf *c = calloc(1, sizeof(*c));
	size_t i;

	if (!c)
		return NULL;
	c->legacy_net = -1;
	for (i = 0; i < conf_nkeys; i++)
		if (conf_keys[i].ops)
			conf_keys[i].ops->clear(c, &conf_keys[i], NULL);
	/* What LXC's common.conf drops, as ctbox's default: "lxc.cap.drop ="
	 * clears it. */
	c->cap_drop = CONF_CAP_DROP_DEFAULT;
	return c;
}

void conf_free(struct lxc_conf *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < conf_nkeys; i++)
		if (conf_keys[i].ops)
			conf_keys[i].ops->clear(c, &conf_keys[i], NULL);
	free(c);
}

int conf_check(const struct lxc_conf *c, const char *name, struct bb_err *e)
{
	if (conf_net_check(c, e) < 0) {
		if (name)
			locate(e, name, 0);
		return -1;
	}
	return 0;
}

int conf_load_file(struct lxc_conf *c, const char *path, struct bb_err *e)
{
	struct ctx x = { .c = c };

	if (load_path(&x, path, e) < 0)
		return -1;
	return conf_check(c, path, e);
}

int conf_load_buf(struct lxc_conf *c, const char *buf, size_t len, const char *name,
		  struct bb_err *e)
{
	struct ctx x = { .c = c };
	char *copy = malloc(len + 1);
	int ret;

	if (!copy)
		return conf_nomem(e);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	ret = parse(&x, copy, len, name, NULL, e);
	free(copy);
	if (ret < 0)
		return -1;
	return conf_check(c, name, e);
}

int conf_load_string(struct lxc_conf *c, const char *text, const char *name, struct bb_err *e)
{
	return conf_load_buf(c, text, strlen(text), name, e);
}

int conf_set(struct lxc_conf *c, const char *key, const char *value, struct bb_err *e)
{
	struct ctx x = { .c = c };

	return set_one(&x, key, value, NULL, e) < 0 ? -1 : 0;
}

int conf_get(const struct lxc_conf *c, const char *key, char **value, struct bb_err *e)
{
	struct sbuf sb = { 0 };
	const struct conf_key *k;
	const char *sub = NULL;
	char buf[256];
	unsigned index;

	*value = NULL;
	if (!CONF_READ_BACK)
		return bb_err_set(e, ENOTSUP, "reading settings back is not built into this ctbox");
	if (strncmp(key, "lxc.network", 11) == 0 && (key[11] == '\0' || key[11] == '.'))
		return bb_err_set(e, 0, "'%s' is a legacy name: ask for lxc.net.N.* instead", key);
	k = lookup(key, buf, sizeof(buf), &sub, e);
	if (!k)
		return -1;
	if (k->flags & CK_UNSUPPORTED)
		return bb_err_set(e, 0, "'%s' is not supported by ctbox", key);
	if (k->flags & CK_UNBUILT)
		return bb_err_set(e, 0, "%s: %s", key, (const char *)k->arg);
	if (k->ops == &conf_ops_net && sub) {
		const struct conf_key *nk;

		if (conf_net_parse_key(sub, &index, &nk) < 0)
			return bb_err_set(e, 0, "unknown key '%s'", conf_shown(key, buf, 80));
		(void)nk;
	}
	if (k->ops)
		k->ops->get(c, k, k->name, sub, 0, &sb);
	if (sb.oom) {
		free(sb.s);
		return conf_nomem(e);
	}
	if (!sb.s && !(sb.s = strdup("")))
		return conf_nomem(e);
	if (sb.len && sb.s[sb.len - 1] == '\n')
		sb.s[--sb.len] = '\0';
	*value = sb.s;
	return 0;
}

int conf_dump(const struct lxc_conf *c, FILE *f)
{
	struct sbuf sb = { 0 };
	size_t i;
	int ret = 0;

	if (!CONF_READ_BACK) {
		errno = ENOTSUP;
		return -1;
	}
	for (i = 0; i < conf_nkeys; i++) {
		const struct conf_key *k = &conf_keys[i];

		if (k->ops && !(k->flags & (CK_UNSUPPORTED | CK_UNBUILT | CK_HIDDEN)))
			k->ops->get(c, k, k->name, NULL, 1, &sb);
	}
	if (sb.oom) {
		errno = ENOMEM;
		ret = -1;
	} else if (sb.len && fwrite(sb.s, 1, sb.len, f) != sb.len) {
		ret = -1;
	}
	free(sb.s);
	if (ret == 0 && fflush(f) != 0)
		ret = -1;
	return ret;
}
