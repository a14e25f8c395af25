/* POSIX extended regular expressions, match or no match (ere.h).
 *
 * The pattern is parsed into a tree (every atom a set of bytes, anchors,
 * concatenation, alternation, repetition), the tree compiled into a
 * program (SET, SPLIT, JMP, BOL, EOL, MATCH), and the program run on a
 * string with all its threads in step, one byte at a time: time in
 * proportion to the string's length times the program's, whatever the
 * pattern. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ere.h"

#define ERE_MAX_INST 65536  /* (a{1000}){1000} and the like: too big */
#define ERE_MAX_DEPTH 64    /* nested groups */
#define ERE_DUP_MAX 32767   /* the largest bound of {m,n} (glibc's RE_DUP_MAX) */

enum { I_SET, I_SPLIT, I_JMP, I_BOL, I_EOL, I_MATCH };

struct ere_inst {
	unsigned char op;
	int x, y;  /* SET: the set; SPLIT: both ways; JMP: where */
};

enum { N_SET, N_BOL, N_EOL, N_EMPTY, N_CAT, N_ALT, N_REP };

struct node {
	unsigned char type;
	int a, b;        /* CAT, ALT: the parts; REP: a the part; SET: a the set */
	int min, max;    /* REP: max < 0 for no bound */
};

struct parse {
	const char *p;
	struct node *nodes;
	int nn;
	unsigned char (*sets)[32];
	int ns;
	const char *err;
};

struct code {
	struct ere_inst *prog;
	int n, cap;
};

static int node(struct parse *s, int type, int a, int b)
{
	struct node *n = &s->nodes[s->nn];

	n->type = (unsigned char)type;
	n->a = a;
	n->b = b;
	n->min = n->max = 0;
	return s->nn++;
}

static int fail(struct parse *s, const char *why)
{
	if (!s->err)
		s->err = why;
	return -1;
}

static void set_add(unsigned char *set, int from, int to)
{
	for (; from <= to; from++)
		set[from >> 3] |= (unsigned char)(1u << (from & 7));
}

