#!/bin/sh
# autostart: which containers -L lists, in what order (lxc.start.order,
# highest first, as in the LXC 1.0 blog post; groups one after the other
# in the order given, as lxc-autostart(1) says), then real starts with
# lxc.start.delay between them, running ones skipped, -s and -k. Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
CT_INIT="/probe sleep 1000"
. "$CTBOX_SRC/tests/integration/ct.sh" autostart info start stop
at_exit 'for d in "$T/lxc2"/*/; do [ -d "$d" ] && "$CTBOX" stop -P "$T/lxc2" -n "$(basename "$d")" -k >/dev/null 2>&1; done'

# mkin LXCPATH NAME [CONFIG LINES...]: mkct into another lxcpath.
mkin() {
	_p=$P
	P=$1
	shift
	mkct "$@"
	P=$_p
}
# mkcf LXCPATH NAME [CONFIG LINES...]: a config only (for -L).
mkcf() {
	p=$1 n=$2
	shift 2
	mkdir -p "$p/$n"
	{ echo "lxc.uts.name = $n"; for l in "$@"; do echo "$l"; done; } > "$p/$n/config"
}
lines() { printf '%s\n' "$@"; }
L() { "$CTBOX" autostart -P "$P" -L "$@"; }
state() { "$CTBOX" info -P "$2" -n "$1" -s | awk '{ print $2 }'; }

# -- what -L lists --
mkcf "$P" first "lxc.start.auto = 1" "lxc.start.order = 10" "lxc.start.delay = 2"
mkcf "$P" second "lxc.start.auto = 1" "lxc.start.order = 5"
mkcf "$P" third "lxc.start.auto = 1" "lxc.start.order = 5" "lxc.start.delay = 1"
mkcf "$P" neg "lxc.start.auto = 1" "lxc.start.order = -3"
mkcf "$P" noauto "lxc.start.order = 100"
mkcf "$P" off "lxc.start.auto = 0" "lxc.start.order = 99"
mkcf "$P" webauto "lxc.start.auto = 1" "lxc.group = web" "lxc.start.order = 50"
mkcf "$P" dbauto "lxc.start.auto = 1" "lxc.group = db" "lxc.start.order = 60"
mkcf "$P" both "lxc.start.auto = 1" "lxc.group = web" "lxc.group = db" "lxc.start.order = 1"
mkcf "$P" webnoauto "lxc.group = web" "lxc.start.order = 70"
mkdir -p "$P/.new.create.99"
echo "lxc.start.auto = 1" > "$P/.new.create.99/config"

out=$(L)
is "$?" 0 "-L exits 0"
is "$out" "$(lines 'first 2' 'second 0' 'third 1' 'neg 0')" \
	"-L: lxc.start.auto = 1 in no group, highest order first, ties by name; NAME DELAY"
is "$(L -a)" "$(lines 'dbauto 0' 'webauto 0' 'first 2' 'second 0' 'third 1' 'both 0' 'neg 0')" \
	"-a: every auto one, whatever its groups"
is "$(L -A)" "$(lines 'noauto 0' 'off 0' 'first 2' 'second 0' 'third 1' 'neg 0')" \
	"-A: the ones in no group, auto or not"
is "$(L -a -A)" "$(lines 'noauto 0' 'off 0' 'webnoauto 0' 'dbauto 0' 'webauto 0' 'first 2' \
	'second 0' 'third 1' 'both 0' 'neg 0')" "-a -A: every container"
is "$(L -g web)" "$(lines 'webauto 0' 'both 0')" "-g web: its auto members"
is "$(L --groups db)" "$(lines 'dbauto 0' 'both 0')" "--groups db"
is "$(L -g web -A)" "$(lines 'webnoauto 0' 'webauto 0' 'both 0')" "-g web -A: its members, auto or not"
is "$(L -g web,db)" "$(lines 'webauto 0' 'both 0' 'dbauto 0')" \
	"-g web,db: web's members, then db's not yet listed (as lxc-autostart)"
is "$(L -g db,web)" "$(lines 'dbauto 0' 'both 0' 'webauto 0')" "-g db,web: db's first"
is "$(L -g web -g db)" "$(L -g web,db)" "-g web -g db is -g web,db"
is "$(L -g web,)" "$(lines 'webauto 0' 'both 0' 'first 2' 'second 0' 'third 1' 'neg 0')" \
	"-g web, : web, then the NULL group"
is "$(L -g ,web)" "$(lines 'first 2' 'second 0' 'third 1' 'neg 0' 'webauto 0' 'both 0')" \
	"-g ,web : the NULL group, then web (lxc-autostart(1); LXC 5.0.2 drops web here)"
