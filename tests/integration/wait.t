#!/bin/sh
# wait, as lxc-wait (LXC 5.0.2) behaves: 0 at once when the container is
# already in a state; waits for a change made meanwhile; -t gives up with
# exit 1; 'A|B' state lists; a bad state name is an error. Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
CT_INIT="/probe sleep 1000"
. "$CTBOX_SRC/tests/integration/ct.sh" wait info start stop
bgpids=""
at_exit 'for p in $bgpids; do kill "$p" 2>/dev/null; done'
wait_() { "$CTBOX" wait -P "$P" "$@"; }
state() { "$CTBOX" info -P "$P" -n "$1" -s | awk '{ print $2 }'; }
# now_ms: milliseconds since the epoch.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

mkct w1

# -- already there --
t0=$(now_ms)
wait_ -n w1 -s STOPPED
is "$?" 0 "STOPPED container, -s STOPPED: exit 0"
ok "at once (under 2 s)" test $(( $(now_ms) - t0 )) -lt 2000
ok "-s 'RUNNING|STOPPED': exit 0" wait_ -n w1 -s 'RUNNING|STOPPED' -t 0
ok "--name --state --timeout long forms" wait_ --name w1 --state STOPPED --timeout 0

# -- timeout --
t0=$(now_ms)
wait_ -n w1 -s RUNNING -t 1
is "$?" 1 "-t 1 while it stays STOPPED: exit 1"
dt=$(( $(now_ms) - t0 ))
ok "after about 1 s ($dt ms)" test "$dt" -ge 900 -a "$dt" -lt 10000
wait_ -n w1 -s 'RUNNING|FROZEN' -t 0
is "$?" 1 "-t 0: one look, exit 1 when not there"
wait_ -n nope -s RUNNING -t 0
is "$?" 1 "an unknown container never runs: exit 1 after -t"

# -- a change while waiting --
( sleep 1; "$CTBOX" start -P "$P" -n w1 ) &
bgpids="$bgpids $!"
t0=$(now_ms)
wait_ -n w1 -s RUNNING -t 30
is "$?" 0 "waits for a start made meanwhile: exit 0"
dt=$(( $(now_ms) - t0 ))
ok "it did wait for it ($dt ms)" test "$dt" -ge 500
is "$(state w1)" RUNNING "and the container runs"
wait
ok "RUNNING container, -s 'STOPPED|RUNNING|FROZEN'" wait_ -n w1 -s 'STOPPED|RUNNING|FROZEN' -t 0
wait_ -n w1 -s 'STOPPED|FROZEN' -t 0
is "$?" 1 "RUNNING container, -s 'STOPPED|FROZEN' -t 0: exit 1"

( sleep 1; "$CTBOX" stop -P "$P" -n w1 -k ) &
bgpids="$bgpids $!"
wait_ -n w1 -s 'FROZEN|STOPPED' -t 30
is "$?" 0 "waits for a stop made meanwhile, with 'FROZEN|STOPPED'"
is "$(state w1)" STOPPED "and the container is stopped"
wait

# -- errors --
out=$(wait_ -n w1 -s BOGUS -t 0 2>&1)
is "$?" 1 "a bad state name: exit 1"
is "$out" "ctbox: wait: unknown state 'BOGUS'" "and it is named"
out=$(wait_ -n w1 -s 'RUNNING|BOGUS' -t 0 2>&1)
is "$?" 1 "a bad name among good ones: exit 1"
out=$(wait_ -n w1 -t 0 2>&1)
is "$?" 1 "no -s: exit 1"
like "$out" "no state given" "and says so"
out=$(wait_ -s STOPPED -t 0 2>&1)
is "$?" 1 "no -n: exit 1"
out=$(wait_ -n w1 -s STOPPED -t soon 2>&1)
is "$?" 1 "a bad -t: exit 1"
done_testing
