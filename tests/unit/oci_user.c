/* Unit tests of config.User resolution (libbb/oci_image_user.c): passwd
 * and group lines (comments, blanks, malformed and NIS lines skipped,
 * lookups by name and by id), and oci_user_resolve against a rootfs made
 * here: names, name:group, uid:group, name:gid, a number passwd knows or
 * not, unknown names and missing files named in the error, an etc/passwd
 * symlink pointing out of the rootfs read inside it, with openat2 and with
 * the user-space walk; a uid's home directory. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oci_image.h"
#include "tap.h"
#include "tar.h"

static const char passwd[] =
	"# a comment\n"
	"root:x:0:0:root:/root:/bin/sh\n"
	"\n"
	"+nis::::::\n"
	"broken:x:12x:5:::\n"
	"short:x:7\n"
	"bob:x:1000:1001:Bob:/home/bob:/bin/sh\n"
	"nobody:x:65534:65534::/:/bin/false\n"
	"twin:x:1000:3::/:\n"
	"last:x:4242:77::/:";  /* no final newline */

static const char group[] =
	"root:x:0:\n"
	"staff:x:50:bob,alice\n"
	"bad:x:-1:\n"
	"users:x:100:";

static void test_find(void)
{
	static const struct {
		const char *text, *name;
		unsigned long long id;
		int nids, found;
		unsigned long long a, b;
	} t[] = {
		{ passwd, "root", 0, 2, 1, 0, 0 },
		{ passwd, "bob", 0, 2, 1, 1000, 1001 },
		{ passwd, "last", 0, 2, 1, 4242, 77 },
		{ passwd, "bo", 0, 2, 0, 0, 0 },
		{ passwd, "broken", 0, 2, 0, 0, 0 },
		{ passwd, "short", 0, 2, 0, 0, 0 },
		{ passwd, "+nis", 0, 2, 0, 0, 0 },
		{ passwd, "# a comment", 0, 2, 0, 0, 0 },
		{ passwd, NULL, 1000, 2, 1, 1000, 1001 },  /* the first of two */
		{ passwd, NULL, 65534, 2, 1, 65534, 65534 },
		{ passwd, NULL, 12, 2, 0, 0, 0 },
		{ group, "staff", 0, 1, 1, 50, 0 },
		{ group, "users", 0, 1, 1, 100, 0 },
		{ group, "bad", 0, 1, 0, 0, 0 },
		{ group, "bob", 0, 1, 0, 0, 0 },
		{ "", "root", 0, 2, 0, 0, 0 },
	};
	unsigned long long ids[2];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int r;

		ids[0] = ids[1] = 999;
		r = oci_idfile_find(t[i].text, t[i].name, t[i].id, ids, t[i].nids);
		ok(r == t[i].found && (!r || (ids[0] == t[i].a && (t[i].nids < 2 || ids[1] == t[i].b))),
		   "find %s '%s' (id %llu): %d %llu %llu", t[i].nids == 2 ? "passwd" : "group",
		   t[i].name ? t[i].name : "", t[i].id, r, ids[0], ids[1]);
	}
}

static char *D;

static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", D, rel);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		diag("can't write %s", path);
}

