/* Unit tests of the config parser with files: lxc.include (files,
 * directories, loops, depth), the configs of the reference documents
 * (tests/unit/data/conf), round trips through conf_dump, hostile input,
 * and the system configuration (lxc.conf). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "tap.h"
#include "conf_test.h"

static char tmp[256];

static const char *tpath(const char *name)
{
	static char buf[4][512];
	static int which;

	which = (which + 1) % 4;
	snprintf(buf[which], sizeof(buf[which]), "%s/%s", tmp, name);
	return buf[which];
}

static void put(const char *name, const char *text)
{
	FILE *f = fopen(tpath(name), "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(name);
		exit(1);
	}
}

/* Load a file: NULL with the message in e on error. */
static struct lxc_conf *load_file(const char *path, struct bb_err *e)
{
	struct lxc_conf *c = conf_new();

	memset(e, 0, sizeof(*e));
	if (conf_load_file(c, path, e) < 0) {
		conf_free(c);
		return NULL;
	}
	return c;
}

static char *dump(const struct lxc_conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f || conf_dump(c, f) < 0)
		abort();
	fclose(f);
	return buf;
}

/* load -> dump -> load -> dump: both dumps equal. */
static void round_trip(struct lxc_conf *c, const char *what)
{
	char *d1 = dump(c), *d2;
	struct lxc_conf *c2 = conf_new();
	struct bb_err e;

	if (conf_load_string(c2, d1, "dump", &e) < 0) {
		ok(0, "round trip of %s: the dump loads", what);
		diag("%s", e.msg);
		diag("%s", d1);
		free(d1);
		conf_free(c2);
		return;
	}
	d2 = dump(c2);
	if (!is_str(d2, d1, "round trip of %s: load, dump, load, dump gives the same", what))
		diag("first dump:\n%s", d1);
	free(d1);
	free(d2);
	conf_free(c2);
}

