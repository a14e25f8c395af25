/* LXC's seccomp policy format (lxc.seccomp.profile), parsed into rules.
 * Pure: text in, rules out, nothing read or printed here.
 *
 *   1                          version 1: an allowlist of native syscall
 *   allowlist                  numbers, one a line; everything else kills
 *   0
 *
 *   2                          version 2
 *   denylist [ACTION]          or allowlist [ACTION]: the default action
 *   [all]                      (denylist: allow; allowlist: kill); then
 *   NAME [ACTION] [CMP]...     sections and rules; a rule's action defaults
 *                              to kill (denylist) or allow (allowlist)
 * ACTION: kill | errno N | trap | allow (notify is refused by name).
 * CMP: [ARG,VALUE,OP] or [ARG,VALUE,SCMP_CMP_MASKED_EQ,MASK] (or &=),
 * OP: SCMP_CMP_NE LT LE EQ GE GT or != < <= == >= >; all of a rule's
 * comparisons must hold. reject_force_umount: umount2 with MNT_FORCE gets
 * EACCES. '#' starts a comment. blacklist/whitelist: the old words.
 *
 * As in LXC, an [arch] section only says whether its rules concern this
 * host: every rule of a section for this family ([all], [x86_64], [x86],
 * [i386], [x32]; [arm64], [arm]) is applied to the native and the compat
 * arch alike, by the syscall's number on each; sections of other families
 * are skipped. A name no table knows is skipped with a warning. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "seccomp.h"

#define MAX_LINE 4096
#define MAX_RULES 4096
#define MAX_WARN 50
#define MNT_FORCE_FLAG 1 /* MNT_FORCE, <sys/mount.h> */

enum { SEC_SKIP, SEC_APPLY };

struct pctx {
	struct sc_policy *p;
	const struct sc_arch *a;
	const char *file;
	unsigned line;
	uint32_t rule_action;   /* a rule's action when it names none */
	int section;
	size_t nwarn;
	struct bb_err *e;
};

static int perr(struct pctx *x, const char *fmt, ...) PRINTF_LIKE(2, 3);
static int perr(struct pctx *x, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return bb_err_set(x->e, 0, "%s:%u: %s", x->file, x->line, what);
}

static void warn_unknown(struct pctx *x, const char *name)
{
	if (++x->nwarn > MAX_WARN) {
		if (x->nwarn == MAX_WARN + 1)
			bb_strlist_add(&x->p->warn, xasprintf("%s: more unknown syscalls left out", x->file));
		return;
	}
	bb_strlist_add(&x->p->warn, xasprintf("%s:%u: unknown syscall '%.64s' (not in the %s%s%s table): rule skipped",
					     x->file, x->line, name, x->a->name,
					     x->a->compat_audit ? " or " : "",
					     x->a->compat_audit ? x->a->compat_name : ""));
}

const char *sc_action_name(uint32_t action, char *buf, size_t len)
{
	switch (action & 0xffff0000U) {
	case SC_RET_KILL_PROCESS: return "kill";
	case SC_RET_TRAP: return "trap";
	case SC_RET_ALLOW: return "allow";
	case SC_RET_ERRNO:
		snprintf(buf, len, "errno %u", (unsigned)(action & 0xffff));
		return buf;
	}
	return "?";
}

/* Split s (modified) into words; a word that starts with '[' runs to the
 * next ']'. Returns the count, or -1 when a '[' has no ']'. */
static int words(char *s, char **w, int max)
{
	int n = 0;

	for (;;) {
		s += strspn(s, " \t");
		if (!*s)
			return n;
		if (n == max)
			return max + 1;
		w[n++] = s;
		if (*s == '[') {
			s = strchr(s, ']');
			if (!s)
				return -1;
			s++;
			if (*s && !strchr(" \t", *s))
				return -2;
		} else {
			s += strcspn(s, " \t");
		}
		if (*s)
			*s++ = '\0';
	}
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end ? -1 : 0;
}

/* ACTION at w[0] (and w[1] for errno): the words it took, 0 when w[0] is
 * not an action, -1 on error. */
