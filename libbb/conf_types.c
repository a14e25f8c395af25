/* Value types of config keys: strings, paths, commands, numbers, booleans,
 * signals, words, sizes, string lists and KEY = VALUE families. The key
 * tables (conf_keys.c, conf_net.c) name one of these per key. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf_int.h"

/* ---- strings for output ---- */

static int sb_grow(struct sbuf *sb, size_t more)
{
	size_t want;
	char *ns;

	if (sb->oom)
		return -1;
	if (sb->len + more + 1 <= sb->cap)
		return 0;
	want = sb->cap ? sb->cap : 64;
	while (want < sb->len + more + 1)
		want *= 2;
	ns = realloc(sb->s, want);
	if (!ns) {
		sb->oom = 1;
		return -1;
	}
	sb->s = ns;
	sb->cap = want;
	return 0;
}

void sb_addn(struct sbuf *sb, const char *s, size_t n)
{
	if (sb_grow(sb, n) < 0)
		return;
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void sb_add(struct sbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addf(struct sbuf *sb, const char *fmt, ...)
{
	char small[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_addn(sb, small, n);
		return;
	}
	if (sb_grow(sb, n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(sb->s + sb->len, n + 1, fmt, ap);
	va_end(ap);
	sb->len += n;
}

/* Would the parser read value back unchanged? It trims blanks (the set
 * of conf.c's is_blank) and takes off one pair of matching quotes. */
static int needs_quotes(const char *v)
{
	size_t n = strlen(v);

	if (n == 0)
		return 0;
	if (strchr(" \t\r\v\f", v[0]) || strchr(" \t\r\v\f", v[n - 1]))
		return 1;
	return n > 1 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0];
}

void sb_item(struct sbuf *sb, const char *name, const char *value, int dump)
{
	if (dump) {
		int q = needs_quotes(value);

		sb_add(sb, name);
		sb_add(sb, " = ");
		if (q)
			sb_add(sb, "\"");
		sb_add(sb, value);
		if (q)
			sb_add(sb, "\"");
	} else {
		sb_add(sb, value);
	}
	sb_add(sb, "\n");
}

void sb_item_done(struct sbuf *sb, const char *name, struct sbuf *v, int dump)
{
	if (v->oom)
		sb->oom = 1;
	else if (v->len)
		sb_item(sb, name, v->s, dump);
	free(v->s);
	v->s = NULL;
	v->len = v->cap = 0;
}

/* ---- messages ---- */

const char *conf_shown(const char *s, char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; s[i] && o + 4 < len; i++)
		buf[o++] = ((unsigned char)s[i] < ' ' || s[i] == 0x7f) ? '?' : s[i];
	if (s[i] && len >= 4) {
		if (o > len - 4)
			o = len - 4;
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

int conf_bad(struct bb_err *e, const char *key, const char *value, const char *fmt, ...)
{
	char shown[72], why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return bb_err_set(e, 0, "invalid value '%s' for '%s': %s",
			  conf_shown(value, shown, sizeof(shown)), key, why);
}

int conf_nomem(struct bb_err *e)
{
	return bb_err_set(e, ENOMEM, "config");
}

/* ---- shared helpers ---- */

int conf_parse_ulong(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

/* A signed decimal in [min, max]. */
static int parse_long(const char *s, long min, long max, long *out)
{
	unsigned long long u;
	int neg = *s == '-';
	long v;

	if (conf_parse_ulong(s + neg, LONG_MAX, &u) < 0)
		return -1;
	v = neg ? -(long)u : (long)u;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int conf_strv_add(struct conf_strv *l, const char *s)
{
	char **nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	char *d;

	if (!nv)
		return -1;
	l->v = nv;
	d = strdup(s);
	if (!d)
		return -1;
	l->v[l->n++] = d;
	return 0;
}

void conf_strv_clear(struct conf_strv *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int conf_str_set(char **dst, const char *value)
{
	char *d = strdup(value);

	if (!d)
		return -1;
	free(*dst);
	*dst = d;
	return 0;
}

int conf_word(const char *const *words, const char *s)
{
	int i;

	for (i = 0; words[i]; i++)
		if (strcmp(words[i], s) == 0)
			return i;
	return -1;
}

/* ---- strings ----
 * conf_ops_str: NULL when unset; arg: a checker (conf_check_fn) returning
 * NULL or the expected form. conf_ops_strdef: arg points to a default
 * literal (lxc.init.cmd), never freed. */

typedef conf_check_fn str_check_fn;

static int str_set(void *base, const struct conf_key *k, const char *key,
		   const char *sub, const char *value, struct bb_err *e)
{
	char **p = FIELD(base, k, char *);
	str_check_fn *check = (str_check_fn *)k->arg;
	const char *why;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (check && (why = check(value)) != NULL)
		return conf_bad(e, key, value, "%s", why);
	if (conf_str_set(p, value) < 0)
		return conf_nomem(e);
	return 0;
}

/* conf_ops_strdef's default string (its arg: a literal never freed), or
 * NULL. */
static const char *str_default(const struct conf_key *k)
{
	return k->ops == &conf_ops_strdef ? k->arg : NULL;
}

static void str_get(const void *base, const struct conf_key *k, const char *name,
		    const char *sub, int dump, struct sbuf *sb)
{
	const char *v = *CFIELD(base, k, char *);

	const char *def = str_default(k);

	if (v && (!dump || !def || strcmp(v, def) != 0))
		sb_item(sb, name, v, dump);
}

static void str_clear(void *base, const struct conf_key *k, const char *sub)
{
	char **p = FIELD(base, k, char *);
	char *def = (char *)str_default(k);

	if (*p != def)
		free(*p);
	*p = def;
}

static int strdef_set(void *base, const struct conf_key *k, const char *key,
		      const char *sub, const char *value, struct bb_err *e)
{
	char **p = FIELD(base, k, char *);
	char *d;

	if (!*value) {
		str_clear(base, k, sub);
		return 0;
	}
	d = strdup(value);
	if (!d)
		return conf_nomem(e);
	str_clear(base, k, sub);
	*p = d;
	return 0;
}

const struct conf_ops conf_ops_str = { str_set, CONF_GETTER(str_get), str_clear };
/* A string with a default (arg): the field is never NULL. */
const struct conf_ops conf_ops_strdef = { strdef_set, CONF_GETTER(str_get), str_clear };

/* Checkers for strings. */
const char *conf_check_abspath(const char *v)
{
	return v[0] == '/' ? NULL : "expected an absolute path";
}

const char *conf_check_relpath(const char *v)
{
	const char *p = v;

	if (v[0] == '/')
		return "expected a relative path without '..'";
	while (p) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return "expected a relative path without '..'";
		p = strchr(p, '/');
		if (p)
			p++;
	}
	return NULL;
}

const char *conf_check_word(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v <= ' ' || *v == 0x7f)
			return "expected a word without blanks";
	return NULL;
}

/* ---- numbers (int fields in [min, max], default def) ---- */

static int int_set(void *base, const struct conf_key *k, const char *key,
		   const char *sub, const char *value, struct bb_err *e)
{
	long v;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (parse_long(value, k->min, k->max, &v) < 0)
		return conf_bad(e, key, value, "expected a number from %d to %d", k->min, k->max);
	*FIELD(base, k, int) = (int)v;
	return 0;
}

static void int_get(const void *base, const struct conf_key *k, const char *name,
		    const char *sub, int dump, struct sbuf *sb)
{
	int v = *CFIELD(base, k, int);
	char buf[24];

	if (dump && v == k->def)
		return;
	snprintf(buf, sizeof(buf), "%d", v);
	sb_item(sb, name, buf, dump);
}

static void int_clear(void *base, const struct conf_key *k, const char *sub)
{
	*FIELD(base, k, int) = (int)k->def;
}

const struct conf_ops conf_ops_int = { int_set, CONF_GETTER(int_get), int_clear };

/* unsigned fields: ids and sizes up to 2^32 - 2 */
static int uint_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	unsigned long long v;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (conf_parse_ulong(value, UINT_MAX - 1, &v) < 0)
		return conf_bad(e, key, value, "expected a number from 0 to %u", UINT_MAX - 1);
	*FIELD(base, k, unsigned) = (unsigned)v;
	return 0;
}

static void uint_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
	unsigned v = *CFIELD(base, k, unsigned);
	char buf[24];

	if (dump && v == (unsigned long)k->def)
		return;
	snprintf(buf, sizeof(buf), "%u", v);
	sb_item(sb, name, buf, dump);
}

static void uint_clear(void *base, const struct conf_key *k, const char *sub)
{
	*FIELD(base, k, unsigned) = (unsigned)k->def;
}

const struct conf_ops conf_ops_uint = { uint_set, CONF_GETTER(uint_get), uint_clear };

/* booleans: 0 or 1 */
static int bool_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
		return conf_bad(e, key, value, "expected 0 or 1");
	*FIELD(base, k, int) = value[0] - '0';
	return 0;
}

const struct conf_ops conf_ops_bool = { bool_set, CONF_GETTER(int_get), int_clear };

/* ---- words (an int index in the NULL-terminated arg; def is the default) ---- */

static int word_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	const char *const *words = k->arg;
	char list[160] = "";
	int i;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	i = conf_word(words, value);
	if (i >= 0) {
		*FIELD(base, k, int) = i;
		return 0;
	}
	for (i = 0; words[i]; i++) {
		size_t l = strlen(list);

		snprintf(list + l, sizeof(list) - l, "%s%s", i ? (words[i + 1] ? ", " : " or ") : "",
			 words[i]);
	}
	return conf_bad(e, key, value, "expected %s", list);
}

static void word_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
	const char *const *words = k->arg;
	int v = *CFIELD(base, k, int);

	if (dump && v == k->def)
		return;
	if (v >= 0)
		sb_item(sb, name, words[v], dump);
}

