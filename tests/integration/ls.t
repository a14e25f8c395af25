#!/bin/sh
# ls against the layouts lxc-ls (LXC 5.0.2) prints for the same lxcpath:
# plain names, -1, --fancy and -F tables with their padding and trailing
# blanks, state and group filters, a REGEX, --json, empty and missing
# lxcpaths, hidden in-progress directories, errors. Root only (one
# container runs).
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
CT_INIT="/probe sleep 1000"
. "$CTBOX_SRC/tests/integration/ct.sh" ls start stop
# lines A B ...: the arguments one a line (what $(...) of a listing gives).
lines() { printf '%s\n' "$@"; }
ls_() { "$CTBOX" ls -P "$P" "$@"; }

mkct a1 "lxc.start.auto = 1" "lxc.group = web" "lxc.group = db"
mkct b2 "lxc.group = web"
mkct c3
mkct longername "lxc.start.auto = 0"
# Not containers: an in-progress creation and a directory without config.
mkdir -p "$P/.x.create.123" "$P/notacontainer"
touch "$P/.x.create.123/config"

ok "start c3" "$CTBOX" start -P "$P" -n c3
pid=$("$CTBOX" info -P "$P" -n c3 -p | awk '{ print $2 }')

# -- plain names: not a terminal, each padded to the longest (at least 4) --
out=$(ls_)
is "$?" 0 "ls exits 0"
is "$out" "$(lines 'a1        ' 'b2        ' 'c3        ' 'longername')" \
	"plain names, one a line, padded as lxc-ls pads them"
is "$(ls_ -1)" "$(lines a1 b2 c3 longername)" "-1: one bare name a line"
is "$(ls_ --line)" "$(lines a1 b2 c3 longername)" "--line"
is "$(ls_ --running)" "c3  " "a short list is padded to the width of NAME"
if command -v script >/dev/null 2>&1; then
	out=$(script -qc "stty cols 25; '$CTBOX' ls -P '$P'" /dev/null | tr -d '\r')
	is "$out" "$(lines 'a1         b2        ' 'c3         longername')" \
		"on a 25-column terminal: columns as lxc-ls lays them out"
	out=$(script -qc "stty cols 80; '$CTBOX' ls -P '$P'" /dev/null | tr -d '\r')
	is "$out" "a1         b2         c3         longername " "on an 80-column terminal: one line"
else
	skip "no script(1) for a terminal"
	skip "no script(1) for a terminal"
fi

# -- --fancy: every column padded to its widest cell, then one blank --
is "$(ls_ --fancy)" "$(lines \
	'NAME       STATE   AUTOSTART GROUPS  IPV4 IPV6 UNPRIVILEGED ' \
	'a1         STOPPED 1         web, db -    -    false        ' \
	'b2         STOPPED 0         web     -    -    false        ' \
	'c3         RUNNING 0         -       -    -    false        ' \
	'longername STOPPED 0         -       -    -    false        ')" \
	"--fancy: lxc-ls's columns, widths and trailing blanks"
is "$(ls_ -f --stopped -g web)" "$(lines \
	'NAME STATE   AUTOSTART GROUPS  IPV4 IPV6 UNPRIVILEGED ' \
	'a1   STOPPED 1         web, db -    -    false        ' \
	'b2   STOPPED 0         web     -    -    false        ')" \
	"--fancy of a filtered list: widths from what is shown"
