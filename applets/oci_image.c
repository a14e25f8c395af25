/* oci-image: unpack OCI image layouts into runtime bundles (umoci's
 * command line), make an empty layout, list its tags (libbb/oci_image*.c). */
//config:config OCI_IMAGE
//config:	bool "oci-image: unpack OCI image layouts into bundles (umoci)"
//config:	default y
//config:	help
//config:	  Unpack a tagged image of an OCI image layout into a runtime
//config:	  bundle (rootfs and config.json), verifying every blob's
//config:	  SHA-256; make an empty layout; list a layout's tags.
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
//usage:                       `runc spec --rootless`)
//usage:  init [--layout] LAYOUT   make an empty layout (LAYOUT absent or empty)
//usage:  ls [--layout] LAYOUT     the layout's tags, one per line
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "oci_image.h"

static volatile int stop;

static void on_signal(int sig)
{
	stop = sig;
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
	/* Interrupted, it still removes what it made. */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	if (oci_image_unpack(layout, tag, argv[i], rootless ? OCI_IMAGE_ROOTLESS : 0, &stop, &e) < 0)
		bb_err_die(&e);
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
	{ "unpack", cmd_unpack },
};

int oci_image_main(int argc, char **argv)
{
	const struct bb_opt opts[] = { BB_OPT_ENDMARK };
	int i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	size_t k;

	if (i >= argc)
		bb_error_msg_and_die("a command is needed: init, ls or unpack (see --help)");
	for (k = 0; k < ARRAY_SIZE(cmds); k++)
		if (strcmp(argv[i], cmds[k].name) == 0)
			return cmds[k].run(argc - i, argv + i);
	bb_error_msg_and_die("unknown command '%s': init, ls or unpack", argv[i]);
}