const struct conf_ops conf_ops_word = { word_set, CONF_GETTER(word_get), int_clear };

/* ---- signals ---- */

/* Names without SIG, and their numbers, in the same order. */
static const char signames[] =
	"HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0IOT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0PIPE\0"
	"ALRM\0TERM\0STKFLT\0CHLD\0CLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0XCPU\0XFSZ\0"
	"VTALRM\0PROF\0WINCH\0IO\0POLL\0PWR\0SYS\0";
static const unsigned char signums[34] = {
	SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGABRT, SIGBUS, SIGFPE, SIGKILL,
	SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, 16, SIGCHLD, SIGCHLD, SIGCONT,
	SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF,
	SIGWINCH, SIGIO, SIGIO, SIGPWR, SIGSYS,
};

int conf_signal_parse(const char *s)
{
	unsigned long long v;
	int i;

	if (conf_parse_ulong(s, CONF_SIGRTMAX, &v) == 0)
		return v >= 1 ? (int)v : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	if ((i = bb_word_index(signames, s, 1)) >= 0)
		return signums[i];
	if (strncasecmp(s, "RTMIN", 5) == 0) {
		if (!s[5])
			return CONF_SIGRTMIN;
		if (s[5] == '+' && conf_parse_ulong(s + 6, CONF_SIGRTMAX - CONF_SIGRTMIN, &v) == 0)
			return CONF_SIGRTMIN + (int)v;
	}
	if (strncasecmp(s, "RTMAX", 5) == 0) {
		if (!s[5])
			return CONF_SIGRTMAX;
		if (s[5] == '-' && conf_parse_ulong(s + 6, CONF_SIGRTMAX - CONF_SIGRTMIN, &v) == 0)
			return CONF_SIGRTMAX - (int)v;
	}
	return -1;
}