is "$(L -g web -g '')" "$(L -g web,)" "-g '' is the NULL group"
is "$(L -g nope)" "" "-g with a group nobody is in: nothing"
is "$(L -s)" "" "-L -s with nothing running: nothing"
is "$(L -k -a)" "" "-L -k -a with nothing running: nothing"
out=$("$CTBOX" autostart -P "$P" -L -s -k 2>&1)
is "$?" 1 "-s and -k together: exit 1"
out=$("$CTBOX" autostart -P "$T/nothing" -L 2>&1)
is "$?:$out" "0:" "a missing lxcpath: nothing to do"

# -- real starts: order, delay, skipped ones --
P2="$T/lxc2"
mkdir -p "$P2"
mkin "$P2" s1 "lxc.start.auto = 1" "lxc.start.order = 30" "lxc.start.delay = 1"
mkin "$P2" s2 "lxc.start.auto = 1" "lxc.start.order = 20" "lxc.start.delay = 1"
mkin "$P2" s3 "lxc.start.auto = 1" "lxc.start.order = 10" "lxc.start.delay = 10"
mkin "$P2" s4 "lxc.start.auto = 1" "lxc.start.order = 40"
mkin "$P2" manual "lxc.start.order = 50"
mkin "$P2" grouped "lxc.start.auto = 1" "lxc.group = g" "lxc.start.order = 60"

ok "start s4 by hand first" "$CTBOX" start -P "$P2" -n s4
s4pid=$("$CTBOX" info -P "$P2" -n s4 -p | awk '{ print $2 }')
is "$("$CTBOX" autostart -P "$P2" -L)" "$(lines 's1 1' 's2 1' 's3 10')" \
	"-L leaves out the running s4"
is "$("$CTBOX" autostart -P "$P2" -L -s)" "s4" "-L -s lists only the running s4"

t0=$(date +%s%N)
"$CTBOX" autostart -P "$P2" 2>"$T/err"
is "$?" 0 "autostart exits 0"
dt=$(( ($(date +%s%N) - t0) / 1000000 ))
is "$(cat "$T/err")" "" "and says nothing"
for c in s1 s2 s3 s4; do
	is "$(state $c "$P2")" RUNNING "$c runs"
done
is "$(state manual "$P2")" STOPPED "the one without lxc.start.auto stays stopped"
is "$(state grouped "$P2")" STOPPED "the one in a group stays stopped"
is "$("$CTBOX" info -P "$P2" -n s4 -p | awk '{ print $2 }')" "$s4pid" "the running s4 was left alone"
# When each init started: /proc/PID/stat field 22, in clock ticks.
hz=$(getconf CLK_TCK)
started() {
	pid=$("$CTBOX" info -P "$P2" -n "$1" -p | awk '{ print $2 }')
	sed 's/.*) //' "/proc/$pid/stat" | awk -v hz="$hz" '{ printf "%d\n", $20 * 1000 / hz }'
}
t1=$(started s1) t2=$(started s2) t3=$(started s3)
diag "inits started at s1=$t1 s2=$t2 s3=$t3 ms; autostart took $dt ms"
ok "s1 (order 30) before s2 (20), at least ~1 s before (delay 1)" test $((t2 - t1)) -ge 850
ok "s2 before s3 (10), at least ~1 s before (delay 1)" test $((t3 - t2)) -ge 850
ok "no wait after the last one (its delay is 10 s; took $dt ms)" test "$dt" -lt 9000
is "$("$CTBOX" autostart -P "$P2" -L)" "" "-L: nothing left to start"
"$CTBOX" autostart -P "$P2"
is "$?" 0 "a second autostart has nothing to do: exit 0"

# -- stopping --
is "$("$CTBOX" autostart -P "$P2" -L -s)" "$(lines s3 s2 s1 s4)" "-L -s: the running ones, reverse start order"
is "$("$CTBOX" autostart -P "$P2" -L -k -g g)" "" "-L -k -g g: the grouped one is not running"
ok "autostart -s -t 1 stops them" "$CTBOX" autostart -P "$P2" -s -t 1
for c in s1 s2 s3 s4; do
	is "$(state $c "$P2")" STOPPED "$c stopped"
done
ok "autostart -g g starts the grouped one" "$CTBOX" autostart -P "$P2" -g g
is "$(state grouped "$P2")" RUNNING "grouped runs"
is "$(state s1 "$P2")" STOPPED "and only it"
is "$("$CTBOX" autostart -P "$P2" -L -k -a)" "grouped" "-L -k -a: the running grouped one"
ok "autostart -k -a kills it" "$CTBOX" autostart -P "$P2" -k -a
is "$(state grouped "$P2")" STOPPED "grouped stopped"
ok "autostart -s with nothing running: exit 0" "$CTBOX" autostart -P "$P2" -s -t 1
done_testing
