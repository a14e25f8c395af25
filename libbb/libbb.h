/* libbb: the mechanisms every applet shares.
 *
 * Two kinds of functions live here:
 * - x-functions (xmalloc, xopen, ...) and *_and_die helpers: for applet code
 *   only; they print "ctbox: APPLET: what: why" and exit.
 * - everything else returns errors to its caller (-1 and a filled struct
 *   bb_err, or -errno) and never exits: the monitor and forked children
 *   must survive a failure.
 */
#ifndef CTBOX_LIBBB_H
#define CTBOX_LIBBB_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NORETURN __attribute__((noreturn))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* ---- messages (messages.c) ---- */

/* Set by the dispatcher to the applet's canonical name. */
extern const char *applet_name;

void bb_verror_msg(const char *fmt, va_list ap, const char *strerr);
void bb_error_msg(const char *fmt, ...) PRINTF_LIKE(1, 2);
void bb_perror_msg(const char *fmt, ...) PRINTF_LIKE(1, 2);
void bb_warn_msg(const char *fmt, ...) PRINTF_LIKE(1, 2);
NORETURN void bb_error_msg_and_die(const char *fmt, ...) PRINTF_LIKE(1, 2);
NORETURN void bb_perror_msg_and_die(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Exit status of the *_and_die helpers (1, like LXC's tools). */
extern int die_status;

/* An error as a value: library code fills one and returns -1. */
struct bb_err {
	int errnum;     /* errno of the cause, 0 if none */
	char msg[480];  /* what failed, without the applet prefix */
};

int bb_err_set(struct bb_err *e, int errnum, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
/* Print "ctbox: APPLET: MSG[: strerror]". */
void bb_err_print(const struct bb_err *e);
NORETURN void bb_err_die(const struct bb_err *e);

/* ---- x-functions for applet code (xfuncs.c) ---- */

void *xmalloc(size_t n);
void *xzalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
int xopen(const char *path, int flags, mode_t mode);
void xwrite(int fd, const void *buf, size_t len);

/* ---- error-returning I/O (io.c) ---- */

/* Write all of buf; -1 with errno on error. */
ssize_t full_write(int fd, const void *buf, size_t len);
/* Read up to len bytes, retrying on EINTR and short reads. */
ssize_t full_read(int fd, void *buf, size_t len);
/* The same at offset off (pread): short only at the end of the file. */
ssize_t full_pread(int fd, void *buf, size_t len, unsigned long long off);
/* Read a whole (small) file into a NUL-terminated malloc'd buffer.
 * Returns NULL with errno set. *lenp gets the length when non-NULL. */
char *read_file(const char *path, size_t max, size_t *lenp);
/* rename(tmp, path) for a file written at tmp: readers of path see the
 * old or the new content. An existing path is exchanged with tmp, which
 * is then removed: a rename over a file makes ext4 write the new one's
 * data out at once (auto_da_alloc), and removing a file whose data is
 * being written waits for the disk. 0, or -1 with errno. */
int bb_replace(const char *tmp, const char *path);
/* Writes len bytes of buf to path.tmp, then bb_replace(path.tmp, path);
 * path.tmp is removed when that fails. 0, or -1 with errno. */
int bb_write_replace(const char *path, const void *buf, size_t len);
/* The next line of a text read whole (read_file) at *cur: NUL-terminated
 * in place, without its newline; *cur moves past it. NULL at the end. */
char *bb_next_line(char **cur);
/* sendmsg of buf (len > 0) on the unix socket sock, with the descriptor
 * fd in SCM_RIGHTS when fd >= 0: the bytes sent, or -1 with errno. */
ssize_t bb_send_fd(int sock, const void *buf, size_t len, int fd);
/* recvmsg into buf: the bytes, or -1 with errno. A descriptor passed
 * along (close-on-exec) goes to *fd when *fd < 0, else it is closed. */
ssize_t bb_recv_fd(int sock, void *buf, size_t len, int *fd);
/* A decimal number of at most max at *p, followed by the character end
 * (scan.c): 0 with *v set and *p past end, or -1 (*p unchanged). */
int bb_scan_num(const char **p, char end, unsigned long long max, unsigned long long *v);
/* The capabilities of the mask drop out of the bounding set (capbound.c):
 * 0, or -1 with errno and *failed the capability that could not go. */
int bb_drop_bound(uint64_t drop, int *failed);
/* A plain decimal fraction ("300", "2.5", ".5": digits and one '.', at
 * most 15 significant digits and 15 after the point), with exponent also
 * "1e1", "25E-1", as strtod reads it (scan.c): 0, or -1. */
int bb_parse_decimal(const char *s, int exponent, double *d);
/* sscanf's whitespace, literal characters and %d %u %x (with l, ll),
 * %s, %c, %[^...] (with widths), %*..., %n (sscanf.c). Numbers must fit
 * their type, unsigned ones take no sign; another conversion ends the
 * scan. Returns as sscanf: the conversions stored, or EOF. */
int bb_sscanf(const char *s, const char *fmt, ...) __attribute__((format(scanf, 2, 3)));
/* printf's formatting into f (printf.c): what vfprintf is in a static
 * musl build. The byte count, or -1 (a write error, EOVERFLOW). */
int bb_vformat(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The allocator (malloc.c): what malloc, free, calloc and realloc are in
 * a static musl build. A double free, or freeing a pointer it never
 * returned, aborts the process. */
void *bb_malloc(size_t n) __attribute__((malloc));
void bb_free(void *p);
void *bb_calloc(size_t k, size_t n) __attribute__((malloc));
void *bb_realloc(void *p, size_t n);
/* The allocator's lock (malloc.c), held across fork once a thread runs. */
void bb_malloc_lock(void);
void bb_malloc_unlock(void);
/* pthread_create(t, NULL, fn, arg), after making the allocator safe for
 * fork in a process with threads (thread.c): how ctbox starts every
 * thread. */
int bb_thread_start(pthread_t *t, void *(*fn)(void *), void *arg);
/* A static musl build without the rootfs builder starts no thread: fork
 * is musl's _Fork there (nothread.c), and thread.c does not link. For
 * the files that include autoconf.h before this header (tests/unit/
 * syscalls.c sets it). */
#ifndef BB_NOTHREAD
#if defined(CTBOX_OWN_LIBC) && defined(ENABLE_ROOTFS) && !ENABLE_ROOTFS
#define BB_NOTHREAD 1
#else
#define BB_NOTHREAD 0
#endif
#endif
/* The output-only stdio of nostdio.c (Config.in: OWN_STDIO; tests/unit/
 * nostdio.c sets it). */
#ifndef BB_NOSTDIO
#if defined(CTBOX_OWN_LIBC) && defined(ENABLE_OWN_STDIO) && ENABLE_OWN_STDIO
#define BB_NOSTDIO 1
#else
#define BB_NOSTDIO 0
#endif
#endif
/* memcpy, memmove and memset as loops (smallmem.c; Config.in:
 * SIZE_OVER_SPEED, on aarch64; tests/unit/libc.c sets it). */
#ifndef BB_SMALLMEM
#if defined(CTBOX_OWN_LIBC) && defined(__aarch64__) && defined(ENABLE_SIZE_OVER_SPEED) && \
	ENABLE_SIZE_OVER_SPEED
#define BB_SMALLMEM 1
#else
#define BB_SMALLMEM 0
#endif
#endif
/* strtol and its kin (strtol.c), qsort as a stable merge sort (qsort.c)
 * and strstr (strstr.c): the C library's own in a static musl build. */
long bb_strtol(const char *s, char **end, int base);
unsigned long bb_strtoul(const char *s, char **end, int base);
long long bb_strtoll(const char *s, char **end, int base);
unsigned long long bb_strtoull(const char *s, char **end, int base);
void bb_qsort(void *base, size_t n, size_t w, int (*cmp)(const void *, const void *));
char *bb_strstr(const char *h, const char *n);
/* The user and group databases in file (passwd.c): the entry with that
 * name (or, name NULL, that id), NULL if none; the groups of user, as
 * getgrouplist. getpwuid, getpwnam, getgrgid, getgrnam and getgrouplist
 * read /etc/passwd and /etc/group with them in a static musl build. */
struct passwd;
struct group;
struct passwd *bb_pw_find(const char *file, const char *name, uid_t uid);
struct group *bb_gr_find(const char *file, const char *name, gid_t gid);
int bb_grouplist(const char *file, const char *user, gid_t gid, gid_t *groups, int *ngroups);
/* realpath as /proc/self/fd names the path opened (realpath.c); gmtime_r
 * (gmtime.c). The C library's in a static musl build. */
char *bb_realpath(const char *path, char *out);
struct tm;
struct tm *bb_gmtime_r(const time_t *t, struct tm *tm);

/* A sealed memfd copy of this binary (CLOEXEC), or -1 with e (sealed.c). */
int bb_sealed_self(struct bb_err *e);

/* Drop the unused stack from the resident set of a process that will
 * mostly wait from now on, and note the binary's read-only pages for
 * bb_idle_poll (trim.c). */
void bb_trim_resident(void);
/* poll(2); with trim, the pages noted by bb_trim_resident are dropped
 * first, in a way that leaves only one page of code to come back while
 * the process waits. */
struct pollfd;
int bb_idle_poll(struct pollfd *p, unsigned long n, int timeout_ms, int trim);

/* ---- word lists (words.c): "one\0two\0...\0" ---- */

/* The index of s in list (icase: case-insensitive), or -1. */
int bb_word_index(const char *list, const char *s, int icase);
/* The word at index i of list, or NULL past its end. */
const char *bb_word_at(const char *list, size_t i);

/* ---- names and paths (names.c) ---- */

#define CTBOX_NAME_MAX 64

/* Check a container (or bridge, netns ...) name given by a user:
 * non-empty, at most CTBOX_NAME_MAX bytes, no '/', no leading '.',
 * no whitespace or control characters. Returns 0, or -1 and a reason. */
int bb_check_name(const char *name, const char **why);
/* Join a and b with exactly one '/' between them (malloc'd, or NULL). */
char *path_join(const char *a, const char *b);
const char *bb_basename(const char *path);

/* ---- option parsing (opts.c) ---- */

enum bb_opt_kind {
	BB_OPT_END = 0,
	BB_OPT_FLAG,    /* int *: incremented on each use */
	BB_OPT_STR,     /* const char **: last value wins */
	BB_OPT_LIST,    /* struct bb_strlist *: every value appended */
	BB_OPT_INT,     /* long *: decimal integer, within [min, max] */
	BB_OPT_CALL,    /* int (*)(const char *arg, void *ctx): returns 0, or -1 after printing why */
};

struct bb_strlist {
	const char **v;
	size_t n, cap;
};

/* One option. `names` is "x|long-name", "x" or "|long-name". */
struct bb_opt {
	const char *names;
	enum bb_opt_kind kind;
	void *dest;
	long min, max;      /* BB_OPT_INT */
	int (*call)(const char *arg, void *ctx); /* BB_OPT_CALL (dest is ctx) */
	int optional_arg;   /* the argument may be omitted (long form only: --x=V) */
};

#define BB_OPT_ENDMARK { NULL, BB_OPT_END, NULL, 0, 0, NULL, 0 }

/* Flags for bb_getopt. */
enum {
	BB_GETOPT_STOP_AT_NONOPT = 1, /* options end at the first operand */
};

/* Parse argv against `spec` as getopt_long would. --help (and -h unless the
 * spec uses it) prints the applet's usage on stdout and exits 0. A bad
 * option prints "ctbox: APPLET: ..." and a hint, and exits 1.
 * Returns the index of the first operand. For applet code only. */
int bb_getopt(int argc, char **argv, const struct bb_opt *spec, unsigned flags);

/* The same parse without exiting: returns the operand index, -1 on a bad
 * option (why in e), or -2 when --help was asked for. */
int bb_getopt_r(int argc, char **argv, const struct bb_opt *spec,
		unsigned flags, struct bb_err *e);

void bb_strlist_add(struct bb_strlist *l, const char *s);
void bb_strlist_free(struct bb_strlist *l);

/* ---- JSON output (json.c) ---- */

/* s as a JSON string, quotes and escapes included. */
void json_put_str(FILE *f, const char *s);

/* ---- LXC's common options (lxcargs.c) ---- */

struct lxc_args {
	const char *name;      /* -n, --name */
	const char *lxcpath;   /* -P, --lxcpath (default: $CTBOX_LXCPATH, /var/lib/lxc) */
	const char *loglevel;  /* -l, --logpriority */
	const char *logfile;   /* -o, --logfile */
	int quiet;             /* -q, --quiet */
};

#define CTBOX_DEFAULT_LXCPATH "/var/lib/lxc"

#define BB_OPTS_LXC(a) \
	{ "n|name", BB_OPT_STR, &(a)->name, 0, 0, NULL, 0 }, \
	{ "P|lxcpath", BB_OPT_STR, &(a)->lxcpath, 0, 0, NULL, 0 }, \
	{ "l|logpriority", BB_OPT_STR, &(a)->loglevel, 0, 0, NULL, 0 }, \
	{ "o|logfile", BB_OPT_STR, &(a)->logfile, 0, 0, NULL, 0 }, \
	{ "q|quiet", BB_OPT_FLAG, &(a)->quiet, 0, 0, NULL, 0 }

enum { LXC_ARGS_NEED_NAME = 1 };

/* Fill defaults and validate (name, log level). Returns 0 or -1 with e. */
int lxc_args_check(struct lxc_args *a, unsigned flags, struct bb_err *e);
/* The same for applet code: dies with the reason. */
void lxc_args_finish(struct lxc_args *a, unsigned flags);
/* LXC's log levels: TRACE DEBUG INFO NOTICE WARN ERROR CRIT ALERT FATAL.
 * Returns the level's index, or -1. Case-insensitive. */
int lxc_loglevel_parse(const char *s);

/* ---- the applet table (appletlib.c; the table itself is generated) ---- */

/* int NAME_main(int argc, char **argv) for every applet. */
#include "protos.h"

struct applet {
	const char *name;       /* the name it is called by (bare or alias) */
	const char *canonical;  /* the applet's bare name */
	int (*main)(int argc, char **argv);
	unsigned usage;         /* its usage text's offset (main.c: usage_at) */
};

/* Binary search in a table sorted by name (strcmp order). */
const struct applet *find_applet_in(const struct applet *tab, size_t n,
				    const char *name);

/* Usage text of the running applet (without its name) and the name it was
 * called by, both set by the dispatcher. */
extern const char *applet_usage;
extern const char *applet_invoked;
/* Print "Usage: ..." for the running applet to f. */
void bb_show_usage_to(FILE *f);
/* Print usage to stderr and exit 1. */
NORETURN void bb_show_usage(void);

#endif
