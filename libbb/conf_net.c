/* lxc.net.N.* (and LXC 2's lxc.network.*): the interfaces, kept sorted
 * by N. Gaps in the numbering are kept (lxc.net.0, lxc.net.3) and dumped
 * as they are. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "autoconf.h"
#include "conf_int.h"

#define NOFF(f) offsetof(struct conf_net, f)
#define T(x) (1u << CONF_NET_##x)

static const char *const net_type_names[CONF_NET_TYPE_MAX + 1] = {
	[CONF_NET_UNSET] = "", [CONF_NET_EMPTY] = "empty", [CONF_NET_VETH] = "veth",
	[CONF_NET_MACVLAN] = "macvlan", [CONF_NET_IPVLAN] = "ipvlan", [CONF_NET_VLAN] = "vlan",
	[CONF_NET_PHYS] = "phys", [CONF_NET_NONE] = "none", [CONF_NET_TYPE_MAX] = NULL,
};

const char *conf_net_type_name(int type)
{
	return type > 0 && type < CONF_NET_TYPE_MAX ? net_type_names[type] : "unset";
}

/* ---- value types of interface keys ---- */

static int type_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	int t = *value ? conf_word(net_type_names, value) : -1;

	if (t <= 0)
		return conf_bad(e, key, value, "expected empty, veth, macvlan, ipvlan, vlan, phys or none");
	FIELD(base, k, int)[0] = t;
	return 0;
}

static void type_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
	int t = *CFIELD(base, k, int);

	if (t > 0)
		sb_item(sb, name, net_type_names[t], dump);
}

static void type_clear(void *base, const struct conf_key *k, const char *sub)
{
	*FIELD(base, k, int) = CONF_NET_UNSET;
}

static const struct conf_ops ops_type = { type_set, CONF_GETTER(type_get), type_clear };

static int flags_set(void *base, const struct conf_key *k, const char *key,
		     const char *sub, const char *value, struct bb_err *e)
{
	if (*value && strcmp(value, "up") != 0)
		return conf_bad(e, key, value, "expected up");
	*FIELD(base, k, int) = *value != '\0';
	return 0;
}

static void flags_get(const void *base, const struct conf_key *k, const char *name,
		      const char *sub, int dump, struct sbuf *sb)
{
	if (*CFIELD(base, k, int))
		sb_item(sb, name, "up", dump);
}

static void flags_clear(void *base, const struct conf_key *k, const char *sub)
{
	*FIELD(base, k, int) = 0;
}

static const struct conf_ops ops_flags = { flags_set, CONF_GETTER(flags_get), flags_clear };

static const char *check_ifname(const char *v)
{
	if (strlen(v) > 15 || conf_check_word(v) || strchr(v, '/') || strcmp(v, ".") == 0 ||
	    strcmp(v, "..") == 0)
		return "expected an interface name of at most 15 bytes, without blanks or '/'";
	return NULL;
}

/* MAC address: six hex pairs, any hex digit may be LXC's 'x' (random). */
static int hwaddr_set(void *base, const struct conf_key *k, const char *key,
		      const char *sub, const char *value, struct bb_err *e)
{
	struct conf_net *n = base;
	unsigned char mac[6] = { 0 }, fixed[6] = { 0 };
	int i, j;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (strlen(value) != 17)
		goto bad;
	for (i = 0; i < 6; i++) {
		for (j = 0; j < 2; j++) {
			char ch = value[i * 3 + j];
			int shift = j ? 0 : 4, d;

			if (ch >= '0' && ch <= '9')
				d = ch - '0';
			else if (ch >= 'a' && ch <= 'f')
				d = ch - 'a' + 10;
			else if (ch >= 'A' && ch <= 'F')
				d = ch - 'A' + 10;
			else if (ch == 'x' || ch == 'X')
				continue;
			else
				goto bad;
			mac[i] |= d << shift;
			fixed[i] |= 0xf << shift;
		}
		if (i < 5 && value[i * 3 + 2] != ':')
			goto bad;
	}
	if ((fixed[0] & 1) && (mac[0] & 1))
		return conf_bad(e, key, value, "expected a unicast MAC address (the first byte even)");
	memcpy(n->hwaddr, mac, 6);
	memcpy(n->hwaddr_fixed, fixed, 6);
	n->has_hwaddr = 1;
	return 0;
bad:
	return conf_bad(e, key, value, "expected a MAC address such as 00:16:3e:xx:xx:xx");
}

