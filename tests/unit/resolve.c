/* Unit tests of the package index and the resolver (rootfs-builder/
 * pkgidx.c, relation.c, resolve*.c) on small made-up Packages texts; and,
 * when CTBOX_PACKAGES names an uncompressed bookworm amd64 main Packages
 * file, the minbase variant against the list debootstrap printed for it
 * (tests/unit/data/resolve/bookworm-amd64-minbase.txt).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pkgidx.h"
#include "relation.h"
#include "resolve.h"
#include "tap.h"

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static struct bb_err e;

/* Packages text from short stanzas: "Package: a\nVersion: 1\n..." gets
 * Architecture (amd64 unless given), Filename, Size and SHA256. */
static char *packages(const char *const *st)
{
	size_t cap = 1 << 16, len = 0;
	char *out = xmalloc(cap);

	for (size_t i = 0; st[i]; i++) {
		const char *name = strstr(st[i], "Package: ") + 9;
		int nl = (int)strcspn(name, "\n");

		if (len + strlen(st[i]) + 300 > cap)
			out = xrealloc(out, cap *= 2);
		len += (size_t)snprintf(out + len, cap - len,
					"%s%sFilename: pool/main/%.*s_1_amd64.deb\nSize: %zu\n"
					"SHA256: " SHA "\n\n",
					st[i], strstr(st[i], "Architecture:") ? "" : "Architecture: amd64\n",
					nl, name, 1000 + i);
	}
	out[len] = '\0';
	return out;
}

/* An index of text fed in chunks of chunk bytes (0: at once); NULL with e. */
static struct pkgidx *index_of(const char *text, size_t chunk)
{
	struct pkgidx *ix = pkgidx_new("amd64");
	size_t len = strlen(text);

	if (pkgidx_begin(ix, "test", &e) < 0)
		goto fail;
	for (size_t off = 0; off < len;) {
		size_t n = chunk && len - off > chunk ? chunk : len - off;

		if (pkgidx_feed(ix, text + off, n, &e) < 0)
			goto fail;
		off += n;
	}
	if (pkgidx_end(ix, &e) < 0)
		goto fail;
	return ix;
fail:
	pkgidx_free(ix);
	return NULL;
}

static struct pkgidx *index_st(const char *const *st)
{
	char *text = packages(st);
	struct pkgidx *ix = index_of(text, 0);

	if (!ix)
		diag("index: %s", e.msg);
	free(text);
	return ix;
}

/* The names of a result, space-separated (static). */
static const char *names(const struct pkg *const *v, size_t n)
{
	static char buf[4096];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(buf) - 64; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " " : "", v[i]->name);
	return buf;
}

/* Resolve st for variant with include/exclude; the set's names, or
 * "ERROR: msg". Warnings and order into the statics below. */
static char warns[4096], order[4096], needs[4096];
static size_t n_base;

/* "NAME(NEEDED ...)" for each package in order. */
static void list_needs(const struct resolve_result *res)
{
	size_t len = 0;

	needs[0] = '\0';
	for (size_t i = 0; i < res->n && len < sizeof(needs) - 256; i++) {
		len += (size_t)snprintf(needs + len, sizeof(needs) - len, "%s%s(", i ? " " : "",
					res->order[i]->name);
		for (size_t k = res->need_first[i]; k < res->need_first[i + 1]; k++)
			len += (size_t)snprintf(needs + len, sizeof(needs) - len, "%s%s",
						k > res->need_first[i] ? " " : "",
						res->order[res->need[k]]->name);
		len += (size_t)snprintf(needs + len, sizeof(needs) - len, ")");
	}
}

static const char *run(const char *const *st, enum rb_variant v, const char *const *inc,
		const char *const *exc)
{
	static char out[4096];
	struct pkgidx *ix = index_st(st);
	struct resolve_req rq = { v, inc, exc };
	struct resolve_result res;

	warns[0] = order[0] = '\0';
	if (!ix)
		return "ERROR: index";
	if (resolve(ix, &rq, &res, &e) < 0) {
		snprintf(out, sizeof(out), "ERROR: %s", e.msg);
	} else {
		snprintf(out, sizeof(out), "%s", names(res.pkgs, res.n));
		snprintf(order, sizeof(order), "%s", names(res.order, res.n));
		list_needs(&res);
		n_base = res.n_base;
		for (size_t i = 0, len = 0; res.warnings[i]; i++)
			len += (size_t)snprintf(warns + len, sizeof(warns) - len, "%s%s",
						i ? "|" : "", res.warnings[i]);
		resolve_result_free(&res);
	}
	pkgidx_free(ix);
	return out;
}

#define ST(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NAMES(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* ---- the index ---- */

