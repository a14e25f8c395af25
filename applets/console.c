/* console: attach the terminal to a container's console (lxc-console). */
//config:config CONSOLE
//config:	bool "console: a container's console or tty (lxc-console)"
//config:	default y
//config:	help
//config:	  Connect to the console (or tty N) that the container's monitor
//config:	  holds: its scrollback first, then live; Ctrl+a q detaches.
//config:	  Without it the monitors serve no console client and keep no
//config:	  scrollback (lxc.console.logfile is still written).
//applet:console lxc-console
//usage:-n NAME [-t N] [-e ESCAPE] [-P LXCPATH]
//usage:
//usage:Connect this terminal to the console of the container NAME, or its tty N.
//usage:The last 64 KiB the console printed come first. Ctrl+a q detaches,
//usage:Ctrl+a Ctrl+a sends Ctrl+a.
//usage:
//usage:  -n, --name NAME      the container
//usage:  -t, --tty N          tty N (1 .. lxc.tty.max) instead of the console (0)
//usage:  -e, --escape C       the escape character: Ctrl+C instead of Ctrl+a (a letter)
//usage:  -P, --lxcpath PATH   containers' directory (default: /var/lib/lxc)
#include <ctype.h>

#include "container.h"

int console_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	long tty = 0;
	const char *escape = "a";
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "t|tty", BB_OPT_INT, &tty, 0, 64, NULL, 0 },
		{ "e|escape", BB_OPT_STR, &escape, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct container c;
	struct bb_err e;
	char esc;

	if (bb_getopt(argc, argv, opts, 0) != argc)
		bb_show_usage();
	lxc_args_finish(&a, LXC_ARGS_NEED_NAME);
	/* lxc-console: -e a means Ctrl+a; "^a" is taken too. */
	if (escape[0] == '^' && escape[1])
		escape++;
	if (!isalpha((unsigned char)escape[0]) || escape[1])
		bb_error_msg_and_die("bad escape '%s': expected a letter (a for Ctrl+a)", escape);
	esc = (char)(tolower((unsigned char)escape[0]) - 'a' + 1);
	if (ct_init(&c, a.lxcpath, a.name, &e) < 0)
		bb_err_die(&e);
	if (!ct_defined(&c))
		bb_error_msg_and_die("container '%s' does not exist", c.name);
	if (ct_console(&c, (int)tty, esc, &e) < 0)
		bb_err_die(&e);
	ct_free(&c);
	return 0;
}
