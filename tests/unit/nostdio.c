/* Unit tests of ctbox's output-only stdio (libbb/nostdio.c, OWN_STDIO),
 * built into this test with printf.c's vfprintf in place of musl's: the
 * string formatters (truncation, counts, asprintf's allocation); stdout
 * and stderr written at each call, with nothing left to flush (a fork
 * does not repeat it); long output; a write error. This test's own TAP
 * lines go through it too. */
#include "tap.h"

#ifdef __GLIBC__
int main(void)
{
	plan_skip_all("glibc (the sanitizer build): nostdio.c replaces musl's stdio only");
}
#else
#define CTBOX_OWN_LIBC 1
#define BB_NOSTDIO 1
#include "../../libbb/printf.c"
#include "../../libbb/nostdio.c"

#include <fcntl.h>

/* What fd holds now, read without waiting (NUL-terminated). */
static const char *drain(int fd)
{
	static char buf[4096];
	ssize_t n;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Point fd to a new pipe's writing end: its reading end, and the old fd
 * in *saved. */
static int capture(int fd, int *saved)
{
	int p[2];

	if (pipe(p) < 0)
		return -1;
	*saved = dup(fd);
	dup2(p[1], fd);
	close(p[1]);
	return p[0];
}

static void restore(int fd, int saved)
{
	dup2(saved, fd);
	close(saved);
}

/* A size the compiler does not see (no truncation warning). */
static size_t size_of(size_t n)
{
	volatile size_t v = n;

	return v;
}

static void strings(void)
{
	char buf[16], big[400], *s = NULL;
	int r;

	r = snprintf(buf, sizeof(buf), "%s-%d", "ab", 42);
	ok(r == 5 && strcmp(buf, "ab-42") == 0, "snprintf: text and count");
	memset(buf, 'x', sizeof(buf));
	r = snprintf(buf, size_of(5), "abcdefgh");
	ok(r == 8 && strcmp(buf, "abcd") == 0, "snprintf truncates at n-1 and counts all (%d, '%s')", r, buf);
	ok(buf[5] == 'x', "and writes nothing past n");
	is_int(snprintf(NULL, 0, "%d%s", 123, "45"), 5, "snprintf(NULL, 0): the length");
	buf[0] = 'x';
	r = snprintf(buf, size_of(1), "abc");
	ok(r == 3 && buf[0] == '\0', "snprintf with n 1: an empty string");
	r = sprintf(buf, "%05d|%-3s|", 7, "a");
	ok(r == 10 && strcmp(buf, "00007|a  |") == 0, "sprintf");
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	r = asprintf(&s, "<%s>", big);
	ok(r == (int)sizeof(big) + 1 && s && s[0] == '<' && strncmp(s + 1, big, sizeof(big) - 1) == 0 &&
	   strcmp(s + sizeof(big), ">") == 0, "asprintf: 401 bytes, allocated to fit");
	free(s);
}

static void streams(void)
{
	int saved, rd, st;
	pid_t pid;

	rd = capture(2, &saved);
	fprintf(stderr, "e%d", 1);
	fputs("x", stderr);
	fputc('y', stderr);
	fwrite("zz", 1, 2, stderr);
	restore(2, saved);
	is_str(drain(rd), "e1xyzz", "stderr: each call written at once");
	close(rd);

	rd = capture(1, &saved);
	printf("a%c", 'b');
	puts("c");
	putchar('d');
	fwrite("ef", 2, 1, stdout);
	pid = fork();
	if (pid == 0)
		exit(0);
	waitpid(pid, &st, 0);
	restore(1, saved);
	is_str(drain(rd), "abc\ndef", "stdout: each call written at once, nothing repeated by a child's exit");
	close(rd);
	is_int(fflush(stdout), 0, "fflush: nothing to do");

	rd = capture(2, &saved);
	fprintf(stderr, "%300s|%s", "", "end");
	restore(2, saved);
	is_int((int)strlen(drain(rd)), 304, "a call longer than printf.c's 128-byte piece arrives whole");
	close(rd);

	saved = dup(2);
	close(2);
	is_int(fputs("lost", stderr), EOF, "fputs to a closed descriptor: EOF");
	is_int(fprintf(stderr, "%s", "lost"), -1, "fprintf to a closed descriptor: -1");
	is_int(fputc('l', stderr), EOF, "fputc to a closed descriptor: EOF");
	dup2(saved, 2);
	close(saved);
}

int main(void)
{
	plan(14);
	strings();
	streams();
	return done_testing();
}
#endif
