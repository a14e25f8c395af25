/* The built-in oci template (like LXC's lxc-oci, without skopeo or umoci):
 * an image of a local OCI layout (-- --layout LAYOUT[:TAG], or
 * --url oci:LAYOUT[:TAG]) applied to the rootfs by oci_image_apply, and
 * the image's process as LXC keys: lxc.init.cmd and lxc.execute.cmd
 * (Entrypoint + Cmd), lxc.init.cwd, lxc.init.uid, lxc.init.gid, one
 * lxc.environment per Env entry (and HOME, the user's, when Env has
 * none), lxc.signal.halt (StopSignal). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "create.h"
#include "oci_image.h"

/* One word as lxc.init.cmd's splitter (run_plan.c) reads it back: bare,
 * '...' (literal), or "..." where \" and \\ are escapes. */
static void put_word(FILE *f, const char *w)
{
	char q = strchr(w, '\'') ? '"' : '\'';

	if (*w && !w[strcspn(w, " \t'\"\\")]) {
		fputs(w, f);
		return;
	}
	fputc(q, f);
	for (; *w; w++) {
		if (q == '"' && (*w == '"' || *w == '\\'))
			fputc('\\', f);
		fputc(*w, f);
	}
	fputc(q, f);
}

/* "key = value", the value kept exactly: the config reader trims blanks
 * and strips one pair of enclosing quotes (as LXC's does), so a value
 * that would lose something goes inside one more pair. */
static int put_key(FILE *f, const char *key, const char *v, const char *what, struct bb_err *e)
{
	size_t n = strlen(v);
	int wrap = n && (strchr(" \t\r\v\f", v[0]) || strchr(" \t\r\v\f", v[n - 1]) ||
			 (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]));

	if (strchr(v, '\n'))
		return bb_err_set(e, 0, "%s: a newline cannot go into the container's config", what);
	if (n + strlen(key) + 5 > CONF_LINE_MAX)
		return bb_err_set(e, 0, "%s: longer than a config line may be", what);
	fprintf(f, wrap ? "%s = '%s'\n" : "%s = %s\n", key, v);
	return 0;
}

/* Entrypoint + Cmd as one lxc.init.cmd value. */
static char *cmd_line(const struct bb_strlist *args, struct bb_err *e)
{
	char *s = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		return bb_err_set(e, errno, "lxc.init.cmd"), NULL;
	for (i = 0; i < args->n; i++) {
		if (i)
			fputc(' ', f);
		put_word(f, args->v[i]);
	}
	if (fclose(f) != 0) {
		free(s);
		return bb_err_set(e, errno, "lxc.init.cmd"), NULL;
	}
	return s;
}