static const char *const idx_text =
	"Package: foo\nVersion: 1.0-1\nArchitecture: amd64\nPriority: Required\nEssential: yes\n"
	"Section: admin\n"
	"Multi-Arch: foreign\nDepends: libc6 (>= 2.34),\n libbar | libbaz (<< 2:1)\n"
	"Pre-Depends: dpkg\nFilename: pool/main/f/foo/foo_1.0-1_amd64.deb\nSize: 1234\n"
	"SHA256: " SHA "\nDescription: a thing\n long text\n\n"
	"Package: foo\nVersion: 1.0-2\nArchitecture: all\nFilename: pool/f2.deb\nSize: 1\n"
	"SHA256: " SHA "\nProvides: virt (= 3), other\nBreaks: old (<< 1)\nConflicts: bad\n\n"
	"Package: foo\nVersion: 0.9\nArchitecture: amd64\nFilename: pool/f0.deb\nSize: 1\n"
	"SHA256: " SHA "\nPriority: Weird\nSection: contrib/utils\n\n"
	"Package: skip\nVersion: 1\nArchitecture: i386\nFilename: pool/s.deb\nSize: 1\n\n"
	"Package: arch\nVersion: 1\nArchitecture: amd64\nFilename: pool/a.deb\nSize: 1\n"
	"Priority: EXTRA\nSection: admin\n"
	"SHA256: " SHA "\nDepends: x [amd64], y [i386] | z [!i386], w [!amd64], perl:any,\n"
	" q (>= 1) <!nocheck> <cross>\n";

/* What an index says, as one string, to compare feeds. */
static char *fingerprint(const struct pkgidx *ix)
{
	size_t cap = 8192, len = 0;
	char *s = xmalloc(cap);

	s[0] = '\0';
	for (size_t i = 0; i < pkgidx_count(ix); i++) {
		const struct pkg *p = pkgidx_at(ix, i);

		const char *pr = pkgidx_priority(ix, p), *se = pkgidx_section(ix, p);

		len += (size_t)snprintf(s + len, cap - len, "%s %s %s %s %llu %d %d %d %s %s;",
					p->name, p->version, p->arch, p->filename, p->size, p->prio,
					p->ma, p->essential, pr ? pr : "-", se ? se : "-");
		for (int k = 0; k < REL_N; k++) {
			char *t = pkgidx_rel_text(ix, p->rel[k]);

			len += (size_t)snprintf(s + len, cap - len, "[%s]", t ? t : "");
			free(t);
		}
	}
	return s;
}

static void test_index(void)
{
	struct pkgidx *ix = index_of(idx_text, 0);
	const struct pkg *p;
	char *t, *fp;
	int same = 1;

	ok(ix != NULL, "index built%s%s", ix ? "" : ": ", ix ? "" : e.msg);
	if (!ix)
		return;
	is_int((long)pkgidx_count(ix), 4, "i386 stanza skipped, the rest kept");
	p = pkgidx_find(ix, "foo");
	ok(p && !strcmp(p->version, "1.0-2") && !strcmp(p->arch, "all"), "find: highest version");
	p = pkgidx_at(ix, 0);
	is_str(p->filename, "pool/main/f/foo/foo_1.0-1_amd64.deb", "Filename");
	ok(p->size == 1234 && p->sha256[0] == 0x01 && p->sha256[31] == 0xef, "Size and SHA256");
	ok(p->prio == PRIO_REQUIRED && p->essential && p->ma == MA_FOREIGN, "Priority, Essential, Multi-Arch");
	ok(pkgidx_at(ix, 1)->prio == PRIO_OPTIONAL && pkgidx_at(ix, 1)->ma == MA_NO,
	   "defaults: optional, Multi-Arch: no");
	ok(p->name == pkgidx_at(ix, 1)->name, "names interned");
	is_str(pkgidx_priority(ix, p), "required", "Priority as dpkg writes a known word");
	is_str(pkgidx_section(ix, p), "admin", "Section kept");
	ok(!pkgidx_priority(ix, pkgidx_at(ix, 1)) && !pkgidx_section(ix, pkgidx_at(ix, 1)),
	   "no Priority or Section field: NULL, not the default");
	is_str(pkgidx_priority(ix, pkgidx_at(ix, 2)), "Weird", "an unknown Priority as it came");
	ok(pkgidx_at(ix, 2)->prio == PRIO_OPTIONAL, "... counted as optional for choosing");
	is_str(pkgidx_section(ix, pkgidx_at(ix, 2)), "contrib/utils", "a component's Section");
	is_str(pkgidx_priority(ix, pkgidx_at(ix, 3)), "extra", "EXTRA: dpkg's word");
	ok(pkgidx_section(ix, pkgidx_at(ix, 3)) == pkgidx_section(ix, p), "Sections interned");
	/* Section went into padding: 104 bytes on LP64 as before it */
	ok(sizeof(void *) != 8 || sizeof(struct pkg) <= 104, "struct pkg did not grow: %zu bytes",
	   sizeof(struct pkg));
	t = pkgidx_rel_text(ix, p->rel[REL_DEPENDS]);
	is_str(t, "libc6 (>= 2.34), libbar | libbaz (<< 2:1)", "Depends over two lines");
	free(t);
	is_int((long)pkgidx_rel_count(ix, p->rel[REL_DEPENDS]), 3, "three atoms");
	t = pkgidx_rel_text(ix, pkgidx_at(ix, 1)->rel[REL_PROVIDES]);
	is_str(t, "virt (= 3), other", "Provides with a version");
	free(t);
	ok(pkgidx_rel_text(ix, p->rel[REL_CONFLICTS]) == NULL && !p->rel[REL_CONFLICTS],
	   "an absent field: handle 0, no text");
	t = pkgidx_rel_text(ix, pkgidx_find(ix, "arch")->rel[REL_DEPENDS]);
	is_str(t, "x, z, perl:any, q (>= 1)", "arch lists applied, profiles skipped");
	free(t);
	ok(pkgidx_find(ix, "virt") == NULL && pkgidx_find(ix, "nope") == NULL,
	   "find: virtual and unknown names give NULL");
	{
		unsigned id;

		ok(pkgidx_name_id(ix, "virt", 4, &id) == 0 && !pkgidx_cand(ix, id) &&
		   !strcmp(pkgidx_name(ix, id), "virt"), "a virtual name has an id, no candidate");
		ok(pkgidx_name_id(ix, "nope", 4, &id) < 0, "an unknown name has none");
	}
	ok(pkgidx_bytes(ix) > 0 && pkgidx_bytes(ix) < 4 << 20, "pkgidx_bytes: %zu", pkgidx_bytes(ix));
	fp = fingerprint(ix);
	pkgidx_free(ix);
	/* the same text in chunks of every size gives the same index */
	for (size_t chunk = 1; chunk < 200 && same; chunk++) {
		struct pkgidx *c = index_of(idx_text, chunk);
		char *f2 = c ? fingerprint(c) : NULL;

		same = f2 && !strcmp(fp, f2);
		if (!same)
			diag("chunk %zu differs: %s", chunk, c ? f2 : e.msg);
		free(f2);
		pkgidx_free(c);
	}
	ok(same, "chunks of 1..199 bytes: the same index");
	free(fp);
}

