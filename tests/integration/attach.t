#!/bin/sh
# attach: a command inside a running container, through its namespaces;
# stdio, exit status, signals, pty, namespaces subset, user, environment,
# capabilities, the sealed re-exec. Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop attach

mkct a1 "lxc.init.cmd = /probe sleep 1000" "lxc.environment = FROMCONF=yes"
ok "start a container to attach to" "$CTBOX" start -P "$P" -n a1
at() { "$CTBOX" attach -P "$P" -n a1 "$@"; }

is "$(at -- hostname)" a1 "a command runs in the container's UTS namespace"
is "$(at -- cat /proc/1/cmdline | tr '\0' ' ')" "/probe sleep 1000 " "and sees the container's init as PID 1"
is "$(echo hi | at -- cat)" hi "stdin passes through without a terminal"
head -c 1048576 /dev/urandom > "$T/blob"
at -- cat < "$T/blob" > "$T/blob.out"
ok "1 MiB of binary data passes unchanged" cmp -s "$T/blob" "$T/blob.out"
at -- sh -c 'exit 7'
is "$?" 7 "the command's exit status is attach's"
at -- sh -c 'kill -KILL $$'
is "$?" 137 "killed by a signal: 128+N"
at -- sleep 100 &
apid=$!
sleep 0.5
kill -USR1 "$apid"
wait "$apid"
is "$?" 138 "SIGUSR1 is forwarded to the command"
is "$(at -- sh -c 'echo $container')" lxc "container=lxc in its environment"
is "$(at -- sh -c 'echo $FROMCONF')" yes "lxc.environment applies"
is "$(FOO=kept at -- sh -c 'echo $FOO')" kept "the caller's environment is kept by default"
is "$(FOO=gone at --clear-env -- sh -c 'echo ${FOO:-cleared}')" cleared "--clear-env clears it"
is "$(FOO=kept at --clear-env --keep-var FOO -- sh -c 'echo $FOO')" kept "--keep-var keeps one"
is "$(at -v BAR=set -- sh -c 'echo $BAR')" set "-v VAR=VALUE"
is "$(at -u 1000 -g 1000 -- sh -c 'echo $(id -u):$(id -g)')" "1000:1000" "-u and -g"
capbnd=$(at -- sh -c 'grep CapBnd /proc/self/status' | awk '{ print $2 }')
ok "the container's bounding set applies ($capbnd lacks sys_module)" sh -c "[ \$(( 0x$capbnd & (1<<16) )) = 0 ]"
capbnd=$(at -e -- sh -c 'grep CapBnd /proc/self/status' | awk '{ print $2 }')
ok "-e keeps capabilities ($capbnd has sys_module)" sh -c "[ \$(( 0x$capbnd & (1<<16) )) != 0 ]"
is "$(at -s UTSNAME -- hostname)" a1 "-s UTSNAME joins only that"
ok "-s UTSNAME keeps the host's mounts" sh -c "'$CTBOX' attach -P '$P' -n a1 -s UTSNAME -- test -e '$T/blob'"
is "$(at -- sh -c 'readlink /proc/$$/exe' 2>/dev/null)" "/bin/busybox" "the command is the container's own binary"
ok "attach itself runs from a sealed memfd" sh -c "'$CTBOX' attach -P '$P' -n a1 -- sleep 2 & sleep 0.5; readlink /proc/\$!/exe | grep -q '^/memfd:'; r=\$?; wait; exit \$r"

if command -v script >/dev/null; then
	# script's stdin stays open (no end-of-file character typed ahead
	# into the pty, which the pty would echo).
	out=$(sleep 2 | script -qc "'$CTBOX' attach -P '$P' -n a1 -- sh -c 'test -t 0 && tty'" /dev/null | tr -d '\r')
	like "$out" "^/dev/pts/[0-9]+$" "with a terminal: a pty of the container's devpts"
	script -qc "'$CTBOX' attach -P '$P' -n a1 -L '$T/pty.log' -- echo logged" /dev/null >/dev/null
	ok "-L copies the pty's output" grep -q logged "$T/pty.log"
else
	skip "no script(1)"
	skip "no script(1)"
fi

for code in 0 1 42; do
	at -- sh -c "exit $code"
	is "$?" "$code" "exit status $code passes through"
done
at -- /no/such/command 2>/dev/null
is "$?" 127 "a command that does not exist: 127"
is "$(at -s NETWORK -- sh -c 'grep -c : /proc/net/dev')" 1 "-s NETWORK: the container's interfaces (lo only)"
ok "-s NETWORK: but the host's PID namespace" sh -c "'$CTBOX' attach -P '$P' -n a1 -s NETWORK -- sh -c 'test \$\$ -gt 1000 || test -d /proc/$$'"
"$CTBOX" attach -P "$P" -n a1 -- sleep 2 &
apid=$!
sleep 0.5
ok "the attaching process's exe cannot be opened for writing" sh -c "! (echo x >> /proc/$apid/exe) 2>/dev/null"
wait "$apid"
i=0
while [ $i -lt 100 ]; do
	at -- sh -c 'echo ok' > "$T/conc.$i" 2>&1 &
	i=$((i + 1))
done
wait
is "$(cat "$T"/conc.* | grep -c '^ok$')" 100 "100 concurrent attaches all succeed"
if command -v script >/dev/null; then
	out=$(sleep 2 | script -qc "stty rows 33 cols 111; '$CTBOX' attach -P '$P' -n a1 -- busybox stty size" /dev/null | tr -d '\r')
	is "$out" "33 111" "the pty inside gets the caller's window size"
else
	skip "no script(1)"
fi

# A container with a user namespace: attach becomes its root (the host's
# root is unmapped there), and its lxcpath may be private (0700).
if [ -e /proc/self/uid_map ] && unshare -U true 2>/dev/null; then
	mkct u1 "lxc.init.cmd = /probe sleep 1000" "lxc.idmap = u 0 100000 65536" "lxc.idmap = g 0 100000 65536"
	chmod 711 "$T"; chmod 700 "$P"
	ok "start a container with lxc.idmap" "$CTBOX" start -P "$P" -n u1
	au() { "$CTBOX" attach -P "$P" -n u1 "$@"; }
	is "$(au -- sh -c 'echo $(id -u):$(id -g)')" "0:0" "attach is root in its user namespace"
	like "$(au -- cat /proc/self/uid_map)" "^ *0 +100000 +65536$" "with the container's uid_map"
	capeff=$(au -- sh -c 'grep CapEff /proc/self/status' | awk '{ print $2 }')
	ok "and its capabilities there ($capeff has sys_admin)" sh -c "[ \$(( 0x$capeff & (1<<21) )) != 0 ]"
	is "$(au -u 1000 -g 1000 -- sh -c 'echo $(id -u):$(id -g)')" "1000:1000" "-u and -g map inside"
	is "$(echo hi | au -- cat)" hi "stdin passes through"
	au -- sh -c 'exit 9'
	is "$?" 9 "the exit status"
	is "$(au -s NETWORK -- cat /proc/self/uid_map | awk '{ print $2 }')" 0 "-s NETWORK alone stays in the host's user namespace"
	ok "stop it" "$CTBOX" stop -P "$P" -n u1 -k
else
	skip "no user namespaces here"
fi

out=$(at -s BOGUS -- true 2>&1)
is "$?" 1 "an unknown namespace is an error"
like "$out" "unknown namespace 'BOGUS'" "and names it"
"$CTBOX" stop -P "$P" -n a1 -k
out=$(at -- true 2>&1)
is "$?" 1 "attach to a stopped container fails"
like "$out" "is not running" "and says so"
done_testing
