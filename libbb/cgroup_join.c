/* A new process born into its groups, or joining them itself, without
 * the kernel's global migration lock (see cgroup.h).
 *
 * Moving a whole process (a write to cgroup.procs, or to tasks with a
 * PID) write-locks cgroup_threadgroup_rwsem, whose first taker after a
 * quiet spell waits for an RCU grace period while holding cgroup_mutex
 * (milliseconds, during which no group can be made or removed either).
 * Two ways in take no such lock:
 * - v2: clone3 with CLONE_INTO_CGROUP (Linux 5.7), which only read-locks
 *   it, as every fork does;
 * - v1: a thread moving itself, "0" written to the hierarchy's tasks
 *   file (for a single-threaded process that is the whole process). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "fallback.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

void cg_join_init(struct cg_join *j)
{
	int i;

	j->dir = j->dir_at = -1;
	for (i = 0; i < CG_HIER_MAX; i++)
		j->tasks[i] = -1;
}

static int open_in(const struct cg_host *h, const struct cg_group *g, int i, const char *file,
		   int flags, struct bb_err *e)
{
	char *p = cg_path(h, g, i, file);
	int fd;

	if (!p)
		return bb_err_set(e, ENOMEM, "cgroup");
	fd = open(p, flags | O_CLOEXEC);
	if (fd < 0)
		bb_err_set(e, errno, "can't open '%s'", p);
	free(p);
	return fd;
}

int cg_join_open(const struct cg_host *h, const struct cg_group *g, struct cg_join *j,
		 struct bb_err *e)
{
	int i;

	cg_join_init(j);
	for (i = 0; i < h->n; i++) {
		if (!g->path[i][0])
			continue;
		if (!h->h[i].v2)
			j->tasks[i] = open_in(h, g, i, "tasks", O_WRONLY, e);
		else if (j->dir < 0)
			j->dir = open_in(h, g, j->dir_at = i, NULL, O_RDONLY | O_DIRECTORY, e);
		else
			continue; /* a second v2 mount: joined by PID */
		if ((h->h[i].v2 ? j->dir : j->tasks[i]) < 0) {
			cg_join_close(j);
			return -1;
		}
	}
	return 0;
}

int cg_join_self(struct cg_join *j, struct bb_err *e)
{
	int i, r = 0;

	for (i = 0; i < CG_HIER_MAX; i++) {
		if (j->tasks[i] < 0)
			continue;
		if (!r && write(j->tasks[i], "0", 1) != 1)
			r = bb_err_set(e, errno, "can't join the container's cgroups");
	}
	cg_join_close(j);
	return r;
}

int cg_join_left(const struct cg_join *j, int born_in, int i)
{
	return j->tasks[i] < 0 && !(born_in && i == j->dir_at);
}

int cg_join_rest(const struct cg_host *h, const struct cg_group *g, const struct cg_join *j,
		 int born_in, pid_t pid, struct bb_err *e)
{
	struct cg_group rest = *g;
	int i;

	for (i = 0; i < h->n; i++)
		if (!cg_join_left(j, born_in, i))
			rest.path[i][0] = '\0';
	return cg_attach(h, &rest, pid, e);
}

pid_t cg_clone_into(unsigned long flags, const struct cg_join *j, int *born_in)
{
	long pid;

	*born_in = 0;
	if (j->dir >= 0 && bb_have(BB_CLONE3)) {
		struct {
			uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size,
				tls, set_tid, set_tid_size, cgroup;
		} a = { .flags = flags | CLONE_INTO_CGROUP, .exit_signal = SIGCHLD,
			.cgroup = (uint64_t)j->dir };

		pid = syscall(SYS_clone3, &a, sizeof(a));
		if (pid >= 0) {
			*born_in = 1;
			return (pid_t)pid;
		}
	}
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

void cg_join_close(struct cg_join *j)
{
	int i;

	for (i = 0; i < CG_HIER_MAX; i++)
		if (j->tasks[i] >= 0) {
			close(j->tasks[i]);
			j->tasks[i] = -1;
		}
	if (j->dir >= 0) {
		close(j->dir);
		j->dir = -1;
	}
}
