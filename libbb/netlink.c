/* netlink: sockets, requests, answers and attributes (see netlink.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netlink.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

#define NL_RECV_MIN 32768
/* A size_t rounded up to NLMSG_ALIGNTO without wrapping a u32. */
#define ALIGN4(n) (((size_t)(n) + 3) & ~(size_t)3)

int nl_open(struct nl_sock *s, int proto, struct bb_err *e)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen = sizeof(sa);
	int one = 1, fd;

	s->fd = -1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return bb_err_set(e, errno, "cannot open a netlink socket");
	/* Wanted, not needed: older kernels lack them. */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &salen) < 0) {
		int err = errno;

		close(fd);
		return bb_err_set(e, err, "cannot bind a netlink socket");
	}
	s->fd = fd;
	s->proto = proto;
	s->portid = sa.nl_pid;
	/* Not 0, and unlike an earlier process's on the same port. */
	s->seq = (uint32_t)time(NULL);
	return 0;
}

void nl_close(struct nl_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* ---- building ---- */

void nl_msg_init(struct nl_msg *m, void *buf, size_t cap, uint16_t type,
		 uint16_t flags, size_t hdrlen)
{
	size_t len = NLMSG_HDRLEN + ALIGN4(hdrlen);

	m->nlh = buf;
	m->cap = cap;
	m->overflow = 0;
	if (!buf || cap < len || len > UINT32_MAX) {
		m->overflow = 1;
		if (buf && cap >= NLMSG_HDRLEN) {
			memset(buf, 0, NLMSG_HDRLEN);
			m->nlh->nlmsg_len = NLMSG_HDRLEN;
		} else {
			m->nlh = NULL;
		}
		return;
	}
	memset(buf, 0, len);
	m->nlh->nlmsg_len = len;
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = flags | NLM_F_REQUEST;
}

void *nl_msg_hdr(const struct nl_msg *m)
{
	if (m->overflow || !m->nlh)
		return NULL;
	return (char *)m->nlh + NLMSG_HDRLEN;
}

int nl_put(struct nl_msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a;
	size_t at, alen;

	if (m->overflow || !m->nlh)
		return -1;
	at = m->nlh->nlmsg_len;
	if (len > 0xffff - NLA_HDRLEN || m->cap - at < ALIGN4(NLA_HDRLEN + len)) {
		m->overflow = 1;
		return -1;
	}
	alen = NLA_HDRLEN + len;
	a = (struct nlattr *)((char *)m->nlh + at);
	a->nla_type = type;
	a->nla_len = alen;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + alen, 0, ALIGN4(alen) - alen);
	m->nlh->nlmsg_len = at + ALIGN4(alen);
	return 0;
}

int nl_put_u8(struct nl_msg *m, uint16_t type, uint8_t v)
{
	return nl_put(m, type, &v, sizeof(v));
}

int nl_put_u16(struct nl_msg *m, uint16_t type, uint16_t v)
{
	return nl_put(m, type, &v, sizeof(v));
}

int nl_put_u32(struct nl_msg *m, uint16_t type, uint32_t v)
{
	return nl_put(m, type, &v, sizeof(v));
}

int nl_put_s32(struct nl_msg *m, uint16_t type, int32_t v)
{
	return nl_put(m, type, &v, sizeof(v));
}

int nl_put_str(struct nl_msg *m, uint16_t type, const char *s)
{
	return nl_put(m, type, s, strlen(s) + 1);
}

struct nlattr *nl_nest_start(struct nl_msg *m, uint16_t type)
{
	struct nlattr *a;

	if (m->overflow || !m->nlh)
		return NULL;
	a = (struct nlattr *)((char *)m->nlh + m->nlh->nlmsg_len);
	if (nl_put(m, type | NLA_F_NESTED, NULL, 0) < 0)
		return NULL;
	return a;
}

void nl_nest_end(struct nl_msg *m, struct nlattr *nest)
{
	size_t len;

	if (!nest || m->overflow || !m->nlh)
		return;
	len = (size_t)((char *)m->nlh + m->nlh->nlmsg_len - (char *)nest);
	if (len > 0xffff) {
		m->overflow = 1;
		return;
	}
	nest->nla_len = len;
}

/* ---- attributes ---- */

