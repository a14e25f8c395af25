#!/bin/sh
# attach on a real terminal (tests/integration/ptyrun.py drives a pty):
# the window size follows a resize in the middle of a session (SIGWINCH),
# job control in the attached shell (Ctrl+Z, jobs, kill %1), and the
# caller's terminal settings restored when the container is killed under
# the attached shell. Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
CT_INIT="/probe sleep 1000"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop attach
command -v python3 >/dev/null || plan_skip_all "no python3 to drive a pty"
pty() { timeout 30 python3 "$CTBOX_SRC/tests/integration/ptyrun.py" "$1" "$CTBOX" "$P" p1 "$T"; }

mkct p1
ok "start a container" "$CTBOX" start -P "$P" -n p1
out=$(pty winch)
like "$out" "41 133" "a resize during the session reaches the container's pty (stty size: 41 133)"
out=$(pty jobs)
like "$out" "Stopped +sleep 30" "Ctrl+Z stops the foreground job of the attached shell"
like "$out" "Killed +sleep 30" "and kill %1 ends it: job control works"
out=$(pty killed)
is "$(state p1)" STOPPED "the container was killed under the attached shell"
ok "the caller's terminal settings are restored afterwards" cmp -s "$T/before" "$T/after"
done_testing
