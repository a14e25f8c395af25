/* The console's scrollback and clients (see console_hub.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "console_hub.h"

static void send_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n <= 0)
			return; /* slow or gone: it loses this part */
		buf += n;
		len -= n;
	}
}

void hub_output(struct console_hub *h, int tty, const char *buf, size_t len)
{
	int i;

	if (tty == 0 && (h->ring || (h->ring = malloc(HUB_RING)))) {
		const char *p = buf;
		size_t left = len;

		if (left > HUB_RING) {
			p += left - HUB_RING;
			left = HUB_RING;
		}
		while (left) {
			size_t chunk = HUB_RING - h->head < left ? HUB_RING - h->head : left;

			memcpy(h->ring + h->head, p, chunk);
			h->head = (h->head + chunk) % HUB_RING;
			h->used = h->used + chunk > HUB_RING ? HUB_RING : h->used + chunk;
			p += chunk;
			left -= chunk;
		}
	}
	for (i = 0; i < h->n; i++)
		if (h->c[i].tty == tty)
			send_all(h->c[i].fd, buf, len);
}

int hub_add(struct console_hub *h, int fd, int tty)
{
	if (h->n >= HUB_CLIENTS)
		return -1;
	if (tty == 0 && h->used) {
		size_t start = (h->head + HUB_RING - h->used) % HUB_RING;
		size_t first = HUB_RING - start < h->used ? HUB_RING - start : h->used;

		send_all(fd, h->ring + start, first);
		send_all(fd, h->ring, h->used - first);
	}
	h->c[h->n].fd = fd;
	h->c[h->n].tty = tty;
	h->n++;
	return 0;
}

void hub_remove(struct console_hub *h, int i)
{
	close(h->c[i].fd);
	h->c[i] = h->c[--h->n];
}

int hub_clients_of(const struct console_hub *h, int tty)
{
	int i, n = 0;

	for (i = 0; i < h->n; i++)
		n += h->c[i].tty == tty;
	return n;
}

void hub_free(struct console_hub *h)
{
	while (h->n)
		hub_remove(h, h->n - 1);
	free(h->ring);
	h->ring = NULL;
	h->used = h->head = 0;
}
