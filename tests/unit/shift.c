/* Unit tests of rootfs shifting (libbb/shift.c): ids through maps, the
 * security.capability and POSIX ACL byte formats, and (as root) a real
 * tree: owners, set-id bits, capabilities, ACLs, hard links, symlinks;
 * and the idmap= option of lxc.rootfs.options (libbb/idmapped.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "shift.h"
#include "tap.h"

#define BASE 100000UL

static const struct conf_idmap maps[] = {
	{ 'u', 0, BASE, 65536 }, { 'g', 0, BASE + 1000000, 65536 },
};

static void le32(unsigned char *p, unsigned v)
{
	p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

static unsigned rd32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned)p[3] << 24;
}

static void ids(void)
{
	const struct conf_idmap two[] = { { 'u', 0, 1000, 10 }, { 'u', 10, 5000, 5 } };
	unsigned long h = 0;

	is_int(shift_id(maps, 2, 'u', 0, &h), 0, "uid 0 is mapped");
	is_int((long)h, (long)BASE, "to BASE");
	is_int(shift_id(maps, 2, 'g', 65535, &h), 0, "the last gid");
	is_int((long)h, (long)(BASE + 1000000 + 65535), "to its host gid");
	is_int(shift_id(maps, 2, 'u', 65536, &h), -1, "uid 65536 is not mapped");
	is_int(shift_id(two, 2, 'u', 12, &h), 0, "the second of two maps");
	is_int((long)h, 5002, "gives 5002");
	is_int(shift_id(two, 2, 'g', 0, &h), -1, "no 'g' maps: gid 0 unmapped");
}

static void fscaps(void)
{
	unsigned char in[24], out[SHIFT_CAPS_V3_LEN];
	struct bb_err e;

	memset(in, 0, sizeof(in));
	le32(in, 0x02000001);           /* v2, effective */
	le32(in + 4, 0x00002000);       /* permitted: cap_net_raw */
	le32(in + 8, 0x11);             /* inheritable */
	le32(in + 12, 0x2);             /* permitted, high word */
	le32(in + 16, 0x3);
	is_int(shift_fscaps(in, 20, maps, 2, out, &e), 24, "v2 becomes v3 (24 bytes)");
	is_int((long)rd32(out), 0x03000001, "revision 3, the effective flag kept");
	ok(memcmp(out + 4, in + 4, 16) == 0, "the capability sets unchanged");
	is_int((long)rd32(out + 20), (long)BASE, "rootid: the host uid of root");
	le32(in, 0x03000000);
	le32(in + 20, 7);
	is_int(shift_fscaps(in, 24, maps, 2, out, &e), 24, "v3");
	is_int((long)rd32(out), 0x03000000, "stays v3, not effective");
	is_int((long)rd32(out + 20), (long)(BASE + 7), "rootid 7 shifted");
	le32(in, 0x01000000);
	le32(in + 4, 0xabcd);
	le32(in + 8, 0x1234);
	is_int(shift_fscaps(in, 12, maps, 2, out, &e), 24, "v1");
	ok(rd32(out + 4) == 0xabcd && rd32(out + 8) == 0x1234 && rd32(out + 12) == 0 &&
	   rd32(out + 16) == 0, "v1's one word pair, high words 0");
	is_int(shift_fscaps(in, 13, maps, 2, out, &e), -1, "v1 with a wrong size");
	le32(in, 0x02000000);
	is_int(shift_fscaps(in, 24, maps, 2, out, &e), -1, "v2 with v3's size");
	le32(in, 0x04000000);
	is_int(shift_fscaps(in, 24, maps, 2, out, &e), -1, "an unknown revision");
	le32(in, 0x02000002);
	is_int(shift_fscaps(in, 20, maps, 2, out, &e), -1, "an unknown flag");
	is_int(shift_fscaps(in, 3, maps, 2, out, &e), -1, "3 bytes");
	le32(in, 0x03000000);
	le32(in + 20, 70000);
	is_int(shift_fscaps(in, 24, maps, 2, out, &e), -1, "a rootid outside the maps");
	ok(strstr(e.msg, "70000") != NULL, "is named (%s)", e.msg);
}

