/* The files that make an unpacked pile of packages a Debian root
 * (finish.c): before the maintainer scripts (policy-rc.d refusing
 * services, apt's sources, hostname, hosts, resolv.conf, an empty
 * machine-id) and after them (policy-rc.d gone, root's password locked,
 * --slim's dpkg path-exclude rules applied). */
#ifndef CTBOX_FINISH_H
#define CTBOX_FINISH_H

#include "rb.h"

int rb_finish_pre(int rootfd, const struct rb_opts *o, const char *mirror, struct bb_err *e);
/* root: the target's path (for removing --slim's excluded files). */
int rb_finish_post(int rootfd, const char *root, const struct rb_opts *o, struct bb_err *e);
/* Set the name in etc/hostname and etc/hosts (also for a copy from the
 * cache). */
int rb_set_hostname(int rootfd, const char *name, struct bb_err *e);

#endif