static void hwaddr_get(const void *base, const struct conf_key *k, const char *name,
		       const char *sub, int dump, struct sbuf *sb)
{
	static const char hex[] = "0123456789abcdef";
	const struct conf_net *n = base;
	char buf[18];
	int i;

	if (!n->has_hwaddr)
		return;
	for (i = 0; i < 6; i++) {
		buf[i * 3] = (n->hwaddr_fixed[i] & 0xf0) ? hex[n->hwaddr[i] >> 4] : 'x';
		buf[i * 3 + 1] = (n->hwaddr_fixed[i] & 0x0f) ? hex[n->hwaddr[i] & 0xf] : 'x';
		buf[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
	sb_item(sb, name, buf, dump);
}

static void hwaddr_clear(void *base, const struct conf_key *k, const char *sub)
{
	struct conf_net *n = base;

	n->has_hwaddr = 0;
	memset(n->hwaddr, 0, 6);
	memset(n->hwaddr_fixed, 0, 6);
}

static const struct conf_ops ops_hwaddr = { hwaddr_set, CONF_GETTER(hwaddr_get), hwaddr_clear };

/* ---- addresses ---- */

/* "ADDR[/PREFIX]" into addr and *prefix (-1 when absent). */
static int parse_cidr(int af, const char *s, void *addr, int *prefix)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long long p;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(af, buf, addr) != 1)
		return -1;
	*prefix = -1;
	if (slash) {
		if (conf_parse_ulong(slash + 1, af == AF_INET ? 32 : 128, &p) < 0 || strlen(slash + 1) > 3)
			return -1;
		*prefix = (int)p;
	}
	return 0;
}

/* LXC's default prefix for an IPv4 address without one: its class. */
static int class_prefix(struct in_addr a)
{
	unsigned first = ntohl(a.s_addr) >> 24;

	return first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32;
}

/* arg non-NULL: a route (the prefix required, no broadcast). */
static int inet4_set(void *base, const struct conf_key *k, const char *key,
		     const char *sub, const char *value, struct bb_err *e)
{
	struct conf_inet4 **list = FIELD(base, k, struct conf_inet4 *);
	size_t *count = (size_t *)((char *)list + sizeof(*list));
	int route = k->arg != NULL, prefix;
	struct conf_inet4 a = { 0 }, *nl;
	const char *sp;
	char first[64];
	size_t n;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (!route && strcmp(value, "auto") == 0) {
		/* ctbox's own: the next free address of the bridge's subnet. */
		((struct conf_net *)base)->ipv4_auto = 1;
		return 0;
	}
	n = strcspn(value, " \t");
	sp = value + n + strspn(value + n, " \t");
	if (n >= sizeof(first))
		goto bad;
	memcpy(first, value, n);
	first[n] = '\0';
	if (parse_cidr(AF_INET, first, &a.addr, &prefix) < 0 || (route && (prefix < 0 || *sp)))
		goto bad;
	a.prefix = prefix >= 0 ? prefix : class_prefix(a.addr);
	if (*sp) {
		if (strcspn(sp, " \t") != strlen(sp) || inet_pton(AF_INET, sp, &a.bcast) != 1)
			goto bad;
		a.has_bcast = 1;
	}
	nl = realloc(*list, (*count + 1) * sizeof(*nl));
	if (!nl)
		return conf_nomem(e);
	*list = nl;
	nl[(*count)++] = a;
	return 0;
bad:
	return conf_bad(e, key, value, route ? "expected an IPv4 route A.B.C.D/PREFIX" :
			"expected an IPv4 address A.B.C.D[/PREFIX] [BROADCAST] or auto");
}

static void inet4_get(const void *base, const struct conf_key *k, const char *name,
		      const char *sub, int dump, struct sbuf *sb)
{
	const struct conf_inet4 *const *list = (const void *)((const char *)base + k->off);
	size_t count = *(const size_t *)((const char *)list + sizeof(*list)), i;

	if (!k->arg && ((const struct conf_net *)base)->ipv4_auto)
		sb_item(sb, name, "auto", dump);
	for (i = 0; i < count; i++) {
		char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], v[64];

		inet_ntop(AF_INET, &(*list)[i].addr, a, sizeof(a));
		if ((*list)[i].has_bcast) {
			inet_ntop(AF_INET, &(*list)[i].bcast, b, sizeof(b));
			snprintf(v, sizeof(v), "%s/%u %s", a, (*list)[i].prefix, b);
		} else {
			snprintf(v, sizeof(v), "%s/%u", a, (*list)[i].prefix);
		}
		sb_item(sb, name, v, dump);
	}
}

