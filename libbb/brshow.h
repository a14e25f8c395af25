/* brshow: brctl's (bridge-utils 1.7) output, byte for byte, from what
 * rtnl.h reads over netlink: the `show` table, the `showstp` report and
 * the `showmacs` table. Formatting only: the caller gathers and orders
 * the data (bridges and ports by name, as brctl's sysfs scan does; MAC
 * entries by address). Times are the kernel's centiseconds. */
#ifndef CTBOX_BRSHOW_H
#define CTBOX_BRSHOW_H

#include <stddef.h>
#include <stdio.h>

#include "rtnl.h"

/* "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n" */
void brshow_header(FILE *f);
/* One bridge of `show`: its line, then its ports (names, in order), one
 * a line under the interfaces column. */
void brshow_bridge(FILE *f, const char *name, const struct rtnl_bridge *b,
		   const char *const *ports, size_t nports);

/* `showstp`: the bridge, then each port (ports[i].name, in order). */
void brshow_stp(FILE *f, const char *name, const struct rtnl_bridge *b,
		const struct rtnl_brport *ports, size_t nports);

/* `showmacs`: the header, then one line an entry. */
void brshow_macs_header(FILE *f);
void brshow_mac(FILE *f, unsigned port_no, const unsigned char mac[6], int local,
		unsigned ageing);

/* brctl's name of an STP port state ("disabled" ... "blocking"). */
const char *brshow_state_name(unsigned state);

#endif
