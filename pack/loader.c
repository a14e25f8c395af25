/* The front of a packed ctbox (Config.in: PACK): the whole binary, its
 * branches filtered and LZMA-compressed at build time (pack/mkpack.c), is
 * unpacked and executed with the same arguments and environment, plus
 * CTBOX_SELF: this file's path, which the unpacked binary takes back out
 * (for `--install`).
 *
 * Unpacked once: root keeps the result in /run/ctbox-exe (another user in
 * $XDG_RUNTIME_DIR/ctbox-exe), named after the build, read-only, made by
 * linking a finished O_TMPFILE in place, and executes it from there, so
 * every ctbox process of that build shares the pages of one copy. Only a
 * regular file of the right size owned by the user, without write bits, in
 * a directory of the user's that nobody else may write, is used; anything
 * else is left alone and ctbox unpacks into a sealed memfd instead, as it
 * does where there is no such directory. CTBOX_UNPACK_DIR names another
 * directory, "" none (ignored in a set-id process); CTBOX_UNPACK_TO=FILE
 * writes the unpacked binary to FILE and exits (tests, qemu-user). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "memfd.h"
#include "pack.h"
#include "unlzma.h"

__asm__(".section .rodata\n"
	".global packed_data\npacked_data:\n"
	".incbin \"" PACK_DATA "\"\n"
	".global packed_end\npacked_end:\n"
	".previous\n");
extern const uint8_t packed_data[], packed_end[];

#define CACHE_NAME "ctbox-exe"
#define KEEP_COPIES 4
#define SELF_ENV "CTBOX_SELF="

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

static void say(const char *what, int err)
{
	const char *parts[] = { "ctbox: unpack: ", what, ": ", strerror(err), "\n" };

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (write(2, parts[i], strlen(parts[i])) < 0)
			break;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The cache directory, opened, or -1: the user's, not writable by others
 * (made 0700 where it is missing and its parent exists). */
static int cache_dir(void)
{
	char buf[4096];
	int secure = getauxval(AT_SECURE) != 0, fd;
	const char *dir = secure ? NULL : getenv("CTBOX_UNPACK_DIR"), *xdg;
	struct stat st;

	if (secure && geteuid() != 0)
		return -1;
	if (!dir) {
		xdg = getenv("XDG_RUNTIME_DIR");
		if (geteuid() == 0)
			dir = "/run/" CACHE_NAME;
		else if (xdg && xdg[0] == '/' && strlen(xdg) < sizeof(buf) - sizeof(CACHE_NAME) - 1)
			dir = strcat(strcat(strcpy(buf, xdg), "/"), CACHE_NAME);
		else
			return -1;
	}
	if (!dir[0])
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && mkdir(dir, 0700) == 0)
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 022))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void run(int fd, char **argv, char **envp)
{
	syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
	if (errno == ENOSYS)
		fexecve(fd, argv, envp);
}

/* Execute the cached copy where there is a good one. */
static void run_cached(int dir, char **argv, char **envp)
{
	struct stat st;
	int fd = openat(dir, PACK_ID, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
	    !(st.st_mode & 0222) && st.st_size == PACK_SIZE)
		run(fd, argv, envp);
	close(fd);
}

/* Other builds' copies (an upgrade, builds side by side) stay until
 * there are KEEP_COPIES in all: then the oldest go. A process running one
 * keeps it until it exits. */
