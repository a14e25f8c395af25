#!/bin/sh
# start, stop, info, wait on real containers (root): the defaults a
# container gets, checked from inside by the probe; the monitor; faults.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop info wait

# This test's mounts (everything it makes lives under $T): other tests
# running on the machine at the same time change the host's total.
mounts_now() { grep -c -F "$T" /proc/self/mountinfo; }

base_mounts=$(mounts_now)

# -- a container whose init is the probe: the defaults, seen from inside --
mkct c1 "lxc.init.cmd = /probe sleep 1000" "lxc.console.logfile = $T/c1.console" \
	"lxc.mount.auto = cgroup:mixed"
out=$("$CTBOX" start -P "$P" -n c1 2>&1)
is "$?" 0 "start -d returns 0"
is "$out" "" "start prints nothing on success"
is "$(state c1)" "RUNNING" "info -s says RUNNING"
ok "wait -s RUNNING returns at once" "$CTBOX" wait -P "$P" -n c1 -s 'RUNNING|FROZEN' -t 5
pid=$("$CTBOX" info -P "$P" -n c1 -p | awk '{ print $2 }')
ok "info -p gives the init PID ($pid)" test -d "/proc/$pid"
info=$("$CTBOX" info -P "$P" -n c1)
like "$info" "^Name: +c1$" "info layout: Name"
like "$info" "State: +RUNNING" "info layout: State"
like "$info" "PID: +$pid" "info layout: PID"
ok "info --json" sh -c "'$CTBOX' info -P '$P' -n c1 --json | grep -q '\"state\": \"RUNNING\"'"
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q '^end=1' "$T/c1.console" 2>/dev/null && break; sleep 0.2; done
probe=$(tr -d '\r' < "$T/c1.console")
pv() { printf '%s\n' "$probe" | sed -n "s/^$1=//p" | head -n 1; }
is "$(pv pid)" 1 "init is PID 1 in its own PID namespace"
is "$(pv hostname)" c1 "lxc.uts.name is the host name"
is "$(pv container)" lxc "container=lxc in the environment"
is "$(pv ifaces)" "lo," "only lo in its own network namespace"
is "$(pv lo_up)" yes "lo is up"
if [ -e /proc/sysrq-trigger ]; then
	is "$(pv sysrq_writable)" "no-erofs" "proc:mixed: /proc/sysrq-trigger is read-only"
else
	is "$(pv sysrq_writable)" "no" "no /proc/sysrq-trigger on this kernel: not writable either"
fi
is "$(pv proc_sys_writable)" "no-erofs" "proc:mixed: /proc/sys is read-only"
is "$(pv console)" yes "/dev/console exists"
is "$(pv devnull)" yes "/dev/null is writable (autodev)"
ok "it sees only its own processes" test "$(pv pids)" -le 3
ok "the host's tree is not visible" sh -c "printf '%s\n' \"\$1\" | grep -q '^old_root_visible=no'" - "$probe"
capbnd=$(pv CapBnd)
# CAP_SYS_MODULE is bit 16, CAP_SYS_RAWIO 17, CAP_SYS_TIME 25 (LXC's default drops).
ok "sys_module, sys_rawio, sys_time dropped from the bounding set ($capbnd)" \
	sh -c "[ \$(( 0x$capbnd & ((1<<16)|(1<<17)|(1<<25)) )) = 0 ]"
ok "/sys is mounted read-only" sh -c "printf '%s\n' \"\$1\" | grep -q '^mount=sysfs /sys sysfs ro'" - "$probe"
if grep -q ' - cgroup ' /proc/self/mountinfo; then
	# v1 or hybrid host: a read-only tmpfs holding each hierarchy, writable
	# (the container's own groups, through its cgroup namespace)
	ok "cgroup:mixed: a read-only tmpfs at /sys/fs/cgroup" sh -c "printf '%s\n' \"\$1\" | grep -q '^mount=cgroup /sys/fs/cgroup tmpfs ro'" - "$probe"
	ok "and the host's v1 hierarchies in it, writable" sh -c "printf '%s\n' \"\$1\" | grep -Eq '^mount=cgroup /sys/fs/cgroup/[a-z]+ cgroup rw'" - "$probe"
else
	ok "cgroup:mixed: the container's cgroup2 hierarchy" sh -c "printf '%s\n' \"\$1\" | grep -q '^mount=cgroup2 /sys/fs/cgroup cgroup2 rw'" - "$probe"
