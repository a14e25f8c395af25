/* HTTP/1.1 client pieces used by fetch.c, kept apart from any I/O so that
 * they can be tested and fuzzed on byte strings: the response parser
 * (http_resp.c), request building (http_req.c), and the TLS helpers
 * (tls.c: trust anchors from a PEM bundle, a client engine per
 * connection, error texts; tls_profile.c: what the client offers).
 * Private to the rootfs builder.
 */
#ifndef CTBOX_HTTP_H
#define CTBOX_HTTP_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <bearssl.h>

#include "libbb.h"

#define HTTP_HDR_MAX 16384   /* the whole header block (and trailers) */
#define HTTP_LINE_MAX 8192   /* one header line, one chunk-size line */
#define HTTP_LOC_MAX 2048    /* a Location kept for a redirect */
#define HTTP_NUM_MAX (1ULL << 60) /* larger sizes are hostile */
#define HTTP_RANGE_NONE (~0ULL)   /* Content-Range total given as '*' */

enum http_state {
	HTTP_STATUS,      /* the status line */
	HTTP_HEADER,      /* header lines */
	HTTP_BODY,        /* Content-Length bytes left */
	HTTP_CHUNK_SIZE,  /* a chunk-size line */
	HTTP_CHUNK_DATA,  /* bytes left in a chunk */
	HTTP_CHUNK_END,   /* the CRLF after a chunk's data */
	HTTP_TRAILER,     /* trailer lines after the last chunk */
	HTTP_UNTIL_EOF,   /* a body that ends when the connection does */
	HTTP_DONE,        /* the whole message has been read */
};

/* Receives body bytes, straight from the input; returns 0, or -1 with e
 * to stop the parse. */
typedef int (*http_body_fn)(void *ctx, const char *p, size_t n, struct bb_err *e);

struct http_resp {
	/* What the status line and the headers said. */
	int status;               /* 200 ... */
	int minor;                /* HTTP/1.x */
	char reason[64];          /* truncated */
	long long length;         /* Content-Length, -1 if none */
	int chunked;              /* Transfer-Encoding: chunked */
	int close;                /* the server closes the connection after this */
	int has_range;            /* a valid Content-Range was given */
	unsigned long long range_first, range_last, range_total; /* total may be HTTP_RANGE_NONE */
	char location[HTTP_LOC_MAX]; /* empty if none or too long */

	/* Progress. */
	enum http_state state;
	int headers_done;         /* set when the header block ends: the caller
				   * looks at the answer, clears it, feeds on */
	unsigned long long body;  /* body bytes delivered so far */

	http_body_fn on_body;
	void *ctx;

	/* Private. */
	int keep_alive;           /* Connection: keep-alive (for HTTP/1.0) */
	unsigned long long left;  /* bytes left in the body or the chunk */
	size_t hdr_bytes;         /* header (or trailer) bytes so far */
	size_t line_len;
	char line[HTTP_LINE_MAX];
};

/* Ready a parser for the answer to one request. */
void http_resp_init(struct http_resp *r, http_body_fn on_body, void *ctx);

/* Feed len bytes; returns how many were used, or -1 with e (a reason
 * without prefix: the caller names the URL). It stops early, without
 * using the rest, at the end of the header block (headers_done is then
 * set) and at the end of the message (state HTTP_DONE); bytes left over
 * after HTTP_DONE belong to no answer of ours. */
ssize_t http_resp_feed(struct http_resp *r, const char *buf, size_t len, struct bb_err *e);

/* The connection ended. Returns 0 when that completes the message (a body
 * that runs to the end of the connection: state becomes HTTP_DONE), or -1
 * with e saying what was cut short. */
int http_resp_eof(struct http_resp *r, struct bb_err *e);

