/* peakrss: the peak resident set of a command and of the processes it
 * runs, for the benches that compare runtimes' memory.
 *
 *   peakrss [-n RUNS] CMD [ARG]...
 *
 * Runs CMD RUNS times (stdout and stderr to /dev/null; a non-zero exit
 * fails the whole run) and prints two medians in KiB:
 *   TREE  wait4's ru_maxrss of CMD's process: the largest peak of that
 *         process and of every descendant it (or a child of it, and so on)
 *         reaped. The kernel folds a process's peak before each execve
 *         into that figure, so a forked helper that later execs counts
 *         with its pre-exec size, and so does whatever runs after its
 *         last exec (a container's payload). At least TOP.
 *   TOP   VmHWM of CMD's own process as it exits (traced to its exit
 *         event): that one process after its last execve, its children
 *         left out.
 * Build it static and small: its own forked child, before the execve,
 * counts in TREE too. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* VmHWM of PID in KiB, or -1. */
static long vmhwm(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* One run: *tree and *top in KiB. Returns CMD's exit status, -1 when it
 * could not be run. */
static int one(char **argv, long *tree, long *top)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	*top = -1;
	/* The stop after execve, then one at the exit event. */
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return -1;
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)(PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC |
								  PTRACE_O_EXITKILL));
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	for (;;) {
		if (wait4(pid, &status, 0, &ru) != pid)
			return -1;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (status >> 8 == (SIGTRAP | PTRACE_EVENT_EXIT << 8)) {
			*top = vmhwm(pid);
			ptrace(PTRACE_CONT, pid, NULL, NULL);
		} else if (status >> 16) {
			/* Another event (a re-exec of itself): go on. */
			ptrace(PTRACE_CONT, pid, NULL, NULL);
		} else {
			/* A signal for the process: deliver it. */
			ptrace(PTRACE_CONT, pid, NULL, (void *)(long)WSTOPSIG(status));
		}
	}
	/* The two counters are sampled at different moments and may differ
	 * by a few pages: the larger is the peak. */
	*tree = ru.ru_maxrss > *top ? ru.ru_maxrss : *top;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static long median(long *v, int n)
{
	qsort(v, n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	int runs = 5, o, k;
	long *tree, *top;

	while ((o = getopt(argc, argv, "+n:")) != -1) {
		if (o != 'n')
			return 2;
		runs = atoi(optarg);
	}
	if (optind >= argc || runs < 1) {
		fprintf(stderr, "usage: peakrss [-n RUNS] CMD [ARG]...\n");
		return 2;
	}
	tree = calloc(runs, sizeof(*tree));
	top = calloc(runs, sizeof(*top));
	if (!tree || !top)
		return 1;
	for (k = 0; k < runs; k++) {
		int r = one(argv + optind, &tree[k], &top[k]);

		if (r != 0) {
			fprintf(stderr, "peakrss: '%s' exited with %d\n", argv[optind], r);
			return 1;
		}
	}
	printf("%ld %ld\n", median(tree, runs), median(top, runs));
	return 0;
}
