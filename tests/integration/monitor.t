#!/bin/sh
# monitor (lxc-monitor), as LXC 5.0.2's prints them: state changes of real
# containers (start, freeze, unfreeze, stop -k, a clean stop, an init that
# exits), told by the containers' monitors over sockets; -n REGEX; two
# listeners at once; a listener killed with SIGKILL; a container whose
# monitor was killed; -Q. Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
CT_INIT="/probe sleep 1000"
. "$CTBOX_SRC/tests/integration/ct.sh" monitor start stop freeze unfreeze info
bgpids=""
at_exit 'for p in $bgpids; do kill "$p" 2>/dev/null; done'

# mon FILE ARGS...: a monitor in the background, output in $T/FILE; $!.
mon() { f=$1; shift; "$CTBOX" monitor -P "$P" "$@" > "$T/$f" 2> "$T/$f.err" & }
# socks: how many listener sockets there are for $P.
socks() { ls "$CTBOX_RUNDIR"/*/.monitor 2>/dev/null | grep -c .; }
# until_ CMD...: retry CMD for up to a minute (the machine is slow and shared).
until_() { i=0; while [ $i -lt 600 ]; do "$@" && return 0; sleep 0.1; i=$((i + 1)); done; return 1; }
nsocks() { [ "$(socks)" = "$1" ]; }
# has FILE LINE: the file has that line.
has() { grep -qxF -- "$2" "$T/$1" 2>/dev/null; }
# gone PID: exited (a zombie child counts).
gone() { ! kill -0 "$1" 2>/dev/null || grep -q ') Z ' "/proc/$1/stat" 2>/dev/null; }
st() { echo "'$1' changed state to [$2]"; }
ex() { echo "'$1' exited with status [$2]"; }
lines_of() { grep -F "'$2' " "$T/$1"; }

mkct m1
mkct s1
printf '#!/bin/sh\nsleep 0.5\nexit 3\n' > "$P/m1/rootfs/exit3"
printf '#!/bin/sh\ntrap "exit 5" PWR\nwhile :; do sleep 0.1; done\n' > "$P/m1/rootfs/trap5"
chmod 755 "$P/m1/rootfs/exit3" "$P/m1/rootfs/trap5"

# -- three listeners: one container, all, a pattern m1 does not match --
mon a -n m1; ma=$!
mon b; mb=$!
mon c -n 'm|s1'; mc=$!
bgpids="$ma $mb $mc"
ok "three monitors listen (three sockets)" until_ nsocks 3

ok "start m1" "$CTBOX" start -P "$P" -n m1
want="$(st m1 STARTING)
$(st m1 RUNNING)"
if "$CTBOX" freeze -P "$P" -n m1 2>"$T/err" && "$CTBOX" unfreeze -P "$P" -n m1 2>>"$T/err"; then
	want="$want
$(st m1 FREEZING)
$(st m1 FROZEN)
$(st m1 THAWED)
$(st m1 RUNNING)"
	pass "freeze and unfreeze m1"
else
	skip "no freezer here: $(cat "$T/err")"
fi
ok "stop -k m1" "$CTBOX" stop -P "$P" -n m1 -k
want="$want
$(ex m1 0)
$(st m1 STOPPING)
$(st m1 STOPPED)"
until_ has a "$(st m1 STOPPED)"
is "$(cat "$T/a")" "$want" "-n m1: every change in order, LXC's lines (exit status 0 of a killed init, as LXC)"
until_ has b "$(st m1 STOPPED)"
is "$(lines_of b m1)" "$want" "a second monitor (no -n: all) got the same"

# s1 after m1: once c has s1's lines, it had m1's messages too.
"$CTBOX" start -P "$P" -n s1 && "$CTBOX" stop -P "$P" -n s1 -k
until_ has c "$(st s1 STOPPED)"
is "$(cat "$T/c")" "$(st s1 STARTING)
$(st s1 RUNNING)
$(ex s1 0)
$(st s1 STOPPING)
$(st s1 STOPPED)" "-n 'm|s1' shows s1 and nothing of m1 (the whole name must match)"
until_ has b "$(st s1 STOPPED)"
is "$(lines_of a s1)" "" "-n m1 shows nothing of s1"

# -- init ends by itself: LXC's order, exit status, STOPPING, STOPPED --
: > "$T/a"
ok "start m1 with an init that exits 3" "$CTBOX" start -P "$P" -n m1 -s "lxc.init.cmd = /exit3"
until_ has a "$(st m1 STOPPED)"
is "$(cat "$T/a")" "$(st m1 STARTING)
$(st m1 RUNNING)
$(ex m1 3)
$(st m1 STOPPING)
$(st m1 STOPPED)" "init exits: its status, STOPPING, STOPPED"

# -- a clean stop: STOPPING when asked, then the exit, STOPPED --
: > "$T/a"
ok "start m1 with an init that exits 5 on SIGPWR" "$CTBOX" start -P "$P" -n m1 -s "lxc.init.cmd = /trap5"
until_ has a "$(st m1 RUNNING)"
ok "stop -t 30" "$CTBOX" stop -P "$P" -n m1 -t 30
until_ has a "$(st m1 STOPPED)"
is "$(cat "$T/a")" "$(st m1 STARTING)
$(st m1 RUNNING)
$(st m1 STOPPING)
$(ex m1 5)
$(st m1 STOPPED)" "clean stop: STOPPING, the exit status, STOPPED"

# -- a listener killed with SIGKILL leaves a socket nobody reads --
mon d -n nothing; md=$!
bgpids="$bgpids $md"
until_ nsocks 4
kill -KILL "$md"
until_ gone "$md"
is "$(socks)" 4 "a monitor killed with SIGKILL leaves its socket"
: > "$T/a"
t0=$(date +%s)
ok "a start with a stale socket there works" "$CTBOX" start -P "$P" -n m1
ok "in time ($(( $(date +%s) - t0 )) s)" test $(( $(date +%s) - t0 )) -lt 30
is "$(socks)" 3 "the stale socket was removed by the start"
until_ has a "$(st m1 RUNNING)"
is "$(cat "$T/a")" "$(st m1 STARTING)
$(st m1 RUNNING)" "the live monitors still hear it"

# -- the container's own monitor killed: stop tells STOPPING, STOPPED --
mpid=$(awk '{ print $4 }' "$CTBOX_RUNDIR"/*/m1/state 2>/dev/null)
if [ -n "$mpid" ] && [ "$mpid" -gt 1 ] && kill -KILL "$mpid"; then
	until_ gone "$mpid"
	is "$(state m1)" RUNNING "its monitor killed, m1 still runs"
	ok "stop -k without a monitor" "$CTBOX" stop -P "$P" -n m1 -k
	until_ has a "$(st m1 STOPPED)"
	is "$(cat "$T/a")" "$(st m1 STARTING)
