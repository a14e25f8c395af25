/* The monitor's side of console: a 64 KiB scrollback of the console (as
 * LXC's console ring buffer) and the clients attached to the console or
 * to tty N. Output is never waited for: a client that does not keep up
 * loses what it could not take, the container never blocks. */
#ifndef CTBOX_CONSOLE_HUB_H
#define CTBOX_CONSOLE_HUB_H

#include <stddef.h>

#define HUB_RING 65536
#define HUB_CLIENTS 16

struct console_hub {
	char *ring;           /* allocated on first output */
	size_t used, head;    /* bytes held; where the next byte goes */
	struct hub_client {
		int fd;
		int tty;      /* 0: the console, N: lxc.tty N */
	} c[HUB_CLIENTS];
	int n;
};

/* Output of tty (0: console): kept in the ring (console only) and sent
 * to the clients of that tty. */
void hub_output(struct console_hub *h, int tty, const char *buf, size_t len);
/* A new client of tty: the scrollback first (console). 0, or -1 when full. */
int hub_add(struct console_hub *h, int fd, int tty);
void hub_remove(struct console_hub *h, int i);
/* Clients of tty (for the monitor's poll: read the tty only when wanted). */
int hub_clients_of(const struct console_hub *h, int tty);
void hub_free(struct console_hub *h);

#endif
