/* Unit tests of update-config's rewrite (libbb/update_config.c): every
 * legacy name, what must stay byte for byte, interface numbering as the
 * parser numbers them, lxc.rootfs's storage type, dropped keys, refused
 * input with its place, and that a rewritten config loads as the old one
 * did (libbb/conf.c's conf_legacy_name is what both use). */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "update_config.h"
#include "tap.h"

/* Rewrite in; NULL on error (message in e). */
static char *conv(const char *in, unsigned *changed, struct bb_err *e)
{
	char *out;
	size_t len;

	memset(e, 0, sizeof(*e));
	if (update_config_text(in, strlen(in), "t.conf", &out, &len, changed, e) < 0)
		return NULL;
	if (len != strlen(out))
		diag("length %zu but strlen %zu", len, strlen(out));
	return out;
}

/* conv, and out must be want with changed lines. */
static void is_conv(const char *in, const char *want, unsigned want_changed, const char *name)
{
	struct bb_err e;
	unsigned changed = 0;
	char *out = conv(in, &changed, &e);

	if (!out)
		diag("error: %s", e.msg);
	is_str(out, want, "%s", name);
	is_int(changed, want_changed, "%s: lines changed", name);
	free(out);
}

/* conv must fail with this message (len 0: strlen(in)). */
static void is_err(const char *in, size_t len, const char *msg, const char *name)
{
	struct bb_err e;
	unsigned changed = 7;
	size_t olen;
	char *out = (char *)"x";
	int r;

	memset(&e, 0, sizeof(e));
	if (len == 0)
		len = strlen(in);
	r = update_config_text(in, len, "t.conf", &out, &olen, &changed, &e);
	ok(r == -1 && out == NULL && changed == 0, "%s: refused", name);
	is_str(e.msg, msg, "%s: message", name);
}

/* The config dump of text as ctbox loads it (malloc'd), or NULL. */
static char *dump(const char *text)
{
	struct lxc_conf *c = conf_new();
	struct bb_err e;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (!c || conf_load_string(c, text, "t.conf", &e) < 0) {
		diag("load: %s", c ? e.msg : "no memory");
		conf_free(c);
		return NULL;
	}
	f = open_memstream(&buf, &len);
	if (!f || conf_dump(c, f) < 0)
		abort();
	fclose(f);
	conf_free(c);
	return buf;
}

