/* update-config: rewrite an LXC 2 container config to LXC 3+ key names,
 * in place, as lxc-update-config does.
 *
 *   update_config_text(text, len, "FILE", &out, &outlen, &changed, &e)
 *   update_config_file("FILE", &changed, &e)   backup, then atomic rename
 *
 * Only key names change: comments, blank lines, spacing, values and the
 * order of lines stay as they are, except that
 *   lxc.rootfs = PATH           gets its storage type: lxc.rootfs.path =
 *                               TYPE:PATH (TYPE: lxc.rootfs.backend, else
 *                               dir; not when PATH names a type already);
 *   lxc.network.* (unindexed)   gets the index ctbox's parser gives it: each
 *                               lxc.network.type starts the interface after
 *                               the highest one so far;
 *   lxc.network[.N].ipv4/ipv6   become ...ipv4.address/ipv6.address;
 *   lxc.rootfs.backend, lxc.pivotdir, lxc.kmsg   lines are dropped.
 * Commented-out keys are left alone.
 */
#ifndef CTBOX_UPDATE_CONFIG_H
#define CTBOX_UPDATE_CONFIG_H

#include <stddef.h>

struct bb_err;

/* Rewrite text (len bytes). *out gets a malloc'd copy (NUL-terminated,
 * *outlen bytes), *changed the number of lines renamed or dropped (0: *out
 * equals text). Text that is not an LXC config (a NUL byte, a line that is
 * neither blank, a comment nor lxc.KEY = VALUE) is refused; name is used
 * in messages ("NAME:LINE: ..."). Returns 0, or -1 with e. */
int update_config_text(const char *text, size_t len, const char *name, char **out,
		       size_t *outlen, unsigned *changed, struct bb_err *e);

/* Rewrite the file at path: when it has legacy keys, its bytes go to
 * PATH.backup first, then the new text replaces the file (a temporary
 * file renamed over it, with its mode and, as root, its owner; a symbolic
 * link is followed). Nothing is written when *changed is 0. Returns 0, or
 * -1 with e (nothing changed when the backup could not be written). */
int update_config_file(const char *path, unsigned *changed, struct bb_err *e);

#endif
