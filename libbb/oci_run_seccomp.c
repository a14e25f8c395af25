/* linux.seccomp as a policy in LXC's format (version 2), which ctbox's
 * own compiler (seccomp_policy.c, seccomp_bpf.c) turns into the filter,
 * at start and for every exec alike:
 *
 *   {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mkdir"],
 *    "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 493,
 *    "op": "SCMP_CMP_EQ"}]}]}
 *   ->  2 / allowlist errno 1 / [all] / mkdir allow [1,493,SCMP_CMP_EQ]
 *
 * The kill actions become kill (the process); SCMP_ACT_TRACE, _LOG and
 * _NOTIFY, listenerPath and flags are refused by their JSON path. */
#include <stdio.h>
#include <string.h>

#include "oci_run.h"

/* The action as the policy writes it, or NULL when ctbox has none. */
static const char *action(int a, const struct oci_u64 *ret, char *buf, size_t len)
{
	switch (a) {
	case 1: case 2: case 3: return "kill";
	case 4: return "trap";
	case 5:
		snprintf(buf, len, "errno %llu", ret->set ? (unsigned long long)ret->v : 1ULL);
		return buf;
	case 7: return "allow";
	default: return NULL;
	}
}

static int name_ok(const char *n)
{
	if (!*n || strlen(n) > 64)
		return 0;
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= '0' && *n <= '9') || *n == '_'))
			return 0;
	return 1;
}

int oci_seccomp_policy(const struct oci_seccomp *sc, FILE *f, struct bb_err *e)
{
	char buf[32];
	const char *def;
	size_t i, k, a;

	if (!sc) {
		fputs("2\ndenylist\n", f);
		return 0;
	}
	if (sc->listener_path)
		return bb_err_set(e, 0, "linux.seccomp.listenerPath: not supported by ctbox (no seccomp notify)");
	if (sc->flags.n)
		return bb_err_set(e, 0, "linux.seccomp.flags: \"%s\" is not supported by ctbox", sc->flags.v[0]);
	def = action(sc->default_action, &sc->default_errno_ret, buf, sizeof(buf));
	if (!def)
		return bb_err_set(e, 0, "linux.seccomp.defaultAction: %s is not supported by ctbox",
				  sc->default_action ? oci_seccomp_actions[sc->default_action - 1] : "(none)");
	fprintf(f, "2\n%s%s%s\n[all]\n", strcmp(def, "allow") ? "allowlist " : "denylist",
		strcmp(def, "allow") ? def : "", "");
	for (i = 0; i < sc->n_syscalls; i++) {
		const struct oci_syscall *s = &sc->syscalls[i];
		const char *act = action(s->action, &s->errno_ret, buf, sizeof(buf));

		if (!act)
			return bb_err_set(e, 0, "linux.seccomp.syscalls[%zu].action: %s is not supported by ctbox",
					  i, s->action ? oci_seccomp_actions[s->action - 1] : "(none)");
		for (k = 0; k < s->names.n; k++) {
			if (!name_ok(s->names.v[k]))
				return bb_err_set(e, 0, "linux.seccomp.syscalls[%zu].names[%zu]: \"%.64s\" is not a syscall name",
						  i, k, s->names.v[k]);
			fprintf(f, "%s %s", s->names.v[k], act);
			for (a = 0; a < s->n_args; a++) {
				const struct oci_seccomp_arg *g = &s->args[a];

				if (g->index.v > 5)
					return bb_err_set(e, 0, "linux.seccomp.syscalls[%zu].args[%zu].index: %llu is not 0 to 5",
							  i, a, (unsigned long long)g->index.v);
				if (!g->op)
					return bb_err_set(e, 0, "linux.seccomp.syscalls[%zu].args[%zu].op: required", i, a);
				/* libseccomp's MASKED_EQ: (arg & value) == valueTwo. */
				if (g->op == 7)
					fprintf(f, " [%llu,%llu,SCMP_CMP_MASKED_EQ,%llu]", (unsigned long long)g->index.v,
						(unsigned long long)g->value_two.v, (unsigned long long)g->value.v);
				else
					fprintf(f, " [%llu,%llu,%s]", (unsigned long long)g->index.v,
						(unsigned long long)g->value.v, oci_seccomp_ops[g->op - 1]);
			}
			fputc('\n', f);
		}
	}
	return ferror(f) ? bb_err_set(e, 0, "linux.seccomp: write error") : 0;
}