$(st m1 RUNNING)
$(st m1 STOPPING)
$(st m1 STOPPED)" "the stop tells STOPPING and STOPPED"
else
	"$CTBOX" stop -P "$P" -n m1 -k
	skip "no monitor PID in the state file"
	skip "no monitor PID"
	skip "no monitor PID"
fi

# -- SIGTERM: the monitor ends as killed, its socket goes --
kill -TERM "$mb"
until_ gone "$mb"
wait "$mb"
is "$?" 143 "SIGTERM: the monitor dies of it (143)"
is "$(socks)" 2 "and removed its socket"

# -- -Q: every monitor of the lxcpath exits 0 --
out=$("$CTBOX" monitor -P "$P" -Q 2>&1)
is "$?" 0 "-Q: exit 0"
is "$out" "" "and prints nothing"
ok "the monitors exit" until_ gone "$mc"
until_ gone "$ma"
wait "$ma"
is "$?" 0 "with status 0"
ok "and their sockets are gone, the directory too" until_ eval '! ls -d "$CTBOX_RUNDIR"/*/.monitor >/dev/null 2>&1'
out=$("$CTBOX" monitor -P "$P" -Q 2>&1)
is "$?" 1 "-Q with no monitor listening: exit 1 (LXC: no lxc-monitord)"
is "$out" "ctbox: monitor: no monitor is listening on '$P'" "and says so"
ok "-q silences that" test -z "$("$CTBOX" monitor -P "$P" -Q -q 2>&1)"

# -- errors --
out=$("$CTBOX" monitor -P "$P" -n 'a[' 2>&1)
is "$?" 1 "a bad regular expression: exit 1"
like "$out" "^ctbox: monitor: invalid regular expression 'a\[':" "and it is named"
out=$("$CTBOX" monitor -P relative 2>&1)
is "$?" 1 "a relative lxcpath: exit 1"
"$CTBOX" monitor -P "$P" extra >/dev/null 2>&1
is "$?" 1 "an operand: usage, exit 1"
ok "nothing left listening" test "$(socks)" = 0
done_testing
