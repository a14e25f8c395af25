/* config.json into struct oci_spec: a table per JSON object (its members'
 * names, kinds and places in the struct) walked by one function, then the
 * checks the spec asks for that types alone cannot make. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "oci_spec.h"

#define OCI_ARRAY_MAX 65536       /* elements of one array or members of one map */

const char *const oci_ns_names[] = {
	"cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts", NULL,
};
const char *const oci_hook_names[] = {
	"prestart", "createRuntime", "createContainer", "startContainer", "poststart",
	"poststop", NULL,
};
/* The order of lxc.prlimit's names (conf_vals.c). */
const char *const oci_rlimit_names[] = {
	"RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_LOCKS",
	"RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_NOFILE", "RLIMIT_NPROC",
	"RLIMIT_RSS", "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK", NULL,
};
const char *const oci_seccomp_actions[] = {
	"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
	"SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", NULL,
};
const char *const oci_seccomp_ops[] = {
	"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
	"SCMP_CMP_MASKED_EQ", NULL,
};
const char *const oci_seccomp_archs[] = {
	"SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64",
	"SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
	"SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
	"SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC",
	"SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K",
	"SCMP_ARCH_SH", "SCMP_ARCH_SHEB", NULL,
};
const char *const oci_seccomp_flags[] = {
	"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
	"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", NULL,
};
static const char *const dev_types[] = { "c", "b", "u", "p", NULL };
static const char *const rule_types[] = { "a", "c", "b", NULL };
static const char *const propagations[] = {
	"private", "rprivate", "slave", "rslave", "shared", "rshared", "unbindable", "runbindable", NULL,
};
static const char *const personalities[] = { "LINUX", "LINUX32", NULL };

/* ---- the tables ---- */

enum kind {
	K_STR = 1, K_FLAG, K_I64, K_U64, K_ENUM, K_STRV, K_U32V, K_CAPS, K_MAP,
	K_OBJ,     /* a nested struct at off */
	K_OBJP,    /* a struct allocated, its pointer at off */
	K_ARR,     /* an array of structs: pointer at off, count after it */
	K_REFUSE,  /* defined by the spec, not supported by ctbox */
};

enum range { R_I64, R_U64, R_U32, R_U16, R_OOM, R_POS, R_NSEC, R_MODE };
static const struct { long long lo; unsigned long long hi; } ranges[] = {
	[R_I64] = { INT64_MIN, INT64_MAX }, [R_U64] = { 0, UINT64_MAX },
	[R_U32] = { 0, UINT32_MAX },        [R_U16] = { 0, 65535 },
	[R_OOM] = { -1000, 1000 },          [R_POS] = { 1, INT32_MAX },
	[R_NSEC] = { 0, 999999999 },        [R_MODE] = { 0, 07777 },
};

#define REQ 0x80

struct field {
	const char *name;
	unsigned short off;
	unsigned char kind;
	unsigned char flags;      /* enum range | REQ */
	const void *arg;          /* struct schema (K_OBJ, K_OBJP, K_ARR), words (K_ENUM, K_STRV) */
};

struct schema {
	const struct field *f;
	unsigned char n;
	unsigned short size;      /* of the struct (K_OBJP, K_ARR) */
};

#define SCHEMA(name, fields, type) \
	static const struct schema name = { fields, ARRAY_SIZE(fields), sizeof(type) }
/* A member of a nested struct, relative to that struct. */
#define IN(T, outer, m) (offsetof(T, outer.m) - offsetof(T, outer))

static const struct field hook_f[] = {
	{ "path", offsetof(struct oci_hook, path), K_STR, REQ, NULL },
	{ "args", offsetof(struct oci_hook, args), K_STRV, 0, NULL },
	{ "env", offsetof(struct oci_hook, env), K_STRV, 0, NULL },
	{ "timeout", offsetof(struct oci_hook, timeout), K_I64, R_POS, NULL },
};
SCHEMA(hook_s, hook_f, struct oci_hook);

static const struct field hooks_f[] = {
#define H(name, k) { name, offsetof(struct oci_spec, hooks[k]) - offsetof(struct oci_spec, hooks), \
		     K_ARR, 0, &hook_s }
	H("prestart", OCI_HOOK_PRESTART), H("createRuntime", OCI_HOOK_CREATE_RUNTIME),
	H("createContainer", OCI_HOOK_CREATE_CONTAINER), H("startContainer", OCI_HOOK_START_CONTAINER),
	H("poststart", OCI_HOOK_POSTSTART), H("poststop", OCI_HOOK_POSTSTOP),
#undef H
};
static const struct schema hooks_s = { hooks_f, ARRAY_SIZE(hooks_f), 0 };

