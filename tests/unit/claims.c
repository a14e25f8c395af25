/* Unit tests of the path claims of parallel unpacking
 * (rootfs-builder/claims.c): later packages win whatever the order the
 * members come in, merged-/usr aliases are one path, a writer waits for an
 * earlier package still writing the same path, what only the order
 * settles is a conflict, and shared directories get the last package's
 * mode. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claims.h"
#include "tap.h"

static const char *const aliases[] = { "bin", "usr/bin", "lib", "usr/lib", NULL };

static int claim(struct rb_claimer *k, const char *name, char type, const char *link,
		 mode_t mode, struct bb_err *e)
{
	struct tar_entry ent = { .name = name, .link = link ? link : "", .type = type,
				 .mode = mode };

	return rb_claims_entry(k, &ent, e);
}

struct waiter {
	struct rb_claimer *k;
	volatile int returned;
	int r;
};

static void *wait_claim(void *arg)
{
	struct waiter *w = arg;
	struct bb_err e;

	w->r = claim(w->k, "usr/share/w", '0', NULL, 0644, &e);
	w->returned = 1;
	return NULL;
}

int main(void)
{
	struct rb_claims *c = rb_claims_new(aliases);
	struct rb_claimer p0 = { c, 0, 0, 0 }, p1 = { c, 1, 0, 0 }, p2 = { c, 2, 0, 0 };
	struct waiter w = { &p1, 0, -1 };
	char dir[] = "/tmp/ctbox-claims.XXXXXX";
	struct bb_err e;
	struct stat sb;
	pthread_t th;
	int rootfd;

	/* order: the later package's file stays */
	is_int(claim(&p1, "usr/share/f", '0', NULL, 0644, &e), 0, "a new file is written");
	rb_claims_done(&p1);
	is_int(claim(&p0, "usr/share/f", '0', NULL, 0644, &e), TAR_ENTRY_SKIP,
	       "an earlier package's copy of it is left out");
	is_int(claim(&p2, "usr/share/f", '0', NULL, 0644, &e), 0,
	       "a later package's copy is written over it");
	rb_claims_done(&p2);
	rb_claims_done(&p0);

	/* merged /usr: bin/ls is usr/bin/ls */
	is_int(claim(&p1, "usr/bin/ls", '2', "x", 0777, &e), 0, "usr/bin/ls is claimed");
	rb_claims_done(&p1);
	is_int(claim(&p0, "bin/ls", '0', NULL, 0755, &e), TAR_ENTRY_SKIP,
	       "bin/ls of an earlier package is the same path: left out");
	rb_claims_done(&p0);
	is_int(claim(&p0, "bin", '5', NULL, 0700, &e), 0, "the alias itself as a directory is fine");
	rb_claims_done(&p0);

	/* a writer waits for an earlier package still writing the path */
	is_int(claim(&p0, "usr/share/w", '0', NULL, 0644, &e), 0, "package 0 writes usr/share/w");
	ok(pthread_create(&th, NULL, wait_claim, &w) == 0, "package 1 claims it in a thread");
	usleep(100 * 1000);
	ok(!w.returned, "package 1 waits while package 0 is still writing it");
	rb_claims_done(&p0);
	pthread_join(th, NULL);
	is_int(w.r, 0, "package 1 writes it once package 0 is done");
	rb_claims_done(&p1);

	/* conflicts: what only the order settles */
	p1.conflict = 0;
	is_int(claim(&p0, "usr/share/x", '2', "y", 0777, &e), 0, "a symlink usr/share/x");
	rb_claims_done(&p0);
	is_int(claim(&p1, "usr/share/x", '5', NULL, 0755, &e), -1,
	       "a directory of the same name in another package fails");
	ok(p1.conflict, "... as a conflict");
	ok(strstr(e.msg, "usr/share/x") != NULL, "... that names the path");
	p1.conflict = 0;
	is_int(claim(&p0, "usr/share/h", '0', NULL, 0644, &e), 0, "a file of package 0");
	rb_claims_done(&p0);
	is_int(claim(&p1, "usr/share/hl", '1', "usr/share/h", 0644, &e), -1,
	       "a hard link to another package's file is a conflict");
	ok(p1.conflict, "... marked as one");
	is_int(claim(&p2, "usr/share/own", '0', NULL, 0644, &e), 0, "a file of package 2");
	is_int(claim(&p2, "usr/share/own-link", '1', "usr/share/own", 0644, &e), 0,
	       "a hard link to its own earlier member is fine");
	rb_claims_done(&p2);

	/* directories: the last package's mode */
	ok(mkdtemp(dir) != NULL, "a scratch root");
	rootfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ok(mkdirat(rootfd, "d", 0755) == 0 && fchmodat(rootfd, "d", 0755, 0) == 0, "d, mode 755");
	is_int(claim(&p2, "d", '5', NULL, 0700, &e), 0, "package 2 ships d with 0700");
	is_int(claim(&p0, "d", '5', NULL, 0755, &e), 0, "package 0 ships d with 0755");
	is_int(rb_claims_fix_dirs(c, rootfd, 0, &e), 0, "the directories are fixed up");
	ok(fstatat(rootfd, "d", &sb, 0) == 0 && (sb.st_mode & 07777) == 0700,
	   "d has package 2's mode");
	unlinkat(rootfd, "d", AT_REMOVEDIR);
	close(rootfd);
	rmdir(dir);
	rb_claims_free(c);
	return done_testing();
}
