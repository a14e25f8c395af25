/* The OCI parts of a start that struct lxc_conf cannot say, applied
 * through struct ct_run_ext: the console's pty master sent to
 * --console-socket (consoleSize on it first); in the container after
 * pivot_root: linux.devices nodes, maskedPaths (/dev/null over files, a
 * read-only tmpfs over directories), readonlyPaths (a read-only bind),
 * process.user.umask, HOME when process.env has none, the namespaces
 * given by path joined (network, IPC, UTS, cgroup); right before the
 * exec: the capability sets. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>
#include <linux/capability.h>

#include "oci_run.h"

int oci_console_connect(const char *path, struct bb_err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s;

	if (strlen(path) >= sizeof(sa.sun_path))
		return bb_err_set(e, ENAMETOOLONG, "console socket '%.80s'", path);
	strcpy(sa.sun_path, path);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		bb_err_set(e, errno, "can't connect to the console socket '%s'", path);
		if (s >= 0)
			close(s);
		return -1;
	}
	return s;
}

int oci_console_send(int sock, int fd, struct bb_err *e)
{
	/* As runc: the master's name with it. */
	if (bb_send_fd(sock, "/dev/ptmx", 9, fd) < 0)
		return bb_err_set(e, errno, "can't send the console over the console socket");
	return 0;
}

int oci_send_fd(const char *path, int fd, struct bb_err *e)
{
	int s = oci_console_connect(path, e), r;

	if (s < 0)
		return -1;
	r = oci_console_send(s, fd, e);
	close(s);
	return r;
}

static const struct oci_spec *spec_of(const struct ct_run_ext *x)
{
	return ((const struct oci_ext *)x)->s;
}

static int console(const struct ct_run_ext *x, int master, struct bb_err *e)
{
	const struct oci_process *p = spec_of(x)->process;
	struct termios t;

	/* A terminal as a user's: echo on. */
	if (tcgetattr(master, &t) == 0) {
		t.c_lflag |= ECHO | ECHONL;
		tcsetattr(master, TCSANOW, &t);
	}
	if (p->console_size.height.set || p->console_size.width.set) {
		struct winsize ws = { .ws_row = (unsigned short)p->console_size.height.v,
				      .ws_col = (unsigned short)p->console_size.width.v };

		ioctl(master, TIOCSWINSZ, &ws);
	}
	return oci_send_fd(((const struct oci_ext *)x)->console_socket, master, e);
}

/* Parents of path, as directories (for device nodes). */
static void mkdirs_for(const char *path)
{
	char buf[4096], *p;

	if (strlen(path) >= sizeof(buf))
		return;
	strcpy(buf, path);
	for (p = buf + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
}

static int devices(const struct oci_linux *l, struct bb_err *e)
{
	size_t i;

	for (i = 0; l && i < l->n_devices; i++) {
		const struct oci_device *d = &l->devices[i];
		mode_t type = d->type == OCI_DEV_B ? S_IFBLK : d->type == OCI_DEV_P ? S_IFIFO : S_IFCHR;
		mode_t mode = d->file_mode.set ? (mode_t)d->file_mode.v & 07777 : 0666;

		if (!d->path || d->path[0] != '/' || strstr(d->path, "/../") ||
		    strncmp(d->path, "/dev/", 5) != 0)
			return bb_err_set(e, 0, "linux.devices[%zu].path: '%.100s' is not a path under /dev",
					  i, d->path ? d->path : "");
		mkdirs_for(d->path);
		unlink(d->path);  /* autodev's node of the same name, if any */
		if (mknod(d->path, type | mode, type == S_IFIFO ? 0 :
			  makedev((unsigned)d->major.v, (unsigned)d->minor.v)) < 0)
			return bb_err_set(e, errno, "linux.devices[%zu]: can't create '%s'", i, d->path);
		if (chmod(d->path, mode) < 0 ||
		    ((d->uid.set || d->gid.set) &&
		     chown(d->path, d->uid.set ? (uid_t)d->uid.v : 0, d->gid.set ? (gid_t)d->gid.v : 0) < 0))
			return bb_err_set(e, errno, "linux.devices[%zu]: can't set the owner of '%s'", i, d->path);
	}
	return 0;
}

static int masked(const struct oci_strv *v, struct bb_err *e)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		struct stat st;

		if (stat(v->v[i], &st) < 0) {
			if (errno == ENOENT)
				continue;
			return bb_err_set(e, errno, "linux.maskedPaths[%zu]: '%s'", i, v->v[i]);
		}
		if (S_ISDIR(st.st_mode) ?
		    mount("tmpfs", v->v[i], "tmpfs", MS_RDONLY, NULL) < 0 :
		    mount("/dev/null", v->v[i], NULL, MS_BIND, NULL) < 0)
			return bb_err_set(e, errno, "linux.maskedPaths[%zu]: can't mask '%s'", i, v->v[i]);
	}
	return 0;
}