static void test_index_more(void)
{
	struct pkgidx *ix = pkgidx_new("amd64");
	const char *a = "Package: a\nVersion: 1\nArchitecture: all\nFilename: p/a.deb\nSize: 1\n"
			"SHA256: " SHA "\nDepends: x (>= 1), y\nPre-Depends: y\n";
	const char *b = "\r\n\r\nPackage: a\r\nVersion: 2\r\nArchitecture: all\r\n"
			"Filename: p/a2.deb\r\nSize: 2\r\nSHA256: " SHA "\r\n"
			"Depends: x (>= 1),\r\n y\r\n";
	char *t;

	ok(pkgidx_begin(ix, "one", &e) == 0 && pkgidx_feed(ix, a, strlen(a), &e) == 0 &&
	   pkgidx_end(ix, &e) == 0, "first file, last stanza without a blank line");
	ok(pkgidx_begin(ix, "two", &e) == 0 && pkgidx_feed(ix, b, strlen(b), &e) == 0 &&
	   pkgidx_end(ix, &e) == 0, "second file, CRLF");
	is_int((long)pkgidx_count(ix), 2, "both kept");
	is_str(pkgidx_find(ix, "a")->version, "2", "the second file's higher version wins");
	t = pkgidx_rel_text(ix, pkgidx_find(ix, "a")->rel[REL_DEPENDS]);
	is_str(t, "x (>= 1), y", "CRLF relation field");
	free(t);
	ok(pkgidx_at(ix, 0)->rel[REL_DEPENDS] == pkgidx_at(ix, 1)->rel[REL_DEPENDS] &&
	   pkgidx_at(ix, 0)->rel[REL_PREDEPENDS] != pkgidx_at(ix, 0)->rel[REL_DEPENDS],
	   "relation fields kept once across files");
	ok(pkgidx_at(ix, 0)->version != pkgidx_at(ix, 1)->version, "versions differ");
	{
		/* the same atom in both files: one name id, one version string */
		struct pkg_atom x0, x1;

		pkgidx_rel_atom(ix, pkgidx_at(ix, 0)->rel[REL_PREDEPENDS], 0, &x0);
		pkgidx_rel_atom(ix, pkgidx_at(ix, 1)->rel[REL_DEPENDS], 1, &x1);
		ok(x0.name == x1.name && x0.op == DEBREL_ANY && !x0.version, "atoms across files");
	}
	pkgidx_free(ix);
}

static int index_err(const char *text, const char *want)
{
	struct pkgidx *ix = index_of(text, 0);

	if (!ix && strstr(e.msg, want))
		return 1;
	diag("got %s, want an error with '%s'", ix ? "success" : e.msg, want);
	pkgidx_free(ix);
	return 0;
}

