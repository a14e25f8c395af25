/* Unit tests of the I/O helpers (libbb/io.c): read_file, bb_replace's
 * exchange (or rename, for a new file) of a file written beside its place,
 * bb_write_replace, and bb_next_line over a text read whole. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libbb.h"
#include "tap.h"

static int put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	return f && fputs(text, f) >= 0 && fclose(f) == 0 ? 0 : -1;
}

static char *get(const char *path)
{
	return read_file(path, 1024, NULL);
}

int main(void)
{
	char dir[] = "/tmp/ctbox-io.XXXXXX", path[64], tmp[64];
	struct stat a, b;
	char *s;

	if (!mkdtemp(dir))
		plan_skip_all("can't make a temp dir");
	snprintf(path, sizeof(path), "%s/state", dir);
	snprintf(tmp, sizeof(tmp), "%s/state.tmp", dir);

	ok(put(tmp, "one\n") == 0 && bb_replace(tmp, path) == 0, "a new file: renamed into place");
	is_str((s = get(path)) ? s : "", "one\n", "its content");
	free(s);
	ok(access(tmp, F_OK) != 0, "the temp name is gone");

	ok(stat(path, &a) == 0, "stat the first");
	ok(put(tmp, "two\n") == 0 && bb_replace(tmp, path) == 0, "an existing file: replaced");
	is_str((s = get(path)) ? s : "", "two\n", "the new content");
	free(s);
	ok(access(tmp, F_OK) != 0, "the old content's temp name is removed");
	ok(stat(path, &b) == 0 && a.st_ino != b.st_ino, "path is the new inode");

	ok(bb_replace(tmp, path) < 0, "no temp file: an error");
	is_str((s = get(path)) ? s : "", "two\n", "... and path untouched");
	free(s);

	ok(bb_write_replace(path, "three\nx", 6) == 0, "bb_write_replace: 0");
	is_str((s = get(path)) ? s : "", "three\n", "... its len bytes are the content");
	free(s);
	ok(access(tmp, F_OK) != 0, "... and its temp file is gone");
	snprintf(tmp, sizeof(tmp), "%s/no/such", dir);
	errno = 0;
	ok(bb_write_replace(tmp, "a", 1) < 0 && errno == ENOENT, "a missing directory: -1, ENOENT");
	snprintf(tmp, sizeof(tmp), "%s/state.tmp", dir);
	errno = 0;
	ok(mkdir(tmp, 0700) == 0 && bb_write_replace(path, "a", 1) < 0 && errno == EISDIR,
	   "the temp name can't be written: -1, with open's errno");
	is_str((s = get(path)) ? s : "", "three\n", "... and path untouched");
	free(s);
	rmdir(tmp);

	{
		char text[] = "a:b\n\nlast", *cur = text, *l;

		is_str((l = bb_next_line(&cur)) ? l : "(null)", "a:b", "bb_next_line: the first line, no newline");
		is_str((l = bb_next_line(&cur)) ? l : "(null)", "", "... an empty line");
		is_str((l = bb_next_line(&cur)) ? l : "(null)", "last", "... a last line without a newline");
		ok(bb_next_line(&cur) == NULL && bb_next_line(&cur) == NULL, "... then NULL, and again");
		cur = NULL;
		ok(bb_next_line(&cur) == NULL, "a NULL text (read_file failed): NULL");
		strcpy(text, "one\n");
		cur = text;
		ok((l = bb_next_line(&cur)) && strcmp(l, "one") == 0 && !bb_next_line(&cur),
		   "a text ending in a newline: one line");
	}

	snprintf(path, sizeof(path), "%s/state", dir);
	unlink(path);
	rmdir(dir);
	return done_testing();
}
