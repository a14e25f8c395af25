/* One escape attempt, run inside a container by tests/escape/escape.t:
 *
 *   attempt NAME [ARGS...]   prints one line "NAME RESULT DETAIL", RESULT
 *                            blocked or succeeded, DETAIL the errno name
 *                            (and which defence it points to) or what
 *                            happened; exits 0 (2 on a usage error)
 *
 * Every attempt is harmless to the host even when it succeeds: a write is
 * only an open for writing (nothing written), or writes back the value
 * just read; a kernel call that would change the host is made with an
 * argument the kernel rejects only after its permission check (a bogus
 * module, too many kexec segments), or sets what is already set (the
 * clock's tick), so the errno tells which of the two stopped it; mounts
 * are made in the container's own namespaces (or a private copy) and
 * undone; a superblock is remounted only on the test's own tmpfs; a
 * process is only seized (PTRACE_SEIZE stops nothing). How each one
 * judges success is written above its function.
 *
 * Attempts: mount_blockdev mknod_blockdev mknod_chardev sb_remount
 * procsys_write procsys_remount procsys_newproc sysrq sys_kernel_write
 * sys_kernel_newmount init_module finit_module delete_module kexec_load
 * shocker ptrace_host abstract_socket run_dir settime rawio raw_socket
 * cgroup_limit release_agent chroot_escape mntns_root attach_exe
 * attach_ptrace proc1_exe leaked_fds keyctl userns_caps.
 *
 * Host-side helpers (the test runs them outside any container):
 *   attempt handle PATH          PATH's file handle as TYPE:HEX:INODE
 *   attempt listen NAME          listen on the abstract unix socket @NAME
 *   attempt wait MARKER          sleep (a ptrace target; MARKER in argv)
 *   attempt addkey NAME SECRET   a "user" key in the user keyring; prints its id
 *   attempt delkey ID            invalidate that key
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/timex.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef F_GET_SEALS
#define F_GET_SEALS 1034
#endif
#define SEAL_WRITE 8
#define KEYCTL_GET_KEYRING_ID 0
#define KEYCTL_INVALIDATE 21
#define KEYCTL_SEARCH 10
#define KEYCTL_READ 11
#define KEY_SPEC_USER_KEYRING (-4)
#define ETH_P_ALL_BE 0x0300 /* htons(ETH_P_ALL) */
#define KEXEC_SEGMENT_MAX 16

/* Scratch paths inside the container (its /tmp is its own rootfs). */
#define SCRATCH "/tmp/.ctbox-escape"

static const char *attempt;

/* ---- reporting ---- */

static const struct { int no; const char *name; } errnames[] = {
	{ EPERM, "EPERM" },       { ENOENT, "ENOENT" },         { ESRCH, "ESRCH" },
	{ EIO, "EIO" },           { ENXIO, "ENXIO" },           { ENOEXEC, "ENOEXEC" },
	{ EBADF, "EBADF" },       { EAGAIN, "EAGAIN" },         { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" },     { EFAULT, "EFAULT" },         { ENOTBLK, "ENOTBLK" },
	{ EBUSY, "EBUSY" },       { EEXIST, "EEXIST" },         { EXDEV, "EXDEV" },
	{ ENODEV, "ENODEV" },     { ENOTDIR, "ENOTDIR" },       { EISDIR, "EISDIR" },
	{ EINVAL, "EINVAL" },     { ETXTBSY, "ETXTBSY" },       { ENOSPC, "ENOSPC" },
	{ EROFS, "EROFS" },       { ENOSYS, "ENOSYS" },         { ELOOP, "ELOOP" },
	{ ENOKEY, "ENOKEY" },     { EKEYREVOKED, "EKEYREVOKED" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ ECONNREFUSED, "ECONNREFUSED" }, { ESTALE, "ESTALE" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
	{ EPROTONOSUPPORT, "EPROTONOSUPPORT" }, { ENOTSOCK, "ENOTSOCK" },
	{ EUSERS, "EUSERS" },     { EMFILE, "EMFILE" },
	{ ENAMETOOLONG, "ENAMETOOLONG" },
};

static const char *errname(int no)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].no == no)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "E%d", no);
	return buf;
}

__attribute__((format(printf, 2, 3)))
static int report(int succeeded, const char *fmt, ...)
{
	va_list ap;

	printf("%s %s ", attempt, succeeded ? "succeeded" : "blocked");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return 0;
}

/* ---- what the process holds: capabilities, seccomp, user namespace ---- */

static unsigned long long status_hex(const char *key)
{
	char line[256];
	size_t n = strlen(key);
	unsigned long long v = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, n) == 0 && line[n] == ':')
			v = strtoull(line + n + 1, NULL, 16);
	fclose(f);
	return v;
}

static int have_cap(int cap)
{
	return (status_hex("CapEff") >> cap) & 1;
}

static int in_userns(void)
{
	char buf[128] = "";
	unsigned long a = 0, b = 0, c = 0;
	FILE *f = fopen("/proc/self/uid_map", "r");

	if (f) {
		if (fgets(buf, sizeof(buf), f))
			sscanf(buf, "%lu %lu %lu", &a, &b, &c);
		fclose(f);
	}
	return !(a == 0 && b == 0 && c == 4294967295UL);
}

/* Which defence an errno from a capability-checked call points to: the
 * capability missing (dropped, or only held in a user namespace) or,
 * with the capability held, seccomp's errno. */
static const char *cap_defence(int err, int cap)
{
	if (err == ENOSYS)
		return "(not in this kernel, or seccomp)";
	if (err != EPERM)
		return "";
	if (!have_cap(cap))
		return "(capability not held)";
	if (in_userns())
		return "(capability only in a user namespace)";
	return status_hex("Seccomp") ? "(seccomp)" : "(?)";
}

/* mknod is checked against CAP_MKNOD and the device cgroup (no seccomp
 * policy of ctbox or LXC names it). */
static const char *mknod_defence(int err)
{
	if (err == EPERM && have_cap(27 /* CAP_MKNOD */) && !in_userns())
		return "(device cgroup)";
	return cap_defence(err, 27);
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r;

	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
	close(fd);
	return r;
}

/* ---- the host's block device ---- */

/* The device under the container's root (its rootfs is a directory of a
 * host filesystem) and that filesystem's type, from mountinfo; else the
 * first non-loop, non-ram device of /sys/dev/block. */
static int host_blockdev(dev_t *dev, char *type, size_t tlen)
{
	char line[4096];
	unsigned ma, mi;
	FILE *f = fopen("/proc/self/mountinfo", "r");
	DIR *d;
	struct dirent *de;

	if (f) {
		while (fgets(line, sizeof(line), f)) {
			char mp[4096], *sep;

			if (sscanf(line, "%*s %*s %u:%u %*s %4095s", &ma, &mi, mp) != 3 || strcmp(mp, "/") != 0)
				continue;
			sep = strstr(line, " - ");
			if (ma == 0 || !sep || sscanf(sep + 3, "%63s", type) != 1)
				continue;
			*dev = makedev(ma, mi);
			fclose(f);
			return 0;
		}
		fclose(f);
	}
	d = opendir("/sys/dev/block");
	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (sscanf(de->d_name, "%u:%u", &ma, &mi) == 2 && ma != 7 && ma != 1) {
			*dev = makedev(ma, mi);
			snprintf(type, tlen, "ext4");
			closedir(d);
			return 0;
		}
	closedir(d);
	return -1;
}

/* mount_blockdev: mknod the host's root device and mount it read-only.
 * Success: the mount is made (undone at once), or EBUSY: the permission
 * checks passed and the kernel found the filesystem mounted read-write
 * already (a read-write mount would then succeed). Nothing is mounted
 * read-write. */