fi
ok "a devpts instance at /dev/pts" sh -c "printf '%s\n' \"\$1\" | grep -q '^mount=devpts /dev/pts devpts'" - "$probe"
if [ -e /proc/self/ns/cgroup ]; then
	is "$(pv cgroup_root)" yes "init is at the root of its cgroup namespace in every hierarchy"
else
	skip "no cgroup namespaces in this kernel"
fi

mon=$(sed -n 's/^[A-Z]* [0-9]* [0-9]* \([0-9]*\).*/\1/p' "$CTBOX_RUNDIR"/*/c1/state)
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$mon/status")
diag "monitor VmRSS: $rss kB"
ok "the monitor stays small (VmRSS $rss kB < 2048 kB)" test "$rss" -lt 2048
ok "the monitor is named ctbox-monitor" grep -qx ctbox-monitor "/proc/$mon/comm"
# Idle, it keeps one page of ctbox's code (the rest is dropped, and the
# last code it runs before waiting is on a page it keeps); requests bring
# pages back, and a second later they are dropped again.
sleep 1.2
text() { awk -v exe="$(readlink "/proc/$mon/exe")" '/^[0-9a-f]+-[0-9a-f]+ / { x = $2 == "r-xp" && $6 == exe; next } x && /^Rss:/ { s += $2 } END { print s + 0 }' "/proc/$mon/smaps"; }
t1=$(text)
ok "idle, the monitor keeps at most 8 kB of code resident ($t1 kB)" test "$t1" -le 8
i=0; while [ $i -lt 20 ]; do "$CTBOX" info -P "$P" -n c1 >/dev/null; i=$((i + 1)); done
sleep 1.5
rss2=$(awk '/^VmRSS/ { print $2 }' "/proc/$mon/status")
ok "and does not grow after 20 requests ($rss -> $rss2 kB)" test "$rss2" -le "$((rss + 16))"

out=$("$CTBOX" start -P "$P" -n c1 2>&1)
is "$?" 1 "starting a running container fails"
is "$out" "ctbox: start: container 'c1' is already running" "and says so"

ok "stop -t 1 stops an init that ignores its halt signal" "$CTBOX" stop -P "$P" -n c1 -t 1
is "$(state c1)" "STOPPED" "info -s says STOPPED"
ok "the init process is gone" test ! -d "/proc/$pid"
out=$("$CTBOX" stop -P "$P" -n c1 2>&1)
is "$?" 2 "stopping a stopped container exits 2"
is "$out" "ctbox: stop: 'c1' is not running" "and says so"
is "$(ls "$CTBOX_RUNDIR"/*/c1 2>/dev/null | tr '\n' ' ')" "lock " "only the lock file stays in the run dir"

# -- no cgroup mounts, no hooks: init sets up its file systems while the
# monitor makes and joins its groups; it still runs in them, at the root
# of its own cgroup namespace --
mkct c10 "lxc.init.cmd = /probe sleep 1000" "lxc.console.logfile = $T/c10.console"
ok "a container without cgroup mounts starts" "$CTBOX" start -P "$P" -n c10
pid=$("$CTBOX" info -P "$P" -n c10 -p | awk '{ print $2 }')
# (c10-1 ... when a test running meanwhile has a c10 of its own)
is "$(grep -Evc ':/lxc\.payload\.c10(-[0-9]+)?$' "/proc/$pid/cgroup")" 0 "its init is in the container's group in every hierarchy"
[ "$(grep -Evc ':/lxc\.payload\.c10(-[0-9]+)?$' "/proc/$pid/cgroup")" = 0 ] || diag "$(cat "/proc/$pid/cgroup")" >&2
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q '^end=1' "$T/c10.console" 2>/dev/null && break; sleep 0.2; done
probe=$(tr -d '\r' < "$T/c10.console")
if [ -e /proc/self/ns/cgroup ]; then
	is "$(pv cgroup_root)" yes "and at the root of its cgroup namespace"
else
	skip "no cgroup namespaces in this kernel"
fi
is "$(pv pid)" 1 "init is PID 1"
ok "/sys is mounted read-only" sh -c "printf '%s\n' \"\$1\" | grep -q '^mount=sysfs /sys sysfs ro'" - "$probe"
is "$(pv lo_up)" yes "lo is up"
ok "stop -k" "$CTBOX" stop -P "$P" -n c10 -k

