/* Unit tests of lxc-usernet and the NIC db (libbb/usernet_conf.c). The
 * file format is lxc-usernet(5)'s: "user type bridge number" or
 * "@group type bridge number". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "usernet.h"

static const char conf[] =
	"# lxc-usernet\n"
	"\n"
	"alice veth lxcbr0 2\n"
	"  alice\tveth\tlxcbr0\t3   # a second line for alice adds up\n"
	"@netusers veth lxcbr0 4\n"
	"@others veth lxcbr0 100\n"
	"alice veth br1 1\n"
	"alice macvlan lxcbr0 7\n"
	"bob veth lxcbr0 1\n"
	"alice veth lxcbr0\n"                  /* three fields: skipped */
	"alice veth lxcbr0 2 extra\n"          /* five: skipped */
	"alice veth lxcbr0 x\n"                /* not a count: skipped */
	"alice veth lxcbr0 -5\n"               /* nor a negative one */
	"#alice veth lxcbr0 50\n"
	"alicea veth lxcbr0 9\n"
	"@ veth lxcbr0 9\n"
	"carol veth lxcbr0 0\n"
	"dave veth lxcbr0 99999999999999999999999\n"
	"erin veth lxcbr0 999999\n"
	"erin veth lxcbr0 999999";             /* no newline at the end */

static void allowed(void)
{
	const char *const groups[] = { "users", "netusers" };
	int m;

	is_int(usernet_allowed(conf, "alice", NULL, 0, "veth", "lxcbr0", &m), 5,
	       "the user's lines add up, bad lines and comments skipped");
	is_int(m, 2, "two lines matched");
	is_int(usernet_allowed(conf, "alice", groups, 2, "veth", "lxcbr0", &m), 9,
	       "a group of the user's adds its count");
	is_int(m, 3, "three lines matched");
	is_int(usernet_allowed(conf, "alice", groups, 2, "veth", "br1", NULL), 1, "another bridge");
	is_int(usernet_allowed(conf, "alice", NULL, 0, "macvlan", "lxcbr0", NULL), 7, "another type");
	is_int(usernet_allowed(conf, "bob", NULL, 0, "veth", "br1", &m), 0, "no line for bob on br1");
	is_int(m, 0, "and nothing matched");
	is_int(usernet_allowed(conf, "alic", NULL, 0, "veth", "lxcbr0", &m), 0, "no prefix match");
	is_int(usernet_allowed(conf, "nobody", groups + 1, 1, "veth", "lxcbr0", &m), 4,
	       "a group alone");
	is_int(usernet_allowed(conf, "carol", NULL, 0, "veth", "lxcbr0", &m), 0, "a count of 0");
	is_int(m, 1, "matches, with nothing allowed");
	is_int(usernet_allowed(conf, "dave", NULL, 0, "veth", "lxcbr0", &m), 0,
	       "a count that does not fit: skipped");
	is_int(usernet_allowed(conf, "erin", NULL, 0, "veth", "lxcbr0", &m), 1000000,
	       "a huge sum saturates, the last line without a newline counts");
	is_int(usernet_allowed("", "alice", NULL, 0, "veth", "lxcbr0", &m), 0, "an empty file");
	is_int(usernet_allowed(NULL, "alice", NULL, 0, "veth", "lxcbr0", &m), 0, "no file");
}

static void db(void)
{
	struct usernet_db d;
	struct usernet_nic n = { 1000, "veth", "br0", "vethNEW123" };
	struct bb_err e;
	char *text;

	ok(usernet_db_parse("1000 veth lxcbr0 vethAAAAAA\n"
			    "1001 veth lxcbr0 vethBBBBBB\n"
			    "garbage\n"
			    "1000 veth lxcbr0 vethaveryveryverylongname\n"
			    "x veth lxcbr0 vethCCCCCC\n"
			    "1000 veth br1 vethDDDDDD\n"
			    "\n"
			    "1000  veth\tlxcbr0  vethEEEEEE", &d, &e) == 0, "a db parses");
	is_int((long)d.n, 4, "bad lines dropped");
	is_int((long)usernet_db_count(&d, 1000, "veth", "lxcbr0"), 2, "1000's on lxcbr0");
	is_int((long)usernet_db_count(&d, 1000, "veth", "br1"), 1, "1000's on br1");
	is_int((long)usernet_db_count(&d, 1001, "veth", "lxcbr0"), 1, "1001's");
	is_int((long)usernet_db_count(&d, 1000, "macvlan", "lxcbr0"), 0, "by type");
	is_str(d.v[3].host, "vethEEEEEE", "blanks and tabs, no final newline");
	usernet_db_remove(&d, 0);
	usernet_db_remove(&d, 99);
	ok(usernet_db_add(&d, &n, &e) == 0, "add");
	text = usernet_db_format(&d);
	is_str(text, "1001 veth lxcbr0 vethBBBBBB\n1000 veth br1 vethDDDDDD\n"
		     "1000 veth lxcbr0 vethEEEEEE\n1000 veth br0 vethNEW123\n", "written back");
	usernet_db_free(&d);
	ok(usernet_db_parse(text, &d, &e) == 0 && d.n == 4, "and read again");
	free(text);
	usernet_db_free(&d);
	ok(usernet_db_parse("", &d, &e) == 0 && d.n == 0, "an empty db");
	text = usernet_db_format(&d);
	is_str(text, "", "written empty");
	free(text);
	usernet_db_free(&d);
}

int main(void)
{
	allowed();
	db();
	return done_testing();
}