/* Lists of addresses: the pointer, then its size_t count. */
static void list_clear(void *base, const struct conf_key *k, const char *sub)
{
	void **list = FIELD(base, k, void *);
	size_t *count = (size_t *)((char *)list + sizeof(*list));

	free(*list);
	*list = NULL;
	*count = 0;
}

static void inet4_clear(void *base, const struct conf_key *k, const char *sub)
{
	if (!k->arg)
		((struct conf_net *)base)->ipv4_auto = 0;
	list_clear(base, k, sub);
}

static const struct conf_ops ops_inet4 = { inet4_set, CONF_GETTER(inet4_get), inet4_clear };

static int inet6_set(void *base, const struct conf_key *k, const char *key,
		     const char *sub, const char *value, struct bb_err *e)
{
	struct conf_inet6 **list = FIELD(base, k, struct conf_inet6 *);
	size_t *count = (size_t *)((char *)list + sizeof(*list));
	int route = k->arg != NULL, prefix;
	struct conf_inet6 a = { 0 }, *nl;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (parse_cidr(AF_INET6, value, &a.addr, &prefix) < 0 || (route && prefix < 0))
		return conf_bad(e, key, value, route ? "expected an IPv6 route ADDRESS/PREFIX" :
				"expected an IPv6 address ADDRESS[/PREFIX]");
	a.prefix = prefix >= 0 ? prefix : 64;
	nl = realloc(*list, (*count + 1) * sizeof(*nl));
	if (!nl)
		return conf_nomem(e);
	*list = nl;
	nl[(*count)++] = a;
	return 0;
}

static void inet6_get(const void *base, const struct conf_key *k, const char *name,
		      const char *sub, int dump, struct sbuf *sb)
{
	const struct conf_inet6 *const *list = (const void *)((const char *)base + k->off);
	size_t count = *(const size_t *)((const char *)list + sizeof(*list)), i;

	for (i = 0; i < count; i++) {
		char a[INET6_ADDRSTRLEN], v[INET6_ADDRSTRLEN + 8];

		inet_ntop(AF_INET6, &(*list)[i].addr, a, sizeof(a));
		snprintf(v, sizeof(v), "%s/%u", a, (*list)[i].prefix);
		sb_item(sb, name, v, dump);
	}
}

static const struct conf_ops ops_inet6 = { inet6_set, CONF_GETTER(inet6_get), list_clear };

/* Gateways: auto, dev or an address; the field is the kind, the address
 * follows it (ipv4_gw_kind, ipv4_gw). arg: the address family. */
static int gw_set(void *base, const struct conf_key *k, const char *key,
		  const char *sub, const char *value, struct bb_err *e)
{
	int *kind = FIELD(base, k, int);
	int af = k->min;
	void *addr = (char *)kind + (af == AF_INET ? offsetof(struct conf_net, ipv4_gw) -
				     offsetof(struct conf_net, ipv4_gw_kind) :
				     offsetof(struct conf_net, ipv6_gw) -
				     offsetof(struct conf_net, ipv6_gw_kind));

	if (!*value) {
		*kind = CONF_GW_NONE;
	} else if (strcmp(value, "auto") == 0) {
		*kind = CONF_GW_AUTO;
	} else if (strcmp(value, "dev") == 0) {
		*kind = CONF_GW_DEV;
	} else if (inet_pton(af, value, addr) == 1) {
		*kind = CONF_GW_ADDR;
	} else {
		return conf_bad(e, key, value, "expected an %s address, auto or dev",
				af == AF_INET ? "IPv4" : "IPv6");
	}
	return 0;
}

static void gw_get(const void *base, const struct conf_key *k, const char *name,
		   const char *sub, int dump, struct sbuf *sb)
{
	const int *kind = CFIELD(base, k, int);
	int af = k->min;
	const void *addr = (const char *)kind + (af == AF_INET ? offsetof(struct conf_net, ipv4_gw) -
						 offsetof(struct conf_net, ipv4_gw_kind) :
						 offsetof(struct conf_net, ipv6_gw) -
						 offsetof(struct conf_net, ipv6_gw_kind));
	char buf[INET6_ADDRSTRLEN];

	if (*kind == CONF_GW_AUTO)
		sb_item(sb, name, "auto", dump);
	else if (*kind == CONF_GW_DEV)
		sb_item(sb, name, "dev", dump);
	else if (*kind == CONF_GW_ADDR && inet_ntop(af, addr, buf, sizeof(buf)))
		sb_item(sb, name, buf, dump);
}