static int parse_action(struct pctx *x, char **w, int n, uint32_t *act)
{
	static const struct { const char *word; uint32_t ret; } tab[] = {
		{ "kill", SC_RET_KILL_PROCESS }, { "trap", SC_RET_TRAP }, { "allow", SC_RET_ALLOW },
	};
	uint64_t v;
	size_t i;

	if (n < 1 || w[0][0] == '[')
		return 0;
	for (i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcmp(w[0], tab[i].word) == 0) {
			*act = tab[i].ret;
			return 1;
		}
	if (strcmp(w[0], "errno") == 0) {
		if (n < 2 || parse_u64(w[1], &v) < 0 || v > 4095)
			return perr(x, "'errno' wants a number from 0 to 4095%s%s%s", n < 2 ? "" : ", not '",
				    n < 2 ? "" : w[1], n < 2 ? "" : "'");
		*act = SC_RET_ERRNO | (uint32_t)v;
		return 2;
	}
	if (strcmp(w[0], "notify") == 0)
		return perr(x, "action '%s' (seccomp user notification) is not supported by ctbox", w[0]);
	return perr(x, "unknown action '%s' (kill, errno N, trap or allow)", w[0]);
}

static const struct { const char *name; enum sc_op op; } ops[] = {
	{ "SCMP_CMP_NE", SC_OP_NE }, { "!=", SC_OP_NE }, { "SCMP_CMP_LT", SC_OP_LT }, { "<", SC_OP_LT },
	{ "SCMP_CMP_LE", SC_OP_LE }, { "<=", SC_OP_LE }, { "SCMP_CMP_EQ", SC_OP_EQ }, { "==", SC_OP_EQ },
	{ "SCMP_CMP_GE", SC_OP_GE }, { ">=", SC_OP_GE }, { "SCMP_CMP_GT", SC_OP_GT }, { ">", SC_OP_GT },
	{ "SCMP_CMP_MASKED_EQ", SC_OP_MASKED_EQ }, { "&=", SC_OP_MASKED_EQ },
};

static char *trim(char *s)
{
	char *end;

	s += strspn(s, " \t");
	end = s + strlen(s);
	while (end > s && strchr(" \t", end[-1]))
		*--end = '\0';
	return s;
}

/* "[ARG,VALUE,OP]" or "[ARG,VALUE,OP,MASK]" (w is modified). */
static int parse_cmp(struct pctx *x, char *w, struct sc_cmp *c)
{
	char *f[5], *s = w + 1;
	uint64_t arg;
	int n = 0;
	size_t i;

	for (i = 0; w[i]; i++)
		n += w[i] == ',';
	if (n < 2 || n > 3)
		return perr(x, "argument comparison '%.64s' wants [ARG,VALUE,OP] or [ARG,VALUE,OP,MASK]", w);
	n = 0;
	s[strlen(s) - 1] = '\0'; /* the ']' */
	while (n < 4) {
		f[n++] = s;
		s = strchr(s, ',');
		if (!s)
			break;
		*s++ = '\0';
	}
	for (i = 0; i < (size_t)n; i++)
		f[i] = trim(f[i]);
	if (parse_u64(f[0], &arg) < 0 || arg >= 6)
		return perr(x, "argument index '%s' is not a number from 0 to 5", f[0]);
	c->arg = (unsigned)arg;
	if (parse_u64(f[1], &c->value) < 0)
		return perr(x, "argument value '%s' is not an unsigned 64-bit number", f[1]);
	for (i = 0; i < ARRAY_SIZE(ops) && strcmp(f[2], ops[i].name) != 0; i++)
		;
	if (i == ARRAY_SIZE(ops))
		return perr(x, "unknown comparison '%s' (SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT, _MASKED_EQ "
			    "or != < <= == >= > &=)", f[2]);
	c->op = ops[i].op;
	c->mask = 0;
	if (c->op == SC_OP_MASKED_EQ && n != 4)
		return perr(x, "%s wants a mask: [ARG,VALUE,OP,MASK]", f[2]);
	if (c->op != SC_OP_MASKED_EQ && n == 4)
		return perr(x, "a mask only goes with SCMP_CMP_MASKED_EQ, not %s", f[2]);
	if (n == 4 && parse_u64(f[3], &c->mask) < 0)
		return perr(x, "argument mask '%s' is not an unsigned 64-bit number", f[3]);
	return 0;
}

static struct sc_rule *new_rule(struct pctx *x)
{
	struct sc_policy *p = x->p;
	struct sc_rule *r;

