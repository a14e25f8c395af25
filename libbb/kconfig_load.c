/* Find the running kernel's configuration and read it, gzip-compressed
 * (/proc/config.gz) or plain, in-process with zlib. Kept apart from the
 * parser (kconfig.c) so that code needing no zlib does not link it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "kconfig.h"

/* Inflate the gzip stream on fd (consumed and closed) into a buffer of at
 * most KCONFIG_MAX_TEXT bytes: a small file cannot expand without bound. */
static char *gunzip_fd(int fd, const char *path, size_t *lenp, struct bb_err *e)
{
	size_t cap = 64 * 1024, len = 0;
	char *buf = NULL;
	gzFile gz;

	gz = gzdopen(fd, "rb");
	if (!gz) {
		bb_err_set(e, errno ? errno : ENOMEM, "%s", path);
		close(fd);
		return NULL;
	}
	for (;;) {
		unsigned want;
		int r;

		if (!buf || cap - len < 4096) {
			char *nb;

			if (buf)
				cap *= 2;
			if (cap > (size_t)KCONFIG_MAX_TEXT + 4096)
				cap = (size_t)KCONFIG_MAX_TEXT + 4096;
			nb = realloc(buf, cap);
			if (!nb) {
				bb_err_set(e, ENOMEM, "%s", path);
				goto fail;
			}
			buf = nb;
		}
		want = cap - len - 1 > 1u << 20 ? 1u << 20 : (unsigned)(cap - len - 1);
		r = gzread(gz, buf + len, want);
		if (r < 0) {
			int zerr;
			const char *msg = gzerror(gz, &zerr);

			bb_err_set(e, zerr == Z_ERRNO ? errno : 0, "%s: bad gzip data%s%s",
				   path, msg && *msg ? ": " : "", msg ? msg : "");
			goto fail;
		}
		if (r == 0)
			break;
		len += r;
		if (len > KCONFIG_MAX_TEXT) {
			bb_err_set(e, EFBIG, "%s: decompresses to more than %u bytes",
				   path, KCONFIG_MAX_TEXT);
			goto fail;
		}
	}
	gzclose(gz);
	buf[len] = '\0';
	*lenp = len;
	return buf;
fail:
	gzclose(gz);
	free(buf);
	return NULL;
}

int kconfig_load(struct kconfig *kc, const char *path, struct bb_err *e)
{
	unsigned char magic[2];
	size_t len;
	char *text;
	ssize_t n;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bb_err_set(e, errno, "%s", path);
	n = full_read(fd, magic, sizeof(magic));
	if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
		if (lseek(fd, 0, SEEK_SET) < 0) {
			/* not seekable (a pipe): zlib would miss the magic */
			r = errno;
			close(fd);
			return bb_err_set(e, r, "%s", path);
		}
		text = gunzip_fd(fd, path, &len, e);
		if (!text)
			return -1;
	} else {
		close(fd);
		if (n < 0)
			return bb_err_set(e, errno, "%s", path);
		return kconfig_read_file(kc, path, e);
	}
	r = kconfig_parse(kc, text, len, e);
	free(text);
	if (r < 0)
		return -1;
	return kconfig_check_nonempty(kc, path, e);
}

size_t kconfig_candidates(char **paths, size_t max)
{
	struct utsname u;
	size_t n = 0;

	if (n < max)
		paths[n++] = strdup("/proc/config.gz");
	if (uname(&u) == 0) {
		if (n < max && asprintf(&paths[n], "/boot/config-%s", u.release) >= 0)
			n++;
		if (n < max && asprintf(&paths[n], "/lib/modules/%s/build/.config",
					u.release) >= 0)
			n++;
	}
	/* drop failed allocations */
	{
		size_t i, out = 0;

		for (i = 0; i < n; i++)
			if (paths[i])
				paths[out++] = paths[i];
		n = out;
	}
	return n;
}

void kconfig_free_paths(char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(paths[i]);
}

int kconfig_find_and_load(struct kconfig *kc, const char *env, char **found,
			  struct bb_err *e)
{
	char *paths[4], tried[300] = "";
	struct bb_err first;
	size_t i, n;
	int failed = 0;

	*found = NULL;
	if (env && *env) {
		/* An explicit file is never replaced by another one: it may
		 * describe a kernel that is not running. */
		if (kconfig_load(kc, env, e) < 0)
			return -1;
		*found = strdup(env);
		return *found ? 0 : bb_err_set(e, ENOMEM, "%s", env);
	}
	n = kconfig_candidates(paths, ARRAY_SIZE(paths));
	for (i = 0; i < n; i++) {
		size_t tl = strlen(tried);

		if (access(paths[i], F_OK) != 0) {
			snprintf(tried + tl, sizeof(tried) - tl, "%s%s", tl ? ", " : "", paths[i]);
			continue;
		}
		if (kconfig_load(kc, paths[i], &first) < 0) {
			/* a broken one: remember why, try the next */
			if (!failed++ && e)
				*e = first;
			kconfig_free(kc);
			continue;
		}
		*found = paths[i];
		paths[i] = NULL;
		kconfig_free_paths(paths, n);
		return 0;
	}
	kconfig_free_paths(paths, n);
	if (failed)
		return -1;
	return bb_err_set(e, ENOENT, "kernel configuration not found (tried %s)",
			  tried[0] ? tried : "nothing");
}
