#!/bin/sh
# info against what lxc-info (LXC 5.0.2) prints: the full layout with its
# padded labels, -s, -p, -c KEY lines, -H, --json, a stopped container (no
# PID line), an unknown container or key. Root only (one container runs).
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
CT_INIT="/probe sleep 1000"
. "$CTBOX_SRC/tests/integration/ct.sh" info start stop
lines() { printf '%s\n' "$@"; }
info() { "$CTBOX" info -P "$P" "$@"; }

mkct i1 "lxc.start.delay = 3"
mkct i2

ok "start i1" "$CTBOX" start -P "$P" -n i1
pid=$(info -n i1 -p | awk '{ print $2 }')
ok "info -p gives a live PID ($pid)" test -d "/proc/$pid"

# -- the full layout: labels padded to 15 columns, then a blank --
out=$(info -n i1)
is "$?" 0 "info exits 0"
is "$(printf '%s\n' "$out" | head -n 3)" "$(lines 'Name:           i1' 'State:          RUNNING' "PID:            $pid")" \
	"running: Name, State, PID as lxc-info lays them out"
# then its resource use, in lxc-info's units (from the container's cgroups)
like "$out" "CPU use:        [0-9]+\.[0-9][0-9] seconds" "CPU use in seconds"
like "$out" "Memory use:     [0-9]+(\.[0-9][0-9] [KMG]iB| bytes)" "Memory use in KiB/MiB"
like "$out" "BlkIO use:      [0-9]" "BlkIO use"
stats=$(info -n i1 -S -H)
like "$stats" "^CPU use:        [0-9]+$" "-S -H: CPU use in raw nanoseconds"
like "$stats" "Memory use:     [0-9]+$" "-S -H: Memory use in raw bytes"
mem=$(printf '%s\n' "$stats" | awk '/^Memory use/ { print $3 }')
ok "and it is the container's memory use ($mem bytes, from 64 KiB to 64 MiB)" \
	test "$mem" -gt 65536 -a "$mem" -lt 67108864
out=$(info -n i2)
is "$out" "$(lines 'Name:           i2' 'State:          STOPPED')" "stopped: no PID line"
is "$(info --name=i2)" "$(lines 'Name:           i2' 'State:          STOPPED')" "--name=NAME"

# -- single fields keep their labels --
is "$(info -n i1 -s)" "State:          RUNNING" "-s"
is "$(info -n i1 -p)" "PID:            $pid" "-p"
is "$(info -n i1 -p -s)" "$(lines 'State:          RUNNING' "PID:            $pid")" \
	"-p -s: State first, whatever the order of the options"
out=$(info -n i2 -p)
is "$?:$out" "0:" "-p of a stopped container: nothing, exit 0"
is "$(info -n i2 --state)" "State:          STOPPED" "--state of a stopped one"

# -- configuration keys --
is "$(info -n i1 -c lxc.uts.name)" "lxc.uts.name = i1" "-c KEY: 'KEY = VALUE'"
is "$(info -n i1 -c lxc.uts.name -c lxc.start.delay)" "$(lines 'lxc.uts.name = i1' 'lxc.start.delay = 3')" \
	"-c twice: both, in the order given"
is "$(info -n i1 -c lxc.start.order)" "lxc.start.order = 0" "-c of a key left at its default"
is "$(info -n i1 -c lxc.hook.start)" "lxc.hook.start =" "-c of an empty key: 'KEY =' (no trailing blank)"
is "$(info -n i1 -s -c lxc.uts.name)" "$(lines 'State:          RUNNING' 'lxc.uts.name = i1')" \
	"-s with -c: State, then the keys (as lxc-info)"
is "$(info -n i1 -H -c lxc.uts.name)" "i1" "-H with one key: the bare value"
is "$(info -n i1 -H -c lxc.uts.name -c lxc.start.delay)" "$(lines 'lxc.uts.name = i1' 'lxc.start.delay = 3')" \
	"-H with two keys: KEY = VALUE"
info -n i1 -c lxc.uts.name -c lxc.bogus -c lxc.start.delay >"$T/o" 2>"$T/e"
is "$?" 1 "an unknown key exits 1 (lxc-info exits 0)"
is "$(cat "$T/o")" "$(lines 'lxc.uts.name = i1' 'lxc.start.delay = 3')" "the other keys are still printed"
like "$(cat "$T/e")" "^ctbox: info: .*lxc\\.bogus" "the unknown key is named on stderr"

# -- --json --
out=$(info -n i1 --json)
ok "--json is valid JSON" sh -c 'printf "%s" "$1" | python3 -m json.tool >/dev/null' - "$out"
is "$out" "{\"name\": \"i1\", \"state\": \"RUNNING\", \"pid\": $pid}" "--json of a running one"
is "$(info -n i2 --json)" '{"name": "i2", "state": "STOPPED"}' "--json of a stopped one: no pid"
out=$(info -n i1 --json -c lxc.uts.name -c lxc.hook.start)
ok "--json with -c is valid JSON" sh -c 'printf "%s" "$1" | python3 -m json.tool >/dev/null' - "$out"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["config"]; print(c["lxc.uts.name"], repr(c["lxc.hook.start"]))')" \
	"i1 ''" "--json -c: the keys under \"config\""

# -- errors --
info -n nope >"$T/o" 2>"$T/e"
is "$?" 1 "an unknown container exits 1 (as lxc-info)"
is "$(cat "$T/e")" "ctbox: info: nope doesn't exist" "with lxc-info's words"
is "$(cat "$T/o")" "" "and nothing on stdout"
out=$(info 2>&1)
is "$?" 1 "no -n: exit 1"
out=$(info -n i1 extra 2>&1)
is "$?" 1 "an operand is refused"

ok "stop i1" "$CTBOX" stop -P "$P" -n i1 -k
is "$(info -n i1)" "$(lines 'Name:           i1' 'State:          STOPPED')" "after stop: STOPPED, no PID"
# stop -k answers once the group is empty; the monitor reaps the zombie
# an instant later.
for i in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
ok "the init is gone" test ! -d "/proc/$pid"
done_testing
