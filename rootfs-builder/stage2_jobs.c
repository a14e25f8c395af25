/* Which maintainer scripts run when (stage2_int.h): a package's script
 * after the scripts of the packages it needs (and, outside the Essential
 * closure, after the closure's), the scripts of one class of shared
 * state one at a time in the configure order (each class a lane), the
 * rest side by side.
 *
 * Among the scripts that may start, the one with the longest chain of
 * scripts waiting on it goes first (a debconf script counts as three: the
 * frontend is perl), so libc6's postinst, which nearly everything waits
 * for, does not queue behind tzdata's. With one job at a time the order
 * is the resolver's, as `dpkg --configure -a` would take it. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stage2_int.h"
#include "tar.h"

#define SCRIPT_MAX (4u << 20)
#define JOBS_MAX 16
#define TRIGGERS_MAX (64u << 10)

/* ---- what a script touches ---- */

static const struct {
	const char *word;
	unsigned cls;
} tools[] = {
	{ "debconf", S2_DEBCONF }, { "confmodule", S2_DEBCONF },
	{ "debconf-set-selections", S2_DEBCONF }, { "dpkg-reconfigure", S2_DEBCONF },
	{ "pam-auth-update", S2_DEBCONF }, { "ucf", S2_DEBCONF | S2_CACHES },
	{ "ucfr", S2_DEBCONF | S2_CACHES }, { "ucfq", S2_DEBCONF | S2_CACHES },
	{ "dpkg-divert", S2_DPKG | S2_ALONE }, /* a diversion moves a file others may run */
	{ "dpkg-statoverride", S2_DPKG },
	{ "update-alternatives", S2_DPKG }, { "dpkg-trigger", S2_DPKG },
	{ "adduser", S2_USERS }, { "addgroup", S2_USERS }, { "deluser", S2_USERS },
	{ "delgroup", S2_USERS }, { "useradd", S2_USERS }, { "usermod", S2_USERS },
	{ "userdel", S2_USERS }, { "groupadd", S2_USERS }, { "groupmod", S2_USERS },
	{ "groupdel", S2_USERS }, { "gpasswd", S2_USERS }, { "chpasswd", S2_USERS },
	{ "chgpasswd", S2_USERS }, { "newusers", S2_USERS }, { "pwconv", S2_USERS },
	{ "grpconv", S2_USERS }, { "shadowconfig", S2_USERS }, { "chsh", S2_USERS },
	{ "chfn", S2_USERS }, { "systemd-sysusers", S2_USERS },
	{ "chown", S2_USERS }, { "chgrp", S2_USERS }, /* they read the names */
	{ "add-shell", S2_SHELLS }, { "remove-shell", S2_SHELLS },
	{ "ldconfig", S2_LDCONFIG },
	{ "insserv", S2_RC }, { "systemd-tmpfiles", S2_USERS | S2_CACHES },
	{ "install-info", S2_CACHES },
	{ "fc-cache", S2_CACHES }, { "mandb", S2_CACHES }, { "glib-compile-schemas", S2_CACHES },
	{ "gtk-update-icon-cache", S2_CACHES }, { "locale-gen", S2_CACHES },
	{ "depmod", S2_CACHES }, { "udevadm", S2_CACHES }, { "systemd-hwdb", S2_CACHES },
	{ "mkfontdir", S2_CACHES }, { "mkfontscale", S2_CACHES },
	{ "py3compile", S2_CACHES }, { "pycompile", S2_CACHES },
	{ "update-state", 0 }, /* deb-systemd-helper's, of its own unit */
};

/* Every update-* tool rebuilds something shared (update-shells,
 * update-rc.d, update-ca-certificates, update-mime ...). */
static const struct {
	const char *prefix;
	unsigned cls;
} families[] = {
	{ "update-shells", S2_SHELLS }, { "update-rc.d", S2_RC }, { "update-inetd", S2_RC },
	{ "update-passwd", S2_USERS }, { "update-", S2_CACHES },
};

static int word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == '+';
}