static void gw_clear(void *base, const struct conf_key *k, const char *sub)
{
	*FIELD(base, k, int) = CONF_GW_NONE;
}

static const struct conf_ops ops_gw = { gw_set, CONF_GETTER(gw_get), gw_clear };

/* veth.vlan.id: none or 1..4094 */
static int vlan_set(void *base, const struct conf_key *k, const char *key,
		    const char *sub, const char *value, struct bb_err *e)
{
	unsigned long long v;

	if (!*value)
		*FIELD(base, k, int) = CONF_VLAN_UNSET;
	else if (strcmp(value, "none") == 0)
		*FIELD(base, k, int) = CONF_VLAN_NONE;
	else if (conf_parse_ulong(value, 4094, &v) == 0 && v >= 1)
		*FIELD(base, k, int) = (int)v;
	else
		return conf_bad(e, key, value, "expected a VLAN id from 1 to 4094 or none");
	return 0;
}

static void vlan_get(const void *base, const struct conf_key *k, const char *name,
		     const char *sub, int dump, struct sbuf *sb)
{
	int v = *CFIELD(base, k, int);
	char buf[16];

	if (v == CONF_VLAN_NONE) {
		sb_item(sb, name, "none", dump);
	} else if (v != CONF_VLAN_UNSET) {
		snprintf(buf, sizeof(buf), "%d", v);
		sb_item(sb, name, buf, dump);
	}
}

static void vlan_clear(void *base, const struct conf_key *k, const char *sub)
{
	*FIELD(base, k, int) = CONF_VLAN_UNSET;
}

static const struct conf_ops ops_vlan = { vlan_set, CONF_GETTER(vlan_get), vlan_clear };

/* veth.vlan.tagged.id: lines add 1..4094 */
static int tagged_set(void *base, const struct conf_key *k, const char *key,
		      const char *sub, const char *value, struct bb_err *e)
{
	struct conf_net *n = base;
	unsigned long long v;
	unsigned short *nv;

	if (!*value) {
		k->ops->clear(base, k, sub);
		return 0;
	}
	if (conf_parse_ulong(value, 4094, &v) < 0 || v < 1)
		return conf_bad(e, key, value, "expected a VLAN id from 1 to 4094");
	nv = realloc(n->veth_vlan_tagged, (n->n_veth_vlan_tagged + 1) * sizeof(*nv));
	if (!nv)
		return conf_nomem(e);
	n->veth_vlan_tagged = nv;
	nv[n->n_veth_vlan_tagged++] = (unsigned short)v;
	return 0;
}

static void tagged_get(const void *base, const struct conf_key *k, const char *name,
		       const char *sub, int dump, struct sbuf *sb)
{
	const struct conf_net *n = base;
	size_t i;

	for (i = 0; i < n->n_veth_vlan_tagged; i++) {
		char buf[8];

		snprintf(buf, sizeof(buf), "%u", n->veth_vlan_tagged[i]);
		sb_item(sb, name, buf, dump);
	}
}

static const struct conf_ops ops_tagged = { tagged_set, CONF_GETTER(tagged_get), list_clear };

/* ---- the table of interface keys ---- */

static const char *const veth_modes[] = { "bridge", "router", NULL };
static const char *const macvlan_modes[] = { "private", "vepa", "bridge", "passthru", NULL };
static const char *const ipvlan_modes[] = { "l3", "l3s", "l2", NULL };
static const char *const ipvlan_isolations[] = { "bridge", "private", "vepa", NULL };

/* Without FEATURE_NET no interface is ever made (run_plan.c refuses every
 * type but empty and none): the flags, MAC, addresses, gateways, routes
 * and VLANs of one are accepted unchecked, and not kept. (In such a build
 * without the applets that read settings back, CONF_READ_BACK, keys are
 * not checked against the type either.) */
static int ignored_set(void *base, const struct conf_key *k, const char *key,
		       const char *sub, const char *value, struct bb_err *e)
{
	return 0;
}

static void ignored_get(const void *base, const struct conf_key *k, const char *name,
			const char *sub, int dump, struct sbuf *sb)
{
}

