/* One HTTP connection, plain or through a BearSSL engine, driven without
 * blocking by fetch.c's poll loop (http.h). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"

void hc_init(struct http_conn *c)
{
	c->fd = -1;
	c->connecting = 0;
	c->tls = NULL;
	c->req_len = c->req_off = 0;
}

int hc_connect(struct http_conn *c, const struct sockaddr *sa, socklen_t len)
{
	int one = 1, fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, sa, len) < 0 && errno != EINPROGRESS) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	c->fd = fd;
	c->connecting = 1; /* even when done at once: hc_connected says */
	return 0;
}

int hc_connected(struct http_conn *c)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		close(c->fd);
		c->fd = -1;
		errno = err;
		return -1;
	}
	c->connecting = 0;
	return 0;
}

short hc_events(const struct http_conn *c)
{
	short ev = 0;

	if (c->connecting)
		return POLLOUT;
	if (!c->tls)
		return c->req_off < c->req_len ? POLLOUT | POLLIN : POLLIN;
	unsigned st = br_ssl_engine_current_state(&c->tls->sc.eng);
	/* A request waiting for the engine: the socket is writable at once. */
	if ((st & BR_SSL_SENDREC) || ((st & BR_SSL_SENDAPP) && c->req_off < c->req_len))
		ev |= POLLOUT;
	if (st & BR_SSL_RECVREC)
		ev |= POLLIN;
	return ev;
}

void hc_send(struct http_conn *c, size_t len)
{
	c->req_len = len;
	c->req_off = 0;
}

static int would_block(void)
{
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

/* send(2) without SIGPIPE: >0 sent, 0 would block, -1 error. */
static ssize_t send_some(struct http_conn *c, const void *p, size_t n, int *moved)
{
	ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);

	if (w > 0)
		*moved = 1;
	if (w < 0 && would_block())
		return 0;
	return w;
}

/* recv(2): >0 read, 0 would block, -2 end of stream, -1 error. */
static ssize_t recv_some(struct http_conn *c, void *p, size_t n, int *moved)
{
	ssize_t r = recv(c->fd, p, n, 0);

	if (r > 0)
		*moved = 1;
	if (r == 0)
		return -2;
	if (r < 0 && would_block())
		return 0;
	return r;
}

static int pump_plain(struct http_conn *c, hc_deliver_fn deliver, void *ctx, int *moved,
		struct bb_err *e)
{
	for (;;) {
		ssize_t n = 0;

		if (c->req_off < c->req_len) {
			n = send_some(c, c->req + c->req_off, c->req_len - c->req_off, moved);
			if (n < 0)
				return bb_err_set(e, errno, "send");
			c->req_off += (size_t)n;
		}
		ssize_t r = recv_some(c, c->in, sizeof(c->in), moved);
		if (r == -2)
			return HC_EOF;
		if (r < 0)
			return bb_err_set(e, errno, "receive");
		if (r > 0 && deliver(ctx, c->in, (size_t)r) < 0)
			return HC_STOP;
		if (!n && !r)
			return HC_AGAIN;
	}
}

/* Move application data in and out of the engine, then records over the
 * socket, until nothing moves. */
static int pump_tls(struct http_conn *c, hc_deliver_fn deliver, void *ctx, int *moved,
		struct bb_err *e)
{
	br_ssl_engine_context *eng = &c->tls->sc.eng;
	unsigned char *buf;
	size_t len;
	ssize_t n;
	char why[64];

	for (;;) {
		unsigned st = br_ssl_engine_current_state(eng);

		if (st & BR_SSL_CLOSED) {
			int err = br_ssl_engine_last_error(eng);

			if (err == BR_ERR_OK)
				return HC_EOF;
			return bb_err_set(e, 0, "%s", tls_error_text(err, why, sizeof(why)));
		}
		if ((st & BR_SSL_SENDAPP) && c->req_off < c->req_len) {
			buf = br_ssl_engine_sendapp_buf(eng, &len);
			if (len > c->req_len - c->req_off)
				len = c->req_len - c->req_off;
			memcpy(buf, c->req + c->req_off, len);
			br_ssl_engine_sendapp_ack(eng, len);
			c->req_off += len;
			if (c->req_off == c->req_len)
				br_ssl_engine_flush(eng, 0);
			continue;
		}
		if (st & BR_SSL_RECVAPP) {
			int r;

			buf = br_ssl_engine_recvapp_buf(eng, &len);
			r = deliver(ctx, (const char *)buf, len);
			br_ssl_engine_recvapp_ack(eng, len);
			if (r < 0)
				return HC_STOP;
			continue;
		}
		if (st & BR_SSL_SENDREC) {
			buf = br_ssl_engine_sendrec_buf(eng, &len);
			n = send_some(c, buf, len, moved);
			if (n < 0)
				return bb_err_set(e, errno, "send");
			if (n > 0) {
				br_ssl_engine_sendrec_ack(eng, (size_t)n);
				continue;
			}
		}
		if (st & BR_SSL_RECVREC) {
			buf = br_ssl_engine_recvrec_buf(eng, &len);
			n = recv_some(c, buf, len, moved);
			if (n == -2)
				return HC_EOF; /* without close_notify: the caller knows if it matters */
			if (n < 0)
				return bb_err_set(e, errno, "receive");
			if (n > 0) {
				br_ssl_engine_recvrec_ack(eng, (size_t)n);
				continue;
			}
		}
		return HC_AGAIN;
	}
}

int hc_pump(struct http_conn *c, hc_deliver_fn deliver, void *ctx, int *moved,
		struct bb_err *e)
{
	if (c->tls)
		return pump_tls(c, deliver, ctx, moved, e);
	return pump_plain(c, deliver, ctx, moved, e);
}

void hc_close(struct http_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->tls);
	hc_init(c);
}