static const struct field mount_f[] = {
	{ "destination", offsetof(struct oci_mount, destination), K_STR, REQ, NULL },
	{ "type", offsetof(struct oci_mount, type), K_STR, 0, NULL },
	{ "source", offsetof(struct oci_mount, source), K_STR, 0, NULL },
	{ "options", offsetof(struct oci_mount, options), K_STRV, 0, NULL },
	{ "uidMappings", 0, K_REFUSE, 0, NULL },
	{ "gidMappings", 0, K_REFUSE, 0, NULL },
};
SCHEMA(mount_s, mount_f, struct oci_mount);

static const struct field rlimit_f[] = {
	{ "type", offsetof(struct oci_rlimit, type), K_ENUM, REQ, oci_rlimit_names },
	{ "soft", offsetof(struct oci_rlimit, soft), K_U64, REQ | R_U64, NULL },
	{ "hard", offsetof(struct oci_rlimit, hard), K_U64, REQ | R_U64, NULL },
};
SCHEMA(rlimit_s, rlimit_f, struct oci_rlimit);

#define P struct oci_process
static const struct field console_f[] = {
	{ "height", IN(P, console_size, height), K_U64, REQ | R_U16, NULL },
	{ "width", IN(P, console_size, width), K_U64, REQ | R_U16, NULL },
};
static const struct schema console_s = { console_f, ARRAY_SIZE(console_f), 0 };

static const struct field user_f[] = {
	{ "uid", IN(P, user, uid), K_U64, REQ | R_U32, NULL },
	{ "gid", IN(P, user, gid), K_U64, REQ | R_U32, NULL },
	{ "umask", IN(P, user, umask), K_U64, R_MODE, NULL },
	{ "additionalGids", IN(P, user, additional_gids), K_U32V, 0, NULL },
	{ "username", 0, K_REFUSE, 0, NULL },
};
static const struct schema user_s = { user_f, ARRAY_SIZE(user_f), 0 };

static const struct field caps_f[] = {
	{ "bounding", IN(P, caps, bounding), K_CAPS, 0, NULL },
	{ "effective", IN(P, caps, effective), K_CAPS, 0, NULL },
	{ "inheritable", IN(P, caps, inheritable), K_CAPS, 0, NULL },
	{ "permitted", IN(P, caps, permitted), K_CAPS, 0, NULL },
	{ "ambient", IN(P, caps, ambient), K_CAPS, 0, NULL },
};
static const struct schema caps_s = { caps_f, ARRAY_SIZE(caps_f), 0 };

static const struct field process_f[] = {
	{ "terminal", offsetof(P, terminal), K_FLAG, 0, NULL },
	{ "consoleSize", offsetof(P, console_size), K_OBJ, 0, &console_s },
	{ "user", offsetof(P, user), K_OBJ, REQ, &user_s },
	{ "args", offsetof(P, args), K_STRV, 0, NULL },
	{ "env", offsetof(P, env), K_STRV, 0, NULL },
	{ "cwd", offsetof(P, cwd), K_STR, REQ, NULL },
	{ "capabilities", offsetof(P, caps), K_OBJ, 0, &caps_s },
	{ "rlimits", offsetof(P, rlimits), K_ARR, 0, &rlimit_s },
	{ "noNewPrivileges", offsetof(P, no_new_privileges), K_FLAG, 0, NULL },
	{ "apparmorProfile", offsetof(P, apparmor_profile), K_STR, 0, NULL },
	{ "selinuxLabel", offsetof(P, selinux_label), K_STR, 0, NULL },
	{ "oomScoreAdj", offsetof(P, oom_score_adj), K_I64, R_OOM, NULL },
	{ "commandLine", 0, K_REFUSE, 0, NULL },
	{ "ioPriority", 0, K_REFUSE, 0, NULL },
	{ "scheduler", 0, K_REFUSE, 0, NULL },
	{ "execCPUAffinity", 0, K_REFUSE, 0, NULL },
};
SCHEMA(process_s, process_f, struct oci_process);
#undef P

static const struct field root_f[] = {
	{ "path", offsetof(struct oci_root, path), K_STR, REQ, NULL },
	{ "readonly", offsetof(struct oci_root, readonly), K_FLAG, 0, NULL },
};
SCHEMA(root_s, root_f, struct oci_root);

static const struct field ns_f[] = {
	{ "type", offsetof(struct oci_ns, type), K_ENUM, REQ, oci_ns_names },
	{ "path", offsetof(struct oci_ns, path), K_STR, 0, NULL },
};
SCHEMA(ns_s, ns_f, struct oci_ns);

static const struct field idmap_f[] = {
	{ "containerID", offsetof(struct oci_idmap, container_id), K_U64, REQ | R_U32, NULL },
	{ "hostID", offsetof(struct oci_idmap, host_id), K_U64, REQ | R_U32, NULL },
	{ "size", offsetof(struct oci_idmap, size), K_U64, REQ | R_U32, NULL },
};
SCHEMA(idmap_s, idmap_f, struct oci_idmap);