static void test_index_errors(void)
{
	char *big;

	ok(index_err("Package: a\nVersion: 1\nArchitecture: all\nSize: 1\nSHA256: " SHA "\n",
		     "test:1: package a: no Filename"), "no Filename");
	ok(index_err("\nPackage: a\nVersion: 1\nArchitecture: all\nFilename: a\nSHA256: " SHA "\n",
		     "test:2: package a: no Size"), "no Size");
	ok(index_err("Package: a\nVersion: 1\nArchitecture: all\nFilename: a\nSize: 1\nSHA256: 12\n",
		     "bad SHA256"), "short SHA256");
	ok(index_err("Package: a\nVersion: 1\nArchitecture: all\nFilename: a\nSize: 99999999999999999999\n",
		     "bad Size"), "Size overflow");
	ok(index_err("Package: a\nArchitecture: all\nFilename: a\nSize: 1\nSHA256: " SHA "\n",
		     "no Version"), "no Version");
	ok(index_err("Package: a\nVersion: 1:\nArchitecture: all\nFilename: a\nSize: 1\nSHA256: " SHA "\n",
		     "nothing after colon"), "bad Version");
	ok(index_err("Package: A/b\nVersion: 1\nArchitecture: all\nFilename: a\nSize: 1\nSHA256: " SHA "\n",
		     "bad package name"), "bad name");
	ok(index_err("Package: a\nVersion: 1\nArchitecture: all\nFilename: pool/../../etc\nSize: 1\n"
		     "SHA256: " SHA "\n", "bad Filename"), "a Filename with '..'");
	ok(index_err("Package: a\nVersion: 1\nArchitecture: all\nFilename: /etc/x\nSize: 1\n"
		     "SHA256: " SHA "\n", "bad Filename"), "an absolute Filename");
	ok(index_err("Package: a\nVersion: 1\n", "no Architecture"), "no Architecture");
	ok(index_err("Package: a\nVersion: 1\nArchitecture: all\nFilename: a\nSize: 1\n"
		     "SHA256: " SHA "\nDepends: b (>= 1\n", "package a: Depends: no ')'"),
	   "a bad relation names the field");
	ok(index_err("Package: a\nVersion: 1\nArchitecture: all\nFilename: a\nSize: 1\n"
		     "SHA256: " SHA "\nPre-Depends: b |\n", "Pre-Depends: nothing after '|'"),
	   "a dangling '|'");
	ok(index_err("Package: a\nVersion: 1\nArchitecture: all\nFilename: a\nSize: 1\n"
		     "SHA256: " SHA "\nBreaks: b (~ 1)\n", "without an operator"), "a bad operator");
	ok(index_err("Package: a\nbroken\n", "test:2: no ':'"), "a deb822 error names the line");
	/* 2 MiB of one paragraph: continuation lines, never a blank one */
	big = xmalloc((2 << 20) + 16);
	memcpy(big, "Description: x\n", 15);
	for (size_t i = 15; i < 2 << 20; i++)
		big[i] = (i - 15) % 64 == 0 ? ' ' : (i - 15) % 64 == 63 ? '\n' : 'y';
	big[2 << 20] = '\0';
	{
		struct pkgidx *ix = pkgidx_new("amd64");
		int r = 0;

		pkgidx_begin(ix, "big", &e);
		for (size_t off = 0; off < 2 << 20 && !r; off += 4096)
			r = pkgidx_feed(ix, big + off, 4096, &e);
		ok(r < 0 && strstr(e.msg, "longer than"), "an endless paragraph is refused");
		pkgidx_free(ix);
	}
	free(big);
}

static void test_relation(void)
{
	struct rel_iter it;
	struct rel_atom a;
	const char *why = NULL;
	const char *s = " a:any ( >= 1:2.0 ) | b , ,c (<3)[!i386 amd64]<x y>,";
	int n = 0, okk = 1;

	rel_init(&it, s, strlen(s));
	while (rel_next(&it, &a, &why) > 0) {
		n++;
		if (n == 1)
			okk &= a.namelen == 1 && a.quallen == 3 && a.op == DEBREL_GE &&
				a.verlen == 5 && a.or_next;
		if (n == 2)
			okk &= a.namelen == 1 && *a.name == 'b' && !a.or_next && a.op == DEBREL_ANY;
		if (n == 3)
			okk &= *a.name == 'c' && a.op == DEBREL_LE && a.archslen == 11 &&
				rel_arch_ok(&a, "amd64") && !rel_arch_ok(&a, "i386") &&
				!rel_arch_ok(&a, "arm64");
	}
	ok(n == 3 && okk, "atoms, qualifiers, the obsolete '<', empty groups, arch lists");
	rel_init(&it, "x >= 1", 6);
	ok(rel_next(&it, &a, &why) < 0 && why, "a version without parentheses: %s", why ? why : "");
	rel_init(&it, "(>= 1)", 6);
	ok(rel_next(&it, &a, &why) < 0, "no name");
	rel_init(&it, "x [amd64", 8);
	ok(rel_next(&it, &a, &why) < 0, "an unclosed arch list");
	rel_init(&it, "x:", 2);
	ok(rel_next(&it, &a, &why) < 0, "an empty qualifier");
	rel_init(&it, "x [linux-any], y [any-amd64]", 28);
	ok(rel_next(&it, &a, &why) > 0 && rel_arch_ok(&a, "amd64") &&
	   rel_next(&it, &a, &why) > 0 && rel_arch_ok(&a, "amd64") && !rel_arch_ok(&a, "arm64"),
	   "arch wildcards");
	is_str(rel_op_str(DEBREL_LT), "<<", "operator text");
}