static int write_keys(struct tmpl_ctx *x, const struct oci_image_run *run, struct bb_err *e)
{
	char *cmd = cmd_line(&run->args, e);
	size_t i;
	int r, has_home = 0;

	if (!cmd)
		return -1;
	/* lxc.init.cmd: start runs the image's process as the container's
	 * init (as runc does); lxc.execute.cmd: execute runs it under an
	 * init, as lxc-execute does with what lxc-oci writes. */
	r = put_key(x->conf, "lxc.init.cmd", cmd, "config.Entrypoint/Cmd", e);
	if (r == 0)
		r = put_key(x->conf, "lxc.execute.cmd", cmd, "config.Entrypoint/Cmd", e);
	free(cmd);
	if (r < 0 || put_key(x->conf, "lxc.init.cwd", run->cwd, "config.WorkingDir", e) < 0)
		return -1;
	/* stop: the image's StopSignal, else SIGTERM (as docker stop). */
	if (run->stop_signal && conf_signal_parse(run->stop_signal) < 0)
		return bb_err_set(e, 0, "config.StopSignal '%s': not a signal", run->stop_signal);
	if (put_key(x->conf, "lxc.signal.halt", run->stop_signal ? run->stop_signal : "SIGTERM",
		    "config.StopSignal", e) < 0)
		return -1;
	for (i = 0; i < run->env.n; i++) {
		if (put_key(x->conf, "lxc.environment", run->env.v[i], "config.Env", e) < 0)
			return -1;
		has_home |= strncmp(run->env.v[i], "HOME=", 5) == 0;
	}
	/* No HOME in Env: the user's, as runc sets it (start's default is
	 * /root, wrong for another user). */
	if (!has_home) {
		char *home = oci_user_home(x->rootfs, run->uid), *kv = NULL;

		if (!home || asprintf(&kv, "HOME=%s", home) < 0)
			kv = NULL;
		free(home);
		if (!kv)
			return bb_err_set(e, ENOMEM, "HOME");
		r = put_key(x->conf, "lxc.environment", kv, "the user's home", e);
		free(kv);
		if (r < 0)
			return -1;
	}
	fprintf(x->conf,
		"lxc.init.uid = %llu\n"
		"lxc.init.gid = %llu\n"
		"lxc.arch = %s\n"
		"lxc.autodev = 1\n"
		"lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed\n"
		"lxc.tty.max = 0\n"
		"lxc.pty.max = 16\n",
		run->uid, run->gid, lxc_arch());
	if (!x->base_has_net)
		fprintf(x->conf, "lxc.net.0.type = empty\n");
	return 0;
}

/* /etc/hostname and /etc/hosts with the container's name, as lxc-oci
 * writes them; an image whose etc is no directory (a symlink) is left
 * alone. */
static int write_etc(struct tmpl_ctx *x, struct bb_err *e)
{
	char *hn = NULL, *hosts = NULL;
	int fd, r = -1;

	fd = openat(x->rootfs, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && mkdirat(x->rootfs, "etc", 0755) == 0)
		fd = openat(x->rootfs, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	close(fd);
	if (asprintf(&hn, "%s\n", x->name) < 0 ||
	    asprintf(&hosts, "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n"
		     "::1\tlocalhost ip6-localhost ip6-loopback\n", x->name) < 0) {
		bb_err_set(e, ENOMEM, "etc/hosts");
		goto out;
	}
	if (write_file_at(x->rootfs, "etc/hostname", hn, 0644, e) == 0 &&
	    write_file_at(x->rootfs, "etc/hosts", hosts, 0644, e) == 0)
		r = 0;
out:
	free(hn);
	free(hosts);
	return r;
}

int tmpl_oci(struct tmpl_ctx *x, struct bb_err *e)
{
	static const char *const keys[] = { "layout", "url", NULL };
	const char *vals[2] = { NULL, NULL }, *tag;
	struct oci_image_run run;
	char *ref;
	int r;

	if (tmpl_args(x->argc, x->argv, keys, vals, "oci", e) < 0)
		return -1;
	if (!vals[0] == !vals[1])
		return bb_err_set(e, 0, "template oci: give the image as -- --layout LAYOUT[:TAG] "
				  "(or --url oci:LAYOUT[:TAG])");
	if (vals[1] && strncmp(vals[1], "oci:", 4) != 0)
		return bb_err_set(e, 0, "template oci: --url '%s': only oci:LAYOUT[:TAG] (a local "
				  "layout) is supported, ctbox does not download images", vals[1]);
	ref = strdup(vals[0] ? vals[0] : vals[1] + 4);
	if (!ref)
		return bb_err_set(e, ENOMEM, "template oci");
	oci_image_ref(ref, &tag);
	if (!*ref) {
		free(ref);
		return bb_err_set(e, 0, "template oci: no layout given");
	}
	r = oci_image_apply(ref, tag, x->rootfs, &run, x->stop, e);
	if (r < 0) {
		oci_err_prefix(e, "template oci");
	} else {
		r = write_etc(x, e) < 0 || write_keys(x, &run, e) < 0 ? -1 : 0;
		oci_image_run_free(&run);
	}
	free(ref);
	return r;
}