int main(void)
{
	static const struct {
		const char *old, *now;
	} names[] = {
		{ "lxc.utsname", "lxc.uts.name" },
		{ "lxc.pts", "lxc.pty.max" },
		{ "lxc.tty", "lxc.tty.max" },
		{ "lxc.devttydir", "lxc.tty.dir" },
		{ "lxc.console", "lxc.console.path" },
		{ "lxc.id_map", "lxc.idmap" },
		{ "lxc.aa_profile", "lxc.apparmor.profile" },
		{ "lxc.aa_allow_incomplete", "lxc.apparmor.allow_incomplete" },
		{ "lxc.se_context", "lxc.selinux.context" },
		{ "lxc.haltsignal", "lxc.signal.halt" },
		{ "lxc.rebootsignal", "lxc.signal.reboot" },
		{ "lxc.stopsignal", "lxc.signal.stop" },
		{ "lxc.init_cmd", "lxc.init.cmd" },
		{ "lxc.init_uid", "lxc.init.uid" },
		{ "lxc.init_gid", "lxc.init.gid" },
		{ "lxc.loglevel", "lxc.log.level" },
		{ "lxc.logfile", "lxc.log.file" },
		{ "lxc.syslog", "lxc.log.syslog" },
		{ "lxc.mount", "lxc.mount.fstab" },
		{ "lxc.seccomp", "lxc.seccomp.profile" },
		{ "lxc.limit.nofile", "lxc.prlimit.nofile" },
		{ "lxc.network.type", "lxc.net.0.type" },
	};
	struct bb_err e;
	unsigned changed;
	char buf[256], *a, *b, *out;
	size_t i;

	/* every one-to-one name, spacing kept */
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		char in[128], want[128];

		snprintf(in, sizeof(in), "  %s\t=  value x \n", names[i].old);
		snprintf(want, sizeof(want), "  %s\t=  value x \n", names[i].now);
		is_conv(in, want, 1, names[i].old);
	}
	is_str(conf_legacy_name("lxc.utsname", buf, sizeof(buf)), "lxc.uts.name",
	       "conf_legacy_name: a legacy name");
	is_str(conf_legacy_name("lxc.limit.as", buf, sizeof(buf)), "lxc.prlimit.as",
	       "conf_legacy_name: lxc.limit.NAME");
	ok(conf_legacy_name("lxc.uts.name", buf, sizeof(buf)) == NULL,
	   "conf_legacy_name: NULL for a modern name");
	ok(conf_legacy_name("lxc.utsnamex", buf, sizeof(buf)) == NULL,
	   "conf_legacy_name: NULL for a longer name");

	/* what stays */
	is_conv("# lxc.utsname = x\n\n   \n#lxc.network.type = veth\nlxc.uts.name = a\n",
		"# lxc.utsname = x\n\n   \n#lxc.network.type = veth\nlxc.uts.name = a\n", 0,
		"comments, blank lines and modern keys stay");
	is_conv("lxc.utsname=a", "lxc.uts.name=a", 1, "no blanks, no final newline");
	is_conv("lxc.utsname = a\r\nlxc.tty = 1\r\n", "lxc.uts.name = a\r\nlxc.tty.max = 1\r\n", 2,
		"CRLF lines");
	is_conv("\xef\xbb\xbflxc.utsname = a\n", "\xef\xbb\xbflxc.uts.name = a\n", 1,
		"a byte order mark stays");
	is_conv("lxc.mount.entry = a b c\nlxc.console.logfile = /l\nlxc.tty.dir = d\n"
		"lxc.seccomp.profile = p\nlxc.limit = x\n",
		"lxc.mount.entry = a b c\nlxc.console.logfile = /l\nlxc.tty.dir = d\n"
		"lxc.seccomp.profile = p\nlxc.prlimit = x\n", 1,
		"only whole legacy names: lxc.mount.entry, lxc.console.logfile stay");
	is_conv("", "", 0, "an empty file");
	is_conv("lxc.utsname = lxc.tty\n", "lxc.uts.name = lxc.tty\n", 1, "values are not touched");

	/* dropped lines */
	is_conv("lxc.kmsg = 0\nlxc.utsname = a\nlxc.pivotdir = p\nlxc.rootfs.backend = dir\n# end",
		"lxc.uts.name = a\n# end", 4, "lxc.kmsg, lxc.pivotdir, lxc.rootfs.backend go");

	/* lxc.rootfs */
	is_conv("lxc.rootfs = /var/lib/lxc/c/rootfs\n", "lxc.rootfs.path = dir:/var/lib/lxc/c/rootfs\n",
		1, "lxc.rootfs gets dir:");
	is_conv("lxc.rootfs = /r\nlxc.rootfs.backend = btrfs\n", "lxc.rootfs.path = btrfs:/r\n", 2,
		"the type of lxc.rootfs.backend, even after");
	is_conv("lxc.rootfs.backend = best\nlxc.rootfs = /r\n", "lxc.rootfs.path = dir:/r\n", 2,
		"backend best: dir");
	is_conv("lxc.rootfs = overlayfs:/a:/b\n", "lxc.rootfs.path = overlayfs:/a:/b\n", 1,
		"a value with a type keeps it");
	is_conv("lxc.rootfs = \"/x y\" \n", "lxc.rootfs.path = \"dir:/x y\" \n", 1,
		"a quoted value: the type inside the quotes");
	is_conv("lxc.rootfs =\n", "lxc.rootfs.path =\n", 1, "an empty value stays empty");
	is_conv("lxc.rootfs.mount = /m\nlxc.rootfs.options = ro\n",
		"lxc.rootfs.mount = /m\nlxc.rootfs.options = ro\n", 0, "lxc.rootfs.* stay");

	/* networks */
	is_conv("lxc.network.type = veth\nlxc.network.link = br0\nlxc.network.ipv4 = 10.0.0.2/24\n"
		"lxc.network.ipv4.gateway = 10.0.0.1\nlxc.network.ipv6 = fd00::2/64\n\n"
		"lxc.network.type = empty\nlxc.network.flags = up\n",
		"lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.0.ipv4.address = 10.0.0.2/24\n"
		"lxc.net.0.ipv4.gateway = 10.0.0.1\nlxc.net.0.ipv6.address = fd00::2/64\n\n"
		"lxc.net.1.type = empty\nlxc.net.1.flags = up\n", 7,
		"each lxc.network.type starts the next interface; ipv4, ipv6: .address");
	is_conv("lxc.net.0.type = veth\nlxc.net.3.type = phys\nlxc.network.type = veth\n",
		"lxc.net.0.type = veth\nlxc.net.3.type = phys\nlxc.net.4.type = veth\n", 1,
		"after the highest lxc.net.N, as the parser numbers");
	is_conv("lxc.network.type = veth\nlxc.network =\nlxc.network.type = veth\n",
		"lxc.net.0.type = veth\nlxc.net =\nlxc.net.0.type = veth\n", 3,
		"lxc.network = clears them all");
	is_conv("lxc.network.type = veth\nlxc.network.type = veth\nlxc.net.1 =\nlxc.network.type = veth\n",
		"lxc.net.0.type = veth\nlxc.net.1.type = veth\nlxc.net.1 =\nlxc.net.1.type = veth\n", 3,
		"lxc.net.N = removes one");
	is_conv("lxc.network.2.type = veth\nlxc.network.2.ipv4 = 1.2.3.4\nlxc.network.2 =\n"
		"lxc.network.10.ipv6.gateway = auto\nlxc.network.type = veth\n",
		"lxc.net.2.type = veth\nlxc.net.2.ipv4.address = 1.2.3.4\nlxc.net.2 =\n"
		"lxc.net.10.ipv6.gateway = auto\nlxc.net.11.type = veth\n", 5,
		"indexed lxc.network.N.* keep their index");
	is_conv("lxc.network.type = veth\nlxc.network.veth.pair = v0\nlxc.network.script.up = /s\n",
		"lxc.net.0.type = veth\nlxc.net.0.veth.pair = v0\nlxc.net.0.script.up = /s\n", 3,
		"dotted sub-keys");

	/* refused */
	is_err("lxc.utsname = a\nhello world\n", 0,
	       "t.conf:2: not an LXC config: no '=' in 'hello world'", "a line without '='");
	is_err("FOO=bar\n", 0, "t.conf:1: not an LXC config: 'FOO' is not an lxc.* key",
	       "a shell assignment");
	is_err("lxc.uts name = a\n", 0, "t.conf:1: not an LXC config: 'lxc.uts name' is not an lxc.* key",
	       "a blank inside a key");
	is_err(" = a\n", 0, "t.conf:1: not an LXC config: no key before '='", "no key");
	is_err("lxc.utsname = a\n\nlxc.tty = 1\0\n", 30, "t.conf:3: not an LXC config: a NUL byte in the line",
	       "a NUL byte");
	is_err("lxc.network.link = br0\n", 0, "t.conf:1: 'lxc.network.link' comes before any lxc.network.type",
	       "an interface key before any type");
	is_err("lxc.network.type = veth\nlxc.network =\nlxc.network.link = br0\n", 0,
	       "t.conf:3: 'lxc.network.link' comes before any lxc.network.type",
	       "an interface key after clearing");
	is_err("lxc.rootfs.backend = tmpfs\n", 0,
	       "t.conf:1: invalid value 'tmpfs' for 'lxc.rootfs.backend': expected dir, btrfs, overlay, "
	       "overlayfs, aufs, zfs, lvm, loop, rbd, nbd or best", "an unknown storage type");
	is_err("lxc.utsname = a\n\x01\x02 \n", 0, "t.conf:2: not an LXC config: no '=' in '?? '",
	       "binary junk, shown printable");
	{
		size_t n = CONF_LINE_MAX + 10;
		char *big = malloc(n + 1);

		memset(big, 'x', n);
		memcpy(big, "lxc.utsname = ", 14);
		big[n] = '\0';
		is_err(big, n, "t.conf:1: not an LXC config: line longer than 65536 bytes", "a huge line");
		free(big);
	}

	/* idempotent, and loads to the same configuration */
	{
		const char *legacy =
			"# c1\nlxc.utsname = c1\nlxc.rootfs = dir:/var/lib/lxc/c1/rootfs\n"
			"lxc.rootfs.backend = dir\nlxc.pts = 1024\nlxc.tty = 4\nlxc.devttydir = lxc\n"
			"lxc.console = none\nlxc.id_map = u 0 100000 65536\nlxc.id_map = g 0 100000 65536\n"
			"lxc.aa_profile = unconfined\nlxc.aa_allow_incomplete = 1\n"
			"lxc.se_context = system_u:system_r:lxc_t:s0\nlxc.haltsignal = SIGRTMIN+3\n"
			"lxc.rebootsignal = SIGTERM\nlxc.stopsignal = SIGKILL\nlxc.init_cmd = /sbin/init\n"
			"lxc.init_uid = 1\nlxc.init_gid = 2\nlxc.loglevel = 3\nlxc.logfile = /l\n"
			"lxc.syslog = daemon\nlxc.mount = /f\nlxc.seccomp = /s\nlxc.limit.nofile = 1024\n"
			"lxc.pivotdir = x\nlxc.kmsg = 0\n"
			"lxc.network.type = veth\nlxc.network.flags = up\nlxc.network.link = br0\n"
			"lxc.network.ipv4 = 10.0.3.2/24\nlxc.network.ipv4.gateway = 10.0.3.1\n"
			"lxc.network.hwaddr = 00:16:3e:00:00:01\nlxc.network.type = macvlan\n"
			"lxc.network.link = eth0\nlxc.network.macvlan.mode = bridge\n";

		out = conv(legacy, &changed, &e);
		ok(out != NULL, "the whole legacy set converts");
		is_int(changed, 35, "every line but the comment changed or went");
		a = dump(legacy);
		b = out ? dump(out) : NULL;
		ok(a && b && strcmp(a, b) == 0, "the rewritten file loads to the same configuration");
		if (a && b && strcmp(a, b) != 0)
			diag("old:\n%s\nnew:\n%s", a, b);
		free(a);
		free(b);
		a = out ? conv(out, &changed, &e) : NULL;
		is_str(a, out, "a second rewrite is the same text");
		is_int(changed, 0, "and changes nothing");
		free(a);
		free(out);
	}
	return done_testing();
}
