/* The OCI container's life: create (the process set up and waiting),
 * start, run, kill, delete, and the state that state and list show (see
 * oci_run.h for the layout). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cmd.h"
#include "conf.h"
#include "fallback.h"
#include "log.h"
#include "oci_run.h"
#include "run_plan.h"

#define STATE_MAX (1 << 20)

static const char *jstr(const struct json *root, const char *key)
{
	const struct json *v = json_get(root, key);

	return v && v->type == JSON_STRING ? v->u.s : "";
}

void oci_ct_free(struct oci_ct *o)
{
	json_doc_free(&o->doc);
	free(o->dir);
	ct_free(&o->c);
	memset(o, 0, sizeof(*o));
}

/* The live status: the monitor's, state.json's "created" until start. */
static int live_status(struct oci_ct *o, struct bb_err *e)
{
	struct ct_status st;

	if (ct_get_status(&o->c, &st, e) < 0)
		return -1;
	o->pid = st.init_pid;
	switch (st.state) {
	case CT_STOPPED: case CT_ABORTING:
		o->status = "stopped";
		o->pid = 0;
		break;
	case CT_FROZEN: case CT_FREEZING:
		o->status = "paused";
		break;
	default:
		o->status = strcmp(o->saved, "created") == 0 ? "created" : "running";
	}
	return 0;
}

int oci_ct_load(struct oci_ct *o, const char *root, const char *id, struct bb_err *e)
{
	char *path, *text;
	size_t len;
	int r;

	memset(o, 0, sizeof(*o));
	if (oci_check_id(id, e) < 0)
		return -1;
	if (ct_init(&o->c, root, id, e) < 0)
		return -1;
	o->dir = path_join(root, id);
	path = o->dir ? path_join(o->dir, "state.json") : NULL;
	text = path ? read_file(path, STATE_MAX, &len) : NULL;
	free(path);
	if (!text) {
		r = errno == ENOENT ? bb_err_set(e, 0, "container does not exist") :
			bb_err_set(e, errno, "can't read the state of '%s'", id);
		oci_ct_free(o);
		return r;
	}
	r = json_parse(&o->doc, "state.json", text, len, STATE_MAX, e);
	free(text);
	if (r < 0) {
		oci_ct_free(o);
		return -1;
	}
	o->bundle = jstr(o->doc.root, "bundle");
	o->rootfs = jstr(o->doc.root, "rootfs");
	o->created = jstr(o->doc.root, "created");
	o->owner = jstr(o->doc.root, "owner");
	o->saved = jstr(o->doc.root, "status");
	o->annotations = json_get(o->doc.root, "annotations");
	if (o->annotations && (o->annotations->type != JSON_OBJECT || !o->annotations->len))
		o->annotations = NULL;
	if (live_status(o, e) < 0) {
		oci_ct_free(o);
		return -1;
	}
	return 0;
}

void oci_ct_json(struct json_w *w, const struct oci_ct *o)
{
	jw_obj(w, NULL);
	jw_str(w, "ociVersion", OCI_VERSION_DEFAULT);
	jw_str(w, "id", o->c.name);
	jw_i64(w, "pid", o->pid);
	jw_str(w, "status", o->status);
	jw_str(w, "bundle", o->bundle);
	jw_str(w, "rootfs", o->rootfs);
	jw_str(w, "created", o->created);
	if (o->annotations)
		jw_value(w, "annotations", o->annotations);
	jw_str(w, "owner", o->owner);
	jw_close(w);
}