# -- busybox init: a clean stop with its halt signal --
mkct c2 "lxc.init.cmd = /sbin/init" "lxc.signal.halt = SIGUSR1" "lxc.signal.reboot = SIGTERM"
printf '::sysinit:/bin/echo booted\n::respawn:/bin/sleep 1000\n' > "$P/c2/rootfs/etc/inittab"
ok "start busybox init" "$CTBOX" start -P "$P" -n c2
t0=$(date +%s)
ok "stop halts it with SIGUSR1" "$CTBOX" stop -P "$P" -n c2 -t 20
t1=$(date +%s)
ok "the clean stop did not need the timeout" test $((t1 - t0)) -lt 15
is "$(state c2)" "STOPPED" "busybox container STOPPED"

# -- a halt signal sent before init handles it is held, not lost --
# (a namespace's init gets a signal from outside only once it has a
# handler: this one installs it 2 s after start has answered)
mkct c9 "lxc.init.cmd = /bin/sh -c 'sleep 2; trap \"exit 0\" USR1; while :; do sleep 0.1; done'" \
	"lxc.signal.halt = SIGUSR1"
ok "start an init that handles SIGUSR1 only after 2 s" "$CTBOX" start -P "$P" -n c9
t0=$(date +%s)
ok "stop at once" "$CTBOX" stop -P "$P" -n c9 -t 40
t1=$(date +%s)
ok "the halt reached it once it handled it, not the 40 s timeout ($((t1 - t0)) s)" test $((t1 - t0)) -lt 30
is "$(state c9)" "STOPPED" "... STOPPED"

# -- reboot: the monitor starts init again --
ok "start busybox init again" "$CTBOX" start -P "$P" -n c2
pid1=$("$CTBOX" info -P "$P" -n c2 -p | awk '{ print $2 }')
ok "stop -r reboots it" "$CTBOX" stop -P "$P" -n c2 -r
for i in $(seq 100); do
	pid2=$("$CTBOX" info -P "$P" -n c2 -p | awk '{ print $2 }')
	[ -n "$pid2" ] && [ "$pid2" != "$pid1" ] && break
	sleep 0.1
done
ok "after the reboot it runs with a new init ($pid1 -> $pid2)" test -n "$pid2" -a "$pid2" != "$pid1"
is "$(state c2)" RUNNING "and is RUNNING"
ok "stop --nowait returns at once" "$CTBOX" stop -P "$P" -n c2 --nowait
ok "and it gets to STOPPED" "$CTBOX" wait -P "$P" -n c2 -s STOPPED -t 20

# -- foreground with a command --
out=$("$CTBOX" start -P "$P" -n c1 -F -- /bin/sh -c 'echo fg-$(hostname); exit 5' </dev/null 2>&1)
is "$?" 5 "start -F returns the command's exit status"
like "$(printf '%s' "$out" | tr -d '\r')" "fg-c1" "the console is on start's output"