static void test_includes(void)
{
	struct lxc_conf *c;
	struct bb_err e;
	char text[1024];
	int i;

	put("common.conf", "lxc.tty.max = 2\nlxc.cap.drop = sys_module\nlxc.uts.name = common\n");
	snprintf(text, sizeof(text), "lxc.include = %s\nlxc.uts.name = main\n", tpath("common.conf"));
	put("main.conf", text);
	c = load_file(tpath("main.conf"), &e);
	ok(c != NULL, "include of an absolute file path");
	if (c) {
		is_str(get(c, "lxc.tty.max"), "2", "the included file's keys are set");
		is_str(get(c, "lxc.uts.name"), "main", "a later key overrides the included one");
		conf_free(c);
	}

	mkdir(tpath("sub"), 0755);
	put("sub/rel.conf", "lxc.include = ../common.conf\nlxc.cap.drop = mknod\n");
	c = load_file(tpath("sub/rel.conf"), &e);
	ok(c != NULL, "include of a path relative to the including file");
	if (c) {
		is_str(get(c, "lxc.cap.drop"), "sys_module sys_rawio sys_time mknod mac_override mac_admin",
		       "lists add up across includes (and on the default drop)");
		conf_free(c);
	}

	mkdir(tpath("d"), 0755);
	put("d/20-b.conf", "lxc.uts.name = b\n");
	put("d/10-a.conf", "lxc.uts.name = a\nlxc.tty.max = 3\n");
	put("d/README", "this is not a config\n");
	put("d/.hidden.conf", "junk\n");
	put("d/30-c.conf.bak", "junk\n");
	put("dir.conf", "lxc.include = d\n");
	c = load_file(tpath("dir.conf"), &e);
	if (!ok(c != NULL, "include of a directory"))
		diag("%s", e.msg);
	if (c) {
		is_str(get(c, "lxc.uts.name"), "b", "its *.conf files load in name order");
		is_str(get(c, "lxc.tty.max"), "3", "every *.conf file loads");
		conf_free(c);
	}

	put("missing.conf", "lxc.uts.name = x\nlxc.include = nothere.conf\n");
	c = load_file(tpath("missing.conf"), &e);
	ok(c == NULL, "a missing include is an error");
	snprintf(text, sizeof(text), "%s:2: %s", tpath("missing.conf"), tpath("nothere.conf"));
	is_str(e.msg, text, "its message names the line and the file");
	is_int(e.errnum, ENOENT, "with ENOENT");

	put("bad-inc.conf", "# one\n\nlxc.bad = 1\n");
	put("uses-bad.conf", "lxc.uts.name = x\nlxc.include = bad-inc.conf\n");
	c = load_file(tpath("uses-bad.conf"), &e);
	ok(c == NULL, "an error in an included file fails the load");
	snprintf(text, sizeof(text), "%s:3: unknown key 'lxc.bad'", tpath("bad-inc.conf"));
	is_str(e.msg, text, "the message names the included file's line");

	put("loop-a.conf", "lxc.include = loop-b.conf\n");
	put("loop-b.conf", "lxc.tty.max = 1\nlxc.include = loop-a.conf\n");
	c = load_file(tpath("loop-a.conf"), &e);
	ok(c == NULL, "an include loop is refused");
	snprintf(text, sizeof(text), "%s:2: include loop: '%s' is already being read",
		 tpath("loop-b.conf"), tpath("loop-a.conf"));
	is_str(e.msg, text, "the loop's message");

	put("self.conf", "lxc.include = self.conf\n");
	c = load_file(tpath("self.conf"), &e);
	ok(c == NULL, "a file including itself is refused");

	mkdir(tpath("dloop"), 0755);
	put("dloop/x.conf", "lxc.include = .\n");
	c = load_file(tpath("dloop/x.conf"), &e);
	ok(c == NULL, "a directory including itself is refused");
	ok(strstr(e.msg, "include loop") != NULL, "as a loop (%s)", e.msg);

	/* chains: chain0 includes chain1 ... */
	for (i = 0; i <= CONF_INCLUDE_DEPTH + 1; i++) {
		char name[32];

		snprintf(name, sizeof(name), "chain%d.conf", i);
		snprintf(text, sizeof(text), "lxc.tty.max = %d\nlxc.include = chain%d.conf\n", i, i + 1);
		put(name, text);
	}
	snprintf(text, sizeof(text), "chain%d.conf", CONF_INCLUDE_DEPTH);
	put(text, "lxc.uts.name = deep\n");
	c = load_file(tpath("chain0.conf"), &e);
	if (!ok(c != NULL, "%d nested includes load", CONF_INCLUDE_DEPTH))
		diag("%s", e.msg);
	if (c) {
		is_str(get(c, "lxc.uts.name"), "deep", "the deepest file was read");
		conf_free(c);
	}
	snprintf(text, sizeof(text), "chain%d.conf", CONF_INCLUDE_DEPTH);
	put(text, "lxc.include = chain-end.conf\n");
	put("chain-end.conf", "lxc.uts.name = too-deep\n");
	c = load_file(tpath("chain0.conf"), &e);
	ok(c == NULL, "%d nested includes are refused", CONF_INCLUDE_DEPTH + 1);
	ok(strstr(e.msg, "includes nested more than 16 deep") != NULL, "with a clear message (%s)",
	   e.msg);

	c = load_file(tpath("no-such.conf"), &e);
	ok(c == NULL, "a missing file");
	is_str(e.msg, tpath("no-such.conf"), "its message is the path");
	is_int(e.errnum, ENOENT, "with ENOENT");
}

