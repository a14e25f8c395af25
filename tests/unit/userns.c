/* Unit tests of the user namespace map helpers (libbb/userns.c) and the
 * namespace names of lxc-unshare's -s (libbb/unshare.c). */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "unshare.h"
#include "userns.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static void parse_good(void)
{
	struct conf_idmap m[2];
	struct bb_err e;

	is_int(userns_parse_map("u:0:100000:65536", m, &e), 1, "u map: one entry");
	ok(m[0].kind == 'u' && m[0].nsid == 0 && m[0].hostid == 100000 && m[0].range == 65536,
	   "u map: its numbers");
	is_int(userns_parse_map("g:1:2:3", m, &e), 1, "g map: one entry");
	ok(m[0].kind == 'g' && m[0].nsid == 1 && m[0].hostid == 2 && m[0].range == 3, "g map: its numbers");
	is_int(userns_parse_map("b:0:1000:1", m, &e), 2, "b map: two entries");
	ok(m[0].kind == 'u' && m[1].kind == 'g' && m[1].hostid == 1000 && m[1].range == 1,
	   "b map: u then g, the same numbers");
	is_int(userns_parse_map("u:0:0:4294967295", m, &e), 1, "the whole id space");
	is_int(userns_parse_map("u:4294967294:0:1", m, &e), 1, "the last id");
}

static void parse_bad(void)
{
	static const char *const bad[] = {
		"", "u", "u:", "u:0", "u:0:1", "u:0:1:", "x:0:1:1", "U:0:1:1", "uu:0:1:1", "u:0:1:1:",
		"u:-1:1:1", "u: 0:1:1", "u:0:1:1 ", "u:+0:1:1", "u:a:1:1", "u:0::1", "u:0:1:0",
		"u:0:4294967295:1", "u:1:0:4294967295", "u:99999999999999999999:0:1", "b:0:1:x",
	};
	struct conf_idmap m[2];
	struct bb_err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ok(userns_parse_map(bad[i], m, &e) < 0 && strstr(e.msg, "bad map"), "refused: '%s'", bad[i]);
	userns_parse_map("u:0:1:0", m, &e);
	is_str(e.msg, "bad map 'u:0:1:0': the range is 0", "a zero range is named");
	ok(userns_parse_map(NULL, m, &e) < 0, "NULL refused");
}

static void subid(void)
{
	char path[] = "/tmp/ctbox-userns-XXXXXX";
	unsigned long start = 0, count = 0;
	struct bb_err e;
	FILE *f;
	int fd = mkstemp(path);

	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		skip("no temporary file");
		return;
	}
	fputs("alice:100000:65536\nbob:x:1\nbob:200000:0\nbob:300000:10\n1234:400000:5\n"
	      "alice:500000:5\ncarol:600000:7", f);
	fclose(f);
	ok(userns_subid(path, "alice", 1000, &start, &count, &e) == 0 && start == 100000 &&
	   count == 65536, "the first range of a name");
	ok(userns_subid(path, "bob", 1001, &start, &count, &e) == 0 && start == 300000 && count == 10,
	   "bad lines passed over");
	ok(userns_subid(path, "dave", 1234, &start, &count, &e) == 0 && start == 400000 && count == 5,
	   "a line under the numeric id");
	ok(userns_subid(path, "carol", 1, &start, &count, &e) == 0 && start == 600000 && count == 7,
	   "a last line without a newline");
	ok(userns_subid(path, "ali", 1, &start, &count, &e) < 0, "no prefix match");
	ok(strstr(e.msg, "has no range for ali") != NULL, "the missing user is named");
	unlink(path);
	ok(userns_subid(path, "alice", 1, &start, &count, &e) < 0, "a missing file fails");
}

static void checks(void)
{
	struct conf_idmap m[6] = {
		{ 'u', 0, 100000, 10 }, { 'g', 0, 100000, 10 }, { 'u', 10, 1000, 1 },
	};
	struct bb_err e;

	is_int(userns_check_maps(m, 3, &e), 0, "maps that do not overlap");
	m[3] = (struct conf_idmap){ 'u', 5, 200000, 1 };
	ok(userns_check_maps(m, 4, &e) < 0 && strstr(e.msg, "overlap"), "an overlap inside");
	m[3] = (struct conf_idmap){ 'u', 20, 100009, 1 };
	ok(userns_check_maps(m, 4, &e) < 0 && strstr(e.msg, "u:0:100000:10 and u:20:100009:1"),
	   "an overlap on the host, both maps named");
	m[3] = (struct conf_idmap){ 'g', 20, 1000, 1 };
	is_int(userns_check_maps(m, 4, &e), 0, "kinds are apart");
	ok(userns_maps_id(m, 4, 'u', 0) && userns_maps_id(m, 4, 'u', 10) && !userns_maps_id(m, 4, 'u', 11),
	   "mapped uids");
	ok(userns_maps_id(m, 4, 'g', 20) && !userns_maps_id(m, 4, 'g', 10), "mapped gids");
	is_int((int)userns_first_free(m, 4, 'u'), 11, "first free uid after two maps");
	is_int((int)userns_first_free(m, 4, 'g'), 10, "first free gid");
	m[4] = (struct conf_idmap){ 'u', 11, 300000, 5 };
	m[0].nsid = 16;
	is_int((int)userns_first_free(m, 5, 'u'), 0, "0 free: 0");
	m[0].nsid = 0;
	is_int((int)userns_first_free(m, 5, 'u'), 16, "maps in any order are stepped over");
	is_int((int)userns_first_free(NULL, 0, 'u'), 0, "no map: 0");
}

static void namespaces(void)
{
	struct bb_err e;

	ok(unshare_parse_namespaces("MOUNT|PID|UTSNAME|IPC|USER|NETWORK|CGROUP|TIME", &e) ==
	   (unsigned long)(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
			   CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME), "LXC's names");
	ok(unshare_parse_namespaces("mnt|uts|net", &e) ==
	   (unsigned long)(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWNET), "the kernel's names");
	ok(unshare_parse_namespaces("pid|Network", &e) == (unsigned long)(CLONE_NEWPID | CLONE_NEWNET),
	   "any case");
	ok(unshare_parse_namespaces("|PID||", &e) == (unsigned long)CLONE_NEWPID, "empty items passed over");
	ok(unshare_parse_namespaces("PID|FOO", &e) == 0 && strstr(e.msg, "unknown namespace 'FOO'"),
	   "an unknown name is named");
	ok(unshare_parse_namespaces(" PID", &e) == 0, "no blanks");
	ok(unshare_parse_namespaces("PIDS", &e) == 0, "no prefix match");
	ok(unshare_parse_namespaces("", &e) == 0 && strstr(e.msg, "no namespace"), "none");
	ok(unshare_parse_namespaces("|", &e) == 0, "only a separator");
}

int main(void)
{
	parse_good();
	parse_bad();
	subid();
	checks();
	namespaces();
	return done_testing();
}
