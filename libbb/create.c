/* Creating and destroying containers on disk, atomically (create.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "autoconf.h"
#include "create.h"
#include "idrange.h"

#define OWNER_FILE ".owner"
#define OWNER_TMP ".owner.tmp"
#define TEMPLATE_DIR "/usr/share/lxc/templates"
#define DEFAULT_CONF "/etc/lxc/default.conf"
#define STALE_NO_OWNER_S 60 /* a staging dir without an owner file, older than this */

volatile int ct_interrupted;

/* ---------------------------------------------------------------- staging */

static void on_signal(int sig)
{
	ct_interrupted = sig;
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int mkdir_parents(const char *path, mode_t mode)
{
	char *p = strdup(path), *s;
	int r = 0;

	if (!p)
		return -1;
	for (s = p + 1; *s && r == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			r = -1;
		*s = '/';
	}
	if (r == 0 && mkdir(p, mode) < 0 && errno != EEXIST)
		r = -1;
	free(p);
	return r;
}

int ct_stage_begin(const char *lxcpath, const char *name, const char *kind,
		   struct ct_stage *s, struct bb_err *e)
{
	char owner[64];
	int fd, n;

	memset(s, 0, sizeof(*s));
	if (mkdir_parents(lxcpath, 0755) < 0)
		return bb_err_set(e, errno, "can't create lxcpath '%s'", lxcpath);
	if (asprintf(&s->tmp, "%s/.%s.%s.XXXXXX", lxcpath, name, kind) < 0) {
		s->tmp = NULL;
		return bb_err_set(e, ENOMEM, "staging directory");
	}
	s->final = path_join(lxcpath, name);
	if (!s->final) {
		ct_stage_abort(s);
		return bb_err_set(e, ENOMEM, "staging directory");
	}
	catch_signals();
	if (!mkdtemp(s->tmp)) {
		int err = errno;

		free(s->tmp);
		s->tmp = NULL;
		ct_stage_abort(s);
		return bb_err_set(e, err, "can't create a directory in '%s'", lxcpath);
	}
	/* LXC makes container directories 0770 (the config may hold secrets). */
	chmod(s->tmp, 0770);
	n = snprintf(owner, sizeof(owner), "%d %llu\n", (int)getpid(), proc_start_time(getpid()));
	/* Written under another name and renamed: a sweep running beside us
	 * sees no owner (a young directory, kept) or the whole line. */
	fd = openat(AT_FDCWD, s->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		int ofd = openat(fd, OWNER_TMP, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), w;

		w = ofd < 0 ? -1 : full_write(ofd, owner, n);
		if (ofd >= 0 && close(ofd) < 0)
			w = -1;
		if (w < 0 || renameat(fd, OWNER_TMP, fd, OWNER_FILE) < 0) {
			int err = errno;

			close(fd);
			ct_stage_abort(s);
			return bb_err_set(e, err, "can't write the staging directory's owner");
		}
		close(fd);
	}
	return 0;
}

static int rename_noreplace(const char *from, const char *to)
{
#ifdef SYS_renameat2
	if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	/* No RENAME_NOREPLACE here: we hold the container lock, so only a
	 * stranger could race us; rename() would replace an empty dir only. */
	if (access(to, F_OK) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

int ct_stage_commit(struct ct_stage *s, struct bb_err *e)
{
	char *owner = path_join(s->tmp, OWNER_FILE);

	if (ct_interrupted)
		return bb_err_set(e, EINTR, "interrupted by signal %d", ct_interrupted);
	if (owner)
		unlink(owner);
	free(owner);
	if (rename_noreplace(s->tmp, s->final) < 0) {
		if (errno == EEXIST || errno == ENOTEMPTY)
			return bb_err_set(e, 0, "'%s' already exists", s->final);
		return bb_err_set(e, errno, "can't rename '%s' to '%s'", s->tmp, s->final);
	}
	free(s->tmp);
	s->tmp = NULL;
	return 0;
}

void ct_stage_abort(struct ct_stage *s)
{
	if (s->tmp) {
		struct bb_err ignored;

		(void)tree_remove(s->tmp, &ignored);
	}
	free(s->tmp);
	free(s->final);
	memset(s, 0, sizeof(*s));
}

/* Is the staging directory dir (under the lxcpath's fd) abandoned? */
static int stage_is_stale(int dfd, const char *dir)
{
	char buf[64];
	struct stat sb;
	int fd, pid, owned, stale;
	unsigned long long start;
	ssize_t n;

	fd = openat(dfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	int ofd = openat(fd, OWNER_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	n = ofd < 0 ? -1 : read(ofd, buf, sizeof(buf) - 1);
	if (ofd >= 0)
		close(ofd);
	if (n > 0)
		buf[n] = '\0';
	owned = n > 0 && bb_sscanf(buf, "%d %llu", &pid, &start) == 2 && pid > 0 && start;
	/* no owner or an unreadable one: stale once old enough */
	stale = owned ? proc_start_time(pid) != start :
		fstat(fd, &sb) == 0 && time(NULL) - sb.st_mtime > STALE_NO_OWNER_S;
	close(fd);
	return stale;
}

static int is_stage_name(const char *n)
{
	return n[0] == '.' && (strstr(n, ".create.") || strstr(n, ".copy."));
}

int ct_sweep_stale(const char *lxcpath)
{
	DIR *d = opendir(lxcpath);
	struct dirent *de;
	int swept = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		struct bb_err ignored;
		char *p;

		if (!is_stage_name(de->d_name) || !stage_is_stale(dirfd(d), de->d_name))
			continue;
		p = path_join(lxcpath, de->d_name);
		if (p && tree_remove(p, &ignored) == 0)
			swept++;
		free(p);
	}
	closedir(d);
	return swept;
}

/* ---------------------------------------------------------------- helpers */

const char *conf_line_kv(const char *line, size_t len, size_t *klen,
			 const char **val, size_t *vlen)
{
	const char *end = line + len, *k, *p;

	for (k = line; k < end && (*k == ' ' || *k == '\t'); k++)
		;
	if (k == end || *k == '#')
		return NULL;
	for (p = k; p < end && *p != '=' && *p != ' ' && *p != '\t'; p++)
		;
	*klen = p - k;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p != '=' || *klen == 0)
		return NULL;
	for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	*val = p;
	for (*vlen = end - p; *vlen && (p[*vlen - 1] == ' ' || p[*vlen - 1] == '\t' ||
					p[*vlen - 1] == '\r'); (*vlen)--)
		;
	return k;
}

char *str_replace_all(const char *text, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), n = 0;
	const char *p;
	char *out, *w;

	if (!fl)
		return strdup(text);
	for (p = text; (p = strstr(p, from)); p += fl)
		n++;
	out = malloc(strlen(text) + n * (tl > fl ? tl - fl : 0) + 1);
	if (!out)
		return NULL;
	for (w = out, p = text;;) {
		const char *q = strstr(p, from);

		if (!q) {
			strcpy(w, p);
			break;
		}
		memcpy(w, p, q - p);
		w += q - p;
		memcpy(w, to, tl);
		w += tl;
		p = q + fl;
	}
	return out;
}

int tmpl_args(int argc, char **argv, const char *const *keys, const char **vals,
	      const char *tmpl, struct bb_err *e)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *eq;
		size_t k, len;

		if (strncmp(a, "--", 2) != 0)
			return bb_err_set(e, 0, "template %s: unexpected argument '%s'", tmpl, a);
		a += 2;
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a) : strlen(a);
		for (k = 0; keys[k]; k++)
			if (strlen(keys[k]) == len && strncmp(keys[k], a, len) == 0)
				break;
		if (!keys[k])
			return bb_err_set(e, 0, "template %s: unknown option '%s'", tmpl, argv[i]);
		if (eq) {
			vals[k] = eq + 1;
		} else {
			if (i + 1 >= argc)
				return bb_err_set(e, 0, "template %s: option '%s' requires an argument",
						  tmpl, argv[i]);
			vals[k] = argv[++i];
		}
	}
	return 0;
}