static unsigned word_classes(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tools); i++)
		if (strlen(tools[i].word) == len && !memcmp(tools[i].word, w, len))
			return tools[i].cls;
	for (i = 0; i < ARRAY_SIZE(families); i++) {
		size_t pl = strlen(families[i].prefix);

		if (len >= pl && !memcmp(families[i].prefix, w, pl))
			return families[i].cls;
	}
	return 0;
}

/* A shell script: "#!" then /bin/sh, /bin/bash or /bin/dash (also under
 * /usr). */
static int is_shell(const char *t, size_t len)
{
	static const char *const shells[] = { "sh", "bash", "dash" };
	const char *p = t + 2, *end = t + len, *name;
	size_t i, n;

	if (len < 2 || t[0] != '#' || t[1] != '!')
		return 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p >= 4 && !memcmp(p, "/usr", 4))
		p += 4;
	if (end - p < 5 || memcmp(p, "/bin/", 5))
		return 0;
	name = p += 5;
	while (p < end && *p != ' ' && *p != '\t' && *p != '\n')
		p++;
	n = (size_t)(p - name);
	for (i = 0; i < ARRAY_SIZE(shells); i++)
		if (strlen(shells[i]) == n && !memcmp(shells[i], name, n))
			return 1;
	return 0;
}

/* The shell named after the "#!" line: a script that may replace
 * /bin/sh (dash's removes it for a moment) runs alone, since every other
 * script needs it. */
static int names_the_shell(const char *t, size_t len)
{
	const char *p = memchr(t, '\n', len), *end = t + len;

	while (p && (p = memmem(p, (size_t)(end - p), "bin/sh", 6))) {
		p += 6;
		if (p == end || !word_char((unsigned char)*p))
			return 1;
	}
	return 0;
}

unsigned s2_classes(const char *text, size_t len)
{
	unsigned cls = 0;
	size_t i = 0, w;

	if (!is_shell(text, len) || memchr(text, '\0', len) || names_the_shell(text, len))
		return S2_ALONE;
	while (i < len) {
		while (i < len && !word_char((unsigned char)text[i]))
			i++;
		for (w = i; i < len && word_char((unsigned char)text[i]); i++)
			;
		cls |= word_classes(text + w, i - w);
	}
	return cls;
}

/* ---- the scripts ---- */

static char *const script_env[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"DEBIAN_FRONTEND=noninteractive",
	"DEBCONF_NONINTERACTIVE_SEEN=true",
	"LC_ALL=C.UTF-8",
	"LANGUAGE=C",
	"HOME=/root",
	"TERM=dumb",
	NULL
};

