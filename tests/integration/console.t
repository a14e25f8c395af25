#!/bin/sh
# console: the monitor's console and ttys through the console applet:
# scrollback (the last 64 KiB) on connect, detach with Ctrl+a q (and
# another escape with -e), reconnects, two clients at once, a container
# that prints more than anybody reads does not block, tty N, a real
# terminal, bad input. Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" console start stop attach

# init prints a marker, then a shell reads the console.
mkct k1 'lxc.init.cmd = /bin/sh -c "echo marker-$((6*7)); exec /bin/sh"' "lxc.tty.max = 1"
ok "start a container with a shell on its console" "$CTBOX" start -P "$P" -n k1
con() { "$CTBOX" console -P "$P" -n k1 "$@"; }
sleep 0.5
out=$( (sleep 0.5; printf '\001q') | con | tr -d '\r')
is "$?" 0 "Ctrl+a q detaches (exit 0)"
like "$out" "marker-42" "what init printed before anybody connected comes first (scrollback)"
out=$( (printf 'echo typed-$((7*8))\n'; sleep 0.5; printf '\001q') | con | tr -d '\r')
like "$out" "typed-56" "typed input reaches the console's shell, its output comes back"
out=$( (sleep 0.5; printf '\001q') | con | tr -d '\r')
like "$out" "typed-56" "a reconnect sees the earlier session in the scrollback"
out=$( (printf 'echo via-b\n'; sleep 0.5; printf '\002q') | con -e b | tr -d '\r')
like "$out" "via-b" "-e b: Ctrl+b q detaches instead"

# Two clients at once: both see what the console prints.
(sleep 1.5; printf '\001q') | con > "$T/c1.out" &
c1=$!
sleep 0.3
(printf 'echo both-$((3*3))\n'; sleep 1; printf '\001q') | con > "$T/c2.out"
wait "$c1"
ok "the first client saw the output" grep -q "both-9" "$T/c1.out"
ok "the second client too" grep -q "both-9" "$T/c2.out"

# Nobody reads: the container goes on (the monitor drains the console).
"$CTBOX" attach -P "$P" -n k1 -- sh -c 'head -c 300000 /dev/zero | tr "\0" x > /dev/console; echo done-writing > /dev/console'
is "$?" 0 "300 KB written to the console with no client does not block"
out=$( (sleep 0.5; printf '\001q') | con | tr -d '\r')
like "$out" "done-writing" "and the scrollback holds the end of it"
ok "the scrollback is at most 64 KiB" test "$(printf '%s' "$out" | wc -c)" -le 66000

# tty 1 (lxc.tty.max = 1): a shell started on it from inside answers.
"$CTBOX" attach -P "$P" -n k1 -- sh -c 'setsid sh -c "exec sh </dev/tty1 >/dev/tty1 2>&1" &'
sleep 0.3
out=$( (printf 'echo on-tty-$((5*5))\n'; sleep 0.5; printf '\001q') | con -t 1 | tr -d '\r')
like "$out" "on-tty-25" "-t 1: the container's tty 1"
out=$(con -t 5 2>&1 </dev/null)
is "$?" 1 "-t 5 beyond lxc.tty.max fails"
like "$out" "has no tty 5" "and says so"

if command -v script >/dev/null; then
	out=$( (sleep 0.5; printf 'echo in-a-terminal\r'; sleep 0.5; printf '\001q') |
		script -qc "'$CTBOX' console -P '$P' -n k1" /dev/null | tr -d '\r')
	like "$out" "Connected to tty 0" "with a terminal: LXC's banner"
	like "$out" "in-a-terminal" "and the session works in raw mode"
else
	skip "script(1) is not installed"
	skip "script(1) is not installed"
fi

"$CTBOX" stop -P "$P" -n k1 -k
out=$(con 2>&1 </dev/null)
is "$?" 1 "console of a stopped container fails"
like "$out" "not running" "and says so"
out=$(con -e 1 2>&1 </dev/null)
like "$out" "bad escape '1'" "a bad escape is refused"
out=$("$CTBOX" console -P "$P" -n nosuch 2>&1 </dev/null)
is "$?" 1 "console of a container that does not exist fails"

done_testing
