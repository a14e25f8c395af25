/* The documents ctbox writes about the OCI runtime-spec: the default
 * config.json (`spec`, the members and values `runc spec` writes) and
 * the features document (runtime-spec features.md). */
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "oci_spec.h"

static void strs(struct json_w *w, const char *key, const char *const *v, size_t n)
{
	size_t i;

	jw_arr(w, key);
	for (i = 0; i < n && v[i]; i++)
		jw_str(w, NULL, v[i]);
	jw_close(w);
}

/* One mount: destination, type, source, then the options (if any). */
static void mount(struct json_w *w, const char *dst, const char *type, const char *src,
		  const char *const *opts, size_t n)
{
	jw_obj(w, NULL);
	jw_str(w, "destination", dst);
	jw_str(w, "type", type);
	jw_str(w, "source", src);
	if (n)
		strs(w, "options", opts, n);
	jw_close(w);
}

int oci_spec_default(FILE *f, int rootless, const char *hostname)
{
	static const char *const caps[] = { "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" };
	static const char *const capsets[] = { "bounding", "effective", "permitted", "ambient" };
	static const char *const env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm",
	};
	static const char *const dev[] = { "nosuid", "strictatime", "mode=755", "size=65536k" };
	static const char *const pts[] = { "nosuid", "noexec", "newinstance", "ptmxmode=0666",
					   "mode=0620", "gid=5" };
	static const char *const shm[] = { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" };
	static const char *const mq[] = { "nosuid", "noexec", "nodev" };
	static const char *const sys[] = { "nosuid", "noexec", "nodev", "ro" };
	static const char *const sysbind[] = { "rbind", "nosuid", "noexec", "nodev", "ro" };
	static const char *const cg[] = { "nosuid", "noexec", "nodev", "relatime", "ro" };
	static const char *const masked[] = {
		"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
		"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
		"/proc/scsi",
	};
	static const char *const ro[] = { "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
					  "/proc/sysrq-trigger" };
	static const char *const ns[] = { "pid", "network", "ipc", "uts", "mount", "user" };
	struct json_w w;
	size_t i;

	jw_init(&w, f, "\t");
	jw_obj(&w, NULL);
	jw_str(&w, "ociVersion", OCI_VERSION_DEFAULT);
	jw_obj(&w, "process");
	jw_bool(&w, "terminal", 1);
	jw_obj(&w, "user");
	jw_i64(&w, "uid", 0);
	jw_i64(&w, "gid", 0);
	jw_close(&w);
	strs(&w, "args", (const char *const[]){ "sh" }, 1);
	strs(&w, "env", env, ARRAY_SIZE(env));
	jw_str(&w, "cwd", "/");
	jw_obj(&w, "capabilities");
	for (i = 0; i < ARRAY_SIZE(capsets); i++)
		strs(&w, capsets[i], caps, ARRAY_SIZE(caps));
	jw_close(&w);
	jw_arr(&w, "rlimits");
	jw_obj(&w, NULL);
	jw_str(&w, "type", "RLIMIT_NOFILE");
	jw_i64(&w, "hard", 1024);
	jw_i64(&w, "soft", 1024);
	jw_close(&w);
	jw_close(&w);
	jw_bool(&w, "noNewPrivileges", 1);
	jw_close(&w);
	jw_obj(&w, "root");
	jw_str(&w, "path", "rootfs");
	jw_bool(&w, "readonly", 1);
	jw_close(&w);
	jw_str(&w, "hostname", hostname);
	jw_arr(&w, "mounts");
	mount(&w, "/proc", "proc", "proc", NULL, 0);
	mount(&w, "/dev", "tmpfs", "tmpfs", dev, ARRAY_SIZE(dev));
	/* Without a mapping for group 5 (tty), devpts's gid=5 cannot work. */
	mount(&w, "/dev/pts", "devpts", "devpts", pts, ARRAY_SIZE(pts) - (size_t)!!rootless);
	mount(&w, "/dev/shm", "tmpfs", "shm", shm, ARRAY_SIZE(shm));
	mount(&w, "/dev/mqueue", "mqueue", "mqueue", mq, ARRAY_SIZE(mq));
	/* An unprivileged user cannot mount sysfs: the host's, bound. */
	if (rootless)
		mount(&w, "/sys", "none", "/sys", sysbind, ARRAY_SIZE(sysbind));
	else
		mount(&w, "/sys", "sysfs", "sysfs", sys, ARRAY_SIZE(sys));
	mount(&w, "/sys/fs/cgroup", "cgroup", "cgroup", cg, ARRAY_SIZE(cg));
	jw_close(&w);
	jw_obj(&w, "linux");
	if (rootless) {
		/* The caller's own ids as root inside, as runc writes them. */
		for (i = 0; i < 2; i++) {
			jw_arr(&w, i ? "gidMappings" : "uidMappings");
			jw_obj(&w, NULL);
			jw_i64(&w, "containerID", 0);
			jw_i64(&w, "hostID", i ? (long long)getegid() : (long long)geteuid());
			jw_i64(&w, "size", 1);
			jw_close(&w);
			jw_close(&w);
		}
	} else {
		jw_obj(&w, "resources");
		jw_arr(&w, "devices");
		jw_obj(&w, NULL);
		jw_bool(&w, "allow", 0);
		jw_str(&w, "access", "rwm");
		jw_close(&w);
		jw_close(&w);
		jw_close(&w);
	}
	jw_arr(&w, "namespaces");
	for (i = 0; i < ARRAY_SIZE(ns); i++) {
		if ((rootless && i == 1) || (!rootless && i == 5))
			continue; /* rootless: no network namespace, but a user one */
		jw_obj(&w, NULL);
		jw_str(&w, "type", ns[i]);
		jw_close(&w);
	}
	jw_close(&w);
	strs(&w, "maskedPaths", masked, ARRAY_SIZE(masked));
	strs(&w, "readonlyPaths", ro, ARRAY_SIZE(ro));
	jw_close(&w);
	jw_close(&w);
	return jw_end(&w);
}

