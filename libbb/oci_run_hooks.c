/* OCI hooks: each one run with its args and env (exactly), the state
 * JSON on stdin, killed after its timeout; createContainer and
 * startContainer hooks in the container's namespaces (startContainer's
 * path in the container's, createContainer's in the runtime's, as the
 * runtime-spec says). A hook that fails (exit
 * status, signal, timeout) fails the step that runs it. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oci_run.h"

char *oci_state_string(const struct oci_ct *o, const char *id, const char *status, pid_t pid)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_w w;

	if (!f)
		return NULL;
	jw_init(&w, f, NULL);
	jw_obj(&w, NULL);
	jw_str(&w, "ociVersion", OCI_VERSION_DEFAULT);
	jw_str(&w, "id", id);
	jw_str(&w, "status", status);
	jw_i64(&w, "pid", pid);
	jw_str(&w, "bundle", o->bundle);
	if (o->annotations)
		jw_value(&w, "annotations", o->annotations);
	jw_close(&w);
	if (jw_end(&w) < 0) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

/* The container's namespaces a hook joins (not its PID or user one);
 * the mount namespace only for startContainer, whose path is the
 * container's: createContainer's path and files are the runtime's. */
static const struct { const char *name; int flag; } hook_ns[] = {
	{ "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET },
	{ "cgroup", CLONE_NEWCGROUP }, { "mnt", CLONE_NEWNS },
};

static void NORETURN hook_child(const struct oci_hook *h, int in, pid_t ns_pid, int mnt)
{
	const char *argv1[2] = { h->path, NULL };
	const char *envp0[1] = { NULL };
	size_t i;

	for (i = 0; ns_pid > 0 && i < ARRAY_SIZE(hook_ns); i++) {
		char p[64];
		int fd;

		if (hook_ns[i].flag == CLONE_NEWNS && !mnt)
			continue;
		snprintf(p, sizeof(p), "/proc/%d/ns/%s", (int)ns_pid, hook_ns[i].name);
		fd = open(p, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, hook_ns[i].flag) < 0)
			_exit(126);
		close(fd);
	}
	if (mnt && chdir("/") < 0)
		_exit(126);
	dup2(in, 0);
	if (in > 0)
		close(in);
	execve(h->path, (char *const *)(h->args.n ? h->args.v : argv1),
	       (char *const *)(h->env.n ? h->env.v : envp0));
	_exit(127);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int run_one(const struct oci_hook *h, const char *path, const char *state, pid_t ns_pid,
		   int mnt, struct bb_err *e)
{
	int p[2], status = 0;
	long long deadline = h->timeout.set ? now_ms() + h->timeout.v * 1000LL : 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return bb_err_set(e, errno, "%s: pipe", path);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(p[0]), close(p[1]);
		return bb_err_set(e, errno, "%s: can't run '%s'", path, h->path);
	}
	if (pid == 0) {
		close(p[1]);
		signal(SIGPIPE, SIG_DFL);
		hook_child(h, p[0], ns_pid, mnt);
	}
	close(p[0]);
	{
		/* A hook need not read its stdin. */
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);

		(void)full_write(p[1], state, strlen(state));
		signal(SIGPIPE, old);
	}
	close(p[1]);
	for (;;) {
		pid_t w = waitpid(pid, &status, deadline ? WNOHANG : 0);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return bb_err_set(e, errno, "%s: waiting for '%s'", path, h->path);
		if (deadline && now_ms() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return bb_err_set(e, 0, "%s: '%s' timed out after %lld s", path, h->path,
					  (long long)h->timeout.v);
		}
		if (deadline)
			poll(NULL, 0, 10);
	}
	if (WIFSIGNALED(status))
		return bb_err_set(e, 0, "%s: '%s' was killed by signal %d", path, h->path, WTERMSIG(status));
	if (WEXITSTATUS(status) == 127 || WEXITSTATUS(status) == 126)
		return bb_err_set(e, 0, "%s: can't execute '%s' (status %d)", path, h->path, WEXITSTATUS(status));
	if (WEXITSTATUS(status))
		return bb_err_set(e, 0, "%s: '%s' exited with status %d", path, h->path, WEXITSTATUS(status));
	return 0;
}

int oci_hooks_run(const struct oci_spec *s, int kind, const char *state, pid_t ns_pid,
		  struct bb_err *e)
{
	struct bb_err ignored;
	size_t i;

	if (!s)
		return 0;
	if (!e)
		e = &ignored;
	for (i = 0; i < s->hooks[kind].n; i++) {
		char path[64];

		snprintf(path, sizeof(path), "hooks.%s[%zu]", oci_hook_names[kind], i);
		if (run_one(&s->hooks[kind].v[i], path, state, ns_pid,
			    kind == OCI_HOOK_START_CONTAINER, e) < 0)
			return -1;
	}
	return 0;
}
