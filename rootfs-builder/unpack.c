/* Downloads in a thread, unpacking in the caller's (unpack.h). The two
 * meet in a small queue of finished item numbers guarded by a mutex. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "unpack.h"

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t *ready, head, tail;
	int finished, failed;
	volatile int halt;       /* the unpacking side failed: stop fetching */
	struct bb_err err;
};

struct fetch_job {
	struct rb_pipeline *pl;
	struct fetch_item *items;
	struct queue *q;
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
	struct fetch_job *j = ctx;
	struct queue *q = j->q;

	pthread_mutex_lock(&q->mu);
	q->ready[q->tail++] = (size_t)(it - j->items);
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return 0;
}

static void *fetch_thread(void *arg)
{
	struct fetch_job *j = arg;
	struct queue *q = j->q;
	struct bb_err e = { 0, "" };
	int r = fetch_files(j->pl->f, j->items, j->pl->n, item_done, j, &q->halt, &e);

	pthread_mutex_lock(&q->mu);
	q->finished = 1;
	if (r < 0) {
		q->failed = 1;
		q->err = e;
	}
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* The next verified item, or -1 when the fetcher is done or failed. A
 * signal's stop flag is passed on to the fetcher while waiting. */
static long next_ready(struct queue *q, volatile int *stop)
{
	long k = -1;

	pthread_mutex_lock(&q->mu);
	while (q->head == q->tail && !q->finished) {
		struct timespec ts;

		if (stop && *stop)
			q->halt = 1;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 200 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&q->cv, &q->mu, &ts);
	}
	if (q->head < q->tail && !q->failed)
		k = (long)q->ready[q->head++];
	pthread_mutex_unlock(&q->mu);
	return k;
}

static int unpack_one(struct rb_pipeline *pl, struct fetch_item *it, struct bb_err *e)
{
	struct rb_unpacked *u = it->user;
	int fd = open(it->dest, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s'", it->dest);
	r = deb_read(fd, it->path, pl->rootfd, pl->deb_flags, pl->stop, &u->info, e);
	close(fd);
	if (r == 0)
		u->ok = 1;
	return r;
}

int rb_fetch_unpack(struct rb_pipeline *pl, struct bb_err *e)
{
	struct fetch_item *items = xzalloc(pl->n * sizeof(*items) + 1);
	struct queue q = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };
	struct fetch_job job = { pl, items, &q };
	size_t i, done = 0;
	pthread_t th;
	int r = 0, err;

	q.ready = xmalloc(pl->n * sizeof(*q.ready) + 1);
	for (i = 0; i < pl->n; i++) {
		const struct pkg *p = pl->pkgs[i];
		char *base = rb_deb_name(p);

		items[i].path = p->filename;
		items[i].dest = xasprintf("%s/%s", pl->debdir, base);
		items[i].size = p->size;
		memcpy(items[i].sha256, p->sha256, 32);
		items[i].user = &pl->out[i];
		pl->out[i].pkg = p;
		free(base);
	}
	err = pthread_create(&th, NULL, fetch_thread, &job);
	if (err) {
		r = bb_err_set(e, err, "can't start the download thread");
		goto out;
	}
	while (done < pl->n) {
		long k = next_ready(&q, pl->stop);

		if (k < 0)
			break;
		if ((pl->stop && *pl->stop) || unpack_one(pl, &items[k], e) < 0) {
			if (pl->stop && *pl->stop && !e->msg[0])
				bb_err_set(e, EINTR, "interrupted");
			q.halt = 1;
			r = -1;
			break;
		}
		done++;
		if (pl->unpacked)
			pl->unpacked(pl->ctx, done, pl->n, pl->pkgs[k]);
	}
	pthread_join(th, NULL);
	if (!r && q.failed) {
		*e = q.err;
		r = -1;
	} else if (!r && done < pl->n) {
		r = bb_err_set(e, 0, "the download stopped after %zu of %zu packages", done, pl->n);
	}
	for (i = 0; i < pl->n; i++)
		pl->reused += (size_t)items[i].reused;
out:
	for (i = 0; i < pl->n; i++)
		free((char *)items[i].dest);
	free(items);
	free(q.ready);
	return r;
}