static void test_resolve(int root, const char *how)
{
	static const struct {
		const char *user;
		int ok;
		unsigned long long uid, gid;
		const char *err;
	} t[] = {
		{ "bob", 1, 1000, 1001, NULL },
		{ "bob:staff", 1, 1000, 50, NULL },
		{ "bob:7", 1, 1000, 7, NULL },
		{ "1000", 1, 1000, 1001, NULL },        /* passwd's group, as runc */
		{ "4243", 1, 4243, 0, NULL },           /* unknown number: gid 0 */
		{ "0:users", 1, 0, 100, NULL },
		{ "5:6", 1, 5, 6, NULL },
		{ "nobody", 1, 65534, 65534, NULL },
		{ "alice", 0, 0, 0, "no user 'alice' in the image's /etc/passwd" },
		{ "bob:wheel", 0, 0, 0, "no group 'wheel' in the image's /etc/group" },
		{ "4294967295", 0, 0, 0, "no user '4294967295'" },
		{ ":5", 0, 0, 0, "empty user or group" },
		{ "bob:", 0, 0, 0, "empty user or group" },
	};
	unsigned long long uid, gid;
	struct bb_err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int r = oci_user_resolve(root, t[i].user, &uid, &gid, &e);

		if (t[i].ok)
			ok(r == 0 && uid == t[i].uid && gid == t[i].gid, "%s: '%s' is %llu:%llu (%s)",
			   how, t[i].user, uid, gid, r ? e.msg : "ok");
		else
			ok(r < 0 && strstr(e.msg, t[i].err) && strstr(e.msg, t[i].user),
			   "%s: '%s' refused (%s)", how, t[i].user, r ? e.msg : "accepted");
	}
}

int main(void)
{
	char tmpl[] = "/tmp/ctbox-oci-user-XXXXXX", cmd[600], *out;
	struct bb_err e;
	unsigned long long uid, gid;
	int root;

	plan(16 + 2 * 13 + 3 + 5);
	test_find();
	D = mkdtemp(tmpl);
	if (!D || mkdir(strcat(strcpy(cmd, D), "/root"), 0755) < 0)
		return diag("no temporary directory"), 1;
	out = strdup(cmd);
	mkdir(strcat(strcpy(cmd, D), "/root/etc"), 0755);
	mkdir(strcat(strcpy(cmd, D), "/root/host"), 0755);
	/* The image's passwd is a symlink out of the rootfs: it must resolve
	 * to root/host/passwd, never to D/host/passwd (the "host's"). */
	put("root/host/passwd", passwd);
	put("root/etc/group", group);
	mkdir(strcat(strcpy(cmd, D), "/host"), 0755);
	put("host/passwd", "bob:x:1:1:::\nalice:x:2:2:::\n");
	if (symlink("../../host/passwd", strcat(strcpy(cmd, D), "/root/etc/passwd")) < 0)
		diag("symlink failed");
	root = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	test_resolve(root, "openat2");
	tar_use_openat2(0);
	test_resolve(root, "walk");
	tar_use_openat2(1);
	{
		static const struct { unsigned long long uid; const char *home; } h[] = {
			{ 1000, "/home/bob" }, { 0, "/root" }, { 4243, "/" },
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(h); i++) {
			char *home = oci_user_home(root, h[i].uid);

			is_str(home, h[i].home, "home of uid %llu", h[i].uid);
			free(home);
		}
	}

	/* Missing files: a number needs none, a name says which is missing. */
	unlink(strcat(strcpy(cmd, D), "/root/etc/passwd"));
	ok(oci_user_resolve(root, "17", &uid, &gid, &e) == 0 && uid == 17 && gid == 0,
	   "no passwd: a number is fine");
	ok(oci_user_resolve(root, "bob", &uid, &gid, &e) < 0 && strstr(e.msg, "/etc/passwd") &&
	   strstr(e.msg, "bob"), "no passwd: a name fails naming the file (%s)", e.msg);
	unlink(strcat(strcpy(cmd, D), "/root/etc/group"));
	ok(oci_user_resolve(root, "17:staff", &uid, &gid, &e) < 0 && strstr(e.msg, "/etc/group"),
	   "no group file: a group name fails naming the file (%s)", e.msg);
	/* A fifo must not hang the lookup. */
	mkfifo(strcat(strcpy(cmd, D), "/root/etc/passwd"), 0644);
	ok(oci_user_resolve(root, "bob", &uid, &gid, &e) < 0 && strstr(e.msg, "/etc/passwd"),
	   "a fifo as passwd: refused (%s)", e.msg);
	ok(oci_user_resolve(root, "3", &uid, &gid, &e) < 0,
	   "a fifo as passwd: refused for a number too");
	close(root);
	free(out);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", D);
	if (system(cmd) != 0)
		diag("cleanup of %s failed", D);
	return done_testing();
}
