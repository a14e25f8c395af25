/* libFuzzer harness of the .deb reader: the ar container, the control and
 * data tar members (gzip, xz, zstd, plain) and the control-file parser of
 * dpkg's database writer (make fuzz-deb).
 *
 * Input: one byte of mode, then
 *   0: a .deb, read whole in list mode (control members, data.tar paths);
 *   1: a plain tar, read in list mode with entry and data callbacks;
 *   2: a control file, parsed, put in dpkg's order and written out;
 *   3: a plain tar, extracted in root mode under an empty directory, which
 *      must then be the only thing in its parent.
 * Nothing may crash or read out of bounds; errors must say what failed.
 * Seeds (tests/fuzz/corpus-deb) are small packages made with dpkg-deb and
 * tar archives made for these tests. */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "deb.h"
#include "dpkgdb_int.h"
#include "fallback.h"
#include "tar.h"

/* tar_path.c asks whether openat2 may be used; fallback.c's probes need
 * the cgroup code, so the harness answers: yes, as on a current kernel. */
int bb_have(enum bb_feature f)
{
	return f == BB_OPENAT2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	const uint8_t *p;
	size_t len, pos;
};

static ssize_t mem_read(void *ctx, void *buf, size_t len, struct bb_err *e)
{
	struct mem *m = ctx;
	size_t n = m->len - m->pos;

	if (n > len)
		n = len;
	if (n > 700)
		n = 700; /* short reads, as from a decompressor */
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return n;
}

static void check_err(const struct bb_err *e)
{
	if (!e->msg[0] || !memchr(e->msg, 0, sizeof(e->msg)))
		abort();
}

static int on_entry(void *ctx, const struct tar_entry *ent, struct bb_err *e)
{
	if (strstr(ent->name, "..") && (strstr(ent->name, "../") || !strcmp(ent->name, "..")))
		abort(); /* names are cleaned before anyone sees them */
	if (ent->name[0] == '/')
		abort();
	return ent->name[0] == 's' ? TAR_ENTRY_SKIP : 0;
}

static int on_data(void *ctx, const struct tar_entry *ent, const void *buf, size_t len,
		   struct bb_err *e)
{
	size_t *total = ctx;

	*total += len;
	return 0;
}

static void deb_mode(const uint8_t *data, size_t size)
{
	struct deb_info info;
	struct bb_err e = { 0 };
	int fd = memfd_create("deb", MFD_CLOEXEC);
	size_t i;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	if (deb_read(fd, "fuzz.deb", -1, DEB_LIST, NULL, &info, &e) == 0) {
		if (!info.npaths || strcmp(info.paths[0], "/.") != 0 || !deb_info_file(&info, "control"))
			abort();
		for (i = 0; i < info.nfiles; i++)
			if (info.files[i].data[info.files[i].len] != '\0')
				abort();
		deb_info_free(&info);
	} else {
		check_err(&e);
		if (info.nfiles || info.npaths)
			abort(); /* emptied on failure */
	}
	close(fd);
}

static void tar_mode(const uint8_t *data, size_t size)
{
	size_t total = 0;
	struct mem m = { data, size, 0 };
	struct tar_opts o = { .entry = on_entry, .data = on_data, .ctx = &total };
	struct tar_stats st;
	struct bb_err e = { 0 };

	if (tar_extract_opts(-1, mem_read, &m, &o, &st, &e) < 0)
		check_err(&e);
	else if (total > size)
		abort();
}

static void control_mode(const uint8_t *data, size_t size)
{
	struct stanza st = { 0 }, out = { 0 };
	struct bb_err e = { 0 };
	size_t pos = 0;
	char *text = malloc(size + 1);
	FILE *f = fopen("/dev/null", "w");
	int r;

	if (!text || !f)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	while ((r = stanza_parse(text, size, &pos, "control", &st, &e)) > 0) {
		if (pos > size || !st.n)
			abort();
		if (stanza_dpkg_order(&st, NULL, &out) < 0)
			abort();
		stanza_write(f, &out);
		(void)stanza_get(&st, "Package");
	}
	if (r < 0)
		check_err(&e);
	stanza_free(&st);
	stanza_free(&out);
	fclose(f);
	free(text);
}

static char base[64];

static void rm_base(void)
{
	rmdir(base);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Extraction in root mode: nothing may appear next to the root. */
static void extract_mode(const uint8_t *data, size_t size)
{
	char root[96];
	struct mem m = { data, size, 0 };
	struct tar_opts o = { .flags = TAR_IN_ROOT | TAR_NO_OWNER | TAR_SKIP_DEVICES };
	struct bb_err e = { 0 };
	struct dirent *d;
	DIR *dir;
	int fd, n = 0;

	if (!base[0]) {
		snprintf(base, sizeof(base), "/tmp/fuzz-deb.XXXXXX");
		if (!mkdtemp(base))
			abort();
		atexit(rm_base);
	}
	snprintf(root, sizeof(root), "%s/r", base);
	if (mkdir(root, 0755) < 0 || (fd = open(root, O_RDONLY | O_DIRECTORY)) < 0)
		abort();
	tar_use_openat2(size & 1);
	if (tar_extract_opts(fd, mem_read, &m, &o, NULL, &e) < 0)
		check_err(&e);
	close(fd);
	dir = opendir(base);
	while (dir && (d = readdir(dir)) != NULL)
		n += strcmp(d->d_name, ".") && strcmp(d->d_name, "..");
	if (dir)
		closedir(dir);
	if (n != 1)
		abort(); /* something was written outside the root */
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void (*const modes[])(const uint8_t *, size_t) = {
		deb_mode, tar_mode, control_mode, extract_mode,
	};

	if (size < 1)
		return 0;
	modes[data[0] % 4](data + 1, size - 1);
	return 0;
}
