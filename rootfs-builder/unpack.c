/* Downloads in a thread, unpacking in a pool of workers (unpack.h). They
 * meet in a queue of the packages verified so far, guarded by a mutex;
 * the claims (claims.h) keep the workers' results those of the packages'
 * order. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "claims.h"
#include "unpack.h"

struct pool {
	pthread_mutex_t mu;      /* guards everything below */
	pthread_cond_t cv;
	struct rb_pipeline *pl;
	struct fetch_item *items;  /* in download order */
	struct fetch_item **item;  /* by package (pl->pkgs' order) */
	struct rb_claims *claims;
	size_t *ready, head, tail; /* packages verified, in arrival order */
	unsigned char *arrived;  /* by package (ordered mode) */
	size_t next;             /* ordered mode: the package due */
	size_t done;             /* unpacked */
	int finished, failed;    /* the fetcher's end */
	volatile int halt;       /* stop fetching */
	struct bb_err ferr;      /* the fetcher's failure */
	int werr, conflict;      /* a worker failed (first failure in err) */
	struct bb_err err;
	unsigned long long *mem; /* by package: its decoder's memory (deb_data_memory) */
	unsigned long long mem_used, mem_budget;
	unsigned active;         /* packages being unpacked */
};

char *rb_deb_name(const struct pkg *p)
{
	const char *v = p->version, *c;
	size_t n = 0;
	char *s, *o;

	for (c = v; *c; c++)
		n += *c == ':' ? 3 : 1;
	s = xmalloc(strlen(p->name) + n + strlen(p->arch) + 8);
	o = s + sprintf(s, "%s_", p->name);
	for (c = v; *c; c++)
		o = *c == ':' ? stpcpy(o, "%3a") : (*o = *c, o + 1);
	sprintf(o, "_%s.deb", p->arch);
	return s;
}

static int item_done(void *ctx, struct fetch_item *it, struct bb_err *e)
{
	struct pool *q = ctx;
	size_t k = (size_t)((struct rb_unpacked *)it->user - q->pl->out);
	int fd = open(it->dest, O_RDONLY | O_CLOEXEC);

	(void)e;
	q->mem[k] = fd >= 0 ? deb_data_memory(fd, it->path) : 0;
	if (fd >= 0)
		close(fd);
	pthread_mutex_lock(&q->mu);
	q->ready[q->tail++] = k;
	q->arrived[k] = 1;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return 0;
}

static void *fetch_thread(void *arg)
{
	struct pool *q = arg;
	struct bb_err e = { 0, "" };
	int r = fetch_files(q->pl->f, q->items, q->pl->n, item_done, q, &q->halt, &e);

	pthread_mutex_lock(&q->mu);
	q->finished = 1;
	if (r < 0) {
		q->failed = 1;
		q->ferr = e;
	}
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

static int fits(const struct pool *q, size_t k)
{
	return !q->active || q->mem_used + q->mem[k] <= q->mem_budget;
}

/* The next item to unpack (mutex held), or -1 for none yet: the first
 * arrived whose decoder fits in the memory left (any when none is busy;
 * in order with ordered). */
static long take(struct pool *q)
{
	size_t i, k;

	if (q->pl->ordered) {
		if (q->next >= q->pl->n || !q->arrived[q->next])
			return -1;
		k = q->next++;
	} else {
		for (i = q->head; i < q->tail && !fits(q, q->ready[i]); i++)
			;
		if (i == q->tail)
			return -1;
		k = q->ready[i];
		q->ready[i] = q->ready[q->head++];
	}
	q->mem_used += q->mem[k];
	q->active++;
	return (long)k;
}

/* The next item, or -1 when there is nothing more to do (all taken, a
 * failure, a stop). A signal's stop flag is passed on to the fetcher. */
static long next_item(struct pool *q)
{
	volatile int *stop = q->pl->stop;
	long k = -1;

	pthread_mutex_lock(&q->mu);
	while (!q->werr && !q->failed) {
		struct timespec ts;

		if (stop && *stop) {
			q->halt = 1;
			q->werr = 1;
			bb_err_set(&q->err, EINTR, "interrupted");
			break;
		}
		if ((k = take(q)) >= 0 || q->finished)
			break;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 200 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&q->cv, &q->mu, &ts);
	}
	pthread_mutex_unlock(&q->mu);
	return k;
}

static int claim_entry(void *ctx, const struct tar_entry *ent, struct bb_err *e)
{
	return rb_claims_entry(ctx, ent, e);
}

static int unpack_one(struct pool *q, size_t k, int *conflict, struct bb_err *e)
{
	struct rb_pipeline *pl = q->pl;
	struct fetch_item *it = q->item[k];
	struct rb_unpacked *u = it->user;
	struct rb_claimer cl = { q->claims, (unsigned)k, 0, 0 };
	struct deb_hook hook = { claim_entry, &cl };
	int fd = open(it->dest, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s'", it->dest);
	/* in order, one at a time: nothing to reconcile */
	r = deb_read_hooked(fd, it->path, pl->rootfd, pl->deb_flags | DEB_VERIFIED, pl->stop,
			    pl->ordered ? NULL : &hook, &u->info, e);
	rb_claims_done(&cl);
	close(fd);
	if (r == 0)
		u->ok = 1;
	*conflict = cl.conflict;
	return r;
}

static void *worker(void *arg)
{
	struct pool *q = arg;
	long k;

	while ((k = next_item(q)) >= 0) {
		struct bb_err e = { 0, "" };
		int conflict = 0, r = unpack_one(q, (size_t)k, &conflict, &e);

		pthread_mutex_lock(&q->mu);
		q->mem_used -= q->mem[k];
		q->active--;
		if (r < 0 && !q->werr) {
			q->werr = 1;
			q->err = e;
			q->conflict = conflict;
		}
		if (r < 0) {
			q->halt = 1;
		} else {
			q->done++;
			if (q->pl->unpacked)
				q->pl->unpacked(q->pl->ctx, q->done, q->pl->n, q->pl->pkgs[k]);
		}
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
	}
	return NULL;
}

/* How many workers: CTBOX_UNPACK_WORKERS, else one per online CPU, at most
 * WORKERS_MAX (more only adds decoders' memory). */
#define WORKERS_MAX 4
/* The decoders' memory at once (the peak RSS goal is 32 MiB; the caller
 * has freed the package index by now): two of dpkg-deb's 8 MiB xz
 * dictionaries and small packages beside them. */
#define MEM_BUDGET (20ull << 20)

/* The processors this process may run on (sysconf's
 * _SC_NPROCESSORS_ONLN, without its table of every name). */
static long online_cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
}

