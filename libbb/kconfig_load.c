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
 * most KCONFIG_MAX_TEXT bytes: a small file cannot expand without bound.
 * inflate() alone, not gzread(): gz* would link zlib's compressor too. */
static char *gunzip_fd(int fd, const char *path, size_t *lenp, struct bb_err *e)
{
	size_t cap = 64 * 1024, zlen = 0, zcap = 64 * 1024;
	unsigned char *in = NULL;
	char *buf = NULL;
	z_stream z;
	int r = Z_OK;

	/* The compressed file, whole (bounded like the text). */
	for (;;) {
		ssize_t n;

		if (zcap - zlen < 4096) {
			unsigned char *ni;

			zcap *= 2;
			ni = zcap > (size_t)KCONFIG_MAX_TEXT ? NULL : realloc(in, zcap);
			if (!ni) {
				bb_err_set(e, zcap > (size_t)KCONFIG_MAX_TEXT ? EFBIG : ENOMEM, "%s", path);
				goto fail_in;
			}
			in = ni;
		} else if (!in && !(in = malloc(zcap))) {
			bb_err_set(e, ENOMEM, "%s", path);
			goto fail_in;
		}
		n = read(fd, in + zlen, zcap - zlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			bb_err_set(e, errno, "%s", path);
			goto fail_in;
		}
		if (n == 0)
			break;
		zlen += n;
	}
	close(fd);
	fd = -1;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK) {
		bb_err_set(e, ENOMEM, "%s", path);
		goto fail_in;
	}
	z.next_in = in;
	z.avail_in = zlen;
	while (r != Z_STREAM_END) {
		if (!buf || cap - z.total_out < 4096) {
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
		z.next_out = (unsigned char *)buf + z.total_out;
		z.avail_out = cap - z.total_out - 1;
		r = inflate(&z, Z_NO_FLUSH);
		if (r != Z_OK && r != Z_STREAM_END) {
			bb_err_set(e, 0, "%s: bad gzip data%s%s", path,
				   r == Z_BUF_ERROR ? ": truncated" : z.msg ? ": " : "",
				   r == Z_BUF_ERROR ? "" : z.msg ? z.msg : "");
			goto fail;
		}
		if (z.total_out > KCONFIG_MAX_TEXT) {
			bb_err_set(e, EFBIG, "%s: decompresses to more than %u bytes",
				   path, KCONFIG_MAX_TEXT);
			goto fail;
		}
	}
	*lenp = z.total_out;
	buf[*lenp] = '\0';
	inflateEnd(&z);
	free(in);
	return buf;
fail:
	inflateEnd(&z);
fail_in:
	if (fd >= 0)
		close(fd);
	free(in);
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