pid_t s2_spawn(char *const argv[], char *const *extra, int outfd)
{
	char *env[ARRAY_SIZE(script_env) + 12];
	size_t n = 0, i;
	pid_t pid;

	for (i = 0; script_env[i]; i++)
		env[n++] = script_env[i];
	for (i = 0; extra && extra[i] && n < ARRAY_SIZE(env) - 1; i++)
		env[n++] = extra[i];
	env[n] = NULL;
	pid = fork();
	if (pid == 0) {
		int in;

		dup2(outfd, 1);
		dup2(outfd, 2);
		if (chroot(".") < 0 || chdir("/") < 0)
			_exit(126);
		/* nothing to read: scripts side by side must not share a terminal */
		if ((in = open("/dev/null", O_RDONLY)) > 0) {
			dup2(in, 0);
			close(in);
		}
		execve(argv[0], argv, env);
		dprintf(2, "ctbox: can't run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

enum { J_WAIT, J_RUN, J_DONE };

struct job {
	const struct pkg *p;
	char *path;        /* the script in the root ("/var/lib/dpkg/info/..."), or NULL */
	unsigned cls, prio;
	pid_t pid;
	int out;           /* its output until it ends, or -1: the log itself */
	unsigned char state;
};

/* The package's name as dpkg names it to others: with ":ARCH" when
 * Multi-Arch: same. */
static void pkg_name(const struct pkg *p, char *buf, size_t n)
{
	snprintf(buf, n, p->ma == MA_SAME ? "%s:%s" : "%s", p->name, p->arch);
}

/* var/lib/dpkg/info/NAME.WHAT of p in the target (NAME with ":ARCH" for
 * Multi-Arch: same), NUL-terminated in *text when it is at most max
 * bytes (else *text NULL). Returns 0 when p has no such file. */
static int read_info(const struct s2_pass *c, const struct pkg *p, const char *what,
		     size_t max, char **text, size_t *len)
{
	char path[400], name[300];
	struct stat sb;
	ssize_t n = -1;
	int fd;

	*text = NULL;
	*len = 0;
	pkg_name(p, name, sizeof(name));
	snprintf(path, sizeof(path), "var/lib/dpkg/info/%s.%s", name, what);
	if ((fd = tar_open_in_root(c->s->rootfd, path, O_RDONLY, 0)) < 0)
		return 0;
	if (fstat(fd, &sb) == 0 && (unsigned long long)sb.st_size <= max) {
		*text = xmalloc((size_t)sb.st_size + 1);
		n = full_read(fd, *text, (size_t)sb.st_size);
	}
	close(fd);
	if (n < 0) {
		free(*text);
		*text = NULL;
	} else {
		(*text)[n] = '\0';
		*len = (size_t)n;
	}
	return 1;
}

/* The package's script: its path in the root and its classes (one too
 * big to read runs alone). */
static void find_script(struct s2_pass *c, struct job *j)
{
	char name[300], *text;
	size_t len;

	if (!read_info(c, j->p, c->script, SCRIPT_MAX, &text, &len))
		return;
	pkg_name(j->p, name, sizeof(name));
	j->path = xasprintf("/var/lib/dpkg/info/%s.%s", name, c->script);
	j->cls = text ? s2_classes(text, len) : S2_ALONE;
	if (j->cls & S2_ALONE) /* and in its place in every class */
		j->cls = S2_ALONE | (S2_ALONE - 1);
	free(text);
}

/* What dpkg tells a maintainer script about itself (dpkg-maintscript-helper
 * and debconf need it). */
static char *const *maint_env(const struct s2_pass *c, const struct pkg *p)
{
	static char pkg[300], arch[64], name[64], ver[200];
	static char *env[] = { pkg, arch, name, ver, "DPKG_MAINTSCRIPT_PACKAGE_REFCOUNT=1",
			       "DPKG_ADMINDIR=/var/lib/dpkg", "DPKG_ROOT=",
			       "DPKG_MAINTSCRIPT_DEBUG=0", "DPKG_FORCE=security-mac,downgrade", NULL };

	snprintf(pkg, sizeof(pkg), "DPKG_MAINTSCRIPT_PACKAGE=%s", p->name);
	snprintf(arch, sizeof(arch), "DPKG_MAINTSCRIPT_ARCH=%s", p->arch);
	snprintf(name, sizeof(name), "DPKG_MAINTSCRIPT_NAME=%s", c->script);
	snprintf(ver, sizeof(ver), "DPKG_RUNNING_VERSION=%s", c->dpkg_version);
	return env;
}

static int fail(struct s2_pass *c, const char *fmt, ...) PRINTF_LIKE(2, 3);
static int fail(struct s2_pass *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- the states, as dpkg moves them ---- */

struct states {
	int dpkglog;       /* var/log/dpkg.log, or -1 */
	int dirty;
};

/* A dpkg.log line: "DATE TIME WHAT[ PKG:ARCH VERSION]", as dpkg writes it
 * ("configure" lines end with the version configured before: none). */
static void dpkg_log(struct states *st, const char *what, const struct pkg *p)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;

	if (st->dpkglog < 0)
		return;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&now, &tm));
	if (!p)
		dprintf(st->dpkglog, "%s %s\n", when, what);
	else
		dprintf(st->dpkglog, "%s %s %s:%s %s%s\n", when, what, p->name, p->arch,
			p->version, !strcmp(what, "configure") ? " <none>" : "");
}

static int set_state(struct s2_pass *c, struct states *st, const struct job *j, int done)
{
	struct bb_err e;

	if (!c->configure)
		return 0;
	if (!done)
		dpkg_log(st, "configure", j->p);
	dpkg_log(st, done ? "status installed" : "status half-configured", j->p);
	if (c->s->db && dpkgdb_set_status(c->s->db, j->p->name, done ? "install ok installed" :
					  "install ok half-configured", &e) < 0)
		return fail(c, "%s", e.msg);
	st->dirty = 1;
	return 0;
}

static int write_states(struct s2_pass *c, struct states *st)
{
	struct bb_err e;

	if (!st->dirty || !c->s->db)
		return 0;
	st->dirty = 0;
	if (dpkgdb_write_status(c->s->db, &e) < 0)
		return fail(c, "%s", e.msg);
	return 0;
}

/* ---- the schedule ---- */

static unsigned cpus(void)
{
	cpu_set_t set;
	int n = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;

	return n < 1 ? 1 : n > JOBS_MAX ? JOBS_MAX : (unsigned)n;
}

/* Each job's priority: the longest chain of scripts waiting on it, itself
 * included. The needs point to earlier jobs only, so one backward sweep
 * settles it. */
static void priorities(const struct rb_stage2 *s, struct job *j)
{
	unsigned *tail = xzalloc((s->n + 1) * sizeof(*tail));

	for (size_t i = s->n; i-- > 0;) {
		unsigned w = j[i].path ? (j[i].cls & S2_DEBCONF ? 3 : 1) : 0;

		j[i].prio = w + tail[i];
		for (size_t k = s->need_first[i]; k < s->need_first[i + 1]; k++)
			if (tail[s->need[k]] < j[i].prio)
				tail[s->need[k]] = j[i].prio;
	}
	free(tail);
}

static const struct job *sort_jobs;

static int by_prio(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (sort_jobs[x].prio != sort_jobs[y].prio)
		return sort_jobs[x].prio > sort_jobs[y].prio ? -1 : 1;
	return x < y ? -1 : x > y;
}

#define LANES 7 /* the classes, S2_ALONE's bits below */

struct sched {
	struct job *j;
	uint32_t *rank;          /* job indices, the first to start first */
	size_t lane[LANES];      /* each class's next script (in order) */
	size_t base_left;        /* order[0 .. n_base) not done yet */
	int barrier;             /* the others wait for all of it (postinsts) */
	unsigned running, max, alone;
	size_t left;
	struct states st;
};

/* Job i's turn has come: what it needs is done, and the Essential
 * closure when it is outside it (postinsts); it is the next script of
 * each of its classes. */
static int its_turn(const struct rb_stage2 *s, const struct sched *q, size_t i)
{
	const struct job *j = &q->j[i];

	if (j->state != J_WAIT || (q->barrier && i >= s->n_base && q->base_left))
		return 0;
	for (size_t k = s->need_first[i]; k < s->need_first[i + 1]; k++)
		if (q->j[s->need[k]].state != J_DONE)
			return 0;
	for (unsigned c = 0; c < LANES; c++)
		if (j->cls & 1u << c && q->lane[c] != i)
			return 0;
	return 1;
}

/* ... and a slot is free (every slot for a script that runs alone). */
static int may_start(const struct rb_stage2 *s, const struct sched *q, size_t i)
{
	if (!its_turn(s, q, i))
		return 0;
	if (!q->j[i].path)
		return 1;
	if (q->running >= q->max || q->alone)
		return 0;
	return !(q->j[i].cls & S2_ALONE) || !q->running;
}

/* Job i runs alone and waits only for the scripts running to end: start
 * nothing more before it. */
static int drain_for(const struct rb_stage2 *s, const struct sched *q, size_t i)
{
	return q->j[i].cls & S2_ALONE && q->running && its_turn(s, q, i);
}

/* Each class's next script: the first one not done. */
static void lanes_on(const struct rb_stage2 *s, struct sched *q)
{
	for (unsigned c = 0; c < LANES; c++)
		while (q->lane[c] < s->n && (q->j[q->lane[c]].state == J_DONE ||
					     !(q->j[q->lane[c]].cls & 1u << c)))
			q->lane[c]++;
}

static void job_done(const struct rb_stage2 *s, struct sched *q, struct job *j)
{
	size_t i = (size_t)(j - q->j);

	j->state = J_DONE;
	q->left--;
	if (i < s->n_base)
		q->base_left--;
	lanes_on(s, q);
}

static int start(struct s2_pass *c, struct job *j)
{
	char *argv[] = { j->path, (char *)c->arg1, "", NULL };

	j->out = memfd_create("ctbox-script", MFD_CLOEXEC);
	if (j->out < 0)
		dprintf(c->logfd, "ctbox: %s: %s %s\n", j->p->name, c->script, c->arg1);
	j->pid = s2_spawn(argv, maint_env(c, j->p), j->out >= 0 ? j->out : c->logfd);
	if (j->pid < 0)
		return fail(c, "%s: can't run %s: %s", j->p->name, c->script, strerror(errno));
	return 0;
}

/* Start what may start now: packages without the script are done at
 * once (which may free others), then the scripts, in rank order. */
static int start_ready(struct s2_pass *c, struct sched *q)
{
	struct rb_stage2 *s = c->s;
	struct job *batch[JOBS_MAX];
	size_t nb = 0, k;
	int again = 1;

	while (again) {
		again = 0;
		for (k = 0; k < s->n; k++) {
			struct job *j = &q->j[q->rank[k]];

			if (j->path || !may_start(s, q, q->rank[k]))
				continue;
			if (set_state(c, &q->st, j, 0) < 0 || set_state(c, &q->st, j, 1) < 0)
				return -1;
			job_done(s, q, j);
			again = 1;
		}
	}
	for (k = 0; k < s->n && nb < JOBS_MAX; k++) {
		struct job *j = &q->j[q->rank[k]];

		if (drain_for(s, q, q->rank[k]))
			break;
		if (!may_start(s, q, q->rank[k]))
			continue;
		if (set_state(c, &q->st, j, 0) < 0)
			return -1;
		j->state = J_RUN;
		q->alone = !!(j->cls & S2_ALONE);
		q->running++;
		batch[nb++] = j;
	}
	/* the states written before the scripts that may read them start */
	if (write_states(c, &q->st) < 0)
		return -1;
	for (k = 0; k < nb; k++)
		if (start(c, batch[k]) < 0)
			return -1;
	return 0;
}

/* The script's output to the log, after a line naming it. */
static void copy_out(struct s2_pass *c, struct job *j)
{
	char buf[8192];
	ssize_t n;

	if (j->out < 0)
		return;
	dprintf(c->logfd, "ctbox: %s: %s %s\n", j->p->name, c->script, c->arg1);
	if (lseek(j->out, 0, SEEK_SET) == 0)
		while ((n = read(j->out, buf, sizeof(buf))) > 0)
			(void)!write(c->logfd, buf, (size_t)n);
	close(j->out);
	j->out = -1;
}

/* Wait for one script to end. */
static int reap(struct s2_pass *c, struct sched *q)
{
	struct job *j = NULL;
	int st;
	pid_t pid;
	size_t i;

	while ((pid = waitpid(-1, &st, 0)) < 0)
		if (errno != EINTR || (c->s->stop && *c->s->stop))
			return fail(c, errno == EINTR ? "interrupted" : "waiting for the scripts: %s",
				    strerror(errno));
	for (i = 0; i < c->s->n && !j; i++)
		if (q->j[i].state == J_RUN && q->j[i].pid == pid)
			j = &q->j[i];
	if (!j)
		return 0; /* something a script left behind */
	copy_out(c, j);
	st = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (st)
		return fail(c, "%s: %s %s failed (exit status %d)", j->p->name, c->script, c->arg1,
			    st);
	q->running--;
	q->alone = 0;
	job_done(c->s, q, j);
	return set_state(c, &q->st, j, 1);
}

int s2_run_pass(struct s2_pass *c)
{
	struct rb_stage2 *s = c->s;
	struct sched q = { .st = { .dpkglog = -1 } };
	int ret = -1;
	size_t i;

	c->dpkg_version = "1.21.0";
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->order[i]->name, "dpkg"))
			c->dpkg_version = s->order[i]->version;
	q.max = s->jobs ? s->jobs : cpus();
	q.barrier = c->configure;
	if (q.max > JOBS_MAX)
		q.max = JOBS_MAX;
	q.j = xzalloc((s->n + 1) * sizeof(*q.j));
	q.rank = xmalloc((s->n + 1) * sizeof(*q.rank));
	for (i = 0; i < s->n; i++) {
		q.j[i].p = s->order[i];
		q.j[i].out = -1;
		q.rank[i] = (uint32_t)i;
		if (c->want && !c->want[i]) {
			q.j[i].state = J_DONE;
			continue;
		}
		q.left++;
		q.base_left += i < s->n_base;
		find_script(c, &q.j[i]);
	}
	lanes_on(s, &q);
	if (q.max > 1) {
		priorities(s, q.j);
		sort_jobs = q.j;
		qsort(q.rank, s->n, sizeof(*q.rank), by_prio);
	}
	if (c->configure && q.left) {
		q.st.dpkglog = tar_open_in_root(s->rootfd, "var/log/dpkg.log",
						O_WRONLY | O_APPEND | O_CREAT, 0644);
		dpkg_log(&q.st, "startup packages configure", NULL);
	}
	while (q.left) {
		if (s->stop && *s->stop) {
			fail(c, "interrupted");
			goto out;
		}
		if (start_ready(c, &q) < 0)
			goto out;
		if (!q.left)
			break;
		if (!q.running) {
			fail(c, "no maintainer script can run (a dependency loop)");
			goto out;
		}
		if (reap(c, &q) < 0)
			goto out;
	}
	ret = write_states(c, &q.st);
