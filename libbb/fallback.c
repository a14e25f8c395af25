/* Run-time probes of kernel features, cached per process, and the
 * test-only CTBOX_FORCE_FALLBACK override (see fallback.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "fallback.h"
#include "sysnr.h"

static int probe_pidfd(void)
{
	long fd = syscall(SYS_pidfd_open, (long)getpid(), 0L);

	if (fd < 0)
		return 0; /* ENOSYS, or a seccomp policy's EPERM */
	close(fd);
	return 1;
}

static int probe_clone3(void)
{
	/* A zero-sized argument is refused (EINVAL) before anything is
	 * done; a kernel without clone3 (or a filter) says ENOSYS/EPERM. */
	return syscall(SYS_clone3, NULL, 0L) < 0 && errno == EINVAL;
}

static int probe_openat2(void)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int probe_cgroupns(void)
{
	return access("/proc/self/ns/cgroup", F_OK) == 0;
}

static int exists_in(const char *dir, const char *sub, const char *file)
{
	char p[CG_PATH_MAX * 2];

	snprintf(p, sizeof(p), "%s/%s%s%s", dir, sub, *sub ? "/" : "", file);
	return access(p, F_OK) == 0;
}

/* v1: the memory hierarchy has memory.memsw.*, also at its root. v2 has
 * no swap files at the root: a child group with memory.max tells. No
 * evidence either way: 1 (the write site still says what is missing). */
static int probe_swap(void)
{
	const struct cg_host *h = cg_host(NULL);
	int i = h ? cg_hier_of(h, "memory") : -1, r = 1;
	struct dirent *d;
	DIR *dir;

	if (i < 0)
		return 1;
	if (!h->h[i].v2)
		return exists_in(h->h[i].mnt, "", "memory.memsw.limit_in_bytes");
	dir = opendir(h->h[i].mnt);
	while (dir && (d = readdir(dir))) {
		if (d->d_type != DT_DIR || d->d_name[0] == '.' ||
		    !exists_in(h->h[i].mnt, d->d_name, "memory.max"))
			continue;
		r = exists_in(h->h[i].mnt, d->d_name, "memory.swap.max");
		break;
	}
	if (dir)
		closedir(dir);
	return r;
}

static int probe_later(void)
{
	return 1; /* decided where it is used */
}

static const struct {
	const char *name;
	int (*probe)(void);
} features[BB_FEATURE_MAX] = {
	[BB_PIDFD] = { "pidfd", probe_pidfd },
	[BB_CLONE3] = { "clone3", probe_clone3 },
	[BB_OPENAT2] = { "openat2", probe_openat2 },
	[BB_CGROUPNS] = { "cgroupns", probe_cgroupns },
	[BB_SWAP] = { "swap", probe_swap },
	[BB_KCONFIG] = { "kconfig", probe_later },
	[BB_PIVOT_ROOT] = { "pivot_root", probe_later },
	[BB_USERNS] = { "userns", probe_later },
	[BB_IDMAP] = { "idmap", probe_later },
};

/* 0: not asked yet, 1: has it, 2: lacks it. */
static signed char cache[BB_FEATURE_MAX];
static unsigned forced;
static int env_read;

unsigned bb_fallback_parse(const char *s)
{
	unsigned mask = 0;
	size_t len, i;

	for (; s && *s; s += len + (s[len] == ',')) {
		len = strcspn(s, ",");
		if (len == 3 && strncmp(s, "all", 3) == 0)
			mask |= (1u << BB_FEATURE_MAX) - 1;
		for (i = 0; i < BB_FEATURE_MAX; i++)
			if (strlen(features[i].name) == len && strncmp(s, features[i].name, len) == 0)
				mask |= 1u << i;
	}
	return mask;
}

int bb_forced(enum bb_feature f)
{
	if (!env_read) {
		forced = bb_fallback_parse(getenv(BB_FORCE_ENV));
		env_read = 1;
	}
	return (unsigned)f < BB_FEATURE_MAX && (forced & (1u << f));
}

int bb_have(enum bb_feature f)
{
	if ((unsigned)f >= BB_FEATURE_MAX)
		return 0;
	if (!cache[f]) {
		int saved = errno;

		cache[f] = bb_forced(f) ? 2 : features[f].probe() ? 1 : 2;
		errno = saved;
	}
	return cache[f] == 1;
}

const char *bb_feature_name(enum bb_feature f)
{
	return (unsigned)f < BB_FEATURE_MAX ? features[f].name : "?";
}

void bb_fallback_reset(void)
{
	memset(cache, 0, sizeof(cache));
	forced = 0;
	env_read = 0;
}

void bb_fallback_describe(char *buf, size_t len)
{
	size_t n = 0;
	int f;

	if (len)
		buf[0] = '\0';
	for (f = 0; f < BB_FEATURE_MAX && n < len; f++)
		if (!bb_have(f))
			n += snprintf(buf + n, len - n, "%s%s%s", n ? ", " : "", features[f].name,
				      bb_forced(f) ? " (forced)" : "");
}
