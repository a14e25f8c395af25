/* The ar container of a .deb (deb.h): "!<arch>\n", then members, each a
 * 60-byte header (name, date, uid, gid, mode, decimal size, "`\n") and
 * its data padded to an even length. GNU's "name/" endings are taken off.
 * Every header is checked and no member may run past the end of the file. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deb_int.h"

#define AR_MAGIC "!<arch>\n"
#define AR_HDR 60

struct ar_hdr {
	char name[16], date[12], uid[6], gid[6], mode[8], size[10], fmag[2];
};

int ar_open(struct ar_reader *ar, int fd, const char *what, struct bb_err *e)
{
	char magic[8];
	struct stat sb;
	ssize_t n;

	ar->fd = fd;
	ar->what = what;
	ar->pos = ar->filesize = 0;
	if (fstat(fd, &sb) < 0)
		return bb_err_set(e, errno, "%s: can't stat it", what);
	n = full_pread(fd, magic, sizeof(magic), 0);
	if (n < 0)
		return bb_err_set(e, errno, "%s: can't read it", what);
	if (n != sizeof(magic) || memcmp(magic, AR_MAGIC, sizeof(magic)) != 0)
		return bb_err_set(e, 0, "%s: not an ar archive (bad magic)", what);
	ar->filesize = sb.st_size;
	ar->pos = sizeof(magic);
	return 0;
}

/* The size field: decimal digits, then blanks. */
static int ar_size(const char *f, size_t len, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i;

	for (i = 0; i < len && f[i] >= '0' && f[i] <= '9'; i++)
		v = v * 10 + (f[i] - '0'); /* 10 digits at most: no overflow */
	if (i == 0)
		return -1;
	for (; i < len; i++)
		if (f[i] != ' ')
			return -1;
	*out = v;
	return 0;
}

/* The name: blanks and one GNU '/' off the end, printable ASCII only. */
static int ar_name(const char *f, char out[17])
{
	size_t len = 16, i;

	while (len && f[len - 1] == ' ')
		len--;
	if (len > 1 && f[len - 1] == '/')
		len--;
	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (f[i] <= ' ' || f[i] > '~')
			return -1;
		out[i] = f[i];
	}
	out[len] = '\0';
	return 0;
}

int ar_next(struct ar_reader *ar, struct ar_member *m, struct bb_err *e)
{
	struct ar_hdr h;
	ssize_t n;

	if (ar->pos >= ar->filesize)
		return 0; /* the end (a last odd member may lack its padding) */
	if (ar->filesize - ar->pos < AR_HDR)
		return bb_err_set(e, 0, "%s: truncated ar header at offset %llu", ar->what, ar->pos);
	n = full_pread(ar->fd, &h, AR_HDR, ar->pos);
	if (n < 0)
		return bb_err_set(e, errno, "%s: can't read it", ar->what);
	if (n != AR_HDR)
		return bb_err_set(e, 0, "%s: truncated ar header at offset %llu", ar->what, ar->pos);
	if (memcmp(h.fmag, "`\n", 2) != 0 || ar_name(h.name, m->name) < 0 ||
	    ar_size(h.size, sizeof(h.size), &m->size) < 0)
		return bb_err_set(e, 0, "%s: malformed ar header at offset %llu", ar->what, ar->pos);
	m->offset = ar->pos + AR_HDR;
	if (m->size > ar->filesize - m->offset)
		return bb_err_set(e, 0, "%s: ar member '%s' runs past the end of the file", ar->what,
				  m->name);
	ar->pos = m->offset + m->size + (m->size & 1);
	return 1;
}
