/* Numbers of the system calls newer than some C libraries' headers (musl
 * 1.2.3 has none of these): the same on every architecture ctbox builds
 * for. Whether the running kernel has them is probed where they are used
 * (fallback.h). */
#ifndef CTBOX_SYSNR_H
#define CTBOX_SYSNR_H

#include <sys/syscall.h>

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif

#endif
