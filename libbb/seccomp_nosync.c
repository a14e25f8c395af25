/* A filter that turns the sync family into no-ops, for the rootfs
 * builder's maintainer scripts (what mmdebstrap gets from eatmydata):
 * dpkg fsyncs every status and info file it touches, each a journal
 * commit on ext4, while one syncfs at the end makes the root as durable.
 *
 *     ld arch; jeq NATIVE -> N; jeq COMPAT -> C; ret ALLOW
 *  N: ld nr; jeq fsync -> Z; ... jeq msync -> M; ret ALLOW
 *     M: ld arg2 (low half); jset MS_SYNC -> Z; ret ALLOW
 *     Z: ret ERRNO|0 (the call returns 0, not run)
 *  C: the same with the compat numbers
 *
 * Everything else is allowed, x32 and foreign arches included (they are
 * no business of this filter). msync counts only with MS_SYNC: MS_ASYNC
 * does nothing on Linux anyway, and its checks stay. O_SYNC in open
 * flags cannot be dropped by a filter and is rare in scripts. */
#include <errno.h>
#include <stdlib.h>
#include <linux/filter.h>

#include "seccomp.h"

#define OFF_NR 0
#define OFF_ARCH 4
#define OFF_ARG2_LO 32  /* seccomp_data.args[2], low half (little-endian) */
#define NOSYNC_MS_SYNC 4 /* MS_SYNC, the same on every Linux arch here */
#define MAX_NR 16

/* The calls that only make data durable: skipping them changes nothing a
 * process can see (the page cache is the same) until the machine crashes.
 * Several names for one call (arm's sync_file_range2); unknown ones are
 * ignored. */
static const char *const nosync_calls[] = {
	"fsync", "fdatasync", "sync", "syncfs", "sync_file_range", "sync_file_range2",
	"arm_sync_file_range",
};

static void put(struct sock_filter *f, unsigned *n, uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	f[(*n)++] = (struct sock_filter){ code, jt, jf, k };
}

/* The numbers of one arch (col: 0 native, 1 compat), no duplicates. */
static size_t numbers(const struct sc_arch *a, int col, uint32_t *nr, int *msync)
{
	size_t n = 0, i, k;
	int v[2];

	for (i = 0; i < ARRAY_SIZE(nosync_calls); i++) {
		if (sc_arch_lookup(a, nosync_calls[i], v) < 0 || v[col] < 0)
			continue;
		for (k = 0; k < n && nr[k] != (uint32_t)v[col]; k++)
			;
		if (k == n && n < MAX_NR)
			nr[n++] = (uint32_t)v[col];
	}
	*msync = sc_arch_lookup(a, "msync", v) == 0 ? v[col] : -1;
	return n;
}

/* One arch's block at f + *n: 1 + k + 1 + 3 + 1 instructions. */
static void block(struct sock_filter *f, unsigned *n, const struct sc_arch *a, int col)
{
	uint32_t nr[MAX_NR];
	int ms;
	size_t k = numbers(a, col, nr, &ms), i;
	unsigned z = *n + 1 + (unsigned)k + (ms >= 0) + 1 + (ms >= 0 ? 3 : 0);
	unsigned m = *n + 1 + (unsigned)k + (ms >= 0) + 1;

	put(f, n, BPF_LD | BPF_W | BPF_ABS, OFF_NR, 0, 0);
	for (i = 0; i < k; i++)
		put(f, n, BPF_JMP | BPF_JEQ | BPF_K, nr[i], (uint8_t)(z - *n - 1), 0);
	if (ms >= 0)
		put(f, n, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)ms, (uint8_t)(m - *n - 1), 0);
	put(f, n, BPF_RET | BPF_K, SC_RET_ALLOW, 0, 0);
	if (ms >= 0) {
		put(f, n, BPF_LD | BPF_W | BPF_ABS, OFF_ARG2_LO, 0, 0);
		put(f, n, BPF_JMP | BPF_JSET | BPF_K, NOSYNC_MS_SYNC, 1, 0);
		put(f, n, BPF_RET | BPF_K, SC_RET_ALLOW, 0, 0);
	}
	put(f, n, BPF_RET | BPF_K, SC_RET_ERRNO | 0, 0, 0);
}

int sc_nosync_program(const struct sc_arch *a, struct sc_prog *out, struct bb_err *e)
{
	/* header 4, and per arch at most 1 + MAX_NR + 1 + 1 + 3 + 1 */
	struct sock_filter *f = calloc(4 + 2 * (MAX_NR + 7), sizeof(*f));
	int compat = a->compat_audit != 0;
	unsigned n = 0, c;

	out->insns = NULL;
	out->len = 0;
	if (!f)
		return bb_err_set(e, ENOMEM, "seccomp filter");
	put(f, &n, BPF_LD | BPF_W | BPF_ABS, OFF_ARCH, 0, 0);
	put(f, &n, BPF_JMP | BPF_JEQ | BPF_K, a->audit, (uint8_t)(compat ? 2 : 1), 0);
	if (compat)
		put(f, &n, BPF_JMP | BPF_JEQ | BPF_K, a->compat_audit, 0, 0); /* jt patched below */
	put(f, &n, BPF_RET | BPF_K, SC_RET_ALLOW, 0, 0);
	block(f, &n, a, 0);
	if (compat) {
		c = n;
		f[2].jt = (uint8_t)(c - 3);
		block(f, &n, a, 1);
	}
	out->insns = f;
	out->len = (unsigned short)n;
	return 0;
}
