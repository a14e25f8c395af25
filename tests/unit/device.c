/* Unit tests of device's own parts: the paths it takes, the record of
 * what was handed over (libbb/device_rec.c), the v2 rule list made from
 * the configuration and the record, the config edits of --save
 * (libbb/device_save.c); and, as root with a cgroup2 mount, replacing
 * the device program start attached (libbb/device_cg.c) on a scratch
 * group, tried on a process in it. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/bpf.h>

#include "device.h"
#include "cg_test.h"
#include "tap.h"

#define RWM (CG_DEV_READ | CG_DEV_WRITE | CG_DEV_MKNOD)

/* ---- paths ---- */

static void test_paths(void)
{
	static const char *const good[] = {
		"/dev/ttyUSB0", "dev/x", "/dev/serial/by-id/usb-FTDI_1234-if00", "/a//b/", "/...",
	};
	static const char *const bad[] = {
		"", "/dev/a b", "/dev/a\tb", "/dev/a\nb", "/dev/../etc/x", "/dev/./x", "..", "/dev/\x7f",
	};
	char longc[300], longp[DEV_PATH_MAX + 8];
	const char *why;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ok(dev_check_path(good[i], &why) == 0, "path '%s' taken", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ok(dev_check_path(bad[i], &why) < 0 && why, "path %zu refused (%s)", i,
		   dev_check_path(bad[i], &why) < 0 ? why : "taken");
	memset(longc, 'x', sizeof(longc));
	memcpy(longc, "/dev/", 5);
	longc[sizeof(longc) - 1] = '\0';
	ok(dev_check_path(longc, &why) < 0, "a component over NAME_MAX refused");
	memset(longp, 'x', sizeof(longp));
	for (i = 0; i + 100 < sizeof(longp); i += 100)
		longp[i] = '/';
	longp[sizeof(longp) - 1] = '\0';
	ok(dev_check_path(longp, &why) < 0, "a path of DEV_PATH_MAX bytes refused");
}

/* ---- the record ---- */

static const char rec_text[] =
	"bpf 42\n"
	"node c 1:5 /dev/zero /dev/myzero\n"
	"node b 8:0 /dev/sda /dev/disk0\n"
	"net veth0 eth1\n"
	"node c 1:5 /dev/zero /dev/zero2\n";

static void test_record(void)
{
	static const char *const junk[] = {
		"node x 1:5 /a /b\n", "node c 1:5 /a\n", "node c 1 /a /b\n", "node c 1:5x /a /b\n",
		"node c 1048576:0 /a /b\n", "net a\n", "net a b c\n", "bpf\n", "bpf x\n",
		"bpf 4294967296\n", "what ever\n", "net a/b c\n", "net aaaaaaaaaaaaaaaa b\n",
		"node c 1:5 /a/../b /c\n", "node c -1:5 /a /b\n",
	};
	struct dev_rec r;
	struct bb_err e = { 0, "" };
	char *text;
	size_t i;

	ok(dev_rec_parse(&r, rec_text, &e) == 0 && r.n == 4 && r.bpf_id == 42, "record parsed");
	text = dev_rec_format(&r);
	is_str(text, rec_text, "record formatted back the same");
	free(text);
	is_int(dev_rec_find(&r, 0, "/dev/myzero"), 0, "node found by its inside path");
	is_int(dev_rec_find(&r, 0, "/dev/sda"), 1, "node found by its host path");
	is_int(dev_rec_find(&r, 1, "eth1"), 2, "interface found by its inside name");
	is_int(dev_rec_find(&r, 1, "veth0"), 2, "interface found by its host name");
	is_int(dev_rec_find(&r, 1, "/dev/sda"), -1, "nodes are not interfaces");
	is_int(dev_rec_find(&r, 0, "/dev/zero"), 0, "no inside name matches: the first host name");
	is_int(dev_rec_find(&r, 0, "/dev/zero2"), 3, "inside names first");
	is_int(dev_rec_count(&r, 'c', 1, 5), 2, "two entries hand over 1:5");
	dev_rec_remove(&r, 0);
	is_int(dev_rec_count(&r, 'c', 1, 5), 1, "one left after a remove");
	ok(dev_rec_add(&r, 'n', 0, 0, "x", "bad/name", &e) < 0, "a bad interface name not recorded");
	ok(dev_rec_add(&r, 'c', 1, 1, "/dev/mem", "/a b", &e) < 0, "a bad path not recorded");
	ok(dev_rec_add(&r, 'q', 1, 1, "/a", "/b", &e) < 0, "a bad kind not recorded");
	is_int((long)r.n, 3, "nothing recorded by the failures");
	dev_rec_free(&r);
	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		ok(dev_rec_parse(&r, junk[i], &e) < 0 && r.n == 0 && r.v == NULL, "junk %zu refused: %s", i,
		   e.msg);
	}
	ok(dev_rec_parse(&r, "\n\n", &e) == 0 && r.n == 0 && !r.bpf_id, "empty lines are fine");
	text = dev_rec_format(&r);
	is_str(text, "", "an empty record is empty text");
	free(text);
	dev_rec_free(&r);
}

