/* Writing dpkg's database for packages unpacked by ctbox, as dpkg would:
 * var/lib/dpkg/{status,available,arch,diversions,statoverride,info/,
 * updates/,triggers/,alternatives/}, and for each package
 * info/PKG[:ARCH].{list,md5sums,conffiles,preinst,postinst,prerm,postrm,
 * shlibs,symbols,triggers,templates,config,...} (":ARCH" for Multi-Arch:
 * same packages, as dpkg names them). The status stanza is the package's
 * control file with "Status:" added after "Package:" and, for conffiles,
 * a "Conffiles:" field with their md5sums as unpacked.
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
/* Change a recorded package's state ("install ok installed"). */
int dpkgdb_set_status(struct dpkgdb *db, const char *pkg, const char *status,
		struct bb_err *e);
/* Write status and available (atomically: temporary file + rename).
 * May be called several times. */
int dpkgdb_write(struct dpkgdb *db, struct bb_err *e);
void dpkgdb_free(struct dpkgdb *db);

#endif
