/* ls: list containers (lxc-ls). */
//config:config LS
//config:	bool "ls: list containers (lxc-ls)"
//config:	default y
//config:	help
//config:	  List the containers of an lxcpath, by name or in lxc-ls's
//config:	  --fancy table, filtered by state, group or a regular expression.
//applet:ls lxc-ls
//usage:[-1] [-f|--fancy] [-F COLUMNS] [--running|--stopped|--frozen|--active] [-g GROUPS] [--json] [-P LXCPATH] [--filter REGEX | REGEX]
//usage:
//usage:List the containers (whose names match REGEX, an extended regular expression).
//usage:
//usage:  -1, --line           one name per line
//usage:  -f, --fancy          a table (columns NAME STATE AUTOSTART GROUPS IPV4 IPV6 UNPRIVILEGED)
//usage:  -F, --fancy-format COLUMNS  the table's columns, comma-separated, from
//usage:                       NAME STATE PID AUTOSTART GROUPS IPV4 IPV6 UNPRIVILEGED RAM SWAP
//usage:      --running        only running ones      --stopped   only stopped ones
//usage:      --frozen         only frozen ones       --active    running or frozen
//usage:  -g, --groups GROUPS  only those in all of GROUPS (comma-separated)
//usage:      --filter REGEX   the same as the REGEX operand
//usage:      --json           a JSON array of objects with the table's columns
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "conf.h"
#include "container.h"
#include "ct_cgroup.h"
#include "ct_net.h"
#include "ere.h"

struct row {
	const char *name;
	const char *lxcpath;
	struct ct_status st;
	struct lxc_conf *conf;   /* NULL when it cannot be read */
	int have_addrs;          /* v4, v6 looked up (once per row) */
	char *v4, *v6;
};

enum col { C_NAME, C_STATE, C_PID, C_AUTOSTART, C_GROUPS, C_IPV4, C_IPV6, C_UNPRIV, C_RAM, C_SWAP,
	   C_MAX };

static const char *const col_names[C_MAX] = {
	"NAME", "STATE", "PID", "AUTOSTART", "GROUPS", "IPV4", "IPV6", "UNPRIVILEGED", "RAM", "SWAP",
};

/* lxc-ls's RAM and SWAP: MB with two decimals, "-" when stopped. */
static char *mem_cell(const struct row *r, int swap)
{
	struct ct_stats s;
	struct container c;
	struct bb_err e;
	unsigned long long v;
	int ok;

	if (!r->st.init_pid || ct_init(&c, r->lxcpath, r->name, &e) < 0)
		return xstrdup("-");
	ok = ct_cgroup_stats(&c, &s, &e) == 0 && (s.have & (1u << CT_STAT_MEM));
	ct_free(&c);
	if (!ok)
		return xstrdup("-");
	v = s.v[CT_STAT_MEM];
	if (swap)
		v = (s.have & (1u << CT_STAT_MEMSW)) && s.v[CT_STAT_MEMSW] > v ? s.v[CT_STAT_MEMSW] - v : 0;
	return xasprintf("%.2fMB", v / 1048576.0);
}

/* The text of one cell (malloc'd). Addresses: those of the container's
 * own network namespace, lo excluded (as in lxc-ls); "-" when none. */
static char *cell(struct row *r, enum col c)
{
	size_t i;
	char *s;

	switch (c) {
	case C_NAME:
		return xstrdup(r->name);
	case C_STATE:
		return xstrdup(ct_state_name(r->st.state));
	case C_PID:
		return r->st.init_pid ? xasprintf("%d", (int)r->st.init_pid) : xstrdup("-");
	case C_AUTOSTART:
		return xstrdup(r->conf && r->conf->start_auto ? "1" : "0");
	case C_GROUPS:
		if (!r->conf || !r->conf->groups.n)
			return xstrdup("-");
		s = xstrdup(r->conf->groups.v[0]);
		for (i = 1; i < r->conf->groups.n; i++) {
			char *t = xasprintf("%s, %s", s, r->conf->groups.v[i]);

			free(s);
			s = t;
		}
		return s;
	case C_IPV4:
	case C_IPV6:
		if (!r->have_addrs && r->st.init_pid && !ct_net_shared(r->st.init_pid))
			ct_net_addr_texts(r->st.init_pid, ", ", &r->v4, &r->v6);
		r->have_addrs = 1;
		s = c == C_IPV4 ? r->v4 : r->v6;
		return xstrdup(s ? s : "-");
	case C_UNPRIV:
		return xstrdup(r->conf && r->conf->n_idmap ? "true" : "false");
	case C_RAM:
	case C_SWAP:
		return mem_cell(r, c == C_SWAP);
	case C_MAX:
		break;
	}
	return xstrdup("");
}

