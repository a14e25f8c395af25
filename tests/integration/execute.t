#!/bin/sh
# execute: an application container under ctbox's init (lxc-execute):
# exit statuses, signals, stdio passed through (binary-safe), a pty with a
# terminal, init as PID 1 reaping zombies, nothing left behind; the init
# applet alone; stop --nokill's timeout. Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" execute init start stop

ex() { "$CTBOX" execute -P "$P" -n e1 "$@"; }
mkct e1

for code in 0 1 42; do
	ex -- sh -c "exit $code"
	is "$?" "$code" "the command's exit status $code is execute's"
done
ex -- sh -c 'kill -TERM $$'
is "$?" 143 "killed by SIGTERM: 128+15"
ex -- /no/such/command 2>"$T/err"
is "$?" 127 "a command that does not exist: 127"
like "$(cat "$T/err")" "can't execute '/no/such/command'" "and init says which"
is "$(echo hi | ex -- cat)" hi "without a terminal, stdin passes straight through"
head -c 1048576 /dev/urandom > "$T/blob"
ex -- cat < "$T/blob" > "$T/blob.out"
ok "1 MiB of binary data passes unchanged" cmp -s "$T/blob" "$T/blob.out"
is "$(ex -- sh -c 'cat /proc/1/cmdline | tr "\0" " "')" "init -- sh -c cat /proc/1/cmdline | tr \"\\0\" \" \" " \
	"PID 1 is ctbox's init, running the command"
is "$(ex -- sh -c 'readlink /proc/1/exe')" "/memfd:ctbox (deleted)" "init runs from a sealed copy of ctbox"
is "$(ex -- sh -c 'echo $$')" 2 "the command is PID 2"
# Orphans re-parented to init are reaped: no zombie remains.
out=$(ex -- sh -c '(sleep 0.2 &) ; sleep 0.5; ps -o stat,comm | grep -c "^Z" || true')
is "$out" 0 "init reaps orphaned zombies"
is "$(state e1)" STOPPED "the container is STOPPED afterwards"
is "$(ls "$CTBOX_RUNDIR"/*/e1 2>/dev/null | tr '\n' ' ')" "lock " "nothing left in the run dir"
is "$(find /sys/fs/cgroup -maxdepth 2 -name 'lxc.*.e1*' 2>/dev/null)" "" "no cgroup left"
"$CTBOX" execute -P "$P" -n e1 -- sleep 100 &
epid=$!
sleep 1
kill -TERM "$epid"
wait "$epid"
is "$?" 143 "SIGTERM to execute reaches the command through init"

if command -v script >/dev/null; then
	out=$(sleep 2 | script -qc "'$CTBOX' execute -P '$P' -n e1 -- sh -c 'test -t 0 && tty'" /dev/null | tr -d '\r')
	is "$out" /dev/console "with a terminal: the command gets the console pty"
else
	skip "script(1) is not installed"
fi

printf 'lxc.execute.cmd = /bin/sh -c "exit 7"\n' >> "$P/e1/config"
ex
is "$?" 7 "no command: lxc.execute.cmd"

# -- the init applet alone: a child subreaper --
ln -s "$CTBOX" "$T/init"
"$T/init" -- sh -c 'exit 5'
is "$?" 5 "init alone: the command's status"
is "$("$T/init" sh -c '(sleep 0.1 &); sleep 0.3; echo done')" done "init alone reaps what its command left"

# -- stop --nokill gives up after -t --
mkct e2 "lxc.init.cmd = /bin/sh -c 'trap \"\" USR1 PWR TERM; while :; do sleep 1; done'" \
	"lxc.signal.halt = SIGUSR1"
"$CTBOX" start -P "$P" -n e2
"$CTBOX" stop -P "$P" -n e2 --nokill -t 1 2>"$T/err"
is "$?" 1 "stop --nokill -t 1 on an init that ignores its halt signal exits 1"
like "$(cat "$T/err")" "did not stop within 1 seconds" "and says so"
is "$(state e2)" STOPPING "the container is still there (STOPPING)"
"$CTBOX" stop -P "$P" -n e2 -k
is "$(state e2)" STOPPED "stop -k ends it"

done_testing