/* ---- the resolver ---- */

static const char *const base[] = {
	"Package: libc6\nVersion: 2.36-9\nPriority: required\nMulti-Arch: same\nDepends: libgcc-s1\n",
	"Package: libgcc-s1\nVersion: 12.2.0-14\nPriority: required\nDepends: libc6 (>= 2.35)\n",
	"Package: dpkg\nVersion: 1.21.22\nPriority: required\nEssential: yes\nPre-Depends: libc6 (>= 2.34), tar\n",
	"Package: tar\nVersion: 1.34\nPriority: required\nEssential: yes\nPre-Depends: libc6\n",
	"Package: base-files\nVersion: 12.4\nPriority: required\nEssential: yes\nPre-Depends: awk\n",
	"Package: mawk\nVersion: 1.3.4\nPriority: required\nMulti-Arch: foreign\nProvides: awk\nDepends: libc6\n",
	"Package: gawk\nVersion: 1:5.2.1\nPriority: optional\nProvides: awk\nPre-Depends: libc6\n",
	"Package: init-system-helpers\nVersion: 1.65\nPriority: required\nEssential: yes\n"
	"Depends: usrmerge | usr-is-merged, perl-base\n",
	"Package: usrmerge\nVersion: 35\nPriority: optional\nDepends: perl\n",
	"Package: perl\nVersion: 5.36\nPriority: standard\nMulti-Arch: allowed\nDepends: perl-base\n",
	"Package: perl-base\nVersion: 5.36\nPriority: required\nEssential: yes\nPre-Depends: libc6\n",
	"Package: usr-is-merged\nVersion: 37\nPriority: optional\nArchitecture: all\n",
	"Package: apt\nVersion: 2.6.1\nPriority: required\nDepends: gpgv | gpgv2, libc6, debian-archive-keyring\n",
	"Package: gpgv\nVersion: 2.2.40\nPriority: important\nDepends: libc6\n",
	"Package: gpgv2\nVersion: 2.2.40\nPriority: optional\n",
	"Package: debian-archive-keyring\nVersion: 2023.3\nPriority: important\nArchitecture: all\n",
	"Package: less\nVersion: 590\nPriority: standard\nDepends: libc6\n",
	"Package: man\nVersion: 2.11\nPriority: important\nDepends: less | pager\n",
	NULL
};

static void test_variants(void)
{
	const char *ess = "base-files dpkg init-system-helpers libc6 libgcc-s1 mawk perl-base tar "
			  "usr-is-merged";

	is_str(run(base, VAR_ESSENTIAL, NULL, NULL), ess,
	       "essential: awk from the required provider, usr-is-merged over usrmerge");
	is_str(run(base, VAR_REQUIRED, NULL, NULL), "apt base-files debian-archive-keyring dpkg gpgv "
	       "init-system-helpers libc6 libgcc-s1 mawk perl-base tar usr-is-merged",
	       "required: Priority: required and what it needs");
	is_str(run(base, VAR_APT, NULL, NULL), "apt base-files debian-archive-keyring dpkg gpgv "
	       "init-system-helpers libc6 libgcc-s1 mawk perl-base tar usr-is-merged",
	       "apt: essential + apt");
	is_str(run(base, VAR_IMPORTANT, NULL, NULL), "apt base-files debian-archive-keyring dpkg gpgv "
	       "init-system-helpers less libc6 libgcc-s1 man mawk perl-base tar usr-is-merged",
	       "important: the first alternative (less) for man");
	is_str(run(base, VAR_STANDARD, NULL, NULL), "apt base-files debian-archive-keyring dpkg gpgv "
	       "init-system-helpers less libc6 libgcc-s1 man mawk perl perl-base tar usr-is-merged",
	       "standard: perl (standard) but still no usrmerge");
	is_str(run(base, VAR_ESSENTIAL, NAMES("usrmerge"), NULL),
	       "base-files dpkg init-system-helpers libc6 libgcc-s1 mawk perl perl-base tar usrmerge",
	       "usrmerge when asked for");
	is_str(run(base, VAR_ESSENTIAL, NAMES("gawk"), NULL),
	       "base-files dpkg gawk init-system-helpers libc6 libgcc-s1 perl-base tar usr-is-merged",
	       "a provider on --include satisfies the virtual");
	is_str(run(base, VAR_ESSENTIAL, NAMES("awk"), NULL), ess, "--include of a virtual name");
	is_str(run(base, VAR_ESSENTIAL, NAMES("nope"), NULL), "ERROR: --include: nope: no such package",
	       "--include of an unknown name");
	is_int(rb_variant_parse("minbase"), VAR_MINBASE, "variant names");
	is_int(rb_variant_parse("buildd"), -1, "unknown variant");
	is_str(rb_variant_name(VAR_STANDARD), "standard", "variant name");
}