static int parse_columns(const char *spec, enum col *cols)
{
	char *copy = xstrdup(spec), *tok, *save = NULL;
	int n = 0, k;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (k = 0; k < C_MAX; k++)
			if (strcasecmp(tok, col_names[k]) == 0)
				break;
		if (k == C_MAX)
			bb_error_msg_and_die("unknown column '%s' (%s)", tok,
					     "NAME STATE PID AUTOSTART GROUPS IPV4 IPV6 UNPRIVILEGED");
		if (n < 32)
			cols[n++] = k;
	}
	free(copy);
	return n;
}

/* lxc-ls -g: the container must be in every one of the comma-separated
 * GROUPS (lxc-ls(1): "groups a container must have to be displayed"). */
static int in_groups(const struct row *r, const char *groups)
{
	char *copy, *tok, *save = NULL;
	int all = 1;
	size_t i;

	if (!r->conf)
		return 0;
	copy = xstrdup(groups);
	for (tok = strtok_r(copy, ",", &save); tok && all; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < r->conf->groups.n; i++)
			if (strcmp(tok, r->conf->groups.v[i]) == 0)
				break;
		all = i < r->conf->groups.n;
	}
	free(copy);
	return all;
}

static void print_table(struct row *rows, size_t n, const enum col *cols, int ncols)
{
	size_t width[32], i;
	char ***cells;
	int k;

	if (!n)
		return; /* lxc-ls prints no header for an empty list */
	cells = xzalloc(n * sizeof(*cells));
	for (k = 0; k < ncols; k++)
		width[k] = strlen(col_names[cols[k]]);
	for (i = 0; i < n; i++) {
		cells[i] = xzalloc(ncols * sizeof(**cells));
		for (k = 0; k < ncols; k++) {
			cells[i][k] = cell(&rows[i], cols[k]);
			if (strlen(cells[i][k]) > width[k])
				width[k] = strlen(cells[i][k]);
		}
	}
	for (k = 0; k < ncols; k++)
		printf("%-*s ", (int)width[k], col_names[cols[k]]);
	printf("\n");
	for (i = 0; i < n; i++) {
		for (k = 0; k < ncols; k++) {
			printf("%-*s ", (int)width[k], cells[i][k]);
			free(cells[i][k]);
		}
		printf("\n");
		free(cells[i]);
	}
	free(cells);
}

static void print_json(struct row *rows, size_t n, const enum col *cols, int ncols)
{
	size_t i;
	int k;

	printf("[");
	for (i = 0; i < n; i++) {
		printf("%s{", i ? ", " : "");
		for (k = 0; k < ncols; k++) {
			char *v = cell(&rows[i], cols[k]), *lc = xstrdup(col_names[cols[k]]), *p;

			for (p = lc; *p; p++)
				*p = *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p;
			printf("%s\"%s\": ", k ? ", " : "", lc);
			json_put_str(stdout, v);
			free(v);
			free(lc);
		}
		printf("}");
	}
	printf("]\n");
}

/* lxc-ls's layout: each name padded to the longest one (at least the
 * width of "NAME"), then a blank, or a line break when the next one would
 * not fit the terminal; not on a terminal (width 0), one padded name a line. */
