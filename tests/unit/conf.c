/* Unit tests of the config parser (libbb/conf*.c): every key with valid
 * values and junk, exact messages, list clearing, legacy names, networks,
 * defaults. Files, includes and round trips: tests/unit/conf_files.c. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>

#include "conf.h"
#include "conf_int.h"
#include "tap.h"
#include "conf_test.h"

/* Load text as "t.conf"; returns the conf (NULL on error, message in e). */
static struct lxc_conf *load(const char *text, struct bb_err *e)
{
	struct lxc_conf *c = conf_new();

	if (!c)
		abort();
	memset(e, 0, sizeof(*e));
	if (conf_load_string(c, text, "t.conf", e) < 0) {
		conf_free(c);
		return NULL;
	}
	return c;
}

/* text as a one-line test name: newlines as " | ", controls as '?' */
static const char *nm(const char *text)
{
	static char buf[2][512];
	static int which;
	char *o = buf[which ^= 1];
	size_t n = 0;

	for (; *text && n + 4 < sizeof(buf[0]); text++) {
		if (*text == '\n') {
			memcpy(o + n, " | ", 3);
			n += 3;
		} else {
			o[n++] = (unsigned char)*text < ' ' ? '?' : *text;
		}
	}
	o[n] = '\0';
	return o;
}

/* ---- valid values: KEY = VALUE, then conf_get(get_key) gives want ---- */