#define T struct oci_time_offset
static const struct field toff_f[] = {
	{ "secs", offsetof(T, secs), K_I64, R_I64, NULL },
	{ "nanosecs", offsetof(T, nanosecs), K_U64, R_NSEC, NULL },
};
#undef T
SCHEMA(toff_s, toff_f, struct oci_time_offset);

#define L struct oci_linux
static const struct field toffs_f[] = {
	{ "monotonic", IN(L, time_offsets, monotonic), K_OBJ, 0, &toff_s },
	{ "boottime", IN(L, time_offsets, boottime), K_OBJ, 0, &toff_s },
};
static const struct schema toffs_s = { toffs_f, ARRAY_SIZE(toffs_f), 0 };

static const struct field device_f[] = {
	{ "type", offsetof(struct oci_device, type), K_ENUM, REQ, dev_types },
	{ "path", offsetof(struct oci_device, path), K_STR, REQ, NULL },
	{ "major", offsetof(struct oci_device, major), K_I64, R_U32, NULL },
	{ "minor", offsetof(struct oci_device, minor), K_I64, R_U32, NULL },
	{ "fileMode", offsetof(struct oci_device, file_mode), K_U64, R_MODE, NULL },
	{ "uid", offsetof(struct oci_device, uid), K_U64, R_U32, NULL },
	{ "gid", offsetof(struct oci_device, gid), K_U64, R_U32, NULL },
};
SCHEMA(device_s, device_f, struct oci_device);

static const struct field rule_f[] = {
	{ "allow", offsetof(struct oci_dev_rule, allow), K_FLAG, REQ, NULL },
	{ "type", offsetof(struct oci_dev_rule, type), K_ENUM, 0, rule_types },
	{ "major", offsetof(struct oci_dev_rule, major), K_I64, R_U32, NULL },
	{ "minor", offsetof(struct oci_dev_rule, minor), K_I64, R_U32, NULL },
	{ "access", offsetof(struct oci_dev_rule, access), K_STR, 0, NULL },
};
SCHEMA(rule_s, rule_f, struct oci_dev_rule);

#define R struct oci_resources
static const struct field memory_f[] = {
	{ "limit", IN(R, memory, limit), K_I64, R_I64, NULL },
	{ "reservation", IN(R, memory, reservation), K_I64, R_I64, NULL },
	{ "swap", IN(R, memory, swap), K_I64, R_I64, NULL },
	{ "kernel", IN(R, memory, kernel), K_I64, R_I64, NULL },
	{ "kernelTCP", IN(R, memory, kernel_tcp), K_I64, R_I64, NULL },
	{ "swappiness", IN(R, memory, swappiness), K_U64, R_U64, NULL },
	{ "disableOOMKiller", IN(R, memory, disable_oom_killer), K_FLAG, 0, NULL },
	{ "useHierarchy", IN(R, memory, use_hierarchy), K_FLAG, 0, NULL },
	{ "checkBeforeUpdate", IN(R, memory, check_before_update), K_FLAG, 0, NULL },
};
static const struct schema memory_s = { memory_f, ARRAY_SIZE(memory_f), 0 };

static const struct field cpu_f[] = {
	{ "shares", IN(R, cpu, shares), K_U64, R_U64, NULL },
	{ "quota", IN(R, cpu, quota), K_I64, R_I64, NULL },
	{ "burst", IN(R, cpu, burst), K_U64, R_U64, NULL },
	{ "period", IN(R, cpu, period), K_U64, R_U64, NULL },
	{ "realtimeRuntime", IN(R, cpu, realtime_runtime), K_I64, R_I64, NULL },
	{ "realtimePeriod", IN(R, cpu, realtime_period), K_U64, R_U64, NULL },
	{ "cpus", IN(R, cpu, cpus), K_STR, 0, NULL },
	{ "mems", IN(R, cpu, mems), K_STR, 0, NULL },
	{ "idle", IN(R, cpu, idle), K_I64, R_I64, NULL },
};
static const struct schema cpu_s = { cpu_f, ARRAY_SIZE(cpu_f), 0 };

static const struct field pids_f[] = {
	{ "limit", IN(R, pids, limit), K_I64, REQ | R_I64, NULL },
};
static const struct schema pids_s = { pids_f, ARRAY_SIZE(pids_f), 0 };

static const struct field wdev_f[] = {
	{ "major", offsetof(struct oci_weight_dev, major), K_I64, REQ | R_U32, NULL },
	{ "minor", offsetof(struct oci_weight_dev, minor), K_I64, REQ | R_U32, NULL },
	{ "weight", offsetof(struct oci_weight_dev, weight), K_U64, R_U16, NULL },
	{ "leafWeight", offsetof(struct oci_weight_dev, leaf_weight), K_U64, R_U16, NULL },
};
SCHEMA(wdev_s, wdev_f, struct oci_weight_dev);