out:
	for (i = 0; i < s->n; i++) {
		if (q.j[i].out >= 0)
			close(q.j[i].out);
		free(q.j[i].path);
	}
	if (q.st.dpkglog >= 0)
		close(q.st.dpkglog);
	free(q.j);
	free(q.rank);
	return ret;
}

/* ---- triggers ---- */

struct trig {
	char **line;       /* "NAME AWAITER" ("-": no one awaits) */
	size_t n;
};

static void trig_add(struct trig *t, const char *name, size_t nlen, const char *who)
{
	char *line = xasprintf("%.*s %s", (int)nlen, name, who);

	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->line[i], line)) {
			free(line);
			return;
		}
	t->line = xrealloc(t->line, (t->n + 1) * sizeof(*t->line));
	t->line[t->n++] = line;
}

/* The "activate*" lines of one package's triggers file. */
static void trig_read(struct s2_pass *c, const struct pkg *p, struct trig *t)
{
	char name[300], *text, *line, *save = NULL;
	size_t len;

	if (!read_info(c, p, "triggers", TRIGGERS_MAX, &text, &len) || !text)
		return;
	pkg_name(p, name, sizeof(name));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *dir = line + strspn(line, " \t"), *arg;
		size_t dl = strcspn(dir, " \t"), al;

		arg = dir + dl + strspn(dir + dl, " \t");
		al = strcspn(arg, " \t\r");
		if (!al)
			continue;
		if (dl == 8 && !memcmp(dir, "activate", 8))
			trig_add(t, arg, al, name);
		else if (dl == 14 && !memcmp(dir, "activate-await", 14))
			trig_add(t, arg, al, name);
		else if (dl == 16 && !memcmp(dir, "activate-noawait", 16))
			trig_add(t, arg, al, "-");
	}
	free(text);
}

int s2_activate_triggers(struct s2_pass *c)
{
	struct trig t = { 0 };
	struct stat sb;
	int fd, ret = 0;
	size_t i;

	for (i = 0; i < c->s->n; i++)
		trig_read(c, c->s->order[i], &t);
	fd = tar_open_in_root(c->s->rootfd, "var/lib/dpkg/triggers/Unincorp",
			      O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0) {
		ret = t.n ? fail(c, "can't open var/lib/dpkg/triggers/Unincorp: %s",
				 strerror(errno)) : 0;
		goto out;
	}
	for (i = 0; i < t.n; i++)
		dprintf(fd, "%s\n", t.line[i]);
	ret = fstat(fd, &sb) == 0 && sb.st_size > 0;
	close(fd);
out:
	for (i = 0; i < t.n; i++)
		free(t.line[i]);
	free(t.line);
	return ret;
}