static void test_reference(void)
{
	static const struct {
		const char *file, *key, *want;
	} refs[] = {
		{ "ref-blog-autostart-1.conf", "lxc.group", "ubuntu" },
		{ "ref-blog-autostart-2.conf", "lxc.start.order", "100" },
		{ "ref-blog-network.conf", "lxc.net", "0\n1\n2" },
		{ "ref-blog-network.conf", "lxc.net.0.hwaddr", "00:16:3e:3a:f1:c1" },
		{ "ref-blog-network.conf", "lxc.net.1.link", "virbr0" },
		{ "ref-blog-network.conf", "lxc.net.2.type", "phys" },
		{ "ref-blog-network.conf", "lxc.net.2.name", "eth1" },
		{ "ref-course-ctn01.conf", "lxc.uts.name", "ctn01" },
		{ "ref-course-ctn01.conf", "lxc.rootfs.path", "/var/lib/lxc/ctn01/rootfs" },
		{ "ref-course-ctn01.conf", "lxc.mount.fstab", "/var/lib/lxc/ctn01/fstab" },
		{ "ref-course-ctn01.conf", "lxc.net.0.type", "empty" },
		{ "ref-course-ctn01.conf", "lxc.arch", "amd64" },
		{ "ref-course-ctn01.conf", "lxc.tty.dir", "lxc" },
		{ "ref-course-ctn01-phys.conf", "lxc.net.1.link", "eth0" },
		{ "ref-course-limits.conf", "lxc.cgroup.cpuset.cpus", "0,1" },
		{ "ref-course-limits.conf", "lxc.cgroup.memory.limit_in_bytes", "53687091" },
		{ "ref-report-limits.conf", "lxc.cgroup.memory.limit_in_bytes", "512M" },
		{ "ref-report-limits.conf", "lxc.start.auto", "1" },
	};
	const char *src = getenv("CTBOX_SRC");
	char dir[512], path[600];
	size_t i;

	snprintf(dir, sizeof(dir), "%s/tests/unit/data/conf", src && *src ? src : ".");
	for (i = 0; i < ARRAY_SIZE(refs); i++) {
		struct lxc_conf *c = conf_new();
		struct bb_err e;
		char *text, *at, *fixed;
		size_t len;

		snprintf(path, sizeof(path), "%s/%s", dir, refs[i].file);
		text = read_file(path, 1 << 20, &len);
		if (!text) {
			ok(0, "reference %s: %s", refs[i].file, strerror(errno));
			conf_free(c);
			continue;
		}
		/* The distribution's common file lives here, not in /usr/share/lxc. */
		fixed = malloc(len + strlen(dir) + 1);
		at = strstr(text, "/usr/share/lxc/config/");
		if (at) {
			size_t pre = at - text;

			memcpy(fixed, text, pre);
			sprintf(fixed + pre, "%s/%s", dir, at + strlen("/usr/share/lxc/config/"));
		} else {
			strcpy(fixed, text);
		}
		if (conf_load_string(c, fixed, path, &e) < 0) {
			ok(0, "reference %s loads", refs[i].file);
			diag("%s", e.msg);
		} else {
			is_str(get(c, refs[i].key), refs[i].want, "reference %s: %s", refs[i].file,
			       refs[i].key);
			if (i == 0 || strcmp(refs[i].file, refs[i - 1].file) != 0)
				round_trip(c, refs[i].file);
		}
		free(text);
		free(fixed);
		conf_free(c);
	}
	{
		struct lxc_conf *c;
		struct bb_err e;
		char want[700];

		snprintf(path, sizeof(path), "%s/ref-report-swap.bad", dir);
		c = load_file(path, &e);
		ok(c == NULL, "the report's swap line without lxc.cgroup. is refused");
		snprintf(want, sizeof(want), "%s:4: unknown key 'memory.memsw.limit_in_bytes'", path);
		is_str(e.msg, want, "as an unknown key, with its line");
		conf_free(c);
	}
}