static const struct field throttle_f[] = {
	{ "major", offsetof(struct oci_throttle, major), K_I64, REQ | R_U32, NULL },
	{ "minor", offsetof(struct oci_throttle, minor), K_I64, REQ | R_U32, NULL },
	{ "rate", offsetof(struct oci_throttle, rate), K_U64, REQ | R_U64, NULL },
};
SCHEMA(throttle_s, throttle_f, struct oci_throttle);

static const struct field blkio_f[] = {
	{ "weight", IN(R, block_io, weight), K_U64, R_U16, NULL },
	{ "leafWeight", IN(R, block_io, leaf_weight), K_U64, R_U16, NULL },
	{ "weightDevice", IN(R, block_io, weight_device), K_ARR, 0, &wdev_s },
	{ "throttleReadBpsDevice", IN(R, block_io, throttle[0]), K_ARR, 0, &throttle_s },
	{ "throttleWriteBpsDevice", IN(R, block_io, throttle[1]), K_ARR, 0, &throttle_s },
	{ "throttleReadIOPSDevice", IN(R, block_io, throttle[2]), K_ARR, 0, &throttle_s },
	{ "throttleWriteIOPSDevice", IN(R, block_io, throttle[3]), K_ARR, 0, &throttle_s },
};
static const struct schema blkio_s = { blkio_f, ARRAY_SIZE(blkio_f), 0 };

static const struct field huge_f[] = {
	{ "pageSize", offsetof(struct oci_hugepage, page_size), K_STR, REQ, NULL },
	{ "limit", offsetof(struct oci_hugepage, limit), K_U64, REQ | R_U64, NULL },
};
SCHEMA(huge_s, huge_f, struct oci_hugepage);

static const struct field prio_f[] = {
	{ "name", offsetof(struct oci_netprio, name), K_STR, REQ, NULL },
	{ "priority", offsetof(struct oci_netprio, priority), K_U64, REQ | R_U32, NULL },
};
SCHEMA(prio_s, prio_f, struct oci_netprio);

static const struct field net_f[] = {
	{ "classID", IN(R, network, class_id), K_U64, R_U32, NULL },
	{ "priorities", IN(R, network, priorities), K_ARR, 0, &prio_s },
};
static const struct schema net_s = { net_f, ARRAY_SIZE(net_f), 0 };

static const struct field res_f[] = {
	{ "devices", offsetof(R, devices), K_ARR, 0, &rule_s },
	{ "memory", offsetof(R, memory), K_OBJ, 0, &memory_s },
	{ "cpu", offsetof(R, cpu), K_OBJ, 0, &cpu_s },
	{ "pids", offsetof(R, pids), K_OBJ, 0, &pids_s },
	{ "blockIO", offsetof(R, block_io), K_OBJ, 0, &blkio_s },
	{ "hugepageLimits", offsetof(R, hugepage_limits), K_ARR, 0, &huge_s },
	{ "network", offsetof(R, network), K_OBJ, 0, &net_s },
	{ "unified", offsetof(R, unified), K_MAP, 0, NULL },
	{ "rdma", 0, K_REFUSE, 0, NULL },
};
static const struct schema res_s = { res_f, ARRAY_SIZE(res_f), 0 };
#undef R

static const struct field sarg_f[] = {
	{ "index", offsetof(struct oci_seccomp_arg, index), K_U64, REQ | R_U16, NULL },
	{ "value", offsetof(struct oci_seccomp_arg, value), K_U64, REQ | R_U64, NULL },
	{ "valueTwo", offsetof(struct oci_seccomp_arg, value_two), K_U64, R_U64, NULL },
	{ "op", offsetof(struct oci_seccomp_arg, op), K_ENUM, REQ, oci_seccomp_ops },
};
SCHEMA(sarg_s, sarg_f, struct oci_seccomp_arg);

static const struct field sys_f[] = {
	{ "names", offsetof(struct oci_syscall, names), K_STRV, REQ, NULL },
	{ "action", offsetof(struct oci_syscall, action), K_ENUM, REQ, oci_seccomp_actions },
	{ "errnoRet", offsetof(struct oci_syscall, errno_ret), K_U64, R_U32, NULL },
	{ "args", offsetof(struct oci_syscall, args), K_ARR, 0, &sarg_s },
};
SCHEMA(sys_s, sys_f, struct oci_syscall);

