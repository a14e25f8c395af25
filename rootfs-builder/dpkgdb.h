/* Writing dpkg's database for packages unpacked by ctbox, as dpkg would:
 * var/lib/dpkg/{status,available,arch,diversions,statoverride,info/,
 * updates/,triggers/,alternatives/}, and for each package
 * info/PKG[:ARCH].{list,md5sums,conffiles,preinst,postinst,prerm,postrm,
 * shlibs,symbols,triggers,templates,config,...} (":ARCH" for Multi-Arch:
 * same packages, as dpkg names them). The status stanza is the package's
 * control file with "Status:" added after "Package:" and, for conffiles,
 * a "Conffiles:" field with their md5sums as unpacked; Priority and
 * Section are the archive's where the caller has them
 * (dpkgdb_add_override).
 */
#ifndef CTBOX_DPKGDB_H
#define CTBOX_DPKGDB_H

#include "deb.h"

struct dpkgdb;

/* rootfd: the target's root; arch: the native architecture (written to
 * var/lib/dpkg/arch). */
struct dpkgdb *dpkgdb_open(int rootfd, const char *arch, struct bb_err *e);
/* Record one package (its info files are written now). status is dpkg's
 * "want flag state", e.g. "install ok unpacked". */
int dpkgdb_add(struct dpkgdb *db, const struct deb_info *info, const char *status,
		struct bb_err *e);
/* The archive's classification of a package: the Priority and Section of
 * its Packages stanza (ftp-master's override), which may differ from its
 * control file's. available carries them (debootstrap copies Packages
 * stanzas there); status too unless avail_only (dpkg takes them from
 * available when it rereads it, but a later dpkg --unpack takes the
 * control file's). NULL: the control file's. */
struct dpkgdb_override {
	const char *priority, *section;
	int avail_only;
};
/* dpkgdb_add with the archive's classification (ov may be NULL). */
int dpkgdb_add_override(struct dpkgdb *db, const struct deb_info *info,
		const struct dpkgdb_override *ov, const char *status, struct bb_err *e);
/* Change a recorded package's state ("install ok installed"). */
int dpkgdb_set_status(struct dpkgdb *db, const char *pkg, const char *status,
		struct bb_err *e);
/* Write status and available (atomically: temporary file + rename).
 * May be called several times. */
int dpkgdb_write(struct dpkgdb *db, struct bb_err *e);
/* Write status only (as the maintainer scripts change the states). */
int dpkgdb_write_status(struct dpkgdb *db, struct bb_err *e);
void dpkgdb_free(struct dpkgdb *db);

#endif
