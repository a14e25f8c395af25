/* info: what a container is doing (lxc-info). */
//config:config INFO
//config:	bool "info: show a container's state (lxc-info)"
//config:	default y
//config:	help
//config:	  Print a container's name, state and init PID in lxc-info's
//config:	  layout, or single fields, or configuration values.
//applet:info lxc-info
//usage:-n NAME [-s] [-p] [-i] [-S] [-H] [-c KEY]... [--json] [-P LXCPATH]
//usage:
//usage:Show the state of the container NAME (all fields without options).
//usage:
//usage:  -n, --name NAME      the container
//usage:  -s, --state          its state
//usage:  -p, --pid            its init's PID (when it runs)
//usage:  -i, --ips            its IP addresses (when it has its own network)
//usage:  -S, --stats          its resource use: CPU, BlkIO, Memory, KMem (when running)
//usage:  -H, --no-humanize    raw figures
//usage:  -c, --config KEY     the value of a configuration key (repeatable)
//usage:      --json           one JSON object
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "container.h"
#include "ct_cgroup.h"
#include "ct_net.h"
#include "rtnl.h"
#include "seccomp.h"

static void field(const char *label, const char *value)
{
	printf("%-15s %s\n", label, value);
}

/* lxc-info's units: 1.20 MiB, 180.00 KiB, 0 bytes. */
static void human(char *buf, size_t len, unsigned long long b)
{
	static const char *const units[] = { "GiB", "MiB", "KiB" };
	int i;

	for (i = 0; i < 3; i++) {
		unsigned long long u = 1ULL << (10 * (3 - i));

		if (b >= u) {
			snprintf(buf, len, "%.2f %s", (double)b / u, units[i]);
			return;
		}
	}
	snprintf(buf, len, "%llu bytes", b);
}

static void print_ip(const char *addr, void *arg)
{
	field("IP:", addr);
}

/* lxc-info: one IP line per address (lo excluded), IPv4 first. A
 * container in the host's network namespace gets a warning instead. */
static void print_ips(const struct container *c, pid_t pid)
{
	struct bb_err e;

	if (ct_net_shared(pid)) {
		bb_warn_msg("'%s' shares the host's network namespace (lxc.net.0.type = none): its addresses are the host's",
			    c->name);
		return;
	}
	if (ct_net_addrs(pid, AF_INET, print_ip, NULL, &e) < 0 ||
	    ct_net_addrs(pid, AF_INET6, print_ip, NULL, &e) < 0)
		bb_err_print(&e);
}

/* lxc-info: the host side of each veth and its traffic. */
static void print_links(const struct container *c, int raw)
{
	struct ct_nic nic[CT_NET_MAX];
	int i, n = ct_net_load(c, nic, CT_NET_MAX);
	struct nl_sock s;
	struct bb_err e;

	if (!n || nl_open(&s, NETLINK_ROUTE, &e) < 0)
		return;
	for (i = 0; i < n; i++) {
		const struct { const char *label; int which; } rows[] = {
			{ " TX bytes:", 0 }, { " RX bytes:", 1 }, { " Total bytes:", 2 },
		};
		struct rtnl_link l;
		size_t k;

		if (nic[i].type != CONF_NET_VETH || rtnl_link_get(&s, nic[i].host, 0, &l, &e) < 0)
			continue;
		field("Link:", nic[i].host);
		for (k = 0; k < ARRAY_SIZE(rows); k++) {
			unsigned long long v = rows[k].which == 0 ? l.tx_bytes :
					       rows[k].which == 1 ? l.rx_bytes : l.tx_bytes + l.rx_bytes;
			char buf[48];

			if (raw)
				snprintf(buf, sizeof(buf), "%llu", v);
			else
				human(buf, sizeof(buf), v);
			field(rows[k].label, buf);
		}
	}
	nl_close(&s);
}

/* The LSM keys of shipped configs, where the kernel has no such LSM (a
 * start refuses them where it has): accepted, not enforced. */
static void print_lsm(const struct lxc_conf *conf)
{
	const struct { const char *label, *name, *lsm, *value; } rows[] = {
		{ "AppArmor:", "AppArmor", "apparmor", conf->apparmor_profile },
		{ "SELinux:", "SELinux", "selinux", conf->selinux_context ? conf->selinux_context
									  : conf->selinux_context_keyring },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char buf[320];

		if (!rows[i].value || strcmp(rows[i].value, "unconfined") == 0 ||
		    bb_lsm_active(rows[i].lsm))
			continue;
		snprintf(buf, sizeof(buf), "%.200s (not enforced: no %s in this kernel)", rows[i].value,
			 rows[i].name);
		field(rows[i].label, buf);
	}
}

