/* The config parser's insides, shared by conf*.c only.
 *
 * A key is a row of a table: its name, its value's type (a set of
 * operations), where the field lives (offset in struct lxc_conf, or in
 * struct conf_net for lxc.net.N.*) and the type's parameters (range,
 * default, words). Clearing a key restores its default; conf_new clears
 * every key, conf_free too.
 */
#ifndef CTBOX_CONF_INT_H
#define CTBOX_CONF_INT_H

#include <stddef.h>

#include "autoconf.h"
#include "conf.h"

/* A growing string; oom is set when memory ran out. */
struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
};
void sb_add(struct sbuf *sb, const char *s);
void sb_addn(struct sbuf *sb, const char *s, size_t n);
void sb_addf(struct sbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* One item of a value: in dump mode the config line "NAME = VALUE" (the
 * value quoted when it would not read back as is), else "VALUE". */
void sb_item(struct sbuf *sb, const char *name, const char *value, int dump);
/* sb_item with a value built in v (when not empty), then v freed. */
void sb_item_done(struct sbuf *sb, const char *name, struct sbuf *v, int dump);

struct conf_key;

/* key: the name as the user wrote it, for messages; sub: what follows a
 * family's name (lxc.cgroup2.memory.max: "memory.max"), NULL for the bare
 * name. An empty value clears. */
typedef int conf_set_fn(void *base, const struct conf_key *k, const char *key,
			const char *sub, const char *value, struct bb_err *e);
/* Append the value (one item per line); in dump mode only what differs
 * from the default, as config lines named after name. */
typedef void conf_get_fn(const void *base, const struct conf_key *k,
			 const char *name, const char *sub, int dump, struct sbuf *sb);
/* Restore the default, releasing memory (sub: one member of a family). */
typedef void conf_clear_fn(void *base, const struct conf_key *k, const char *sub);

/* Whether this build reads settings back (conf_get, conf_dump: the config,
 * info and oci applets; lxc.net's checks of keys against a type): without
 * it the value types' get functions are left out (CONF_GETTER: NULL). */
#define CONF_READ_BACK (ENABLE_CONFIG || ENABLE_INFO || ENABLE_OCI || ENABLE_FEATURE_NET)
#define CONF_GETTER(f) (CONF_READ_BACK ? (f) : NULL)

struct conf_ops {
	conf_set_fn *set;
	conf_get_fn *get;
	conf_clear_fn *clear;
};

enum {
	CK_FAMILY = 1,      /* name and name.ANYTHING (lxc.cgroup2.memory.max) */
	CK_UNSUPPORTED = 2, /* rejected; arg: the one value that matches ctbox (or NULL) */
	CK_INCLUDE = 4,     /* lxc.include: the parser's */
	CK_HIDDEN = 8,      /* accepted, neither listed nor dumped (lxc.rootfs.backend) */
	CK_REPLACE = 16,    /* conf_ops_kv: a repeated key replaces its value */
	CK_UNBUILT = 32,    /* a feature this build lacks: refused when set; arg: why */
};

/* One row of a key table: 40 bytes on 64-bit targets (two tables, about
 * 110 rows). */
struct conf_key {
	const char *name;
	const struct conf_ops *ops;
	const void *arg;        /* words of an enum, a checker; conf_ops_strdef: the default string */
	union {
		const char *pattern; /* CK_FAMILY: the family's shape, for conf_key_name */
		struct {
			int min, max; /* numbers */
		};
	};
	int def;
	unsigned short off;     /* the field (conf_keys.c checks that offsets fit) */
	unsigned char flags;
	unsigned char net_types; /* lxc.net.N keys: 1 << type for each type it fits, 0: all */
};

#define FIELD(base, k, type) ((type *)((char *)(base) + (k)->off))
#define CFIELD(base, k, type) ((const type *)((const char *)(base) + (k)->off))

extern const struct conf_key conf_keys[];
extern const size_t conf_nkeys;
extern const struct conf_key conf_net_keys[];
extern const size_t conf_net_nkeys;
/* The names of conf_net_keys, in its order (conf.t checks them): a build
 * that neither makes interfaces nor reads settings back (no FEATURE_NET,
 * no CONF_READ_BACK: tiny_defconfig) keeps the type's row only and
 * checks the other keys' names against these, accepting their values
 * unchecked and keeping nothing (conf_net.c). */
#define CONF_NET_KEY_NAMES "type\0flags\0link\0l2proxy\0mtu\0name\0hwaddr\0ipv4.address\0" \
	"ipv4.gateway\0ipv6.address\0ipv6.gateway\0script.up\0script.down\0veth.pair\0" \
	"veth.mode\0veth.ipv4.route\0veth.ipv6.route\0veth.vlan.id\0veth.vlan.tagged.id\0" \
	"macvlan.mode\0ipvlan.mode\0ipvlan.isolation\0vlan.id\0"
#define CONF_NET_NAMES_ONLY (!ENABLE_FEATURE_NET && !CONF_READ_BACK)

/* Find name in tab: an exact row first, else the longest family holding it.
 * *sub gets what follows the family's name (NULL for an exact row). */
const struct conf_key *conf_key_find(const struct conf_key *tab, size_t n,
				     const char *name, const char **sub);

/* "invalid value 'V' for 'KEY': " + the expected form. Returns -1. */
int conf_bad(struct bb_err *e, const char *key, const char *value, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
/* A printable, bounded copy of s for messages. */
const char *conf_shown(const char *s, char *buf, size_t len);
int conf_nomem(struct bb_err *e);

/* Shared value helpers (conf_keys.c). */
int conf_parse_ulong(const char *s, unsigned long long max, unsigned long long *out);
int conf_strv_add(struct conf_strv *l, const char *s);
void conf_strv_clear(struct conf_strv *l);
int conf_str_set(char **dst, const char *value);
int conf_word(const char *const *words, const char *s);

/* Value types (conf_types.c, conf_vals.c). */
extern const struct conf_ops conf_ops_str, conf_ops_strdef, conf_ops_int, conf_ops_uint,
	conf_ops_bool, conf_ops_word, conf_ops_signal, conf_ops_size, conf_ops_strv,
	conf_ops_words, conf_ops_kv, conf_ops_arch, conf_ops_init_groups,
	conf_ops_mount_entry, conf_ops_mount_auto, conf_ops_caps, conf_ops_idmap, conf_ops_ns,
	conf_ops_ns_share, conf_ops_prlimit, conf_ops_time_offset, conf_ops_loglevel;

/* Checkers of string values: NULL, or the expected form. */
typedef const char *conf_check_fn(const char *v);
conf_check_fn conf_check_abspath, conf_check_relpath, conf_check_word, conf_check_subkey,
	conf_check_cgroup_key, conf_check_procfile, conf_check_utsname, conf_check_ttydir,
	conf_check_console, conf_check_facility, conf_check_env, conf_check_backend;

/* Network (conf_net.c). */
void conf_net_free_all(struct lxc_conf *c);
int conf_net_check(const struct lxc_conf *c, struct bb_err *e);
/* The interface with this index, created when create is set (NULL and e
 * when there are too many). */
struct conf_net *conf_net_get(struct lxc_conf *c, unsigned index, int create, struct bb_err *e);
extern const struct conf_ops conf_ops_net;
/* "N" or "N.KEY" of lxc.net.N.KEY: 0 (*nk NULL for "N"), or -1. */
int conf_net_parse_key(const char *sub, unsigned *index, const struct conf_key **nk);
/* LXC 2's lxc.network.SUB (sub NULL: "lxc.network"). */
int conf_net_legacy(struct lxc_conf *c, const char *key, const char *sub,
		    const char *value, struct bb_err *e);

#endif
