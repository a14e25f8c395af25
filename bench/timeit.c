/* timeit: the median wall time of running commands, with little of its
 * own in the figure (no shell, no date(1) per sample).
 *
 *   timeit [-a] [-n RUNS] [-p PAUSE_MS] CMD [ARG]... [';;' CMD [ARG]...]...
 *
 * Each sample runs the ';;'-separated commands one after the other
 * (stdout and stderr to /dev/null) and fails the whole run when one exits
 * non-zero. Prints the median in milliseconds with 3 decimals, or with -a
 * every sample, one a line (for a median over several series). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int run(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs = 15, pause_ms = 0, all = 0, i = 1, k, o;
	double *t;

	while ((o = getopt(argc, argv, "+an:p:")) != -1) {
		if (o == 'a')
			all = 1;
		else if (o == 'n')
			runs = atoi(optarg);
		else if (o == 'p')
			pause_ms = atoi(optarg);
		else
			return 2;
	}
	i = optind;
	if (i >= argc || runs < 1) {
		fprintf(stderr, "usage: timeit [-a] [-n RUNS] [-p PAUSE_MS] CMD [ARG]... [';;' CMD...]\n");
		return 2;
	}
	/* Split the commands at ";;". */
	for (k = i; k < argc; k++)
		if (strcmp(argv[k], ";;") == 0)
			argv[k] = NULL;
	t = calloc(runs, sizeof(*t));
	for (k = 0; k < runs; k++) {
		double t0;
		int c;

		if (pause_ms) {
			struct timespec ts = { pause_ms / 1000, (pause_ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
		t0 = now_ms();
		for (c = i; c < argc; c++) {
			int r = run(argv + c);

			if (r != 0) {
				fprintf(stderr, "timeit: '%s' exited with %d\n", argv[c], r);
				return 1;
			}
			while (c < argc && argv[c])
				c++;
		}
		t[k] = now_ms() - t0;
	}
	if (all) {
		for (k = 0; k < runs; k++)
			printf("%.3f\n", t[k]);
		return 0;
	}
	qsort(t, runs, sizeof(*t), cmp);
	printf("%.3f\n", runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2);
	return 0;
}
