/* Unit tests of the OCI runtime's pure parts: container ids as runc takes
 * them, and linux.seccomp turned into an LXC policy (the exact bytes,
 * that ctbox's policy parser and BPF compiler take them, and the
 * refusals by JSON path, hostile syscall names included). */
#include <stdlib.h>
#include <string.h>

#include "oci_run.h"
#include "seccomp.h"
#include "tap.h"

/* linux.seccomp = sc (JSON text) as policy text, or NULL with e. */
static char *policy(const char *sc, struct bb_err *e)
{
	char *doc = xasprintf("{\"ociVersion\": \"1.0.2\", \"linux\": {\"seccomp\": %s}}", sc);
	struct oci_spec *s = oci_spec_parse(doc, strlen(doc), "config.json", e);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	free(doc);
	if (!s)
		return NULL;
	f = open_memstream(&buf, &len);
	r = oci_seccomp_policy(s->linux_->seccomp, f, e);
	fclose(f);
	oci_spec_free(s);
	if (r < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void want_policy(const char *sc, const char *want, const char *name)
{
	struct bb_err e = { 0, "" };
	char *got = policy(sc, &e);

	if (!got)
		diag("error: %s", e.msg);
	is_str(got ? got : "", want, "%s", name);
	free(got);
}

static void want_refusal(const char *sc, const char *msg, const char *name)
{
	struct bb_err e = { 0, "" };
	char *got = policy(sc, &e);

	ok(!got && strstr(e.msg, msg) != NULL, "%s", name);
	if (got || !strstr(e.msg, msg))
		diag("got: %s", got ? got : e.msg);
	free(got);
}

static void ids(void)
{
	static const char *const good[] = { "a", "ctr-1", "A_b.c+d", "0123456789", "x.y" };
	static const char *const bad[] = { "", ".", "..", "a/b", "a b", "é", "a\n", ".hidden", "-x",
					   "0123456789012345678901234567890123456789012345678901234567890123456789" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ok(oci_check_id(good[i], NULL) == 0, "id '%s' taken", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ok(oci_check_id(bad[i], NULL) < 0, "id #%zu refused", i);
}

static void translations(void)
{
	struct bb_err e = { 0, "" };

	want_policy("null", "2\ndenylist\n", "no seccomp: a policy allowing everything");
	want_policy("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"kexec_load\", \"reboot\"],"
		    " \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 38}]}",
		    "2\ndenylist\n[all]\nkexec_load errno 38\nreboot errno 38\n",
		    "denylist with errnoRet, one line per name");
	want_policy("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		    " {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 8,"
		    " \"op\": \"SCMP_CMP_EQ\"}, {\"index\": 1, \"value\": 255, \"valueTwo\": 4, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},"
		    " {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"}, {\"names\": [\"uname\"], \"action\": \"SCMP_ACT_TRAP\"}]}",
		    "2\nallowlist errno 1\n[all]\nread allow\npersonality allow [0,8,SCMP_CMP_EQ] [1,4,SCMP_CMP_MASKED_EQ,255]\n"
		    "ptrace kill\nuname trap\n",
		    "allowlist, errno 1 by default, argument comparisons, kill and trap");
	want_policy("{\"defaultAction\": \"SCMP_ACT_KILL\", \"defaultErrnoRet\": 5}", "2\nallowlist kill\n[all]\n",
		    "kill by default");
	want_refusal("{\"defaultAction\": \"SCMP_ACT_LOG\"}", "linux.seccomp.defaultAction: SCMP_ACT_LOG is not supported",
		     "SCMP_ACT_LOG refused by path");
	want_refusal("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}",
		     "linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY is not supported", "SCMP_ACT_NOTIFY refused by path");
	want_refusal("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\\nkill\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
		     "linux.seccomp.syscalls[0].names[0]", "a name that would inject a policy line is refused");
	want_refusal("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
		     " \"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		     "args[0].index: 6 is not 0 to 5", "argument index above 5 refused");
	want_refusal("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"/run/x.sock\"}",
		     "linux.seccomp.listenerPath", "listenerPath refused");
	want_refusal("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_LOG\"]}",
		     "linux.seccomp.flags", "flags refused");

	/* What comes out compiles with ctbox's own compiler. */
	{
		const char *why = "";
		const struct sc_arch *a = sc_arch_native(&why);
		char *text = policy("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\", \"write\","
				    " \"no_such_call\"], \"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"personality\"],"
				    " \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]}]}", &e);
		struct sc_policy p;
		struct sc_prog prog = { 0 };

		if (!a || !text) {
			diag("no syscall table for this arch (%s) or no policy (%s)", why, e.msg);
			skip("no syscall table or no policy");
			skip("no syscall table or no policy");
		} else {
			int r = sc_policy_parse(&p, text, strlen(text), "seccomp", a, &e);

			ok(r == 0 && p.n == 3 && p.warn.n == 1, "the policy parses (unknown name skipped with a warning)");
			ok(r == 0 && sc_compile(&p, a, &prog, &e) == 0 && prog.len > 0, "and compiles to BPF");
			if (r < 0)
				diag("%s", e.msg);
			sc_prog_free(&prog);
			for (size_t i = 0; i < p.warn.n; i++)
				free((char *)p.warn.v[i]);
			p.warn.n = 0;
			sc_policy_free(&p);
		}
		free(text);
	}
}

int main(void)
{
	plan(27);
	ids();
	translations();
	return done_testing();
}