static void signal_text(int sig, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(signums); i++)
		if (signums[i] == sig) {
			snprintf(buf, len, "SIG%s", bb_word_at(signames, i));
			return;
		}
	if (sig >= CONF_SIGRTMIN && sig <= CONF_SIGRTMAX)
		snprintf(buf, len, "SIGRTMIN+%d", sig - CONF_SIGRTMIN);
	else
		snprintf(buf, len, "%d", sig);
}

static int signal_set(void *base, const struct conf_key *k, const char *key,
		      const char *sub, const char *value, struct bb_err *e)
{
	int sig;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	sig = conf_signal_parse(value);
	if (sig < 0)
		return conf_bad(e, key, value,
				"expected a signal name (SIGPWR, PWR, SIGRTMIN+3) or a number from 1 to %d",
				CONF_SIGRTMAX);
	*FIELD(base, k, int) = sig;
	return 0;
}

static void signal_get(const void *base, const struct conf_key *k, const char *name,
		       const char *sub, int dump, struct sbuf *sb)
{
	int v = *CFIELD(base, k, int);
	char buf[24];

	if (dump && v == k->def)
		return;
	signal_text(v, buf, sizeof(buf));
	sb_item(sb, name, buf, dump);
}

const struct conf_ops conf_ops_signal = { signal_set, CONF_GETTER(signal_get), int_clear };