static void acl(void)
{
	unsigned char a[4 + 5 * 8];
	struct bb_err e;
	static const struct { unsigned tag, perm, id; } ent[] = {
		{ 0x01, 7, 0xffffffff }, /* USER_OBJ */
		{ 0x02, 6, 33 },         /* USER 33 */
		{ 0x04, 5, 0xffffffff }, /* GROUP_OBJ */
		{ 0x08, 4, 100 },        /* GROUP 100 */
		{ 0x20, 0, 0xffffffff }, /* OTHER */
	};
	size_t i;

	le32(a, 2);
	for (i = 0; i < 5; i++) {
		a[4 + i * 8] = ent[i].tag;
		a[5 + i * 8] = 0;
		a[6 + i * 8] = ent[i].perm;
		a[7 + i * 8] = 0;
		le32(a + 8 + i * 8, ent[i].id);
	}
	is_int(shift_acl(a, sizeof(a), maps, 2, &e), 0, "an ACL");
	is_int((long)rd32(a + 8 + 8), (long)(BASE + 33), "named user 33 shifted by the 'u' map");
	is_int((long)rd32(a + 8 + 24), (long)(BASE + 1000000 + 100), "named group 100 by the 'g' map");
	ok(rd32(a + 8) == 0xffffffff && rd32(a + 8 + 16) == 0xffffffff && rd32(a + 8 + 32) == 0xffffffff,
	   "the other entries untouched");
	is_int(a[6 + 8], 6, "permissions untouched");
	is_int(shift_acl(a, sizeof(a) - 1, maps, 2, &e), -1, "a partial entry");
	is_int(shift_acl(a, 3, maps, 2, &e), -1, "no header");
	is_int(shift_acl(a, 4, maps, 2, &e), 0, "a header alone");
	le32(a, 1);
	is_int(shift_acl(a, sizeof(a), maps, 2, &e), -1, "version 1");
	le32(a, 2);
	le32(a + 8 + 8, 70000);
	is_int(shift_acl(a, sizeof(a), maps, 2, &e), -1, "a user outside the maps");
	ok(strstr(e.msg, "user 70000") != NULL, "is named (%s)", e.msg);
}

static void options(void)
{
	size_t len = 0;
	const char *v;

	v = shift_idmap_opt("idmap=container", &len);
	ok(v && len == 9 && strncmp(v, "container", 9) == 0, "idmap=container");
	v = shift_idmap_opt("ro,idmap=/proc/1/ns/user,nosuid", &len);
	ok(v && len == 15 && strncmp(v, "/proc/1/ns/user", 15) == 0, "idmap=PATH among others");
	ok(!shift_idmap_opt("ro,noidmap=x", &len), "noidmap= is not idmap=");
	ok(!shift_idmap_opt("", &len) && !shift_idmap_opt(NULL, &len), "none");
	is_int(shift_idmap_tree(-1, "ro", 1, NULL), 0, "no idmap=: nothing to do");
}

/* ---- a real tree (root only) ---- */

static char top[] = "/tmp/shift-test.XXXXXX";

static char *p(const char *rel)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", top, rel);
	return buf[k];
}

static void owner(const char *rel, unsigned long u, unsigned long g, const char *what)
{
	struct stat st;

	ok(lstat(p(rel), &st) == 0 && st.st_uid == u && st.st_gid == g, "%s: %lu:%lu", what, u, g);
}

static void must(int r, const char *what)
{
	if (r < 0)
		diag("%s: %s", what, strerror(errno));
}