static const struct {
	const char *text, *key, *want;
} valid[] = {
	{ "lxc.arch = x86_64", "lxc.arch", "x86_64" },
	{ "lxc.arch = i686", "lxc.arch", "i686" },
	{ "lxc.arch = arm64", "lxc.arch", "arm64" },
	{ "lxc.uts.name = web-1", "lxc.uts.name", "web-1" },
	{ "lxc.signal.halt = SIGPWR", "lxc.signal.halt", "SIGPWR" },
	{ "lxc.signal.halt = PWR", "lxc.signal.halt", "SIGPWR" },
	{ "lxc.signal.halt = sigrtmin+3", "lxc.signal.halt", "SIGRTMIN+3" },
	{ "lxc.signal.halt = 37", "lxc.signal.halt", "SIGRTMIN+3" },
	{ "lxc.signal.reboot = SIGTERM", "lxc.signal.reboot", "SIGTERM" },
	{ "lxc.signal.stop = 9", "lxc.signal.stop", "SIGKILL" },
	{ "lxc.signal.stop = SIGRTMAX-1", "lxc.signal.stop", "SIGRTMIN+29" },
	{ "lxc.execute.cmd = /bin/sh -c true", "lxc.execute.cmd", "/bin/sh -c true" },
	{ "lxc.init.cmd = /lib/systemd/systemd --log-level=debug", "lxc.init.cmd",
	  "/lib/systemd/systemd --log-level=debug" },
	{ "lxc.init.cwd = /root", "lxc.init.cwd", "/root" },
	{ "lxc.init.uid = 1000", "lxc.init.uid", "1000" },
	{ "lxc.init.gid = 4294967294", "lxc.init.gid", "4294967294" },
	{ "lxc.init.groups = 10, 20,30", "lxc.init.groups", "10,20,30" },
	{ "lxc.init.groups = 1\nlxc.init.groups = 2", "lxc.init.groups", "1,2" },
	{ "lxc.proc.oom_score_adj = 10", "lxc.proc.oom_score_adj", "10" },
	{ "lxc.proc.oom_score_adj = 10\nlxc.proc.oom_score_adj = 5", "lxc.proc",
	  "lxc.proc.oom_score_adj = 5" },
	{ "lxc.pty.max = 1024", "lxc.pty.max", "1024" },
	{ "lxc.console.buffer.size = auto", "lxc.console.buffer.size", "131072" },
	{ "lxc.console.buffer.size = 1mB", "lxc.console.buffer.size", "1048576" },
	{ "lxc.console.size = 4096", "lxc.console.size", "4096" },
	{ "lxc.console.logfile = /var/log/c1.console", "lxc.console.logfile", "/var/log/c1.console" },
	{ "lxc.console.rotate = 1", "lxc.console.rotate", "1" },
	{ "lxc.console.path = none", "lxc.console.path", "none" },
	{ "lxc.console.path = /dev/ttyS0", "lxc.console.path", "/dev/ttyS0" },
	{ "lxc.tty.max = 4", "lxc.tty.max", "4" },
	{ "lxc.tty.max = 1024", "lxc.tty.max", "1024" },
	{ "lxc.tty.dir = lxc", "lxc.tty.dir", "lxc" },
	{ "lxc.autodev = 0", "lxc.autodev", "0" },
	{ "lxc.autodev.tmpfs.size = 1000000", "lxc.autodev.tmpfs.size", "1000000" },
	{ "lxc.autodev.tmpfs.size = 1\nlxc.autodev.tmpfs.size =", "lxc.autodev.tmpfs.size", "500000" },
	{ "lxc.mount.fstab = /var/lib/lxc/c1/fstab", "lxc.mount.fstab", "/var/lib/lxc/c1/fstab" },
	{ "lxc.mount.entry = proc proc proc nodev,noexec,nosuid 0 0", "lxc.mount.entry",
	  "proc proc proc nodev,noexec,nosuid 0 0" },
	{ "lxc.mount.entry = tmpfs tmp tmpfs", "lxc.mount.entry", "tmpfs tmp tmpfs" },
	{ "lxc.mount.auto = proc sys cgroup", "lxc.mount.auto", "proc:mixed sys:mixed cgroup" },
	{ "lxc.mount.auto = proc:rw sys:rw cgroup-full:rw", "lxc.mount.auto",
	  "proc:rw sys:rw cgroup-full:rw" },
	{ "lxc.mount.auto = cgroup:ro:force", "lxc.mount.auto", "cgroup:ro:force" },
	{ "lxc.mount.auto = proc\nlxc.mount.auto = sys:ro", "lxc.mount.auto", "proc:mixed sys:ro" },
	{ "lxc.mount.auto = cgroup:rw\nlxc.mount.auto = cgroup-full:mixed", "lxc.mount.auto",
	  "cgroup-full:mixed" },
	{ "lxc.rootfs.path = /var/lib/lxc/c1/rootfs", "lxc.rootfs.path", "/var/lib/lxc/c1/rootfs" },
	{ "lxc.rootfs.path = dir:/srv/c1", "lxc.rootfs.path", "dir:/srv/c1" },
	{ "lxc.rootfs.mount = /mnt/root", "lxc.rootfs.mount", "/mnt/root" },
	{ "lxc.rootfs.options = idmap=container", "lxc.rootfs.options", "idmap=container" },
	{ "lxc.rootfs.managed = 0", "lxc.rootfs.managed", "0" },
	{ "lxc.cgroup.dir = my-cgroup/first", "lxc.cgroup.dir", "my-cgroup/first" },
	{ "lxc.cgroup.dir.container = ct/c1", "lxc.cgroup.dir.container", "ct/c1" },
	{ "lxc.cgroup.dir.monitor = mon/c1", "lxc.cgroup.dir.monitor", "mon/c1" },
	{ "lxc.cgroup.dir.monitor.pivot = pivot", "lxc.cgroup.dir.monitor.pivot", "pivot" },
	{ "lxc.cgroup.dir.container.inner = inner", "lxc.cgroup.dir.container.inner", "inner" },
	{ "lxc.cgroup.relative = 1", "lxc.cgroup.relative", "1" },
	{ "lxc.cgroup.cpuset.cpus = 0,1", "lxc.cgroup.cpuset.cpus", "0,1" },
	{ "lxc.cgroup2.memory.max = 1G", "lxc.cgroup2.memory.max", "1G" },
	{ "lxc.cgroup2.memory.max = 1G", "lxc.cgroup.memory.max", "" },
	{ "lxc.cgroup2.devices.allow = a\nlxc.cgroup2.devices.deny = c 1:3 rwm", "lxc.cgroup2",
	  "lxc.cgroup2.devices.allow = a\nlxc.cgroup2.devices.deny = c 1:3 rwm" },
	/* Added to the default drop (LXC's common.conf): sys_module sys_rawio
	 * sys_time mac_override mac_admin. */
	{ "lxc.cap.drop = sys_module mac_admin", "lxc.cap.drop",
	  "sys_module sys_rawio sys_time mac_override mac_admin" },
	{ "lxc.cap.drop = SYS_ADMIN\nlxc.cap.drop = cap_net_raw 0", "lxc.cap.drop",
	  "chown net_raw sys_module sys_rawio sys_admin sys_time mac_override mac_admin" },
	{ "lxc.cap.drop =\nlxc.cap.drop = sys_admin", "lxc.cap.drop", "sys_admin" },
	{ "lxc.cap.keep = none", "lxc.cap.keep", "none" },
	{ "lxc.cap.keep = sys_admin\nlxc.cap.keep = none", "lxc.cap.keep", "none" },
	{ "lxc.cap.keep = kill setuid", "lxc.cap.keep", "kill setuid" },
	{ "lxc.namespace.clone = mount net ipc", "lxc.namespace.clone", "ipc mnt net" },
	{ "lxc.namespace.keep = user net ipc", "lxc.namespace.keep", "ipc net user" },
	{ "lxc.namespace.share.net = 42", "lxc.namespace.share.net", "42" },
	{ "lxc.namespace.share.pid = c3", "lxc.namespace.share", "lxc.namespace.share.pid = c3" },
	{ "lxc.namespace.share.user = /opt/c3", "lxc.namespace.share.user", "/opt/c3" },
	{ "lxc.time.offset.boot = 10s", "lxc.time.offset.boot", "10s" },
	{ "lxc.time.offset.boot = -2h", "lxc.time.offset.boot", "-7200s" },
	{ "lxc.time.offset.monotonic = 5ms", "lxc.time.offset.monotonic", "5000000ns" },
	{ "lxc.prlimit.nofile = 1024", "lxc.prlimit.nofile", "1024" },
	{ "lxc.prlimit.nofile = 1024:4096", "lxc.prlimit.nofile", "1024:4096" },
	{ "lxc.prlimit.core = unlimited", "lxc.prlimit.core", "unlimited" },
	{ "lxc.prlimit.stack = 8192:unlimited", "lxc.prlimit.stack", "8192:unlimited" },
	{ "lxc.prlimit.nofile = 1\nlxc.prlimit.nofile = 2", "lxc.prlimit", "lxc.prlimit.nofile = 2" },
	{ "lxc.sysctl.net.ipv4.ip_forward = 1", "lxc.sysctl.net.ipv4.ip_forward", "1" },
	{ "lxc.sysctl.kernel.msgmax = 1\nlxc.sysctl.kernel.msgmax = 2", "lxc.sysctl",
	  "lxc.sysctl.kernel.msgmax = 2" },
	{ "lxc.apparmor.profile = unconfined", "lxc.apparmor.profile", "unconfined" },
	{ "lxc.apparmor.profile = generated", "lxc.apparmor.profile", "generated" },
	{ "lxc.apparmor.allow_incomplete = 1", "lxc.apparmor.allow_incomplete", "1" },
	{ "lxc.apparmor.allow_nesting = 1", "lxc.apparmor.allow_nesting", "1" },
	{ "lxc.apparmor.raw = mount,\nlxc.apparmor.raw = deny /x rw,", "lxc.apparmor.raw",
	  "mount,\ndeny /x rw," },
	{ "lxc.selinux.context = system_u:system_r:lxc_t:s0:c22", "lxc.selinux.context",
	  "system_u:system_r:lxc_t:s0:c22" },
	{ "lxc.selinux.context.keyring = system_u:system_r:lxc_t:s0:c22",
	  "lxc.selinux.context.keyring", "system_u:system_r:lxc_t:s0:c22" },
	{ "lxc.seccomp.profile = /usr/share/lxc/config/common.seccomp", "lxc.seccomp.profile",
	  "/usr/share/lxc/config/common.seccomp" },
	{ "lxc.seccomp.allow_nesting = 1", "lxc.seccomp.allow_nesting", "1" },
	{ "lxc.no_new_privs = 1", "lxc.no_new_privs", "1" },
	{ "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536", "lxc.idmap",
	  "u 0 100000 65536\ng 0 100000 65536" },
	{ "lxc.idmap = u   0\t4294901760 65536", "lxc.idmap", "u 0 4294901760 65536" },
	{ "lxc.hook.version = 1", "lxc.hook.version", "1" },
	{ "lxc.hook.pre-start = /bin/true", "lxc.hook.pre-start", "/bin/true" },
	{ "lxc.hook.pre-mount = /a\nlxc.hook.pre-mount = /b x", "lxc.hook.pre-mount", "/a\n/b x" },
	{ "lxc.hook.mount = /m", "lxc.hook.mount", "/m" },
	{ "lxc.hook.autodev = /d", "lxc.hook.autodev", "/d" },
	{ "lxc.hook.start-host = /sh", "lxc.hook.start-host", "/sh" },
	{ "lxc.hook.start = /s", "lxc.hook.start", "/s" },
	{ "lxc.hook.stop = /st", "lxc.hook.stop", "/st" },
	{ "lxc.hook.post-stop = /ps", "lxc.hook.post-stop", "/ps" },
	{ "lxc.hook.clone = /c", "lxc.hook.clone", "/c" },
	{ "lxc.hook.destroy = /de", "lxc.hook.destroy", "/de" },
	{ "lxc.log.level = debug", "lxc.log.level", "DEBUG" },
	{ "lxc.log.level = 5", "lxc.log.level", "ERROR" },
	{ "lxc.log.level = WARNING", "lxc.log.level", "WARN" },
	{ "lxc.log.file = /var/log/lxc/c1.log", "lxc.log.file", "/var/log/lxc/c1.log" },
	{ "lxc.log.syslog = local3", "lxc.log.syslog", "local3" },
	{ "lxc.start.auto = 1", "lxc.start.auto", "1" },
	{ "lxc.start.delay = 5", "lxc.start.delay", "5" },
	{ "lxc.start.order = -100", "lxc.start.order", "-100" },
	{ "lxc.monitor.signal.pdeath = SIGTERM", "lxc.monitor.signal.pdeath", "SIGTERM" },
	{ "lxc.group = onboot", "lxc.group", "onboot" },
	{ "lxc.group = a, b c\nlxc.group = d", "lxc.group", "a\nb\nc\nd" },
	{ "lxc.environment = http_proxy=http://proxy:3128", "lxc.environment",
	  "http_proxy=http://proxy:3128" },
	{ "lxc.environment = TERM", "lxc.environment", "TERM" },
	/* values: blanks and quotes */
	{ "   lxc.uts.name\t=\t  spaced  \t", "lxc.uts.name", "spaced" },
	{ "lxc.uts.name = \"quoted\"", "lxc.uts.name", "quoted" },
	{ "lxc.uts.name = 'single'", "lxc.uts.name", "single" },
	{ "lxc.init.cmd = \" /sbin/init \"", "lxc.init.cmd", " /sbin/init " },
	{ "lxc.init.cmd = \"half", "lxc.init.cmd", "\"half" },
	{ "lxc.uts.name=nospace", "lxc.uts.name", "nospace" },
	{ "lxc.uts.name = crlf\r\n", "lxc.uts.name", "crlf" },
	/* network */
	{ "lxc.net.0.type = veth", "lxc.net.0.type", "veth" },
	{ "lxc.net.0.type = empty", "lxc.net.0.type", "empty" },
	{ "lxc.net.0.type = none", "lxc.net.0.type", "none" },
	{ "lxc.net.0.type = phys\nlxc.net.0.link = eth2", "lxc.net.0.link", "eth2" },
	{ "lxc.net.0.type = veth\nlxc.net.0.flags = up", "lxc.net.0.flags", "up" },
	{ "lxc.net.0.type = veth\nlxc.net.0.l2proxy = 1", "lxc.net.0.l2proxy", "1" },
	{ "lxc.net.0.type = veth\nlxc.net.0.mtu = 9000", "lxc.net.0.mtu", "9000" },
	{ "lxc.net.0.type = veth\nlxc.net.0.name = eth0", "lxc.net.0.name", "eth0" },
	{ "lxc.net.0.type = veth\nlxc.net.0.hwaddr = 00:16:3E:3A:F1:C1", "lxc.net.0.hwaddr",
	  "00:16:3e:3a:f1:c1" },
	{ "lxc.net.0.type = veth\nlxc.net.0.hwaddr = 00:16:3e:xx:xx:xx", "lxc.net.0.hwaddr",
	  "00:16:3e:xx:xx:xx" },
	{ "lxc.net.0.type = veth\nlxc.net.0.hwaddr = x2:xx:xx:xx:xx:xx", "lxc.net.0.hwaddr",
	  "x2:xx:xx:xx:xx:xx" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 10.0.3.5/24", "lxc.net.0.ipv4.address",
	  "10.0.3.5/24" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 10.0.3.5", "lxc.net.0.ipv4.address",
	  "10.0.3.5/8" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 192.168.1.2", "lxc.net.0.ipv4.address",
	  "192.168.1.2/24" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 10.0.3.5/24 10.0.3.255\n"
	  "lxc.net.0.ipv4.address = 10.0.4.5/16", "lxc.net.0.ipv4.address",
	  "10.0.3.5/24 10.0.3.255\n10.0.4.5/16" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = auto", "lxc.net.0.ipv4.address", "auto" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = auto\nlxc.net.0.ipv4.address =",
	  "lxc.net.0.ipv4.address", "" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.gateway = 10.0.3.1", "lxc.net.0.ipv4.gateway",
	  "10.0.3.1" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.gateway = auto", "lxc.net.0.ipv4.gateway", "auto" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.gateway = dev", "lxc.net.0.ipv4.gateway", "dev" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv6.address = 2001:db8::5", "lxc.net.0.ipv6.address",
	  "2001:db8::5/64" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv6.address = 2001:DB8:0::5/112",
	  "lxc.net.0.ipv6.address", "2001:db8::5/112" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv6.gateway = fe80::1", "lxc.net.0.ipv6.gateway",
	  "fe80::1" },
	{ "lxc.net.0.type = veth\nlxc.net.0.script.up = /etc/lxc/up.sh", "lxc.net.0.script.up",
	  "/etc/lxc/up.sh" },
	{ "lxc.net.0.type = veth\nlxc.net.0.script.down = /etc/lxc/down.sh",
	  "lxc.net.0.script.down", "/etc/lxc/down.sh" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.pair = vethc1", "lxc.net.0.veth.pair", "vethc1" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.mode = router", "lxc.net.0.veth.mode", "router" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.ipv4.route = 192.168.1.0/24",
	  "lxc.net.0.veth.ipv4.route", "192.168.1.0/24" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.ipv6.route = 2001:db8::/64",
	  "lxc.net.0.veth.ipv6.route", "2001:db8::/64" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.vlan.id = 100", "lxc.net.0.veth.vlan.id", "100" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.vlan.id = none", "lxc.net.0.veth.vlan.id", "none" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.vlan.tagged.id = 10\n"
	  "lxc.net.0.veth.vlan.tagged.id = 20", "lxc.net.0.veth.vlan.tagged.id", "10\n20" },
	{ "lxc.net.0.type = macvlan\nlxc.net.0.macvlan.mode = passthru", "lxc.net.0.macvlan.mode",
	  "passthru" },
	{ "lxc.net.0.type = ipvlan\nlxc.net.0.ipvlan.mode = l3s", "lxc.net.0.ipvlan.mode", "l3s" },
	{ "lxc.net.0.type = ipvlan\nlxc.net.0.ipvlan.isolation = vepa", "lxc.net.0.ipvlan.isolation",
	  "vepa" },
	{ "lxc.net.0.type = vlan\nlxc.net.0.vlan.id = 4094", "lxc.net.0.vlan.id", "4094" },
	{ "lxc.net.0.link = br0\nlxc.net.0.type = veth", "lxc.net.0.link", "br0" },
	/* unsupported keys take the value that asks for what ctbox does */
	{ "lxc.ephemeral = 0", "lxc.uts.name", "" },
	{ "lxc.sched.core = 0", "lxc.uts.name", "" },
	{ "lxc.keyring.session = 0", "lxc.uts.name", "" },
	{ "lxc.monitor.unshare = 0", "lxc.uts.name", "" },
	{ "lxc.kmsg = 0", "lxc.uts.name", "" },
	{ "lxc.ephemeral =", "lxc.uts.name", "" },
	{ "lxc.rootfs.backend = dir", "lxc.rootfs.path", "" },
	{ "lxc.pivotdir = lxc_putold", "lxc.rootfs.path", "" },
};

