/* memfd_create's flags and the seals, for C libraries and kernel headers
 * that lack them (libbb/sealed.c, pack/loader.c). */
#ifndef CTBOX_MEMFD_H
#define CTBOX_MEMFD_H

#include <fcntl.h>

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#define MFD_ALLOW_SEALING 2U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x10U
#endif
#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_SEAL_SEAL 1
#define F_SEAL_SHRINK 2
#define F_SEAL_GROW 4
#define F_SEAL_WRITE 8
#endif
/* The seals of a copy nothing may change any more. */
#define SEALED_FOR_GOOD (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

#endif