int write_file_at(int dirfd, const char *rel, const char *text, mode_t mode, struct bb_err *e)
{
	char *path = strdup(rel), *p, *slash;
	int fd = dup(dirfd), nfd, r = -1;

	if (!path || fd < 0) {
		bb_err_set(e, errno ? errno : ENOMEM, "can't write '%s'", rel);
		goto out;
	}
	for (p = path; (slash = strchr(p, '/')); p = slash + 1) {
		*slash = '\0';
		nfd = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0 && errno == ENOENT && mkdirat(fd, p, 0755) == 0)
			nfd = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0) {
			bb_err_set(e, errno, "can't write '%s' (a directory on its way is a symlink?)", rel);
			goto out;
		}
		close(fd);
		fd = nfd;
	}
	/* Replace whatever is there (a symlink planted to point out). */
	if (unlinkat(fd, p, 0) < 0 && errno != ENOENT) {
		bb_err_set(e, errno, "can't replace '%s'", rel);
		goto out;
	}
	nfd = openat(fd, p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (nfd < 0 || full_write(nfd, text, strlen(text)) < 0 || fchmod(nfd, mode) < 0) {
		bb_err_set(e, errno, "can't write '%s'", rel);
		if (nfd >= 0)
			close(nfd);
		goto out;
	}
	if (close(nfd) < 0) {
		bb_err_set(e, errno, "can't write '%s'", rel);
		goto out;
	}
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return r;
}