static const struct field seccomp_f[] = {
	{ "defaultAction", offsetof(struct oci_seccomp, default_action), K_ENUM, REQ, oci_seccomp_actions },
	{ "defaultErrnoRet", offsetof(struct oci_seccomp, default_errno_ret), K_U64, R_U32, NULL },
	{ "architectures", offsetof(struct oci_seccomp, architectures), K_STRV, 0, oci_seccomp_archs },
	{ "flags", offsetof(struct oci_seccomp, flags), K_STRV, 0, oci_seccomp_flags },
	{ "listenerPath", offsetof(struct oci_seccomp, listener_path), K_STR, 0, NULL },
	{ "listenerMetadata", offsetof(struct oci_seccomp, listener_metadata), K_STR, 0, NULL },
	{ "syscalls", offsetof(struct oci_seccomp, syscalls), K_ARR, 0, &sys_s },
};
SCHEMA(seccomp_s, seccomp_f, struct oci_seccomp);

static const struct field pers_f[] = {
	{ "domain", offsetof(struct oci_personality, domain), K_ENUM, REQ, personalities },
	{ "flags", offsetof(struct oci_personality, flags), K_STRV, 0, NULL },
};
SCHEMA(pers_s, pers_f, struct oci_personality);

static const struct field linux_f[] = {
	{ "namespaces", offsetof(L, namespaces), K_ARR, 0, &ns_s },
	{ "uidMappings", offsetof(L, uid_mappings), K_ARR, 0, &idmap_s },
	{ "gidMappings", offsetof(L, gid_mappings), K_ARR, 0, &idmap_s },
	{ "timeOffsets", offsetof(L, time_offsets), K_OBJ, 0, &toffs_s },
	{ "devices", offsetof(L, devices), K_ARR, 0, &device_s },
	{ "cgroupsPath", offsetof(L, cgroups_path), K_STR, 0, NULL },
	{ "resources", offsetof(L, resources), K_OBJ, 0, &res_s },
	{ "sysctl", offsetof(L, sysctl), K_MAP, 0, NULL },
	{ "seccomp", offsetof(L, seccomp), K_OBJP, 0, &seccomp_s },
	{ "rootfsPropagation", offsetof(L, rootfs_propagation), K_ENUM, 0, propagations },
	{ "maskedPaths", offsetof(L, masked_paths), K_STRV, 0, NULL },
	{ "readonlyPaths", offsetof(L, readonly_paths), K_STRV, 0, NULL },
	{ "mountLabel", offsetof(L, mount_label), K_STR, 0, NULL },
	{ "personality", offsetof(L, personality), K_OBJP, 0, &pers_s },
	{ "intelRdt", 0, K_REFUSE, 0, NULL },
	{ "memoryPolicy", 0, K_REFUSE, 0, NULL },
	{ "netDevices", 0, K_REFUSE, 0, NULL },
};
SCHEMA(linux_s, linux_f, struct oci_linux);
#undef L

#define S struct oci_spec
static const struct field spec_f[] = {
	{ "ociVersion", offsetof(S, oci_version), K_STR, REQ, NULL },
	{ "process", offsetof(S, process), K_OBJP, 0, &process_s },
	{ "root", offsetof(S, root), K_OBJP, 0, &root_s },
	{ "hostname", offsetof(S, hostname), K_STR, 0, NULL },
	{ "domainname", offsetof(S, domainname), K_STR, 0, NULL },
	{ "mounts", offsetof(S, mounts), K_ARR, 0, &mount_s },
	{ "hooks", offsetof(S, hooks), K_OBJ, 0, &hooks_s },
	{ "annotations", offsetof(S, annotations), K_MAP, 0, NULL },
	{ "linux", offsetof(S, linux_), K_OBJP, 0, &linux_s },
	{ "windows", 0, K_REFUSE, 0, NULL },
	{ "solaris", 0, K_REFUSE, 0, NULL },
	{ "vm", 0, K_REFUSE, 0, NULL },
	{ "zos", 0, K_REFUSE, 0, NULL },
};
static const struct schema spec_s = { spec_f, ARRAY_SIZE(spec_f), 0 };
#undef S

/* ---- the walk ---- */

struct walk {
	struct json_doc *doc;
	struct bb_err *e;
};

#define PATH_MAX_LEN 256

static int nomem(struct walk *w)
{
	return bb_err_set(w->e, ENOMEM, "config.json: out of memory");
}

static int word_index(const char *const *words, const char *s)
{
	int i;

	for (i = 0; words[i]; i++)
		if (strcmp(words[i], s) == 0)
			return i;
	return -1;
}

static int bad_word(struct walk *w, const char *path, const char *s, const char *const *words)
{
	char list[320];
	size_t n = 0;
	int i;

	list[0] = '\0';
	for (i = 0; words[i]; i++) {
		if (n + strlen(words[i]) + 8 > sizeof(list)) {
			snprintf(list + n, sizeof(list) - n, ", ...");
			break;
		}
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "", words[i]);
	}
	return bb_err_set(w->e, 0, "%s: unknown value \"%.64s\" (expected %s)", path, s, list);
}

