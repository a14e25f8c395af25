/* shift: a rootfs for a container with a user namespace (lxc.idmap).
 *
 * Two ways, decided by create:
 * - shifted (shift.c): every file's owner and group moved to the host ids
 *   the maps give them (container id N -> host id of N), in place; the
 *   set-user-ID and set-group-ID bits that chown clears are restored, file
 *   capabilities (security.capability) are rewritten as revision 3 with
 *   the host id of the container's root as their rootid (a revision 2
 *   capability would be ignored inside), and the named users and groups of
 *   POSIX ACLs (system.posix_acl_access, _default) are shifted too. Hard
 *   links are shifted once; symlinks are never followed; other file
 *   systems mounted inside are left alone.
 * - idmapped (idmapped.c): the rootfs stays as it is on disk and start
 *   mounts it idmapped (mount_setattr MOUNT_ATTR_IDMAP, Linux 5.12, with
 *   the container's user namespace), as LXC 5 does for
 *   lxc.rootfs.options = idmap=container (or idmap=PATH: the user
 *   namespace file PATH).
 *
 * TEST ONLY: CTBOX_FORCE_FALLBACK (fallback.h) naming "userns" makes
 * shift_have_userns say 0, and naming "idmap" makes shift_can_idmap say 0.
 */
#ifndef CTBOX_SHIFT_H
#define CTBOX_SHIFT_H

#include <sys/types.h>

#include "conf.h"

/* ---- byte formats and ids (shift.c) ---- */

/* The host id of container id `id` of kind 'u' or 'g'. 0, or -1 when no
 * map covers it. */
int shift_id(const struct conf_idmap *m, size_t n, char kind, unsigned long id,
	     unsigned long *host);

/* A security.capability value (revision 1, 2 or 3, little endian) as
 * revision 3 with its rootid (0 for revisions 1 and 2) shifted: out gets
 * 24 bytes. 24, or -1 with e (bad format, unmapped rootid). */
#define SHIFT_CAPS_V3_LEN 24
int shift_fscaps(const unsigned char *in, size_t len, const struct conf_idmap *m, size_t n,
		 unsigned char out[SHIFT_CAPS_V3_LEN], struct bb_err *e);

/* A POSIX ACL xattr value (version 2: a 4-byte header, 8-byte entries
 * tag/perm/id): the ids of named users and groups shifted in place. 0, or
 * -1 with e (bad format, unmapped id). */
int shift_acl(unsigned char *buf, size_t len, const struct conf_idmap *m, size_t n,
	      struct bb_err *e);

/* ---- the tree (shift.c) ---- */

/* Shift the tree at dir (dir itself included). Stops with EINTR when
 * *stop becomes non-zero. 0, or -1 with e naming the file. */
int shift_tree(const char *dir, const struct conf_idmap *m, size_t n, volatile int *stop,
	       struct bb_err *e);

/* ---- idmapped mounts (idmapped.c) ---- */

/* Can this process create a user namespace? 1 or 0. */
int shift_have_userns(void);

/* Does dir's file system take an idmapped mount with the maps m? Tried
 * for real: a clone of dir's mount (open_tree) idmapped with a scratch
 * user namespace holding m. 1, or 0 with the reason in e. */
int shift_can_idmap(const char *dir, const struct conf_idmap *m, size_t n, struct bb_err *e);

/* The value of idmap= in mount options ("container", a path), or NULL;
 * *len gets its length. */
const char *shift_idmap_opt(const char *options, size_t *len);

/* start: make the detached rootfs tree (rootfs_open_tree) idmapped as
 * options' idmap= says: "container" with the user namespace of pid (the
 * container's init, its maps written), a path with that user namespace
 * file. Nothing to do (0) without idmap=. 0, or -1 with e. */
int shift_idmap_tree(int tree, const char *options, pid_t pid, struct bb_err *e);

#endif