/* ---- sizes: N, NKB, NMB, NGB (any case, powers of 1024) or "auto" ---- */

static int size_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	static const char *const units[] = { "B", "KB", "MB", "GB", NULL };
	unsigned long long v, max = 1ULL << 40;
	char num[24];
	size_t n = strspn(value, "0123456789");
	int u;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (strcmp(value, "auto") == 0) {
		*FIELD(base, k, unsigned long long) = 128 << 10;
		return 0;
	}
	for (u = 0; units[u] && value[n]; u++)
		if (strcasecmp(value + n, units[u]) == 0)
			break;
	if (n == 0 || n >= sizeof(num) || (value[n] && !units[u]))
		goto bad;
	if (!value[n])
		u = 0;
	memcpy(num, value, n);
	num[n] = '\0';
	if (conf_parse_ulong(num, max >> (10 * u), &v) < 0)
		goto bad;
	*FIELD(base, k, unsigned long long) = v << (10 * u);
	return 0;
bad:
	return conf_bad(e, key, value, "expected a size up to 1024GB (N, NKB, NMB, NGB) or auto");
}

static void size_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
	unsigned long long v = *CFIELD(base, k, unsigned long long);
	char buf[24];

	if (dump && v == 0)
		return;
	snprintf(buf, sizeof(buf), "%llu", v);
	sb_item(sb, name, buf, dump);
}

static void size_clear(void *base, const struct conf_key *k, const char *sub)
{
	*FIELD(base, k, unsigned long long) = 0;
}

const struct conf_ops conf_ops_size = { size_set, CONF_GETTER(size_get), size_clear };

/* ---- lists of strings: each line adds one; an empty value clears ----
 * arg: a checker as for strings. */

static int strv_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	str_check_fn *check = (str_check_fn *)k->arg;
	const char *why;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (check && (why = check(value)) != NULL)
		return conf_bad(e, key, value, "%s", why);
	if (conf_strv_add(FIELD(base, k, struct conf_strv), value) < 0)
		return conf_nomem(e);
	return 0;
}

static void strv_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
	const struct conf_strv *l = CFIELD(base, k, struct conf_strv);
	size_t i;

	for (i = 0; i < l->n; i++)
		sb_item(sb, name, l->v[i], dump);
}

static void strv_clear(void *base, const struct conf_key *k, const char *sub)
{
	conf_strv_clear(FIELD(base, k, struct conf_strv));
}

const struct conf_ops conf_ops_strv = { strv_set, CONF_GETTER(strv_get), strv_clear };

/* Words separated by blanks or commas, each added (lxc.group). */
static int words_set(void *base, const struct conf_key *k, const char *key,
		     const char *sub, const char *value, struct bb_err *e)
{
	struct conf_strv *l = FIELD(base, k, struct conf_strv);
	const char *p = value;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	while (*p) {
		size_t n;
		char w[256];

		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (!n)
			break;
		if (n >= sizeof(w))
			return conf_bad(e, key, value, "expected names of at most 255 bytes");
		memcpy(w, p, n);
		w[n] = '\0';
		if (conf_check_word(w))
			return conf_bad(e, key, value, "expected names without control characters");
		if (conf_strv_add(l, w) < 0)
			return conf_nomem(e);
		p += n;
	}
	return 0;
}

const struct conf_ops conf_ops_words = { words_set, CONF_GETTER(strv_get), strv_clear };

