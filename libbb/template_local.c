/* The built-in local template: a rootfs from a tarball (-- --fstree FILE),
 * plain, gzip or xz (told by its magic bytes, not its name), extracted in
 * process by tar.c. The decompressors live here so that tar.c needs no
 * library (its unit test links without the musl-built zlib and liblzma). */
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "create.h"
#include "tar.h"

#define INBUF (64 * 1024)

struct zsrc {
	int fd;
	int eof;
	z_stream z;
	lzma_stream x;
	unsigned char in[INBUF];
};

static int fill(struct zsrc *s, const unsigned char **next, size_t *avail, struct bb_err *e)
{
	ssize_t n;

	if (*avail || s->eof)
		return 0;
	do
		n = read(s->fd, s->in, sizeof(s->in));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return bb_err_set(e, errno, "reading the archive");
	if (n == 0)
		s->eof = 1;
	*next = s->in;
	*avail = n;
	return 0;
}

static ssize_t gz_read(void *ctx, void *buf, size_t len, struct bb_err *e)
{
	struct zsrc *s = ctx;

	s->z.next_out = buf;
	s->z.avail_out = len;
	while (s->z.avail_out == len) {
		const unsigned char *next = s->z.next_in;
		size_t avail = s->z.avail_in;
		int r;

		if (fill(s, &next, &avail, e) < 0)
			return -1;
		s->z.next_in = (unsigned char *)next;
		s->z.avail_in = avail;
		if (!avail && s->eof)
			return bb_err_set(e, 0, "gzip data truncated");
		r = inflate(&s->z, Z_NO_FLUSH);
		if (r == Z_STREAM_END) {
			/* Another gzip member may follow (concatenated .gz). */
			if (!s->z.avail_in) {
				const unsigned char *nx = s->in;
				size_t av = 0;

				if (fill(s, &nx, &av, e) < 0)
					return -1;
				s->z.next_in = (unsigned char *)nx;
				s->z.avail_in = av;
			}
			if (!s->z.avail_in)
				break;
			inflateReset(&s->z);
			continue;
		}
		if (r != Z_OK && r != Z_BUF_ERROR)
			return bb_err_set(e, 0, "gzip data corrupt: %s", s->z.msg ? s->z.msg : "inflate failed");
	}
	return len - s->z.avail_out;
}

static ssize_t xz_read(void *ctx, void *buf, size_t len, struct bb_err *e)
{
	struct zsrc *s = ctx;

	s->x.next_out = buf;
	s->x.avail_out = len;
	while (s->x.avail_out == len) {
		const unsigned char *next = s->x.next_in;
		size_t avail = s->x.avail_in;
		lzma_ret r;

		if (fill(s, &next, &avail, e) < 0)
			return -1;
		s->x.next_in = next;
		s->x.avail_in = avail;
		r = lzma_code(&s->x, s->eof && !avail ? LZMA_FINISH : LZMA_RUN);
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK)
			return bb_err_set(e, 0, "xz data %s (lzma error %d)",
					  r == LZMA_BUF_ERROR ? "truncated" : "corrupt", (int)r);
	}
	return len - s->x.avail_out;
}

static int extract(int fd, const char *file, int rootfs, volatile int *stop, struct bb_err *e)
{
	static struct zsrc s; /* big buffer: not on the stack */
	unsigned char magic[6] = { 0 };
	struct tar_stats st;
	ssize_t n;
	int r;

	memset(&s, 0, sizeof(s));
	s.fd = fd;
	n = pread(fd, magic, sizeof(magic), 0);
	if (n < 0)
		return bb_err_set(e, errno, "can't read '%s'", file);
	if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
		if (inflateInit2(&s.z, 15 + 32) != Z_OK)
			return bb_err_set(e, ENOMEM, "zlib");
		r = tar_extract(rootfs, gz_read, &s, 0, stop, &st, e);
		inflateEnd(&s.z);
	} else if (n == 6 && memcmp(magic, "\xfd" "7zXZ\0", 6) == 0) {
		s.x = (lzma_stream)LZMA_STREAM_INIT;
		if (lzma_stream_decoder(&s.x, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
			return bb_err_set(e, ENOMEM, "liblzma");
		r = tar_extract(rootfs, xz_read, &s, 0, stop, &st, e);
		lzma_end(&s.x);
	} else {
		r = tar_extract(rootfs, tar_read_fd, &s.fd, 0, stop, &st, e);
	}
	if (r < 0) {
		struct bb_err inner = *e;

		return bb_err_set(e, inner.errnum, "%s: %s", file, inner.msg);
	}
	return 0;
}

int tmpl_local(struct tmpl_ctx *x, struct bb_err *e)
{
	static const char *const keys[] = { "fstree", "metadata", NULL };
	const char *vals[2] = { NULL, NULL };
	char *hn = NULL;
	int fd, r, efd;

	if (tmpl_args(x->argc, x->argv, keys, vals, "local", e) < 0)
		return -1;
	if (vals[1])
		return bb_err_set(e, 0, "template local: --metadata is not supported (give the rootfs with --fstree FILE)");
	if (!vals[0])
		return bb_err_set(e, 0, "template local: no rootfs tarball given (-- --fstree FILE.tar[.gz|.xz])");
	fd = open(vals[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s'", vals[0]);
	r = extract(fd, vals[0], x->rootfs, x->stop, e);
	close(fd);
	if (r < 0)
		return -1;
	/* Like LXC's download template: the image's /etc gets the name. */
	efd = openat(x->rootfs, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (efd >= 0) {
		close(efd);
		if (asprintf(&hn, "%s\n", x->name) < 0)
			return bb_err_set(e, ENOMEM, "hostname");
		r = write_file_at(x->rootfs, "etc/hostname", hn, 0644, e);
		free(hn);
		if (r < 0)
			return -1;
	}
	fprintf(x->conf,
		"lxc.arch = %s\n"
		"lxc.autodev = 1\n"
		"lxc.mount.auto = proc:mixed sys:ro cgroup:mixed\n"
		"lxc.tty.max = 4\n"
		"lxc.pty.max = 1024\n",
		lxc_arch());
	return 0;
}
