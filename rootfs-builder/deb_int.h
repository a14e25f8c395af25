/* Internal to the .deb reader (ar.c, deb.c). Positioned reads are
 * libbb's full_pread, the members' decompression libbb's unz.h. */
#ifndef CTBOX_DEB_INT_H
#define CTBOX_DEB_INT_H

#include "deb.h"

#endif