/* ---- KEY = VALUE families (lxc.cgroup2.*, lxc.sysctl.*, lxc.proc.*) ----
 * flags in min: 1 = a repeated key replaces the earlier value (sysctl,
 * proc), 0 = every line is kept (cgroup: devices.allow repeats). arg: a
 * checker of the sub-key. "lxc.sysctl =" clears the family,
 * "lxc.sysctl.net.ipv4.ip_forward =" that one key. */

static void kv_remove(struct conf_kvlist *l, const char *sub)
{
	size_t i, o = 0;

	for (i = 0; i < l->n; i++) {
		if (!sub || strcmp(l->v[i].key, sub) == 0) {
			free(l->v[i].key);
			free(l->v[i].value);
		} else {
			l->v[o++] = l->v[i];
		}
	}
	l->n = o;
	if (!o) {
		free(l->v);
		l->v = NULL;
	}
}

static int kv_set(void *base, const struct conf_key *k, const char *key,
		  const char *sub, const char *value, struct bb_err *e)
{
	struct conf_kvlist *l = FIELD(base, k, struct conf_kvlist);
	str_check_fn *check = (str_check_fn *)k->arg;
	const char *why;
	struct conf_kv *nv;
	size_t i;

	if (!*value) {
		kv_remove(l, sub && *sub ? sub : NULL);
		return 0;
	}
	if (!sub || !*sub)
		return bb_err_set(e, 0, "'%s' takes no value: name a key below it (%s) or give an empty value to clear them",
				  key, k->pattern);
	if (check && (why = check(sub)) != NULL)
		return bb_err_set(e, 0, "invalid key '%s': %s", key, why);
	if (k->flags & CK_REPLACE)
		for (i = 0; i < l->n; i++)
			if (strcmp(l->v[i].key, sub) == 0)
				return conf_str_set(&l->v[i].value, value) < 0 ? conf_nomem(e) : 0;
	nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (!nv)
		return conf_nomem(e);
	l->v = nv;
	nv[l->n].key = strdup(sub);
	nv[l->n].value = strdup(value);
	if (!nv[l->n].key || !nv[l->n].value) {
		free(nv[l->n].key);
		free(nv[l->n].value);
		return conf_nomem(e);
	}
	l->n++;
	return 0;
}

static void kv_get(const void *base, const struct conf_key *k, const char *name,
		   const char *sub, int dump, struct sbuf *sb)
{
	const struct conf_kvlist *l = CFIELD(base, k, struct conf_kvlist);
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (sub && *sub && strcmp(l->v[i].key, sub) != 0)
			continue;
		if (dump || !sub || !*sub) {
			struct sbuf full = { 0 };

			sb_addf(&full, "%s.%s", name, l->v[i].key);
			if (full.oom) {
				sb->oom = 1;
				return;
			}
			if (dump)
				sb_item(sb, full.s, l->v[i].value, 1);
			else
				sb_addf(sb, "%s = %s\n", full.s, l->v[i].value);
			free(full.s);
		} else {
			sb_item(sb, name, l->v[i].value, 0);
		}
	}
}

static void kv_clear(void *base, const struct conf_key *k, const char *sub)
{
	kv_remove(FIELD(base, k, struct conf_kvlist), sub);
}

const struct conf_ops conf_ops_kv = { kv_set, CONF_GETTER(kv_get), kv_clear };

/* Sub-keys: controller.file (cgroup), dotted names (sysctl), file names
 * under /proc/PID (proc). */
const char *conf_check_subkey(const char *v)
{
	const char *p;

	if (v[0] == '.' || v[strlen(v) - 1] == '.' || strstr(v, ".."))
		return "expected dotted names (letters, digits, '_', '-')";
	for (p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.' || *p == '/'))
			return "expected dotted names (letters, digits, '_', '-')";
	if (strstr(v, "/.") || v[0] == '/')
		return "expected dotted names (letters, digits, '_', '-')";
	return NULL;
}

const char *conf_check_cgroup_key(const char *v)
{
	if (conf_check_subkey(v) || strchr(v, '/') || !strchr(v, '.'))
		return "expected CONTROLLER.FILE (memory.max)";
	return NULL;
}

const char *conf_check_procfile(const char *v)
{
	if (conf_check_subkey(v) || strchr(v, '.'))
		return "expected a file name of /proc/PID (oom_score_adj)";
	return NULL;
}