/* The value of the "Host" header for host and port (IPv6 literals in
 * brackets, default ports left out); "GET path HTTP/1.1" with Host,
 * User-Agent, Connection: keep-alive and, when range_from is non-zero,
 * "Range: bytes=FROM-". Bytes of path that may not appear in a request
 * line are %-escaped ('%' itself is kept). Returns the length written
 * (NUL-terminated), or -1 if it does not fit. */
int http_request(char *buf, size_t size, int https, const char *host, unsigned port,
		const char *path, unsigned long long range_from);

/* ---- one connection, plain or TLS, non-blocking (http_conn.c) ---- */

#define HTTP_REQ_MAX 4096
#define HTTP_IN_MAX 16384

struct tls_conn;

struct http_conn {
	int fd;                   /* -1: none */
	int connecting;           /* a non-blocking connect is under way */
	struct tls_conn *tls;     /* https: the engine, malloc'd */
	char req[HTTP_REQ_MAX];   /* the request being sent */
	size_t req_len, req_off;
	char in[HTTP_IN_MAX];     /* plain: what was just read */
};

enum { HC_AGAIN = 0, HC_EOF = 1, HC_STOP = 2, HC_ERR = -1 };

/* Gets the bytes read, all of which count as used; -1 stops hc_pump. */
typedef int (*hc_deliver_fn)(void *ctx, const char *p, size_t n);

void hc_init(struct http_conn *c);
/* Start connecting to sa; returns 0 (c->connecting tells whether it is
 * done) or -1 with errno. */
int hc_connect(struct http_conn *c, const struct sockaddr *sa, socklen_t len);
/* After poll said a connecting socket is writable: 0, or -1 with errno. */
int hc_connected(struct http_conn *c);
/* The poll events the connection waits for. */
short hc_events(const struct http_conn *c);
/* Queue the request in c->req (req_len bytes). */
void hc_send(struct http_conn *c, size_t len);
/* Move what can be moved without blocking: the request out, the answer
 * to deliver. Sets *moved when bytes went over the socket. Returns
 * HC_AGAIN (would block), HC_EOF (the peer closed), HC_STOP (deliver
 * said so), or HC_ERR with e ("send: ...", "certificate: ..."). */
int hc_pump(struct http_conn *c, hc_deliver_fn deliver, void *ctx, int *moved,
		struct bb_err *e);
void hc_close(struct http_conn *c);

/* ---- TLS (tls.c) ---- */

struct tls_anchors {
	br_x509_trust_anchor *v;
	size_t n, cap;
};

/* Load the certificates of a PEM bundle (file NULL: the system's) as
 * trust anchors. Returns 0, or -1 with e. */
int tls_anchors_load(struct tls_anchors *a, const char *file, struct bb_err *e);
/* The same from PEM text in memory; what does not decode is skipped.
 * Returns the count of anchors added, or -1 with e. */
int tls_anchors_add_pem(struct tls_anchors *a, const char *pem, size_t len, struct bb_err *e);
void tls_anchors_free(struct tls_anchors *a);

struct tls_conn {
	br_ssl_client_context sc;
	br_x509_minimal_context xc;
	unsigned char buf[BR_SSL_BUFSIZE_BIDI];
};

/* Set up a client with ctbox's profile (tls_profile.c: TLS 1.2, ECDHE
 * with RSA or ECDSA, AES-GCM or ChaCha20-Poly1305) checking chains
 * against the n anchors ta; the caller sets the buffer and the time. */
void tls_profile_init(br_ssl_client_context *cc, br_x509_minimal_context *xc,
		const br_x509_trust_anchor *ta, size_t n);
/* Start a client for host (SNI, and the name its certificate must bear),
 * validated against a at the current time. Returns 0, or -1 with e. */
int tls_start(struct tls_conn *t, const struct tls_anchors *a, const char *host,
		struct bb_err *e);
/* Why an engine closed: "certificate: not trusted ...", "TLS: ..."
 * (buf of size at least 64). */
const char *tls_error_text(int err, char *buf, size_t size);

#endif