static const char everything[] =
	"lxc.arch = amd64\n"
	"lxc.uts.name = full\n"
	"lxc.signal.halt = SIGRTMIN+3\n"
	"lxc.signal.reboot = SIGTERM\n"
	"lxc.signal.stop = SIGUSR2\n"
	"lxc.execute.cmd = /bin/sh -c 'echo hi'\n"
	"lxc.init.cmd = \" /sbin/init splash \"\n"
	"lxc.init.cwd = /root\n"
	"lxc.init.uid = 1000\n"
	"lxc.init.gid = 1000\n"
	"lxc.init.groups = 4,24\n"
	"lxc.proc.oom_score_adj = 10\n"
	"lxc.net.0.type = veth\n"
	"lxc.net.0.flags = up\n"
	"lxc.net.0.link = lxcbr0\n"
	"lxc.net.0.l2proxy = 1\n"
	"lxc.net.0.mtu = 1500\n"
	"lxc.net.0.name = eth0\n"
	"lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx\n"
	"lxc.net.0.ipv4.address = 10.0.3.5/24 10.0.3.255\n"
	"lxc.net.0.ipv4.address = 10.0.4.5/24\n"
	"lxc.net.0.ipv4.gateway = 10.0.3.1\n"
	"lxc.net.0.ipv6.address = 2001:db8::5/64\n"
	"lxc.net.0.ipv6.gateway = auto\n"
	"lxc.net.0.script.up = /etc/lxc/up\n"
	"lxc.net.0.script.down = /etc/lxc/down\n"
	"lxc.net.0.veth.pair = vethfull\n"
	"lxc.net.0.veth.mode = router\n"
	"lxc.net.0.veth.ipv4.route = 192.168.9.0/24\n"
	"lxc.net.0.veth.ipv6.route = 2001:db8:9::/48\n"
	"lxc.net.0.veth.vlan.id = none\n"
	"lxc.net.0.veth.vlan.tagged.id = 10\n"
	"lxc.net.4.type = macvlan\n"
	"lxc.net.4.link = eth0\n"
	"lxc.net.4.macvlan.mode = bridge\n"
	"lxc.net.2.type = ipvlan\n"
	"lxc.net.2.link = eth0\n"
	"lxc.net.2.ipvlan.mode = l2\n"
	"lxc.net.2.ipvlan.isolation = private\n"
	"lxc.net.3.type = vlan\n"
	"lxc.net.3.link = eth0\n"
	"lxc.net.3.vlan.id = 0\n"
	"lxc.pty.max = 1024\n"
	"lxc.console.buffer.size = auto\n"
	"lxc.console.size = 1MB\n"
	"lxc.console.logfile = /var/log/full.console\n"
	"lxc.console.rotate = 1\n"
	"lxc.console.path = none\n"
	"lxc.tty.max = 4\n"
	"lxc.tty.dir = lxc\n"
	"lxc.autodev = 0\n"
	"lxc.autodev.tmpfs.size = 1000000\n"
	"lxc.mount.fstab = /var/lib/lxc/full/fstab\n"
	"lxc.mount.entry = proc proc proc nodev,noexec,nosuid 0 0\n"
	"lxc.mount.entry = /home home none bind,optional,create=dir\n"
	"lxc.mount.auto = proc:rw sys:ro cgroup-full:mixed:force\n"
	"lxc.rootfs.path = dir:/var/lib/lxc/full/rootfs\n"
	"lxc.rootfs.mount = /usr/lib/lxc/rootfs\n"
	"lxc.rootfs.options = idmap=container\n"
	"lxc.rootfs.managed = 0\n"
	"lxc.cgroup.dir.container = ct/full\n"
	"lxc.cgroup.dir.monitor = mon/full\n"
	"lxc.cgroup.dir.monitor.pivot = pivot\n"
	"lxc.cgroup.dir.container.inner = inner\n"
	"lxc.cgroup.relative = 1\n"
	"lxc.cgroup.devices.allow = c 1:3 rwm\n"
	"lxc.cgroup.devices.allow = c 1:5 rwm\n"
	"lxc.cgroup2.memory.max = 1G\n"
	"lxc.cgroup2.cpuset.cpus = 0-1\n"
	"lxc.cap.drop = sys_module sys_time\n"
	"lxc.cap.keep = none\n"
	"lxc.namespace.clone = mount pid uts ipc net cgroup\n"
	"lxc.namespace.share.user = /opt/c3\n"
	"lxc.time.offset.boot = -1h\n"
	"lxc.time.offset.monotonic = 250us\n"
	"lxc.prlimit.nofile = 1024:4096\n"
	"lxc.prlimit.core = unlimited\n"
	"lxc.sysctl.net.ipv4.ip_forward = 1\n"
	"lxc.apparmor.profile = lxc-container-default-cgns\n"
	"lxc.apparmor.allow_incomplete = 1\n"
	"lxc.apparmor.allow_nesting = 1\n"
	"lxc.apparmor.raw = mount fstype=nfs,\n"
	"lxc.selinux.context = system_u:system_r:lxc_t:s0:c22\n"
	"lxc.selinux.context.keyring = system_u:system_r:lxc_t:s0:c22\n"
	"lxc.seccomp.profile = /usr/share/lxc/config/common.seccomp\n"
	"lxc.seccomp.allow_nesting = 1\n"
	"lxc.no_new_privs = 1\n"
	"lxc.idmap = u 0 100000 65536\n"
	"lxc.idmap = g 0 100000 65536\n"
	"lxc.hook.version = 1\n"
	"lxc.hook.pre-start = /hooks/pre-start\n"
	"lxc.hook.pre-mount = /hooks/pre-mount\n"
	"lxc.hook.mount = /hooks/mount\n"
	"lxc.hook.autodev = /hooks/autodev\n"
	"lxc.hook.start-host = /hooks/start-host\n"
	"lxc.hook.start = /hooks/start\n"
	"lxc.hook.stop = /hooks/stop\n"
	"lxc.hook.post-stop = /hooks/post-stop\n"
	"lxc.hook.clone = /hooks/clone\n"
	"lxc.hook.destroy = /hooks/destroy\n"
	"lxc.log.level = TRACE\n"
	"lxc.log.file = /var/log/lxc/full.log\n"
	"lxc.log.syslog = local7\n"
	"lxc.start.auto = 1\n"
	"lxc.start.delay = 5\n"
	"lxc.start.order = -3\n"
	"lxc.monitor.signal.pdeath = SIGTERM\n"
	"lxc.group = onboot\n"
	"lxc.group = web\n"
	"lxc.environment = http_proxy=http://proxy:3128/\n"
	"lxc.environment = 'quoted'\n"
	"lxc.environment = TERM\n";

