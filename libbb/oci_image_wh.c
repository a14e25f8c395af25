/* OCI image helpers without I/O on images: whiteout names, image
 * references, digests, and removing a tree under a directory descriptor. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "oci_image.h"

#define WH_PREFIX ".wh."
#define WH_OPAQUE ".wh..wh..opq"

enum oci_wh oci_wh_classify(const char *name, const char **target, size_t *dirlen,
			    const char **why)
{
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;

	*dirlen = slash ? (size_t)(slash - name) : 0;
	*target = NULL;
	if (strncmp(base, WH_PREFIX, strlen(WH_PREFIX)) != 0)
		return OCI_WH_NONE;
	if (strcmp(base, WH_OPAQUE) == 0)
		return OCI_WH_OPAQUE;
	base += strlen(WH_PREFIX);
	if (strncmp(base, WH_PREFIX, strlen(WH_PREFIX)) == 0) {
		*why = "unknown whiteout meta file";
		return OCI_WH_BAD;
	}
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		*why = "whiteout names no file";
		return OCI_WH_BAD;
	}
	*target = base;
	return OCI_WH_FILE;
}

void oci_image_ref(char *ref, const char **tag)
{
	char *colon = strrchr(ref, ':');

	*tag = "latest";
	if (colon && !strchr(colon + 1, '/')) {
		*colon = '\0';
		if (colon[1])
			*tag = colon + 1;
	}
}

int oci_digest_check(const char *digest, struct bb_err *e)
{
	size_t i;

	if (strncmp(digest, "sha256:", 7) != 0)
		return bb_err_set(e, 0, "digest '%s': only sha256 is supported", digest);
	for (i = 7; digest[i]; i++)
		if (!strchr("0123456789abcdef", digest[i]))
			break;
	if (i != 7 + 64 || digest[i])
		return bb_err_set(e, 0, "digest '%s': not 64 lowercase hex digits", digest);
	return 0;
}

int oci_err_prefix(struct bb_err *e, const char *what)
{
	char msg[sizeof(e->msg)];

	memcpy(msg, e->msg, sizeof(msg));
	return bb_err_set(e, e->errnum, "%s: %s", what, msg);
}

int oci_rm_contents(int fd, struct bb_err *e)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	int r = 0;

	if (!d) {
		close(fd);
		return bb_err_set(e, errno, "opendir");
	}
	while (r == 0 && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		r = oci_rm_at(dirfd(d), de->d_name, e);
	}
	closedir(d);
	return r;
}

int oci_rm_at(int dirfd, const char *name, struct bb_err *e)
{
	int fd;

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return bb_err_set(e, errno, "remove %s", name);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return bb_err_set(e, errno, "remove %s", name);
	if (oci_rm_contents(fd, e) < 0)
		return -1;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return bb_err_set(e, errno, "remove %s", name);
	return 0;
}