const char *lxc_arch(void)
{
	static const struct { const char *uname, *lxc; } map[] = {
		{ "x86_64", "amd64" }, { "aarch64", "arm64" }, { "armv7l", "armhf" },
		{ "armv6l", "armel" }, { "i686", "i386" }, { "i586", "i386" },
		{ "ppc64le", "ppc64el" }, { "riscv64", "riscv64" }, { "s390x", "s390x" },
	};
	static struct utsname u;
	size_t i;

	if (uname(&u) < 0)
		return "unknown";
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (strcmp(u.machine, map[i].uname) == 0)
			return map[i].lxc;
	return u.machine;
}

static int write_path(const char *path, const char *text, mode_t mode, struct bb_err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);

	if (fd < 0 || full_write(fd, text, strlen(text)) < 0) {
		bb_err_set(e, errno, "can't write '%s'", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return bb_err_set(e, errno, "can't write '%s'", path);
	return 0;
}

static int text_has_key_prefix(const char *text, const char *prefix)
{
	const char *line = text;

	while (line && *line) {
		const char *nl = strchrnul(line, '\n'), *val, *k;
		size_t klen, vlen;

		k = conf_line_kv(line, nl - line, &klen, &val, &vlen);
		if (k && klen >= strlen(prefix) && strncmp(k, prefix, strlen(prefix)) == 0)
			return 1;
		line = *nl ? nl + 1 : NULL;
	}
	return 0;
}

/* ---------------------------------------------------------------- create */

struct create_run {
	const struct ct_create_opts *o;
	struct ct_stage st;
	char *rootfs_tmp;     /* STAGE/rootfs */
	const char *rootfs;   /* its final path */
	char *base;           /* base config text */
	struct ct_userns_plan up; /* lxc.idmap (create_userns.c) */
};

typedef int (*builtin_fn)(struct tmpl_ctx *, struct bb_err *);

static int tmpl_none(struct tmpl_ctx *x, struct bb_err *e)
{
	if (x->argc)
		return bb_err_set(e, 0, "template none takes no arguments");
	return 0;
}

static const struct {
	const char *name;
	builtin_fn fn;
} builtins[] = {
	{ "busybox", tmpl_busybox },
	{ "local", tmpl_local },
#if ENABLE_ROOTFS
	{ "debian", tmpl_debian },
#endif
#if ENABLE_OCI_IMAGE
	{ "oci", tmpl_oci },
#endif
	{ "none", tmpl_none },
};

static int run_builtin(struct create_run *r, builtin_fn fn, struct bb_err *e)
{
	const struct ct_create_opts *o = r->o;
	struct tmpl_ctx x = {
		.name = o->name, .final_dir = r->st.final, .rootfs_path = r->rootfs,
		.argc = o->argc, .argv = o->argv, .stop = &ct_interrupted,
		.rootfs_dir = r->rootfs_tmp,
	};
	char *keys = NULL, *text = NULL, *cfg;
	size_t klen = 0;
	int ret = -1;

	x.base_has_net = text_has_key_prefix(r->base, "lxc.net.");
	x.rootfs = -1;
	if (r->rootfs_tmp) {
		x.rootfs = open(r->rootfs_tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (x.rootfs < 0)
			return bb_err_set(e, errno, "can't open '%s'", r->rootfs_tmp);
	}
	x.conf = open_memstream(&keys, &klen);
	if (!x.conf) {
		bb_err_set(e, errno, "config");
		goto out;
	}
	if (fn(&x, e) < 0)
		goto out;
	if (fclose(x.conf) != 0) {
		x.conf = NULL;
		bb_err_set(e, errno, "config");
		goto out;
	}
	x.conf = NULL;
	if (asprintf(&text, "%s%s"
		     "# Template used to create this container: %s\n"
		     "lxc.rootfs.path = dir:%s\n"
		     "lxc.uts.name = %s\n"
		     "%s",
		     r->base, r->base[0] && r->base[strlen(r->base) - 1] != '\n' ? "\n" : "",
		     o->tmpl, r->rootfs, o->name, keys ? keys : "") < 0) {
		text = NULL;
		bb_err_set(e, ENOMEM, "config");
		goto out;
	}
	cfg = path_join(r->st.tmp, "config");
	ret = cfg ? write_path(cfg, text, 0640, e) : bb_err_set(e, ENOMEM, "config");
	free(cfg);
out:
	if (x.conf)
		fclose(x.conf);
	if (x.rootfs >= 0)
		close(x.rootfs);
	free(keys);
	free(text);
	return ret;
}

/* An executable template, called as LXC calls it, then its config's paths
 * turned from the staging directory to the final one. */
static int run_exec(struct create_run *r, const char *prog, struct bb_err *e)
{
	const struct ct_create_opts *o = r->o;
	char *cfg = path_join(r->st.tmp, "config"), *text = NULL, *fixed = NULL, *fixed2 = NULL;
	char **argv = NULL;
	int status, i, n = 0, ret = -1;
	pid_t pid;

	if (!cfg)
		return bb_err_set(e, ENOMEM, "config");
	if (asprintf(&text, "%s%slxc.rootfs.path = dir:%s\nlxc.uts.name = %s\n", r->base,
		     r->base[0] && r->base[strlen(r->base) - 1] != '\n' ? "\n" : "",
		     r->rootfs_tmp, o->name) < 0) {
		text = NULL;
		bb_err_set(e, ENOMEM, "config");
		goto out;
	}
	if (write_path(cfg, text, 0640, e) < 0)
		goto out;
	argv = calloc(o->argc + 8, sizeof(*argv));
	if (!argv) {
		bb_err_set(e, ENOMEM, "template");
		goto out;
	}
	argv[n++] = (char *)prog;
	argv[n++] = "--path";
	argv[n++] = r->st.tmp;
	argv[n++] = "--name";
	argv[n++] = (char *)o->name;
	argv[n++] = "--rootfs";
	argv[n++] = r->rootfs_tmp;
	for (i = 0; i < o->argc; i++)
		argv[n++] = o->argv[i];
	pid = fork();
	if (pid < 0) {
		bb_err_set(e, errno, "fork");
		goto out;
	}
	if (pid == 0) {
		setenv("LXC_NAME", o->name, 1);
		setenv("LXC_PATH", r->st.tmp, 1);
		setenv("LXC_ROOTFS_PATH", r->rootfs_tmp, 1);
		setenv("LXC_CONFIG_FILE", cfg, 1);
		execv(prog, argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			bb_err_set(e, errno, "waiting for template %s", prog);
			goto out;
		}
		if (ct_interrupted)
			kill(pid, SIGTERM);
	}
	if (ct_interrupted) {
		bb_err_set(e, EINTR, "interrupted by signal %d", ct_interrupted);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status))
			bb_err_set(e, 0, "template %s failed (exit status %d)", prog, WEXITSTATUS(status));
		else
			bb_err_set(e, 0, "template %s killed by signal %d", prog, WTERMSIG(status));
		goto out;
	}
	free(text);
	if (!(text = read_file(cfg, 1 << 20, NULL))) {
		bb_err_set(e, errno, "template %s left no readable config", prog);
		goto out;
	}
	fixed = str_replace_all(text, r->rootfs_tmp, r->rootfs);
	fixed2 = fixed ? str_replace_all(fixed, r->st.tmp, r->st.final) : NULL;
	if (!fixed2) {
		bb_err_set(e, ENOMEM, "config");
		goto out;
	}
	ret = write_path(cfg, fixed2, 0640, e);
out:
	free(argv);
	free(cfg);
	free(text);
	free(fixed);
	free(fixed2);
	return ret;
}