int nl_attr_parse(const void *data, size_t len, const struct nlattr **tb, int max)
{
	const unsigned char *p = data;
	size_t off = 0;

	if (max >= 0)
		memset(tb, 0, (max + 1) * sizeof(*tb));
	/* A tail shorter than an attribute header is padding (the kernel
	 * tolerates it too). */
	while (len - off >= NLA_HDRLEN) {
		const struct nlattr *a = (const void *)(p + off);
		int type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len - off)
			return -1;
		if (type <= max)
			tb[type] = a;
		if (ALIGN4(a->nla_len) >= len - off)
			break;
		off += ALIGN4(a->nla_len);
	}
	return 0;
}

int nl_msg_parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, int max)
{
	size_t off = NLMSG_HDRLEN + ALIGN4(hdrlen);

	if (max >= 0)
		memset(tb, 0, (max + 1) * sizeof(*tb));
	if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len - NLMSG_HDRLEN < hdrlen)
		return -1;
	if (off >= nlh->nlmsg_len)
		return 0;
	return nl_attr_parse((const char *)nlh + off, nlh->nlmsg_len - off, tb, max);
}

const void *nl_attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

size_t nl_attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static int attr_fixed(const struct nlattr *a, void *v, size_t len)
{
	if (!a || nl_attr_len(a) != len)
		return -1;
	memcpy(v, nl_attr_data(a), len);
	return 0;
}

int nl_attr_u8(const struct nlattr *a, uint8_t *v)
{
	return attr_fixed(a, v, sizeof(*v));
}

int nl_attr_u16(const struct nlattr *a, uint16_t *v)
{
	return attr_fixed(a, v, sizeof(*v));
}

int nl_attr_u32(const struct nlattr *a, uint32_t *v)
{
	return attr_fixed(a, v, sizeof(*v));
}

int nl_attr_u64(const struct nlattr *a, uint64_t *v)
{
	return attr_fixed(a, v, sizeof(*v));
}

const char *nl_attr_str(const struct nlattr *a)
{
	if (!a || nl_attr_len(a) == 0 || !memchr(nl_attr_data(a), 0, nl_attr_len(a)))
		return NULL;
	return nl_attr_data(a);
}

/* ---- answers ---- */

struct nl_state {
	uint32_t seq, portid;
	const char *what;
	nl_cb cb;
	void *arg;
	int stopped;    /* cb returned > 0: no more calls */
	int failed;     /* cb returned < 0 */
	int intr;       /* NLM_F_DUMP_INTR seen */
	int got;        /* data messages of ours */
	int broken;     /* a malformed datagram: the socket's state is unknown */
};

static int malformed(struct nl_state *st, struct bb_err *e, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
static int malformed(struct nl_state *st, struct bb_err *e, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	st->broken = 1;
	return bb_err_set(e, EPROTO, "%s: malformed netlink reply (%s)", st->what, why);
}

/* The kernel's error err (> 0) for st->what, with the extended ack's text
 * found in the attributes at [attrs, attrs+alen) when there are some. */
static int kernel_error(struct nl_state *st, int err, const unsigned char *attrs, size_t alen,
			int tlvs, struct bb_err *e)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MSG + 1];
	const char *msg = NULL;
	char clean[200];
	size_t i;

	if (tlvs && alen) {
		if (nl_attr_parse(attrs, alen, tb, NLMSGERR_ATTR_MSG) < 0)
			return malformed(st, e, "bad extended ack attributes");
		msg = nl_attr_str(tb[NLMSGERR_ATTR_MSG]);
	}
	if (!msg || !*msg)
		return bb_err_set(e, err, "%s", st->what);
	/* The kernel's text, printable. */
	for (i = 0; msg[i] && i < sizeof(clean) - 1; i++)
		clean[i] = (unsigned char)msg[i] < 0x20 || msg[i] == 0x7f ? '?' : msg[i];
	clean[i] = '\0';
	return bb_err_set(e, err, "%s: %s", st->what, clean);
}