/* state.json, written to a temporary file and renamed. */
static int write_state(const char *dir, const char *id, const char *status, pid_t pid,
		       const char *bundle, const char *rootfs, const char *created, const char *owner,
		       const struct json *annotations, const struct oci_map *ann, struct bb_err *e)
{
	char *tmp = path_join(dir, ".state.json.tmp"), *path = path_join(dir, "state.json");
	struct json_w w;
	FILE *f = tmp ? fopen(tmp, "we") : NULL;
	size_t i;
	int r = -1;

	if (!f) {
		bb_err_set(e, errno ? errno : ENOMEM, "can't write the state of '%s'", id);
		goto out;
	}
	jw_init(&w, f, "\t");
	jw_obj(&w, NULL);
	jw_str(&w, "ociVersion", OCI_VERSION_DEFAULT);
	jw_str(&w, "id", id);
	jw_i64(&w, "pid", pid);
	jw_str(&w, "status", status);
	jw_str(&w, "bundle", bundle);
	jw_str(&w, "rootfs", rootfs);
	jw_str(&w, "created", created);
	if (annotations) {
		jw_value(&w, "annotations", annotations);
	} else if (ann && ann->n) {
		jw_obj(&w, "annotations");
		for (i = 0; i < ann->n; i++)
			jw_str(&w, ann->v[i].key, ann->v[i].value);
		jw_close(&w);
	}
	jw_str(&w, "owner", owner);
	jw_close(&w);
	if (jw_end(&w) < 0 || fclose(f) != 0) {
		if (f)
			unlink(tmp);
		bb_err_set(e, errno, "can't write the state of '%s'", id);
		goto out;
	}
	if (bb_replace(tmp, path) < 0) {
		bb_err_set(e, errno, "can't write the state of '%s'", id);
		unlink(tmp);
		goto out;
	}
	r = 0;
out:
	free(tmp);
	free(path);
	return r;
}

int oci_ct_save(struct oci_ct *o, const char *status, struct bb_err *e)
{
	return write_state(o->dir, o->c.name, status, o->pid, o->bundle, o->rootfs, o->created,
			   o->owner, o->annotations, NULL, e);
}