static int t_mount_blockdev(int argc, char **argv)
{
	char type[64] = "";
	const char *node = SCRATCH "-blk", *mnt = SCRATCH "-mnt";
	dev_t dev;
	int r, err;

	if (host_blockdev(&dev, type, sizeof(type)) < 0)
		return report(0, "ENODEV (no host block device found)");
	unlink(node);
	if (mknod(node, S_IFBLK | 0600, dev) < 0)
		return report(0, "%s mknod %u:%u %s", errname(errno), major(dev), minor(dev), mknod_defence(errno));
	mkdir(mnt, 0700);
	r = mount(node, mnt, type, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	err = errno;
	if (r == 0)
		umount2(mnt, MNT_DETACH);
	unlink(node);
	rmdir(mnt);
	if (r == 0)
		return report(1, "mounted %u:%u (%s) read-only", major(dev), minor(dev), type);
	if (err == EBUSY)
		return report(1, "EBUSY: permission passed, %u:%u (%s) is mounted read-write on the host",
			      major(dev), minor(dev), type);
	return report(0, "%s mount %u:%u (%s)%s", errname(err), major(dev), minor(dev), type,
		      err == EPERM && have_cap(21) && !in_userns() ? " (device cgroup)" : "");
}

/* mknod_blockdev: mknod the host's root device and open it read-only.
 * Success: the open works (one sector is read, nothing written). */
static int t_mknod_blockdev(int argc, char **argv)
{
	char type[64], buf[512];
	const char *node = SCRATCH "-blk2";
	dev_t dev;
	int fd, err;
	ssize_t n;

	if (host_blockdev(&dev, type, sizeof(type)) < 0)
		return report(0, "ENODEV (no host block device found)");
	unlink(node);
	if (mknod(node, S_IFBLK | 0600, dev) < 0)
		return report(0, "%s mknod %u:%u %s", errname(errno), major(dev), minor(dev), mknod_defence(errno));
	fd = open(node, O_RDONLY | O_CLOEXEC);
	err = errno;
	unlink(node);
	if (fd < 0)
		return report(0, "%s open %u:%u%s", errname(err), major(dev), minor(dev),
			      err == EPERM ? " (device cgroup)" : err == EACCES ? " (nodev, or not the owner)" : "");
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return report(1, "opened %u:%u and read %zd bytes", major(dev), minor(dev), n);
}

/* mknod_chardev: host character devices outside LXC's allowed list
 * (/dev/kmsg 1:11 opened for writing, /dev/loop-control 10:237 and
 * /dev/mem 1:1 opened, nothing written or asked of them). Success: any
 * of them opens. */
static int t_mknod_chardev(int argc, char **argv)
{
	static const struct { const char *name; unsigned ma, mi; int flags; } devs[] = {
		{ "kmsg", 1, 11, O_WRONLY }, { "loop-control", 10, 237, O_RDWR }, { "mem", 1, 1, O_RDONLY },
	};
	char buf[256] = "", node[64];
	int won = 0;
	size_t i;

	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		int fd, err;

		snprintf(node, sizeof(node), SCRATCH "-chr%zu", i);
		unlink(node);
		if (mknod(node, S_IFCHR | 0600, makedev(devs[i].ma, devs[i].mi)) < 0) {
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %s=mknod:%s", devs[i].name,
				 errname(errno));
			continue;
		}
		fd = open(node, devs[i].flags | O_CLOEXEC);
		err = errno;
		unlink(node);
		if (fd >= 0)
			close(fd);
		won |= fd >= 0;
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %s=%s", devs[i].name,
			 fd >= 0 ? "opened" : errname(err));
	}
	return report(won, "%s%s", buf + 1,
		      !won && strstr(buf, "=EPERM") && have_cap(27) && !in_userns() ? " (device cgroup)" : "");
}

/* chroot_escape: the classic way out of a chroot (chroot into a
 * subdirectory, climb ".." from outside it, chroot there). Success: the
 * root reached is not the container's. A pivot_root with the old root
 * detached leaves nothing above. */
static int t_chroot_escape(int argc, char **argv)
{
	int pfd[2];
	char out[256] = "";
	ssize_t n;
	pid_t pid;

	if (pipe(pfd) < 0)
		return report(0, "%s pipe", errname(errno));
	pid = fork();
	if (pid == 0) {
		struct stat r0, r1;
		int fd, i;

		close(pfd[0]);
		stat("/", &r0);
		mkdir(SCRATCH "-chroot", 0700);
		fd = open("/", O_RDONLY | O_DIRECTORY);
		if (chroot(SCRATCH "-chroot") < 0) {
			dprintf(pfd[1], "0 %s chroot %s", errname(errno), cap_defence(errno, 18 /* CAP_SYS_CHROOT */));
			_exit(0);
		}
		if (fchdir(fd) < 0) {
			dprintf(pfd[1], "0 %s fchdir", errname(errno));
			_exit(0);
		}
		for (i = 0; i < 256; i++)
			if (chdir("..") < 0)
				break;
		if (chroot(".") < 0 || stat("/", &r1) < 0) {
			dprintf(pfd[1], "0 %s chroot .", errname(errno));
			_exit(0);
		}
		if (r1.st_dev == r0.st_dev && r1.st_ino == r0.st_ino)
			dprintf(pfd[1], "0 none (the top is the container's root: nothing above it)");
		else
			dprintf(pfd[1], "1 reached a root above the container's (dev %u:%u inode %llu)%s%s",
				major(r1.st_dev), minor(r1.st_dev), (unsigned long long)r1.st_ino,
				argc > 1 && access(argv[1], F_OK) == 0 ? ", the host's " : "",
				argc > 1 && access(argv[1], F_OK) == 0 ? argv[1] : "");
		_exit(0);
	}
	close(pfd[1]);
	if (pid < 0)
		return report(0, "%s fork", errname(errno));
	n = read(pfd[0], out, sizeof(out) - 1);
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	rmdir(SCRATCH "-chroot");
	if (n < 2)
		return report(0, "EIO (the child said nothing)");
	out[n] = '\0';
	return report(out[0] == '1', "%s", out + 2);
}

/* mntns_root: the mount namespace's own root, where setns(2) into a mount
 * namespace puts a process (followed down through the mounts stacked on
 * it). In a private copy of the container's mount namespace (so nothing
 * of the container changes): detach the mount at "/", then setns into
 * that copy. With pivot_root the container's root is the namespace's
 * root and cannot be detached; a root that was moved over the host's
 * (MS_MOVE + chroot) leaves the host's root under it. Success: the
 * root reached is not the container's. */