static void prune(int dir)
{
	struct {
		char name[32];
		long long t;
	} c[64];
	struct {
		unsigned long long ino, off;
		unsigned short reclen;
		unsigned char type;
		char name[];
	} *e;
	char buf[4096];
	int n = 0, i, old, fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long got;
	struct stat st;

	if (fd < 0)
		return;
	while (n < 64 && (got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (long at = 0; at < got && n < 64; at += e->reclen) {
			e = (void *)(buf + at);
			if (strncmp(e->name, "ctbox-", 6) == 0 && strlen(e->name) < sizeof(c[0].name) &&
			    strcmp(e->name, PACK_ID) != 0 &&
			    fstatat(dir, e->name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
				strcpy(c[n].name, e->name);
				c[n++].t = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
			}
		}
	close(fd);
	while (n >= KEEP_COPIES) {
		for (old = 0, i = 1; i < n; i++)
			if (c[i].t < c[old].t)
				old = i;
		unlinkat(dir, c[old].name, 0);
		c[old] = c[--n];
	}
}

/* Keep a copy in the cache directory: written whole before it gets its
 * name, so that a name only ever stands for a whole copy. */
static void keep(int dir, const uint8_t *bin)
{
	char path[32] = "/proc/self/fd/", digits[12], *d = digits + sizeof(digits);
	int fd = openat(dir, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0500);

	if (fd < 0)
		return;
	*--d = '\0';
	for (unsigned v = (unsigned)fd;; v /= 10) {
		*--d = (char)('0' + v % 10);
		if (v < 10)
			break;
	}
	if (write_all(fd, bin, PACK_SIZE) == 0 && fsync(fd) == 0 &&
	    linkat(AT_FDCWD, strcat(path, d), dir, PACK_ID, AT_SYMLINK_FOLLOW) == 0)
		prune(dir);
	close(fd);
}

/* The binary in a sealed memfd, executed. */
static int run_memfd(const uint8_t *bin, char **argv, char **envp)
{
	int fd = (int)syscall(SYS_memfd_create, "ctbox", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);

	if (fd < 0 && errno == EINVAL)
		fd = (int)syscall(SYS_memfd_create, "ctbox", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		say("memfd_create", errno);
		return 1;
	}
	if (write_all(fd, bin, PACK_SIZE) < 0) {
		say("can't write the memfd", errno);
		return 1;
	}
	fcntl(fd, F_ADD_SEALS, SEALED_FOR_GOOD);
	run(fd, argv, envp);
	say("can't execute the unpacked binary", errno);
	return 126;
}

/* The environment with CTBOX_SELF=this file (any CTBOX_SELF dropped). */
static char **with_self(char **envp)
{
	static char self[4096 + sizeof(SELF_ENV)];
	size_t n = 0, k = 0;
	ssize_t len;
	char **out;

	while (envp[n])
		n++;
	out = malloc((n + 2) * sizeof(*out));
	if (!out)
		return envp;
	len = readlink("/proc/self/exe", self + sizeof(SELF_ENV) - 1, 4096);
	if (len > 0 && len < 4096) {
		memcpy(self, SELF_ENV, sizeof(SELF_ENV) - 1);
		out[k++] = self;
	}
	for (n = 0; envp[n]; n++)
		if (strncmp(envp[n], SELF_ENV, sizeof(SELF_ENV) - 1) != 0)
			out[k++] = envp[n];
	out[k] = NULL;
	return out;
}

int main(int argc, char **argv, char **envp)
{
	const char *to = getauxval(AT_SECURE) ? NULL : getenv("CTBOX_UNPACK_TO");
	int dir = to ? -1 : cache_dir(), fd;
	uint8_t *bin;

	(void)argc;
	envp = with_self(envp);
	if (dir >= 0)
		run_cached(dir, argv, envp);
	bin = mmap(NULL, PACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bin == MAP_FAILED) {
		say("can't map memory", errno);
		return 1;
	}
	if (unlzma_raw(packed_data, (size_t)(packed_end - packed_data), bin, PACK_SIZE, PACK_PROPS) < 0) {
		say("the packed binary", EILSEQ);
		return 1;
	}
	branch_filter(bin, PACK_SIZE, PACK_FILTER, 0);
	if (to) {
		fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
		if (fd < 0 || write_all(fd, bin, PACK_SIZE) < 0 || close(fd) < 0) {
			say(to, errno);
			return 1;
		}
		return 0;
	}
	if (dir >= 0) {
		keep(dir, bin);
		run_cached(dir, argv, envp);
	}
	return run_memfd(bin, argv, envp);
}
