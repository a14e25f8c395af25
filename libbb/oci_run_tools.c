/* The commands on a running OCI container: exec (through attach.c, with
 * the process of config.json or --process), ps (the pids of its
 * cgroup), events --stats, pause and resume (the freezer). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attach.h"
#include "ct_cgroup.h"
#include "oci_run.h"

/* --process FILE: a process object, read with the config.json parser. */
static struct oci_spec *process_file(const char *path, struct bb_err *e)
{
	size_t len;
	char *text = read_file(path, OCI_SPEC_MAX, &len), *doc;
	struct oci_spec *s;

	if (!text)
		return bb_err_set(e, errno, "can't read '%s'", path), NULL;
	doc = xasprintf("{\"ociVersion\": \"" OCI_VERSION_DEFAULT "\", \"process\": %.*s}", (int)len, text);
	free(text);
	s = oci_spec_parse(doc, strlen(doc), path, e);
	free(doc);
	if (s && !s->process) {
		oci_spec_free(s);
		return bb_err_set(e, 0, "%s: not a process object", path), NULL;
	}
	return s;
}

/* --user UID[:GID] */
static int parse_user(const char *s, long *uid, long *gid, struct bb_err *e)
{
	char *end;
	int bad;

	errno = 0;
	*uid = strtol(s, &end, 10);
	bad = end == s;
	if (!bad && *end == ':') {
		const char *g = end + 1;

		*gid = strtol(g, &end, 10);
		bad = end == g;
	}
	if (bad || errno || *end || *uid < 0 || *gid < 0 || *uid > 0x7fffffffL || *gid > 0x7fffffffL)
		return bb_err_set(e, 0, "--user '%.40s': expected UID[:GID] (numbers)", s);
	return 0;
}

static void env_set(struct bb_strlist *l, const char *kv)
{
	size_t i, n = strcspn(kv, "=");

	for (i = 0; i < l->n; i++)
		if (strncmp(l->v[i], kv, n) == 0 && l->v[i][n] == '=') {
			l->v[i] = kv;
			return;
		}
	bb_strlist_add(l, kv);
}

int oci_exec(const struct oci_exec_opts *o, struct bb_err *e)
{
	struct attach_opts a = { 0 };
	struct bb_strlist env = { 0 };
	struct oci_spec *s = NULL;
	const struct oci_process *p;
	struct oci_ct ct;
	long uid, gid;
	size_t i;
	int r = -1;

	if (oci_ct_load(&ct, o->root, o->id, e) < 0)
		return -1;
	if (strcmp(ct.status, "running") != 0) {
		bb_err_set(e, 0, "cannot exec in a %s container", ct.status);
		goto out;
	}
	s = o->process_file ? process_file(o->process_file, e) : NULL;
	if (!s && !o->process_file) {
		char *cfg = path_join(ct.bundle, "config.json");

		s = cfg ? oci_spec_load(cfg, e) : NULL;
		free(cfg);
	}
	if (!s)
		goto out;
	p = s->process;
	if (!p) {
		bb_err_set(e, 0, "process: required");
		goto out;
	}
	if (!o->process_file && !(o->cmd && o->cmd[0])) {
		bb_err_set(e, 0, "exec needs a command (or --process FILE)");
		goto out;
	}
	uid = (long)p->user.uid.v;
	gid = (long)p->user.gid.v;
	if (o->user && parse_user(o->user, &uid, &gid, e) < 0)
		goto out;
	for (i = 0; i < p->env.n; i++)
		if (strchr(p->env.v[i], '='))
			env_set(&env, p->env.v[i]);
	for (i = 0; o->env && i < o->env->n; i++) {
		if (!strchr(o->env->v[i], '=')) {
			bb_err_set(e, 0, "--env '%.60s': expected KEY=VALUE", o->env->v[i]);
			goto out;
		}
		env_set(&env, o->env->v[i]);
	}
	a.lxcpath = o->root;
	a.name = o->id;
	a.uid = uid;
	a.gid = gid;
	a.set_vars = &env;
	a.exact_env = 1;
	a.cwd = o->cwd ? o->cwd : p->cwd && *p->cwd ? p->cwd : "/";
	a.cmd = o->cmd && o->cmd[0] ? o->cmd : (char *const *)p->args.v;
	if ((o->tty || (o->process_file && p->terminal.v)) && o->detach && !o->console_socket) {
		bb_err_set(e, 0, "cannot allocate tty if runc will detach without setting console socket");
		goto out;
	}
	if (o->console_socket && !(o->tty || (o->process_file && p->terminal.v))) {
		bb_err_set(e, 0, "cannot use console socket if runc will not detach or allocate tty");
		goto out;
	}
	/* Connected here, on the host's side of the namespaces. */
	a.console_sock = o->console_socket ? oci_console_connect(o->console_socket, e) : -1;
	if (o->console_socket && a.console_sock < 0)
		goto out;
	a.send_console = oci_console_send;
	if (o->detach) {
		pid_t pid;

		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			bb_err_set(e, errno, "fork");
			goto out;
		}
		if (pid == 0) {
			/* It stays, relays signals and exits with the
			 * process's status: the pid file names it. */
			struct bb_err ce;
			int st;

			setsid();
			st = ct_attach(&a, &ce);
			_exit(st < 0 ? 255 : st);
		}
		r = 0;
		if (o->pid_file) {
			char buf[24];
			int n = snprintf(buf, sizeof(buf), "%d", (int)pid);
			int fd = open(o->pid_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

			if (fd < 0 || full_write(fd, buf, n) < 0)
				r = bb_err_set(e, errno, "can't write the pid file '%s'", o->pid_file);
			if (fd >= 0)
				close(fd);
		}
		goto out;
	}
	r = ct_attach(&a, e);
out:
	if (a.console_sock > 0)
		close(a.console_sock);
	bb_strlist_free(&env);
	oci_spec_free(s);
	oci_ct_free(&ct);
	return r;
}