static const struct {
	const char *name;
	int (*is)(int);
} classes[] = {
	{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank }, { "cntrl", iscntrl },
	{ "digit", isdigit }, { "graph", isgraph }, { "lower", islower }, { "print", isprint },
	{ "punct", ispunct }, { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
};

/* One end of a range in a bracket expression: a byte, [.c.] or [=c=];
 * -1 on error, -2 for a [:class:] (added to set). */
static int bracket_char(struct parse *s, unsigned char *set)
{
	const char *p = s->p, *end;
	size_t i, len;

	if (p[0] != '[' || (p[1] != ':' && p[1] != '.' && p[1] != '=')) {
		s->p++;
		return (unsigned char)p[0];
	}
	for (end = p + 2; *end && !(end[0] == p[1] && end[1] == ']'); end++)
		;
	if (!*end)
		return fail(s, "unmatched '['");
	len = (size_t)(end - (p + 2));
	s->p = end + 2;
	if (p[1] != ':') {
		if (len != 1)
			return fail(s, "invalid collating element");
		return (unsigned char)p[2];
	}
	for (i = 0; i < ARRAY_SIZE(classes); i++) {
		if (strlen(classes[i].name) == len && !strncmp(classes[i].name, p + 2, len)) {
			int c;

			for (c = 1; c < 256; c++)
				if (classes[i].is(c))
					set_add(set, c, c);
			return -2;
		}
	}
	return fail(s, "invalid character class name");
}

/* After '[': up to and with the closing ']'. */
static int parse_bracket(struct parse *s)
{
	unsigned char *set = s->sets[s->ns];
	int neg = 0, first = 1, i;

	memset(set, 0, 32);
	if (*s->p == '^') {
		neg = 1;
		s->p++;
	}
	for (;;) {
		int from, to;

		if (!*s->p)
			return fail(s, "unmatched '['");
		if (*s->p == ']' && !first)
			break;
		first = 0;
		from = bracket_char(s, set);
		if (from == -1)
			return -1;
		if (from == -2)
			continue;
		to = from;
		if (s->p[0] == '-' && s->p[1] && s->p[1] != ']') {
			s->p++;
			to = bracket_char(s, set);
			if (to == -1)
				return -1;
			if (to == -2 || to < from)
				return fail(s, "invalid range end");
		}
		set_add(set, from, to);
	}
	s->p++;
	if (neg)
		for (i = 0; i < 32; i++)
			set[i] = (unsigned char)~set[i];
	set[0] &= 0xfe; /* never the terminating NUL */
	return node(s, N_SET, s->ns++, 0);
}

static int parse_alt(struct parse *s, int depth);

/* A number of an interval, or -1 when there is none. */
static int bound(struct parse *s)
{
	long v = 0;

	if (!isdigit((unsigned char)*s->p))
		return -1;
	while (isdigit((unsigned char)*s->p)) {
		v = v * 10 + (*s->p++ - '0');
		if (v > ERE_DUP_MAX)
			v = ERE_DUP_MAX + 1;
	}
	return (int)v;
}

/* After '{': m}, m,}, m,n} or ,n}. */
static int parse_interval(struct parse *s, int *min, int *max)
{
	int comma = 0;

	*min = bound(s);
	*max = *min;
	if (*s->p == ',') {
		comma = 1;
		s->p++;
		*max = bound(s);
	}
	if (!*s->p)
		return fail(s, "unmatched '{'");
	if (*s->p++ != '}' || (*min < 0 && !comma) || *min > ERE_DUP_MAX || *max > ERE_DUP_MAX ||
	    (*max >= 0 && *max < (*min < 0 ? 0 : *min)))
		return fail(s, "invalid content of '{}'");
	if (*min < 0)
		*min = 0;
	return 0;
}

static int parse_atom(struct parse *s, int depth)
{
	unsigned char *set;
	int c = (unsigned char)*s->p++, n, any = c == '.';

	switch (c) {
	case '(':
		if (depth >= ERE_MAX_DEPTH)
			return fail(s, "groups nested too deep");
		n = parse_alt(s, depth + 1);
		if (n < 0)
			return -1;
		if (*s->p != ')')
			return fail(s, "unmatched '('");
		s->p++;
		return n;
	case '[':
		return parse_bracket(s);
	case '^':
		return node(s, N_BOL, 0, 0);
	case '$':
		return node(s, N_EOL, 0, 0);
	case '\\':
		c = (unsigned char)*s->p++;
		if (!c)
			return fail(s, "trailing backslash");
		break;
	case '*':
	case '+':
	case '?':
	case '{':
		return fail(s, "nothing to repeat");
	}
	set = s->sets[s->ns];
	memset(set, 0, 32);
	if (any)
		set_add(set, 1, 255);
	else
		set_add(set, c, c);
	return node(s, N_SET, s->ns++, 0);
}

static int parse_piece(struct parse *s, int depth)
{
	int n = parse_atom(s, depth);
	int anchor = n >= 0 && (s->nodes[n].type == N_BOL || s->nodes[n].type == N_EOL);

	while (n >= 0 && *s->p && strchr("*+?{", *s->p)) {
		int min = 0, max = -1, c = *s->p++;

		if (anchor)
			return fail(s, "nothing to repeat");
		if (c == '+')
			min = 1;
		else if (c == '?')
			max = 1;
		else if (c == '{' && parse_interval(s, &min, &max) < 0)
			return -1;
		n = node(s, N_REP, n, 0);
		s->nodes[n].min = min;
		s->nodes[n].max = max;
	}
	return n;
}

/* A ')' ends a group; with no group open it is a literal (glibc). */
static int parse_branch(struct parse *s, int depth)
{
	int n = -1;

	while (*s->p && *s->p != '|' && !(*s->p == ')' && depth > 0)) {
		int m = parse_piece(s, depth);

		if (m < 0)
			return -1;
		n = n < 0 ? m : node(s, N_CAT, n, m);
	}
	return n < 0 ? node(s, N_EMPTY, 0, 0) : n;
}

static int parse_alt(struct parse *s, int depth)
{
	int n = parse_branch(s, depth);

	while (n >= 0 && *s->p == '|') {
		int m;

		s->p++;
		m = parse_branch(s, depth);
		n = m < 0 ? -1 : node(s, N_ALT, n, m);
	}
	return n;
}

static int put(struct code *c, int op, int x, int y)
{
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		struct ere_inst *p;

		if (c->n >= ERE_MAX_INST || !(p = realloc(c->prog, (size_t)cap * sizeof(*p))))
			return -1;
		c->prog = p;
		c->cap = cap;
	}
	c->prog[c->n].op = (unsigned char)op;
	c->prog[c->n].x = x;
	c->prog[c->n].y = y;
	return c->n++;
}