w=${#pid}
[ "$w" -lt 3 ] && w=3
is "$(ls_ -f -F NAME,STATE,PID)" "$(printf "%-10s %-7s %-${w}s \n" NAME STATE PID \
	a1 STOPPED - b2 STOPPED - c3 RUNNING "$pid" longername STOPPED -)" \
	"-F NAME,STATE,PID: the PID of the running one, '-' for the others"
is "$(ls_ -f -F name,state --running)" "$(lines 'NAME STATE   ' 'c3   RUNNING ')" \
	"-F takes column names in any case"
is "$(ls_ -F NAME,AUTOSTART --running)" "$(lines 'NAME AUTOSTART ' 'c3   0         ')" \
	"-F alone gives the table (lxc-ls would want -f too)"
out=$(ls_ -f --frozen)
is "$?:$out" "0:" "--fancy with nothing to show prints nothing, not even a header (as lxc-ls)"

# -- filters --
is "$(ls_ -1 --running)" "c3" "--running"
is "$(ls_ -1 --stopped)" "$(lines a1 b2 longername)" "--stopped"
is "$(ls_ -1 --active)" "c3" "--active"
is "$(ls_ -1 --frozen)" "" "--frozen: none"
is "$(ls_ -1 -g web)" "$(lines a1 b2)" "-g web"
is "$(ls_ -1 -g db)" "a1" "-g db"
is "$(ls_ -1 -g web,db)" "a1" "-g web,db: containers in all of the groups (as lxc-ls)"
is "$(ls_ -1 --groups db,web)" "a1" "--groups db,web"
is "$(ls_ -1 -g nope)" "" "-g with a group nobody is in: nothing"
is "$(ls_ -1 '^[ab]')" "$(lines a1 b2)" "a REGEX operand"
is "$(ls_ -1 '3|long')" "$(lines c3 longername)" "an extended REGEX"
is "$(ls_ -1 --filter '^b')" "b2" "--filter REGEX"
is "$(ls_ -1 --running '^a')" "" "REGEX and --running together"

# -- --json --
out=$(ls_ --json)
ok "--json is valid JSON" sh -c 'printf "%s" "$1" | python3 -m json.tool >/dev/null' - "$out"
is "$(printf '%s' "$out" | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    print(o["name"], o["state"], o["autostart"], o["groups"], o["unprivileged"])')" \
	"$(lines 'a1 STOPPED 1 web, db false' 'b2 STOPPED 0 web false' 'c3 RUNNING 0 - false' \
		'longername STOPPED 0 - false')" "--json: the table's columns as keys"
is "$(ls_ --json -F NAME,PID --running)" "[{\"name\": \"c3\", \"pid\": \"$pid\"}]" "--json with -F"
is "$(ls_ --json -g nope)" "[]" "--json of nothing: []"

# -- hidden, empty, missing --
is "$(ls_ -1 | grep -c 'create\|notacontainer')" 0 "neither .x.create.123 (in progress) nor a directory without config is listed"
mkdir -p "$T/empty"
out=$("$CTBOX" ls -P "$T/empty" 2>&1)
is "$?:$out" "0:" "an empty lxcpath: nothing, exit 0"
out=$("$CTBOX" ls -P "$T/empty" -f 2>&1)
is "$?:$out" "0:" "an empty lxcpath, --fancy: nothing, exit 0"
out=$("$CTBOX" ls -P "$T/missing" -f 2>&1)
is "$?:$out" "0:" "a missing lxcpath: nothing, exit 0 (as lxc-ls)"
ok "the missing lxcpath is not created" test ! -e "$T/missing"

# -- errors --
out=$(ls_ '(' 2>&1)
is "$?" 1 "a bad REGEX exits 1 (lxc-ls would list everything)"
is "$out" "ctbox: ls: invalid regular expression '(': unmatched '('" "and says why"
out=$(ls_ -f -F NAME,BOGUS 2>&1)
is "$?" 1 "an unknown column exits 1"
like "$out" "^ctbox: ls: unknown column 'BOGUS'" "and names it"
out=$(ls_ -n a1 2>&1)
is "$?" 1 "-n is refused"
out=$(ls_ a b 2>&1)
is "$?" 1 "two operands are refused"

ok "stop c3" "$CTBOX" stop -P "$P" -n c3 -k
is "$(ls_ -1 --running)" "" "nothing running any more"
done_testing
