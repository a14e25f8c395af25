/* kconfig: a kernel configuration (.config, /proc/config.gz) as a look-up.
 *
 * kconfig.c parses the text ("CONFIG_X=y|m|n|"str"|NUMBER" and
 * "# CONFIG_X is not set") and answers look-ups; it needs no zlib, so unit
 * tests link it alone. kconfig_load.c finds the running kernel's
 * configuration and reads it, gzip-compressed or not (zlib).
 *
 * The text is untrusted (CONFIG= may name any file): lines longer than
 * KCONFIG_MAX_LINE, lines with NUL bytes, bad names and bad values are
 * skipped and counted, never fatal; the text and the number of entries
 * are bounded.
 */
#ifndef CTBOX_KCONFIG_H
#define CTBOX_KCONFIG_H

#include <stddef.h>

#include "libbb.h"

#define KCONFIG_MAX_TEXT (32u << 20)  /* bytes of (decompressed) text */
#define KCONFIG_MAX_LINE 4096         /* longer lines are skipped */
#define KCONFIG_MAX_NAME 200          /* symbol name, without CONFIG_ */
#define KCONFIG_MAX_ENTRIES 100000

enum kconfig_state {
	KCONFIG_ABSENT = 0, /* not mentioned at all */
	KCONFIG_NO,         /* "# CONFIG_X is not set" or CONFIG_X=n */
	KCONFIG_YES,        /* =y */
	KCONFIG_MODULE,     /* =m */
	KCONFIG_STRING,     /* ="text": value is the unquoted text */
	KCONFIG_NUMBER,     /* =123, =-1, =0x1f: value is the text */
};

struct kconfig_entry {
	char *name;   /* without the CONFIG_ prefix; value follows in the same block */
	char *value;  /* "y", "m", "n", the string or the number */
	enum kconfig_state state;
	size_t seq;   /* input order: the last of duplicates wins */
};

struct kconfig {
	struct kconfig_entry *v;
	size_t n, cap;
	size_t lines;      /* lines seen */
	size_t bad_lines;  /* lines skipped as junk */
	size_t first_bad;  /* line number of the first junk line (0: none) */
	char version[64];  /* "6.1.0" from "# Linux/x86 6.1.0 Kernel Configuration", or "" */
	int sorted;
};

void kconfig_init(struct kconfig *kc);
void kconfig_free(struct kconfig *kc);

/* Parse a whole configuration text (len bytes; NUL bytes only spoil their
 * line). May be called again to add more text (later entries win).
 * Returns 0, or -1 with e (out of memory, too big, too many entries). */
int kconfig_parse(struct kconfig *kc, const char *text, size_t len,
		  struct bb_err *e);

/* Read and parse a plain-text file. A file without a single CONFIG_ line
 * is refused as "not a kernel configuration". Returns 0, or -1 with e. */
int kconfig_read_file(struct kconfig *kc, const char *path, struct bb_err *e);

/* After parsing: refuse a text without a single CONFIG_ line (0 or -1). */
int kconfig_check_nonempty(const struct kconfig *kc, const char *path,
			   struct bb_err *e);

/* Look a symbol up, with or without its CONFIG_ prefix. *value (when
 * non-NULL) gets the value text, or NULL when absent. */
enum kconfig_state kconfig_get(const struct kconfig *kc, const char *name,
			       const char **value);
/* y or m. */
int kconfig_enabled(const struct kconfig *kc, const char *name);
const char *kconfig_state_name(enum kconfig_state s);

/* ---- kconfig_load.c (needs zlib) ---- */

/* Read a configuration file, gzip-compressed (by its magic) or plain. */
int kconfig_load(struct kconfig *kc, const char *path, struct bb_err *e);

/* Where the running kernel's configuration may be, in the order they are
 * tried: /proc/config.gz, /boot/config-RELEASE,
 * /lib/modules/RELEASE/build/.config. Fills paths[] (each malloc'd; free
 * with kconfig_free_paths) and returns how many (at most max). */
size_t kconfig_candidates(char **paths, size_t max);
void kconfig_free_paths(char **paths, size_t n);

/* Find and load the configuration: the file named by env (the CONFIG
 * environment variable's value, may be NULL), else the first candidate that
 * exists. *found gets the path used (malloc'd) or NULL. Returns 0, or -1
 * with e when nothing could be read (the reason names what was tried). */
int kconfig_find_and_load(struct kconfig *kc, const char *env, char **found,
			  struct bb_err *e);

#endif