/* ---- rules ---- */

static void test_rules(void)
{
	const struct cg_setting s[] = {
		{ 1, "memory.limit_in_bytes", "1G" },
		{ 1, "devices.allow", "c 4:64 rw" },
		{ 2, "devices.deny", "c 1:11 rwm" },
		{ 2, "devices.allow", "b 8:* r" },
	};
	const struct cg_setting badset[] = { { 1, "devices.allow", "c 1:x r" } };
	struct cg_dev_rule *v;
	struct cg_insn_room { struct cg_bpf_insn i[4096]; } *room = malloc(sizeof(*room));
	struct dev_rec r = { NULL, 0, 0 };
	struct bb_err e = { 0, "" };
	size_t n;

	ok(dev_rules(s, ARRAY_SIZE(s), &r, &v, &n, &e) == 0 && n == cg_dev_default_n + 3,
	   "config rules after the default ones");
	ok(cg_dev_allowed(v, n, 'c', 1, 3, RWM), "default: null allowed");
	ok(cg_dev_allowed(v, n, 'c', 4, 64, CG_DEV_READ | CG_DEV_WRITE), "config: ttyS0 rw allowed");
	ok(!cg_dev_allowed(v, n, 'c', 1, 11, CG_DEV_READ), "config: kmsg denied");
	ok(cg_dev_allowed(v, n, 'b', 8, 3, CG_DEV_READ) && !cg_dev_allowed(v, n, 'b', 8, 3, CG_DEV_WRITE),
	   "config: sda3 read only");
	free(v);
	dev_rec_add(&r, 'c', 1, 11, "/dev/kmsg", "/dev/hk", &e);
	dev_rec_add(&r, 'b', 8, 3, "/dev/sda3", "/dev/sda3", &e);
	dev_rec_add(&r, 'n', 0, 0, "veth0", "eth0", &e);
	ok(dev_rules(s, ARRAY_SIZE(s), &r, &v, &n, &e) == 0 && n == cg_dev_default_n + 5,
	   "one rule per node handed over, none for interfaces");
	ok(cg_dev_allowed(v, n, 'c', 1, 11, RWM), "handed over: kmsg allowed, over the config's deny");
	ok(cg_dev_allowed(v, n, 'b', 8, 3, RWM), "handed over: sda3 rwm");
	ok(!cg_dev_allowed(v, n, 'b', 8, 4, CG_DEV_WRITE), "sda4 still read only");
	ok(!cg_dev_allowed(v, n, 'c', 1, 12, CG_DEV_READ), "others still denied");
	ok(room && cg_bpf_devices_prog(v, n, room->i, ARRAY_SIZE(room->i)) > 0,
	   "the rules make a BPF program");
	free(v);
	dev_rec_remove(&r, 0);
	ok(dev_rules(s, ARRAY_SIZE(s), &r, &v, &n, &e) == 0 && !cg_dev_allowed(v, n, 'c', 1, 11, CG_DEV_READ),
	   "taken back: kmsg denied again, as the config says");
	free(v);
	ok(dev_rules(badset, 1, &r, &v, &n, &e) < 0 && strstr(e.msg, "c 1:x r"),
	   "a bad config rule is an error naming it");
	dev_rec_free(&r);
	free(room);
}