/* An array at v: its length checked. */
static int array(struct walk *w, const struct json *v, const char *path)
{
	if (json_want(v, JSON_ARRAY, path, w->e) < 0)
		return -1;
	if (v->len > OCI_ARRAY_MAX)
		return bb_err_set(w->e, 0, "%s: %zu elements, more than ctbox takes (%d)", path, v->len,
				  OCI_ARRAY_MAX);
	return 0;
}

static void elem_path(char *buf, const char *path, size_t i)
{
	snprintf(buf, PATH_MAX_LEN, "%.200s[%zu]", path, i);
}

static int strv(struct walk *w, const struct json *v, const char *path, const char *const *words,
		struct oci_strv *out)
{
	char ep[PATH_MAX_LEN];
	size_t i;

	if (array(w, v, path) < 0)
		return -1;
	out->v = json_alloc(w->doc, (v->len + 1) * sizeof(*out->v));
	if (!out->v)
		return nomem(w);
	for (i = 0; i < v->len; i++) {
		elem_path(ep, path, i);
		if (json_str(&v->u.kids[i], ep, &out->v[i], w->e) < 0)
			return -1;
		if (words && word_index(words, out->v[i]) < 0)
			return bad_word(w, ep, out->v[i], words);
	}
	out->n = v->len;
	return 0;
}

/* "CAP_NET_RAW" -> 13, as the kernel numbers them; -1 if unknown. */
static int cap_index(const char *s)
{
	const char *name;
	int i;

	if (strncmp(s, "CAP_", 4) != 0)
		return -1;
	for (i = 0; (name = conf_cap_name(i)) != NULL; i++) {
		const char *a = s + 4, *b = name;

		while (*b && *a == (*b >= 'a' && *b <= 'z' ? *b - 32 : *b))
			a++, b++;
		if (!*a && !*b)
			return i;
	}
	return -1;
}

static int walk_obj(struct walk *w, const struct json *obj, const struct schema *sc, char *base,
		    const char *path);

static int member(struct walk *w, const struct field *f, const struct json *v, char *p,
		  const char *path)
{
	char ep[PATH_MAX_LEN];
	long long lo = ranges[f->flags & 0x0f].lo;
	unsigned long long hi = ranges[f->flags & 0x0f].hi;
	const struct schema *sub = f->arg;
	const char *s;
	size_t i;
	int k;

	switch (f->kind) {
	case K_STR:
		return json_str(v, path, (const char **)p, w->e);
	case K_FLAG:
		((struct oci_flag *)p)->set = 1;
		return json_bool(v, path, &((struct oci_flag *)p)->v, w->e);
	case K_I64:
		((struct oci_i64 *)p)->set = 1;
		return json_i64(v, path, lo, (long long)hi, &((struct oci_i64 *)p)->v, w->e);
	case K_U64:
		((struct oci_u64 *)p)->set = 1;
		return json_u64(v, path, hi, &((struct oci_u64 *)p)->v, w->e);
	case K_ENUM:
		if (json_str(v, path, &s, w->e) < 0)
			return -1;
		if ((k = word_index(f->arg, s)) < 0)
			return bad_word(w, path, s, f->arg);
		*(int *)p = k + 1;
		return 0;
	case K_STRV:
		return strv(w, v, path, f->arg, (struct oci_strv *)p);
	case K_U32V: {
		struct oci_u32v *out = (struct oci_u32v *)p;

		if (array(w, v, path) < 0)
			return -1;
		out->v = json_alloc(w->doc, v->len * sizeof(*out->v) + 1);
		if (!out->v)
			return nomem(w);
		for (i = 0; i < v->len; i++) {
			uint64_t u;

			elem_path(ep, path, i);
			if (json_u64(&v->u.kids[i], ep, UINT32_MAX, &u, w->e) < 0)
				return -1;
			out->v[i] = (unsigned)u;
		}
		out->n = v->len;
		return 0;
	}
	case K_CAPS: {
		struct oci_caps *out = (struct oci_caps *)p;

		if (array(w, v, path) < 0)
			return -1;
		out->set = 1;
		for (i = 0; i < v->len; i++) {
			elem_path(ep, path, i);
			if (json_str(&v->u.kids[i], ep, &s, w->e) < 0)
				return -1;
			if ((k = cap_index(s)) < 0)
				return bb_err_set(w->e, 0, "%s: unknown capability \"%.64s\"", ep, s);
			out->mask |= 1ULL << k;
		}
		return 0;
	}
	case K_MAP: {
		struct oci_map *out = (struct oci_map *)p;

		if (json_want(v, JSON_OBJECT, path, w->e) < 0)
			return -1;
		if (v->len > OCI_ARRAY_MAX)
			return bb_err_set(w->e, 0, "%s: %zu members, more than ctbox takes (%d)", path,
					  v->len, OCI_ARRAY_MAX);
		out->v = json_alloc(w->doc, v->len * sizeof(*out->v) + 1);
		if (!out->v)
			return nomem(w);
		for (i = 0; i < v->len; i++) {
			const struct json *m = &v->u.kids[i];

			snprintf(ep, sizeof(ep), "%.180s.%.64s", path, m->key);
			if (strlen(m->key) != m->keylen)
				return bb_err_set(w->e, 0, "%s: a name with a NUL character", ep);
			out->v[i].key = m->key;
			if (json_str(m, ep, &out->v[i].value, w->e) < 0)
				return -1;
		}
		out->n = v->len;
		return 0;
	}
	case K_OBJ:
		if (json_want(v, JSON_OBJECT, path, w->e) < 0)
			return -1;
		return walk_obj(w, v, sub, p, path);
	case K_OBJP: {
		char *q;

		if (json_want(v, JSON_OBJECT, path, w->e) < 0)
			return -1;
		q = json_alloc(w->doc, sub->size);
		if (!q)
			return nomem(w);
		*(char **)p = q;
		return walk_obj(w, v, sub, q, path);
	}
	case K_ARR: {
		char *q;

		if (array(w, v, path) < 0)
			return -1;
		q = json_alloc(w->doc, v->len * sub->size + 1);
		if (!q)
			return nomem(w);
		*(char **)p = q;
		*(size_t *)(p + sizeof(char *)) = v->len;
		for (i = 0; i < v->len; i++) {
			elem_path(ep, path, i);
			if (json_want(&v->u.kids[i], JSON_OBJECT, ep, w->e) < 0 ||
			    walk_obj(w, &v->u.kids[i], sub, q + i * sub->size, ep) < 0)
				return -1;
		}
		return 0;
	}
	default:
		return bb_err_set(w->e, 0, "%s: not supported by ctbox", path);
	}
}