static void test_alternatives(void)
{
	/* b wins because c brings it anyway, though a comes first */
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: a | b, c\n",
		      "Package: a\nVersion: 1\n", "Package: b\nVersion: 1\n",
		      "Package: c\nVersion: 1\nDepends: b\n"), VAR_ESSENTIAL, NULL, NULL),
	       "b c x", "an alternative the set gets anyway wins");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: gone | b (>= 2) | c\n",
		      "Package: b\nVersion: 1\n", "Package: c\nVersion: 1\n"), VAR_ESSENTIAL, NULL, NULL),
	       "c x", "the first alternative that exists and satisfies");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: a | b\n",
		      "Package: y\nVersion: 1\nEssential: yes\nDepends: b | a\n",
		      "Package: a\nVersion: 1\n", "Package: b\nVersion: 1\n"), VAR_ESSENTIAL, NULL, NULL),
	       "a x y", "waiting groups: the first one picks, the second is then satisfied");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: nope1 | nope2\n"),
		   VAR_ESSENTIAL, NULL, NULL),
	       "ERROR: x: Depends: nope1 | nope2: none of the alternatives is available",
	       "no alternative available");
}

static void test_virtual(void)
{
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: mta\n",
		      "Package: exim\nVersion: 1\nPriority: standard\nProvides: mta\n",
		      "Package: aa-mta\nVersion: 1\nPriority: optional\nProvides: mta\n",
		      "Package: zz-mta\nVersion: 1\nPriority: standard\nProvides: mta\n"),
		   VAR_ESSENTIAL, NULL, NULL),
	       "exim x", "the provider with the higher Priority, then by name");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: v (>= 2)\n",
		      "Package: p1\nVersion: 1\nProvides: v (= 1)\n",
		      "Package: p2\nVersion: 1\nProvides: v\n",
		      "Package: p3\nVersion: 1\nProvides: v (= 3)\n"), VAR_ESSENTIAL, NULL, NULL),
	       "p3 x", "a versioned relation: only a versioned Provides that satisfies it");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: v (>= 2)\n",
		      "Package: p1\nVersion: 1\nProvides: v (= 1)\n"), VAR_ESSENTIAL, NULL, NULL),
	       "ERROR: x: Depends: v (>= 2): no provider satisfies it", "no provider satisfies");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: v\n",
		      "Package: v\nVersion: 1\n", "Package: p\nVersion: 1\nPriority: required\nProvides: v\n"),
		   VAR_ESSENTIAL, NULL, NULL),
	       "v x", "a real package beats providers");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: v\n",
		      "Package: q\nVersion: 1\nPriority: required\nProvides: v\n",
		      "Package: p\nVersion: 1\nEssential: yes\nProvides: v\n"), VAR_ESSENTIAL, NULL, NULL),
	       "p x", "a provider already in the set");
}

static void test_versions(void)
{
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: e (>= 1:0), f (<< 2.0)\n",
		      "Package: e\nVersion: 1:0.5\n", "Package: f\nVersion: 2.0~rc1\n",
		      "Package: f\nVersion: 1.0\n"), VAR_ESSENTIAL, NULL, NULL),
	       "e f x", "epochs and tildes");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: f (>= 2)\n",
		      "Package: f\nVersion: 1.0\n", "Package: f\nVersion: 1.5\n"), VAR_ESSENTIAL, NULL, NULL),
	       "ERROR: x: Depends: f (>= 2): only version 1.5 is available",
	       "only the candidate counts");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nPre-Depends: nope\n"),
		   VAR_ESSENTIAL, NULL, NULL),
	       "ERROR: x: Pre-Depends: nope: no such package", "a missing package");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: f (= 1.0-1)\n",
		      "Package: f\nVersion: 1.0-1\n"), VAR_ESSENTIAL, NULL, NULL),
	       "f x", "an exact version");
}

static void test_multiarch(void)
{
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: perl:any, py:any, tool:any\n",
		      "Package: perl\nVersion: 1\nMulti-Arch: allowed\n",
		      "Package: tool\nVersion: 1\nMulti-Arch: foreign\n",
		      "Package: py\nVersion: 1\nMulti-Arch: allowed\n"), VAR_ESSENTIAL, NULL, NULL),
	       "perl py tool x", ":any: Multi-Arch allowed or foreign");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: lib:any\n",
		      "Package: lib\nVersion: 1\nMulti-Arch: same\n"), VAR_ESSENTIAL, NULL, NULL),
	       "ERROR: x: Depends: lib:any: lib is not Multi-Arch: allowed", ":any and Multi-Arch: same");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: a:native, b:amd64, c:i386\n",
		      "Package: a\nVersion: 1\n", "Package: b\nVersion: 1\nMulti-Arch: same\n",
		      "Package: c\nVersion: 1\nMulti-Arch: foreign\n"), VAR_ESSENTIAL, NULL, NULL),
	       "a b c x", ":native, the native architecture, a foreign package for another");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: c:i386\n",
		      "Package: c\nVersion: 1\n"), VAR_ESSENTIAL, NULL, NULL),
	       "ERROR: x: Depends: c:i386: c is not Multi-Arch: foreign",
	       "another architecture without Multi-Arch: foreign");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: v:any\n",
		      "Package: p\nVersion: 1\nMulti-Arch: foreign\nProvides: v\n",
		      "Package: a\nVersion: 1\nProvides: v\n"), VAR_ESSENTIAL, NULL, NULL),
	       "p x", ":any through a provider: its Multi-Arch counts");
}

