/* Unit tests: which shared state a maintainer script touches, as the
 * second stage reads it (rootfs-builder/stage2_jobs.c, s2_classes):
 * scripts sharing a class never run at the same time. */
#include <string.h>

#include "stage2_int.h"
#include "tap.h"

static const struct {
	const char *text, *name;
	unsigned want;
} cases[] = {
	{ "#!/bin/sh\nset -e\n. /usr/share/debconf/confmodule\ndb_get x\n", "debconf's confmodule",
	  S2_DEBCONF },
	{ "#!/bin/sh\npam-auth-update --package\n", "pam-auth-update asks debconf", S2_DEBCONF },
	{ "#!/bin/sh -e\nupdate-alternatives --install /usr/bin/pager pager /bin/more 50\n",
	  "update-alternatives", S2_DPKG },
	{ "#!/bin/sh\ndpkg-divert --package foo --divert /usr/bin/x.real --add /usr/bin/x\n",
	  "dpkg-divert: alone (it moves a file others may run)", S2_DPKG | S2_ALONE },
	{ "#!/bin/sh\nif [ ! -e /bin/sh ]; then ln -s bash /bin/sh; fi\n",
	  "naming /bin/sh after the #! line: alone", S2_ALONE },
	{ "#!/bin/sh\nldconfig\n/usr/bin/sha256sum x\n", "/usr/bin/sha256sum is not /bin/sh",
	  S2_LDCONFIG },
	{ "#!/bin/sh\nif [ -x /sbin/ldconfig ]; then /sbin/ldconfig; fi\n", "ldconfig by its path",
	  S2_LDCONFIG },
	{ "#!/bin/sh\nadduser --system --home /nonexistent _apt\n", "adduser", S2_USERS },
	{ "#!/bin/sh\nchown messagebus /run/dbus\n", "chown reads the user names", S2_USERS },
	{ "#!/bin/sh\nsystemd-tmpfiles --create dbus.conf\n", "systemd-tmpfiles",
	  S2_USERS | S2_CACHES },
	{ "#!/bin/sh\nupdate-shells\nadd-shell /bin/x\n", "update-shells, add-shell", S2_SHELLS },
	{ "#!/bin/sh\nupdate-rc.d foo defaults >/dev/null\n", "update-rc.d", S2_RC },
	{ "#!/bin/sh\nupdate-ca-certificates --fresh\n", "any other update-* tool", S2_CACHES },
	{ "#!/bin/sh\ndeb-systemd-helper enable foo.timer\nmkdir -p /var/lib/foo\n"
	  "deb-systemd-helper update-state foo.timer\n",
	  "deb-systemd-helper (update-state too) and files of its own: no class", 0 },
	{ "#!/bin/sh\nmyldconfig; ldconfig.real; ldconfigure\n", "only whole words count", 0 },
	{ "#!/bin/sh\n. /usr/share/debconf/confmodule\nldconfig\nuseradd x\n", "several classes",
	  S2_DEBCONF | S2_LDCONFIG | S2_USERS },
	{ "#! /usr/bin/bash\nldconfig\n", "#! /usr/bin/bash is a shell", S2_LDCONFIG },
	{ "#!/bin/dash\n", "dash", 0 },
	{ "#!/usr/bin/perl\nsystem('true');\n", "perl: alone", S2_ALONE },
	{ "#!/bin/shell\n", "#!/bin/shell is not sh", S2_ALONE },
	{ "\x7f" "ELF\x02\x01\x01", "an ELF binary: alone", S2_ALONE },
	{ "", "empty: alone", S2_ALONE },
};

int main(void)
{
	size_t i;

	plan((int)ARRAY_SIZE(cases) + 1);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		is_int((int)s2_classes(cases[i].text, strlen(cases[i].text)), (int)cases[i].want,
		       "%s", cases[i].name);
	is_int((int)s2_classes("#!/bin/sh\n\0ldconfig", 20), S2_ALONE, "a NUL byte: alone");
	return done_testing();
}