static int walk_obj(struct walk *w, const struct json *obj, const struct schema *sc, char *base,
		    const char *path)
{
	char mp[PATH_MAX_LEN];
	uint32_t seen = 0;
	size_t i, k;

	for (i = 0; i < obj->len; i++) {
		const struct json *v = &obj->u.kids[i];

		if (v->type == JSON_NULL)
			continue; /* absent, as Go reads it */
		for (k = 0; k < sc->n; k++)
			if (strlen(sc->f[k].name) == v->keylen && memcmp(sc->f[k].name, v->key, v->keylen) == 0)
				break;
		if (k == sc->n)
			continue; /* not in the spec: ignored, as the spec asks */
		snprintf(mp, sizeof(mp), "%.200s%s%.40s", path, *path ? "." : "", sc->f[k].name);
		if (member(w, &sc->f[k], v, base + sc->f[k].off, mp) < 0)
			return -1;
		seen |= 1u << k;
	}
	for (k = 0; k < sc->n; k++)
		if ((sc->f[k].flags & REQ) && !(seen & (1u << k)))
			return bb_err_set(w->e, 0, "%s%s%s: required", path, *path ? "." : "", sc->f[k].name);
	return 0;
}

/* ---- what types alone do not check ---- */

static int absolute(const char *s, const char *path, struct bb_err *e)
{
	if (!s || s[0] != '/')
		return bb_err_set(e, 0, "%s: \"%.200s\" is not an absolute path", path, s ? s : "");
	return 0;
}

/* MAJOR.MINOR.PATCH[-PRE][+BUILD], major 1. */
static int check_version(const char *v, struct bb_err *e)
{
	const char *p = v;
	int part;

	for (part = 0; part < 3; part++) {
		if (part && *p++ != '.')
			goto bad;
		if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
			goto bad;
		if (part == 0 && (*p != '1' || (p[1] >= '0' && p[1] <= '9')))
			return bb_err_set(e, 0, "ociVersion: \"%.40s\": ctbox runs runtime-spec %s to 1.x",
					  v, OCI_VERSION_MIN);
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p && *p != '-' && *p != '+')
		goto bad;
	return 0;
bad:
	return bb_err_set(e, 0, "ociVersion: \"%.40s\" is not a version (MAJOR.MINOR.PATCH)", v);
}

static int check_process(const struct oci_process *p, struct bb_err *e)
{
	unsigned seen[ARRAY_SIZE(oci_rlimit_names)] = { 0 };
	size_t i;

	if (absolute(p->cwd, "process.cwd", e) < 0)
		return -1;
	if (!p->args.n)
		return bb_err_set(e, 0, "process.args: required (the command to run)");
	for (i = 0; i < p->env.n; i++)
		if (!strchr(p->env.v[i], '=') || p->env.v[i][0] == '=')
			return bb_err_set(e, 0, "process.env[%zu]: \"%.64s\" is not NAME=VALUE", i, p->env.v[i]);
	for (i = 0; i < p->n_rlimits; i++) {
		const struct oci_rlimit *r = &p->rlimits[i];

		if (seen[r->type - 1]++)
			return bb_err_set(e, 0, "process.rlimits[%zu].type: %s given twice", i,
					  oci_rlimit_names[r->type - 1]);
		if (r->soft.v > r->hard.v)
			return bb_err_set(e, 0, "process.rlimits[%zu]: soft limit %llu above the hard limit %llu",
					  i, (unsigned long long)r->soft.v, (unsigned long long)r->hard.v);
	}
	return 0;
}

