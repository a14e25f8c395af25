/* Unit tests of libbb/netlink.c (building, attributes, answers on
 * hand-made datagrams) and of the pure parts of rtnl (names, CIDR, MAC,
 * reply decoders). No socket is needed. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "rtnl_int.h"
#include "tap.h"


#define SEQ 77
#define PORT 4242

static union { struct nlmsghdr h; unsigned char b[8192]; } dg;

static int has(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

/* Append a message to dg at *off. */
static void add_msg(size_t *off, uint16_t type, uint16_t flags, uint32_t seq, uint32_t pid,
		    const void *payload, size_t plen)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(dg.b + *off);

	memset(h, 0, NLMSG_SPACE(plen));
	h->nlmsg_len = NLMSG_LENGTH(plen);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = pid;
	if (plen)
		memcpy(NLMSG_DATA(h), payload, plen);
	*off += NLMSG_SPACE(plen);
}

/* An attribute into p at *off. */
static void add_attr(unsigned char *p, size_t *off, uint16_t type, const void *data, size_t len)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	memcpy(p + *off, &a, sizeof(a));
	memcpy(p + *off + NLA_HDRLEN, data, len);
	memset(p + *off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	*off += NLA_HDRLEN + NLA_ALIGN(len);
}

static void add_ack(size_t *off, int error, uint16_t flags, uint32_t seq, uint32_t pid,
		    const void *tail, size_t tlen)
{
	unsigned char p[512];
	struct nlmsgerr err;

	memset(&err, 0, sizeof(err));
	err.error = error;
	err.msg.nlmsg_len = NLMSG_HDRLEN;
	err.msg.nlmsg_type = RTM_NEWLINK;
	err.msg.nlmsg_seq = seq;
	memcpy(p, &err, sizeof(err));
	if (tlen)
		memcpy(p + sizeof(err), tail, tlen);
	add_msg(off, NLMSG_ERROR, flags, seq, pid, p, sizeof(err) + tlen);
}

struct seen {
	int n;
	int ret;      /* what the callback returns */
	uint16_t last_type;
};

static int count_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct seen *s = arg;

	s->n++;
	s->last_type = nlh->nlmsg_type;
	return s->ret;
}

static int parse(size_t len, struct seen *s, struct bb_err *e)
{
	e->msg[0] = '\0';
	e->errnum = 0;
	return nl_parse_answer(dg.b, len, SEQ, PORT, "testing", count_cb, s, e);
}

