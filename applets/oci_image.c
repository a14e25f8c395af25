/* oci-image: unpack OCI image layouts into runtime bundles and repack a
 * bundle's changes as a new layer (umoci's command line), make an empty
 * layout or image, list its tags (libbb/oci_image*.c). */
//config:config OCI_IMAGE
//config:	bool "oci-image: unpack OCI image layouts into bundles (umoci)"
//config:	default y
//config:	help
//config:	  Unpack a tagged image of an OCI image layout into a runtime
//config:	  bundle (rootfs and config.json), verifying every blob's
//config:	  SHA-256; repack a bundle's changes as a new layer; make an
//config:	  empty layout or image; list a layout's tags.
//applet:oci-image
//usage:COMMAND [OPTIONS] ...
//usage:
//usage:OCI image layouts, with umoci's command line.
//usage:
//usage:  unpack [--rootless] --image LAYOUT[:TAG] BUNDLE
//usage:                       verify the image tagged TAG (default: latest) and
//usage:                       unpack it into BUNDLE (absent or empty): BUNDLE/rootfs
//usage:                       and BUNDLE/config.json for `ctbox oci` (--rootless:
//usage:                       with user namespace mappings of the caller, as
//usage:                       `runc spec --rootless`); BUNDLE/ctbox-image.mtree
//usage:                       records the rootfs for repack
//usage:  repack --image LAYOUT[:TAG] BUNDLE
//usage:                       a new tar+gzip layer from BUNDLE/rootfs's changes
//usage:                       since unpack (or the last repack): new and changed
//usage:                       entries, .wh. whiteouts for removed ones; tagged
//usage:                       TAG on top of the image BUNDLE came from (that
//usage:                       image's tag is left as it was); no change: no
//usage:                       layer, only a history entry (as umoci)
//usage:  new --image LAYOUT[:TAG]
//usage:                       an empty image (no layers, for this build's
//usage:                       architecture) tagged TAG; an existing TAG moves to it
//usage:  init [--layout] LAYOUT   make an empty layout (LAYOUT absent or empty)
//usage:  ls [--layout] LAYOUT     the layout's tags, one per line
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "oci_image.h"
#include "oci_image_mtree.h"

static volatile int stop;

static void on_signal(int sig)
{
	stop = sig;
}

static void catch_signals(void)
{
	/* Interrupted, it still removes what it made. */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
}

static int cmd_unpack(int argc, char **argv)
{
	const char *image = NULL, *tag;
	int rootless = 0;
	const struct bb_opt opts[] = {
		{ "|image", BB_OPT_STR, &image, 0, 0, NULL, 0 },
		{ "|rootless", BB_OPT_FLAG, &rootless, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	char *layout;
	int i = bb_getopt(argc, argv, opts, 0);

	if (!image || argc - i != 1)
		bb_error_msg_and_die("unpack: usage: unpack --image LAYOUT[:TAG] BUNDLE");
	layout = xstrdup(image);
	oci_image_ref(layout, &tag);
	catch_signals();
	if (oci_image_unpack(layout, tag, argv[i], rootless ? OCI_IMAGE_ROOTLESS : 0, &stop, &e) < 0)
		bb_err_die(&e);
	return 0;
}

/* --image LAYOUT[:TAG] and n operands (after *i); dies with cmd's usage. */
static char *image_arg(int argc, char **argv, int n, int *i, const char **tag,
		       const char *usage)
{
	const char *image = NULL;
	const struct bb_opt opts[] = {
		{ "|image", BB_OPT_STR, &image, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	char *layout;

	*i = bb_getopt(argc, argv, opts, 0);
	if (!image || argc - *i != n)
		bb_error_msg_and_die("%s", usage);
	layout = xstrdup(image);
	oci_image_ref(layout, tag);
	return layout;
}

static int cmd_new(int argc, char **argv)
{
	const char *tag;
	struct bb_err e;
	int i;
	char *layout = image_arg(argc, argv, 0, &i, &tag, "new: usage: new --image LAYOUT[:TAG]");

	if (oci_image_new(layout, tag, &e) < 0)
		bb_err_die(&e);
	return 0;
}

static int cmd_repack(int argc, char **argv)
{
	const char *tag;
	struct bb_err e;
	int i;
	char *layout = image_arg(argc, argv, 1, &i, &tag,
				 "repack: usage: repack --image LAYOUT[:TAG] BUNDLE");

	size_t sockets;

	catch_signals();
	if (oci_image_repack(layout, tag, argv[i], &sockets, &stop, &e) < 0)
		bb_err_die(&e);
	if (sockets)
		bb_warn_msg("repack: %zu new socket%s left out of the layer (tar has no sockets)",
			    sockets, sockets == 1 ? "" : "s");
	return 0;
}

/* LAYOUT, as --layout LAYOUT or the one operand; dies with cmd's usage. */
static const char *layout_arg(int argc, char **argv, const char *cmd)
{
	const char *layout = NULL;
	const struct bb_opt opts[] = {
		{ "|layout", BB_OPT_STR, &layout, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	int i = bb_getopt(argc, argv, opts, 0);

	if (!layout && argc - i == 1)
		layout = argv[i++];
	if (!layout || i != argc)
		bb_error_msg_and_die("%s: usage: %s --layout LAYOUT", cmd, cmd);
	return layout;
}

static int cmd_init(int argc, char **argv)
{
	struct bb_err e;

	if (oci_image_init(layout_arg(argc, argv, "init"), &e) < 0)
		bb_err_die(&e);
	return 0;
}

static int cmd_ls(int argc, char **argv)
{
	struct bb_err e;

	if (oci_image_tags(layout_arg(argc, argv, "ls"), stdout, &e) < 0)
		bb_err_die(&e);
	return fflush(stdout) == 0 ? 0 : 1;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} cmds[] = {
	{ "init", cmd_init },
	{ "ls", cmd_ls },
	{ "new", cmd_new },
	{ "repack", cmd_repack },
	{ "unpack", cmd_unpack },
};

int oci_image_main(int argc, char **argv)
{
	const struct bb_opt opts[] = { BB_OPT_ENDMARK };
	int i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	size_t k;

	if (i >= argc)
		bb_error_msg_and_die("a command is needed: init, ls, new, repack or unpack (see --help)");
	for (k = 0; k < ARRAY_SIZE(cmds); k++)
		if (strcmp(argv[i], cmds[k].name) == 0)
			return cmds[k].run(argc - i, argv + i);
	bb_error_msg_and_die("unknown command '%s': init, ls, new, repack or unpack", argv[i]);
}
