/* Unit tests of the OCI runtime-spec support (libbb/oci_*.c): runc's and
 * crun's default specs (tests/unit/data/oci, written by `runc spec` and
 * `crun spec` here) parse and translate; ctbox's own default is runc's
 * byte for byte; a spec with every member ctbox takes (full.json) fills
 * the struct and translates to the configuration in full.conf; every
 * member ctbox refuses names its JSON path; hostile input (wrong types,
 * absurd numbers, huge arrays, deep nesting) gets a clear error. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "oci_spec.h"
#include "run_plan.h"
#include "tap.h"

static char *data_path(const char *name)
{
	const char *src = getenv("CTBOX_SRC");

	return xasprintf("%s/tests/unit/data/oci/%s", src && *src ? src : ".", name);
}

static char *slurp(const char *name, size_t *len)
{
	char *p = data_path(name), *text = read_file(p, 1 << 22, len);

	if (!text)
		diag("can't read %s", p);
	free(p);
	return text;
}

/* conf_get's value without its last newline (malloc'd). */
static char *get(const struct lxc_conf *c, const char *key)
{
	struct bb_err e;
	char *v = NULL;

	if (conf_get(c, key, &v, &e) < 0)
		return xstrdup(e.msg);
	if (*v && v[strlen(v) - 1] == '\n')
		v[strlen(v) - 1] = '\0';
	return v;
}

static void is_key(const struct lxc_conf *c, const char *key, const char *want, const char *name)
{
	char *v = get(c, key);

	is_str(v, want, "%s: %s", name, key);
	free(v);
}

/* Parse text and translate it with handled; the first error, or NULL. */
static const char *try(const char *text, unsigned handled, struct lxc_conf **out)
{
	static struct bb_err e;
	struct oci_spec *s = oci_spec_parse(text, strlen(text), "config.json", &e);
	struct lxc_conf *c;
	int r;

	if (out)
		*out = NULL;
	if (!s)
		return e.msg;
	c = conf_new();
	r = oci_conf(c, s, "/b", handled, NULL, &e);
	oci_spec_free(s);
	if (r < 0 || !out)
		conf_free(c);
	else
		*out = c;
	return r < 0 ? e.msg : NULL;
}

/* A small valid spec with text put in four places: at the top (ending
 * with a comma), and after the members of process, root and linux. */
static char *spec(const char *top, const char *proc, const char *root, const char *lin)
{
	/* proc or lin may bring their own user or namespaces. */
	return xasprintf("{%s\"ociVersion\": \"1.0.2\", \"process\": {%s"
			 "\"args\": [\"sh\"], \"cwd\": \"/\"%s}, \"root\": {\"path\": \"rootfs\"%s}, "
			 "\"linux\": {\"ipc\": 0%s%s}}", top,
			 strstr(proc, "\"user\"") ? "" : "\"user\": {\"uid\": 0, \"gid\": 0}, ", proc, root,
			 strstr(lin, "\"namespaces\"") ? "" : ", \"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"uts\"}]",
			 lin);
}

static void refused(const char *top, const char *proc, const char *root, const char *lin,
		    unsigned handled, const char *want)
{
	char *text = spec(top, proc, root, lin);
	const char *got = try(text, handled, NULL);

	is_str(got, want, "refused: %.60s", want ? want : "(accepted)");
	free(text);
}

#define ALL OCI_X_ALL