static unsigned worker_count(const struct rb_pipeline *pl)
{
	const char *env = getenv("CTBOX_UNPACK_WORKERS");
	long n = env && *env ? strtol(env, NULL, 10) : online_cpus();

	if (pl->ordered || n < 1)
		return 1;
	if (!(env && *env) && n > WORKERS_MAX)
		n = WORKERS_MAX;
	if (n > 64)
		n = 64;
	return (unsigned)n < pl->n ? (unsigned)n : (pl->n ? (unsigned)pl->n : 1);
}

struct by_size {
	unsigned long long size;
	size_t i;
};

static int bigger_first(const void *a, const void *b)
{
	const struct by_size *x = a, *y = b;

	if (x->size != y->size)
		return x->size < y->size ? 1 : -1;
	return (x->i > y->i) - (x->i < y->i);
}

/* The download order: the biggest first, so that their unpacking, the
 * longest, starts early and overlaps the rest of the downloads. */
static size_t *fetch_order(const struct rb_pipeline *pl)
{
	struct by_size *v = xmalloc(pl->n * sizeof(*v) + 1);
	size_t *o = xmalloc(pl->n * sizeof(*o) + 1), i;

	for (i = 0; i < pl->n; i++) {
		v[i].size = pl->pkgs[i]->size;
		v[i].i = i;
	}
	qsort(v, pl->n, sizeof(*v), bigger_first);
	for (i = 0; i < pl->n; i++)
		o[i] = v[i].i;
	free(v);
	return o;
}

int rb_fetch_unpack(struct rb_pipeline *pl, struct bb_err *e)
{
	struct fetch_item *items = xzalloc(pl->n * sizeof(*items) + 1);
	struct pool q = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };
	unsigned nw = worker_count(pl), started = 0, w;
	pthread_t th, *wth = xzalloc(nw * sizeof(*wth));
	mode_t old_mask;
	size_t i, *order;
	int r = 0, err;

	q.pl = pl;
	q.items = items;
	q.claims = rb_claims_new(pl->aliases);
	q.ready = xmalloc(pl->n * sizeof(*q.ready) + 1);
	q.arrived = xzalloc(pl->n + 1);
	q.mem = xzalloc(pl->n * sizeof(*q.mem) + 1);
	q.mem_budget = MEM_BUDGET;
	pl->conflict = 0;
	order = fetch_order(pl);
	q.item = xmalloc(pl->n * sizeof(*q.item) + 1);
	for (i = 0; i < pl->n; i++) {
		const struct pkg *p = pl->pkgs[order[i]];
		char *base = rb_deb_name(p);

		items[i].path = p->filename;
		items[i].dest = xasprintf("%s/%s", pl->debdir, base);
		items[i].size = p->size;
		memcpy(items[i].sha256, p->sha256, 32);
		items[i].user = &pl->out[order[i]];
		pl->out[order[i]].pkg = p;
		q.item[order[i]] = &items[i];
		free(base);
	}
	free(order);
	err = bb_thread_start(&th, fetch_thread, &q);
	if (err) {
		r = bb_err_set(e, err, "can't start the download thread");
		goto out;
	}
	/* The tar reader clears the umask, which is the process's, while it
	 * writes: cleared here for all workers, so that one finishing cannot
	 * give it back while another still writes. */
	old_mask = umask(0);
	for (w = 1; w < nw; w++, started++) {
		err = bb_thread_start(&wth[w], worker, &q);
		if (err)
			break; /* fewer workers: slower, not wrong */
	}
	worker(&q);
	for (w = 1; w <= started; w++)
		pthread_join(wth[w], NULL);
	umask(old_mask);
	if (q.werr)
		q.halt = 1;
	pthread_join(th, NULL);
	if (q.werr) {
		*e = q.err;
		pl->conflict = q.conflict;
		r = -1;
	} else if (q.failed) {
		*e = q.ferr;
		r = -1;
	} else if (q.done < pl->n) {
		r = bb_err_set(e, 0, "the download stopped after %zu of %zu packages", q.done, pl->n);
	} else {
		r = rb_claims_fix_dirs(q.claims, pl->rootfd, !(pl->deb_flags & DEB_NO_OWNER), e);
	}
	for (i = 0; i < pl->n; i++)
		pl->reused += (size_t)items[i].reused;
out:
	for (i = 0; i < pl->n; i++)
		free((char *)items[i].dest);
	free(items);
	free(q.ready);
	free(q.arrived);
	free(q.mem);
	free(q.item);
	free(wth);
	rb_claims_free(q.claims);
	return r;
}