static int error_msg(struct nl_state *st, const struct nlmsghdr *h, struct bb_err *e)
{
	const unsigned char *p = (const unsigned char *)h;
	size_t mlen = h->nlmsg_len, off;
	struct nlmsgerr err;

	if (mlen < NLMSG_HDRLEN + sizeof(err))
		return malformed(st, e, "error message of %zu bytes", mlen);
	memcpy(&err, p + NLMSG_HDRLEN, sizeof(err));
	if (err.error > 0 || err.error < -4095)
		return malformed(st, e, "error code %d", err.error);
	if (err.error == 0)
		return 1;
	off = NLMSG_HDRLEN + sizeof(err);
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
			/* The whole request is echoed before the attributes. */
			if (err.msg.nlmsg_len < NLMSG_HDRLEN)
				return malformed(st, e, "echoed request of %u bytes", err.msg.nlmsg_len);
			off += ALIGN4(err.msg.nlmsg_len) - NLMSG_HDRLEN;
		}
		if (off > mlen)
			return malformed(st, e, "extended ack beyond its message");
	} else {
		off = mlen;
	}
	return kernel_error(st, -err.error, p + off, mlen - off,
			    !!(h->nlmsg_flags & NLM_F_ACK_TLVS), e);
}

static int done_msg(struct nl_state *st, const struct nlmsghdr *h, struct bb_err *e)
{
	const unsigned char *p = (const unsigned char *)h;
	size_t mlen = h->nlmsg_len;
	int err;

	if (mlen < NLMSG_HDRLEN + sizeof(int))
		return 1; /* an old kernel's bare DONE */
	memcpy(&err, p + NLMSG_HDRLEN, sizeof(err));
	if (err > 0 || err < -4095)
		return malformed(st, e, "dump end with error code %d", err);
	if (err == 0)
		return 1;
	return kernel_error(st, -err, p + NLMSG_HDRLEN + sizeof(int),
			    mlen - NLMSG_HDRLEN - sizeof(int),
			    !!(h->nlmsg_flags & NLM_F_ACK_TLVS), e);
}

/* One datagram: 1 complete, 0 more to come, -1 with e. buf is aligned. */
static int parse_dgram(struct nl_state *st, const unsigned char *buf, size_t len, struct bb_err *e)
{
	size_t off = 0;

	while (off < len) {
		const struct nlmsghdr *h = (const void *)(buf + off);
		size_t rest = len - off, mlen;

		if (rest < NLMSG_HDRLEN)
			return malformed(st, e, "%zu bytes left, less than a header", rest);
		mlen = h->nlmsg_len;
		if (mlen < NLMSG_HDRLEN)
			return malformed(st, e, "message length %zu below a header's", mlen);
		if (mlen > rest)
			return malformed(st, e, "message length %zu beyond the %zu bytes left",
					 mlen, rest);
		off = ALIGN4(mlen) >= rest ? len : off + ALIGN4(mlen);
		if (h->nlmsg_seq != st->seq || h->nlmsg_pid != st->portid)
			continue; /* stale: an earlier request's, or not for us */
		if (h->nlmsg_flags & NLM_F_DUMP_INTR)
			st->intr = 1;
		switch (h->nlmsg_type) {
		case NLMSG_NOOP:
			continue;
		case NLMSG_ERROR:
			return error_msg(st, h, e);
		case NLMSG_DONE:
			return done_msg(st, h, e);
		case NLMSG_OVERRUN:
			return bb_err_set(e, ENOBUFS, "%s: netlink overrun", st->what);
		}
		if (h->nlmsg_type < NLMSG_MIN_TYPE)
			continue;
		st->got++;
		if (st->cb && !st->stopped && !st->failed) {
			int r = st->cb(h, st->arg);

			if (r > 0)
				st->stopped = 1;
			else if (r < 0)
				st->failed = 1;
		}
	}
	return 0;
}

int nl_parse_answer(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		    const char *what, nl_cb cb, void *arg, struct bb_err *e)
{
	struct nl_state st = { .seq = seq, .portid = portid, .what = what ? what : "netlink",
			       .cb = cb, .arg = arg };
	void *copy = NULL;
	int r;

	if ((uintptr_t)buf % NLMSG_ALIGNTO) {
		copy = malloc(len ? len : 1);
		if (!copy)
			return bb_err_set(e, ENOMEM, "%s", st.what);
		memcpy(copy, buf, len);
		buf = copy;
	}
	r = parse_dgram(&st, buf, len, e);
	free(copy);
	if (r >= 0 && st.intr)
		return bb_err_set(e, EAGAIN, "%s: the dump was interrupted by a change", st.what);
	if (r >= 0 && st.failed)
		return bb_err_set(e, ECANCELED, "%s: stopped by its callback", st.what);
	return r;
}

