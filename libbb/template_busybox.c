/* The built-in busybox template: a minimal rootfs around a static busybox
 * (the host's, or --busybox-path), with its applets as symlinks to
 * /bin/busybox, busybox init's files, and an LXC config for it. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "create.h"
#include "tar.h"

static const struct {
	const char *path;
	mode_t mode;
} dirs[] = {
	{ "bin", 0755 },  { "sbin", 0755 },     { "usr", 0755 },      { "usr/bin", 0755 },
	{ "usr/sbin", 0755 }, { "etc", 0755 },  { "etc/init.d", 0755 }, { "root", 0700 },
	{ "home", 0755 }, { "tmp", 01777 },     { "dev", 0755 },      { "proc", 0555 },
	{ "sys", 0555 },  { "run", 0755 },      { "var", 0755 },      { "var/log", 0755 },
	{ "var/tmp", 01777 }, { "mnt", 0755 },  { "lib", 0755 },
};

static const char inittab[] =
	"# busybox init, in a ctbox/LXC container\n"
	"::sysinit:/etc/init.d/rcS\n"
	"::respawn:-/bin/sh\n"
	"::ctrlaltdel:/sbin/reboot\n"
	/* Not busybox's usual "umount -a -r": in a container the root shares
	 * its super block with the host's directory, and a read-only remount
	 * there would make the host's file system read-only (on an initramfs
	 * or an idle board nothing holds it busy). The manager unmounts. */
	"::shutdown:/bin/sync\n";

static const char rcS[] =
	"#!/bin/sh\n"
	"# /proc, /sys and /dev are set up by the container manager\n"
	"# (lxc.mount.auto, lxc.autodev): nothing to mount here.\n"
	"[ -r /etc/hostname ] && /bin/hostname -F /etc/hostname\n"
	"/bin/mkdir -p /run /tmp /var/log\n"
	"exit 0\n";

static const struct {
	const char *path, *text;
	mode_t mode;
} files[] = {
	/* no shadow file: root has an empty password field */
	{ "etc/passwd", "root::0:0:root:/root:/bin/sh\n", 0644 },
	{ "etc/group", "root:x:0:\n", 0644 },
	{ "etc/inittab", inittab, 0644 },
	{ "etc/init.d/rcS", rcS, 0755 },
	{ "etc/fstab", "", 0644 },
	{ "etc/hosts", "127.0.0.1\tlocalhost\n", 0644 },
	{ "etc/profile", "export PATH=/bin:/sbin:/usr/bin:/usr/sbin\n", 0644 },
};

/* Look for PT_INTERP in the program headers, for one ELF class. */
#define SCAN_PHDRS(Ehdr, Phdr)							\
	do {									\
		Ehdr eh;							\
		Phdr ph;							\
										\
		if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh))	\
			return -1;						\
		for (i = 0; i < eh.e_phnum; i++) {				\
			if (pread(fd, &ph, sizeof(ph),				\
				  eh.e_phoff + (off_t)i * eh.e_phentsize) !=	\
			    (ssize_t)sizeof(ph))				\
				return -1;					\
			if (ph.p_type == PT_INTERP)				\
				return 1;					\
		}								\
		return 0;							\
	} while (0)

/* Is the ELF file at fd dynamically linked (has a PT_INTERP)? 1, 0, or -1
 * when it is no ELF file this machine reads. */
static int elf_has_interp(int fd)
{
	unsigned char id[EI_NIDENT];
	int i;

	if (pread(fd, id, sizeof(id), 0) != (ssize_t)sizeof(id) || memcmp(id, ELFMAG, SELFMAG) != 0)
		return -1;
	if (id[EI_CLASS] == ELFCLASS64)
		SCAN_PHDRS(Elf64_Ehdr, Elf64_Phdr);
	if (id[EI_CLASS] == ELFCLASS32)
		SCAN_PHDRS(Elf32_Ehdr, Elf32_Phdr);
#undef SCAN_PHDRS
	return -1;
}

static char *find_busybox(void)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *p;

	if (path && (copy = strdup(path))) {
		for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
			if (!(p = path_join(dir, "busybox")))
				break;
			if (access(p, X_OK) == 0) {
				free(copy);
				return p;
			}
			free(p);
		}
		free(copy);
	}
	return strdup("/bin/busybox");
}

/* Copy the busybox binary to bin/busybox in the rootfs. */
static int install_binary(int sfd, int root, const char *src, struct bb_err *e)
{
	char buf[64 * 1024];
	ssize_t n;
	int dfd = openat(root, "bin/busybox", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0755);

	if (dfd < 0)
		return bb_err_set(e, errno, "can't create bin/busybox");
	while ((n = full_read(sfd, buf, sizeof(buf))) > 0) {
		if (full_write(dfd, buf, n) < 0) {
			close(dfd);
			return bb_err_set(e, errno, "can't copy '%s'", src);
		}
	}
	if (n < 0 || fchmod(dfd, 0755) < 0 || close(dfd) < 0)
		return bb_err_set(e, errno, "can't copy '%s'", src);
	return 0;
}