static void test_conflicts(void)
{
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nConflicts: y\n",
		      "Package: y\nVersion: 2\nEssential: yes\n"), VAR_ESSENTIAL, NULL, NULL),
	       "ERROR: x Conflicts with y 2 (Conflicts: y)", "Conflicts inside the set");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nBreaks: y (<< 2)\n",
		      "Package: y\nVersion: 1.9\nEssential: yes\n"), VAR_ESSENTIAL, NULL, NULL),
	       "ERROR: x Breaks y 1.9 (Breaks: y (<< 2))", "Breaks inside the set");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nBreaks: y (<< 2)\nConflicts: z\n",
		      "Package: y\nVersion: 2\nEssential: yes\n"), VAR_ESSENTIAL, NULL, NULL),
	       "x y", "a versioned Breaks not hit; Conflicts with what is not there");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nProvides: mta\nConflicts: mta\n",
		      "Package: y\nVersion: 1\nEssential: yes\n"), VAR_ESSENTIAL, NULL, NULL),
	       "x y", "conflicting with what it provides itself is fine");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nProvides: mta\nConflicts: mta\n",
		      "Package: y\nVersion: 1\nEssential: yes\nProvides: mta\n"), VAR_ESSENTIAL, NULL, NULL),
	       "ERROR: x Conflicts with y 1 (Conflicts: mta)", "a conflict through a virtual name");
}

static void test_exclude(void)
{
	is_str(run(base, VAR_ESSENTIAL, NULL, NAMES("mawk", "tar", "nope", "gawk")),
	       "base-files dpkg init-system-helpers libc6 libgcc-s1 perl-base usr-is-merged",
	       "--exclude drops packages after the closure");
	is_str(warns, "--exclude nope: no such package|--exclude gawk: not in the set|"
	       "excluding mawk breaks base-files's Pre-Depends: awk|"
	       "excluding tar breaks dpkg's Pre-Depends: tar", "and warns about what they leave unsatisfied");
	is_str(run(ST("Package: x\nVersion: 1\nEssential: yes\nDepends: a | b\n",
		      "Package: a\nVersion: 1\n", "Package: b\nVersion: 1\nEssential: yes\n"),
		   VAR_ESSENTIAL, NAMES("a"), NAMES("a")),
	       "b x", "excluding an alternative another one satisfies");
	is_str(warns, "", "no warning then");
}

/* Is every satisfier of p's Pre-Depends before p in order? */
static void test_order(void)
{
	run(ST("Package: a\nVersion: 1\nEssential: yes\nPre-Depends: b\n",
	       "Package: b\nVersion: 1\nDepends: c\n", "Package: c\nVersion: 1\n"),
	    VAR_ESSENTIAL, NULL, NULL);
	is_str(order, "c b a", "dependencies first");
	is_str(needs, "c() b(c) a(b)", "what each needs configured first");
	run(ST("Package: a\nVersion: 1\nEssential: yes\nDepends: b\n",
	       "Package: b\nVersion: 1\nDepends: a\n"), VAR_ESSENTIAL, NULL, NULL);
	is_str(order, "a b", "a Depends cycle: broken by name");
	is_str(needs, "a() b(a)", "the cycle's edge back is not a need");
	run(ST("Package: a\nVersion: 1\nEssential: yes\nPre-Depends: b\n",
	       "Package: b\nVersion: 1\nDepends: a\n"), VAR_ESSENTIAL, NULL, NULL);
	is_str(order, "b a", "a cycle is broken at a Depends, not a Pre-Depends");
	run(ST("Package: a\nVersion: 1\nEssential: yes\nDepends: b, z\n",
	       "Package: b\nVersion: 1\nDepends: c\n", "Package: c\nVersion: 1\nPre-Depends: a, y\n",
	       "Package: y\nVersion: 1\n", "Package: z\nVersion: 1\nDepends: y\n"),
	    VAR_ESSENTIAL, NULL, NULL);
	is_str(order, "y z a c b", "a longer cycle after what it needs");
	is_str(needs, "y() z(y) a(z) c(a y) b(c)", "needs: earlier packages only");
	run(base, VAR_REQUIRED, NULL, NULL);
	is_str(order, "libc6 libgcc-s1 mawk base-files tar dpkg perl-base usr-is-merged "
	       "init-system-helpers debian-archive-keyring gpgv apt",
	       "the base set: the Essential packages and what they need first");
	is_int((int)n_base, 9, "n_base: that closure's size");
	run(ST("Package: e\nVersion: 1\nEssential: yes\nDepends: lib\n",
	       "Package: lib\nVersion: 1\n", "Package: a\nVersion: 1\nPriority: required\n",
	       "Package: z\nVersion: 1\nPriority: required\nDepends: a\n"),
	    VAR_REQUIRED, NULL, NULL);
	is_str(order, "lib e a z", "Essential closure (e, lib) before a and z, each part in order");
	is_int((int)n_base, 2, "n_base 2");
	is_str(needs, "lib() e(lib) a() z(a)", "needs stay on earlier packages");
}

