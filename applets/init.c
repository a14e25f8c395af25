/* init: a minimal PID 1 for application containers (execute) and alone. */
//config:config INIT
//config:	bool "init: a minimal init that runs one command (like tini)"
//config:	default y
//config:	help
//config:	  Run a command as the child of a small init that reaps zombies,
//config:	  forwards signals to it and exits with its status. execute runs
//config:	  it as the container's PID 1.
//applet:init
//usage:[--] COMMAND [ARG]...
//usage:
//usage:Run COMMAND as a child: reap every zombie (as PID 1, or as a child
//usage:subreaper elsewhere), forward SIGTERM SIGINT SIGHUP SIGQUIT SIGUSR1
//usage:SIGUSR2 SIGWINCH to it (SIGPWR, a container's halt signal, as SIGTERM),
//usage:and exit with its exit status (128+N when killed by signal N).
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libbb.h"

static const struct { int sig, as; } forwarded[] = {
	{ SIGTERM, SIGTERM }, { SIGINT, SIGINT }, { SIGHUP, SIGHUP }, { SIGQUIT, SIGQUIT },
	{ SIGUSR1, SIGUSR1 }, { SIGUSR2, SIGUSR2 }, { SIGWINCH, SIGWINCH }, { SIGPWR, SIGTERM },
};

int init_main(int argc, char **argv)
{
	sigset_t mask, old;
	int i = 1, sfd, status = 0, tty = isatty(STDIN_FILENO);
	pid_t child;
	size_t k;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		bb_show_usage();
	if (getpid() != 1)
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	for (k = 0; k < ARRAY_SIZE(forwarded); k++)
		sigaddset(&mask, forwarded[k].sig);
	sigaddset(&mask, SIGTTIN);
	sigaddset(&mask, SIGTTOU);
	sigprocmask(SIG_BLOCK, &mask, &old);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0)
		bb_perror_msg_and_die("signalfd");
	child = fork();
	if (child < 0)
		bb_perror_msg_and_die("fork");
	if (child == 0) {
		/* Its own process group, in the foreground of the terminal:
		 * job control works in a shell run this way. (SIGTTOU is still
		 * blocked: a background group may take the terminal.) */
		setpgid(0, 0);
		if (tty)
			tcsetpgrp(STDIN_FILENO, getpid());
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(argv[i], argv + i);
		die_status = errno == ENOENT ? 127 : 126;
		bb_perror_msg_and_die("can't execute '%s'", argv[i]);
	}
	setpgid(child, child);
	for (;;) {
		struct signalfd_siginfo si;
		pid_t pid;
		int st;

		if (read(sfd, &si, sizeof(si)) != sizeof(si)) {
			if (errno == EINTR)
				continue;
			bb_perror_msg_and_die("signalfd");
		}
		for (k = 0; k < ARRAY_SIZE(forwarded); k++)
			if ((int)si.ssi_signo == forwarded[k].sig)
				kill(child, forwarded[k].as);
		if (si.ssi_signo != SIGCHLD)
			continue;
		/* Every zombie: the command and whatever it left behind. */
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			if (pid == child) {
				status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
				child = 0;
			}
		if (!child && pid < 0 && errno == ECHILD)
			return status;
		if (!child && getpid() == 1)
			return status; /* the kernel ends the rest of the namespace */
	}
}
