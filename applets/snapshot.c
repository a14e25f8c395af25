/* snapshot: take, list, restore and destroy snapshots (lxc-snapshot). */
//config:config SNAPSHOT
//config:	bool "snapshot: container snapshots (lxc-snapshot)"
//config:	default y
//config:	help
//config:	  Snapshots under LXCPATH/NAME/snaps/snapN: a full copy of a
//config:	  dir-backed container, an overlay delta copy of an overlay one;
//config:	  list, restore (in place or to a new container) and destroy them.
//applet:snapshot lxc-snapshot
//usage:-n NAME [-P LXCPATH] [-c FILE | -L [-C] | -r SNAP [-N NEWNAME] [--newpath PATH] | -d SNAP|ALL]
//usage:
//usage:Take a snapshot of the container NAME (LXCPATH/NAME/snaps/snapN), or
//usage:list, restore or destroy its snapshots.
//usage:
//usage:  -n, --name NAME         the container
//usage:  -c, --comment FILE      take a snapshot with FILE's text as its comment
//usage:  -L, --list              list the snapshots: "snapN (LXCPATH/NAME/snaps) TIME"
//usage:  -C, --showcomments      with -L, each one's comment too
//usage:  -r, --restore SNAP      restore SNAP: in place (NAME stopped), or as NEWNAME
//usage:  -N, --newname NEWNAME   restore into a new container (also as an operand)
//usage:      --newpath PATH      the new container's lxcpath (default: LXCPATH)
//usage:  -d, --destroy SNAP      destroy SNAP, or every snapshot with ALL
//usage:  -P, --lxcpath PATH      containers' directory (default: /var/lib/lxc)
//usage:
//usage:A dir-backed container must be stopped (its snapshot is a full copy);
//usage:a running overlay-backed one is frozen while its delta is copied.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snapshot.h"

static void print_file(const char *path)
{
	size_t len;
	char *text = read_file(path, 1 << 20, &len);

	if (text)
		fwrite(text, 1, len, stdout);
	free(text);
}

static int list(const struct container *c, int comments, struct bb_err *e)
{
	struct snap_entry *v;
	char *snaps = snap_dir(c);
	size_t n, i;

	if (!snaps || ct_snapshot_list(c, &v, &n, e) < 0) {
		free(snaps);
		return -1;
	}
	if (n == 0)
		printf("No snapshots\n");
	for (i = 0; i < n; i++) {
		printf("%s (%s) %s\n", v[i].name, snaps, v[i].ts);
		if (comments && v[i].comment)
			print_file(v[i].comment);
	}
	ct_snapshot_list_free(v, n);
	free(snaps);
	return fflush(stdout) == 0 ? 0 : bb_err_set(e, errno, "write error");
}

int snapshot_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	const char *comment = NULL, *restore = NULL, *newname = NULL, *newpath = NULL;
	const char *destroy = NULL;
	int do_list = 0, comments = 0, optind_, index = 0, r;
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "c|comment", BB_OPT_STR, &comment, 0, 0, NULL, 0 },
		{ "L|list", BB_OPT_FLAG, &do_list, 0, 0, NULL, 0 },
		{ "C|showcomments", BB_OPT_FLAG, &comments, 0, 0, NULL, 0 },
		{ "r|restore", BB_OPT_STR, &restore, 0, 0, NULL, 0 },
		{ "N|newname", BB_OPT_STR, &newname, 0, 0, NULL, 0 },
		{ "|newpath", BB_OPT_STR, &newpath, 0, 0, NULL, 0 },
		{ "d|destroy", BB_OPT_STR, &destroy, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct container c;
	struct bb_err e;

	optind_ = bb_getopt(argc, argv, opts, 0);
	/* lxc-snapshot -r SNAP NEWNAME: the new name as an operand. */
	if (restore && !newname && optind_ == argc - 1)
		newname = argv[optind_++];
	if (optind_ != argc)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	if (!!do_list + !!restore + !!destroy > 1)
		bb_error_msg_and_die("-L, -r and -d exclude each other");
	if (comment && (do_list || restore || destroy))
		bb_error_msg_and_die("-c goes with taking a snapshot, not with -L, -r or -d");
	if (comments && !do_list)
		bb_error_msg_and_die("-C goes with -L");
	if ((newname || newpath) && !restore)
		bb_error_msg_and_die("-N and --newpath go with -r");
	if (ct_init(&c, a.lxcpath, a.name, &e) < 0)
		bb_err_die(&e);
	if (do_list)
		r = list(&c, comments, &e);
	else if (restore)
		r = ct_snapshot_restore(&c, restore, newpath, newname, &e);
	else if (destroy)
		r = ct_snapshot_destroy(&c, destroy, &e);
	else
		r = ct_snapshot(&c, comment, &index, &e);
	if (r < 0) {
		bb_err_print(&e);
		if (ct_interrupted) {
			signal(ct_interrupted, SIG_DFL);
			raise(ct_interrupted);
		}
		return 1;
	}
	ct_free(&c);
	return 0;
}
