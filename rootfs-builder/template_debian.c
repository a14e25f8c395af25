/* create -t debian: the rootfs builder behind lxc-create's template
 * (`lxc-create -t debian -n NAME -- -r SUITE [-a ARCH] ...`). The second
 * container of a suite comes from the builder's cached root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "create.h"
#include "rb.h"

/* The suite when -r is not given: the host's own, as LXC's template does,
 * from /etc/os-release's VERSION_CODENAME; else bookworm. */
static char *default_suite(void)
{
	char *text = read_file("/etc/os-release", 1 << 16, NULL), *p, *end, *s;

	p = text ? strstr(text, "VERSION_CODENAME=") : NULL;
	if (p && (p == text || p[-1] == '\n')) {
		p += strlen("VERSION_CODENAME=");
		end = strchr(p, '\n');
		s = strndup(p, end ? (size_t)(end - p) : strlen(p));
		free(text);
		if (s && s[0] && !strchr(s, '/') && s[0] != '.')
			return s;
		free(s);
		return xstrdup("bookworm");
	}
	free(text);
	return xstrdup("bookworm");
}

int tmpl_debian(struct tmpl_ctx *x, struct bb_err *e)
{
	char **argv = xmalloc((size_t)(x->argc + 2) * sizeof(*argv));
	struct rb_opts o = { 0 };
	int i, r;

	argv[0] = "debian";
	for (i = 0; i < x->argc; i++)
		argv[i + 1] = x->argv[i];
	argv[x->argc + 1] = NULL;
	i = rb_cli_parse(x->argc + 1, argv, &o, RB_CLI_TEMPLATE, e);
	if (i == -2) {
		free(argv);
		return bb_err_set(e, 0, "template debian: options: -r SUITE, -a ARCH, --variant, "
				  "--mirror, --security-mirror, --components, --include, --exclude, "
				  "--keyring, --no-check-sig, --slim, --no-cache, --flush-cache "
				  "(see `ctbox rootfs --help`)");
	}
	if (i >= 0 && i < x->argc + 1)
		r = bb_err_set(e, 0, "template debian: unexpected argument '%s'", argv[i]);
	else if (i < 0) {
		struct bb_err in = *e;

		r = bb_err_set(e, 0, "template debian: %s", in.msg);
	}
	else
		r = 0;
	free(argv);
	if (r < 0)
		return -1;
	if (!o.suite)
		o.suite = default_suite();
	o.target = x->rootfs_dir;
	o.hostname = x->name;
	o.stop = x->stop;
	if (rb_build(&o, e) < 0)
		return -1;
	fprintf(x->conf,
		"lxc.arch = %s\n"
		"lxc.autodev = 1\n"
		"lxc.mount.auto = proc:mixed sys:ro cgroup:mixed\n"
		"lxc.tty.max = 4\n"
		"lxc.pty.max = 1024\n",
		lxc_arch());
	return 0;
}