	if (p->n == MAX_RULES) {
		perr(x, "too many rules (%d at most)", MAX_RULES);
		return NULL;
	}
	if ((p->n & (p->n - 1)) == 0) {
		r = realloc(p->rules, (p->n ? p->n * 2 : 16) * sizeof(*r));
		if (!r) {
			bb_err_set(x->e, ENOMEM, "seccomp policy");
			return NULL;
		}
		p->rules = r;
	}
	r = &p->rules[p->n++];
	memset(r, 0, sizeof(*r));
	r->line = x->line;
	return r;
}

/* [NAME]: does the section concern this host's family? */
static int parse_section(struct pctx *x, char *s)
{
	/* The families (bits: 1 << SC_FAMILY_*) a section concerns. */
	enum { X86 = 1 << SC_FAMILY_X86_64, A64 = 1 << SC_FAMILY_AARCH64, ARM = 1 << SC_FAMILY_ARM };
	static const struct { const char *name; unsigned fams; } tab[] = {
		{ "all", ~0u },
		{ "x86_64", X86 }, { "x86", X86 }, { "i386", X86 }, { "x32", X86 },
		{ "arm64", A64 }, { "arm", A64 | ARM },
		/* families ctbox does not run on: their rules are skipped */
		{ "ppc64le", 0 }, { "ppc64", 0 }, { "ppc", 0 }, { "mips64", 0 }, { "mips64n32", 0 },
		{ "mips", 0 }, { "mipsel64", 0 }, { "mipsel64n32", 0 }, { "mipsel", 0 },
		{ "s390x", 0 }, { "s390", 0 }, { "riscv64", 0 },
	};
	size_t len = strlen(s), i;

	if (len < 3 || s[len - 1] != ']')
		return perr(x, "'%.64s' is not a section (one word in brackets, like [all] or [%s])", s,
			    x->a->name);
	s[len - 1] = '\0';
	for (i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcasecmp(s + 1, tab[i].name) == 0) {
			x->section = tab[i].fams & (1u << x->a->family) ? SEC_APPLY : SEC_SKIP;
			return 0;
		}
	return perr(x, "unknown architecture section '[%s]'", s + 1);
}

static int parse_rule(struct pctx *x, char *s)
{
	char *w[2 + 2 + SC_MAX_CMP];
	int n = words(s, w, (int)ARRAY_SIZE(w)), k, nr[2];
	uint32_t act = x->rule_action;
	struct sc_rule *r;

	if (n == -1)
		return perr(x, "'[' without ']'");
	if (n == -2)
		return perr(x, "a blank must follow ']'");
	if (n > (int)ARRAY_SIZE(w))
		return perr(x, "too many words in the rule for '%.64s' (at most %d comparisons)", w[0],
			    SC_MAX_CMP);
	if (x->section == SEC_SKIP)
		return 0;
	k = parse_action(x, w + 1, n - 1, &act);
	if (k < 0)
		return -1;
	if (strcmp(w[0], "reject_force_umount") == 0) {
		/* LXC's shorthand: umount2(..., MNT_FORCE) fails with EACCES. */
		if (n > 1)
			return perr(x, "'%s' takes no action or comparison", w[0]);
		if (sc_arch_lookup(x->a, "umount2", nr) < 0)
			return 0;
		if (!(r = new_rule(x)))
			return -1;
		memcpy(r->nr, nr, sizeof(nr));
		r->action = SC_RET_ERRNO | EACCES;
		r->ncmp = 1;
		r->cmp[0] = (struct sc_cmp){ 1, SC_OP_MASKED_EQ, MNT_FORCE_FLAG, MNT_FORCE_FLAG };
		return 0;
	}
	if (sc_arch_lookup(x->a, w[0], nr) < 0)
		warn_unknown(x, w[0]); /* the rest is still checked: a typo there is an error */
	if (!(r = new_rule(x)))
		return -1;
	memcpy(r->nr, nr, sizeof(nr));
	r->action = act;
	for (k = 1 + k; k < n; k++) {
		if (w[k][0] != '[')
			return perr(x, "unexpected '%.64s' (comparisons are [ARG,VALUE,OP])", w[k]);
		if (r->ncmp == SC_MAX_CMP)
			return perr(x, "more than %d comparisons in one rule", SC_MAX_CMP);
		if (parse_cmp(x, w[k], &r->cmp[r->ncmp++]) < 0)
			return -1;
	}
	if (nr[0] < 0 && nr[1] < 0)
		x->p->n--; /* unknown: checked, then dropped */
	return 0;
}

