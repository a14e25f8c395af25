/* A static probe copied into test containers: it reports, as KEY=VALUE
 * lines, what the inside looks like, so tests check it precisely.
 *   probe [sleep SECONDS]   report, then sleep (to stay the container's init)
 *   probe sys NR [ARGS]     call syscall NR, print "ret=R errno=E" (seccomp tests)
 *   probe sys32 NR [ARGS]   the same as a 32-bit call (int $0x80, x86_64 only)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static void status_field(const char *name)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, name, strlen(name)) == 0 && line[strlen(name)] == ':') {
			char *v = line + strlen(name) + 1;

			v += strspn(v, " \t");
			printf("%s=%s", name, v);
		}
	fclose(f);
}

static int count_pids(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9')
			n++;
	closedir(d);
	return n;
}

static void interfaces(void)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *de;

	printf("ifaces=");
	if (d) {
		while ((de = readdir(d)))
			if (de->d_name[0] != '.')
				printf("%s,", de->d_name);
		closedir(d);
	}
	printf("\n");
}

static void writable(const char *key, const char *path)
{
	int fd = open(path, O_WRONLY);

	printf("%s=%s\n", key, fd >= 0 ? "yes" : errno == EROFS ? "no-erofs" : "no");
	if (fd >= 0)
		close(fd);
}

/* The first line of a small file, as KEY=LINE. */
static void first_line(const char *key, const char *path)
{
	char line[256] = "";
	FILE *f = fopen(path, "r");

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	printf("%s=%s\n", key, line);
}

/* Whether init is at the root of its cgroup namespace in every hierarchy
 * (each line of /proc/self/cgroup ends in ":/"): "yes", "no", or "none"
 * (no such file). */
static void cgroup_root(void)
{
	char line[512];
	const char *v = "none";
	FILE *f = fopen("/proc/self/cgroup", "r");

	while (f && fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\n");

		line[n] = '\0';
		v = n >= 2 && !strcmp(line + n - 2, ":/") && strcmp(v, "no") ? "yes" : "no";
	}
	if (f)
		fclose(f);
	printf("cgroup_root=%s\n", v);
}

static void mounts(void)
{
	char line[1024];
	FILE *f = fopen("/proc/self/mounts", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		printf("mount=%s", line);
	fclose(f);
}

/* A 32-bit syscall from 64-bit code: the kernel takes int $0x80 as an
 * i386 one (AUDIT_ARCH_I386 for seccomp). */
static long sys32(long nr, long a, long b, long c)
{
#ifdef __x86_64__
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory", "r8", "r9", "r10", "r11");
	return (int)r;
#else
	return -ENOSYS;
#endif
}

static int call(int argc, char **argv)
{
	long a[6] = { 0 }, r;
	int i;

	for (i = 0; i < 6 && i + 3 < argc; i++)
		a[i] = (long)strtoull(argv[i + 3], NULL, 0);
	errno = 0;
	if (strcmp(argv[1], "sys32") == 0) {
		r = sys32(atol(argv[2]), a[0], a[1], a[2]);
		if (r < 0 && r > -4096)
			errno = (int)-r, r = -1;
	} else {
		r = syscall(atol(argv[2]), a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	printf("ret=%ld errno=%d\n", r < 0 ? -1L : r, r < 0 ? errno : 0);
	return 0;
}

int main(int argc, char **argv)
{
	struct utsname u;
	char cwd[256];

	if (argc > 2 && (strcmp(argv[1], "sys") == 0 || strcmp(argv[1], "sys32") == 0))
		return call(argc, argv);

	uname(&u);
	printf("pid=%d\n", (int)getpid());
	printf("hostname=%s\n", u.nodename);
	printf("uid=%d\n", (int)getuid());
	printf("cwd=%s\n", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
	printf("container=%s\n", getenv("container") ? getenv("container") : "");
	printf("path=%s\n", getenv("PATH") ? getenv("PATH") : "");
	printf("pids=%d\n", count_pids());
	printf("stdin_tty=%d\n", isatty(0));
	status_field("CapBnd");
	status_field("CapEff");
	status_field("NoNewPrivs");
	status_field("Seccomp");
	writable("sysrq_writable", "/proc/sysrq-trigger");
	writable("proc_sys_writable", "/proc/sys/kernel/hostname");
	printf("console=%s\n", access("/dev/console", F_OK) == 0 ? "yes" : "no");
	printf("devnull=%s\n", access("/dev/null", W_OK) == 0 ? "yes" : "no");
	printf("old_root_visible=%s\n", access("/proc/1/root/work", F_OK) == 0 ? "maybe" : "no");
	interfaces();
	{
		char flags[32] = "";
		FILE *f = fopen("/sys/class/net/lo/flags", "r");

		if (f) {
			if (!fgets(flags, sizeof(flags), f))
				flags[0] = '\0';
			fclose(f);
		}
		printf("lo_up=%s\n", strtol(flags, NULL, 16) & 1 ? "yes" : "no");
	}
	mounts();
	cgroup_root();
	{
		struct rlimit rl;

		getrlimit(RLIMIT_NOFILE, &rl);
		printf("nofile=%llu:%llu\n", (unsigned long long)rl.rlim_cur,
		       (unsigned long long)rl.rlim_max);
	}
	printf("foo=%s\n", getenv("FOO") ? getenv("FOO") : "");
	first_line("uid_map", "/proc/self/uid_map");
	first_line("ip_forward", "/proc/sys/net/ipv4/ip_forward");
	first_line("oom_score_adj", "/proc/self/oom_score_adj");
	printf("end=1\n");
	fflush(stdout);
	if (argc > 2 && strcmp(argv[1], "sleep") == 0)
		sleep(atoi(argv[2]));
	return argc > 2 && strcmp(argv[1], "exit") == 0 ? atoi(argv[2]) : 0;
}