static void ignored_clear(void *base, const struct conf_key *k, const char *sub)
{
}

static const struct conf_ops ops_ignored = { ignored_set, CONF_GETTER(ignored_get), ignored_clear };
#define NETOPS(o) (ENABLE_FEATURE_NET ? &(o) : &ops_ignored)

#define NK(n, o, f, types) { .name = n, .ops = NETOPS(o), .off = NOFF(f), .net_types = types }
#define NSTR(n, f, chk, types) { .name = n, .ops = &conf_ops_str, .off = NOFF(f), \
	.arg = (const void *)(chk), .net_types = types }
#define NWORD(n, f, w, types) { .name = n, .ops = &conf_ops_word, .off = NOFF(f), .arg = w, \
	.net_types = types }
#define NROUTE(n, o, f) { .name = n, .ops = NETOPS(o), .off = NOFF(f), .arg = "route", \
	.net_types = T(VETH) }

const struct conf_key conf_net_keys[] = {
	{ .name = "type", .ops = &ops_type, .off = NOFF(type) },
	NK("flags", ops_flags, up, 0),
	NSTR("link", link, check_ifname, T(VETH) | T(MACVLAN) | T(IPVLAN) | T(VLAN) | T(PHYS)),
	{ .name = "l2proxy", .ops = &conf_ops_bool, .off = NOFF(l2proxy) },
	{ .name = "mtu", .ops = &conf_ops_int, .off = NOFF(mtu), .min = 68, .max = 65536 },
	NSTR("name", name, check_ifname, 0),
	NK("hwaddr", ops_hwaddr, hwaddr, 0),
	NK("ipv4.address", ops_inet4, ipv4, 0),
	{ .name = "ipv4.gateway", .ops = NETOPS(ops_gw), .off = NOFF(ipv4_gw_kind), .min = AF_INET },
	NK("ipv6.address", ops_inet6, ipv6, 0),
	{ .name = "ipv6.gateway", .ops = NETOPS(ops_gw), .off = NOFF(ipv6_gw_kind), .min = AF_INET6 },
	NSTR("script.up", script_up, NULL, 0),
	NSTR("script.down", script_down, NULL, 0),
	NSTR("veth.pair", veth_pair, check_ifname, T(VETH)),
	NWORD("veth.mode", veth_mode, veth_modes, T(VETH)),
	NROUTE("veth.ipv4.route", ops_inet4, veth_ipv4_routes),
	NROUTE("veth.ipv6.route", ops_inet6, veth_ipv6_routes),
	NK("veth.vlan.id", ops_vlan, veth_vlan_id, T(VETH)),
	NK("veth.vlan.tagged.id", ops_tagged, veth_vlan_tagged, T(VETH)),
	NWORD("macvlan.mode", macvlan_mode, macvlan_modes, T(MACVLAN)),
	NWORD("ipvlan.mode", ipvlan_mode, ipvlan_modes, T(IPVLAN)),
	NWORD("ipvlan.isolation", ipvlan_isolation, ipvlan_isolations, T(IPVLAN)),
	{ .name = "vlan.id", .ops = &conf_ops_int, .off = NOFF(vlan_id), .min = 0, .max = 4094,
	  .def = -1, .net_types = T(VLAN) },
};

const size_t conf_net_nkeys = ARRAY_SIZE(conf_net_keys);

/* Without FEATURE_NET and CONF_READ_BACK (CONF_NET_NAMES_ONLY): the
 * type's row, and one for any other key of CONF_NET_KEY_NAMES. */
static const struct conf_key net_names_only[] = {
	{ .name = "type", .ops = &ops_type, .off = NOFF(type) },
	{ .name = "", .ops = &ops_ignored },
};
#define NET_KEYS (CONF_NET_NAMES_ONLY ? net_names_only : conf_net_keys)
#define NET_NKEYS (CONF_NET_NAMES_ONLY ? 1 : conf_net_nkeys)

/* ---- interfaces ---- */

static void net_free(struct conf_net *n)
{
	size_t i;

	for (i = 0; i < NET_NKEYS; i++)
		NET_KEYS[i].ops->clear(n, &NET_KEYS[i], NULL);
}

void conf_net_free_all(struct lxc_conf *c)
{
	size_t i;

	for (i = 0; i < c->n_net; i++)
		net_free(&c->net[i]);
	free(c->net);
	c->net = NULL;
	c->n_net = 0;
	c->legacy_net = -1;
}

