/* The files a new Debian root needs around its packages (finish.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "create.h"
#include "finish.h"

#define POLICY_RC_D "usr/sbin/policy-rc.d"

/* dpkg's own filter, so that later installs stay slim too. */
static const char slim_rules[] =
	"# Written by ctbox rootfs --slim: no documentation, manual pages or\n"
	"# translations (the copyright files stay).\n"
	"path-exclude=/usr/share/man/*\n"
	"path-exclude=/usr/share/info/*\n"
	"path-exclude=/usr/share/doc/*\n"
	"path-include=/usr/share/doc/*/copyright\n"
	"path-exclude=/usr/share/locale/*\n"
	"path-include=/usr/share/locale/locale.alias\n"
	"path-exclude=/usr/share/lintian/*\n";

int rb_set_hostname(int rootfd, const char *name, struct bb_err *e)
{
	char *hn = xasprintf("%s\n", name);
	char *hosts = xasprintf("127.0.0.1\tlocalhost\n127.0.1.1\t%s\n\n"
				"::1\tlocalhost ip6-localhost ip6-loopback\n"
				"ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n", name);
	int r = write_file_at(rootfd, "etc/hostname", hn, 0644, e);

	if (!r)
		r = write_file_at(rootfd, "etc/hosts", hosts, 0644, e);
	free(hn);
	free(hosts);
	return r;
}

static char *components_words(const char *c)
{
	char *s = xstrdup(c ? c : "main"), *p;

	for (p = s; *p; p++)
		if (*p == ',')
			*p = ' ';
	return s;
}

int rb_finish_pre(int rootfd, const struct rb_opts *o, const char *mirror, struct bb_err *e)
{
	char *comps = components_words(o->components);
	char *src = o->security_mirror ?
		xasprintf("deb %s %s %s\ndeb %s %s-security %s\n", mirror, o->suite, comps,
			  o->security_mirror, o->suite, comps) :
		xasprintf("deb %s %s %s\n", mirror, o->suite, comps);
	char *resolv = read_file("/etc/resolv.conf", 1 << 16, NULL);
	int r;

	r = write_file_at(rootfd, "etc/apt/sources.list", src, 0644, e);
	if (!r)
		r = rb_set_hostname(rootfd, o->hostname ? o->hostname : o->suite, e);
	if (!r)
		r = write_file_at(rootfd, "etc/machine-id", "", 0444, e);
	if (!r && resolv && resolv[0])
		r = write_file_at(rootfd, "etc/resolv.conf", resolv, 0644, e);
	if (!r)
		r = write_file_at(rootfd, POLICY_RC_D, "#!/bin/sh\n# ctbox rootfs: no services "
				  "while building\nexit 101\n", 0755, e);
	if (!r && o->slim)
		r = write_file_at(rootfd, "etc/dpkg/dpkg.cfg.d/ctbox-slim", slim_rules, 0644, e);
	free(comps);
	free(src);
	free(resolv);
	return r;
}

/* Root's password field "" becomes "*": no password login. */
static int lock_root(int rootfd, struct bb_err *e)
{
	int fd = openat(rootfd, "etc/shadow", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char buf[1 << 16], *out;
	ssize_t n;
	int r;

	if (fd < 0)
		return errno == ENOENT ? 0 : bb_err_set(e, errno, "can't read etc/shadow");
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return bb_err_set(e, errno, "can't read etc/shadow");
	buf[n] = 0;
	if (strncmp(buf, "root::", 6) && !strstr(buf, "\nroot::"))
		return 0;
	out = strncmp(buf, "root::", 6) ? str_replace_all(buf, "\nroot::", "\nroot:*:")
					 : xasprintf("root:*:%s", buf + 6);
	r = write_file_at(rootfd, "etc/shadow", out, 0640, e);
	free(out);
	if (!r)
		(void)fchownat(rootfd, "etc/shadow", 0, 42 /* shadow */, AT_SYMLINK_NOFOLLOW);
	return r;
}

/* Remove what --slim's rules exclude from the packages already unpacked. */
static int slim_dir(int rootfd, const char *root, const char *dir, const char *keep,
		    struct bb_err *e)
{
	int dfd = openat(rootfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	struct dirent *de;
	int r = 0;

	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return 0;
	}
	while (!r && (de = readdir(d))) {
		char *path;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (keep && !strcmp(de->d_name, keep)))
			continue;
		path = xasprintf("%s/%s/%s", root, dir, de->d_name);
		if (!strcmp(dir, "usr/share/doc") && de->d_type == DT_DIR) {
			char *sub = xasprintf("%s/%s", dir, de->d_name);

			r = slim_dir(rootfd, root, sub, "copyright", e);
			free(sub);
		} else {
			r = tree_remove(path, e);
		}
		free(path);
	}
	closedir(d);
	return r;
}

int rb_finish_post(int rootfd, const char *root, const struct rb_opts *o, struct bb_err *e)
{
	static const char *const slim[][2] = {
		{ "usr/share/man", NULL }, { "usr/share/info", NULL }, { "usr/share/doc", NULL },
		{ "usr/share/locale", "locale.alias" }, { "usr/share/lintian", NULL },
	};
	size_t i;

	if (unlinkat(rootfd, POLICY_RC_D, 0) < 0 && errno != ENOENT)
		return bb_err_set(e, errno, "can't remove %s", POLICY_RC_D);
	if (lock_root(rootfd, e) < 0 || write_file_at(rootfd, "etc/machine-id", "", 0444, e) < 0)
		return -1;
	for (i = 0; o->slim && i < ARRAY_SIZE(slim); i++)
		if (slim_dir(rootfd, root, slim[i][0], slim[i][1], e) < 0)
			return -1;
	return 0;
}