# -- the monitor killed --
ok "start again" "$CTBOX" start -P "$P" -n c1
mon=$(sed -n 's/^[A-Z]* [0-9]* [0-9]* \([0-9]*\).*/\1/p' "$CTBOX_RUNDIR"/*/c1/state)
kill -9 "$mon"
sleep 0.2
is "$(state c1)" "RUNNING" "info after kill -9 of the monitor: still RUNNING"
ok "stop without a monitor" "$CTBOX" stop -P "$P" -n c1 -k
is "$(state c1)" "STOPPED" "STOPPED after that"
ok "start works after the monitor was killed" "$CTBOX" start -P "$P" -n c1
ok "stop -k" "$CTBOX" stop -P "$P" -n c1 -k

# -- two starts at once: exactly one wins --
"$CTBOX" start -P "$P" -n c1 2>"$T/s1" & p1=$!
"$CTBOX" start -P "$P" -n c1 2>"$T/s2" & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
is "$((r1 + r2))" 1 "two concurrent starts: one succeeds, one fails"
like "$(cat "$T/s1" "$T/s2")" "already running" "the loser says it is already running"
"$CTBOX" stop -P "$P" -n c1 -k

# -- faults --
mkct c3 "lxc.init.cmd = /probe exit 3" "lxc.log.level = INFO" "lxc.log.file = $T/c3.log"
ok "an init that exits at once: start still succeeds" "$CTBOX" start -P "$P" -n c3
ok "and the container is soon STOPPED" "$CTBOX" wait -P "$P" -n c3 -s STOPPED -t 10
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q 'exited with status 3' "$T/c3.log" && break; sleep 0.1; done
ok "its exit status is in the log" grep -q 'init exited with status 3' "$T/c3.log"

mkct c4
rm "$P/c4/rootfs/sbin/init"
out=$("$CTBOX" start -P "$P" -n c4 2>&1)
is "$?" 1 "a rootfs without /sbin/init fails to start"
is "$out" "ctbox: start: can't execute '/sbin/init': No such file or directory" "and says why"
is "$(state c4)" "STOPPED" "and it is STOPPED"

mkct c5
rm -rf "$P/c5/rootfs"
out=$("$CTBOX" start -P "$P" -n c5 2>&1)
is "$?" 1 "a missing rootfs fails to start"
like "$out" "rootfs '$P/c5/rootfs' is missing" "and names it"

mkct c6 "lxc.bogus.key = 1"
out=$("$CTBOX" start -P "$P" -n c6 2>&1)
is "$?" 1 "a config error stops the start"
like "$out" "config:4: unknown key 'lxc.bogus.key'" "with FILE:LINE and the key"

# -- a hostile rootfs cannot point mounts at the host --
mkdir "$T/hostdir"
mkct c8 "lxc.init.cmd = /probe sleep 1000"
rmdir "$P/c8/rootfs/dev"
ln -s "$T/hostdir" "$P/c8/rootfs/dev"
out=$("$CTBOX" start -P "$P" -n c8 2>&1)
is "$?" 1 "a rootfs whose /dev is a symlink out of it does not start"
like "$out" "/dev is a symbolic link: refused" "and says why"
is "$(ls -A "$T/hostdir")" "" "nothing was created in the host directory"
mkct c9 "lxc.init.cmd = /probe sleep 1000" "lxc.mount.entry = tmpfs escape/sub tmpfs create=dir 0 0"
ln -s "$T/hostdir" "$P/c9/rootfs/escape"
# The link resolves inside the rootfs, where it leads nowhere: the start
# may fail, but must not touch the host directory.
"$CTBOX" start -P "$P" -n c9 >/dev/null 2>&1
is "$(ls -A "$T/hostdir")" "" "a mount entry's create=dir through a symlink stays inside the rootfs"
"$CTBOX" stop -P "$P" -n c9 -k >/dev/null 2>&1

out=$("$CTBOX" start -P "$P" -n nosuch 2>&1)
is "$?" 1 "starting an unknown container fails"
for bad in "a/b" ".." "a b" "$(printf 'a\nb')" "$(printf '%0300d' 0)"; do
	"$CTBOX" start -P "$P" -n "$bad" >/dev/null 2>&1
	is "$?" 1 "a bad name is refused ($(printf '%s' "$bad" | head -c 12 | tr '\n' '?'))"
done

# -- nothing leaks over many cycles --
mkct c7 "lxc.init.cmd = /probe sleep 1000"
# The shell's descriptors by number (the command substitution's pipe has
# the same one each time), and their targets when they differ.
fdlist() { ls /proc/$$/fd | sort -n | tr '\n' ' '; }
fds_before=$(fdlist)
n=0
while [ $n -lt 200 ]; do
	"$CTBOX" start -P "$P" -n c7 || break
	"$CTBOX" stop -P "$P" -n c7 -k || break
	n=$((n + 1))
done
is "$n" 200 "200 start/stop cycles"
is "$(mounts_now)" "$base_mounts" "no mount left behind"
fds_after=$(fdlist)
# A leaked descriptor stays; one the shell holds for a moment (seen once
# in CI: fd 4, gone by the diag's listing) does not: look again once.
[ "$fds_after" = "$fds_before" ] || { sleep 1; fds_after=$(fdlist); }
is "$fds_after" "$fds_before" "no fd of the test shell leaked"
[ "$fds_after" = "$fds_before" ] || diag "fds before: $fds_before" "fds after: $fds_after" "$(ls -l /proc/$$/fd)" >&2
# A zombie child of this shell: state Z and parent $$ in /proc/PID/stat.
ok "no zombie left" sh -c "! cat /proc/[0-9]*/stat 2>/dev/null | sed 's/.*) //' | awk '\$1 == \"Z\" && \$2 == $$' | grep -q ."
is "$(ls "$CTBOX_RUNDIR"/*/c7 | tr '\n' ' ')" "lock " "the run dir holds only the lock"

done_testing