static void net_remove(struct lxc_conf *c, unsigned index)
{
	size_t i;

	for (i = 0; i < c->n_net; i++)
		if (c->net[i].index == index) {
			net_free(&c->net[i]);
			memmove(&c->net[i], &c->net[i + 1], (c->n_net - i - 1) * sizeof(c->net[0]));
			c->n_net--;
			break;
		}
	if ((int)index == c->legacy_net)
		c->legacy_net = -1;
}

struct conf_net *conf_net_get(struct lxc_conf *c, unsigned index, int create, struct bb_err *e)
{
	struct conf_net *nn;
	size_t i, at = c->n_net;

	for (i = 0; i < c->n_net; i++) {
		if (c->net[i].index == index)
			return &c->net[i];
		if (c->net[i].index > index) {
			at = i;
			break;
		}
	}
	if (!create)
		return NULL;
	nn = realloc(c->net, (c->n_net + 1) * sizeof(*nn));
	if (!nn) {
		conf_nomem(e);
		return NULL;
	}
	c->net = nn;
	memmove(&nn[at + 1], &nn[at], (c->n_net - at) * sizeof(*nn));
	c->n_net++;
	memset(&nn[at], 0, sizeof(*nn));
	nn[at].index = index;
	for (i = 0; i < NET_NKEYS; i++)
		NET_KEYS[i].ops->clear(&nn[at], &NET_KEYS[i], NULL);
	return &nn[at];
}

/* Does key k hold a value in n? (what a dump would write) */
static int net_key_set(const struct conf_net *n, const struct conf_key *k)
{
	struct sbuf sb = { 0 };
	int set;

	if (!k->ops->get)
		return 0;
	k->ops->get(n, k, "", NULL, 1, &sb);
	set = sb.len > 0 || sb.oom;
	free(sb.s);
	return set;
}

/* A key of n that does not fit type, or NULL. */
static const struct conf_key *net_conflict(const struct conf_net *n, int type)
{
	size_t i;

	for (i = 0; i < NET_NKEYS; i++)
		if (NET_KEYS[i].net_types && !(NET_KEYS[i].net_types & (1u << type)) &&
		    net_key_set(n, &NET_KEYS[i]))
			return &NET_KEYS[i];
	return NULL;
}

int conf_net_check(const struct lxc_conf *c, struct bb_err *e)
{
	size_t i;

	for (i = 0; i < c->n_net; i++) {
		const struct conf_net *n = &c->net[i];
		const struct conf_key *k;

		if (n->type == CONF_NET_UNSET)
			return bb_err_set(e, 0, "lxc.net.%u has no type (set lxc.net.%u.type)",
					  n->index, n->index);
		k = net_conflict(n, n->type);
		if (k)
			return bb_err_set(e, 0, "'lxc.net.%u.%s' does not apply to a %s interface",
					  n->index, k->name, conf_net_type_name(n->type));
	}
	return 0;
}

/* "N" or "N.KEY" of lxc.net.N.KEY: 0, or -1 when it names nothing. */
int conf_net_parse_key(const char *sub, unsigned *index, const struct conf_key **nk)
{
	size_t d = strspn(sub, "0123456789");
	unsigned long long v;
	char num[8];
	size_t i;

	*nk = NULL;
	if (d == 0 || d >= sizeof(num) || (sub[d] && sub[d] != '.') || (d > 1 && sub[0] == '0'))
		return -1;
	memcpy(num, sub, d);
	num[d] = '\0';
	if (conf_parse_ulong(num, CONF_NET_MAX - 1, &v) < 0)
		return -1;
	*index = (unsigned)v;
	if (!sub[d])
		return 0;
	for (i = 0; i < NET_NKEYS; i++)
		if (strcmp(NET_KEYS[i].name, sub + d + 1) == 0) {
			*nk = &NET_KEYS[i];
			return 0;
		}
	if (CONF_NET_NAMES_ONLY && bb_word_index(CONF_NET_KEY_NAMES, sub + d + 1, 0) >= 0) {
		*nk = &net_names_only[1];
		return 0;
	}
	return -1;
}

