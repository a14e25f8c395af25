/* rtnl: network namespace ids (RTM_GETNSID, RTM_NEWNSID). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "rtnl_int.h"

int rtnl_nsid_decode(const struct nlmsghdr *nlh, int *id, const char **why)
{
	const struct nlattr *tb[NETNSA_MAX + 1];
	uint32_t v;

	if (nlh->nlmsg_type != RTM_NEWNSID)
		return 1;
	if (nl_msg_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX) < 0)
		return *why = "bad nsid attributes", -1;
	if (nl_attr_u32(tb[NETNSA_NSID], &v) < 0)
		return *why = "no NETNSA_NSID", -1;
	*id = (int32_t)v;
	if (*id < -1)
		return *why = "bad NETNSA_NSID", -1;
	return 0;
}

struct nsid_get {
	int *id;
	const char *why;
};

static int nsid_get_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nsid_get *g = arg;
	int r = rtnl_nsid_decode(nlh, g->id, &g->why);

	if (r > 0)
		g->why = "not an nsid answer";
	return r ? -1 : 0;
}

static struct rtgenmsg *nsid_msg(struct nl_msg *m, void *buf, size_t cap, uint16_t type)
{
	struct rtgenmsg *g;

	nl_msg_init(m, buf, cap, type, 0, sizeof(*g));
	g = nl_msg_hdr(m);
	g->rtgen_family = AF_UNSPEC;
	return g;
}

int rtnl_nsid_get(struct nl_sock *s, int nsfd, int *id, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct nsid_get g = { id, NULL };
	struct nl_msg m;
	char what[80];

	snprintf(what, sizeof(what), "cannot get the id of network namespace (fd %d)", nsfd);
	if (nsfd < 0)
		return bb_err_set(e, EBADF, "%s", what);
	*id = -1;
	nsid_msg(&m, &req, sizeof(req), RTM_GETNSID);
	nl_put_u32(&m, NETNSA_FD, nsfd);
	if (nl_talk_get(s, &m, what, nsid_get_cb, &g, e) < 0) {
		if (g.why)
			return rtnl_malformed(e, what, g.why);
		return -1;
	}
	return 0;
}

int rtnl_nsid_set(struct nl_sock *s, int nsfd, int id, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct nl_msg m;
	char what[80];

	if (id >= 0)
		snprintf(what, sizeof(what), "cannot set the id of network namespace (fd %d) to %d",
			 nsfd, id);
	else
		snprintf(what, sizeof(what), "cannot give network namespace (fd %d) an id", nsfd);
	if (nsfd < 0)
		return bb_err_set(e, EBADF, "%s", what);
	if (id < -1)
		return bb_err_set(e, EINVAL, "%s: ids are 0 or more", what);
	nsid_msg(&m, &req, sizeof(req), RTM_NEWNSID);
	nl_put_u32(&m, NETNSA_FD, nsfd);
	nl_put_s32(&m, NETNSA_NSID, id);
	return nl_talk(s, &m, what, e);
}