static void test_round_trip(void)
{
	struct lxc_conf *c = conf_new();
	struct bb_err e;
	char *d;

	if (!ok(conf_load_string(c, everything, "everything", &e) == 0, "a config using every key loads"))
		diag("%s", e.msg);
	round_trip(c, "a config using every key");
	d = dump(c);
	ok(strstr(d, "lxc.net.2.type = ipvlan\n") < strstr(d, "lxc.net.4.type = macvlan\n") &&
	   strstr(d, "lxc.net.2.type") > strstr(d, "lxc.net.0.type"), "interfaces dump in index order");
	ok(strstr(d, "lxc.init.cmd = \" /sbin/init splash \"\n") != NULL, "blanks kept by quotes");
	ok(strstr(d, "lxc.environment = \"'quoted'\"\n") == NULL &&
	   strstr(d, "lxc.environment = quoted\n") != NULL, "one pair of quotes is taken off");
	ok(strstr(d, "lxc.rootfs.backend") == NULL && strstr(d, "lxc.network") == NULL,
	   "no legacy names in the dump");
	free(d);
	conf_free(c);

	c = conf_new();
	d = dump(c);
	is_str(d, "", "an empty config dumps to nothing (defaults are not written)");
	free(d);
	conf_set(c, "lxc.environment", "\"x\"", &e);
	conf_set(c, "lxc.apparmor.raw", "'", &e);
	round_trip(c, "values with quotes");
	conf_free(c);

	c = conf_new();
	conf_load_string(c, "lxc.network.type = veth\nlxc.network.link = br0\nlxc.network.ipv4 = 1.2.3.4/8\n"
			 "lxc.utsname = old\nlxc.tty = 2\nlxc.id_map = u 0 1 1\n", "legacy", &e);
	d = dump(c);
	is_str(d, "lxc.uts.name = old\nlxc.net.0.type = veth\nlxc.net.0.link = br0\n"
	       "lxc.net.0.ipv4.address = 1.2.3.4/8\nlxc.tty.max = 2\nlxc.idmap = u 0 1 1\n",
	       "a legacy config dumps with modern keys");
	free(d);
	conf_free(c);
}

/* A tiny deterministic generator for junk. */
static unsigned long long rnd_state = 12345;
static unsigned rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rnd_state >> 33);
}