/* ---- ps ---- */

static void add_procs(const char *dir, pid_t **pids, size_t *n)
{
	char *file = path_join(dir, "cgroup.procs"), *text, *p, *end;
	DIR *d;
	struct dirent *de;

	text = file ? read_file(file, 1 << 22, NULL) : NULL;
	for (p = text; p && *p; p = end) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		*pids = xrealloc(*pids, (*n + 1) * sizeof(**pids));
		(*pids)[(*n)++] = (pid_t)v;
		end += strspn(end, "\n");
	}
	free(text);
	free(file);
	d = opendir(dir);
	while (d && (de = readdir(d)) != NULL) {
		char *sub;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		sub = path_join(dir, de->d_name);
		if (sub)
			add_procs(sub, pids, n);
		free(sub);
	}
	if (d)
		closedir(d);
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

int oci_pids(struct oci_ct *o, pid_t **pids, size_t *n, struct bb_err *e)
{
	const struct cg_host *h;
	struct cg_group g;
	int i;

	*pids = NULL;
	*n = 0;
	if (!o->pid)
		return 0;
	if (ct_cgroup_load(&o->c, &h, &g, e) < 0) {
		if (e->errnum != ENOENT)
			return -1;
		/* No cgroups here: the process alone. */
		*pids = xmalloc(sizeof(**pids));
		(*pids)[(*n)++] = o->pid;
		return 0;
	}
	/* One hierarchy is enough: every one holds the same processes. */
	for (i = 0; i < h->n; i++) {
		char *dir;

		if (!g.path[i][0])
			continue;
		dir = cg_path(h, &g, i, "");
		if (dir) {
			add_procs(dir, pids, n);
			free(dir);
			break;
		}
	}
	qsort(*pids, *n, sizeof(**pids), by_pid);
	return 0;
}

/* ---- events --stats ---- */

int oci_events_stats(const char *root, const char *id, FILE *f, struct bb_err *e)
{
	struct oci_ct o;
	struct ct_stats st = { { 0 }, 0 };
	struct json_w w;
	pid_t *pids = NULL;
	size_t n = 0;

	if (oci_ct_load(&o, root, id, e) < 0)
		return -1;
	if (!o.pid) {
		oci_ct_free(&o);
		return bb_err_set(e, 0, "container with id %s is not running", id);
	}
	if (ct_cgroup_stats(&o.c, &st, e) < 0 || oci_pids(&o, &pids, &n, e) < 0) {
		oci_ct_free(&o);
		return -1;
	}
	jw_init(&w, f, NULL);
	jw_obj(&w, NULL);
	jw_str(&w, "type", "stats");
	jw_str(&w, "id", id);
	jw_obj(&w, "data");
	jw_obj(&w, "cpu");
	jw_obj(&w, "usage");
	jw_u64(&w, "total", st.v[CT_STAT_CPU]);
	jw_u64(&w, "kernel", st.v[CT_STAT_CPU_SYS]);
	jw_u64(&w, "user", st.v[CT_STAT_CPU_USER]);
	jw_close(&w);
	jw_obj(&w, "throttling");
	jw_close(&w);
	jw_close(&w);
	jw_obj(&w, "memory");
	jw_obj(&w, "usage");
	jw_u64(&w, "usage", st.v[CT_STAT_MEM]);
	jw_close(&w);
	if (st.have & (1u << CT_STAT_MEMSW)) {
		jw_obj(&w, "swap");
		jw_u64(&w, "usage", st.v[CT_STAT_MEMSW]);
		jw_close(&w);
	}
	jw_close(&w);
	jw_obj(&w, "pids");
	jw_u64(&w, "current", n);
	jw_close(&w);
	jw_obj(&w, "blkio");
	jw_u64(&w, "ioServiceBytesTotal", st.v[CT_STAT_BLKIO]);
	jw_close(&w);
	jw_close(&w);
	jw_close(&w);
	jw_end(&w);
	fputc('\n', f);
	free(pids);
	oci_ct_free(&o);
	return 0;
}

/* ---- pause, resume ---- */

int oci_pause(const char *root, const char *id, int pause, struct bb_err *e)
{
	struct oci_ct o;
	int r;

	if (oci_ct_load(&o, root, id, e) < 0)
		return -1;
	if (pause && strcmp(o.status, "running") != 0)
		r = bb_err_set(e, 0, "container not running");
	else if (!pause && strcmp(o.status, "paused") != 0)
		r = bb_err_set(e, 0, "container not paused");
	else
		r = ct_freeze(&o.c, pause, -1, e) < 0 ? -1 : 0;
	oci_ct_free(&o);
	return r;
}