/* ---- the real bookworm index ---- */

/* Where in order is the package named id (real packages only), or -1. */
static long position(const struct pkgidx *ix, const struct resolve_result *res, unsigned id)
{
	const struct pkg *c = pkgidx_cand(ix, id);

	for (size_t i = 0; c && i < res->n; i++)
		if (res->order[i] == c)
			return (long)i;
	return -1;
}

/* Pre-Depends satisfied by a real package configured later: how many. */
static int late_predeps(const struct pkgidx *ix, const struct resolve_result *res)
{
	int bad = 0;

	for (size_t i = 0; i < res->n; i++) {
		unsigned rel = res->order[i]->rel[REL_PREDEPENDS];

		for (size_t j = 0; j < pkgidx_rel_count(ix, rel); j++) {
			struct pkg_atom a;
			long at;

			pkgidx_rel_atom(ix, rel, j, &a);
			at = position(ix, res, a.name);
			if (at > (long)i) {
				diag("%s configured after %s, which Pre-Depends on it",
				     res->order[at]->name, res->order[i]->name);
				bad++;
			}
		}
	}
	return bad;
}

static int read_list(const char *path, char **out)
{
	FILE *f = fopen(path, "r");
	char line[256];
	size_t len = 0, cap = 8192;

	if (!f)
		return -1;
	*out = xmalloc(cap);
	(*out)[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		if (len + strlen(line) + 2 > cap)
			*out = xrealloc(*out, cap *= 2);
		len += (size_t)sprintf(*out + len, "%s%s", len ? " " : "", line);
	}
	fclose(f);
	return 0;
}

static void test_real(void)
{
	const char *path = getenv("CTBOX_PACKAGES"), *src = getenv("CTBOX_SRC");
	struct resolve_req rq = { VAR_MINBASE, NULL, NULL };
	struct resolve_result res;
	struct timespec t0, t1;
	struct pkgidx *ix;
	char buf[65536], lpath[512], *want = NULL;
	FILE *f;
	size_t n;
	int r = 0;

	if (!path || !(f = fopen(path, "r"))) {
		for (int i = 0; i < 5; i++)
			skip("CTBOX_PACKAGES does not name an uncompressed bookworm amd64 Packages file");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ix = pkgidx_new("amd64");
	pkgidx_begin(ix, "main/binary-amd64/Packages", &e);
	while (!r && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		r = pkgidx_feed(ix, buf, n, &e);
	fclose(f);
	if (!r)
		r = pkgidx_end(ix, &e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ok(!r, "indexed %s%s%s", path, r ? ": " : "", r ? e.msg : "");
	diag("%zu packages indexed in %.3f s, %.1f MB held", pkgidx_count(ix),
	     (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	     (double)pkgidx_bytes(ix) / 1e6);
	ok(pkgidx_bytes(ix) < 20000000, "under 20 MB (%zu bytes)", pkgidx_bytes(ix));
	snprintf(lpath, sizeof(lpath), "%s/tests/unit/data/resolve/bookworm-amd64-minbase.txt",
		 src ? src : ".");
	if (read_list(lpath, &want) < 0) {
		ok(0, "reading %s", lpath);
	} else if (resolve(ix, &rq, &res, &e) < 0) {
		ok(0, "minbase: %s", e.msg);
	} else {
		is_str(names(res.pkgs, res.n), want, "minbase: debootstrap's %zu packages", res.n);
		is_int(late_predeps(ix, &res), 0, "no Pre-Depends configured late");
		resolve_result_free(&res);
	}
	rq.variant = VAR_STANDARD;
	if (resolve(ix, &rq, &res, &e) < 0) {
		ok(0, "standard: %s", e.msg);
	} else {
		diag("standard: %zu packages, %.1f MB of .debs", res.n, (double)res.bytes / 1e6);
		is_int(late_predeps(ix, &res), 0, "standard: no Pre-Depends configured late");
		resolve_result_free(&res);
	}
	free(want);
	pkgidx_free(ix);
}

int main(void)
{
	test_index();
	test_index_more();
	test_index_errors();
	test_relation();
	test_variants();
	test_alternatives();
	test_virtual();
	test_versions();
	test_multiarch();
	test_conflicts();
	test_exclude();
	test_order();
	test_real();
	return done_testing();
}