static char *template_path(const char *t)
{
	const char *dir = getenv("CTBOX_TEMPLATE_DIR");
	char *p;

	if (strchr(t, '/'))
		return strdup(t);
	if (asprintf(&p, "%s/lxc-%s", dir && *dir ? dir : TEMPLATE_DIR, t) < 0)
		return NULL;
	return p;
}

static int base_config(struct create_run *r, struct bb_err *e)
{
	const char *f = r->o->conf_file;

	if (!f && access(DEFAULT_CONF, F_OK) == 0)
		f = DEFAULT_CONF;
	if (!f) {
		r->base = strdup("");
		return r->base ? 0 : bb_err_set(e, ENOMEM, "config");
	}
	r->base = read_file(f, 1 << 20, NULL);
	if (!r->base)
		return bb_err_set(e, errno, "can't read config '%s'", f);
	return 0;
}

static int create_locked(const struct container *c, struct create_run *r, struct bb_err *e)
{
	const struct ct_create_opts *o = r->o;
	builtin_fn fn = NULL;
	char *prog = NULL, *rootfs_final = NULL;
	struct stat sb;
	size_t i;
	int ret = -1;

	ct_sweep_stale(o->lxcpath);
	if (lstat(c->dir, &sb) == 0)
		return bb_err_set(e, 0, "container '%s' already exists", o->name);
	for (i = 0; i < ARRAY_SIZE(builtins); i++)
		if (strcmp(o->tmpl, builtins[i].name) == 0)
			fn = builtins[i].fn;
	if (!fn) {
		prog = template_path(o->tmpl);
		if (!prog)
			return bb_err_set(e, ENOMEM, "template");
		if (access(prog, X_OK) < 0) {
			bb_err_set(e, errno, "template '%s' not found: '%s'", o->tmpl, prog);
			goto out;
		}
	}
	if (o->dir) {
		if (o->dir[0] != '/') {
			bb_err_set(e, 0, "--dir '%s' is not an absolute path", o->dir);
			goto out;
		}
		if (fn == tmpl_none) {
			if (stat(o->dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
				bb_err_set(e, errno ? errno : ENOTDIR, "--dir '%s' is not a directory", o->dir);
				goto out;
			}
		} else if (lstat(o->dir, &sb) == 0) {
			bb_err_set(e, EEXIST, "--dir '%s' exists (the template fills a new directory)",
				   o->dir);
			goto out;
		}
	}
	if (base_config(r, e) < 0 ||
	    create_userns_plan(o, r->base, o->conf_file ? o->conf_file : DEFAULT_CONF, &r->up, e) < 0)
		goto out;
	if (ct_stage_begin(o->lxcpath, o->name, "create", &r->st, e) < 0)
		goto out;
	rootfs_final = o->dir ? strdup(o->dir) : path_join(r->st.final, "rootfs");
	if (!rootfs_final) {
		bb_err_set(e, ENOMEM, "paths");
		goto fail;
	}
	r->rootfs = rootfs_final;
	if (!(fn == tmpl_none && o->dir)) {
		r->rootfs_tmp = path_join(r->st.tmp, "rootfs");
		if (!r->rootfs_tmp || mkdir(r->rootfs_tmp, 0755) < 0) {
			bb_err_set(e, errno, "can't create the rootfs directory");
			goto fail;
		}
	}
	if ((fn ? run_builtin(r, fn, e) : run_exec(r, prog, e)) < 0)
		goto fail;
	if (ct_interrupted) {
		bb_err_set(e, EINTR, "interrupted by signal %d", ct_interrupted);
		goto fail;
	}
	if (create_userns_finish(o, &r->up, r->st.tmp, r->rootfs_tmp, &ct_interrupted, e) < 0)
		goto fail;
	if (o->dir && r->rootfs_tmp) {
		if (rename(r->rootfs_tmp, o->dir) < 0) {
			bb_err_set(e, errno, "can't move the rootfs to '%s'%s", o->dir,
				   errno == EXDEV ? " (--dir must be on the lxcpath's file system)" : "");
			goto fail;
		}
	}
	if (ct_stage_commit(&r->st, e) < 0) {
		if (o->dir && r->rootfs_tmp)
			rename(o->dir, r->rootfs_tmp);
		goto fail;
	}
	ret = 0;
fail:
	ct_stage_abort(&r->st);
out:
	if (ret < 0)
		create_userns_abort(&r->up);
	create_userns_free(&r->up);
	free(r->rootfs_tmp);
	r->rootfs_tmp = NULL;
	free(rootfs_final);
	free(r->base);
	r->base = NULL;
	free(prog);
	return ret;
}

int ct_create(const struct ct_create_opts *o, struct bb_err *e)
{
	struct create_run r = { .o = o };
	struct container c;
	int lock, ret;

	if (o->bdev && strcmp(o->bdev, "dir") != 0)
		return bb_err_set(e, 0, "backing store '%s' is not supported (only dir)", o->bdev);
	if (!o->tmpl || !*o->tmpl)
		return bb_err_set(e, 0, "no template given (-t busybox, local, none or a template name)");
	if (ct_init(&c, o->lxcpath, o->name, e) < 0)
		return -1;
	if (mkdir_parents(o->lxcpath, 0755) < 0) {
		bb_err_set(e, errno, "can't create lxcpath '%s'", o->lxcpath);
		ct_free(&c);
		return -1;
	}
	lock = ct_lock(&c, 0, e);
	if (lock < 0) {
		ct_free(&c);
		return -1;
	}
	ret = create_locked(&c, &r, e);
	if (ret < 0 && !ct_defined(&c))
		ct_remove_rundir(&c); /* nothing of it is left: neither its state */
	ct_unlock(lock);
	ct_free(&c);
	return ret;
}

/* ---------------------------------------------------------------- destroy */

/* Pairs "LXCPATH\nNAME\n" from a file (lxc_snapshots, lxc_rdepends). */
static char *read_pairs(const char *dir, const char *file)
{
	char *p = path_join(dir, file), *t;

	if (!p)
		return NULL;
	t = read_file(p, 1 << 20, NULL);
	free(p);
	return t;
}

/* Call fn(lxcpath, name, ctx) for each pair; stops at a non-zero return. */
static int each_pair(char *text, int (*fn)(const char *, const char *, void *), void *ctx)
{
	char *save = NULL, *lp, *nm;
	int r = 0;

	for (lp = strtok_r(text, "\n", &save); lp && r == 0; lp = strtok_r(NULL, "\n", &save)) {
		nm = strtok_r(NULL, "\n", &save);
		if (!nm)
			break;
		r = fn(lp, nm, ctx);
	}
	return r;
}

static int pair_exists(const char *lxcpath, const char *name, void *ctx)
{
	char *cfg;
	int r;

	if (asprintf(&cfg, "%s/%s/config", lxcpath, name) < 0)
		return 0;
	r = access(cfg, F_OK) == 0;
	if (r && ctx)
		snprintf(ctx, 256, "%s", name);
	free(cfg);
	return r;
}

struct destroy_dep {
	unsigned flags;
	struct bb_err *e;
};

static int destroy_pair(const char *lxcpath, const char *name, void *ctx)
{
	struct destroy_dep *d = ctx;
	struct container dc;
	int r;

	if (!pair_exists(lxcpath, name, NULL))
		return 0;
	if (ct_init(&dc, lxcpath, name, d->e) < 0)
		return -1;
	r = ct_destroy(&dc, d->flags, d->e);
	ct_free(&dc);
	return r;
}

/* Drop the pair (lxcpath, name) from ORIG/lxc_snapshots. */
struct unlink_dep {
	const char *lxcpath, *name;
};

static int drop_from_origin(const char *olxcpath, const char *oname, void *ctx)
{
	struct unlink_dep *u = ctx;
	char *dir = path_join(olxcpath, oname), *text, *save = NULL, *lp, *nm, *p;
	FILE *out;
	char *buf = NULL;
	size_t len = 0;

	if (!dir)
		return 1;
	text = read_pairs(dir, "lxc_snapshots");
	p = path_join(dir, "lxc_snapshots");
	if (text && p && (out = open_memstream(&buf, &len))) {
		for (lp = strtok_r(text, "\n", &save); lp; lp = strtok_r(NULL, "\n", &save)) {
			nm = strtok_r(NULL, "\n", &save);
			if (!nm)
				break;
			if (strcmp(lp, u->lxcpath) != 0 || strcmp(nm, u->name) != 0)
				fprintf(out, "%s\n%s\n", lp, nm);
		}
		fclose(out);
		if (len) {
			struct bb_err ignored;

			(void)write_path(p, buf, 0644, &ignored);
		} else {
			unlink(p);
		}
		free(buf);
	}
	free(p);
	free(text);
	free(dir);
	return 1; /* one origin only */
}

static int snaps_dir_busy(const struct container *c, char **snaps)
{
	char **names;
	size_t n;
	struct bb_err ignored;

	*snaps = path_join(c->dir, "snaps");
	if (!*snaps || ct_list(*snaps, &names, &n, &ignored) < 0)
		return 0;
	ct_list_free(names, n);
	return n > 0;
}

static int destroy_locked(const struct container *c, unsigned flags, struct bb_err *e)
{
	struct ct_status st;
	struct stat sb;
	char *deps, *where = NULL, *snaps = NULL, dep[256] = "";
	int r;

	ct_sweep_stale(c->lxcpath);
	if (lstat(c->dir, &sb) < 0 || !ct_defined(c))
		return bb_err_set(e, 0, "container '%s' is not defined", c->name);
	if (!S_ISDIR(sb.st_mode))
		return bb_err_set(e, 0, "'%s' is not a directory", c->dir);
	if (ct_get_status(c, &st, e) < 0)
		return -1;
	if (st.state != CT_STOPPED) {
		if (!(flags & CT_DESTROY_FORCE))
			return bb_err_set(e, 0, "container '%s' is %s (stop it first, or use -f)",
					  c->name, ct_state_name(st.state));
		if (ct_stop(c, 0, CT_STOP_KILL, e) < 0)
			return -1;
	}
	/* Overlay clones made with copy -s depend on this container's rootfs. */
	deps = read_pairs(c->dir, "lxc_snapshots");
	if (deps) {
		char *copy = strdup(deps);

		r = copy ? each_pair(copy, pair_exists, dep) : 0;
		free(copy);
		if (r && !(flags & CT_DESTROY_SNAPSHOTS)) {
			free(deps);
			return bb_err_set(e, 0, "container '%s' has snapshots (clone '%s' depends on it); not removing (use -s)",
					  c->name, dep);
		}
		if (r) {
			struct destroy_dep d = { flags, e };

			r = each_pair(deps, destroy_pair, &d);
			if (r < 0) {
				free(deps);
				return -1;
			}
		}
		free(deps);
	}
	if (snaps_dir_busy(c, &snaps)) {
		char **names;
		size_t n, i;

		if (!(flags & CT_DESTROY_SNAPSHOTS)) {
			free(snaps);
			return bb_err_set(e, 0, "container '%s' has snapshots; not removing (use -s)",
					  c->name);
		}
		if (ct_list(snaps, &names, &n, e) == 0) {
			for (i = 0, r = 0; i < n && r == 0; i++) {
				struct container sc;

				r = ct_init(&sc, snaps, names[i], e);
				if (r == 0) {
					r = ct_destroy(&sc, flags, e);
					ct_free(&sc);
				}
			}
			ct_list_free(names, n);
			if (r < 0) {
				free(snaps);
				return -1;
			}
		}
	}
	free(snaps);
	r = mounts_under(c->dir, &where, e);
	if (r < 0)
		return -1;
	if (r > 0) {
		bb_err_set(e, EBUSY, "'%s' is still mounted; not removing", where);
		free(where);
		return -1;
	}
	/* A snapshot clone: its origin no longer lists it. */
	deps = read_pairs(c->dir, "lxc_rdepends");
	if (deps) {
		struct unlink_dep u = { c->lxcpath, c->name };

		each_pair(deps, drop_from_origin, &u);
		free(deps);
	}
	if (tree_remove(c->dir, e) < 0)
		return -1;
	ct_remove_rundir(c);
	/* Its id range (idrange.h) goes back. */
	if (idrange_forget(c, e) < 0) {
		char msg[sizeof(e->msg) + 128];

		snprintf(msg, sizeof(msg), "'%s' is destroyed, but its id range is still recorded: %s",
			 c->name, e->msg);
		memcpy(e->msg, msg, sizeof(e->msg) - 1);
		e->msg[sizeof(e->msg) - 1] = '\0';
		return -1;
	}
	return 0;
}

int ct_destroy(const struct container *c, unsigned flags, struct bb_err *e)
{
	int lock = ct_lock(c, 0, e), r;

	if (lock < 0)
		return -1;
	r = destroy_locked(c, flags, e);
	if (r < 0 && access(c->dir, F_OK) < 0)
		ct_remove_rundir(c);
	ct_unlock(lock);
	return r;
}