static int t_mntns_root(int argc, char **argv)
{
	int pfd[2];
	char out[256] = "";
	ssize_t n;
	pid_t pid;

	if (pipe(pfd) < 0)
		return report(0, "%s pipe", errname(errno));
	pid = fork();
	if (pid == 0) {
		struct stat r0, r1;
		int fd;
		const char *how = "";

		close(pfd[0]);
		stat("/", &r0);
		if (unshare(CLONE_NEWNS) < 0) {
			dprintf(pfd[1], "0 %s unshare(CLONE_NEWNS) %s", errname(errno), cap_defence(errno, 21));
			_exit(0);
		}
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
		fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC); /* before /proc goes */
		if (umount2("/", MNT_DETACH) < 0)
			how = errno == EINVAL ? " (\"/\" cannot be detached)" : " (\"/\" stays)";
		if (fd < 0 || setns(fd, CLONE_NEWNS) < 0) {
			dprintf(pfd[1], "0 %s setns into its own mount namespace%s", errname(errno), how);
			_exit(0);
		}
		if (stat("/", &r1) < 0) {
			dprintf(pfd[1], "0 %s stat /", errname(errno));
			_exit(0);
		}
		if (r1.st_dev == r0.st_dev && r1.st_ino == r0.st_ino) {
			dprintf(pfd[1], "0 none (the namespace's root is the container's%s)", how);
			_exit(0);
		}
		{
			DIR *d = opendir("/");
			struct dirent *de;
			char names[512] = "";
			int k = 0;

			while (d && (de = readdir(d)) && k < 8)
				if (de->d_name[0] != '.') {
					snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%.40s",
						 k++ ? "," : "", de->d_name);
				}
			if (d)
				closedir(d);
			dprintf(pfd[1], "1 the namespace's root is not the container's (dev %u:%u inode %llu: %s)%s%s",
				major(r1.st_dev), minor(r1.st_dev), (unsigned long long)r1.st_ino, names,
				argc > 1 && access(argv[1], F_OK) == 0 ? ": the host's " : "",
				argc > 1 && access(argv[1], F_OK) == 0 ? argv[1] : "");
		}
		_exit(0);
	}
	close(pfd[1]);
	if (pid < 0)
		return report(0, "%s fork", errname(errno));
	n = read(pfd[0], out, sizeof(out) - 1);
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	if (n < 2)
		return report(0, "EIO (the child said nothing)");
	out[n] = '\0';
	return report(out[0] == '1', "%s", out + 2);
}

/* ---- /proc/sys, /proc/sysrq-trigger, /sys/kernel ---- */

/* A sysctl of the host's (no namespace has its own copy). */
#define HOST_SYSCTL "sys/kernel/printk_ratelimit"

static int open_w(const char *path)
{
	return open(path, O_WRONLY | O_CLOEXEC);
}

/* procsys_write: open a host-wide sysctl (/proc/sys/kernel/printk_ratelimit)
 * for writing. Success: the open works (nothing written). */
static int t_procsys_write(int argc, char **argv)
{
	int fd = open_w("/proc/" HOST_SYSCTL);

	if (fd < 0)
		return report(0, "%s", errname(errno));
	close(fd);
	return report(1, "/proc/" HOST_SYSCTL " open for writing");
}

static unsigned long mnt_flags_of(const char *path)
{
	struct statvfs sv;
	unsigned long f = 0;

	if (statvfs(path, &sv) < 0)
		return 0;
	if (sv.f_flag & ST_NOSUID)
		f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		f |= MS_NOEXEC;
	if (sv.f_flag & ST_RDONLY)
		f |= MS_RDONLY;
	return f;
}

/* sb_remount PATH: PATH is a bind mount of a filesystem of the host's
 * (the test's own tmpfs); remount its superblock read-only, as `mount -o
 * remount,ro /` would the host's root filesystem. Success: the remount
 * works (it is made read-write again at once; the test's tmpfs is all it
 * touches). */
static int t_sb_remount(int argc, char **argv)
{
	unsigned long keep;

	if (argc < 2)
		return report(0, "EINVAL (usage: sb_remount PATH)");
	keep = mnt_flags_of(argv[1]) & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
	if (mount(NULL, argv[1], NULL, MS_REMOUNT | MS_RDONLY | keep, NULL) < 0)
		return report(0, "%s %s", errname(errno), cap_defence(errno, 21));
	if (mount(NULL, argv[1], NULL, MS_REMOUNT | keep, NULL) < 0)
		fprintf(stderr, "attempt: can't make %s read-write again: %s\n", argv[1], strerror(errno));
	return report(1, "remounted the host's superblock under %s read-only (and back)", argv[1]);
}

/* procsys_remount: remount /proc/sys read-write (its other flags kept),
 * then open the host-wide sysctl for writing. Success: that open works.
 * The read-only mount is restored. */
static int t_procsys_remount(int argc, char **argv)
{
	unsigned long f = mnt_flags_of("/proc/sys");
	int fd, err;

	if (!(f & MS_RDONLY))
		return t_procsys_write(argc, argv);
	if (mount(NULL, "/proc/sys", NULL, MS_REMOUNT | MS_BIND | (f & ~MS_RDONLY), NULL) < 0)
		return report(0, "%s remount %s", errname(errno), cap_defence(errno, 21));
	fd = open_w("/proc/" HOST_SYSCTL);
	err = errno;
	if (fd >= 0)
		close(fd); /* before the read-only remount, which it would keep busy */
	if (mount(NULL, "/proc/sys", NULL, MS_REMOUNT | MS_BIND | f, NULL) < 0)
		fprintf(stderr, "attempt: can't make /proc/sys read-only again: %s\n", strerror(errno));
	if (fd < 0)
		return report(0, "%s (remounted, but the open failed)", errname(err));
	return report(1, "remounted /proc/sys read-write, /proc/" HOST_SYSCTL " open for writing");
}

/* Mount a fresh FSTYPE at a scratch dir and open REL below it for
 * writing (when the superblock is read-only, after remounting it
 * read-write). Success: that open works. */
static int fresh_mount_open(const char *fstype, const char *rel)
{
	char dir[64], path[256], sb[96] = "";
	int fd, err;

	snprintf(dir, sizeof(dir), SCRATCH "-%s", fstype);
	mkdir(dir, 0700);
	if (mount(fstype, dir, fstype, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		err = errno;
		rmdir(dir);
		return report(0, "%s mount %s %s", errname(err), fstype, cap_defence(err, 21));
	}
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	fd = open_w(path);
	err = errno;
	if (fd < 0 && err == EROFS) {
		/* The container's superblock is read-only (a read-only first
		 * mount): make it read-write, try again, make it read-only
		 * again (it is the container's own, its /sys or /proc). */
		unsigned long keep = MS_NOSUID | MS_NODEV | MS_NOEXEC;

		if (mount(NULL, dir, NULL, MS_REMOUNT | keep, NULL) < 0) {
			snprintf(sb, sizeof(sb), " (the superblock is read-only; remount rw: %s)", errname(errno));
		} else {
			fd = open_w(path);
			err = errno;
			if (fd >= 0)
				close(fd);
			fd = fd >= 0 ? 0 : -1;
			if (mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY | keep, NULL) < 0)
				fprintf(stderr, "attempt: can't make the %s superblock read-only again: %s\n",
					fstype, strerror(errno));
			snprintf(sb, sizeof(sb), " after a read-write remount of its superblock");
		}
	} else if (fd >= 0) {
		close(fd);
	}
	umount2(dir, MNT_DETACH);
	rmdir(dir);
	if (fd < 0)
		return report(0, "%s (a new %s mounted, but %s would not open for writing%s)", errname(err), fstype,
			      rel, sb);
	return report(1, "a new %s mounted, %s open for writing%s", fstype, rel, sb);
}

/* procsys_newproc: a new procfs, its sys/kernel/printk_ratelimit opened
 * for writing. */
static int t_procsys_newproc(int argc, char **argv)
{
	return fresh_mount_open("proc", HOST_SYSCTL);
}

/* sysrq: open /proc/sysrq-trigger for writing (nothing written). */
static int t_sysrq(int argc, char **argv)
{
	int fd = open_w("/proc/sysrq-trigger");

	if (fd < 0)
		return report(0, "%s", errname(errno));
	close(fd);
	return report(1, "/proc/sysrq-trigger open for writing");
}

/* The first writable-by-mode file of /sys/kernel this kernel has. */
static const char *const sys_kernel_files[] = {
	"kernel/uevent_helper", "kernel/profiling", "kernel/rcu_expedited", "kernel/rcu_normal",
};