/* ROOT/ID and what is in it (no sub-directories are made there). */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL) {
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = path_join(dir, de->d_name);
		if (p)
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static int write_pid_file(const char *path, pid_t pid, struct bb_err *e)
{
	char buf[24], *tmp = xasprintf("%s.ctbox-tmp", path);
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid), fd;

	/* As runc: the number without a newline, renamed into place. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || full_write(fd, buf, n) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
		bb_err_set(e, errno, "can't write the pid file '%s'", path);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static void now_rfc3339(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	char sec[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%09ldZ", sec, ts.tv_nsec);
}

static int mkdir_parents(const char *path, mode_t mode, struct bb_err *e)
{
	char buf[PATH_MAX], *p;

	if (strlen(path) >= sizeof(buf))
		return bb_err_set(e, ENAMETOOLONG, "'%.80s'", path);
	strcpy(buf, path);
	for (p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				return bb_err_set(e, errno, "can't create '%s'", buf);
			*p = '/';
		}
	if (mkdir(buf, mode) < 0 && errno != EEXIST)
		return bb_err_set(e, errno, "can't create '%s'", buf);
	return 0;
}

/* ---- create ---- */

struct made {
	struct oci_spec *spec;
	struct lxc_conf *conf;
	struct ct_run run;
	int planned;
	struct oci_ext ext;
	char *bundle, *dir;
	int ns_fd[4], ns_flag[4];
	size_t n_ns;
};

/* linux.namespaces with a path: opened now, joined by the container's
 * process (oci_run_child.c) instead of lxc.namespace.share. */
static int join_ns(struct made *m, struct bb_err *e)
{
	static const int flags[] = { [OCI_NS_NETWORK] = CLONE_NEWNET, [OCI_NS_IPC] = CLONE_NEWIPC,
				     [OCI_NS_UTS] = CLONE_NEWUTS, [OCI_NS_CGROUP] = CLONE_NEWCGROUP,
				     [OCI_NS_UTS + 1] = 0 };
	const struct oci_linux *l = m->spec->linux_;
	size_t i;

	for (i = 0; l && i < l->n_namespaces; i++) {
		const struct oci_ns *ns = &l->namespaces[i];
		int fd;

		if (!ns->path)
			continue;
		if (m->n_ns == ARRAY_SIZE(m->ns_fd))
			return bb_err_set(e, 0, "linux.namespaces[%zu]: too many namespaces to join", i);
		if (!flags[ns->type])
			return bb_err_set(e, 0, "linux.namespaces[%zu]: joining a %s namespace (path) is not supported by ctbox",
					  i, oci_ns_names[ns->type - 1]);
		fd = open(ns->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return bb_err_set(e, errno, "linux.namespaces[%zu].path: '%s'", i, ns->path);
		m->ns_fd[m->n_ns] = fd;
		m->ns_flag[m->n_ns++] = flags[ns->type];
	}
	return conf_set(m->conf, "lxc.namespace.share", "", e);
}

/* Configuration, plan and files of ROOT/ID from the bundle. */
static int prepare(struct made *m, const struct oci_create_opts *o, struct container *c,
		   struct bb_err *e)
{
	const struct oci_spec *s = m->spec;
	const struct oci_process *p = s->process;
	char *path;
	FILE *f;
	size_t i;
	int r;

	m->conf = conf_new();
	if (!m->conf)
		return bb_err_set(e, ENOMEM, "configuration");
	if (oci_conf(m->conf, s, m->bundle, OCI_HANDLED, NULL, e) < 0 || join_ns(m, e) < 0)
		return -1;
	/* linux.seccomp, or none (ctbox's default policy is LXC's idea). */
	path = path_join(m->dir, "seccomp");
	f = path ? fopen(path, "we") : NULL;
	if (!f) {
		bb_err_set(e, errno, "can't write '%s'", path ? path : "seccomp");
		free(path);
		return -1;
	}
	r = oci_seccomp_policy(s->linux_ ? s->linux_->seccomp : NULL, f, e);
	if (fclose(f) != 0 && r == 0)
		r = bb_err_set(e, errno, "can't write '%s'", path);
	if (r == 0)
		r = conf_set(m->conf, "lxc.seccomp.profile", path, e);
	free(path);
	if (r < 0 || conf_set(m->conf, "lxc.signal.halt", "SIGTERM", e) < 0)
		return -1;
	/* The configuration exec reads back. */
	path = path_join(m->dir, "config");
	f = path ? fopen(path, "we") : NULL;
	if (!f || conf_dump(m->conf, f) < 0) {
		bb_err_set(e, errno, "can't write '%s'", path ? path : "config");
		if (f)
			fclose(f);
		free(path);
		return -1;
	}
	fclose(f);
	free(path);
	if (ct_plan(&m->run, m->conf, c, NULL, e) < 0)
		return -1;
	m->planned = 1;
	/* process.env exactly, and no host name unless the spec gives one. */
	bb_strlist_free(&m->run.env);
	for (i = 0; i < p->env.n; i++)
		if (strchr(p->env.v[i], '='))
			bb_strlist_add(&m->run.env, p->env.v[i]);
	if (!s->hostname)
		m->run.hostname = NULL;
	m->run.passthrough = !p->terminal.v;
	m->run.root_slave = s->linux_ && (s->linux_->rootfs_propagation == OCI_PROP_SLAVE ||
					  s->linux_->rootfs_propagation == OCI_PROP_RSLAVE);
	oci_ext_init(&m->ext, s, p->terminal.v ? o->console_socket : NULL);
	memcpy(m->ext.ns_fd, m->ns_fd, sizeof(m->ns_fd));
	memcpy(m->ext.ns_flag, m->ns_flag, sizeof(m->ns_flag));
	m->ext.n_ns = m->n_ns;
	m->run.ext = &m->ext.x;
	m->run.log_level = LOG_NOTICE;
	path = path_join(m->dir, "ctbox.log");
	if (!path)
		return bb_err_set(e, ENOMEM, "log");
	bb_strlist_add(&m->run.owned, path);
	m->run.log_file = path;
	return ct_log_open(c->name, path, LOG_NOTICE, e);
}

/* Run without -d: the monitor is a child of this process, which waits
 * for the container's process to be created, starts it and returns its
 * exit status. Returns the monitor's pid, or -1 with e. */
static pid_t start_foreground(struct made *m, struct container *c, int lock, int *errfd,
			      struct bb_err *e)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return bb_err_set(e, errno, "pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(p[0]), close(p[1]);
		return bb_err_set(e, errno, "fork");
	}
	if (pid == 0) {
		struct bb_err ce;
		int st;

		close(p[0]);
		m->run.foreground = 1;
		/* Closed by the monitor once the container runs; an error
		 * before that is written to it. */
		m->run.fg_ready = p[1];
		st = ct_start(c, &m->run, lock, &ce);
		if (st < 0 && m->run.fg_ready) {
			char msg[sizeof(ce.msg) + 80];
			int n = snprintf(msg, sizeof(msg), "%s%s%s", ce.msg, ce.errnum ? ": " : "",
					 ce.errnum ? strerror(ce.errnum) : "");

			(void)full_write(p[1], msg, n < (int)sizeof(msg) ? n : (int)sizeof(msg) - 1);
			_exit(255);
		}
		_exit(st);
	}
	close(p[1]);
	*errfd = p[0];
	return pid;
}

/* Wait until the foreground monitor's container is created: the pipe
 * closes then (no polling), or brings the error first. */
static int wait_created(pid_t mon, int errfd, struct container *c, pid_t *init, struct bb_err *e)
{
	struct ct_status st;
	char msg[600];
	ssize_t n = full_read(errfd, msg, sizeof(msg) - 1);

	if (n <= 0 && ct_get_status(c, &st, e) == 0 && st.state == CT_RUNNING && st.init_pid > 0) {
		*init = st.init_pid;
		return 0;
	}
	waitpid(mon, NULL, 0);
	msg[n > 0 ? n : 0] = '\0';
	return bb_err_set(e, 0, "%s", n > 0 ? msg : "the container's monitor exited");
}

static volatile pid_t fwd_pid;

static void forward(int sig)
{
	if (fwd_pid > 0)
		kill(fwd_pid, sig);
}

static int start_ct(struct oci_ct *o, const struct oci_spec *s, struct bb_err *e);

int oci_create(const struct oci_create_opts *o, int run, struct bb_err *e)
{
	struct made m = { 0 };
	struct container c = { 0 };
	struct oci_ct oc;
	char created[48], *cfg = NULL, *state = NULL;
	const char *owner;
	struct passwd *pw;
	struct stat sb;
	int lock = -1, r = -1, errfd = -1, have_c = 0, made_dir = 0;
	pid_t init = 0, mon = -1;

	memset(&oc, 0, sizeof(oc));
	/* --no-pivot: MS_MOVE and chroot (fallback.c reads this once). */
	if (o->no_pivot)
		setenv(BB_FORCE_ENV, "pivot_root", 1);
	if (oci_check_id(o->id, e) < 0)
		return -1;
	m.bundle = realpath(o->bundle ? o->bundle : ".", NULL);
	if (!m.bundle || stat(m.bundle, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		bb_err_set(e, m.bundle ? ENOTDIR : errno, "bundle '%s'", o->bundle ? o->bundle : ".");
		goto out;
	}
	cfg = path_join(m.bundle, "config.json");
	m.spec = cfg ? oci_spec_load(cfg, e) : NULL;
	if (!m.spec)
		goto out;
	if (!m.spec->process) {
		bb_err_set(e, 0, "process: required (the process to run)");
		goto out;
	}
	if (m.spec->process->terminal.v && !o->console_socket && (!run || o->detach)) {
		bb_err_set(e, 0, "cannot allocate tty if runc will detach without setting console socket");
		goto out;
	}
	if (!m.spec->process->terminal.v && o->console_socket) {
		bb_err_set(e, 0, "cannot use console socket if runc will not detach or allocate tty");
		goto out;
	}
	if (mkdir_parents(o->root, 0711, e) < 0)
		goto out;
	m.dir = path_join(o->root, o->id);
	if (!m.dir || mkdir(m.dir, 0711) < 0) {
		if (errno == EEXIST)
			bb_err_set(e, 0, "container with id exists: %s", o->id);
		else
			bb_err_set(e, errno, "can't create '%s'", m.dir ? m.dir : o->root);
		goto out;
	}
	made_dir = 1;
	if (ct_init(&c, o->root, o->id, e) < 0)
		goto out;
	have_c = 1;
	if (prepare(&m, o, &c, e) < 0)
		goto out;
	now_rfc3339(created, sizeof(created));
	pw = getpwuid(geteuid());
	owner = pw && pw->pw_name ? pw->pw_name : "";
	if (write_state(m.dir, o->id, "created", 0, m.bundle, m.run.rootfs, created, owner, NULL,
			&m.spec->annotations, e) < 0)
		goto out;
	lock = ct_lock(&c, 0, e);
	if (lock < 0)
		goto out;
	if (run && !o->detach) {
		mon = start_foreground(&m, &c, lock, &errfd, e);
		ct_unlock(lock);
		lock = -1;
		if (mon < 0 || wait_created(mon, errfd, &c, &init, e) < 0) {
			mon = -1;
			goto out;
		}
	} else {
		r = ct_start(&c, &m.run, lock, e);
		lock = -1;
		if (r < 0)
			goto out;
		r = -1;
	}
	if (oci_ct_load(&oc, o->root, o->id, e) < 0)
		goto fail_kill;
	if (o->pid_file && write_pid_file(o->pid_file, oc.pid, e) < 0)
		goto fail_kill;
	if (oci_ct_save(&oc, "created", e) < 0)
		goto fail_kill;
	state = oci_state_string(&oc, o->id, "created", oc.pid);
	if (!state || oci_hooks_run(m.spec, OCI_HOOK_PRESTART, state, 0, e) < 0 ||
	    oci_hooks_run(m.spec, OCI_HOOK_CREATE_RUNTIME, state, 0, e) < 0 ||
	    oci_hooks_run(m.spec, OCI_HOOK_CREATE_CONTAINER, state, oc.pid, e) < 0) {
		if (!state)
			bb_err_set(e, ENOMEM, "state");
		goto fail_kill;
	}
	if (!run) {
		r = 0;
		goto out;
	}
	if (start_ct(&oc, m.spec, e) < 0)
		goto fail_kill;
	if (o->detach) {
		r = 0;
		goto out;
	}
	{
		/* Until it exits, signals go to the container's process. */
		static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
		struct sigaction sa = { .sa_handler = forward };
		int status;
		size_t i;

		fwd_pid = oc.pid;
		for (i = 0; i < ARRAY_SIZE(sigs); i++)
			sigaction(sigs[i], &sa, NULL);
		while (waitpid(mon, &status, 0) < 0 && errno == EINTR)
			;
		fwd_pid = 0;
		mon = -1;
		r = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		oci_ct_free(&oc);
		/* runc run removes the container when its process is gone. */
		if (oci_delete(o->root, o->id, 1, e) < 0)
			r = -1;
		made_dir = 0;
		goto out;
	}
fail_kill:
	{
		struct bb_err ignored;

		ct_stop(&c, 0, CT_STOP_KILL, &ignored);
	}
	if (mon > 0)
		waitpid(mon, NULL, 0);
	mon = -1;
out:
	if (r < 0 && made_dir) {
		struct bb_err ignored;

		if (lock >= 0)
			ct_unlock(lock);
		lock = ct_lock(&c, 0, &ignored);
		remove_dir(m.dir);
		if (have_c)
			ct_remove_rundir(&c);
	}
	ct_unlock(lock);
	if (mon > 0)
		waitpid(mon, NULL, 0);
	if (errfd >= 0)
		close(errfd);
	oci_ct_free(&oc);
	free(state);
	free(cfg);
	while (m.n_ns)
		close(m.ns_fd[--m.n_ns]);
	if (m.planned)
		ct_run_free(&m.run);
	conf_free(m.conf);
	oci_spec_free(m.spec);
	free(m.bundle);
	free(m.dir);
	if (have_c)
		ct_free(&c);
	return r;
}

/* ---- start ---- */

static struct oci_spec *bundle_spec(const struct oci_ct *o, struct bb_err *e)
{
	char *cfg = path_join(o->bundle, "config.json");
	struct oci_spec *s = cfg ? oci_spec_load(cfg, e) : NULL;

	free(cfg);
	return s;
}

static int start_ct(struct oci_ct *o, const struct oci_spec *s, struct bb_err *e)
{
	char reply[CMD_LINE_MAX], *state;
	int r;

	if (strcmp(o->status, "created") != 0)
		return bb_err_set(e, 0, strcmp(o->status, "stopped") == 0 ?
				  "cannot start a container that has stopped" :
				  "cannot start an already running container");
	state = oci_state_string(o, o->c.name, "created", o->pid);
	if (!state)
		return bb_err_set(e, ENOMEM, "state");
	r = oci_hooks_run(s, OCI_HOOK_START_CONTAINER, state, o->pid, e);
	free(state);
	if (r < 0)
		return -1;
	if (cmd_call(&o->c, "start", reply, sizeof(reply), -1, e) < 0)
		return -1;
	if (strncmp(reply, "error ", 6) == 0)
		return bb_err_set(e, 0, "%s", reply + 6);
	if (strcmp(reply, "ok") != 0)
		return bb_err_set(e, 0, "unexpected reply from the monitor: %.100s", reply);
	if (oci_ct_save(o, "running", e) < 0)
		return -1;
	o->saved = o->status = "running";
	/* poststart: a failure is only worth a warning (runtime-spec). */
	state = oci_state_string(o, o->c.name, "running", o->pid);
	if (state)
		oci_hooks_run(s, OCI_HOOK_POSTSTART, state, 0, NULL);
	free(state);
	return 0;
}

int oci_start(const char *root, const char *id, struct bb_err *e)
{
	struct oci_ct o;
	struct oci_spec *s;
	int r;

	if (oci_ct_load(&o, root, id, e) < 0)
		return -1;
	if (strcmp(o.status, "created") != 0) {
		r = start_ct(&o, NULL, e);  /* the message */
		oci_ct_free(&o);
		return r;
	}
	s = bundle_spec(&o, e);
	r = s ? start_ct(&o, s, e) : -1;
	oci_spec_free(s);
	oci_ct_free(&o);
	return r;
}

/* ---- kill, delete, list ---- */

int oci_kill(const char *root, const char *id, int sig, int all, struct bb_err *e)
{
	struct oci_ct o;
	int r = 0;

	if (oci_ct_load(&o, root, id, e) < 0)
		return -1;
	if (!o.pid) {
		oci_ct_free(&o);
		return bb_err_set(e, 0, "container not running");
	}
	if (all) {
		pid_t *pids = NULL;
		size_t n = 0, i;

		r = oci_pids(&o, &pids, &n, e);
		for (i = 0; r == 0 && i < n; i++)
			if (kill(pids[i], sig) < 0 && errno != ESRCH)
				r = bb_err_set(e, errno, "can't signal process %d", (int)pids[i]);
		free(pids);
	} else if (kill(o.pid, sig) < 0) {
		r = bb_err_set(e, errno, "can't signal the container's process %d", (int)o.pid);
	}
	oci_ct_free(&o);
	return r;
}

int oci_delete(const char *root, const char *id, int force, struct bb_err *e)
{
	struct oci_ct o;
	struct oci_spec *s;
	struct bb_err ignored;
	char *state;
	int lock;

	if (oci_ct_load(&o, root, id, e) < 0) {
		/* --force also clears what a create killed half-way left
		 * (a directory without state.json). */
		struct container c;
		char *dir = path_join(root, id);
		struct stat st;
		int r = -1;

		if (force && dir && oci_check_id(id, NULL) == 0 && stat(dir, &st) == 0 &&
		    S_ISDIR(st.st_mode) && ct_init(&c, root, id, &ignored) == 0) {
			ct_stop(&c, 0, CT_STOP_KILL, &ignored);
			lock = ct_lock(&c, 0, &ignored);
			remove_dir(dir);
			ct_remove_rundir(&c);
			ct_unlock(lock);
			ct_free(&c);
			r = 0;
		}
		free(dir);
		return r;
	}
	if (strcmp(o.status, "stopped") != 0 && strcmp(o.status, "created") != 0 && !force) {
		bb_err_set(e, 0, "cannot delete container %s that is not stopped: %s", id, o.status);
		oci_ct_free(&o);
		return -1;
	}
	if (strcmp(o.status, "stopped") != 0 && ct_stop(&o.c, 0, CT_STOP_KILL, e) < 0) {
		oci_ct_free(&o);
		return -1;
	}
	/* After the monitor's own clean-up, which holds the lock. */
	lock = ct_lock(&o.c, 0, &ignored);
	s = bundle_spec(&o, &ignored);
	o.pid = 0;
	state = oci_state_string(&o, id, "stopped", 0);
	remove_dir(o.dir);
	ct_remove_rundir(&o.c);
	ct_unlock(lock);
	/* poststop: after the container is gone; failures are warnings. */
	if (s && state)
		oci_hooks_run(s, OCI_HOOK_POSTSTOP, state, 0, NULL);
	free(state);
	oci_spec_free(s);
	oci_ct_free(&o);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Columns as Go's tabwriter lays them out for runc (min width 12,
 * padding 3). */
static void table(FILE *f, char ***rows, size_t n, size_t cols)
{
	size_t w[8] = { 0 }, i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < cols; k++)
			if (strlen(rows[i][k]) + 3 > w[k])
				w[k] = strlen(rows[i][k]) + 3;
	for (i = 0; i < n; i++) {
		for (k = 0; k < cols; k++) {
			if (k + 1 < cols)
				fprintf(f, "%-*s", (int)(w[k] < 12 ? 12 : w[k]), rows[i][k]);
			else
				fprintf(f, "%s\n", rows[i][k]);
		}
	}
}

int oci_list(const char *root, int json, FILE *f, struct bb_err *e)
{
	DIR *d = opendir(root);
	struct dirent *de;
	char **names = NULL, ***rows;
	size_t n = 0, i, k, nr = 1;
	struct json_w w;

	if (!d && errno != ENOENT)
		return bb_err_set(e, errno, "can't read '%s'", root);
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || oci_check_id(de->d_name, NULL) < 0)
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (d)
		closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	rows = xzalloc((n + 1) * sizeof(*rows));
	rows[0] = xzalloc(6 * sizeof(char *));
	for (k = 0; k < 6; k++)
		rows[0][k] = xstrdup((const char *[]){ "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" }[k]);
	if (json) {
		jw_init(&w, f, NULL);
		jw_arr(&w, NULL);
	}
	for (i = 0; i < n; i++) {
		struct oci_ct o;

		struct bb_err skipped;

		if (oci_ct_load(&o, root, names[i], &skipped) < 0)
			continue;  /* deleted meanwhile, or not ours */
		if (json) {
			oci_ct_json(&w, &o);
		} else {
			rows[nr] = xzalloc(6 * sizeof(char *));
			rows[nr][0] = xstrdup(o.c.name);
			rows[nr][1] = xasprintf("%d", (int)o.pid);
			rows[nr][2] = xstrdup(o.status);
			rows[nr][3] = xstrdup(o.bundle);
			rows[nr][4] = xstrdup(o.created);
			rows[nr][5] = xstrdup(o.owner);
			nr++;
		}
		oci_ct_free(&o);
	}
	if (json) {
		jw_close(&w);
		jw_end(&w);
		fputc('\n', f);
	} else {
		table(f, rows, nr, 6);
	}
	for (i = 0; i < nr; i++) {
		for (k = 0; k < 6; k++)
			free(rows[i][k]);
		free(rows[i]);
	}
	free(rows);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return 0;
}