static int emit(struct code *c, const struct node *nodes, int i)
{
	const struct node *n = &nodes[i];
	int k, l, j;

	switch (n->type) {
	case N_SET:
		return put(c, I_SET, n->a, 0) < 0 ? -1 : 0;
	case N_BOL:
	case N_EOL:
		return put(c, n->type == N_BOL ? I_BOL : I_EOL, 0, 0) < 0 ? -1 : 0;
	case N_EMPTY:
		return 0;
	case N_CAT:
		return emit(c, nodes, n->a) < 0 ? -1 : emit(c, nodes, n->b);
	case N_ALT:
		if ((l = put(c, I_SPLIT, c->n + 1, 0)) < 0 || emit(c, nodes, n->a) < 0 ||
		    (j = put(c, I_JMP, 0, 0)) < 0)
			return -1;
		c->prog[l].y = c->n;
		if (emit(c, nodes, n->b) < 0)
			return -1;
		c->prog[j].x = c->n;
		return 0;
	}
	/* N_REP: min copies, then a loop or max - min optional ones. */
	for (k = 0; k < n->min; k++)
		if (emit(c, nodes, n->a) < 0)
			return -1;
	if (n->max < 0) {
		if ((l = put(c, I_SPLIT, c->n + 1, 0)) < 0 || emit(c, nodes, n->a) < 0 ||
		    put(c, I_JMP, l, 0) < 0)
			return -1;
		c->prog[l].y = c->n;
		return 0;
	}
	l = c->n;
	for (k = n->min; k < n->max; k++)
		if (put(c, I_SPLIT, c->n + 1, 0) < 0 || emit(c, nodes, n->a) < 0)
			return -1;
	/* Every SPLIT of these copies may skip to here. */
	for (; l < c->n; l++)
		if (c->prog[l].op == I_SPLIT && c->prog[l].y == 0 && c->prog[l].x == l + 1)
			c->prog[l].y = c->n;
	return 0;
}

int bb_re_compile(struct bb_re *re, const char *pattern, struct bb_err *e)
{
	size_t len = strlen(pattern);
	struct parse s = { .p = pattern };
	struct code c = { 0 };
	int root;

	memset(re, 0, sizeof(*re));
	/* At most two nodes a byte (an atom and its concatenation, a '|'
	 * and an empty branch), and one more for an empty pattern. */
	s.nodes = calloc(2 * len + 2, sizeof(*s.nodes));
	s.sets = calloc(len + 1, sizeof(*s.sets));
	if (!s.nodes || !s.sets) {
		free(s.nodes);
		free(s.sets);
		return bb_err_set(e, ENOMEM, "regular expression");
	}
	root = parse_alt(&s, 0);
	if (root >= 0 && (emit(&c, s.nodes, root) < 0 || put(&c, I_MATCH, 0, 0) < 0))
		fail(&s, "too big");
	free(s.nodes);
	if (s.err) {
		free(s.sets);
		free(c.prog);
		return bb_err_set(e, 0, "%s", s.err);
	}
	re->prog = c.prog;
	re->sets = s.sets;
	re->n = c.n;
	return 0;
}

struct run {
	const struct bb_re *re;
	const unsigned char *s;
	int *mark, *stack;
};

/* Add pc and what it leads to without taking a byte, at position pos, to
 * list; 1 when MATCH is among them. */
static int add(const struct run *r, int *list, int *n, int pc, size_t pos)
{
	int sp = 0;

	r->stack[sp++] = pc;
	while (sp > 0) {
		const struct ere_inst *in;

		pc = r->stack[--sp];
		if (r->mark[pc] == (int)pos + 1)
			continue;
		r->mark[pc] = (int)pos + 1;
		in = &r->re->prog[pc];
		switch (in->op) {
		case I_MATCH:
			return 1;
		case I_SET:
			list[(*n)++] = pc;
			break;
		case I_JMP:
			r->stack[sp++] = in->x;
			break;
		case I_SPLIT:
			r->stack[sp++] = in->y;
			r->stack[sp++] = in->x;
			break;
		case I_BOL:
			if (pos == 0)
				r->stack[sp++] = pc + 1;
			break;
		case I_EOL:
			if (!r->s[pos])
				r->stack[sp++] = pc + 1;
			break;
		}
	}
	return 0;
}

int bb_re_match(const struct bb_re *re, const char *str)
{
	struct run r = { .re = re, .s = (const unsigned char *)str };
	int *buf = calloc((size_t)re->n * 5 + 1, sizeof(int)), *cl, *nl, nc = 0, found = 0;
	size_t pos;

	if (!buf)
		return 0;
	cl = buf;
	nl = buf + re->n;
	r.mark = buf + 2 * re->n;
	r.stack = buf + 3 * re->n; /* each pc at most twice on it */
	for (pos = 0; !found; pos++) {
		int nn = 0, i, c = r.s[pos], *t;

		found = add(&r, cl, &nc, 0, pos);
		if (found || !c)
			break;
		for (i = 0; i < nc && !found; i++) {
			const struct ere_inst *in = &re->prog[cl[i]];

			if (re->sets[in->x][c >> 3] & (1u << (c & 7)))
				found = add(&r, nl, &nn, cl[i] + 1, pos + 1);
		}
		t = cl, cl = nl, nl = t;
		nc = nn;
	}
	free(buf);
	return found;
}

void bb_re_free(struct bb_re *re)
{
	free(re->prog);
	free(re->sets);
	memset(re, 0, sizeof(*re));
}