static void test_build(void)
{
	union { struct nlmsghdr h; unsigned char b[256]; } buf;
	const struct nlattr *tb[10], *in[5];
	struct ifinfomsg *ifi;
	struct nlattr *nest;
	struct nl_msg m;
	struct nl_sock fake = { .fd = -1 };
	struct bb_err e;
	uint32_t v32;
	uint16_t v16;
	uint8_t v8;

	memset(&buf, 0xaa, sizeof(buf));
	nl_msg_init(&m, &buf, sizeof(buf), RTM_NEWLINK, NLM_F_CREATE, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ok(ifi == (void *)(buf.b + NLMSG_HDRLEN), "the family header follows the netlink header");
	is_int(buf.h.nlmsg_len, NLMSG_HDRLEN + sizeof(*ifi), "length: headers");
	ok(buf.h.nlmsg_flags == (NLM_F_CREATE | NLM_F_REQUEST), "flags: REQUEST added");
	ok(ifi->ifi_index == 0 && ifi->ifi_flags == 0, "the family header is zeroed");
	ok(nl_put_u8(&m, 1, 7) == 0 && nl_put_u16(&m, 2, 0x1234) == 0 &&
	   nl_put_u32(&m, 3, 0xdeadbeef) == 0 && nl_put_str(&m, 4, "abc") == 0 &&
	   nl_put(&m, 5, NULL, 0) == 0, "flat attributes");
	is_int(buf.h.nlmsg_len, 32 + 8 + 8 + 8 + 8 + 4, "each padded to 4 bytes");
	is_int(buf.b[32 + 5], 0, "padding is zeroed");
	nest = nl_nest_start(&m, 6);
	ok(nest != NULL, "a nest");
	nl_put_u32(&m, 1, 99);
	{
		struct nlattr *inner = nl_nest_start(&m, 2);

		nl_put_str(&m, 3, "x");
		nl_nest_end(&m, inner);
	}
	nl_nest_end(&m, nest);
	is_int(nest->nla_len, 4 + 8 + 4 + 8, "the nest's length covers its content");
	ok(nest->nla_type & NLA_F_NESTED, "NLA_F_NESTED set");
	ok(m.overflow == 0, "no overflow");

	ok(nl_msg_parse(&buf.h, sizeof(*ifi), tb, 9) == 0, "the message parses back");
	ok(nl_attr_u8(tb[1], &v8) == 0 && v8 == 7, "u8");
	ok(nl_attr_u16(tb[2], &v16) == 0 && v16 == 0x1234, "u16");
	ok(nl_attr_u32(tb[3], &v32) == 0 && v32 == 0xdeadbeef, "u32");
	is_str(nl_attr_str(tb[4]), "abc", "string");
	ok(tb[5] && nl_attr_len(tb[5]) == 0, "zero-length attribute");
	ok(nl_attr_str(tb[5]) == NULL, "a zero-length attribute is no string");
	ok(nl_attr_u32(tb[2], &v32) < 0, "u32 of a u16: refused");
	ok(nl_attr_u8(tb[9], &v8) < 0, "an absent attribute: refused");
	ok(tb[6] && nl_attr_parse(nl_attr_data(tb[6]), nl_attr_len(tb[6]), in, 4) == 0,
	   "the nest parses");
	ok(nl_attr_u32(in[1], &v32) == 0 && v32 == 99, "its u32");
	{
		const struct nlattr *in2[4];

		ok(in[2] && nl_attr_parse(nl_attr_data(in[2]), nl_attr_len(in[2]), in2, 3) == 0 &&
		   !strcmp(nl_attr_str(in2[3]) ? nl_attr_str(in2[3]) : "", "x"), "the nest in the nest");
	}

	/* overflow */
	nl_msg_init(&m, &buf, 48, RTM_NEWLINK, 0, sizeof(*ifi));
	ok(nl_put_u32(&m, 1, 1) == 0, "a u32 fits in 48 bytes");
	ok(nl_put_u32(&m, 1, 1) == 0, "two fit");
	ok(nl_put_u8(&m, 1, 1) < 0, "a third does not");
	ok(m.overflow, "the message is marked");
	ok(nl_put_u8(&m, 1, 1) < 0 && nl_nest_start(&m, 1) == NULL, "later calls fail too");
	nl_nest_end(&m, NULL);
	is_int(buf.h.nlmsg_len, 48, "the length stays within cap");
	fake.seq = 5;
	ok(nl_talk(&fake, &m, "testing", &e) < 0 && e.errnum == EMSGSIZE &&
	   has(e.msg, "testing: netlink request too long"), "nl_talk refuses it");
	is_int(fake.seq, 5, "without sending");
	ok(nl_dump(&fake, &m, "testing", NULL, NULL, &e) < 0 && e.errnum == EMSGSIZE,
	   "nl_dump refuses it");
	nl_msg_init(&m, &buf, 20, RTM_NEWLINK, 0, sizeof(*ifi));
	ok(m.overflow && nl_msg_hdr(&m) == NULL, "a cap below the headers: no family header");
	ok(nl_put_u8(&m, 1, 1) < 0, "and no attributes");
	nl_msg_init(&m, &buf, 4, RTM_NEWLINK, 0, 0);
	ok(m.overflow && nl_put_u8(&m, 1, 1) < 0, "a cap below the netlink header");
	{
		static union { struct nlmsghdr h; unsigned char b[80000]; } big;
		static unsigned char blob[70000];

		nl_msg_init(&m, &big, sizeof(big), RTM_NEWLINK, 0, 0);
		ok(nl_put(&m, 1, blob, 65532) == -1, "an attribute over 65535 bytes: overflow");
		nl_msg_init(&m, &big, sizeof(big), RTM_NEWLINK, 0, 0);
		nest = nl_nest_start(&m, 1);
		nl_put(&m, 2, blob, 40000);
		nl_put(&m, 2, blob, 40000);
		nl_nest_end(&m, nest);
		ok(m.overflow, "a nest over 65535 bytes: overflow");
	}
}

static void test_attrs(void)
{
	union { uint32_t align; unsigned char b[128]; } p;
	const struct nlattr *tb[8];
	uint64_t v64;
	size_t off = 0;
	uint32_t v;

	v = 1;
	add_attr(p.b, &off, 1, &v, 4);
	v = 2;
	add_attr(p.b, &off, 1 | NLA_F_NET_BYTEORDER, &v, 4);
	add_attr(p.b, &off, 30, "zz", 3);
	add_attr(p.b, &off, 3, "", 0);
	add_attr(p.b, &off, 4, "nonul", 5);
	v64 = 0x0102030405060708ull;
	add_attr(p.b, &off, 5, &v64, 8); /* at offset 4 mod 8 */
	ok(nl_attr_parse(p.b, off, tb, 7) == 0, "good attributes parse");
	ok(nl_attr_u32(tb[1], &v) == 0 && v == 2, "the later one of a type wins, flags masked");
	ok(tb[3] && nl_attr_len(tb[3]) == 0, "a zero-length attribute");
	ok(nl_attr_str(tb[4]) == NULL, "a string without NUL: none");
	ok(nl_attr_u64(tb[5], &v64) == 0 && v64 == 0x0102030405060708ull, "an unaligned u64");
	ok(nl_attr_parse(p.b, off + 2, tb, 7) == 0, "a tail of 2 bytes is padding");
	ok(nl_attr_parse(p.b, off - 2, tb, 7) < 0, "a truncated last attribute: refused");
	ok(nl_attr_parse(p.b, 6, tb, 7) < 0, "an attribute cut in its data: refused");
	ok(nl_attr_parse(p.b, 0, tb, 7) == 0 && tb[1] == NULL, "no attributes");
	/* an attribute whose length is below its header */
	{
		struct nlattr bad = { .nla_len = 2, .nla_type = 1 };

		memcpy(p.b, &bad, sizeof(bad));
		ok(nl_attr_parse(p.b, 16, tb, 7) < 0, "nla_len 2: refused");
		bad.nla_len = 200;
		memcpy(p.b, &bad, sizeof(bad));
		ok(nl_attr_parse(p.b, 16, tb, 7) < 0, "nla_len beyond the data: refused");
		bad.nla_len = 0xffff;
		memcpy(p.b, &bad, sizeof(bad));
		ok(nl_attr_parse(p.b, 16, tb, 7) < 0, "nla_len 65535: refused");
	}
	/* last attribute without its padding */
	off = 0;
	add_attr(p.b, &off, 2, "a", 1);
	ok(nl_attr_parse(p.b, 5, tb, 7) == 0 && tb[2] && nl_attr_len(tb[2]) == 1,
	   "a last attribute without its padding");
	{
		struct nlmsghdr h = { .nlmsg_len = NLMSG_HDRLEN + 4 };

		ok(nl_msg_parse(&h, sizeof(struct ifinfomsg), tb, 7) < 0,
		   "a message shorter than its family header: refused");
		h.nlmsg_len = 3;
		ok(nl_msg_parse(&h, 0, tb, 7) < 0, "a message shorter than a netlink header: refused");
	}
}

static void test_answers(void)
{
	unsigned char tail[256];
	struct seen s = { 0 };
	struct bb_err e;
	size_t off, t;
	int r;

	/* ACK */
	off = 0;
	add_ack(&off, 0, 0, SEQ, PORT, NULL, 0);
	is_int(parse(off, &s, &e), 1, "ACK: complete");
	is_int(s.n, 0, "no data");

	/* errors */
	off = 0;
	add_ack(&off, -EEXIST, 0, SEQ, PORT, NULL, 0);
	r = parse(off, &s, &e);
	ok(r == -1 && e.errnum == EEXIST && !strcmp(e.msg, "testing"), "an error without extack");

	off = t = 0;
	add_attr(tail, &t, NLMSGERR_ATTR_MSG, "Unknown device type", 20);
	add_ack(&off, -EOPNOTSUPP, NLM_F_ACK_TLVS | NLM_F_CAPPED, SEQ, PORT, tail, t);
	r = parse(off, &s, &e);
	ok(r == -1 && e.errnum == EOPNOTSUPP && !strcmp(e.msg, "testing: Unknown device type"),
	   "an error with extack (capped)");
	diag("%s", e.msg);

	{
		/* uncapped: the request (header + 8 bytes) is echoed first */
		unsigned char p[256];
		struct nlmsgerr err = { .error = -EINVAL };
		size_t pl;

		err.msg.nlmsg_len = NLMSG_HDRLEN + 8;
		memcpy(p, &err, sizeof(err));
		memset(p + sizeof(err), 0x55, 8);
		pl = sizeof(err) + 8;
		add_attr(p, &pl, NLMSGERR_ATTR_MSG, "bad\nthing", 10);
		off = 0;
		add_msg(&off, NLMSG_ERROR, NLM_F_ACK_TLVS, SEQ, PORT, p, pl);
		r = parse(off, &s, &e);
		ok(r == -1 && e.errnum == EINVAL && !strcmp(e.msg, "testing: bad?thing"),
		   "an error with extack after the echoed request, control characters replaced");
		diag("%s", e.msg);

		err.msg.nlmsg_len = 4000;
		memcpy(p, &err, sizeof(err));
		off = 0;
		add_msg(&off, NLMSG_ERROR, NLM_F_ACK_TLVS, SEQ, PORT, p, pl);
		r = parse(off, &s, &e);
		ok(r == -1 && e.errnum == EPROTO && has(e.msg, "testing: malformed netlink reply ("),
		   "an echoed request beyond its message: malformed");
		diag("%s", e.msg);
		err.msg.nlmsg_len = 3;
		memcpy(p, &err, sizeof(err));
		off = 0;
		add_msg(&off, NLMSG_ERROR, NLM_F_ACK_TLVS, SEQ, PORT, p, pl);
		ok(parse(off, &s, &e) == -1 && e.errnum == EPROTO, "an echoed request of 3 bytes: malformed");

		/* bad extack attributes */
		err.msg.nlmsg_len = NLMSG_HDRLEN;
		memcpy(p, &err, sizeof(err));
		memcpy(p + sizeof(err), "\x40\x00\x01\x00", 4);
		off = 0;
		add_msg(&off, NLMSG_ERROR, NLM_F_ACK_TLVS, SEQ, PORT, p, sizeof(err) + 4);
		ok(parse(off, &s, &e) == -1 && e.errnum == EPROTO, "bad extack attributes: malformed");

		/* extack without the ACK_TLVS flag: ignored */
		off = 0;
		pl = sizeof(err);
		add_attr(p, &pl, NLMSGERR_ATTR_MSG, "hidden", 7);
		add_msg(&off, NLMSG_ERROR, 0, SEQ, PORT, p, pl);
		ok(parse(off, &s, &e) == -1 && !strcmp(e.msg, "testing"), "attributes without NLM_F_ACK_TLVS: not read");

		/* a too short error message */
		off = 0;
		add_msg(&off, NLMSG_ERROR, 0, SEQ, PORT, p, 4);
		ok(parse(off, &s, &e) == -1 && e.errnum == EPROTO, "an error message of 4 bytes: malformed");
		/* odd error codes */
		err.error = 5;
		memcpy(p, &err, sizeof(err));
		off = 0;
		add_msg(&off, NLMSG_ERROR, 0, SEQ, PORT, p, sizeof(err));
		ok(parse(off, &s, &e) == -1 && e.errnum == EPROTO, "a positive error code: malformed");
		err.error = -100000;
		memcpy(p, &err, sizeof(err));
		off = 0;
		add_msg(&off, NLMSG_ERROR, 0, SEQ, PORT, p, sizeof(err));
		ok(parse(off, &s, &e) == -1 && e.errnum == EPROTO, "error code -100000: malformed");
	}

	/* stale answers */
	off = 0;
	add_ack(&off, 0, 0, SEQ - 1, PORT, NULL, 0);
	s.n = 0;
	is_int(parse(off, &s, &e), 0, "an ACK with another sequence number: skipped");
	off = 0;
	add_ack(&off, -EPERM, 0, SEQ, PORT + 1, NULL, 0);
	is_int(parse(off, &s, &e), 0, "an error for another port: skipped");
	off = 0;
	add_msg(&off, RTM_NEWLINK, NLM_F_MULTI, SEQ + 1, PORT, "abcd", 4);
	add_ack(&off, -EPERM, 0, SEQ - 1, PORT, NULL, 0);
	add_ack(&off, 0, 0, SEQ, PORT, NULL, 0);
	is_int(parse(off, &s, &e), 1, "stale messages, then ours");
	is_int(s.n, 0, "the stale data message was not passed on");

	/* a dump in two datagrams */
	s.n = 0;
	off = 0;
	add_msg(&off, RTM_NEWLINK, NLM_F_MULTI, SEQ, PORT, "link1...", 8);
	add_msg(&off, RTM_NEWLINK, NLM_F_MULTI, SEQ, PORT, "link2", 5);
	is_int(parse(off, &s, &e), 0, "a dump's first datagram: more to come");
	is_int(s.n, 2, "two messages seen");
	off = 0;
	add_msg(&off, RTM_NEWLINK, NLM_F_MULTI, SEQ, PORT, "link3", 5);
	{
		int zero = 0;

		add_msg(&off, NLMSG_DONE, NLM_F_MULTI, SEQ, PORT, &zero, 4);
	}
	is_int(parse(off, &s, &e), 1, "the second ends with DONE");
	is_int(s.n, 3, "three in all");
	off = 0;
	add_msg(&off, NLMSG_DONE, NLM_F_MULTI, SEQ, PORT, NULL, 0);
	is_int(parse(off, &s, &e), 1, "a DONE without payload");
	off = 0;
	add_msg(&off, NLMSG_NOOP, 0, SEQ, PORT, NULL, 0);
	add_msg(&off, 5, 0, SEQ, PORT, NULL, 0); /* a reserved control type */
	s.n = 0;
	is_int(parse(off, &s, &e), 0, "NOOP and reserved types: skipped");
	is_int(s.n, 0, "not passed on");

	/* DONE carrying an error */
	{
		unsigned char p[64];
		int err = -ENOENT;
		size_t pl = 4;

		memcpy(p, &err, 4);
		off = 0;
		add_msg(&off, NLMSG_DONE, NLM_F_MULTI, SEQ, PORT, p, 4);
		ok(parse(off, &s, &e) == -1 && e.errnum == ENOENT && !strcmp(e.msg, "testing"),
		   "DONE with an error");
		add_attr(p, &pl, NLMSGERR_ATTR_MSG, "no table", 9);
		off = 0;
		add_msg(&off, NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS, SEQ, PORT, p, pl);
		ok(parse(off, &s, &e) == -1 && e.errnum == ENOENT &&
		   !strcmp(e.msg, "testing: no table"), "DONE with an error and its extack");
		err = 7;
		memcpy(p, &err, 4);
		off = 0;
		add_msg(&off, NLMSG_DONE, NLM_F_MULTI, SEQ, PORT, p, 4);
		ok(parse(off, &s, &e) == -1 && e.errnum == EPROTO, "DONE with error 7: malformed");
	}

	/* malformed datagrams */
	off = 0;
	add_ack(&off, 0, 0, SEQ, PORT, NULL, 0);
	ok(parse(10, &s, &e) == -1 && e.errnum == EPROTO &&
	   has(e.msg, "testing: malformed netlink reply (10 bytes left, less than a header)"),
	   "a truncated header");
	diag("%s", e.msg);
	ok(parse(off - 4, &s, &e) == -1 && e.errnum == EPROTO, "nlmsg_len beyond the datagram");
	diag("%s", e.msg);
	dg.h.nlmsg_len = 8;
	ok(parse(off, &s, &e) == -1 && e.errnum == EPROTO, "nlmsg_len below a header's");
	dg.h.nlmsg_len = 0xffffffff;
	ok(parse(off, &s, &e) == -1 && e.errnum == EPROTO, "nlmsg_len 0xffffffff");
	off = 0;
	add_msg(&off, RTM_NEWLINK, NLM_F_MULTI, SEQ, PORT, "abc", 3);
	s.n = 0;
	is_int(parse(NLMSG_HDRLEN + 3, &s, &e), 0, "a last message without its padding");
	is_int(s.n, 1, "is passed on");
	ok(parse(off + 3, &s, &e) == -1 && e.errnum == EPROTO, "3 bytes of garbage after it: malformed");
	is_int(parse(0, &s, &e), 0, "an empty datagram: more to come");

	/* overrun, interrupted dumps, callbacks */
	off = 0;
	add_msg(&off, NLMSG_OVERRUN, 0, SEQ, PORT, NULL, 0);
	ok(parse(off, &s, &e) == -1 && e.errnum == ENOBUFS, "OVERRUN: an error");
	off = 0;
	add_msg(&off, RTM_NEWLINK, NLM_F_MULTI | NLM_F_DUMP_INTR, SEQ, PORT, "abcd", 4);
	ok(parse(off, &s, &e) == -1 && e.errnum == EAGAIN && has(e.msg, "interrupted"),
	   "NLM_F_DUMP_INTR: EAGAIN");
	off = 0;
	add_msg(&off, RTM_NEWLINK, NLM_F_MULTI, SEQ, PORT, "abcd", 4);
	add_msg(&off, RTM_NEWLINK, NLM_F_MULTI, SEQ, PORT, "abcd", 4);
	s.n = 0;
	s.ret = 1;
	is_int(parse(off, &s, &e), 0, "a callback that stops");
	is_int(s.n, 1, "is not called again");
	s.n = 0;
	s.ret = -1;
	ok(parse(off, &s, &e) == -1 && e.errnum == ECANCELED, "a callback that fails: ECANCELED");
	is_int(s.n, 1, "is not called again");
	s.ret = 0;

	/* an unaligned buffer */
	{
		unsigned char *u = malloc(off + 1);

		memcpy(u + 1, dg.b, off);
		s.n = 0;
		is_int(nl_parse_answer(u + 1, off, SEQ, PORT, "t", count_cb, &s, &e), 0,
		       "an unaligned datagram parses");
		is_int(s.n, 2, "both messages");
		free(u);
	}
}

static void test_names(void)
{
	static const struct { const char *s; int good; } names[] = {
		{ "eth0", 1 }, { "veth-c1_0", 1 }, { "a", 1 }, { "123456789012345", 1 },
		{ "1234567890123456", 0 }, { "", 0 }, { ".", 0 }, { "..", 0 }, { "...", 1 },
		{ "a/b", 0 }, { "a:1", 0 }, { "a b", 0 }, { "a\tb", 0 }, { "a\nb", 0 },
		{ "x%d", 0 }, { "del\x7f", 0 }, { "é", 1 },
	};
	static const struct { const char *s; int need; int good; int fam; unsigned prefix; } cidrs[] = {
		{ "10.0.3.1/24", 1, 1, AF_INET, 24 }, { "10.0.3.1", 0, 1, AF_INET, 32 },
		{ "10.0.3.1", 1, 0, 0, 0 }, { "0.0.0.0/0", 1, 1, AF_INET, 0 },
		{ "10.0.3.1/32", 1, 1, AF_INET, 32 }, { "10.0.3.1/33", 1, 0, 0, 0 },
		{ "10.0.3.1/", 1, 0, 0, 0 }, { "10.0.3.1/-1", 1, 0, 0, 0 },
		{ "10.0.3.1/2x", 1, 0, 0, 0 }, { "10.0.3.1/ 8", 1, 0, 0, 0 },
		{ "10.0.3.1/99999999999999999999", 1, 0, 0, 0 }, { "10.0.3/24", 1, 0, 0, 0 },
		{ "300.0.0.1/8", 1, 0, 0, 0 }, { "fd00::1/64", 1, 1, AF_INET6, 64 },
		{ "fd00::1", 0, 1, AF_INET6, 128 }, { "::/0", 1, 1, AF_INET6, 0 },
		{ "fd00::1/129", 1, 0, 0, 0 }, { "fd00::1/128", 1, 1, AF_INET6, 128 },
		{ "fd00:::1/64", 1, 0, 0, 0 }, { "/24", 1, 0, 0, 0 }, { "", 0, 0, 0, 0 },
		{ "::ffff:10.0.0.1/96", 1, 1, AF_INET6, 96 }, { "host/24", 1, 0, 0, 0 },
		{ "10.0.3.1/24/1", 1, 0, 0, 0 },
	};
	static const struct { const char *s; int good; } macs[] = {
		{ "02:00:00:00:00:01", 1 }, { "AA:bb:Cc:dd:ee:f0", 1 }, { "2:0:0:0:0:1", 1 },
		{ "01:00:5e:00:00:01", 0 }, { "ff:ff:ff:ff:ff:ff", 0 }, { "00:00:00:00:00:00", 0 },
		{ "02:00:00:00:00", 0 }, { "02:00:00:00:00:01:02", 0 }, { "02-00-00-00-00-01", 0 },
		{ "02:00:00:00:00:0g", 0 }, { "020:00:00:00:00:01", 0 }, { "", 0 },
		{ "02:00:00:00:00:01 ", 0 }, { ":02:00:00:00:00", 0 },
	};
	unsigned char mac[6];
	struct in6_addr a6;
	struct in_addr a4, b;
	const char *why;
	unsigned prefix;
	size_t i;
	int fam;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		is_int(rtnl_check_ifname(names[i].s, &why) == 0, names[i].good, "ifname %zu", i);
	ok(rtnl_check_ifname(NULL, &why) < 0, "ifname NULL");
	for (i = 0; i < ARRAY_SIZE(cidrs); i++) {
		int r = rtnl_parse_cidr(cidrs[i].s, cidrs[i].need, &fam, &a6, &prefix, &why);

		ok((r == 0) == cidrs[i].good &&
		   (!cidrs[i].good || (fam == cidrs[i].fam && prefix == cidrs[i].prefix)),
		   "cidr '%s'%s", cidrs[i].s, cidrs[i].need ? " (prefix needed)" : "");
		if (r < 0)
			diag("%s: %s", cidrs[i].s, why);
	}
	ok(rtnl_parse_cidr("10.1.2.3/8", 1, &fam, &a4, &prefix, &why) == 0 &&
	   a4.s_addr == htonl(0x0a010203), "the IPv4 address itself");
	for (i = 0; i < ARRAY_SIZE(macs); i++) {
		int r = rtnl_parse_mac(macs[i].s, mac, &why);

		is_int(r == 0, macs[i].good, "mac '%s'", macs[i].s);
		if (r < 0)
			diag("%s: %s", macs[i].s, why);
	}
	ok(rtnl_parse_mac("2:a:0b:0:0:ff", mac, &why) == 0 &&
	   !memcmp(mac, "\x02\x0a\x0b\x00\x00\xff", 6), "the MAC's bytes");
	a4.s_addr = htonl(0x0a000301);
	b = rtnl_bcast4(a4, 24);
	is_int(ntohl(b.s_addr), 0x0a0003ff, "bcast /24");
	b = rtnl_bcast4(a4, 0);
	is_int(ntohl(b.s_addr), 0xffffffff, "bcast /0");
	b = rtnl_bcast4(a4, 30);
	is_int(ntohl(b.s_addr), 0x0a000303, "bcast /30");
	b = rtnl_bcast4(a4, 31);
	is_int(b.s_addr, 0, "none for /31");
	b = rtnl_bcast4(a4, 32);
	is_int(b.s_addr, 0, "none for /32");
}

/* A RTM_NEWLINK reply with the given attributes. */
static struct nlmsghdr *link_msg(const unsigned char *attrs, size_t alen, int family)
{
	struct ifinfomsg ifi = { .ifi_family = family, .ifi_index = 7, .ifi_flags = IFF_UP };
	unsigned char p[512];
	size_t off = 0;

	memcpy(p, &ifi, sizeof(ifi));
	memcpy(p + sizeof(ifi), attrs, alen);
	add_msg(&off, RTM_NEWLINK, 0, SEQ, PORT, p, sizeof(ifi) + alen);
	return &dg.h;
}

static void test_decoders(void)
{
	unsigned char a[400], li[64], br[128];
	struct rtnl_link l;
	struct rtnl_bridge b;
	struct rtnl_brport bp;
	const char *why;
	size_t n = 0, ln = 0, bn = 0;
	uint32_t mtu = 1500, master = 3, cost = 42;
	uint16_t prio = 4096;
	int id;

	add_attr(a, &n, IFLA_IFNAME, "vif1", 5);
	add_attr(a, &n, IFLA_MTU, &mtu, 4);
	add_attr(a, &n, IFLA_MASTER, &master, 4);
	add_attr(a, &n, IFLA_ADDRESS, "\x02\x01\x02\x03\x04\x05", 6);
	add_attr(li, &ln, IFLA_INFO_KIND, "bridge", 7);
	add_attr(br, &bn, IFLA_BR_PRIORITY, &prio, 2);
	add_attr(br, &bn, IFLA_BR_BRIDGE_ID, "\x10\x00\x02\x01\x02\x03\x04\x05", 8);
	add_attr(li, &ln, IFLA_INFO_DATA | NLA_F_NESTED, br, bn);
	add_attr(a, &n, IFLA_LINKINFO | NLA_F_NESTED, li, ln);
	ok(rtnl_link_decode(link_msg(a, n, AF_UNSPEC), &l, &why) == 0, "a link decodes");
	ok(l.ifindex == 7 && !strcmp(l.name, "vif1") && l.mtu == 1500 && l.master == 3 &&
	   l.addrlen == 6 && !strcmp(l.kind, "bridge") && l.link_netnsid == -1 && (l.flags & IFF_UP),
	   "its fields");
	ok(rtnl_bridge_decode(link_msg(a, n, AF_UNSPEC), &b, &why) == 0, "a bridge decodes");
	ok(b.priority == 4096 && b.bridge_id_prio == 0x1000 && b.bridge_id[2] == 2, "its fields");
	ok(rtnl_brport_decode(link_msg(a, n, AF_UNSPEC), &bp, &why) == 1, "not a port: skipped");
	{
		unsigned char c[400], pi[64];
		size_t cn = 0, pn = 0;

		add_attr(c, &cn, IFLA_IFNAME, "vif1", 5);
		add_attr(c, &cn, IFLA_MASTER, &master, 4);
		add_attr(pi, &pn, IFLA_BRPORT_COST, &cost, 4);
		add_attr(c, &cn, IFLA_PROTINFO | NLA_F_NESTED, pi, pn);
		ok(rtnl_brport_decode(link_msg(c, cn, AF_BRIDGE), &bp, &why) == 0 && bp.cost == 42 &&
		   bp.master == 3, "a port decodes");
		pn = 0;
		add_attr(pi, &pn, IFLA_BRPORT_COST, &prio, 2);
		cn = 0;
		add_attr(c, &cn, IFLA_IFNAME, "vif1", 5);
		add_attr(c, &cn, IFLA_MASTER, &master, 4);
		add_attr(c, &cn, IFLA_PROTINFO | NLA_F_NESTED, pi, pn);
		ok(rtnl_brport_decode(link_msg(c, cn, AF_BRIDGE), &bp, &why) < 0,
		   "a port cost of 2 bytes: malformed");
	}
	n = 0;
	add_attr(a, &n, IFLA_IFNAME, "vif1", 5);
	add_attr(a, &n, IFLA_MTU, &prio, 2);
	ok(rtnl_link_decode(link_msg(a, n, AF_UNSPEC), &l, &why) < 0, "an mtu of 2 bytes: malformed");
	diag("%s", why);
	n = 0;
	add_attr(a, &n, IFLA_IFNAME, "a-name-of-16-byt", 17);
	ok(rtnl_link_decode(link_msg(a, n, AF_UNSPEC), &l, &why) < 0, "a 16-byte name: malformed");
	n = 0;
	add_attr(a, &n, IFLA_IFNAME, "nonul", 5);
	ok(rtnl_link_decode(link_msg(a, n, AF_UNSPEC), &l, &why) < 0, "a name without NUL: malformed");
	n = 0;
	add_attr(a, &n, IFLA_IFNAME, "x", 2);
	add_attr(a, &n, IFLA_LINKINFO, "\x03\x00\x01\x00", 4);
	ok(rtnl_link_decode(link_msg(a, n, AF_UNSPEC), &l, &why) < 0, "a bad nest: malformed");
	ok(rtnl_bridge_decode(link_msg(a, n, AF_UNSPEC), &b, &why) < 0, "and for the bridge decoder");
	{
		size_t off = 0;

		add_msg(&off, RTM_NEWLINK, 0, SEQ, PORT, "abc", 3);
		ok(rtnl_link_decode(&dg.h, &l, &why) < 0, "a link message shorter than ifinfomsg");
		off = 0;
		add_msg(&off, RTM_NEWADDR, 0, SEQ, PORT, "abc", 3);
		ok(rtnl_link_decode(&dg.h, &l, &why) == 1, "an address message: not a link");
	}
	{
		unsigned char p[64];
		struct rtgenmsg g = { AF_UNSPEC };
		int32_t nsid = 5;
		size_t pl = 4, off = 0;

		memset(p, 0, 4);
		memcpy(p, &g, 1);
		add_attr(p, &pl, 1 /* NETNSA_NSID */, &nsid, 4);
		add_msg(&off, RTM_NEWNSID, 0, SEQ, PORT, p, pl);
		ok(rtnl_nsid_decode(&dg.h, &id, &why) == 0 && id == 5, "an nsid decodes");
		off = 0;
		add_msg(&off, RTM_NEWNSID, 0, SEQ, PORT, p, 4);
		ok(rtnl_nsid_decode(&dg.h, &id, &why) < 0, "an nsid answer without NETNSA_NSID: malformed");
	}
}

int main(void)
{
	test_build();
	test_attrs();
	test_answers();
	test_names();
	test_decoders();
	return done_testing();
}