/* ---- --save ---- */

static void test_save(void)
{
	static const char cfg[] = "lxc.uts.name = a\n# comment\nlxc.mount.entry  =  /dev/kmsg   dev/hk none bind,optional,create=file 0 0\n";
	const char *const lines[] = {
		"lxc.cgroup.devices.allow = c 1:11 rwm",
		"lxc.mount.entry = /dev/kmsg dev/hk none bind,optional,create=file 0 0",
	};
	static const char nets[] =
		"lxc.net.0.type = veth\nlxc.net.0.link = br0\n"
		"lxc.net.3.type = phys\nlxc.net.3.link = eth9\nlxc.net.3.name = eth1\n"
		"lxc.net.2.link = usb0\nlxc.net.2.type=phys\nlxc.net.2.name = net0\n";
	char *a, *b;

	a = dev_save_edit(cfg, lines, 2, 1);
	is_str(a, "lxc.uts.name = a\n# comment\nlxc.mount.entry  =  /dev/kmsg   dev/hk none bind,optional,create=file 0 0\n"
	       "lxc.cgroup.devices.allow = c 1:11 rwm\n", "add: only the missing line appended");
	b = a ? dev_save_edit(a, lines, 2, 1) : NULL;
	is_str(b, a, "add twice: no change");
	free(b);
	b = a ? dev_save_edit(a, lines, 2, 0) : NULL;
	is_str(b, "lxc.uts.name = a\n# comment\n", "del: both lines gone, blanks or not");
	free(a);
	free(b);
	a = dev_save_edit("lxc.uts.name = a", lines, 1, 1);
	is_str(a, "lxc.uts.name = a\nlxc.cgroup.devices.allow = c 1:11 rwm\n",
	       "add to a file without a final newline");
	free(a);

	a = dev_save_net_edit(nets, "enp1s0", "eth5", 1);
	ok(a && strstr(a, "\nlxc.net.4.type = phys\nlxc.net.4.link = enp1s0\nlxc.net.4.name = eth5\n"),
	   "add: an lxc.net.N after the highest N");
	b = a ? dev_save_net_edit(a, "enp1s0", "eth5", 1) : NULL;
	is_str(b, a, "add twice: no change");
	free(b);
	b = a ? dev_save_net_edit(a, "enp1s0", "eth5", 0) : NULL;
	is_str(b, nets, "del: that lxc.net.N gone");
	free(b);
	free(a);
	a = dev_save_net_edit(nets, "usb0", "net0", 0);
	is_str(a, "lxc.net.0.type = veth\nlxc.net.0.link = br0\n"
	       "lxc.net.3.type = phys\nlxc.net.3.link = eth9\nlxc.net.3.name = eth1\n",
	       "del: found whatever the order and blanks of its keys");
	free(a);
	a = dev_save_net_edit("lxc.network.type = veth\nlxc.network.type = empty\n", "x0", "y0", 1);
	ok(a && strstr(a, "lxc.net.2.type = phys"), "legacy lxc.network sections counted");
	free(a);
	a = dev_save_net_edit("", "x0", "y0", 1);
	is_str(a, "lxc.net.0.type = phys\nlxc.net.0.link = x0\nlxc.net.0.name = y0\n", "the first one is 0");
	free(a);
}

/* ---- in the kernel ---- */

/* The programs attached to the group: their number, the first's id. */
static int attached(int cgfd, uint32_t *first)
{
	uint32_t ids[8];
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.query.target_fd = cgfd;
	a.query.attach_type = BPF_CGROUP_DEVICE;
	a.query.prog_ids = (uintptr_t)ids;
	a.query.prog_cnt = 8;
	if (syscall(SYS_bpf, BPF_PROG_QUERY, &a, sizeof(a)) < 0)
		return -1;
	*first = a.query.prog_cnt ? ids[0] : 0;
	return (int)a.query.prog_cnt;
}