static int nl_send(struct nl_sock *s, struct nl_msg *m, uint16_t flags, const char *what,
		   struct bb_err *e)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	if (m->overflow || !m->nlh)
		return bb_err_set(e, EMSGSIZE, "%s: netlink request too long", what);
	m->nlh->nlmsg_flags |= NLM_F_REQUEST | flags;
	m->nlh->nlmsg_seq = ++s->seq;
	m->nlh->nlmsg_pid = 0;
	do
		n = sendto(s->fd, m->nlh, m->nlh->nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return bb_err_set(e, errno, "%s: netlink send", what);
	if ((size_t)n != m->nlh->nlmsg_len)
		return bb_err_set(e, EIO, "%s: netlink send: short write", what);
	return 0;
}

/* Datagrams until the answer to the last request is complete. */
static int nl_recv(struct nl_sock *s, struct nl_state *st, struct bb_err *e)
{
	unsigned char *buf = NULL;
	size_t cap = 0;
	int r;

	for (;;) {
		struct sockaddr_nl sa;
		struct iovec iov;
		struct msghdr mh;
		ssize_t n;

		do
			n = recv(s->fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			r = bb_err_set(e, errno, "%s: netlink receive", st->what);
			break;
		}
		if (!buf || cap < (size_t)n) {
			size_t want = (size_t)n > NL_RECV_MIN ? (size_t)n : NL_RECV_MIN;
			unsigned char *nb = realloc(buf, want);

			if (!nb) {
				r = bb_err_set(e, ENOMEM, "%s: netlink receive", st->what);
				break;
			}
			buf = nb;
			cap = want;
		}
		iov.iov_base = buf;
		iov.iov_len = cap;
		memset(&mh, 0, sizeof(mh));
		mh.msg_name = &sa;
		mh.msg_namelen = sizeof(sa);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		do
			n = recvmsg(s->fd, &mh, 0);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			r = bb_err_set(e, errno, "%s: netlink receive", st->what);
			break;
		}
		if (mh.msg_flags & MSG_TRUNC) {
			r = malformed(st, e, "datagram larger than %zu bytes", cap);
			break;
		}
		if (mh.msg_namelen < sizeof(sa) || sa.nl_family != AF_NETLINK || sa.nl_pid != 0)
			continue; /* not the kernel's */
		r = parse_dgram(st, buf, n, e);
		if (r != 0)
			break;
	}
	free(buf);
	return r < 0 ? -1 : 0;
}

int nl_talk(struct nl_sock *s, struct nl_msg *m, const char *what, struct bb_err *e)
{
	struct nl_state st = { .what = what ? what : "netlink" };

	if (nl_send(s, m, NLM_F_ACK, st.what, e) < 0)
		return -1;
	st.seq = s->seq;
	st.portid = s->portid;
	return nl_recv(s, &st, e);
}

struct get_one {
	nl_cb cb;
	void *arg;
	int r;
};

static int get_one_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct get_one *g = arg;

	g->r = g->cb(nlh, g->arg);
	return g->r < 0 ? -1 : 1;
}

int nl_talk_get(struct nl_sock *s, struct nl_msg *m, const char *what, nl_cb cb,
		void *arg, struct bb_err *e)
{
	struct get_one g = { cb, arg, 0 };
	struct nl_state st = { .what = what ? what : "netlink", .cb = get_one_cb, .arg = &g };

	if (nl_send(s, m, NLM_F_ACK, st.what, e) < 0)
		return -1;
	st.seq = s->seq;
	st.portid = s->portid;
	if (nl_recv(s, &st, e) < 0)
		return -1;
	if (!st.got)
		return malformed(&st, e, "no answer before the acknowledgement");
	if (st.failed)
		return bb_err_set(e, ECANCELED, "%s: stopped by its callback", st.what);
	return 0;
}

int nl_dump(struct nl_sock *s, struct nl_msg *m, const char *what, nl_cb cb,
	    void *arg, struct bb_err *e)
{
	struct nl_state st = { .what = what ? what : "netlink", .cb = cb, .arg = arg };

	if (nl_send(s, m, NLM_F_DUMP, st.what, e) < 0)
		return -1;
	st.seq = s->seq;
	st.portid = s->portid;
	if (nl_recv(s, &st, e) < 0)
		return -1;
	if (st.failed)
		return bb_err_set(e, ECANCELED, "%s: stopped by its callback", st.what);
	if (st.intr && !st.stopped)
		return bb_err_set(e, EAGAIN, "%s: the dump was interrupted by a change, try again",
				  st.what);
	return 0;
}