/* ---- junk: the whole message of loading "TEXT\n" as t.conf ---- */

static const struct {
	const char *text, *msg;
} invalid[] = {
	{ "lxc.tty.max = abc", "t.conf:1: invalid value 'abc' for 'lxc.tty.max': expected a number from 0 to 1024" },
	{ "lxc.tty.max = 1025", "t.conf:1: invalid value '1025' for 'lxc.tty.max': expected a number from 0 to 1024" },
	{ "lxc.tty.max = -1", "t.conf:1: invalid value '-1' for 'lxc.tty.max': expected a number from 0 to 1024" },
	{ "lxc.tty.max = 99999999999999999999999999", "t.conf:1: invalid value '99999999999999999999999999' for 'lxc.tty.max': expected a number from 0 to 1024" },
	{ "lxc.tty.max = 4x", "t.conf:1: invalid value '4x' for 'lxc.tty.max': expected a number from 0 to 1024" },
	{ "lxc.tty.max = +4", "t.conf:1: invalid value '+4' for 'lxc.tty.max': expected a number from 0 to 1024" },
	{ "lxc.pty.max = 0x10", "t.conf:1: invalid value '0x10' for 'lxc.pty.max': expected a number from 0 to 65536" },
	{ "lxc.arch = pdp11", "t.conf:1: invalid value 'pdp11' for 'lxc.arch': expected an architecture (x86_64, amd64, i686, arm64, armhf ...)" },
	{ "lxc.uts.name = a b", "t.conf:1: invalid value 'a b' for 'lxc.uts.name': expected a host name of at most 64 bytes, without blanks or '/'" },
	{ "lxc.uts.name = 01234567890123456789012345678901234567890123456789012345678901234",
	  "t.conf:1: invalid value '01234567890123456789012345678901234567890123456789012345678901234' for 'lxc.uts.name': expected a host name of at most 64 bytes, without blanks or '/'" },
	{ "lxc.signal.halt = SIGFOO", "t.conf:1: invalid value 'SIGFOO' for 'lxc.signal.halt': expected a signal name (SIGPWR, PWR, SIGRTMIN+3) or a number from 1 to 64" },
	{ "lxc.signal.stop = 65", "t.conf:1: invalid value '65' for 'lxc.signal.stop': expected a signal name (SIGPWR, PWR, SIGRTMIN+3) or a number from 1 to 64" },
	{ "lxc.signal.stop = 0", "t.conf:1: invalid value '0' for 'lxc.signal.stop': expected a signal name (SIGPWR, PWR, SIGRTMIN+3) or a number from 1 to 64" },
	{ "lxc.signal.reboot = SIGRTMIN+31", "t.conf:1: invalid value 'SIGRTMIN+31' for 'lxc.signal.reboot': expected a signal name (SIGPWR, PWR, SIGRTMIN+3) or a number from 1 to 64" },
	{ "lxc.monitor.signal.pdeath = -9", "t.conf:1: invalid value '-9' for 'lxc.monitor.signal.pdeath': expected a signal name (SIGPWR, PWR, SIGRTMIN+3) or a number from 1 to 64" },
	{ "lxc.init.cwd = root", "t.conf:1: invalid value 'root' for 'lxc.init.cwd': expected an absolute path" },
	{ "lxc.init.uid = -1", "t.conf:1: invalid value '-1' for 'lxc.init.uid': expected a number from 0 to 4294967294" },
	{ "lxc.init.gid = 4294967295", "t.conf:1: invalid value '4294967295' for 'lxc.init.gid': expected a number from 0 to 4294967294" },
	{ "lxc.init.groups = 1,x", "t.conf:1: invalid value '1,x' for 'lxc.init.groups': expected group ids separated by commas (1000,1001)" },
	{ "lxc.proc.oom/../x = 1", "t.conf:1: invalid key 'lxc.proc.oom/../x': expected a file name of /proc/PID (oom_score_adj)" },
	{ "lxc.proc = 1", "t.conf:1: 'lxc.proc' takes no value: name a key below it (lxc.proc.[file]) or give an empty value to clear them" },
	{ "lxc.console.buffer.size = 12TB", "t.conf:1: invalid value '12TB' for 'lxc.console.buffer.size': expected a size up to 1024GB (N, NKB, NMB, NGB) or auto" },
	{ "lxc.console.size = KB", "t.conf:1: invalid value 'KB' for 'lxc.console.size': expected a size up to 1024GB (N, NKB, NMB, NGB) or auto" },
	{ "lxc.console.logfile = log", "t.conf:1: invalid value 'log' for 'lxc.console.logfile': expected an absolute path" },
	{ "lxc.console.rotate = yes", "t.conf:1: invalid value 'yes' for 'lxc.console.rotate': expected 0 or 1" },
	{ "lxc.console.path = ttyS0", "t.conf:1: invalid value 'ttyS0' for 'lxc.console.path': expected an absolute path or none" },
	{ "lxc.tty.dir = a/b", "t.conf:1: invalid value 'a/b' for 'lxc.tty.dir': expected a directory name under /dev (lxc)" },
	{ "lxc.autodev = 2", "t.conf:1: invalid value '2' for 'lxc.autodev': expected 0 or 1" },
	{ "lxc.autodev.tmpfs.size = 1M", "t.conf:1: invalid value '1M' for 'lxc.autodev.tmpfs.size': expected a number from 0 to 4294967294" },
	{ "lxc.mount.entry = proc proc", "t.conf:1: invalid value 'proc proc' for 'lxc.mount.entry': expected an fstab line: SOURCE TARGET TYPE [OPTIONS [FREQ [PASSNO]]]" },
	{ "lxc.mount.entry = a b c d e f g", "t.conf:1: invalid value 'a b c d e f g' for 'lxc.mount.entry': expected an fstab line: SOURCE TARGET TYPE [OPTIONS [FREQ [PASSNO]]]" },
	{ "lxc.mount.entry = a b c d x 0", "t.conf:1: invalid value 'a b c d x 0' for 'lxc.mount.entry': expected numbers as the fstab line's 5th and 6th fields" },
	{ "lxc.mount.auto = proc:ro", "t.conf:1: invalid value 'proc:ro' for 'lxc.mount.auto': expected proc[:mixed|:rw], sys[:ro|:mixed|:rw], cgroup[:mixed|:ro|:rw][:force] or cgroup-full[:mixed|:ro|:rw][:force]" },
	{ "lxc.mount.auto = shmounts:/var/lib/lxd/shmounts:/dev/.lxd-mounts", "t.conf:1: invalid value 'shmounts:/var/lib/lxd/shmounts:/dev/.lxd-mounts' for 'lxc.mount.auto': shmounts is not supported by ctbox" },
	{ "lxc.rootfs.mount = mnt", "t.conf:1: invalid value 'mnt' for 'lxc.rootfs.mount': expected an absolute path" },
	{ "lxc.rootfs.managed = true", "t.conf:1: invalid value 'true' for 'lxc.rootfs.managed': expected 0 or 1" },
	{ "lxc.rootfs.backend = floppy", "t.conf:1: invalid value 'floppy' for 'lxc.rootfs.backend': expected dir, btrfs, overlay, overlayfs, aufs, zfs, lvm, loop, rbd, nbd or best" },
	{ "lxc.cgroup.dir = /abs", "t.conf:1: invalid value '/abs' for 'lxc.cgroup.dir': expected a relative path without '..'" },
	{ "lxc.cgroup.dir.container = a/../../b", "t.conf:1: invalid value 'a/../../b' for 'lxc.cgroup.dir.container': expected a relative path without '..'" },
	{ "lxc.cgroup.relative = 3", "t.conf:1: invalid value '3' for 'lxc.cgroup.relative': expected 0 or 1" },
	{ "lxc.cgroup.memory = 1", "t.conf:1: invalid key 'lxc.cgroup.memory': expected CONTROLLER.FILE (memory.max)" },
	{ "lxc.cgroup2.memory..max = 1", "t.conf:1: invalid key 'lxc.cgroup2.memory..max': expected CONTROLLER.FILE (memory.max)" },
	{ "lxc.cgroup2 = 1", "t.conf:1: 'lxc.cgroup2' takes no value: name a key below it (lxc.cgroup2.[controller].[file]) or give an empty value to clear them" },
	{ "lxc.cap.drop = sys_admin sys_foo", "t.conf:1: invalid value 'sys_admin sys_foo' for 'lxc.cap.drop': expected capability names without CAP_ (sys_admin net_raw)" },
	{ "lxc.cap.drop = 64", "t.conf:1: invalid value '64' for 'lxc.cap.drop': expected capability names without CAP_ (sys_admin net_raw)" },
	{ "lxc.cap.keep = all", "t.conf:1: invalid value 'all' for 'lxc.cap.keep': expected capability names without CAP_ (sys_admin net_raw) or none" },
	{ "lxc.namespace.clone = mnt foo", "t.conf:1: invalid value 'mnt foo' for 'lxc.namespace.clone': expected namespace names (cgroup ipc mnt net pid time user uts)" },
	{ "lxc.namespace.keep = net\nlxc.namespace.clone = pid", "t.conf:2: 'lxc.namespace.clone' cannot be used with 'lxc.namespace.keep'" },
	{ "lxc.namespace.share.foo = 1", "t.conf:1: unknown key 'lxc.namespace.share.foo'" },
	{ "lxc.namespace.share.net = a b", "t.conf:1: invalid value 'a b' for 'lxc.namespace.share.net': expected a PID, a container name or a path" },
	{ "lxc.time.offset.boot = 10", "t.conf:1: invalid value '10' for 'lxc.time.offset.boot': expected an offset with a unit ([-]N followed by h, m, s, ms, us or ns)" },
	{ "lxc.time.offset.monotonic = 99999999999999999h", "t.conf:1: invalid value '99999999999999999h' for 'lxc.time.offset.monotonic': expected an offset with a unit ([-]N followed by h, m, s, ms, us or ns)" },
	{ "lxc.prlimit.nofile = lots", "t.conf:1: invalid value 'lots' for 'lxc.prlimit.nofile': expected N, SOFT:HARD or unlimited" },
	{ "lxc.prlimit.nofile = 10:", "t.conf:1: invalid value '10:' for 'lxc.prlimit.nofile': expected N, SOFT:HARD or unlimited" },
	{ "lxc.prlimit.nofile = 20:10", "t.conf:1: invalid value '20:10' for 'lxc.prlimit.nofile': expected a soft limit no greater than the hard one" },
	{ "lxc.prlimit.nofile = unlimited:10", "t.conf:1: invalid value 'unlimited:10' for 'lxc.prlimit.nofile': expected a soft limit no greater than the hard one" },
	{ "lxc.prlimit.files = 10", "t.conf:1: unknown key 'lxc.prlimit.files' (limits: as core cpu data fsize locks memlock msgqueue nice nofile nproc rss rtprio rttime sigpending stack)" },
	{ "lxc.sysctl.net..x = 1", "t.conf:1: invalid key 'lxc.sysctl.net..x': expected dotted names (letters, digits, '_', '-')" },
	{ "lxc.apparmor.profile = a b", "t.conf:1: invalid value 'a b' for 'lxc.apparmor.profile': expected a word without blanks" },
	{ "lxc.apparmor.allow_nesting = on", "t.conf:1: invalid value 'on' for 'lxc.apparmor.allow_nesting': expected 0 or 1" },
	{ "lxc.seccomp.allow_nesting = 11", "t.conf:1: invalid value '11' for 'lxc.seccomp.allow_nesting': expected 0 or 1" },
	{ "lxc.no_new_privs = -0", "t.conf:1: invalid value '-0' for 'lxc.no_new_privs': expected 0 or 1" },
	{ "lxc.idmap = u 0 100000", "t.conf:1: invalid value 'u 0 100000' for 'lxc.idmap': expected u|g NSID HOSTID RANGE (u 0 100000 65536)" },
	{ "lxc.idmap = b 0 100000 10", "t.conf:1: invalid value 'b 0 100000 10' for 'lxc.idmap': expected u|g NSID HOSTID RANGE (u 0 100000 65536)" },
	{ "lxc.idmap = u 0 4294967295 2", "t.conf:1: invalid value 'u 0 4294967295 2' for 'lxc.idmap': expected a range of at least 1 that stays below 2^32" },
	{ "lxc.idmap = g 0 1 0", "t.conf:1: invalid value 'g 0 1 0' for 'lxc.idmap': expected a range of at least 1 that stays below 2^32" },
	{ "lxc.hook.version = 2", "t.conf:1: invalid value '2' for 'lxc.hook.version': expected 0 or 1" },
	{ "lxc.log.level = LOUD", "t.conf:1: invalid value 'LOUD' for 'lxc.log.level': expected TRACE, DEBUG, INFO, NOTICE, WARN, ERROR, CRIT, ALERT, FATAL or 0 to 8" },
	{ "lxc.log.syslog = mail", "t.conf:1: invalid value 'mail' for 'lxc.log.syslog': expected daemon, user or local0 to local7" },
	{ "lxc.start.auto = 2", "t.conf:1: invalid value '2' for 'lxc.start.auto': expected 0 or 1" },
	{ "lxc.start.delay = -1", "t.conf:1: invalid value '-1' for 'lxc.start.delay': expected a number from 0 to 2147483647" },
	{ "lxc.start.order = 2147483648", "t.conf:1: invalid value '2147483648' for 'lxc.start.order': expected a number from -2147483648 to 2147483647" },
	{ "lxc.environment = =x", "t.conf:1: invalid value '=x' for 'lxc.environment': expected NAME=VALUE or NAME" },
	/* network */
	{ "lxc.net.0.type = bridge", "t.conf:1: invalid value 'bridge' for 'lxc.net.0.type': expected empty, veth, macvlan, ipvlan, vlan, phys or none" },
	{ "lxc.net.0.type = veth\nlxc.net.0.flags = down", "t.conf:2: invalid value 'down' for 'lxc.net.0.flags': expected up" },
	{ "lxc.net.0.type = veth\nlxc.net.0.link = a-very-long-bridge-name", "t.conf:2: invalid value 'a-very-long-bridge-name' for 'lxc.net.0.link': expected an interface name of at most 15 bytes, without blanks or '/'" },
	{ "lxc.net.0.type = veth\nlxc.net.0.mtu = 67", "t.conf:2: invalid value '67' for 'lxc.net.0.mtu': expected a number from 68 to 65536" },
	{ "lxc.net.0.type = veth\nlxc.net.0.hwaddr = 00:16:3e:3a:f1", "t.conf:2: invalid value '00:16:3e:3a:f1' for 'lxc.net.0.hwaddr': expected a MAC address such as 00:16:3e:xx:xx:xx" },
	{ "lxc.net.0.type = veth\nlxc.net.0.hwaddr = 00-16-3e-3a-f1-c1", "t.conf:2: invalid value '00-16-3e-3a-f1-c1' for 'lxc.net.0.hwaddr': expected a MAC address such as 00:16:3e:xx:xx:xx" },
	{ "lxc.net.0.type = veth\nlxc.net.0.hwaddr = 0g:16:3e:3a:f1:c1", "t.conf:2: invalid value '0g:16:3e:3a:f1:c1' for 'lxc.net.0.hwaddr': expected a MAC address such as 00:16:3e:xx:xx:xx" },
	{ "lxc.net.0.type = veth\nlxc.net.0.hwaddr = 01:00:5e:00:00:01", "t.conf:2: invalid value '01:00:5e:00:00:01' for 'lxc.net.0.hwaddr': expected a unicast MAC address (the first byte even)" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 10.0.3.256/24", "t.conf:2: invalid value '10.0.3.256/24' for 'lxc.net.0.ipv4.address': expected an IPv4 address A.B.C.D[/PREFIX] [BROADCAST] or auto" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 10.0.3.5/33", "t.conf:2: invalid value '10.0.3.5/33' for 'lxc.net.0.ipv4.address': expected an IPv4 address A.B.C.D[/PREFIX] [BROADCAST] or auto" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 10.0.3.5/24 10.0.3", "t.conf:2: invalid value '10.0.3.5/24 10.0.3' for 'lxc.net.0.ipv4.address': expected an IPv4 address A.B.C.D[/PREFIX] [BROADCAST] or auto" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 2001:db8::1", "t.conf:2: invalid value '2001:db8::1' for 'lxc.net.0.ipv4.address': expected an IPv4 address A.B.C.D[/PREFIX] [BROADCAST] or auto" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.gateway = 10.0.3", "t.conf:2: invalid value '10.0.3' for 'lxc.net.0.ipv4.gateway': expected an IPv4 address, auto or dev" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv6.address = 2001:db8::1/129", "t.conf:2: invalid value '2001:db8::1/129' for 'lxc.net.0.ipv6.address': expected an IPv6 address ADDRESS[/PREFIX]" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv6.gateway = 10.0.0.1", "t.conf:2: invalid value '10.0.0.1' for 'lxc.net.0.ipv6.gateway': expected an IPv6 address, auto or dev" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.mode = nat", "t.conf:2: invalid value 'nat' for 'lxc.net.0.veth.mode': expected bridge or router" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.ipv4.route = 192.168.1.0", "t.conf:2: invalid value '192.168.1.0' for 'lxc.net.0.veth.ipv4.route': expected an IPv4 route A.B.C.D/PREFIX" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.ipv6.route = 2001:db8::", "t.conf:2: invalid value '2001:db8::' for 'lxc.net.0.veth.ipv6.route': expected an IPv6 route ADDRESS/PREFIX" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.vlan.id = 4095", "t.conf:2: invalid value '4095' for 'lxc.net.0.veth.vlan.id': expected a VLAN id from 1 to 4094 or none" },
	{ "lxc.net.0.type = veth\nlxc.net.0.veth.vlan.tagged.id = 0", "t.conf:2: invalid value '0' for 'lxc.net.0.veth.vlan.tagged.id': expected a VLAN id from 1 to 4094" },
	{ "lxc.net.0.type = macvlan\nlxc.net.0.macvlan.mode = l2", "t.conf:2: invalid value 'l2' for 'lxc.net.0.macvlan.mode': expected private, vepa, bridge or passthru" },
	{ "lxc.net.0.type = ipvlan\nlxc.net.0.ipvlan.mode = l4", "t.conf:2: invalid value 'l4' for 'lxc.net.0.ipvlan.mode': expected l3, l3s or l2" },
	{ "lxc.net.0.type = ipvlan\nlxc.net.0.ipvlan.isolation = x", "t.conf:2: invalid value 'x' for 'lxc.net.0.ipvlan.isolation': expected bridge, private or vepa" },
	{ "lxc.net.0.type = vlan\nlxc.net.0.vlan.id = 5000", "t.conf:2: invalid value '5000' for 'lxc.net.0.vlan.id': expected a number from 0 to 4094" },
	{ "lxc.net.0.type = macvlan\nlxc.net.0.veth.pair = v0", "t.conf:2: 'lxc.net.0.veth.pair' does not apply to a macvlan interface" },
	{ "lxc.net.0.type = veth\nlxc.net.0.vlan.id = 10", "t.conf:2: 'lxc.net.0.vlan.id' does not apply to a veth interface" },
	{ "lxc.net.0.veth.pair = v0\nlxc.net.0.type = phys", "t.conf:2: 'lxc.net.0.type' cannot be phys: lxc.net.0.veth.pair is set" },
	{ "lxc.net.1.link = br0", "t.conf: lxc.net.1 has no type (set lxc.net.1.type)" },
	{ "lxc.net.0.type = veth\nlxc.net.0.colour = blue", "t.conf:2: unknown key 'lxc.net.0.colour'" },
	{ "lxc.net.x.type = veth", "t.conf:1: unknown key 'lxc.net.x.type'" },
	{ "lxc.net.01.type = veth", "t.conf:1: unknown key 'lxc.net.01.type'" },
	{ "lxc.net.1024.type = veth", "t.conf:1: unknown key 'lxc.net.1024.type'" },
	{ "lxc.net = veth", "t.conf:1: 'lxc.net' takes no value: an empty value clears every interface" },
	{ "lxc.net.0 = veth", "t.conf:1: 'lxc.net.0' takes no value: an empty value clears the interface" },
	/* legacy network */
	{ "lxc.network.link = br0", "t.conf:1: 'lxc.network.link' comes before any lxc.network.type" },
	{ "lxc.network.type = bridge", "t.conf:1: invalid value 'bridge' for 'lxc.network.type': expected empty, veth, macvlan, ipvlan, vlan, phys or none" },
	{ "lxc.network.type = veth\nlxc.network.mtu = big", "t.conf:2: invalid value 'big' for 'lxc.network.mtu': expected a number from 68 to 65536" },
	{ "lxc.network.type = veth\nlxc.network.ipv4 = x", "t.conf:2: invalid value 'x' for 'lxc.network.ipv4': expected an IPv4 address A.B.C.D[/PREFIX] [BROADCAST] or auto" },
	{ "lxc.network.type = veth\nlxc.network.foo = 1", "t.conf:2: unknown key 'lxc.network.foo'" },
	/* legacy names report the name written */
	{ "lxc.tty = many", "t.conf:1: invalid value 'many' for 'lxc.tty': expected a number from 0 to 1024" },
	{ "lxc.haltsignal = NOPE", "t.conf:1: invalid value 'NOPE' for 'lxc.haltsignal': expected a signal name (SIGPWR, PWR, SIGRTMIN+3) or a number from 1 to 64" },
	{ "lxc.id_map = u 0 0", "t.conf:1: invalid value 'u 0 0' for 'lxc.id_map': expected u|g NSID HOSTID RANGE (u 0 100000 65536)" },
	{ "lxc.limit.nofile = x", "t.conf:1: invalid value 'x' for 'lxc.limit.nofile': expected N, SOFT:HARD or unlimited" },
	/* unsupported and unknown keys, lines */
	{ "lxc.ephemeral = 1", "t.conf:1: 'lxc.ephemeral' is not supported by ctbox" },
	{ "lxc.sched.core = 1", "t.conf:1: 'lxc.sched.core' is not supported by ctbox" },
	{ "lxc.keyring.session = 1", "t.conf:1: 'lxc.keyring.session' is not supported by ctbox" },
	{ "lxc.monitor.unshare = 1", "t.conf:1: 'lxc.monitor.unshare' is not supported by ctbox" },
	{ "lxc.seccomp.notify.proxy = unix:/run/x", "t.conf:1: 'lxc.seccomp.notify.proxy' is not supported by ctbox" },
	{ "lxc.seccomp.notify.cookie = x", "t.conf:1: 'lxc.seccomp.notify.cookie' is not supported by ctbox" },
	{ "lxc.kmsg = 1", "t.conf:1: 'lxc.kmsg' is not supported by ctbox" },
	{ "lxc.foo = 1", "t.conf:1: unknown key 'lxc.foo'" },
	{ "# c\n\nlxc.uts.name = a\nnot.lxc = 1", "t.conf:4: unknown key 'not.lxc'" },
	{ "lxc.uts.name", "t.conf:1: no '=' in 'lxc.uts.name': expected KEY = VALUE" },
	{ "= value", "t.conf:1: no key before '='" },
	{ "lxc.uts.name = a # comment", "t.conf:1: invalid value 'a # comment' for 'lxc.uts.name': expected a host name of at most 64 bytes, without blanks or '/'" },
	{ "lxc.tty.max = 1\n lxc.tty.max = 2\n\tlxc.tty.max = x", "t.conf:3: invalid value 'x' for 'lxc.tty.max': expected a number from 0 to 1024" },
	{ "lxc.include =", "t.conf:1: invalid value '' for 'lxc.include': expected a file or a directory" },
	{ "lxc.mount.entry = \x01\x02 b", "t.conf:1: invalid value '?? b' for 'lxc.mount.entry': expected an fstab line: SOURCE TARGET TYPE [OPTIONS [FREQ [PASSNO]]]" },
};

/* ---- legacy names and what they set ---- */

static const struct {
	const char *text, *key, *want;
} legacy[] = {
	{ "lxc.utsname = old", "lxc.uts.name", "old" },
	{ "lxc.rootfs = /srv/r", "lxc.rootfs.path", "/srv/r" },
	{ "lxc.rootfs.backend = dir\nlxc.rootfs = /srv/r", "lxc.rootfs.path", "/srv/r" },
	{ "lxc.pts = 1024", "lxc.pty.max", "1024" },
	{ "lxc.tty = 4", "lxc.tty.max", "4" },
	{ "lxc.devttydir = lxc", "lxc.tty.dir", "lxc" },
	{ "lxc.console = none", "lxc.console.path", "none" },
	{ "lxc.id_map = u 0 100000 65536", "lxc.idmap", "u 0 100000 65536" },
	{ "lxc.aa_profile = unconfined", "lxc.apparmor.profile", "unconfined" },
	{ "lxc.aa_allow_incomplete = 1", "lxc.apparmor.allow_incomplete", "1" },
	{ "lxc.se_context = x_t", "lxc.selinux.context", "x_t" },
	{ "lxc.haltsignal = SIGUSR1", "lxc.signal.halt", "SIGUSR1" },
	{ "lxc.stopsignal = SIGTERM", "lxc.signal.stop", "SIGTERM" },
	{ "lxc.rebootsignal = SIGUSR2", "lxc.signal.reboot", "SIGUSR2" },
	{ "lxc.init_cmd = /sbin/myinit", "lxc.init.cmd", "/sbin/myinit" },
	{ "lxc.init_uid = 5", "lxc.init.uid", "5" },
	{ "lxc.init_gid = 6", "lxc.init.gid", "6" },
	{ "lxc.loglevel = INFO", "lxc.log.level", "INFO" },
	{ "lxc.logfile = /tmp/l", "lxc.log.file", "/tmp/l" },
	{ "lxc.syslog = daemon", "lxc.log.syslog", "daemon" },
	{ "lxc.mount = /x/fstab", "lxc.mount.fstab", "/x/fstab" },
	{ "lxc.seccomp = /x/p.seccomp", "lxc.seccomp.profile", "/x/p.seccomp" },
	{ "lxc.limit.nofile = 10", "lxc.prlimit.nofile", "10" },
	{ "lxc.start.auto = 1", "lxc.start.auto", "1" },
	/* get answers to the old names too */
	{ "lxc.uts.name = new", "lxc.utsname", "new" },
	/* lxc.network.type starts a new interface; other keys set the last */
	{ "lxc.network.type = veth\nlxc.network.link = br0\nlxc.network.type = phys\n"
	  "lxc.network.link = eth1", "lxc.net", "0\n1" },
	{ "lxc.network.type = veth\nlxc.network.link = br0\nlxc.network.type = phys\n"
	  "lxc.network.link = eth1", "lxc.net.0.link", "br0" },
	{ "lxc.network.type = veth\nlxc.network.link = br0\nlxc.network.type = phys\n"
	  "lxc.network.link = eth1", "lxc.net.1.link", "eth1" },
	{ "lxc.network.type = veth\nlxc.network.ipv4 = 10.0.0.2/24\nlxc.network.ipv4.gateway = 10.0.0.1\n"
	  "lxc.network.ipv6 = fd00::2", "lxc.net.0.ipv6.address", "fd00::2/64" },
	{ "lxc.network.type = veth\nlxc.network.ipv4 = 10.0.0.2/24", "lxc.net.0.ipv4.address",
	  "10.0.0.2/24" },
	{ "lxc.network.type = veth\nlxc.network.ipv4.gateway = 10.0.0.1", "lxc.net.0.ipv4.gateway",
	  "10.0.0.1" },
	{ "lxc.network.type = veth\nlxc.network.veth.pair = vp\nlxc.network.mtu = 1400\n"
	  "lxc.network.flags = up\nlxc.network.name = eth0\nlxc.network.hwaddr = 00:16:3e:00:00:01\n"
	  "lxc.network.script.up = /u", "lxc.net.0",
	  "lxc.net.0.type = veth\nlxc.net.0.flags = up\nlxc.net.0.mtu = 1400\nlxc.net.0.name = eth0\n"
	  "lxc.net.0.hwaddr = 00:16:3e:00:00:01\nlxc.net.0.script.up = /u\nlxc.net.0.veth.pair = vp" },
	{ "lxc.net.3.type = veth\nlxc.network.type = phys\nlxc.network.link = eth9", "lxc.net.4.link",
	  "eth9" },
	{ "lxc.network.type = veth\nlxc.network =\nlxc.network.type = empty", "lxc.net.0.type", "empty" },
	{ "lxc.network.type = veth\nlxc.network =\nlxc.network.type = empty", "lxc.net", "0" },
	/* indexed interfaces: any order, gaps kept, sorted */
	{ "lxc.net.7.type = veth\nlxc.net.2.type = phys\nlxc.net.2.link = eth1\nlxc.net.0.type = empty",
	  "lxc.net", "0\n2\n7" },
	{ "lxc.net.7.type = veth\nlxc.net.2.type = phys\nlxc.net.2.link = eth1", "lxc.net.2.link", "eth1" },
	{ "lxc.net.9.type = veth", "lxc.net.3.type", "" },
};

/* ---- clearing: the text, then the key that must read empty (or want) ---- */

static const struct {
	const char *text, *key, *want;
} clears[] = {
	{ "lxc.cap.drop = sys_admin\nlxc.cap.drop =", "lxc.cap.drop", "" },
	{ "lxc.cap.drop = sys_admin\nlxc.cap.drop =\nlxc.cap.drop = mknod", "lxc.cap.drop", "mknod" },
	{ "lxc.cap.keep = sys_admin\nlxc.cap.keep =", "lxc.cap.keep", "" },
	{ "lxc.mount.entry = a b c\nlxc.mount.entry =", "lxc.mount.entry", "" },
	{ "lxc.mount.entry = a b c\nlxc.mount.entry =\nlxc.mount.entry = d e f", "lxc.mount.entry", "d e f" },
	{ "lxc.mount.auto = proc sys\nlxc.mount.auto =", "lxc.mount.auto", "" },
	{ "lxc.net.0.type = veth\nlxc.net.1.type = veth\nlxc.net =", "lxc.net", "" },
	{ "lxc.net.0.type = veth\nlxc.net.1.type = phys\nlxc.net.1.link = x\nlxc.net.0 =", "lxc.net", "1" },
	{ "lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 1.2.3.4\nlxc.net.0.ipv4.address =",
	  "lxc.net.0.ipv4.address", "" },
	{ "lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.0.link =", "lxc.net.0.link", "" },
	{ "lxc.cgroup2.memory.max = 1G\nlxc.cgroup2.pids.max = 10\nlxc.cgroup2 =", "lxc.cgroup2", "" },
	{ "lxc.cgroup2.memory.max = 1G\nlxc.cgroup2.pids.max = 10\nlxc.cgroup2.memory.max =",
	  "lxc.cgroup2", "lxc.cgroup2.pids.max = 10" },
	{ "lxc.cgroup.memory.max = 1G\nlxc.cgroup2.pids.max = 10\nlxc.cgroup =", "lxc.cgroup2",
	  "lxc.cgroup2.pids.max = 10" },
	{ "lxc.sysctl.a.b = 1\nlxc.sysctl =", "lxc.sysctl", "" },
	{ "lxc.sysctl.a.b = 1\nlxc.sysctl.a.c = 2\nlxc.sysctl.a.b =", "lxc.sysctl", "lxc.sysctl.a.c = 2" },
	{ "lxc.prlimit.nofile = 1\nlxc.prlimit.core = 0\nlxc.prlimit.nofile =", "lxc.prlimit",
	  "lxc.prlimit.core = 0" },
	{ "lxc.prlimit.nofile = 1\nlxc.prlimit =", "lxc.prlimit", "" },
	{ "lxc.proc.oom_score_adj = 1\nlxc.proc =", "lxc.proc", "" },
	{ "lxc.idmap = u 0 1 1\nlxc.idmap =", "lxc.idmap", "" },
	{ "lxc.hook.start = /a\nlxc.hook.start =", "lxc.hook.start", "" },
	{ "lxc.group = a b\nlxc.group =", "lxc.group", "" },
	{ "lxc.environment = A=1\nlxc.environment =", "lxc.environment", "" },
	{ "lxc.apparmor.raw = x\nlxc.apparmor.raw =", "lxc.apparmor.raw", "" },
	{ "lxc.init.groups = 1\nlxc.init.groups =", "lxc.init.groups", "" },
	{ "lxc.namespace.share.net = 1\nlxc.namespace.share =", "lxc.namespace.share", "" },
	{ "lxc.namespace.clone = net\nlxc.namespace.clone =\nlxc.namespace.keep = pid",
	  "lxc.namespace.keep", "pid" },
	{ "lxc.uts.name = a\nlxc.uts.name =", "lxc.uts.name", "" },
	{ "lxc.init.cmd = /x\nlxc.init.cmd =", "lxc.init.cmd", "/sbin/init" },
	{ "lxc.signal.halt = 9\nlxc.signal.halt =", "lxc.signal.halt", "SIGPWR" },
	{ "lxc.tty.max = 9\nlxc.tty.max =", "lxc.tty.max", "0" },
	{ "lxc.autodev = 0\nlxc.autodev =", "lxc.autodev", "1" },
	{ "lxc.arch = i686\nlxc.arch =", "lxc.arch", "" },
};

static void test_defaults(void)
{
	struct lxc_conf *c = conf_new();

	ok(c != NULL, "conf_new");
	is_str(c->init_cmd, "/sbin/init", "default lxc.init.cmd");
	is_int(c->autodev, 1, "default lxc.autodev");
	is_int(c->signal_halt, SIGPWR, "default lxc.signal.halt");
	is_int(c->signal_reboot, SIGINT, "default lxc.signal.reboot");
	is_int(c->signal_stop, SIGKILL, "default lxc.signal.stop");
	is_int(c->monitor_signal_pdeath, SIGKILL, "default lxc.monitor.signal.pdeath");
	is_int(c->tty_max, 0, "default lxc.tty.max");
	is_int(c->pty_max, 0, "default lxc.pty.max");
	is_int(c->autodev_tmpfs_size, 500000, "default lxc.autodev.tmpfs.size");
	is_int(c->rootfs_managed, 1, "default lxc.rootfs.managed");
	is_int(c->log_level, -1, "lxc.log.level unset");
	is_int(c->personality, -1, "lxc.arch unset: the host's personality");
	ok(c->rootfs_path == NULL && c->uts_name == NULL && c->n_net == 0, "strings and lists empty");
	is_str(get(c, "lxc.init.cmd"), "/sbin/init", "conf_get shows the default init");
	is_str(get(c, "lxc.signal.halt"), "SIGPWR", "conf_get shows the default halt signal");
	is_str(get(c, "lxc.rootfs.path"), "", "conf_get of an unset string is empty");
	conf_free(c);
}

static void test_struct_fields(void)
{
	struct bb_err e;
	struct lxc_conf *c = load(
		"lxc.arch = i686\n"
		"lxc.signal.halt = SIGRTMIN+3\n"
		"lxc.cap.drop = sys_admin net_raw\n"
		"lxc.cap.keep = none\n"
		"lxc.mount.auto = proc:rw sys:ro cgroup:mixed:force\n"
		"lxc.mount.entry = /src dst none bind,create=dir 0 0\n"
		"lxc.idmap = g 0 100000 65536\n"
		"lxc.prlimit.nofile = 1024:unlimited\n"
		"lxc.namespace.clone = net pid mount\n"
		"lxc.net.0.type = veth\n"
		"lxc.net.0.hwaddr = 00:16:3e:xx:x1:02\n"
		"lxc.net.0.ipv4.address = 10.1.2.3/24 10.1.2.255\n"
		"lxc.net.0.ipv4.gateway = auto\n"
		"lxc.time.offset.boot = 3m\n", &e);

	if (!ok(c != NULL, "a config setting structured keys loads"))
		diag("%s", e.msg);
	if (!c)
		return;
	is_int(c->personality, 8, "i686: PER_LINUX32");
	is_int(c->signal_halt, 37, "SIGRTMIN+3 is signal 37 (LXC's and systemd's SIGRTMIN)");
	ok(c->cap_drop == ((1ULL << 21) | (1ULL << 13) | CONF_CAP_DROP_DEFAULT), "cap_drop bits");
	ok(c->cap_keep_set && c->cap_keep == 0, "lxc.cap.keep = none: keep nothing");
	ok(c->mount_auto.proc == CONF_AUTO_PROC_RW && c->mount_auto.sys == CONF_AUTO_SYS_RO &&
	   c->mount_auto.cgroup == CONF_AUTO_CG_MIXED && c->mount_auto.cgroup_force,
	   "mount_auto fields");
	ok(c->n_mounts == 1 && strcmp(c->mounts[0].src, "/src") == 0 &&
	   strcmp(c->mounts[0].dst, "dst") == 0 && strcmp(c->mounts[0].type, "none") == 0 &&
	   strcmp(c->mounts[0].opts, "bind,create=dir") == 0, "mount entry fields");
	ok(c->n_idmap == 1 && c->idmap[0].kind == 'g' && c->idmap[0].hostid == 100000 &&
	   c->idmap[0].range == 65536, "idmap fields");
	ok(c->n_prlimits == 1 && c->prlimits[0].soft == 1024 &&
	   c->prlimits[0].hard == CONF_RLIM_INFINITY, "prlimit fields");
	ok(c->ns_clone_set && c->ns_clone == (CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS),
	   "namespace.clone flags");
	ok(c->n_net == 1 && c->net[0].type == CONF_NET_VETH && c->net[0].has_hwaddr &&
	   c->net[0].hwaddr[0] == 0 && c->net[0].hwaddr_fixed[3] == 0 &&
	   c->net[0].hwaddr_fixed[4] == 0x0f && c->net[0].hwaddr[4] == 0x01 &&
	   c->net[0].hwaddr_fixed[5] == 0xff && c->net[0].hwaddr[5] == 2, "hwaddr bytes and random nibbles");
	ok(c->n_net == 1 && c->net[0].n_ipv4 == 1 && c->net[0].ipv4[0].prefix == 24 &&
	   c->net[0].ipv4[0].has_bcast && c->net[0].ipv4_gw_kind == CONF_GW_AUTO, "ipv4 fields");
	ok(c->time_offset_boot_s == 180 && c->time_offset_boot_ns == 0, "time offset");
	conf_free(c);
}

static void test_conf_set(void)
{
	struct lxc_conf *c = conf_new();
	struct bb_err e;

	is_int(conf_set(c, "lxc.tty.max", "4", &e), 0, "conf_set one key");
	is_str(get(c, "lxc.tty.max"), "4", "conf_set took");
	is_int(conf_set(c, "lxc.tty.max", "x", &e), -1, "conf_set refuses junk");
	is_str(e.msg, "invalid value 'x' for 'lxc.tty.max': expected a number from 0 to 1024",
	       "conf_set's message has no place");
	is_int(conf_set(c, "lxc.nope", "1", &e), -1, "conf_set refuses an unknown key");
	is_str(e.msg, "unknown key 'lxc.nope'", "its message");
	is_int(conf_set(c, "lxc.ephemeral", "1", &e), -1, "conf_set refuses an unsupported key");
	is_str(e.msg, "'lxc.ephemeral' is not supported by ctbox", "its message");
	is_int(conf_set(c, "lxc.net.0.type", "veth", &e), 0, "conf_set an interface");
	is_int(conf_set(c, "lxc.net.0.macvlan.mode", "vepa", &e), -1, "a key of another type");
	is_str(e.msg, "'lxc.net.0.macvlan.mode' does not apply to a veth interface", "its message");
	is_str(get(c, "lxc.ephemeral"), "ERROR: 'lxc.ephemeral' is not supported by ctbox",
	       "conf_get of an unsupported key");
	is_str(get(c, "lxc.nope"), "ERROR: unknown key 'lxc.nope'", "conf_get of an unknown key");
	is_str(get(c, "lxc.net.0.nope"), "ERROR: unknown key 'lxc.net.0.nope'",
	       "conf_get of an unknown interface key");
	is_str(get(c, "lxc.network.link"),
	       "ERROR: 'lxc.network.link' is a legacy name: ask for lxc.net.N.* instead",
	       "conf_get of a legacy network key");
	conf_free(c);
}

static void test_key_list(void)
{
	struct lxc_conf *c = conf_new();
	const char *k;
	size_t i, n = 0, bad = 0;
	int has_net_type = 0, has_cgroup2 = 0, has_unsupported = 0;

	for (i = 0; (k = conf_key_name(i)) != NULL; i++) {
		n++;
		if (strcmp(k, "lxc.net.[i].type") == 0)
			has_net_type = 1;
		if (strcmp(k, "lxc.cgroup2.[controller].[file]") == 0)
			has_cgroup2 = 1;
		if (strcmp(k, "lxc.ephemeral") == 0 || strcmp(k, "lxc.rootfs.backend") == 0)
			has_unsupported = 1;
		if (!strchr(k, '[') && strncmp(get(c, k), "ERROR", 5) == 0) {
			diag("conf_get(%s): %s", k, get(c, k));
			bad++;
		}
	}
	ok(n > 100, "conf_key_name lists the keys (%zu)", n);
	ok(has_net_type, "the list has lxc.net.[i].type");
	ok(has_cgroup2, "the list has lxc.cgroup2.[controller].[file]");
	ok(!has_unsupported, "the list leaves out unsupported and hidden keys");
	is_int(bad, 0, "every listed key can be read");
	conf_free(c);
}

static void test_parsers(void)
{
	is_int(conf_signal_parse("SIGPWR"), SIGPWR, "signal SIGPWR");
	is_int(conf_signal_parse("pwr"), SIGPWR, "signal pwr");
	is_int(conf_signal_parse("SIGRTMIN"), 34, "SIGRTMIN is 34");
	is_int(conf_signal_parse("SIGRTMAX-2"), 62, "SIGRTMAX-2");
	is_int(conf_signal_parse("RTMIN+31"), -1, "RTMIN+31 is past SIGRTMAX");
	is_int(conf_signal_parse(""), -1, "empty signal");
	is_int(conf_cap_parse("sys_admin"), 21, "cap sys_admin");
	is_int(conf_cap_parse("CAP_CHECKPOINT_RESTORE"), 40, "cap CAP_CHECKPOINT_RESTORE");
	is_str(conf_cap_name(13), "net_raw", "cap name 13");
	ok(conf_cap_name(64) == NULL, "no cap 64");
	{
		static const struct { const char *name; int sig; } sigs[] = {
			{ "SIGHUP", SIGHUP }, { "iot", SIGABRT }, { "STKFLT", 16 }, { "SIGCLD", SIGCHLD },
			{ "VTALRM", SIGVTALRM }, { "poll", SIGIO }, { "SIGSYS", SIGSYS }, { "SIGWINCH", SIGWINCH },
		};
		size_t k;
		int i, round = 1;

		for (k = 0; k < ARRAY_SIZE(sigs); k++)
			is_int(conf_signal_parse(sigs[k].name), sigs[k].sig, "signal %s", sigs[k].name);
		is_int(conf_signal_parse("SIGFOO"), -1, "no signal SIGFOO");
		for (i = 0; i <= 40; i++)
			round &= conf_cap_name(i) && conf_cap_parse(conf_cap_name(i)) == i;
		ok(round, "caps 0-40: each name parses back to its number");
		ok(conf_cap_name(41) == NULL && conf_cap_name(-1) == NULL && conf_cap_parse("cap_nothing") < 0,
		   "no cap 41 nor -1; an unknown name: -1");
		static const struct { const char *arch; int per; } per[] = {
			{ "x86", 8 }, { "powerpc", 8 }, { "x86_64", 0 }, { "s390x", 0 }, { "X86_64", -2 },
		};
		struct bb_err e;

		for (k = 0; k < ARRAY_SIZE(per); k++) {
			char text[64];
			struct lxc_conf *c;

			snprintf(text, sizeof(text), "lxc.arch = %s\n", per[k].arch);
			c = load(text, &e);
			is_int(c ? c->personality : -2, per[k].per, "lxc.arch = %s: personality %d%s", per[k].arch,
			       per[k].per, per[k].per == -2 ? " (refused: LXC's names are lowercase)" : "");
			if (c)
				conf_free(c);
		}
		is_int(bb_word_index("a\0Bc\0d\0", "bC", 1), 1, "bb_word_index: case-insensitive");
		ok(bb_word_index("a\0b\0", "", 1) < 0 && bb_word_index("", "a", 1) < 0 &&
		   bb_word_index("a\0Bc\0", "bc", 0) < 0 && bb_word_index("a\0Bc\0", "Bc", 0) == 1,
		   "bb_word_index: none; case-sensitive without icase");
		ok(bb_word_at("a\0b\0", 1) && strcmp(bb_word_at("a\0b\0", 1), "b") == 0 &&
		   !bb_word_at("a\0b\0", 2) && !bb_word_at("", 0), "bb_word_at: the word, NULL past the end");
	}
	is_str(conf_net_type_name(CONF_NET_MACVLAN), "macvlan", "net type name");
	{
		size_t j;
		int same = 1;

		for (j = 0; j < conf_net_nkeys; j++)
			if (!bb_word_at(CONF_NET_KEY_NAMES, j) ||
			    strcmp(bb_word_at(CONF_NET_KEY_NAMES, j), conf_net_keys[j].name) != 0)
				same = 0;
		ok(same && !bb_word_at(CONF_NET_KEY_NAMES, conf_net_nkeys),
		   "CONF_NET_KEY_NAMES: the interface keys' names, in the table's order");
	}
}

int main(void)
{
	struct bb_err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(valid); i++) {
		struct lxc_conf *c = load(valid[i].text, &e);

		if (!c) {
			ok(0, "valid: %s", nm(valid[i].text));
			diag("%s", e.msg);
			continue;
		}
		is_str(get(c, valid[i].key), valid[i].want, "valid: %s", nm(valid[i].text));
		conf_free(c);
	}
	for (i = 0; i < ARRAY_SIZE(invalid); i++) {
		struct lxc_conf *c = load(invalid[i].text, &e);

		if (c) {
			ok(0, "junk refused: %s", nm(invalid[i].text));
			conf_free(c);
			continue;
		}
		is_str(e.msg, invalid[i].msg, "junk refused: %s", nm(invalid[i].text));
	}
	for (i = 0; i < ARRAY_SIZE(legacy); i++) {
		struct lxc_conf *c = load(legacy[i].text, &e);

		if (!c) {
			ok(0, "legacy: %s", nm(legacy[i].text));
			diag("%s", e.msg);
			continue;
		}
		is_str(get(c, legacy[i].key), legacy[i].want, "legacy: %s -> %s", nm(legacy[i].text),
		       legacy[i].key);
		conf_free(c);
	}
	for (i = 0; i < ARRAY_SIZE(clears); i++) {
		struct lxc_conf *c = load(clears[i].text, &e);

		if (!c) {
			ok(0, "clear: %s", nm(clears[i].text));
			diag("%s", e.msg);
			continue;
		}
		is_str(get(c, clears[i].key), clears[i].want, "clear: %s", nm(clears[i].text));
		conf_free(c);
	}
	test_defaults();
	test_struct_fields();
	test_conf_set();
	test_key_list();
	test_parsers();
	return done_testing();
}