static int net_set(void *base, const struct conf_key *k, const char *key,
		   const char *sub, const char *value, struct bb_err *e)
{
	struct lxc_conf *c = base;
	const struct conf_key *nk;
	struct conf_net *n;
	int saved_type;
	unsigned index;
	int ret;

	if (!sub) {
		if (*value)
			return bb_err_set(e, 0, "'%s' takes no value: an empty value clears every interface", key);
		conf_net_free_all(c);
		return 0;
	}
	if (conf_net_parse_key(sub, &index, &nk) < 0)
		return bb_err_set(e, 0, "unknown key '%s'", key);
	if (!nk) {
		if (*value)
			return bb_err_set(e, 0, "'%s' takes no value: an empty value clears the interface", key);
		net_remove(c, index);
		return 0;
	}
	n = conf_net_get(c, index, *value != '\0', e);
	if (!n)
		return *value ? -1 : 0;
	if (nk->net_types && n->type != CONF_NET_UNSET && *value && !(nk->net_types & (1u << n->type)))
		return bb_err_set(e, 0, "'%s' does not apply to a %s interface", key,
				  conf_net_type_name(n->type));
	saved_type = n->type;
	ret = nk->ops->set(n, nk, key, NULL, value, e);
	if (ret == 0 && nk->ops == &ops_type && saved_type != n->type) {
		const struct conf_key *bad = net_conflict(n, n->type);

		if (bad) {
			n->type = saved_type;
			return bb_err_set(e, 0, "'%s' cannot be %s: lxc.net.%u.%s is set", key,
					  value, index, bad->name);
		}
	}
	return ret;
}

static void net_get(const void *base, const struct conf_key *k, const char *name,
		    const char *sub, int dump, struct sbuf *sb)
{
	const struct lxc_conf *c = base;
	const struct conf_key *nk = NULL;
	unsigned index = 0;
	int one = 0;
	size_t i, j;

	if (sub) {
		if (conf_net_parse_key(sub, &index, &nk) < 0)
			return;
		one = 1;
	}
	if (!dump && !one) {
		for (i = 0; i < c->n_net; i++)
			sb_addf(sb, "%u\n", c->net[i].index);
		return;
	}
	for (i = 0; i < c->n_net; i++) {
		const struct conf_net *n = &c->net[i];

		if (one && n->index != index)
			continue;
		for (j = 0; j < NET_NKEYS; j++) {
			char full[64];

			if (nk && nk != &NET_KEYS[j])
				continue;
			snprintf(full, sizeof(full), "lxc.net.%u.%s", n->index, NET_KEYS[j].name);
			/* lxc.net.N alone: its settings as config lines */
			NET_KEYS[j].ops->get(n, &NET_KEYS[j], full, NULL, dump || !nk, sb);
		}
	}
}

static void net_clear(void *base, const struct conf_key *k, const char *sub)
{
	conf_net_free_all(base);
}

const struct conf_ops conf_ops_net = { net_set, CONF_GETTER(net_get), net_clear };

/* LXC 2's lxc.network.*: each lxc.network.type starts a new interface
 * (numbered after the highest so far); the other keys set the last one.
 * "lxc.network =" clears them all. sub: what follows "lxc.network.". */
int conf_net_legacy(struct lxc_conf *c, const char *key, const char *sub,
		    const char *value, struct bb_err *e)
{
	char nsub[80];
	const char *what;

	if (!sub)
		return net_set(c, NULL, key, NULL, value, e);
	if (strcmp(sub, "type") == 0) {
		unsigned index = c->n_net ? c->net[c->n_net - 1].index + 1 : 0;
		struct conf_net *n;

		if (!*value || conf_word(net_type_names, value) <= 0)
			return conf_bad(e, key, value, "expected empty, veth, macvlan, ipvlan, vlan, phys or none");
		if (index >= CONF_NET_MAX)
			return bb_err_set(e, 0, "'%s': too many interfaces (at most %d)", key, CONF_NET_MAX);
		n = conf_net_get(c, index, 1, e);
		if (!n)
			return -1;
		c->legacy_net = (int)index;
		return type_set(n, &NET_KEYS[0], key, NULL, value, e);
	}
	if (c->legacy_net < 0)
		return bb_err_set(e, 0, "'%s' comes before any lxc.network.type", key);
	what = strcmp(sub, "ipv4") == 0 ? "ipv4.address" :
	       strcmp(sub, "ipv6") == 0 ? "ipv6.address" : sub;
	if (strlen(what) > 40)
		return bb_err_set(e, 0, "unknown key '%s'", key);
	snprintf(nsub, sizeof(nsub), "%d.%s", c->legacy_net, what);
	return net_set(c, NULL, key, nsub, value, e);
}