static void print_names(const struct row *rows, size_t n, int one_per_line)
{
	size_t i, w = 4, len = 0, term = 0;
	struct winsize ws;

	if (one_per_line) {
		for (i = 0; i < n; i++)
			printf("%s\n", rows[i].name);
		return;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		term = ws.ws_col;
	for (i = 0; i < n; i++)
		if (strlen(rows[i].name) > w)
			w = strlen(rows[i].name);
	for (i = 0; i < n; i++) {
		printf("%-*s", (int)w, rows[i].name);
		len += w;
		if (len + w >= term) {
			printf("\n");
			len = 0;
		} else {
			printf(" ");
			len++;
		}
	}
	if (len)
		printf("\n");
}

int ls_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	int line = 0, fancy = 0, running = 0, stopped = 0, frozen = 0, active = 0, json = 0;
	const char *format = NULL, *groups = NULL, *filter = NULL;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "1|line", BB_OPT_FLAG, &line, 0, 0, NULL, 0 },
		{ "f|fancy", BB_OPT_FLAG, &fancy, 0, 0, NULL, 0 },
		{ "F|fancy-format", BB_OPT_STR, &format, 0, 0, NULL, 0 },
		{ "|running", BB_OPT_FLAG, &running, 0, 0, NULL, 0 },
		{ "|stopped", BB_OPT_FLAG, &stopped, 0, 0, NULL, 0 },
		{ "|frozen", BB_OPT_FLAG, &frozen, 0, 0, NULL, 0 },
		{ "|active", BB_OPT_FLAG, &active, 0, 0, NULL, 0 },
		{ "g|groups", BB_OPT_STR, &groups, 0, 0, NULL, 0 },
		{ "|json", BB_OPT_FLAG, &json, 0, 0, NULL, 0 },
		{ "|filter", BB_OPT_STR, &filter, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	enum col cols[32] = { C_NAME, C_STATE, C_AUTOSTART, C_GROUPS, C_IPV4, C_IPV6, C_UNPRIV };
	int ncols = 7, i, need_conf;
	struct row *rows;
	char **names;
	size_t n, k, kept = 0;
	struct bb_err e;
	struct bb_re re;

	i = bb_getopt(argc, argv, opts, 0);
	if (argc - i > 1)
		bb_show_usage();
	lxc_args_finish(&a, 0);
	if (a.name)
		bb_error_msg_and_die("ls takes no -n (give a REGEX)");
	if (i < argc)
		filter = argv[i];
	if (filter && bb_re_compile(&re, filter, &e) < 0)
		bb_error_msg_and_die("invalid regular expression '%s': %s", filter, e.msg);
	if (format) {
		ncols = parse_columns(format, cols);
		fancy = 1;
	}
	if (ct_list(a.lxcpath, &names, &n, &e) < 0)
		bb_err_die(&e);
	need_conf = fancy || json || groups;
	rows = xzalloc((n ? n : 1) * sizeof(*rows));
	for (k = 0; k < n; k++) {
		struct row *r = &rows[kept];
		struct container c;
		int want;

		if (filter && !bb_re_match(&re, names[k]))
			continue;
		r->name = names[k];
		r->lxcpath = a.lxcpath;
		if ((running || stopped || frozen || active || fancy || json) &&
		    ct_init(&c, a.lxcpath, names[k], &e) == 0) {
			if (ct_get_status(&c, &r->st, &e) < 0)
				r->st.state = CT_STOPPED;
			ct_free(&c);
		}
		want = !(running || stopped || frozen || active) ||
		       (running && r->st.state == CT_RUNNING) ||
		       (stopped && r->st.state == CT_STOPPED) ||
		       (frozen && r->st.state == CT_FROZEN) ||
		       (active && r->st.state != CT_STOPPED);
		if (want && need_conf) {
			char *path = xasprintf("%s/%s/config", a.lxcpath, names[k]);

			r->conf = conf_new();
			if (r->conf && conf_load_file(r->conf, path, &e) < 0) {
				bb_warn_msg("%s", e.msg);
				conf_free(r->conf);
				r->conf = NULL;
			}
			free(path);
		}
		if (want && groups && !in_groups(r, groups))
			want = 0;
		if (!want) {
			conf_free(r->conf);
			memset(r, 0, sizeof(*r));
			continue;
		}
		kept++;
	}
	if (json)
		print_json(rows, kept, cols, ncols);
	else if (fancy)
		print_table(rows, kept, cols, ncols);
	else
		print_names(rows, kept, line);
	for (k = 0; k < kept; k++) {
		conf_free(rows[k].conf);
		free(rows[k].v4);
		free(rows[k].v6);
	}
	free(rows);
	ct_list_free(names, n);
	if (filter)
		bb_re_free(&re);
	return 0;
}