static const char *sys_kernel_file(void)
{
	struct stat st;
	char p[128];
	size_t i;

	for (i = 0; i < sizeof(sys_kernel_files) / sizeof(sys_kernel_files[0]); i++) {
		snprintf(p, sizeof(p), "/sys/%s", sys_kernel_files[i]);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0200))
			return sys_kernel_files[i];
	}
	return "kernel/profiling";
}

/* sys_kernel_write: open a /sys/kernel file for writing (nothing written). */
static int t_sys_kernel_write(int argc, char **argv)
{
	char p[128];
	int fd;

	snprintf(p, sizeof(p), "/sys/%s", sys_kernel_file());
	fd = open_w(p);
	if (fd < 0)
		return report(0, "%s %s", errname(errno), p);
	close(fd);
	return report(1, "%s open for writing", p);
}

/* sys_kernel_newmount: a new sysfs, the same file opened for writing. */
static int t_sys_kernel_newmount(int argc, char **argv)
{
	return fresh_mount_open("sysfs", sys_kernel_file());
}

/* ---- kernel modules and kexec ---- */

/* Module calls with an image the kernel cannot load: EPERM means the
 * permission check (CAP_SYS_MODULE, seccomp) stopped it; ENOEXEC, EINVAL,
 * EFAULT or ENOENT that the check passed and the bogus input failed
 * later. ENOSYS: the kernel has no modules (or seccomp says so). */
static int module_result(long r, const char *what)
{
	int err = errno;

	if (r == 0)
		return report(1, "%s returned 0", what);
	if (err == EPERM || err == ENOSYS || err == EACCES)
		return report(0, "%s %s", errname(err), cap_defence(err, 16 /* CAP_SYS_MODULE */));
	return report(1, "%s: the permission check passed (bogus input rejected later)", errname(err));
}

static const char bogus_module[] = "ctbox escape test: not an ELF module";

static int t_init_module(int argc, char **argv)
{
	return module_result(syscall(SYS_init_module, bogus_module, sizeof(bogus_module), ""), "init_module");
}

static int t_finit_module(int argc, char **argv)
{
	const char *p = SCRATCH "-mod";
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	long r;

	if (fd < 0)
		return report(0, "%s (can't make the bogus module file)", errname(errno));
	if (write(fd, bogus_module, sizeof(bogus_module)) < 0) {
		/* the file stays empty: still no module */
	}
	close(fd);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	r = syscall(SYS_finit_module, fd, "", 0);
	{
		int err = errno;

		close(fd);
		unlink(p);
		errno = err;
	}
	return module_result(r, "finit_module");
}

/* delete_module of a module that does not exist: ENOENT after the check. */
static int t_delete_module(int argc, char **argv)
{
	return module_result(syscall(SYS_delete_module, "ctbox_escape_no_such_module", O_NONBLOCK),
			     "delete_module");
}

/* kexec_load with more segments than the kernel takes: the capability
 * (and seccomp) check comes first; EINVAL means it passed. */
static int t_kexec_load(int argc, char **argv)
{
	long r = syscall(SYS_kexec_load, 0UL, (unsigned long)KEXEC_SEGMENT_MAX + 1, NULL, 0UL);
	int err = errno;

	if (r == 0)
		return report(1, "kexec_load returned 0");
	if (err == EINVAL)
		return report(1, "EINVAL: the permission check passed (too many segments rejected later)");
	return report(0, "%s %s", errname(err), cap_defence(err, 22 /* CAP_SYS_BOOT */));
}

/* ---- shocker: open_by_handle_at ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* shocker TYPE:HEX:INODE: the handle (from "attempt handle" on the host)
 * of a host directory outside the container, opened with the container's
 * root as the mount fd. Success: the directory opens (read-only; checked
 * to be that inode). name_to_handle_at on "/" is tried first. */
static int t_shocker(int argc, char **argv)
{
	union { struct file_handle fh; char buf[sizeof(struct file_handle) + 128]; } h;
	int type, mnt_id, rootfd, fd, err;
	unsigned long long ino;
	char hex[300], own[64] = "";
	size_t i, n;
	struct stat st;

	if (argc < 2 || sscanf(argv[1], "%d:%299[0-9a-f]:%llu", &type, hex, &ino) != 3 ||
	    (n = strlen(hex)) % 2 || n / 2 > 128)
		return report(0, "EINVAL (usage: shocker TYPE:HEX:INODE)");
	h.fh.handle_bytes = 128;
	if (name_to_handle_at(AT_FDCWD, "/", &h.fh, &mnt_id, 0) < 0)
		snprintf(own, sizeof(own), "name_to_handle_at /: %s; ", errname(errno));
	h.fh.handle_type = type;
	h.fh.handle_bytes = n / 2;
	for (i = 0; i < n / 2; i++)
		h.fh.f_handle[i] = hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]);
	rootfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd = open_by_handle_at(rootfd, &h.fh, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	err = errno;
	close(rootfd);
	if (fd < 0)
		return report(0, "%s%s %s", own, errname(err), cap_defence(err, 2 /* CAP_DAC_READ_SEARCH */));
	if (fstat(fd, &st) < 0)
		st.st_ino = 0;
	close(fd);
	if ((unsigned long long)st.st_ino != ino)
		return report(0, "opened inode %llu, not the host's %llu", (unsigned long long)st.st_ino, ino);
	return report(1, "%sopened the host directory (inode %llu) outside the container", own, ino);
}

/* ---- ptrace, sockets, keys ---- */

/* ptrace_host PID MARKER: a host process (argv holding MARKER). The PID
 * namespace hides it (ENOENT under /proc); a process of the container
 * with that number is not it. Success: PTRACE_SEIZE of the marked process
 * works (it is detached at once). */
static int t_ptrace_host(int argc, char **argv)
{
	char p[64], cmd[512];
	int fd;
	ssize_t n;
	pid_t pid;

	if (argc < 3)
		return report(0, "EINVAL (usage: ptrace_host PID MARKER)");
	pid = atoi(argv[1]);
	snprintf(p, sizeof(p), "/proc/%d/cmdline", pid);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(0, "ESRCH (pid %d is not visible: PID namespace)", pid);
	n = read(fd, cmd, sizeof(cmd) - 1);
	close(fd);
	if (n < 0)
		n = 0;
	for (ssize_t i = 0; i < n; i++)
		if (!cmd[i])
			cmd[i] = ' ';
	cmd[n] = '\0';
	if (!strstr(cmd, argv[2]))
		return report(0, "ESRCH (pid %d here is the container's own process: PID namespace)", pid);
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0)
		return report(0, "%s ptrace", errname(errno));
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return report(1, "attached to the host's pid %d", pid);
}

/* abstract_socket NAME: connect to @NAME, which the test listens on in
 * the host's network namespace. Success: the connection is made. */
static int t_abstract_socket(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n;
	int fd;

	if (argc < 2 || (n = strlen(argv[1])) >= sizeof(sa.sun_path) - 1)
		return report(0, "EINVAL (usage: abstract_socket NAME)");
	memcpy(sa.sun_path + 1, argv[1], n);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(0, "%s socket", errname(errno));
	if (connect(fd, (struct sockaddr *)&sa, offsetof(struct sockaddr_un, sun_path) + 1 + n) < 0) {
		int err = errno;

		close(fd);
		return report(0, "%s%s", errname(err), err == ECONNREFUSED ? " (network namespace)" : "");
	}
	close(fd);
	return report(1, "connected to the host's @%s", argv[1]);
}

/* run_dir PATH...: the host's run directory and the monitor's command
 * sockets under it. Success: any of them exists here and, for a socket,
 * accepts a connection (nothing is sent). */