static void print_stats(const struct container *c, int raw)
{
	static const struct { int stat; const char *label; } rows[] = {
		{ CT_STAT_CPU, "CPU use:" }, { CT_STAT_BLKIO, "BlkIO use:" },
		{ CT_STAT_MEM, "Memory use:" }, { CT_STAT_KMEM, "KMem use:" },
	};
	struct ct_stats s;
	struct bb_err e;
	size_t i;

	if (ct_cgroup_stats(c, &s, &e) < 0)
		return; /* no cgroups: no figures, as lxc-info */
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		unsigned long long v = s.v[rows[i].stat];
		char buf[48];

		if (!(s.have & (1u << rows[i].stat)))
			continue;
		if (raw)
			snprintf(buf, sizeof(buf), "%llu", v);
		else if (rows[i].stat == CT_STAT_CPU)
			snprintf(buf, sizeof(buf), "%.2f seconds", v / 1e9);
		else
			human(buf, sizeof(buf), v);
		field(rows[i].label, buf);
	}
}

int info_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct bb_strlist keys = { 0 };
	int state = 0, pid = 0, ips = 0, stats = 0, raw = 0, json = 0;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "s|state", BB_OPT_FLAG, &state, 0, 0, NULL, 0 },
		{ "p|pid", BB_OPT_FLAG, &pid, 0, 0, NULL, 0 },
		{ "i|ips", BB_OPT_FLAG, &ips, 0, 0, NULL, 0 },
		{ "S|stats", BB_OPT_FLAG, &stats, 0, 0, NULL, 0 },
		{ "H|no-humanize", BB_OPT_FLAG, &raw, 0, 0, NULL, 0 },
		{ "c|config", BB_OPT_LIST, &keys, 0, 0, NULL, 0 },
		{ "|json", BB_OPT_FLAG, &json, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct lxc_conf *conf = NULL;
	struct container c;
	struct ct_status st;
	struct bb_err e;
	char buf[32], **vals = NULL;
	size_t k;
	int all, bad = 0;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (ct_init(&c, a.lxcpath, a.name, &e) < 0)
		bb_err_die(&e);
	if (!ct_defined(&c))
		bb_error_msg_and_die("%s doesn't exist", c.name); /* lxc-info's words, exit 1 */
	if (keys.n) {
		conf = conf_new();
		if (!conf || conf_load_file(conf, c.config_path, &e) < 0)
			bb_err_die(&e);
		vals = xzalloc(keys.n * sizeof(*vals));
		for (k = 0; k < keys.n; k++)
			if (conf_get(conf, keys.v[k], &vals[k], &e) < 0) {
				/* lxc-info says "KEY invalid" and goes on; so do we, but fail at the end */
				bb_err_print(&e);
				bad = 1;
			}
	}
	if (ct_get_status(&c, &st, &e) < 0)
		bb_err_die(&e);
	all = !state && !pid && !ips && !stats && !keys.n;
	if (all && !json) {
		/* For the LSM lines only: a config that does not load has none. */
		conf = conf_new();
		if (conf && conf_load_file(conf, c.config_path, &e) < 0) {
			conf_free(conf);
			conf = NULL;
		}
	}
	if (json) {
		printf("{\"name\": ");
		json_put_str(stdout, c.name);
		printf(", \"state\": \"%s\"", ct_state_name(st.state));
		if (st.init_pid)
			printf(", \"pid\": %d", (int)st.init_pid);
		if (keys.n) {
			printf(", \"config\": {");
			for (k = 0; k < keys.n; k++) {
				printf("%s", k ? ", " : "");
				json_put_str(stdout, keys.v[k]);
				printf(": ");
				if (vals[k])
					json_put_str(stdout, vals[k]);
				else
					printf("null");
			}
			printf("}");
		}
		printf("}\n");
	} else {
		/* lxc-info's order: Name, State, PID, then the -c keys. Fields keep
		 * their labels when asked for alone. */
		if (all)
			field("Name:", c.name);
		if (all || state)
			field("State:", ct_state_name(st.state));
		if ((all || pid) && st.init_pid) {
			snprintf(buf, sizeof(buf), "%d", (int)st.init_pid);
			field("PID:", buf);
		}
		if ((all || ips) && st.init_pid)
			print_ips(&c, st.init_pid);
		if ((all || stats) && st.init_pid)
			print_stats(&c, raw);
		if ((all || stats) && st.init_pid)
			print_links(&c, raw);
		if (all && conf)
			print_lsm(conf);
		for (k = 0; k < keys.n; k++) {
			if (!vals[k])
				continue;
			if (raw && keys.n == 1)
				printf("%s\n", vals[k]); /* -H with one key: the bare value */
			else if (*vals[k])
				printf("%s = %s\n", keys.v[k], vals[k]);
			else
				printf("%s =\n", keys.v[k]);
		}
	}
	for (k = 0; k < keys.n; k++)
		free(vals ? vals[k] : NULL);
	free(vals);
	conf_free(conf);
	bb_strlist_free(&keys);
	ct_free(&c);
	return bad;
}