static int check_linux(const struct oci_linux *l, struct bb_err *e)
{
	unsigned seen = 0;
	char path[64];
	size_t i;

	for (i = 0; i < l->n_namespaces; i++) {
		const struct oci_ns *ns = &l->namespaces[i];

		if (seen & (1u << ns->type))
			return bb_err_set(e, 0, "linux.namespaces[%zu].type: %s given twice", i,
					  oci_ns_names[ns->type - 1]);
		seen |= 1u << ns->type;
		snprintf(path, sizeof(path), "linux.namespaces[%zu].path", i);
		if (ns->path && absolute(ns->path, path, e) < 0)
			return -1;
	}
	for (i = 0; i < l->n_devices; i++) {
		const struct oci_device *d = &l->devices[i];

		snprintf(path, sizeof(path), "linux.devices[%zu].path", i);
		if (absolute(d->path, path, e) < 0)
			return -1;
		if (d->type != OCI_DEV_P && (!d->major.set || !d->minor.set))
			return bb_err_set(e, 0, "linux.devices[%zu]: major and minor are required for type %s",
					  i, dev_types[d->type - 1]);
	}
	for (i = 0; i < l->resources.n_devices; i++) {
		const char *a = l->resources.devices[i].access;

		if (a && (!*a || a[strspn(a, "rwm")]))
			return bb_err_set(e, 0, "linux.resources.devices[%zu].access: \"%.20s\" is not made of r, w and m",
					  i, a);
	}
	for (i = 0; i < l->resources.n_hugepage_limits; i++) {
		const char *s = l->resources.hugepage_limits[i].page_size;
		size_t n = strspn(s, "0123456789");

		if (!n || strlen(s) != n + 2 || !strchr("KMG", s[n]) || s[n + 1] != 'B')
			return bb_err_set(e, 0, "linux.resources.hugepageLimits[%zu].pageSize: \"%.20s\" is not a size like 2MB",
					  i, s);
	}
	if (l->cgroups_path && strstr(l->cgroups_path, ".."))
		return bb_err_set(e, 0, "linux.cgroupsPath: \"%.200s\" holds \"..\"", l->cgroups_path);
	return 0;
}

static int check(const struct oci_spec *s, struct bb_err *e)
{
	char path[64];
	size_t i, k;

	if (check_version(s->oci_version, e) < 0)
		return -1;
	if (s->process && check_process(s->process, e) < 0)
		return -1;
	for (k = 0; k < OCI_HOOK_MAX; k++)
		for (i = 0; i < s->hooks[k].n; i++) {
			snprintf(path, sizeof(path), "hooks.%s[%zu].path", oci_hook_names[k], i);
			if (absolute(s->hooks[k].v[i].path, path, e) < 0)
				return -1;
		}
	for (i = 0; i < s->n_mounts; i++)
		if (!*s->mounts[i].destination)
			return bb_err_set(e, 0, "mounts[%zu].destination: empty", i);
	if (s->linux_ && check_linux(s->linux_, e) < 0)
		return -1;
	return 0;
}

struct oci_spec *oci_spec_parse(const char *buf, size_t len, const char *name, struct bb_err *e)
{
	struct oci_spec *s = calloc(1, sizeof(*s));
	struct walk w;

	if (!s) {
		bb_err_set(e, ENOMEM, "%s: out of memory", name);
		return NULL;
	}
	if (json_parse(&s->doc, name, buf, len, OCI_SPEC_MAX, e) < 0)
		goto fail;
	w.doc = &s->doc;
	w.e = e;
	if (json_want(s->doc.root, JSON_OBJECT, "config.json", e) < 0 ||
	    walk_obj(&w, s->doc.root, &spec_s, (char *)s, "") < 0 || check(s, e) < 0)
		goto fail;
	return s;
fail:
	oci_spec_free(s);
	return NULL;
}

struct oci_spec *oci_spec_load(const char *path, struct bb_err *e)
{
	struct oci_spec *s;
	size_t len;
	char *buf = read_file(path, OCI_SPEC_MAX + 1, &len);

	if (!buf) {
		bb_err_set(e, errno, "can't read %s", path);
		return NULL;
	}
	s = oci_spec_parse(buf, len, path, e);
	free(buf);
	return s;
}

void oci_spec_free(struct oci_spec *s)
{
	if (!s)
		return;
	json_doc_free(&s->doc);
	free(s);
}