static void defaults(void)
{
	static const struct { const char *file; unsigned needs; const char *clone, *autos, *net, *root; } d[] = {
		{ "runc-spec.json", OCI_X_TERMINAL | OCI_X_MASKED | OCI_X_READONLY | OCI_X_ENV,
		  "ipc mnt net pid uts", "proc:rw sys:ro cgroup:ro", "empty", "/b/rootfs" },
		{ "crun-spec.json", OCI_X_TERMINAL | OCI_X_MASKED | OCI_X_READONLY | OCI_X_ENV,
		  "ipc mnt net pid uts", "proc:rw sys:ro cgroup:ro", "empty", "/b/rootfs" },
		{ "runc-rootless.json", OCI_X_TERMINAL | OCI_X_MASKED | OCI_X_READONLY | OCI_X_ENV |
		  OCI_X_CGROUP_MOUNT, "ipc mnt pid user uts", "proc:rw", "none", "/b/rootfs" },
		{ "crun-rootless.json", OCI_X_TERMINAL | OCI_X_MASKED | OCI_X_READONLY | OCI_X_ENV,
		  "ipc mnt net pid user uts", "proc:rw sys:ro cgroup:ro", "empty", "/b/rootfs" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(d); i++) {
		struct bb_err e;
		size_t len;
		char *text = slurp(d[i].file, &len);
		struct oci_spec *s = text ? oci_spec_parse(text, len, d[i].file, &e) : NULL;
		struct lxc_conf *c = conf_new();
		int r;

		if (!ok(s != NULL, "%s parses", d[i].file)) {
			diag("%s", text ? e.msg : "no file");
			free(text);
			conf_free(c);
			continue;
		}
		is_int(oci_conf_needs(s), d[i].needs, "%s: what lxc_conf cannot say", d[i].file);
		r = oci_conf(c, s, "/b", 0, NULL, &e);
		is_str(r < 0 ? e.msg : NULL, "process.terminal: not supported by ctbox yet",
		       "%s: refused when nothing more is handled", d[i].file);
		conf_free(c);
		c = conf_new();
		r = oci_conf(c, s, "/b", ALL, NULL, &e);
		if (!ok(r == 0, "%s translates", d[i].file))
			diag("%s", e.msg);
		is_key(c, "lxc.namespace.clone", d[i].clone, d[i].file);
		is_key(c, "lxc.mount.auto", d[i].autos, d[i].file);
		is_key(c, "lxc.net.0.type", d[i].net, d[i].file);
		is_key(c, "lxc.rootfs.path", d[i].root, d[i].file);
		is_key(c, "lxc.rootfs.options", "ro", d[i].file);
		is_key(c, "lxc.init.cmd", "sh", d[i].file);
		is_key(c, "lxc.cap.keep", "kill net_bind_service audit_write", d[i].file);
		is_key(c, "lxc.prlimit.nofile", "1024", d[i].file);
		is_key(c, "lxc.no_new_privs", "1", d[i].file);
		is_key(c, "lxc.autodev.tmpfs.size", "67108864", d[i].file);
		oci_spec_free(s);
		conf_free(c);
		free(text);
	}
}

static char *captured(int which, int arg)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int r = which ? oci_features(f, (unsigned)arg) : oci_spec_default(f, arg, "runc");

	fclose(f);
	if (r < 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void documents(void)
{
	const char *files[2] = { "runc-spec.json", "runc-rootless.json" };
	struct json_doc d;
	struct bb_err e;
	int rootless;

	for (rootless = 0; rootless < 2; rootless++) {
		size_t len;
		char *want = slurp(files[rootless], &len), *got = captured(0, rootless);
		struct oci_spec *s;

		/* runc ends without a newline. */
		if (rootless && geteuid() != 0) {
			skip("runc wrote the rootless spec as root: hostID differs");
		} else {
			ok(want && got && strlen(got) == len + 1 && strncmp(got, want, len) == 0,
			   "spec%s: what runc spec%s writes, byte for byte", rootless ? " --rootless" : "",
			   rootless ? " --rootless" : "");
		}
		s = got ? oci_spec_parse(got, strlen(got), "default", &e) : NULL;
		ok(s != NULL, "spec%s: parses back", rootless ? " --rootless" : "");
		oci_spec_free(s);
		free(want);
		free(got);
	}
	{
		char *f = captured(1, 0), *fa = captured(1, ALL);
		const struct json *linux_, *v;

		if (!ok(f && json_parse(&d, "features", f, strlen(f), 1 << 20, &e) == 0, "features: JSON")) {
			free(f);
			free(fa);
			return;
		}
		is_str(json_get(d.root, "ociVersionMin")->u.s, "1.0.0", "features: ociVersionMin");
		is_str(json_get(d.root, "ociVersionMax")->u.s, "1.2.0", "features: ociVersionMax");
		linux_ = json_get(d.root, "linux");
		is_int((long)json_get(linux_, "namespaces")->len, 8, "features: 8 namespaces");
		v = json_get(linux_, "capabilities");
		ok(v && v->len == 41 && strcmp(v->u.kids[0].u.s, "CAP_CHOWN") == 0 &&
		   strcmp(v->u.kids[40].u.s, "CAP_CHECKPOINT_RESTORE") == 0, "features: 41 capabilities, by name");
		is_int((long)json_get(d.root, "hooks")->len, 0, "features: no hooks unless handled");
		ok(json_get(json_get(linux_, "seccomp"), "enabled")->type == JSON_FALSE,
		   "features: seccomp off unless handled");
		ok(json_get(json_get(linux_, "cgroup"), "v2")->type == JSON_TRUE &&
		   json_get(json_get(linux_, "cgroup"), "systemd")->type == JSON_FALSE, "features: cgroup v2, no systemd");
		json_doc_free(&d);
		if (ok(fa && json_parse(&d, "features", fa, strlen(fa), 1 << 20, &e) == 0, "features (all handled): JSON")) {
			linux_ = json_get(d.root, "linux");
			is_int((long)json_get(d.root, "hooks")->len, 6, "features: six hooks when handled");
			is_int((long)json_get(json_get(linux_, "seccomp"), "actions")->len, 9,
			       "features: seccomp actions when handled");
			json_doc_free(&d);
		}
		free(f);
		free(fa);
	}
}

static void full(void)
{
	const char *note = NULL;
	struct bb_err e;
	size_t len, wlen;
	char *text = slurp("full.json", &len), *want = slurp("full.conf", &wlen), *dump = NULL;
	struct oci_spec *s = text ? oci_spec_parse(text, len, "full.json", &e) : NULL;
	const struct oci_process *p;
	const struct oci_linux *l;
	struct lxc_conf *c;
	FILE *f;

	if (!ok(s != NULL, "full.json parses")) {
		diag("%s", text ? e.msg : "no file");
		free(text);
		free(want);
		return;
	}
	p = s->process;
	l = s->linux_;
	ok(!p->terminal.v && p->terminal.set && p->console_size.height.v == 25 && p->console_size.width.v == 80,
	   "process.terminal, consoleSize");
	ok(p->user.uid.v == 1000 && p->user.gid.v == 1000 && p->user.umask.v == 18 &&
	   p->user.additional_gids.n == 2 && p->user.additional_gids.v[1] == 6, "process.user");
	ok(p->args.n == 4 && strcmp(p->args.v[2], "echo 'hi there' \"x\\y\"") == 0 && !*p->args.v[3] &&
	   p->args.v[4] == NULL, "process.args (NULL-terminated)");
	ok(p->caps.bounding.mask == ((1ULL << 0) | (1ULL << 5) | (1ULL << 21)) &&
	   p->caps.effective.mask == (1ULL << 5) && p->caps.inheritable.set && !p->caps.inheritable.mask,
	   "process.capabilities");
	ok(p->n_rlimits == 2 && p->rlimits[0].soft.v == 1024 && p->rlimits[0].hard.v == 4096 &&
	   p->rlimits[1].soft.v == UINT64_MAX && strcmp(oci_rlimit_names[p->rlimits[1].type - 1], "RLIMIT_CORE") == 0,
	   "process.rlimits");
	ok(p->no_new_privileges.v && p->oom_score_adj.v == -500 && strcmp(p->apparmor_profile, "docker-default") == 0,
	   "noNewPrivileges, oomScoreAdj, apparmorProfile");
	ok(s->n_mounts == 8 && strcmp(s->mounts[5].source, "data") == 0 && !s->mounts[5].type &&
	   s->mounts[1].options.n == 4, "mounts");
	ok(s->hooks[OCI_HOOK_POSTSTOP].n == 2 && s->hooks[OCI_HOOK_CREATE_RUNTIME].v[0].timeout.v == 5 &&
	   s->hooks[OCI_HOOK_CREATE_RUNTIME].v[0].args.n == 2, "hooks");
	ok(s->annotations.n == 2 && strcmp(s->annotations.v[0].key, "org.example.key") == 0, "annotations");
	ok(l->n_namespaces == 8 && l->namespaces[7].type == OCI_NS_TIME && l->n_uid_mappings == 1 &&
	   l->uid_mappings[0].host_id.v == 100000, "linux.namespaces, uidMappings");
	ok(l->time_offsets.monotonic.secs.v == 3600 && l->time_offsets.boottime.secs.v == -10, "linux.timeOffsets");
	ok(l->n_devices == 2 && l->devices[0].type == OCI_DEV_C && l->devices[0].file_mode.v == 0666 &&
	   l->devices[1].type == OCI_DEV_P, "linux.devices");
	ok(l->resources.n_devices == 3 && !l->resources.devices[0].allow.v && !l->resources.devices[2].minor.set &&
	   l->resources.devices[2].type == OCI_RULE_B, "linux.resources.devices");
	ok(l->resources.memory.limit.v == 536870912 && l->resources.cpu.shares.v == 1024 &&
	   strcmp(l->resources.cpu.cpus, "0-1") == 0 && l->resources.pids.limit.v == 100 &&
	   l->resources.block_io.throttle[3].v[0].rate.v == 200 && l->resources.unified.n == 2,
	   "linux.resources");
	ok(l->seccomp && l->seccomp->n_syscalls == 3 && l->seccomp->syscalls[1].n_args == 2 &&
	   strcmp(oci_seccomp_ops[l->seccomp->syscalls[1].args[1].op - 1], "SCMP_CMP_MASKED_EQ") == 0 &&
	   l->seccomp->syscalls[1].args[1].value_two.v == 8 && l->seccomp->syscalls[2].errno_ret.v == 13 &&
	   strcmp(oci_seccomp_actions[l->seccomp->default_action - 1], "SCMP_ACT_ERRNO") == 0 &&
	   l->seccomp->architectures.n == 2, "linux.seccomp kept as parsed data");
	ok(l->rootfs_propagation == OCI_PROP_RSLAVE && l->personality && l->personality->domain == OCI_PER_LINUX32 &&
	   l->masked_paths.n == 1 && l->readonly_paths.n == 1, "rootfsPropagation, personality, masked, readonly");
	is_int(oci_conf_needs(s), OCI_X_UMASK | OCI_X_CAPS | OCI_X_MASKED | OCI_X_READONLY | OCI_X_DEVICES |
	       OCI_X_SECCOMP | OCI_X_HOOKS | OCI_X_PROPAGATION | OCI_X_ENV, "full.json: what lxc_conf cannot say");
	c = conf_new();
	if (!ok(oci_conf(c, s, "/bundle", ALL, &note, &e) == 0, "full.json translates"))
		diag("%s", e.msg);
	ok(note && strstr(note, "process.apparmorProfile: ignored"), "a note for apparmorProfile");
	f = open_memstream(&dump, &len);
	conf_dump(c, f);
	fclose(f);
	is_str(dump, want, "full.json as an LXC configuration (full.conf)");
	free(dump);
	/* The configuration loads back to the same. */
	{
		struct lxc_conf *c2 = conf_new();
		char *d2 = NULL;

		dump = NULL;
		f = open_memstream(&dump, &len);
		conf_dump(c, f);
		fclose(f);
		ok(conf_load_string(c2, dump, "full.conf", &e) == 0, "full.conf loads");
		f = open_memstream(&d2, &len);
		conf_dump(c2, f);
		fclose(f);
		is_str(d2, dump, "full.conf loads back to the same");
		free(d2);
		free(dump);
		conf_free(c2);
	}
	conf_free(c);
	oci_spec_free(s);
	free(text);
	free(want);
}

/* process.args survive lxc.init.cmd: start's plan splits them back. */
static void args_roundtrip(void)
{
	static const char *const cases[] = {
		"\"sh\"", "\"/bin/echo\", \"a b\", \"\", \"it's\", \"q\\\"uo\\\\te\", \"tab\\there\"",
		"\"'\", \"\\\"\", \"\\\\\", \"--x='y'\"",
	};
	size_t i, k;

	if (geteuid() != 0) {
		skip("start's plan wants root (or an idmap)");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *text = xasprintf("{\"ociVersion\": \"1.0.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, "
				       "\"args\": [%s], \"cwd\": \"/\"}, \"root\": {\"path\": \"/r\"}, "
				       "\"linux\": {\"namespaces\": [{\"type\": \"mount\"}]}}", cases[i]);
		struct bb_err e;
		struct oci_spec *s = oci_spec_parse(text, strlen(text), "t", &e);
		struct lxc_conf *c = conf_new();
		struct container ct = { .name = (char *)"t", .dir = (char *)"/x" };
		struct ct_run r;
		int same;

		if (!s || oci_conf(c, s, "/b", ALL, NULL, &e) < 0 || ct_plan(&r, c, &ct, NULL, &e) < 0) {
			ok(0, "args %zu: %s", i, e.msg);
			oci_spec_free(s);
			conf_free(c);
			free(text);
			continue;
		}
		same = r.argv.n == s->process->args.n;
		for (k = 0; same && k < r.argv.n; k++)
			same = strcmp(r.argv.v[k], s->process->args.v[k]) == 0;
		ok(same, "args %zu: the plan's argv is process.args", i);
		ct_run_free(&r);
		oci_spec_free(s);
		conf_free(c);
		free(text);
	}
}

static void refusals(void)
{
	/* Members the spec defines that ctbox cannot honour: by name. */
	refused("\"windows\": {},", "", "", "", ALL, "windows: not supported by ctbox");
	refused("\"solaris\": {},", "", "", "", ALL, "solaris: not supported by ctbox");
	refused("\"vm\": {},", "", "", "", ALL, "vm: not supported by ctbox");
	refused("\"zos\": {},", "", "", "", ALL, "zos: not supported by ctbox");
	refused("", "", "", ", \"intelRdt\": {}", ALL, "linux.intelRdt: not supported by ctbox");
	refused("", "", "", ", \"memoryPolicy\": {}", ALL, "linux.memoryPolicy: not supported by ctbox");
	refused("", "", "", ", \"netDevices\": {}", ALL, "linux.netDevices: not supported by ctbox");
	refused("", "", "", ", \"resources\": {\"rdma\": {}}", ALL, "linux.resources.rdma: not supported by ctbox");
	refused("", ", \"ioPriority\": {}", "", "", ALL, "process.ioPriority: not supported by ctbox");
	refused("", ", \"scheduler\": {}", "", "", ALL, "process.scheduler: not supported by ctbox");
	refused("", ", \"execCPUAffinity\": {}", "", "", ALL, "process.execCPUAffinity: not supported by ctbox");
	refused("", ", \"commandLine\": \"x\"", "", "", ALL, "process.commandLine: not supported by ctbox");
	refused("\"mounts\": [{\"destination\": \"/a\", \"uidMappings\": []}],", "", "", "", ALL,
		"mounts[0].uidMappings: not supported by ctbox");
	refused("", ", \"selinuxLabel\": \"system_u:x\"", "", "", ALL, "process.selinuxLabel: not supported by ctbox");
	refused("", "", "", ", \"mountLabel\": \"x\"", ALL, "linux.mountLabel: not supported by ctbox");
	refused("", "", "", ", \"resources\": {\"memory\": {\"kernel\": 1}}", ALL,
		"linux.resources.memory.kernel: not supported by ctbox (no such limit in cgroup v2)");
	refused("", "", "", ", \"resources\": {\"memory\": {\"kernelTCP\": 1}}", ALL,
		"linux.resources.memory.kernelTCP: not supported by ctbox (no such limit in cgroup v2)");
	refused("", "", "", ", \"resources\": {\"memory\": {\"swappiness\": 60}}", ALL,
		"linux.resources.memory.swappiness: not supported by ctbox (no such setting in cgroup v2)");
	refused("", "", "", ", \"resources\": {\"memory\": {\"disableOOMKiller\": true}}", ALL,
		"linux.resources.memory.disableOOMKiller: not supported by ctbox (no such setting in cgroup v2)");
	refused("", "", "", ", \"resources\": {\"memory\": {\"useHierarchy\": false}}", ALL,
		"linux.resources.memory.useHierarchy: false is not supported by ctbox (cgroup v2 is always hierarchical)");
	refused("", "", "", ", \"resources\": {\"memory\": {\"swap\": 100}}", ALL,
		"linux.resources.memory.swap: needs a memory limit");
	refused("", "", "", ", \"resources\": {\"memory\": {\"limit\": 200, \"swap\": 100}}", ALL,
		"linux.resources.memory.swap: below the memory limit (it counts memory + swap)");
	refused("", "", "", ", \"resources\": {\"memory\": {\"limit\": -2}}", ALL,
		"linux.resources.memory.limit: negative");
	refused("", "", "", ", \"resources\": {\"cpu\": {\"realtimeRuntime\": 5}}", ALL,
		"linux.resources.cpu.realtimeRuntime: not supported by ctbox (no such limit in cgroup v2)");
	refused("", "", "", ", \"resources\": {\"cpu\": {\"realtimePeriod\": 5}}", ALL,
		"linux.resources.cpu.realtimePeriod: not supported by ctbox (no such limit in cgroup v2)");
	refused("", "", "", ", \"resources\": {\"cpu\": {\"shares\": 1}}", ALL,
		"linux.resources.cpu.shares: expected 2 to 262144");
	refused("", "", "", ", \"resources\": {\"blockIO\": {\"leafWeight\": 10}}", ALL,
		"linux.resources.blockIO.leafWeight: not supported by ctbox (no such weight in cgroup v2)");
	refused("", "", "", ", \"resources\": {\"blockIO\": {\"weight\": 5}}", ALL,
		"linux.resources.blockIO.weight: expected 10 to 1000");
	refused("", "", "", ", \"resources\": {\"network\": {\"classID\": 1}}", ALL,
		"linux.resources.network: not supported by ctbox (cgroup v1's net_cls and net_prio)");
	refused("", "", "", ", \"resources\": {\"network\": {\"priorities\": [{\"name\": \"eth0\", \"priority\": 1}]}}", ALL,
		"linux.resources.network: not supported by ctbox (cgroup v1's net_cls and net_prio)");
	refused("", "", "", ", \"resources\": {\"unified\": {\"../x\": \"1\"}}", ALL,
		"linux.resources.unified.../x: not a cgroup v2 file name (CONTROLLER.FILE)");
	refused("", "", "", ", \"personality\": {\"domain\": \"LINUX\", \"flags\": [\"x\"]}", ALL,
		"linux.personality.flags: not supported by ctbox");
	refused("", "", "", ", \"cgroupsPath\": \"system.slice:ctbox:x\"", ALL,
		"linux.cgroupsPath: systemd's SLICE:PREFIX:NAME form is not supported by ctbox");
	refused("", "", "", ", \"sysctl\": {\"net/ipv4/ip_forward\": \"1\"}", ALL,
		"linux.sysctl.net/ipv4/ip_forward: not a sysctl name");
	refused("", "", "", ", \"timeOffsets\": {\"boottime\": {\"secs\": 1}}", ALL,
		"linux.timeOffsets: needs a time namespace (linux.namespaces)");
	/* Mounts ctbox cannot carry. */
	refused("\"mounts\": [{\"destination\": \"/a\", \"type\": \"tmpfs\", \"options\": [\"tmpcopyup\"]}],", "", "", "", ALL,
		"mounts[0].options[0]: \"tmpcopyup\" is not supported by ctbox");
	refused("\"mounts\": [{\"destination\": \"/a\", \"source\": \"/x\", \"options\": [\"rbind\", \"rro\"]}],", "", "", "", ALL,
		"mounts[0].options[1]: \"rro\" is not supported by ctbox");
	refused("\"mounts\": [{\"destination\": \"/a\", \"source\": \"/x\", \"options\": [\"bind\", \"shared\"]}],", "", "", "", ALL,
		"mounts[0].options[1]: \"shared\" is not supported by ctbox");
	refused("\"mounts\": [{\"destination\": \"/a\", \"type\": \"tmpfs\", \"options\": [\"optional\"]}],", "", "", "", ALL,
		"mounts[0].options[0]: \"optional\" is not a mount option");
	refused("\"mounts\": [{\"destination\": \"/a\", \"type\": \"tmpfs\", \"options\": [\"a,b\"]}],", "", "", "", ALL,
		"mounts[0].options[0]: \"a,b\" is not a mount option");
	refused("\"mounts\": [{\"destination\": \"/a b\", \"type\": \"tmpfs\"}],", "", "", "", ALL,
		"mounts[0]: \"/a b\": white space is not supported by ctbox in mounts");
	refused("\"mounts\": [{\"destination\": \"/a\"}],", "", "", "", ALL,
		"mounts[0].type: required (only a bind mount may leave it out)");
	refused("\"mounts\": [{\"destination\": \"/a\", \"options\": [\"bind\"]}],", "", "", "", ALL,
		"mounts[0].source: required for a bind mount");
	refused("\"mounts\": [{\"destination\": \"/dev\", \"type\": \"tmpfs\", \"options\": [\"uid=5\"]}],", "", "", "", ALL,
		"mounts[0].options[0]: \"uid=5\" on /dev is not supported by ctbox");
	refused("\"mounts\": [{\"destination\": \"/dev\", \"type\": \"tmpfs\", \"options\": [\"size=9999999999999k\"]}],", "", "", "", ALL,
		"mounts[0].options[0]: \"size=9999999999999k\": ctbox takes a /dev size from 1 byte to 4G");
	/* What the runtime must apply itself, refused unless it says so. */
	refused("", ", \"terminal\": true", "", "", 0, "process.terminal: not supported by ctbox yet");
	refused("", ", \"terminal\": true, \"consoleSize\": {\"height\": 1, \"width\": 1}", "", "", OCI_X_TERMINAL,
		"process.consoleSize: not supported by ctbox yet");
	refused("", ", \"terminal\": false, \"consoleSize\": {\"height\": 1, \"width\": 1}", "", "", OCI_X_ENV, NULL);
	refused("", "", "", "", 0, "process.env (exactly, without ctbox's defaults): not supported by ctbox yet");
	refused("", ", \"capabilities\": {\"bounding\": [\"CAP_KILL\"], \"effective\": []}", "", "", OCI_X_ENV,
		"process.capabilities (sets other than the bounding set as root gets it): not supported by ctbox yet");
	refused("", ", \"capabilities\": {\"bounding\": [\"CAP_KILL\"], \"effective\": [\"CAP_KILL\"], "
		"\"permitted\": [\"CAP_KILL\"], \"ambient\": [\"CAP_KILL\"]}", "", "", OCI_X_ENV, NULL);
	refused("", "", "", ", \"maskedPaths\": [\"/proc/kcore\"]", OCI_X_ENV,
		"linux.maskedPaths: not supported by ctbox yet");
	refused("", "", "", ", \"readonlyPaths\": [\"/proc/sys\"]", OCI_X_ENV,
		"linux.readonlyPaths: not supported by ctbox yet");
	refused("", "", "", ", \"devices\": [{\"type\": \"p\", \"path\": \"/dev/p\"}]", OCI_X_ENV,
		"linux.devices: not supported by ctbox yet");
	refused("", "", "", ", \"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\"}", OCI_X_ENV,
		"linux.seccomp: not supported by ctbox yet");
	refused("\"hooks\": {\"poststop\": [{\"path\": \"/bin/true\"}]},", "", "", "", OCI_X_ENV,
		"hooks: not supported by ctbox yet");
	refused("", "", "", ", \"rootfsPropagation\": \"shared\"", OCI_X_ENV,
		"linux.rootfsPropagation: not supported by ctbox yet");
	refused("", "", "", ", \"rootfsPropagation\": \"rprivate\"", OCI_X_ENV, NULL);
	refused("", ", \"user\": {\"uid\": 0, \"gid\": 0, \"umask\": 18}", "", "", OCI_X_ENV,
		"process.user.umask: not supported by ctbox yet");
	/* Namespaces and what needs them. */
	{
		char *t = xasprintf("{\"ociVersion\": \"1.0.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, "
				    "\"args\": [\"sh\"], \"cwd\": \"/\"}, \"root\": {\"path\": \"r\"}, \"linux\": {}}");

		is_str(try(t, ALL, NULL), "linux.namespaces: ctbox needs a mount namespace ({\"type\": \"mount\"})",
		       "refused: no mount namespace");
		free(t);
	}
	refused("\"hostname\": \"h\",", "", "", ", \"namespaces\": [{\"type\": \"mount\"}]", ALL,
		"hostname: needs a UTS namespace (linux.namespaces)");
	refused("", "", "", ", \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]", ALL,
		"linux.uidMappings: needs a user namespace (linux.namespaces)");
	refused("", "", "", ", \"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"user\"}], "
		"\"gidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]", ALL,
		"linux.uidMappings: required with the other mappings");
}

static void hostile(void)
{
	struct {
		const char *top, *proc, *lin, *want;
	} c[] = {
		{ "\"hostname\": 5,", "", "", "hostname: expected a string, not a number" },
		{ "\"hostname\": \"a\\u0000b\",", "", "", "hostname: contains a NUL character" },
		{ "\"mounts\": {},", "", "", "mounts: expected an array, not an object" },
		{ "\"mounts\": [5],", "", "", "mounts[0]: expected an object, not a number" },
		{ "\"mounts\": [{}],", "", "", "mounts[0].destination: required" },
		{ "\"mounts\": [{\"destination\": \"\"}],", "", "", "mounts[0].destination: empty" },
		{ "\"annotations\": {\"a\": 1},", "", "", "annotations.a: expected a string, not a number" },
		{ "", ", \"terminal\": \"yes\"", "", "process.terminal: expected a boolean, not a string" },
		{ "", ", \"env\": [1]", "", "process.env[0]: expected a string, not a number" },
		{ "", ", \"env\": [\"FOO\"]", "", "process.env[0]: \"FOO\" is not NAME=VALUE" },
		{ "", ", \"env\": [\"=x\"]", "", "process.env[0]: \"=x\" is not NAME=VALUE" },
		{ "", ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": \"1\", \"hard\": 1}]", "",
		  "process.rlimits[0].soft: expected an integer, not a string" },
		{ "", ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1e3, \"hard\": 1}]", "",
		  "process.rlimits[0].soft: expected an integer, not 1e3" },
		{ "", ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 18446744073709551616, \"hard\": 1}]", "",
		  "process.rlimits[0].soft: 18446744073709551616 is out of range (0 to 18446744073709551615)" },
		{ "", ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 2, \"hard\": 1}]", "",
		  "process.rlimits[0]: soft limit 2 above the hard limit 1" },
		{ "", ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1}, "
		  "{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1}]", "",
		  "process.rlimits[1].type: RLIMIT_NOFILE given twice" },
		{ "", ", \"rlimits\": [{\"type\": \"RLIMIT_FOO\", \"soft\": 1, \"hard\": 1}]", "",
		  "process.rlimits[0].type: unknown value \"RLIMIT_FOO\" (expected RLIMIT_AS, RLIMIT_CORE, RLIMIT_CPU, "
		  "RLIMIT_DATA, RLIMIT_FSIZE, RLIMIT_LOCKS, RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_NOFILE, "
		  "RLIMIT_NPROC, RLIMIT_RSS, RLIMIT_RTPRIO, RLIMIT_RTTIME, RLIMIT_SIGPENDING, RLIMIT_STACK)" },
		{ "", ", \"user\": {\"uid\": 4294967296, \"gid\": 0}", "",
		  "process.user.uid: 4294967296 is out of range (0 to 4294967295)" },
		{ "", ", \"user\": {\"uid\": -1, \"gid\": 0}", "", "process.user.uid: -1 is out of range (0 to 4294967295)" },
		{ "", ", \"user\": {\"gid\": 0}", "", "process.user.uid: required" },
		{ "", ", \"user\": {\"uid\": 0, \"gid\": 0, \"username\": \"x\"}", "", "process.user.username: not supported by ctbox" },
		{ "", ", \"user\": {\"uid\": 0, \"gid\": 0, \"additionalGids\": [1, -1]}", "",
		  "process.user.additionalGids[1]: -1 is out of range (0 to 4294967295)" },
		{ "", ", \"oomScoreAdj\": 1001", "", "process.oomScoreAdj: 1001 is out of range (-1000 to 1000)" },
		{ "", ", \"cwd\": \"rel\"", "", "config.json:1:" },
		{ "", ", \"capabilities\": {\"bounding\": [\"CAP_FOO\"]}", "",
		  "process.capabilities.bounding[0]: unknown capability \"CAP_FOO\"" },
		{ "", ", \"capabilities\": {\"bounding\": [\"cap_kill\"]}", "",
		  "process.capabilities.bounding[0]: unknown capability \"cap_kill\"" },
		{ "", ", \"capabilities\": {\"ambient\": \"CAP_KILL\"}", "",
		  "process.capabilities.ambient: expected an array, not a string" },
		{ "", "", ", \"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"foo\"}]",
		  "linux.namespaces[1].type: unknown value \"foo\" (expected cgroup, ipc, mount, network, pid, time, user, uts)" },
		{ "", "", ", \"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"mount\"}]",
		  "linux.namespaces[1].type: mount given twice" },
		{ "", "", ", \"namespaces\": [{\"type\": \"mount\", \"path\": \"proc/1/ns/mnt\"}]",
		  "linux.namespaces[0].path: \"proc/1/ns/mnt\" is not an absolute path" },
		{ "", "", ", \"resources\": {\"memory\": {\"limit\": 9223372036854775808}}",
		  "linux.resources.memory.limit: 9223372036854775808 is out of range (-9223372036854775808 to 9223372036854775807)" },
		{ "", "", ", \"resources\": {\"pids\": {}}", "linux.resources.pids.limit: required" },
		{ "", "", ", \"resources\": {\"devices\": [{\"allow\": true, \"access\": \"rwx\"}]}",
		  "linux.resources.devices[0].access: \"rwx\" is not made of r, w and m" },
		{ "", "", ", \"resources\": {\"devices\": [{\"access\": \"r\"}]}", "linux.resources.devices[0].allow: required" },
		{ "", "", ", \"resources\": {\"hugepageLimits\": [{\"pageSize\": \"2XB\", \"limit\": 1}]}",
		  "linux.resources.hugepageLimits[0].pageSize: \"2XB\" is not a size like 2MB" },
		{ "", "", ", \"devices\": [{\"type\": \"c\", \"path\": \"/dev/x\"}]",
		  "linux.devices[0]: major and minor are required for type c" },
		{ "", "", ", \"devices\": [{\"type\": \"x\", \"path\": \"/dev/x\"}]",
		  "linux.devices[0].type: unknown value \"x\" (expected c, b, u, p)" },
		{ "", "", ", \"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_VAX\"]}",
		  "linux.seccomp.architectures[0]: unknown value \"SCMP_ARCH_VAX\" (expected SCMP_ARCH_X86, SCMP_ARCH_X86_64, "
		  "SCMP_ARCH_X32, SCMP_ARCH_ARM, SCMP_ARCH_AARCH64, SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, "
		  "SCMP_ARCH_MIPSEL, SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_PPC, SCMP_ARCH_PPC64, "
		  "SCMP_ARCH_PPC64LE, SCMP_ARCH_S390, SCMP_ARCH_S390X, SCMP_ARCH_PARISC, ...)" },
		{ "", "", ", \"seccomp\": {\"syscalls\": []}", "linux.seccomp.defaultAction: required" },
		{ "", "", ", \"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
		  "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": -1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		  "linux.seccomp.syscalls[0].args[0].value: -1 is out of range (0 to 18446744073709551615)" },
		{ "\"hooks\": {\"prestart\": [{\"path\": \"true\"}]},", "", "",
		  "hooks.prestart[0].path: \"true\" is not an absolute path" },
		{ "\"hooks\": {\"poststop\": [{\"path\": \"/bin/true\", \"timeout\": 0}]},", "", "",
		  "hooks.poststop[0].timeout: 0 is out of range (1 to 2147483647)" },
		{ "\"ociVersion\": \"2.0.0\",", "", "", "config.json:1:" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		char *text = spec(c[i].top, c[i].proc, "", c[i].lin);
		const char *got = try(text, ALL, NULL);

		if (strncmp(c[i].want, "config.json:1:", 14) == 0) /* a duplicate key in this template */
			ok(got && strstr(got, "duplicate key"), "hostile %zu: %s", i, got ? got : "(accepted)");
		else
			is_str(got, c[i].want, "hostile: %.60s", c[i].want);
		free(text);
	}
}

/* Documents whole: versions, required members, null, sizes, depth. */
static void documents_whole(void)
{
	static const struct { const char *text, *want; } c[] = {
		{ "[]", "config.json: expected an object, not an array" },
		{ "{}", "ociVersion: required" },
		{ "{\"ociVersion\": null}", "ociVersion: required" },
		{ "{\"ociVersion\": \"2.0.0\"}", "ociVersion: \"2.0.0\": ctbox runs runtime-spec 1.0.0 to 1.x" },
		{ "{\"ociVersion\": \"0.6.0\"}", "ociVersion: \"0.6.0\": ctbox runs runtime-spec 1.0.0 to 1.x" },
		{ "{\"ociVersion\": \"1.0\"}", "ociVersion: \"1.0\" is not a version (MAJOR.MINOR.PATCH)" },
		{ "{\"ociVersion\": \"1.01.0\"}", "ociVersion: \"1.01.0\" is not a version (MAJOR.MINOR.PATCH)" },
		{ "{\"ociVersion\": \"1.0.0x\"}", "ociVersion: \"1.0.0x\" is not a version (MAJOR.MINOR.PATCH)" },
		{ "{\"ociVersion\": \"10.0.0\"}", "ociVersion: \"10.0.0\": ctbox runs runtime-spec 1.0.0 to 1.x" },
		{ "{\"ociVersion\": \"1.0.0\", \"ociVersion\": \"1.0.0\"}", "config.json:1:25: duplicate key \"ociVersion\"" },
		{ "{\"ociVersion\": \"1.0.0\",}", "config.json:1:24: trailing comma before '}'" },
		{ "{\"ociVersion\": \"1.0.0\"} x", "config.json:1:25: unexpected 'x', expected the end of input after the value" },
		{ "{\"ociVersion\": \"1.0.0\", \"root\": {}}", "root.path: required" },
		{ "{\"ociVersion\": \"1.0.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"cwd\": \"/\"}}",
		  "process.args: required (the command to run)" },
		{ "{\"ociVersion\": \"1.0.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"a\"]}}",
		  "process.cwd: required" },
		{ "{\"ociVersion\": \"1.0.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"a\"], \"cwd\": \"x\"}}",
		  "process.cwd: \"x\" is not an absolute path" },
		{ "{\"ociVersion\": \"1.0.0\", \"process\": []}", "process: expected an object, not an array" },
		{ "{\"ociVersion\": \"1.0.0-rc5+dev\", \"hostname\": null, \"process\": null, \"x\": [{}]}", NULL },
	};
	struct bb_err e;
	struct oci_spec *s;
	size_t i, n;
	char *big;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		s = oci_spec_parse(c[i].text, strlen(c[i].text), "config.json", &e);
		is_str(s ? NULL : e.msg, c[i].want, "document: %.50s", c[i].text);
		oci_spec_free(s);
	}
	/* Unknown members are ignored, as the spec asks, however deep. */
	big = xstrdup("{\"ociVersion\": \"1.1.0\", \"future\": {\"a\": [[[[1]]]]}, \"linux\": {\"future\": 1}}");
	s = oci_spec_parse(big, strlen(big), "config.json", &e);
	free(big);
	ok(s && s->linux_, "unknown members ignored");
	oci_spec_free(s);
	/* Huge arrays: refused above 65536 elements. */
	n = 65537;
	big = malloc(n * 4 + 256);
	strcpy(big, "{\"ociVersion\": \"1.0.0\", \"mounts\": [");
	for (i = 0; i < n; i++)
		strcat(big + strlen(big) - (i ? 3 : 0), i ? ",{}" : "{}");
	strcat(big, "]}");
	s = oci_spec_parse(big, strlen(big), "config.json", &e);
	is_str(s ? NULL : e.msg, "mounts: 65537 elements, more than ctbox takes (65536)", "a huge array");
	oci_spec_free(s);
	free(big);
	/* More than OCI_SPEC_MAX bytes. */
	n = OCI_SPEC_MAX + 1;
	big = malloc(n + 1);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	s = oci_spec_parse(big, n, "config.json", &e);
	is_str(s ? NULL : e.msg, "config.json: 4194305 bytes, more than the limit of 4194304", "a huge document");
	free(big);
	/* Deep nesting in an unknown member still meets the depth limit. */
	big = malloc(300);
	strcpy(big, "{\"x\":");
	for (i = 0; i < 70; i++)
		strcat(big, "[");
	s = oci_spec_parse(big, strlen(big), "config.json", &e);
	is_str(s ? NULL : e.msg, "config.json:1:69: nesting deeper than 64 levels", "deep nesting");
	free(big);
	/* A long string is fine. */
	big = malloc(1 << 20);
	n = (size_t)snprintf(big, 64, "{\"ociVersion\": \"1.0.0\", \"hostname\": \"");
	memset(big + n, 'h', 900000);
	strcpy(big + n + 900000, "\"}");
	s = oci_spec_parse(big, strlen(big), "config.json", &e);
	ok(s && strlen(s->hostname) == 900000, "a 900000-byte string");
	oci_spec_free(s);
	free(big);
	s = oci_spec_load("/nonexistent/config.json", &e);
	is_str(s ? NULL : e.msg, "can't read /nonexistent/config.json", "a missing file");
}

int main(void)
{
	defaults();
	documents();
	full();
	args_roundtrip();
	refusals();
	hostile();
	documents_whole();
	return done_testing();
}