static int t_run_dir(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		struct stat st;
		int fd, r;

		if (stat(argv[i], &st) < 0)
			continue;
		if (!S_ISSOCK(st.st_mode))
			return report(1, "%s is visible here", argv[i]);
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[i]);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		r = fd >= 0 ? connect(fd, (struct sockaddr *)&sa, sizeof(sa)) : -1;
		if (fd >= 0)
			close(fd);
		if (r == 0)
			return report(1, "connected to %s", argv[i]);
	}
	return report(0, "ENOENT (none of the %d paths is here: mount namespace)", argc - 1);
}

/* keyctl NAME SECRET: the host put a key NAME holding SECRET in root's
 * user keyring. Success: it is found in this process's user keyring and
 * reads back as SECRET. */
static int t_keyctl(int argc, char **argv)
{
	char buf[256];
	long ring, key, n;

	if (argc < 3)
		return report(0, "EINVAL (usage: keyctl NAME SECRET)");
	ring = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0);
	if (ring < 0)
		return report(0, "%s get user keyring%s", errname(errno),
			      errno == EPERM || errno == ENOSYS ? " (seccomp)" : "");
	key = syscall(SYS_keyctl, KEYCTL_SEARCH, ring, "user", argv[1], 0);
	if (key < 0)
		return report(0, "%s search%s", errname(errno),
			      errno == ENOKEY ? " (not the host's keyring: user namespace)" : "");
	n = syscall(SYS_keyctl, KEYCTL_READ, key, buf, sizeof(buf) - 1);
	if (n < 0)
		return report(0, "%s read", errname(errno));
	buf[n < (long)sizeof(buf) ? n : (long)sizeof(buf) - 1] = '\0';
	if (strcmp(buf, argv[2]) != 0)
		return report(0, "found a key %s but not the host's secret", argv[1]);
	return report(1, "read the host's key %s from root's user keyring", argv[1]);
}

/* ---- time ---- */

/* adjtime_same: set the clock's tick to the value it has (adjtimex
 * ADJ_TICK): the same CAP_SYS_TIME check as clock_settime, but no step of
 * the host's clock and no clock-was-set event even when it passes. */
static int adjtime_same(void)
{
	struct timex tx = { .modes = 0 };

	if (adjtimex(&tx) < 0)
		return -1;
	tx.modes = ADJ_TICK;
	return adjtimex(&tx) < 0 ? -1 : 0;
}

/* settime: change the host's time (in effect: see adjtime_same).
 * Success: the call passes. */
static int t_settime(int argc, char **argv)
{
	if (adjtime_same() < 0)
		return report(0, "%s %s", errname(errno), cap_defence(errno, 25 /* CAP_SYS_TIME */));
	return report(1, "adjtimex(ADJ_TICK) accepted: the host's clock could be set");
}

/* rawio: what CAP_SYS_RAWIO gives (LXC drops it): x86 port I/O for one
 * process (ioperm on port 0x80, the POST diagnostic port, never read or
 * written; kernels without ioperm say ENOSYS) and FIBMAP (the disk block
 * of a file of its own, only read). Success: either passes its check. */
static int t_rawio(int argc, char **argv)
{
	char io[64] = "ioperm=ENOSYS";
	int fd, blk = 0, ok = 0;

#ifdef SYS_ioperm
	if (syscall(SYS_ioperm, 0x80UL, 1UL, 1) == 0) {
		syscall(SYS_ioperm, 0x80UL, 1UL, 0);
		snprintf(io, sizeof(io), "ioperm(0x80)=granted");
		ok = 1;
	} else {
		snprintf(io, sizeof(io), "ioperm=%s", errname(errno));
	}
#endif
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && ioctl(fd, 1 /* FIBMAP */, &blk) == 0) {
		close(fd);
		return report(1, "%s FIBMAP=granted: CAP_SYS_RAWIO held", io);
	}
	{
		int err = errno;

		if (fd >= 0)
			close(fd);
		if (ok)
			return report(1, "%s: CAP_SYS_RAWIO held", io);
		return report(0, "%s FIBMAP=%s %s", io, errname(err), cap_defence(err, 17 /* CAP_SYS_RAWIO */));
	}
}

/* ---- network ---- */

/* raw_socket MAC...: an AF_PACKET socket and the interfaces it could use.
 * Success: the socket opens and one of the host's interfaces (by the MAC
 * addresses the test passes) is visible. */
static int t_raw_socket(int argc, char **argv)
{
	struct if_nameindex *ifs, *i;
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, ETH_P_ALL_BE), found = 0, n = 0;
	char seen[256] = "", name[IF_NAMESIZE + 1] = "";

	if (fd < 0)
		return report(0, "%s socket %s", errname(errno), cap_defence(errno, 13 /* CAP_NET_RAW */));
	ifs = if_nameindex();
	for (i = ifs; i && i->if_index; i++) {
		struct ifreq ifr;
		char mac[18];
		unsigned char *m;
		int a;

		n++;
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s%s", *seen ? "," : "", i->if_name);
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", i->if_name);
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
			continue;
		m = (unsigned char *)ifr.ifr_hwaddr.sa_data;
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
		for (a = 1; a < argc; a++)
			if (strcasecmp(argv[a], mac) == 0 && strcmp(mac, "00:00:00:00:00:00") != 0 && !found) {
				found = 1;
				snprintf(name, sizeof(name), "%s", i->if_name);
			}
	}
	if (ifs)
		if_freenameindex(ifs);
	close(fd);
	if (found)
		return report(1, "raw socket open and the host's interface %s is visible", name);
	return report(0, "no host interface visible (network namespace; raw socket opened, %d here: %s)", n, seen);
}

/* ---- cgroups ---- */

/* The container's memory limit file: under a cgroup mount it has, else
 * under one it mounts (v1 memory, then v2) at a scratch dir. */
static int cg_limit_file(char *path, size_t len, char *mnt_made, size_t mlen)
{
	static const struct { const char *type, *opts, *file, *ctl; } kinds[] = {
		{ "cgroup", "memory", "memory.limit_in_bytes", "memory" },
		{ "cgroup2", NULL, "memory.max", "" },
	};
	char line[4096], cg[1024];
	FILE *f;
	size_t k;

	for (k = 0; k < 2; k++) {
		char mp[2048] = "", self[1024] = "";
		int found = 0;

		/* Its own group, as /proc/self/cgroup names it. */
		if ((f = fopen("/proc/self/cgroup", "r"))) {
			while (fgets(line, sizeof(line), f)) {
				char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

				if (!c2)
					continue;
				*c2 = '\0';
				if ((k == 0 && strstr(c1 + 1, "memory")) || (k == 1 && c1[1] == '\0')) {
					snprintf(self, sizeof(self), "%s", c2 + 1);
					self[strcspn(self, "\n")] = '\0';
				}
			}
			fclose(f);
		}
		if (!*self)
			continue;
		if ((f = fopen("/proc/self/mountinfo", "r"))) {
			while (!found && fgets(line, sizeof(line), f)) {
				char root[1024], point[1024], *sep = strstr(line, " - ");
				char type[64], opts[1024];

				if (!sep || sscanf(line, "%*s %*s %*s %1023s %1023s", root, point) != 2 ||
				    sscanf(sep + 3, "%63s %*s %1023s", type, opts) != 2 ||
				    strcmp(type, kinds[k].type) != 0 ||
				    (kinds[k].opts && !strstr(opts, kinds[k].opts)))
					continue;
				/* The group's path below this mount's root. */
				if (strcmp(root, "/") == 0)
					snprintf(cg, sizeof(cg), "%s", self);
				else if (strncmp(self, root, strlen(root)) == 0)
					snprintf(cg, sizeof(cg), "%s", self + strlen(root));
				else
					continue;
				snprintf(mp, sizeof(mp), "%s", point);
				found = 1;
			}
			fclose(f);
		}
		if (!found) {
			snprintf(mp, sizeof(mp), SCRATCH "-cg%zu", k);
			mkdir(mp, 0700);
			if (mount("cgroup", mp, kinds[k].type, MS_NOSUID | MS_NODEV | MS_NOEXEC,
				  kinds[k].opts) < 0) {
				rmdir(mp);
				continue;
			}
			snprintf(mnt_made, mlen, "%s", mp);
			snprintf(cg, sizeof(cg), "%s", self);
		}
		snprintf(path, len, "%s%s/%s", mp, strcmp(cg, "/") ? cg : "", kinds[k].file);
		if (access(path, F_OK) == 0)
			return 0;
		if (*mnt_made) {
			umount2(mnt_made, MNT_DETACH);
			rmdir(mnt_made);
			*mnt_made = '\0';
		}
	}
	return -1;
}