/* `busybox --list-full`: one applet path a line (usr/bin/awk ...). */
static char *list_applets(const char *bb, struct bb_err *e)
{
	char *out = NULL;
	size_t len = 0, cap = 0;
	int pfd[2], status;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return bb_err_set(e, errno, "pipe"), NULL;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return bb_err_set(e, errno, "fork"), NULL;
	}
	if (pid == 0) {
		dup2(pfd[1], 1);
		execl(bb, "busybox", "--list-full", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *nb = realloc(out, cap + 65536);

			if (!nb)
				break;
			out = nb;
			cap += 65536;
		}
		n = read(pfd[0], out + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!out || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || len == 0) {
		free(out);
		return bb_err_set(e, 0, "'%s --list-full' failed", bb), NULL;
	}
	out[len] = '\0';
	return out;
}

static int make_parents(int root, char *rel)
{
	char *s;

	for (s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdirat(root, rel, 0755) < 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	return 0;
}

static int link_applets(int root, char *list, struct bb_err *e)
{
	char *save = NULL, *line;
	int n = 0;

	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *why;

		while (*line == '/')
			line++;
		if (!*line || strcmp(line, "bin/busybox") == 0)
			continue;
		if (tar_clean_name(line, &why) < 0)
			continue;
		if (make_parents(root, line) < 0 ||
		    (symlinkat("/bin/busybox", root, line) < 0 && errno != EEXIST))
			return bb_err_set(e, errno, "can't link applet '%s'", line);
		n++;
	}
	if (faccessat(root, "sbin/init", F_OK, AT_SYMLINK_NOFOLLOW) < 0)
		return bb_err_set(e, 0, "this busybox has no init applet (sbin/init)");
	return n;
}

int tmpl_busybox(struct tmpl_ctx *x, struct bb_err *e)
{
	static const char *const keys[] = { "busybox-path", NULL };
	const char *vals[1] = { NULL };
	char *bb = NULL, *list = NULL, *hn = NULL;
	size_t i;
	int fd = -1, r = -1, dyn;

	if (tmpl_args(x->argc, x->argv, keys, vals, "busybox", e) < 0)
		return -1;
	bb = vals[0] ? strdup(vals[0]) : find_busybox();
	if (!bb)
		return bb_err_set(e, ENOMEM, "busybox");
	fd = open(bb, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		bb_err_set(e, errno, "busybox '%s' not found (install busybox-static, or pass -- --busybox-path PATH)", bb);
		goto out;
	}
	dyn = elf_has_interp(fd);
	if (dyn < 0) {
		bb_err_set(e, 0, "busybox '%s' is not an ELF executable for this machine", bb);
		goto out;
	}
	if (dyn > 0) {
		bb_err_set(e, 0, "busybox '%s' is dynamically linked: the container needs a static one (apt-get install busybox-static, or -- --busybox-path PATH)", bb);
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		if (mkdirat(x->rootfs, dirs[i].path, dirs[i].mode) < 0 && errno != EEXIST) {
			bb_err_set(e, errno, "can't create '%s' in the rootfs", dirs[i].path);
			goto out;
		}
		fchmodat(x->rootfs, dirs[i].path, dirs[i].mode, 0);
	}
	if (install_binary(fd, x->rootfs, bb, e) < 0)
		goto out;
	if (!(list = list_applets(bb, e)) || link_applets(x->rootfs, list, e) < 0)
		goto out;
	for (i = 0; i < ARRAY_SIZE(files); i++)
		if (write_file_at(x->rootfs, files[i].path, files[i].text, files[i].mode, e) < 0)
			goto out;
	if (asprintf(&hn, "%s\n", x->name) < 0) {
		hn = NULL;
		bb_err_set(e, ENOMEM, "hostname");
		goto out;
	}
	if (write_file_at(x->rootfs, "etc/hostname", hn, 0644, e) < 0)
		goto out;
	if (x->stop && *x->stop) {
		bb_err_set(e, EINTR, "interrupted");
		goto out;
	}
	fprintf(x->conf,
		"lxc.arch = %s\n"
		"lxc.init.cmd = /sbin/init\n"
		"lxc.signal.halt = SIGUSR1\n"
		"lxc.signal.reboot = SIGTERM\n"
		"lxc.autodev = 1\n"
		"lxc.mount.auto = proc:mixed sys:ro\n"
		"lxc.tty.max = 1\n"
		"lxc.pty.max = 16\n",
		lxc_arch());
	if (!x->base_has_net)
		fprintf(x->conf, "lxc.net.0.type = empty\n");
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	free(hn);
	free(list);
	free(bb);
	return r;
}
