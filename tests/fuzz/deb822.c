/* libFuzzer harness of the deb822 parser, Debian versions, relation
 * fields, the package index and the resolver (make fuzz-deb822).
 *
 * Input: one byte of mode, then text. The text goes through deb822_next
 * (every field's value also through debver_valid, debver_cmp and the
 * relation parser), then into a package index fed in chunks of a size the
 * mode byte picks; an index that builds is resolved for a variant the
 * mode picks, with its first package included and its second excluded.
 * Nothing may crash or read out of bounds; what comes out must be sane,
 * and every error must say where. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deb822.h"
#include "debver.h"
#include "pkgidx.h"
#include "relation.h"
#include "resolve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static void values(const struct deb822_para *p)
{
	const struct deb822_field *prev = NULL;

	for (unsigned i = 0; i < p->n; i++) {
		const struct deb822_field *f = &p->f[i];
		struct rel_iter it;
		struct rel_atom a;
		const char *why;
		char *dup;
		int r, guard = 0;

		check(f->namelen > 0 && f->val >= p->start && f->val + f->vallen <= p->end + 1);
		check(deb822_get(p, "x") == NULL || deb822_get(p, "x")->namelen == 1);
		debver_valid(f->val, f->vallen, &why);
		if (prev) {
			int c = debver_cmp(f->val, f->vallen, prev->val, prev->vallen);
			int d = debver_cmp(prev->val, prev->vallen, f->val, f->vallen);

			check((c > 0) == (d < 0) && (c == 0) == (d == 0));
		}
		rel_init(&it, f->val, f->vallen);
		while ((r = rel_next(&it, &a, &why)) > 0 && ++guard < 100000)
			check(a.namelen > 0 && a.name >= f->val && a.name + a.namelen <= f->val + f->vallen);
		check(r <= 0 || guard >= 100000);
		check(r >= 0 || why);
		prev = f;
		if (i == 0) {
			char name[64];

			if (f->namelen < sizeof(name)) {
				memcpy(name, f->name, f->namelen);
				name[f->namelen] = '\0';
				dup = deb822_dup(p, name);
				check(dup && strlen(dup) <= f->vallen);
				free(dup);
			}
		}
	}
}

static void resolve_it(const struct pkgidx *ix, unsigned mode)
{
	const char *inc[2] = { NULL, NULL }, *exc[2] = { NULL, NULL };
	struct resolve_req rq;
	struct resolve_result res;
	struct bb_err e;

	if (pkgidx_count(ix) > 0)
		inc[0] = pkgidx_at(ix, 0)->name;
	if (pkgidx_count(ix) > 1)
		exc[0] = pkgidx_at(ix, 1)->name;
	rq.variant = (enum rb_variant)(mode % 6);
	rq.include = (mode & 8) ? inc : NULL;
	rq.exclude = exc;
	if (resolve(ix, &rq, &res, &e) < 0) {
		check(e.msg[0] != '\0');
		return;
	}
	for (size_t i = 0; i < res.n; i++) {
		check(res.pkgs[i] && res.order[i]);
		check(!i || strcmp(res.pkgs[i - 1]->name, res.pkgs[i]->name) < 0);
	}
	check(res.warnings != NULL);
	resolve_result_free(&res);
}

static void index_it(const char *text, size_t len, unsigned mode)
{
	static const size_t chunks[8] = { 0, 1, 2, 3, 7, 16, 61, 512 };
	size_t chunk = chunks[(mode >> 4) & 7];
	struct pkgidx *ix = pkgidx_new("amd64");
	struct bb_err e;
	int r = pkgidx_begin(ix, "fuzz", &e);

	for (size_t off = 0; !r && off < len;) {
		size_t n = chunk && len - off > chunk ? chunk : len - off;

		r = pkgidx_feed(ix, text + off, n, &e);
		off += n;
	}
	if (!r)
		r = pkgidx_end(ix, &e);
	if (r < 0) {
		check(!strncmp(e.msg, "fuzz:", 5));
	} else {
		for (size_t i = 0; i < pkgidx_count(ix); i++) {
			const struct pkg *p = pkgidx_at(ix, i);

			check(p->id == i && p->name && p->version && p->filename && p->arch);
			check(pkgidx_find(ix, p->name) != NULL);
			for (int k = 0; k < REL_N; k++) {
				char *t = pkgidx_rel_text(ix, p->rel[k]);

				check(!t == !pkgidx_rel_count(ix, p->rel[k]));
				free(t);
			}
		}
		resolve_it(ix, mode);
	}
	pkgidx_free(ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	struct deb822_para p;
	struct deb822 d;
	struct bb_err e;
	int r;

	if (size < 1)
		return 0;
	deb822_init(&d, text, size - 1, "fuzz");
	while ((r = deb822_next(&d, &p, &e)) > 0) {
		check(p.n > 0 && p.start >= text && p.end <= text + size - 1);
		values(&p);
	}
	check(r == 0 || !strncmp(e.msg, "fuzz:", 5));
	index_it(text, size - 1, data[0]);
	return 0;
}