static int readonly(const struct oci_strv *v, struct bb_err *e)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		struct statvfs sv;
		unsigned long keep = 0;

		if (mount(v->v[i], v->v[i], NULL, MS_BIND | MS_REC, NULL) < 0) {
			if (errno == ENOENT)
				continue;
			return bb_err_set(e, errno, "linux.readonlyPaths[%zu]: can't bind '%s'", i, v->v[i]);
		}
		/* The remount keeps the flags the mount has (locked ones). */
		if (statvfs(v->v[i], &sv) == 0)
			keep = sv.f_flag & (ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_NOATIME | ST_NODIRATIME |
					    ST_RELATIME);
		if (mount(NULL, v->v[i], NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC | keep, NULL) < 0)
			return bb_err_set(e, errno, "linux.readonlyPaths[%zu]: can't make '%s' read-only",
					  i, v->v[i]);
	}
	return 0;
}

static int has_env(const struct bb_strlist *env, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < env->n; i++)
		if (strncmp(env->v[i], name, n) == 0 && env->v[i][n] == '=')
			return 1;
	return 0;
}

/* linux.rootfsPropagation: the container's root mount, once it is "/"
 * (as runc: after pivot_root). Index: enum oci_propagation - 1. slave
 * and rslave were set before the rootfs was mounted (root_slave): a
 * private mount can become no one's slave. */
static int root_propagation(const struct oci_linux *l, struct bb_err *e)
{
	static const unsigned long flags[] = {
		MS_PRIVATE, MS_PRIVATE | MS_REC, 0, 0,
		MS_SHARED, MS_SHARED | MS_REC, MS_UNBINDABLE, MS_UNBINDABLE | MS_REC,
	};
	int k = l ? l->rootfs_propagation : 0;

	if (k < 1 || k > (int)ARRAY_SIZE(flags) || !flags[k - 1])
		return 0;
	if (mount(NULL, "/", NULL, flags[k - 1], NULL) < 0)
		return bb_err_set(e, errno, "linux.rootfsPropagation: can't set it on the root");
	return 0;
}

static int after_fs(const struct ct_run_ext *x, struct ct_run *r, struct bb_err *e)
{
	const struct oci_spec *s = spec_of(x);
	const struct oci_process *p = s->process;

	size_t i;

	/* The namespaces to join: network, IPC, UTS, cgroup (the others'
	 * paths are refused at create). */
	for (i = 0; i < ((const struct oci_ext *)x)->n_ns; i++)
		if (setns(((const struct oci_ext *)x)->ns_fd[i], ((const struct oci_ext *)x)->ns_flag[i]) < 0)
			return bb_err_set(e, errno, "linux.namespaces: can't join a namespace given by path");
	if (root_propagation(s->linux_, e) < 0 || devices(s->linux_, e) < 0)
		return -1;
	if (s->linux_ && (masked(&s->linux_->masked_paths, e) < 0 ||
			  readonly(&s->linux_->readonly_paths, e) < 0))
		return -1;
	if (p->user.umask.set)
		umask((mode_t)p->user.umask.v & 0777);
	if (!has_env(&r->env, "HOME")) {
		struct passwd *pw = getpwuid((uid_t)p->user.uid.v);

		/* The child's own copy of the plan: its strings may leak. */
		bb_strlist_add(&r->env, xasprintf("HOME=%s", pw && pw->pw_dir && *pw->pw_dir ?
							      pw->pw_dir : "/"));
	}
	/* The capability sets survive the switch to the user. */
	if (p->caps.effective.set || p->caps.permitted.set || p->caps.ambient.set ||
	    p->caps.inheritable.set)
		prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
	return 0;
}

/* process.capabilities: effective, permitted, inheritable, then ambient
 * (the bounding set is lxc.cap.keep, applied before). The three sets in
 * one capset(2), exactly as given (the others cleared). */
static int before_exec(const struct ct_run_ext *x, struct bb_err *e)
{
	const struct oci_process *p = spec_of(x)->process;
	const uint64_t known = (2ULL << CAP_LAST_CAP) - 1;
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	int i, k;

	if (!p->caps.effective.set && !p->caps.permitted.set && !p->caps.ambient.set &&
	    !p->caps.inheritable.set)
		return 0;
	memset(d, 0, sizeof(d));
	for (k = 0; k < 2; k++) {
		d[k].effective = (uint32_t)((p->caps.effective.mask & known) >> 32 * k);
		d[k].permitted = (uint32_t)((p->caps.permitted.mask & known) >> 32 * k);
		d[k].inheritable = (uint32_t)((p->caps.inheritable.mask & known) >> 32 * k);
	}
	if (syscall(SYS_capset, &h, d) < 0)
		return bb_err_set(e, errno, "can't set process.capabilities");
	/* As runc: an ambient capability that is not also permitted and
	 * inheritable (EPERM) is passed over. */
	for (i = 0; i <= CAP_LAST_CAP; i++)
		if ((p->caps.ambient.mask & (1ULL << i)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, i, 0, 0) < 0 && errno != EPERM)
			return bb_err_set(e, errno, "can't raise the ambient capability %d", i);
	return 0;
}

void oci_ext_init(struct oci_ext *x, const struct oci_spec *s, const char *console_socket)
{
	memset(x, 0, sizeof(*x));
	x->s = s;
	x->console_socket = console_socket;
	x->x.wait_start = 1;
	x->x.console = console_socket ? console : NULL;
	x->x.after_fs = after_fs;
	x->x.before_exec = before_exec;
}
