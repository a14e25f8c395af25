/* netlink: ctbox's own small netlink layer (libmnl cannot be had here).
 *
 * A request is built in a caller's buffer (struct nl_msg): the netlink
 * header, a family header (ifinfomsg, ifaddrmsg ...) and attributes,
 * nested ones included. nl_talk sends it with NLM_F_ACK and reads the
 * answer, checking the sequence number and the kernel's port id; an error
 * answer becomes a bb_err with the kernel's extended-ack message when it
 * gave one. nl_dump iterates a dump. Every reply is parsed defensively: a
 * length that does not fit is an error ("malformed netlink reply"), never
 * a read out of bounds.
 */
#ifndef CTBOX_NETLINK_H
#define CTBOX_NETLINK_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "libbb.h"

/* Extended-ack names older UAPI headers lack. */
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG 1
#endif

struct nl_sock {
	int fd;
	int proto;          /* NETLINK_ROUTE ... */
	uint32_t portid;    /* ours, from getsockname */
	uint32_t seq;       /* of the last request */
};

/* Open (bound, CLOEXEC; extended acks and strict checking of dump
 * requests asked for where the kernel has them) / close. */
int nl_open(struct nl_sock *s, int proto, struct bb_err *e);
void nl_close(struct nl_sock *s);

/* A message under construction in buf[cap] (4-byte aligned). Functions
 * that add to it return 0, or -1 once it would overflow (then every later
 * call fails too and nl_talk/nl_dump refuse the message: "netlink request
 * too long", EMSGSIZE). */
struct nl_msg {
	struct nlmsghdr *nlh;
	size_t cap;
	int overflow;
};

/* Start a message of TYPE with FLAGS (NLM_F_REQUEST is added) followed by
 * a zeroed family header of hdrlen bytes, returned by nl_msg_hdr (NULL
 * when even that does not fit in cap). */
void nl_msg_init(struct nl_msg *m, void *buf, size_t cap, uint16_t type,
		 uint16_t flags, size_t hdrlen);
void *nl_msg_hdr(const struct nl_msg *m);
int nl_put(struct nl_msg *m, uint16_t type, const void *data, size_t len);
int nl_put_u8(struct nl_msg *m, uint16_t type, uint8_t v);
int nl_put_u16(struct nl_msg *m, uint16_t type, uint16_t v);
int nl_put_u32(struct nl_msg *m, uint16_t type, uint32_t v);
int nl_put_s32(struct nl_msg *m, uint16_t type, int32_t v);
int nl_put_str(struct nl_msg *m, uint16_t type, const char *s); /* with its NUL */
/* A nested attribute (with NLA_F_NESTED): nl_nest_start returns a handle
 * for nl_nest_end (NULL on overflow, which nl_nest_end accepts). */
struct nlattr *nl_nest_start(struct nl_msg *m, uint16_t type);
void nl_nest_end(struct nl_msg *m, struct nlattr *nest);

/* Send m with NLM_F_ACK (and the next sequence number) and wait for its
 * answer. 0 on success; -1 with e otherwise: e->errnum is the kernel's
 * errno and e->msg `what`, followed by ": " and the kernel's extended-ack
 * text when it gave one (bb_err_print adds the strerror), e.g.
 * "cannot create veth vif1" + File exists. `what` names the operation and
 * its object. A reply that does not parse gives "what: malformed netlink
 * reply (...)" with EPROTO. Answers with another sequence number or port
 * id (stale ones) are skipped; EINTR is retried. */
int nl_talk(struct nl_sock *s, struct nl_msg *m, const char *what, struct bb_err *e);

/* Like nl_talk, but the answer is a message (a RTM_GET* without DUMP):
 * cb is called once with it (no message before the ACK: malformed). cb
 * returns >= 0, or < 0 on an error it keeps in its own state (then
 * nl_talk_get fails with ECANCELED). */
typedef int (*nl_cb)(const struct nlmsghdr *nlh, void *arg);
int nl_talk_get(struct nl_sock *s, struct nl_msg *m, const char *what, nl_cb cb,
		void *arg, struct bb_err *e);

/* Send m with NLM_F_DUMP and call cb for every answer until NLMSG_DONE.
 * cb returns 0 to go on, > 0 to stop early (the rest is drained), < 0 on
 * an error it filled into its own state (the rest is drained and the dump
 * fails with ECANCELED). A dump the kernel marks interrupted
 * (NLM_F_DUMP_INTR: the table changed meanwhile) fails with EAGAIN: cb
 * has seen an inconsistent set; the caller may start again. */
int nl_dump(struct nl_sock *s, struct nl_msg *m, const char *what, nl_cb cb,
	    void *arg, struct bb_err *e);

/* Walk the attributes in [data, data+len) into tb[0..max] (later ones of a
 * type win; types above max are ignored; the NLA_F_* flag bits are not
 * part of the type; a tail shorter than an attribute header is padding).
 * Returns 0, or -1 when an attribute's length does not fit. */
int nl_attr_parse(const void *data, size_t len, const struct nlattr **tb, int max);
/* The attributes after a message's family header of hdrlen bytes. -1 if
 * the message is shorter than its header. */
int nl_msg_parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, int max);
const void *nl_attr_data(const struct nlattr *a);
size_t nl_attr_len(const struct nlattr *a);
/* Typed reads: -1 when the attribute is absent or its length is wrong. */
int nl_attr_u8(const struct nlattr *a, uint8_t *v);
int nl_attr_u16(const struct nlattr *a, uint16_t *v);
int nl_attr_u32(const struct nlattr *a, uint32_t *v);
int nl_attr_u64(const struct nlattr *a, uint64_t *v);
/* A string attribute: NULL unless NUL-terminated within its length. */
const char *nl_attr_str(const struct nlattr *a);

/* For tests and the fuzz harness: check one datagram of answers to
 * request seq/port as nl_talk/nl_dump do, calling cb for each data
 * message (stale ones skipped). Returns 1 when the answer is complete
 * (ACK, error or DONE), 0 when more datagrams are expected, -1 with e on
 * an error answer, a malformed datagram, a message marked
 * NLM_F_DUMP_INTR (EAGAIN) or a cb that returned < 0 (ECANCELED). */
int nl_parse_answer(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		    const char *what, nl_cb cb, void *arg, struct bb_err *e);

#endif