static int parse_v1(struct pctx *x, char *s)
{
	struct sc_rule *r;
	uint64_t v;

	if (parse_u64(s, &v) < 0 || v > 4095)
		return perr(x, "'%s' is not a syscall number (version 1 lists numbers)", s);
	if (!(r = new_rule(x)))
		return -1;
	r->nr[0] = (int)v;
	r->nr[1] = -1;
	r->action = SC_RET_ALLOW;
	return 0;
}

/* Line 2: version 1 wants allowlist; version 2 names its kind and maybe
 * the default action. */
static int parse_header(struct pctx *x, char *s)
{
	char *w[8];
	int n = words(s, w, 7), deny, k;

	if (n <= 0)
		return perr(x, "expected 'denylist' or 'allowlist'");
	if (strstr(w[0], "debug") || (n > 1 && strcmp(w[1], "debug") == 0))
		return perr(x, "'debug' is not supported");
	deny = strcmp(w[0], "denylist") == 0 || strcmp(w[0], "blacklist") == 0;
	if (!deny && strcmp(w[0], "allowlist") != 0 && strcmp(w[0], "whitelist") != 0)
		return perr(x, "expected 'denylist' or 'allowlist', not '%s'", w[0]);
	if (x->p->version == 1) {
		if (deny || n > 1)
			return perr(x, "a version 1 policy is a plain allowlist");
		x->p->def_action = SC_RET_KILL_PROCESS;
		return 0;
	}
	x->p->def_action = deny ? SC_RET_ALLOW : SC_RET_KILL_PROCESS;
	x->rule_action = deny ? SC_RET_KILL_PROCESS : SC_RET_ALLOW;
	k = parse_action(x, w + 1, n - 1, &x->p->def_action);
	if (k < 0)
		return -1;
	if (1 + k != n)
		return perr(x, "unexpected '%s' after the default action", w[1 + k]);
	return 0;
}

int sc_policy_parse(struct sc_policy *p, const char *text, size_t len, const char *file,
		    const struct sc_arch *a, struct bb_err *e)
{
	struct pctx x = { p, a, file, 0, SC_RET_ALLOW, SEC_APPLY, 0, e };
	const char *end = text + len, *nl;
	char buf[MAX_LINE + 1];

	memset(p, 0, sizeof(*p));
	if (memchr(text, '\0', len))
		return bb_err_set(e, 0, "%s: not a seccomp policy (it holds a NUL byte)", file);
	for (; text < end; text = nl + 1) {
		size_t l;
		char *s, *hash;

		nl = memchr(text, '\n', end - text);
		if (!nl)
			nl = end;
		l = nl - text;
		x.line++;
		if (l > MAX_LINE)
			return perr(&x, "line longer than %d bytes", MAX_LINE);
		if (l && text[l - 1] == '\r')
			l--;
		memcpy(buf, text, l);
		buf[l] = '\0';
		if ((hash = strchr(buf, '#')))
			*hash = '\0';
		s = trim(buf);
		if (x.line == 1) {
			if (strcmp(s, "1") != 0 && strcmp(s, "2") != 0)
				return perr(&x, "a seccomp policy starts with its version, 1 or 2, not '%.64s'", s);
			p->version = *s - '0';
			continue;
		}
		if (x.line == 2) {
			if (parse_header(&x, s) < 0)
				return -1;
			continue;
		}
		if (!*s)
			continue;
		if (p->version == 1 ? parse_v1(&x, s) < 0 :
		    *s == '[' ? parse_section(&x, s) < 0 : parse_rule(&x, s) < 0)
			return -1;
	}
	if (x.line < 2 || !p->def_action)
		return bb_err_set(e, 0, "%s: incomplete seccomp policy (a version line, then denylist "
				  "or allowlist)", file);
	return 0;
}

void sc_policy_free(struct sc_policy *p)
{
	size_t i;

	for (i = 0; i < p->warn.n; i++)
		free((char *)p->warn.v[i]);
	bb_strlist_free(&p->warn);
	free(p->rules);
	memset(p, 0, sizeof(*p));
}
