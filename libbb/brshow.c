/* brctl's output formats. Scripts parse these, so every tab and column
 * width follows bridge-utils 1.7 as Debian ships it (checked side by side
 * by tests/integration/bridge.t). */
#include "brshow.h"

/* "8000.0a1b2c3d4e5f": the priority's two bytes, a dot, the address. */
static void put_id(FILE *f, const unsigned char id[8])
{
	fprintf(f, "%02x%02x.%02x%02x%02x%02x%02x%02x", id[0], id[1], id[2], id[3], id[4],
		id[5], id[6], id[7]);
}

/* Seconds with two decimals in a 7-column field ("  15.00"). */
static void put_time(FILE *f, unsigned cs)
{
	fprintf(f, "%4u.%02u", cs / 100, cs % 100);
}

const char *brshow_state_name(unsigned state)
{
	/* BR_STATE_DISABLED (0) ... BR_STATE_BLOCKING (4) of linux/if_bridge.h,
	 * whose in6 definitions clash with musl's <netinet/in.h>. */
	static const char *const names[] = {
		"disabled", "listening", "learning", "forwarding", "blocking",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "<INVALID STATE>";
}

void brshow_header(FILE *f)
{
	fputs("bridge name\tbridge id\t\tSTP enabled\tinterfaces\n", f);
}

void brshow_bridge(FILE *f, const char *name, const struct rtnl_bridge *b,
		   const char *const *ports, size_t nports)
{
	size_t i;

	fprintf(f, "%s\t\t", name);
	put_id(f, b->bridge_id);
	/* stp_state 2 (a user-space STP daemon) counts as enabled too. */
	fprintf(f, "\t%s\t\t", b->stp_state ? "yes" : "no");
	for (i = 0; i < nports; i++)
		fprintf(f, "%s%s", i ? "\n\t\t\t\t\t\t\t" : "", ports[i]);
	fputc('\n', f);
}

/* "label\tVALUE" pairs of the report's left and right columns: the labels
 * carry their own tabs, as brctl aligns them. */
static void stp_times(FILE *f, const char *l, unsigned lv, const char *r, unsigned rv)
{
	fputs(l, f);
	put_time(f, lv);
	fputs(r, f);
	put_time(f, rv);
}

static void stp_port(FILE *f, const struct rtnl_brport *p)
{
	fprintf(f, "%s (%u)\n", p->name, p->port_no);
	fprintf(f, " port id\t\t%04x\t\t\tstate\t\t%15s\n", p->port_id,
		brshow_state_name(p->state));
	fputs(" designated root\t", f);
	put_id(f, p->designated_root);
	fprintf(f, "\tpath cost\t\t%4u\n designated bridge\t", p->cost);
	put_id(f, p->designated_bridge);
	fputs("\tmessage age timer\t", f);
	put_time(f, p->message_age_timer);
	fprintf(f, "\n designated port\t%04x\t\t\tforward delay timer\t", p->designated_port);
	put_time(f, p->forward_delay_timer);
	fprintf(f, "\n designated cost\t%4u\t\t\thold timer\t\t", p->designated_cost);
	put_time(f, p->hold_timer);
	fputs("\n flags\t\t\t", f);
	if (p->config_pending)
		fputs("CONFIG_PENDING ", f);
	if (p->topology_change_ack)
		fputs("TOPOLOGY_CHANGE_ACK ", f);
	if (p->hairpin)
		fprintf(f, "\n hairpin mode\t\t%4u", p->hairpin);
	fputs("\n\n", f);
}

void brshow_stp(FILE *f, const char *name, const struct rtnl_bridge *b,
		const struct rtnl_brport *ports, size_t nports)
{
	size_t i;

	fprintf(f, "%s\n bridge id\t\t", name);
	put_id(f, b->bridge_id);
	fputs("\n designated root\t", f);
	put_id(f, b->root_id);
	fprintf(f, "\n root port\t\t%4u\t\t\tpath cost\t\t%4u\n", b->root_port, b->root_path_cost);
	/* brctl shows the bridge's own and the current (learnt) values side by
	 * side; the kernel keeps one of each, so both columns agree. */
	stp_times(f, " max age\t\t", b->max_age, "\t\t\tbridge max age\t\t", b->max_age);
	stp_times(f, "\n hello time\t\t", b->hello_time, "\t\t\tbridge hello time\t",
		  b->hello_time);
	stp_times(f, "\n forward delay\t\t", b->forward_delay, "\t\t\tbridge forward delay\t",
		  b->forward_delay);
	fputs("\n ageing time\t\t", f);
	put_time(f, b->ageing_time);
	stp_times(f, "\n hello timer\t\t", b->hello_timer, "\t\t\ttcn timer\t\t", b->tcn_timer);
	stp_times(f, "\n topology change timer\t", b->topology_change_timer,
		  "\t\t\tgc timer\t\t", b->gc_timer);
	fputs("\n flags\t\t\t", f);
	if (b->topology_change)
		fputs("TOPOLOGY_CHANGE ", f);
	if (b->topology_change_detected)
		fputs("TOPOLOGY_CHANGE_DETECTED ", f);
	fputs("\n\n\n", f);
	for (i = 0; i < nports; i++)
		stp_port(f, &ports[i]);
}

void brshow_macs_header(FILE *f)
{
	fputs("port no\tmac addr\t\tis local?\tageing timer\n", f);
}

void brshow_mac(FILE *f, unsigned port_no, const unsigned char mac[6], int local,
		unsigned ageing)
{
	fprintf(f, "%3u\t%02x:%02x:%02x:%02x:%02x:%02x\t%s\t\t", port_no, mac[0], mac[1], mac[2],
		mac[3], mac[4], mac[5], local ? "yes" : "no");
	put_time(f, ageing);
	fputc('\n', f);
}
