/* libFuzzer harness of the netlink answer parser and the rtnl reply
 * decoders (make fuzz-netlink).
 *
 * Input: one byte of mode, then a datagram as the kernel would send it.
 * Mode bit 0x80: the answer expected is the one to the sequence number and
 * port of the datagram's first message (so that real replies, as in
 * tests/fuzz/corpus-netlink, are ours); else to fixed ones. Every data
 * message is handed to every decoder. Nothing may crash or read out of
 * bounds; what decodes must be sane, and every error must name the
 * operation. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtnl_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s, size_t size)
{
	if (!memchr(s, 0, size))
		abort();
}

static int decode_all(const struct nlmsghdr *nlh, void *arg)
{
	const char *why = NULL;
	struct rtnl_link l;
	struct rtnl_addr a;
	struct rtnl_bridge b;
	struct rtnl_brport p;
	struct rtnl_fdb f;
	int r, master, id, *n = arg;

	(*n)++;
	r = rtnl_link_decode(nlh, &l, &why);
	if (r == 0) {
		check_str(l.name, sizeof(l.name));
		check_str(l.kind, sizeof(l.kind));
		if (!l.name[0] || l.addrlen > sizeof(l.addr) || l.ifindex <= 0)
			abort();
	} else if (r < 0 && !why) {
		abort();
	}
	why = NULL;
	r = rtnl_addr_decode(nlh, &a, &why);
	if (r == 0) {
		check_str(a.label, sizeof(a.label));
		if (a.family != AF_INET && a.family != AF_INET6)
			abort();
		if (a.prefix > (a.family == AF_INET ? 32 : 128))
			abort();
	} else if (r < 0 && !why) {
		abort();
	}
	why = NULL;
	r = rtnl_bridge_decode(nlh, &b, &why);
	if (r < 0 && !why)
		abort();
	why = NULL;
	r = rtnl_brport_decode(nlh, &p, &why);
	if (r == 0)
		check_str(p.name, sizeof(p.name));
	else if (r < 0 && !why)
		abort();
	why = NULL;
	r = rtnl_fdb_decode(nlh, &f, &master, &why);
	if (r < 0 && !why)
		abort();
	why = NULL;
	r = rtnl_nsid_decode(nlh, &id, &why);
	if (r == 0 && id < -1)
		abort();
	if (r < 0 && !why)
		abort();
	/* a few callers stop early or fail */
	return nlh->nlmsg_type == 0x7ff0 ? 1 : nlh->nlmsg_type == 0x7ff1 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t seq = 77, port = 4242;
	struct bb_err e;
	unsigned char *buf;
	int mode, r, n = 0;

	if (size < 1)
		return 0;
	mode = data[0];
	data++;
	size--;
	/* An exact-size copy, so that ASan sees any read past the datagram. */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if ((mode & 0x80) && size >= sizeof(struct nlmsghdr)) {
		memcpy(&seq, buf + offsetof(struct nlmsghdr, nlmsg_seq), 4);
		memcpy(&port, buf + offsetof(struct nlmsghdr, nlmsg_pid), 4);
	}
	memset(&e, 0, sizeof(e));
	/* mode bit 0x40: an unaligned copy */
	if ((mode & 0x40) && size) {
		unsigned char *u = malloc(size + 1);

		if (u) {
			memcpy(u + 1, buf, size);
			r = nl_parse_answer(u + 1, size, seq, port, "fuzz", decode_all, &n, &e);
			free(u);
		} else {
			r = 0;
		}
	} else {
		r = nl_parse_answer(buf, size, seq, port, "fuzz", decode_all, &n, &e);
	}
	if (r < -1 || r > 1)
		abort();
	if (r < 0) {
		check_str(e.msg, sizeof(e.msg));
		if (strncmp(e.msg, "fuzz", 4) != 0 || !e.errnum)
			abort();
	}
	free(buf);
	return 0;
}