/* cgroup_limit: write the container's own memory limit, the value it has
 * written back. Success: the write is accepted. */
static int t_cgroup_limit(int argc, char **argv)
{
	char path[4096], made[2048] = "", val[64];
	int fd, err = 0;
	ssize_t n;

	if (cg_limit_file(path, sizeof(path), made, sizeof(made)) < 0)
		return report(0, "ENOENT (no memory cgroup here, none mountable: %s)", errname(errno));
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		n = -1;
	} else {
		n = read(fd, val, sizeof(val) - 1);
		if (n > 0) {
			val[n] = '\0';
			val[strcspn(val, "\n")] = '\0';
			n = pwrite(fd, val, strlen(val), 0);
			err = errno;
		}
		close(fd);
	}
	if (*made) {
		umount2(made, MNT_DETACH);
		rmdir(made);
	}
	if (n <= 0)
		return report(0, "%s %s%s", errname(err), path, *made ? " (on a cgroup fs mounted here)" : "");
	return report(1, "wrote %s back to %s%s", val, path, *made ? " (on a cgroup fs mounted here)" : "");
}

/* release_agent: a new cgroup v1 hierarchy (named, no controller) and
 * its release_agent, which the kernel runs as root on the host
 * (CVE-2022-0492), opened for writing (nothing written; the hierarchy
 * goes when unmounted, having no groups). Success: the open works. */
static int t_release_agent(int argc, char **argv)
{
	const char *dir = SCRATCH "-ra";
	int fd, err;

	mkdir(dir, 0700);
	if (mount("cgroup", dir, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, "none,name=ctbox_escape") < 0) {
		err = errno;
		rmdir(dir);
		return report(0, "%s mount of a new cgroup v1 hierarchy %s", errname(err),
			      err == EPERM && have_cap(21) && !in_userns() ? "(cgroup namespace, or seccomp)"
									 : cap_defence(err, 21));
	}
	fd = open_w(SCRATCH "-ra/release_agent");
	err = errno;
	if (fd >= 0)
		close(fd);
	umount2(dir, MNT_DETACH);
	rmdir(dir);
	if (fd < 0)
		return report(0, "%s opening release_agent (a new hierarchy was mounted)", errname(err));
	return report(1, "release_agent of a new cgroup v1 hierarchy open for writing");
}

/* ---- the runtime's binary ---- */

/* attach_exe DEV:INO SECONDS: watch /proc for a process of the runtime
 * inside the container (ctbox attach's child before it runs the command:
 * its /proc/PID/exe is the runtime's binary, or a memfd copy of it) while
 * the test runs attaches. Success: the host's binary (DEV:INO) can be
 * opened for writing through that link, at once or (CVE-2019-5736) via an
 * O_PATH descriptor after the process is gone; or the memfd copy accepts
 * a write (of the byte that is there already). Nothing else is written. */