int oci_features(FILE *f, unsigned handled)
{
	/* rootfs.c's mount flags, as mount entries take them. */
	static const char *const mopts[] = {
		"atime", "bind", "defaults", "dev", "dirsync", "exec", "mand", "noatime", "nodev",
		"nodiratime", "noexec", "nosuid", "private", "rbind", "relatime", "ro", "rprivate",
		"rw", "strictatime", "suid", "sync",
	};
	struct json_w w;
	const char *name;
	int i;

	jw_init(&w, f, "    ");
	jw_obj(&w, NULL);
	jw_str(&w, "ociVersionMin", OCI_VERSION_MIN);
	jw_str(&w, "ociVersionMax", OCI_VERSION_MAX);
	if (handled & OCI_X_HOOKS)
		strs(&w, "hooks", oci_hook_names, OCI_HOOK_MAX);
	else
		strs(&w, "hooks", NULL, 0);
	strs(&w, "mountOptions", mopts, ARRAY_SIZE(mopts));
	jw_obj(&w, "linux");
	strs(&w, "namespaces", oci_ns_names, 8);
	jw_arr(&w, "capabilities");
	for (i = 0; (name = conf_cap_name(i)) != NULL; i++) {
		char buf[40];
		size_t k;

		snprintf(buf, sizeof(buf), "CAP_%s", name);
		for (k = 4; buf[k]; k++)
			if (buf[k] >= 'a' && buf[k] <= 'z')
				buf[k] = (char)(buf[k] - 32);
		jw_str(&w, NULL, buf);
	}
	jw_close(&w);
	jw_obj(&w, "cgroup");
	jw_bool(&w, "v1", 0);   /* resources become lxc.cgroup2.* keys */
	jw_bool(&w, "v2", 1);
	jw_bool(&w, "systemd", 0);
	jw_bool(&w, "systemdUser", 0);
	jw_bool(&w, "rdma", 0);
	jw_close(&w);
	jw_obj(&w, "seccomp");
	jw_bool(&w, "enabled", !!(handled & OCI_X_SECCOMP));
	if (handled & OCI_X_SECCOMP) {
		strs(&w, "actions", oci_seccomp_actions, 99);
		strs(&w, "operators", oci_seccomp_ops, 99);
		strs(&w, "archs", oci_seccomp_archs, 99);
		strs(&w, "knownFlags", oci_seccomp_flags, 99);
	}
	jw_close(&w);
	jw_obj(&w, "apparmor");
	jw_bool(&w, "enabled", 0);
	jw_close(&w);
	jw_obj(&w, "selinux");
	jw_bool(&w, "enabled", 0);
	jw_close(&w);
	jw_obj(&w, "intelRdt");
	jw_bool(&w, "enabled", 0);
	jw_close(&w);
	jw_close(&w);
	jw_close(&w);
	return jw_end(&w);
}