/* A child in the group opens node: its errno (0: opened). */
static int try_open(const char *procs, const char *node)
{
	int st = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char buf[32];
		int fd = open(procs, O_WRONLY);

		snprintf(buf, sizeof(buf), "%d", (int)getpid());
		if (fd < 0 || write(fd, buf, strlen(buf)) < 0)
			_exit(255);
		close(fd);
		fd = open(node, O_RDONLY);
		_exit(fd >= 0 ? 0 : errno);
	}
	if (pid > 0)
		waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 254;
}

static void kernel_run(const char *group, const char *node)
{
	struct dev_rec r = { NULL, 0, 0 };
	struct bb_err e = { 0, "" };
	struct cg_dev_rule *v;
	char procs[1300];
	uint32_t id = 0, first = 0, id1;
	size_t n;
	int fd = open(group, O_DIRECTORY | O_RDONLY | O_CLOEXEC), rc;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", group);
	dev_rules(NULL, 0, &r, &v, &n, &e);
	rc = fd >= 0 ? cg_bpf_devices_attach(fd, v, n, &e) : -1;
	if (rc < 0 && e.errnum == ENOSYS && getenv("CTBOX_QEMU_USER")) {
		/* make check-cross: qemu-user has no bpf(2) */
		for (rc = 0; rc < 9; rc++)
			skip("qemu-user does not emulate bpf(2)");
		free(v);
		close(fd);
		return;
	}
	if (!ok(rc == 0, "start's program attached")) {
		diag("%s: %s", e.msg, strerror(e.errnum));
		free(v);
		if (fd >= 0)
			close(fd);
		return;
	}
	free(v);
	is_int(try_open(procs, node), EPERM, "c 1:200 denied by start's program");
	dev_rec_add(&r, 'c', 1, 200, node, "/dev/x", &e);
	dev_rules(NULL, 0, &r, &v, &n, &e);
	ok(dev_bpf_replace(fd, v, n, &id, &e) == 0 && id, "replaced (start's found by name)");
	free(v);
	ok(attached(fd, &first) == 1 && first == id, "one program attached: the new one");
	is_int(try_open(procs, node), ENXIO, "c 1:200 allowed now (no such device: ENXIO)");
	id1 = id;
	dev_rec_remove(&r, 0);
	dev_rules(NULL, 0, &r, &v, &n, &e);
	ok(dev_bpf_replace(fd, v, n, &id, &e) == 0 && id != id1, "replaced again (found by id)");
	ok(attached(fd, &first) == 1 && first == id, "still one program attached");
	is_int(try_open(procs, node), EPERM, "c 1:200 denied again");
	id = 12345678;
	ok(dev_bpf_replace(fd, v, n, &id, &e) == 0 && attached(fd, &first) == 1,
	   "a stale id: the program found by name");
	free(v);
	dev_rec_free(&r);
	close(fd);
}

static void test_kernel(void)
{
	char mnt[1024], group[1200], tmp[] = "/tmp/devunit.XXXXXX", node[64];
	int i;

	if (geteuid() != 0 || cgroup2_mount(mnt, sizeof(mnt)) < 0) {
		for (i = 0; i < 9; i++)
			skip(geteuid() ? "loading BPF programs needs root" : "no cgroup2 mount");
		return;
	}
	snprintf(group, sizeof(group), "%s/ctbox-unit-device.%d", mnt, (int)getpid());
	if (!mkdtemp(tmp) || mkdir(group, 0755) < 0) {
		diag("%s: %s", group, strerror(errno));
		for (i = 0; i < 9; i++)
			skip("can't make a group or a temp dir");
		rmdir(tmp);
		return;
	}
	snprintf(node, sizeof(node), "%s/n", tmp);
	if (mknod(node, S_IFCHR | 0600, makedev(1, 200)) < 0) {
		for (i = 0; i < 9; i++)
			skip("can't make a device node here");
	} else {
		kernel_run(group, node);
	}
	for (i = 0; rmdir(group) < 0 && errno == EBUSY && i < 100; i++)
		usleep(10000); /* the children leave the group as they are reaped */
	unlink(node);
	rmdir(tmp);
}

int main(void)
{
	test_paths();
	test_record();
	test_rules();
	test_save();
	test_kernel();
	return done_testing();
}