static void test_hostile(void)
{
	struct lxc_conf *c = conf_new();
	struct bb_err e;
	size_t big = CONF_LINE_MAX + 10, i;
	char *line = malloc(big + 32);
	int n, crashes = 0;

	is_int(conf_load_buf(c, "lxc.uts.name = a\0b\n", 19, "nul", &e), -1, "a NUL byte is refused");
	is_str(e.msg, "nul:1: a NUL byte in the line", "its message");

	strcpy(line, "lxc.init.cmd = ");
	memset(line + 15, 'a', big);
	line[15 + big] = '\0';
	is_int(conf_load_string(c, line, "long", &e), -1, "a line over the limit is refused");
	is_str(e.msg, "long:1: line longer than 65536 bytes", "its message");

	line[15 + 60000] = '\0';
	is_int(conf_load_string(c, line, "long", &e), 0, "a 60000-byte value is fine");
	is_int(strlen(c->init_cmd), 60000, "and kept whole");

	strcpy(line, "lxc.tty.max = ");
	memset(line + 14, '9', 60000);
	line[14 + 60000] = '\0';
	is_int(conf_load_string(c, line, "long", &e), -1, "a 60000-digit number is refused");
	ok(strlen(e.msg) < sizeof(e.msg) - 1 && strstr(e.msg, "...' for 'lxc.tty.max': expected a number from 0 to 1024"),
	   "the message shows a bounded value (%s)", e.msg);

	n = snprintf(line, big, "lxc.%0*d = 1", 1000, 7);
	is_int(conf_load_string(c, line, "key", &e), -1, "a 1000-byte key is refused");
	ok(n > 0 && strstr(e.msg, "unknown key 'lxc.000") && strlen(e.msg) < 200, "with a short message");

	is_int(conf_load_string(c, "lxc.net.99999999999999999999.type = veth", "idx", &e), -1,
	       "a huge interface index is refused");
	is_str(e.msg, "idx:1: unknown key 'lxc.net.99999999999999999999.type'", "its message");

	/* A file too big to be a config. */
	{
		FILE *f = fopen(tpath("huge.conf"), "w");

		for (i = 0; f && i < (CONF_FILE_MAX / 16) + 1; i++)
			fputs("# padding line.\n", f);
		if (f)
			fclose(f);
		conf_free(c);
		c = conf_new();
		is_int(conf_load_file(c, tpath("huge.conf"), &e), -1, "a file over 16 MiB is refused");
		ok(strstr(e.msg, "larger than 16 MiB") != NULL, "with a clear message (%s)", e.msg);
		unlink(tpath("huge.conf"));
	}

	/* Junk: random bytes, and a valid config with random bytes changed. */
	for (i = 0; i < 3000; i++) {
		char buf[512];
		size_t len = rnd() % sizeof(buf), j;
		struct lxc_conf *j1 = conf_new();

		if (i % 2) {
			for (j = 0; j < len; j++)
				buf[j] = (char)rnd();
		} else {
			size_t off = rnd() % (sizeof(everything) - sizeof(buf));

			memcpy(buf, everything + off, len);
			for (j = 0; j < 4 && len; j++)
				buf[rnd() % len] = (char)rnd();
		}
		if (conf_load_buf(j1, buf, len, "junk", &e) < 0 && strncmp(e.msg, "junk", 4) != 0)
			crashes++;
		conf_free(j1);
	}
	is_int(crashes, 0, "3000 junk inputs: every error names the input");
	free(line);
	conf_free(c);
}

static void test_system(void)
{
	struct bb_err e;
	char *v;

	unsetenv("CTBOX_LXCPATH");
	setenv("CTBOX_LXC_CONF", tpath("none-such-lxc.conf"), 1);
	v = conf_system_get("lxc.lxcpath", &e);
	is_str(v, "/var/lib/lxc", "lxc.lxcpath without lxc.conf");
	free(v);
	v = conf_system_get("lxc.default_config", &e);
	is_str(v, "/etc/lxc/default.conf", "lxc.default_config default");
	free(v);
	v = conf_system_get("lxc.cgroup.pattern", &e);
	is_str(v, "lxc.payload.%n", "lxc.cgroup.pattern default");
	free(v);

	put("lxc.conf", "# system\n  lxc.lxcpath = /srv/lxc  \nlxc.default_config=/etc/ct.conf\n"
	    "lxc.lxcpath = /second\n");
	setenv("CTBOX_LXC_CONF", tpath("lxc.conf"), 1);
	v = conf_system_get("lxc.lxcpath", &e);
	is_str(v, "/srv/lxc", "lxc.lxcpath from lxc.conf (the first line)");
	free(v);
	v = conf_system_get("lxc.default_config", &e);
	is_str(v, "/etc/ct.conf", "lxc.default_config from lxc.conf");
	free(v);
	setenv("CTBOX_LXCPATH", "/env/lxc", 1);
	v = conf_system_get("lxc.lxcpath", &e);
	is_str(v, "/env/lxc", "$CTBOX_LXCPATH comes first");
	free(v);
	v = conf_system_get("lxc.nope", &e);
	ok(v == NULL, "an unknown system key");
	is_str(e.msg, "unknown configuration item 'lxc.nope'", "its message");
	is_str(conf_system_key(0), "lxc.default_config", "system keys listed");
	ok(conf_system_key(3) == NULL, "three system keys");
	unsetenv("CTBOX_LXCPATH");
	unsetenv("CTBOX_LXC_CONF");
}

int main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmp, sizeof(tmp), "%s/ctbox-conf.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	test_includes();
	test_reference();
	test_round_trip();
	test_hostile();
	test_system();
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			diag("could not remove %s", tmp);
	}
	return done_testing();
}