static int exe_check(pid_t pid, dev_t hdev, ino_t hino)
{
	char p[64], link[256] = "", fdp[64];
	struct stat st;
	int pfd, w, seals, err;
	ssize_t n;

	snprintf(p, sizeof(p), "/proc/%d/exe", pid);
	n = readlink(p, link, sizeof(link) - 1);
	if (n <= 0)
		return -1;
	link[n] = '\0';
	pfd = open(p, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return strncmp(link, "/memfd:", 7) == 0 ? report(0, "%s opening %s (%s)", errname(errno), p, link) : -1;
	if (fstat(pfd, &st) < 0 || (!(st.st_dev == hdev && st.st_ino == hino) && strncmp(link, "/memfd:", 7) != 0)) {
		close(pfd);
		return -1;
	}
	if (strncmp(link, "/memfd:", 7) == 0) {
		char c;
		int r = open(p, O_RDONLY | O_CLOEXEC);

		seals = r >= 0 ? fcntl(r, F_GET_SEALS) : -1;
		if (r >= 0)
			close(r);
		w = open(p, O_RDWR | O_CLOEXEC);
		if (w < 0 && errno == ETXTBSY && pid != 1) {
			/* Busy while it runs: keep the O_PATH descriptor until
			 * the process has run the command (or is gone). */
			char now[256];

			for (int i = 0; i < 200; i++) {
				n = readlink(p, now, sizeof(now) - 1);
				if (n <= 0 || (size_t)n != strlen(link) || memcmp(now, link, n) != 0)
					break;
				usleep(20000);
			}
			snprintf(fdp, sizeof(fdp), "/proc/self/fd/%d", pfd);
			w = open(fdp, O_RDWR | O_CLOEXEC);
		}
		err = errno;
		close(pfd);
		if (w < 0)
			return report(0, "%s opening the runtime's memfd copy (%s) for writing%s", errname(err), link,
				      seals > 0 && (seals & SEAL_WRITE) ? " (sealed)" : "");
		if (pread(w, &c, 1, 0) == 1 && pwrite(w, &c, 1, 0) == 1) {
			close(w);
			return report(1, "the runtime's memfd copy (%s, pid %d) accepted a write", link, pid);
		}
		err = errno;
		close(w);
		return report(0, "%s writing the runtime's memfd copy%s", errname(err),
			      seals > 0 && (seals & SEAL_WRITE) ? " (sealed)" : "");
	}
	w = open(p, O_WRONLY | O_CLOEXEC);
	if (w >= 0) {
		close(w);
		close(pfd);
		return report(1, "the host's binary %s opened for writing through /proc/%d/exe", link, pid);
	}
	err = errno;
	/* The classic: keep the O_PATH descriptor, wait for the runtime to go. */
	snprintf(fdp, sizeof(fdp), "/proc/%d", pid);
	for (int i = 0; pid != 1 && i < 200 && access(fdp, F_OK) == 0; i++)
		usleep(50000);
	snprintf(fdp, sizeof(fdp), "/proc/self/fd/%d", pfd);
	w = open(fdp, O_WRONLY | O_CLOEXEC);
	if (w >= 0) {
		close(w);
		close(pfd);
		return report(1, "the host's binary %s opened for writing after the runtime exited", link);
	}
	close(pfd);
	return report(0, "%s then %s: the host's binary %s is reachable but not writable", errname(err),
		      errname(errno), link);
}

/* proc1_exe DEV:INO: in a container run by execute (or lxc-execute), PID
 * 1 is the runtime's init: its /proc/1/exe must not be the host's binary
 * (DEV:INO) open for writing; judged as attach_exe, without the wait. */
static int t_proc1_exe(int argc, char **argv)
{
	unsigned long long ino;
	unsigned ma, mi;
	char link[256] = "";
	ssize_t n;

	if (argc < 2 || sscanf(argv[1], "%u:%u:%llu", &ma, &mi, &ino) != 3)
		return report(0, "EINVAL (usage: proc1_exe MAJ:MIN:INO)");
	if (exe_check(1, makedev(ma, mi), (ino_t)ino) == 0)
		return 0;
	n = readlink("/proc/1/exe", link, sizeof(link) - 1);
	if (n < 0)
		return report(0, "%s readlink /proc/1/exe", errname(errno));
	link[n] = '\0';
	return report(0, "/proc/1/exe is %s, not the runtime's binary", link);
}

static int t_attach_exe(int argc, char **argv)
{
	unsigned long long ino;
	unsigned ma, mi;
	time_t end;
	pid_t self = getpid();

	if (argc < 3 || sscanf(argv[1], "%u:%u:%llu", &ma, &mi, &ino) != 3)
		return report(0, "EINVAL (usage: attach_exe MAJ:MIN:INO SECONDS)");
	end = time(NULL) + atoi(argv[2]);
	while (time(NULL) < end) {
		DIR *d = opendir("/proc");
		struct dirent *de;

		while (d && (de = readdir(d))) {
			pid_t pid = atoi(de->d_name);

			if (pid > 1 && pid != self && exe_check(pid, makedev(ma, mi), (ino_t)ino) == 0) {
				closedir(d);
				return 0;
			}
		}
		if (d)
			closedir(d);
		sched_yield();
	}
	return report(0, "unseen (no runtime process was seen inside in %s s)", argv[2]);
}

/* attach_ptrace DEV:INO SECONDS: watch /proc, as attach_exe does, for a
 * process of the runtime inside the container (its /proc/PID/exe is the
 * runtime's binary DEV:INO, a memfd copy, or hidden from us) and
 * PTRACE_SEIZE it (CVE-2016-9962: the runtime's process still holds
 * what it opened on the host). Seizing stops nothing; it is detached at
 * once. Success: the seize works (the descriptors it holds are listed). */
static int t_attach_ptrace(int argc, char **argv)
{
	unsigned long long ino;
	unsigned ma, mi;
	time_t end;
	pid_t self = getpid();

	if (argc < 3 || sscanf(argv[1], "%u:%u:%llu", &ma, &mi, &ino) != 3)
		return report(0, "EINVAL (usage: attach_ptrace MAJ:MIN:INO SECONDS)");
	end = time(NULL) + atoi(argv[2]);
	while (time(NULL) < end) {
		DIR *d = opendir("/proc");
		struct dirent *de;

		while (d && (de = readdir(d))) {
			pid_t pid = atoi(de->d_name);
			char p[64], link[256] = "", fds[1024] = "", uid[32] = "";
			struct stat st;
			ssize_t n;
			int foreign;

			if (pid <= 1 || pid == self || pid == getppid())
				continue;
			snprintf(p, sizeof(p), "/proc/%d/exe", pid);
			n = readlink(p, link, sizeof(link) - 1);
			if (n < 0 && errno == ENOENT)
				continue; /* gone, or a kernel thread */
			if (n > 0)
				link[n] = '\0';
			foreign = n < 0 || strncmp(link, "/memfd:", 7) == 0 ||
				  (stat(p, &st) == 0 && st.st_dev == makedev(ma, mi) && st.st_ino == (ino_t)ino);
			if (!foreign)
				continue;
			if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0) {
				if (errno == ESRCH)
					continue;
				closedir(d);
				return report(0, "%s seizing the runtime's pid %d (%s)%s", errname(errno), pid,
					      n > 0 ? link : "its exe hidden from us",
					      errno == EPERM ? " (not dumpable, or not ours)" : "");
			}
			{
				DIR *fd;
				struct dirent *fe;
				char fp[128];

				snprintf(fp, sizeof(fp), "/proc/%d/fd", pid);
				if ((fd = opendir(fp))) {
					while ((fe = readdir(fd))) {
						char lp[160], l[96] = "";

						if (fe->d_name[0] == '.' || strlen(fds) + 8 >= sizeof(fds))
							continue;
						snprintf(lp, sizeof(lp), "%s/%.16s", fp, fe->d_name);
						if (readlink(lp, l, sizeof(l) - 1) < 0 || l[0] != '/')
							l[0] = '\0';
						snprintf(fds + strlen(fds), sizeof(fds) - strlen(fds), "%s%.6s%s%.60s",
							 *fds ? "," : "", fe->d_name, *l ? "=" : "", l);
					}
					closedir(fd);
				}
			}
			{
				/* Its uid as this namespace shows it (65534:
				 * unmapped, i.e. the host's root). */
				char sp[64], line[128];
				FILE *f;

				snprintf(sp, sizeof(sp), "/proc/%d/status", pid);
				if ((f = fopen(sp, "r"))) {
					while (fgets(line, sizeof(line), f))
						if (strncmp(line, "Uid:", 4) == 0)
							snprintf(uid, sizeof(uid), "%.20s", line + 4 + strspn(line + 4, " \t"));
					fclose(f);
				}
				uid[strcspn(uid, " \t\n")] = '\0';
			}
			ptrace(PTRACE_DETACH, pid, 0, 0);
			closedir(d);
			return report(1, "seized the runtime's pid %d (%s; uid %s; fds %s)", pid,
				      n > 0 ? link : "exe hidden", *uid ? uid : "?", *fds ? fds : "unreadable");
		}
		if (d)
			closedir(d);
		sched_yield();
	}
	return report(0, "unseen (no runtime process was seen inside in %s s)", argv[2]);
}

/* ---- descriptors ---- */

/* Walk ".." from directory FD to its top; 1 when that top is not this
 * process's root. */
static int dir_escapes(int fd)
{
	struct stat root, cur, up;
	int i;

	if (stat("/", &root) < 0 || fstat(fd, &cur) < 0 || !S_ISDIR(cur.st_mode))
		return 0;
	fd = dup(fd);
	for (i = 0; i < 256; i++) {
		int nfd = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (nfd < 0 || fstat(nfd, &up) < 0) {
			if (nfd >= 0)
				close(nfd);
			break;
		}
		close(fd);
		fd = nfd;
		if (up.st_dev == cur.st_dev && up.st_ino == cur.st_ino)
			break;
		cur = up;
	}
	close(fd);
	return !(cur.st_dev == root.st_dev && cur.st_ino == root.st_ino);
}

/* leaked_fds: the descriptors and working directory this process (run by
 * attach) and the container's init got from the runtime. Success: one of
 * them is a directory whose ".." chain ends outside the container's root
 * (CVE-2024-21626), or a socket, or any descriptor above 2 of a file
 * outside the container. */
static int t_leaked_fds(int argc, char **argv)
{
	static const char *const who[] = { "self", "1" };
	char p[64], link[512];
	size_t w;

	for (w = 0; w < 2; w++) {
		DIR *d;
		struct dirent *de;
		int cwd;

		snprintf(p, sizeof(p), "/proc/%s/cwd", who[w]);
		cwd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cwd >= 0) {
			int esc = dir_escapes(cwd);

			close(cwd);
			if (esc)
				return report(1, "the working directory of %s is outside the container", who[w]);
		}
		snprintf(p, sizeof(p), "/proc/%s/fd", who[w]);
		if (!(d = opendir(p)))
			continue;
		while ((de = readdir(d))) {
			int n = atoi(de->d_name), fd;
			char fp[384];
			ssize_t l;

			if (de->d_name[0] < '0' || de->d_name[0] > '9' || n <= 2 ||
			    (w == 0 && n == dirfd(d)))
				continue;
			snprintf(fp, sizeof(fp), "%s/%s", p, de->d_name);
			l = readlink(fp, link, sizeof(link) - 1);
			link[l > 0 ? l : 0] = '\0';
			fd = open(fp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd >= 0) {
				int esc = dir_escapes(fd);

				close(fd);
				if (esc) {
					closedir(d);
					return report(1, "fd %d of %s is a directory outside the container (%s)", n, who[w], link);
				}
			}
			if (strncmp(link, "socket:", 7) == 0) {
				closedir(d);
				return report(1, "fd %d of %s is a socket (%s)", n, who[w], link);
			}
		}
		closedir(d);
	}
	return report(0, "none (no descriptor or directory reaches outside)");
}