static void tree(void)
{
	const struct conf_idmap small[] = { { 'u', 0, BASE, 10 }, { 'g', 0, BASE, 10 } };
	unsigned char caps[20], got[64];
	struct stat st;
	struct bb_err e;
	ssize_t n;
	int fd, have_caps, have_acl;

	if (geteuid() != 0) {
		for (n = 0; n < 18; n++)
			skip("the tree needs root (chown)");
		return;
	}
	if (!mkdtemp(top)) {
		diag("mkdtemp: %s", strerror(errno));
		return;
	}
	mkdir(p("etc"), 0755);
	mkdir(p("etc/sub"), 0700);
	fd = open(p("etc/file"), O_WRONLY | O_CREAT, 0644);
	close(fd);
	must(chown(p("etc/file"), 33, 34), "chown");
	fd = open(p("su"), O_WRONLY | O_CREAT, 0755);
	close(fd);
	must(chmod(p("su"), 04755), "chmod");
	fd = open(p("sg"), O_WRONLY | O_CREAT, 0755);
	close(fd);
	must(chown(p("sg"), 0, 5), "chown");
	must(chmod(p("sg"), 02755), "chmod");
	must(link(p("etc/file"), p("hard")), "link");
	must(symlink("/etc/file", p("link")), "symlink");
	must(lchown(p("link"), 7, 8), "lchown");
	must(mkfifo(p("fifo"), 0600), "mkfifo");
	fd = open(p("ping"), O_WRONLY | O_CREAT, 0755);
	close(fd);
	memset(caps, 0, sizeof(caps));
	le32(caps, 0x02000001);
	le32(caps + 4, 1 << 13);
	have_caps = setxattr(p("ping"), "security.capability", caps, 20, 0) == 0;
	{
		/* a minimal valid access ACL: USER_OBJ, USER 44, GROUP_OBJ, MASK, OTHER */
		unsigned char full[4 + 5 * 8];
		static const unsigned tags[] = { 0x01, 0x02, 0x04, 0x10, 0x20 };
		int i;

		le32(full, 2);
		for (i = 0; i < 5; i++) {
			full[4 + i * 8] = tags[i];
			full[5 + i * 8] = 0;
			full[6 + i * 8] = 4;
			full[7 + i * 8] = 0;
			le32(full + 8 + i * 8, tags[i] == 0x02 ? 44 : 0xffffffff);
		}
		have_acl = setxattr(p("etc/file"), "system.posix_acl_access", full, sizeof(full), 0) == 0;
	}
	is_int(shift_tree(top, maps, 2, NULL, &e), 0, "shift the tree (%s)", e.msg);
	owner("", BASE, BASE + 1000000, "the top itself");
	owner("etc/sub", BASE, BASE + 1000000, "a directory");
	owner("etc/file", BASE + 33, BASE + 1000000 + 34, "a file with its own owner");
	owner("hard", BASE + 33, BASE + 1000000 + 34, "its hard link (shifted once)");
	owner("link", BASE + 7, BASE + 1000000 + 8, "a symlink itself");
	owner("fifo", BASE, BASE + 1000000, "a fifo");
	ok(stat(p("su"), &st) == 0 && (st.st_mode & 07777) == 04755, "set-user-ID kept");
	ok(stat(p("sg"), &st) == 0 && (st.st_mode & 07777) == 02755, "set-group-ID kept");
	owner("sg", BASE, BASE + 1000000 + 5, "and its group");
	if (have_caps) {
		n = getxattr(p("ping"), "security.capability", got, sizeof(got));
		ok(n == 24 && rd32(got) == 0x03000001 && rd32(got + 4) == 1 << 13,
		   "file capabilities: v3 now, the same set");
		ok(n == 24 && rd32(got + 20) == BASE, "with rootid BASE");
	} else {
		skip("no security.capability here");
		skip("no security.capability here");
	}
	if (have_acl) {
		n = getxattr(p("etc/file"), "system.posix_acl_access", got, sizeof(got));
		ok(n == 44 && rd32(got + 16) == BASE + 44, "ACL: named user 44 is BASE+44");
	} else {
		skip("no ACLs here");
	}
	ok(lstat(p("link"), &st) == 0 && S_ISLNK(st.st_mode), "the symlink was not followed");
	{
		const struct conf_idmap all[] = { { 'u', 0, 0, 4294967295UL }, { 'g', 0, 0, 4294967295UL } };
		volatile int stop = 15;

		is_int(shift_tree(top, all, 2, &stop, &e), -1, "a stop request ends the walk");
		is_int(e.errnum, EINTR, "EINTR");
	}
	/* An owner outside the maps: a clear error. */
	is_int(shift_tree(top, small, 2, NULL, &e), -1, "an owner the maps don't cover");
	ok(strstr(e.msg, "'/' is owned by uid 100000") && strstr(e.msg, "lxc.idmap"), "is named (%s)",
	   e.msg);
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
		if (system(cmd) != 0)
			diag("could not remove %s", top);
	}
}

int main(void)
{
	ids();
	fscaps();
	acl();
	options();
	tree();
	return done_testing();
}