/* ---- a user namespace of its own ---- */

/* userns_caps: unshare a user namespace (full capabilities in it), then
 * try what the host's capabilities would allow: set the time (as
 * settime), remove a module, kexec, mknod the host's disk, open
 * /proc/sysrq-trigger for writing, set the (same) hostname of the UTS
 * namespace it came from. Success: any of those passes its check. */
static int t_userns_caps(int argc, char **argv)
{
	int pfd[2];
	pid_t pid;
	char out[512] = "";
	ssize_t n;

	if (pipe(pfd) < 0)
		return report(0, "%s pipe", errname(errno));
	pid = fork();
	if (pid == 0) {
		char buf[512] = "", m[64], host[256] = "";
		uid_t uid = geteuid();
		gid_t gid = getegid();
		dev_t dev;
		char type[64];
		int won = 0, fd;

		close(pfd[0]);
		if (unshare(CLONE_NEWUSER) < 0) {
			dprintf(pfd[1], "0 %s unshare(CLONE_NEWUSER)%s", errname(errno),
				errno == EPERM && status_hex("Seccomp") ? " (seccomp, or no new user namespace allowed)" : "");
			_exit(0);
		}
		snprintf(m, sizeof(m), "0 %u 1", uid);
		write_file("/proc/self/uid_map", m);
		write_file("/proc/self/setgroups", "deny");
		snprintf(m, sizeof(m), "0 %u 1", gid);
		write_file("/proc/self/gid_map", m);
#define TRY(name, ok) do { \
		int r_ = (ok); \
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %s=%s", name, r_ ? "passed" : errname(errno)); \
		won |= r_; \
	} while (0)
		TRY("time", adjtime_same() == 0);
		TRY("module", syscall(SYS_delete_module, "ctbox_escape_no_such_module", O_NONBLOCK) == 0 ||
				      (errno != EPERM && errno != ENOSYS));
		TRY("kexec", syscall(SYS_kexec_load, 0UL, (unsigned long)KEXEC_SEGMENT_MAX + 1, NULL, 0UL) == 0 ||
				     errno == EINVAL);
		if (host_blockdev(&dev, type, sizeof(type)) == 0) {
			unlink(SCRATCH "-blk3");
			TRY("mknod", mknod(SCRATCH "-blk3", S_IFBLK | 0600, dev) == 0);
			unlink(SCRATCH "-blk3");
		}
		fd = open_w("/proc/sysrq-trigger");
		TRY("sysrq", fd >= 0);
		if (fd >= 0)
			close(fd);
		gethostname(host, sizeof(host) - 1);
		TRY("hostname", sethostname(host, strlen(host)) == 0);
#undef TRY
		dprintf(pfd[1], "%d unshared, CapEff %llx there;%s", won, status_hex("CapEff"), buf);
		_exit(0);
	}
	close(pfd[1]);
	if (pid < 0)
		return report(0, "%s fork", errname(errno));
	n = read(pfd[0], out, sizeof(out) - 1);
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	if (n < 2)
		return report(0, "EIO (the child said nothing)");
	out[n] = '\0';
	return report(out[0] == '1', "%s", out + 2);
}

/* ---- host-side helpers ---- */

static int h_handle(int argc, char **argv)
{
	union { struct file_handle fh; char buf[sizeof(struct file_handle) + 128]; } h;
	struct stat st;
	int mnt_id;
	unsigned i;

	h.fh.handle_bytes = 128;
	if (argc < 2 || name_to_handle_at(AT_FDCWD, argv[1], &h.fh, &mnt_id, 0) < 0 || stat(argv[1], &st) < 0) {
		fprintf(stderr, "attempt: handle: %s\n", argc < 2 ? "usage: handle PATH" : strerror(errno));
		return 1;
	}
	printf("%d:", h.fh.handle_type);
	for (i = 0; i < h.fh.handle_bytes; i++)
		printf("%02x", h.fh.f_handle[i]);
	printf(":%llu\n", (unsigned long long)st.st_ino);
	return 0;
}

static int h_listen(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n;
	int fd;

	if (argc < 2 || (n = strlen(argv[1])) >= sizeof(sa.sun_path) - 1)
		return 2;
	memcpy(sa.sun_path + 1, argv[1], n);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, offsetof(struct sockaddr_un, sun_path) + 1 + n) < 0 ||
	    listen(fd, 16) < 0) {
		fprintf(stderr, "attempt: listen: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		int c = accept(fd, NULL, NULL);

		if (c >= 0)
			close(c);
	}
}

static int h_wait(int argc, char **argv)
{
	for (;;)
		pause();
	return 0;
}

static int h_addkey(int argc, char **argv)
{
	long id;

	if (argc < 3)
		return 2;
	id = syscall(SYS_add_key, "user", argv[1], argv[2], strlen(argv[2]), KEY_SPEC_USER_KEYRING);
	if (id < 0) {
		fprintf(stderr, "attempt: add_key: %s\n", strerror(errno));
		return 1;
	}
	printf("%ld\n", id);
	return 0;
}

static int h_delkey(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	return syscall(SYS_keyctl, KEYCTL_INVALIDATE, atol(argv[1])) < 0;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
} table[] = {
	{ "mount_blockdev", t_mount_blockdev },   { "mknod_blockdev", t_mknod_blockdev },
	{ "procsys_remount", t_procsys_remount }, { "procsys_newproc", t_procsys_newproc },
	{ "procsys_write", t_procsys_write },     { "sysrq", t_sysrq },
	{ "sys_kernel_write", t_sys_kernel_write }, { "sys_kernel_newmount", t_sys_kernel_newmount },
	{ "init_module", t_init_module },         { "finit_module", t_finit_module },
	{ "delete_module", t_delete_module },     { "kexec_load", t_kexec_load },
	{ "shocker", t_shocker },                 { "ptrace_host", t_ptrace_host },
	{ "abstract_socket", t_abstract_socket }, { "run_dir", t_run_dir },
	{ "settime", t_settime },                 { "raw_socket", t_raw_socket },
	{ "cgroup_limit", t_cgroup_limit },       { "attach_exe", t_attach_exe },
	{ "leaked_fds", t_leaked_fds },           { "keyctl", t_keyctl },
	{ "rawio", t_rawio },                     { "proc1_exe", t_proc1_exe },
	{ "mknod_chardev", t_mknod_chardev },     { "chroot_escape", t_chroot_escape },
	{ "release_agent", t_release_agent },     { "mntns_root", t_mntns_root },
	{ "attach_ptrace", t_attach_ptrace },     { "sb_remount", t_sb_remount },
	{ "userns_caps", t_userns_caps },
	{ "handle", h_handle },                   { "listen", h_listen },
	{ "wait", h_wait },                       { "addkey", h_addkey },
	{ "delkey", h_delkey },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc >= 2)
		for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
			if (strcmp(argv[1], table[i].name) == 0) {
				attempt = argv[1];
				return table[i].fn(argc - 1, argv + 1);
			}
	fprintf(stderr, "usage: attempt NAME [ARGS...]; NAME one of:");
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		fprintf(stderr, " %s", table[i].name);
	fputc('\n', stderr);
	return 2;
}
