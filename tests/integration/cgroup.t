#!/bin/sh
# cgroups on real containers (root): memory, cpu, pids and device limits
# from the config, enforced from inside; freeze and unfreeze; lxc-cgroup;
# the cgroup-tools subcommands for plain processes (checked against
# cgget and lscgroup when installed); no group left behind, even after
# the monitor was killed. Parts needing a controller the host lacks are
# skipped.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop attach freeze unfreeze cgroup wait info ls

# Names unique to this run: a group left by a crashed earlier run (or a
# run of this file beside this one) cannot be mistaken for ours.
s=$$
MEM0=cgmem0-$s MEM1=cgmem1-$s MEM2=cgmem2-$s CPU1=cgcpu1-$s CPU2=cgcpu2-$s
PIDS=cgpids-$s DEV1=cgdev1-$s DEV2=cgdev2-$s FRZ=cgfrz-$s LXC=cglxc-$s CYC=cgcyc-$s
G=/ctbox-test-$s
GL=/ctbox-test-$s-link

# -- the host's layout --
# v1_mnt CTRL: the mount point of the v1 hierarchy holding CTRL, if any.
v1_mnt() {
	awk -v c="$1" '$3 == "cgroup" { n = split($4, o, ","); for (i = 1; i <= n; i++) if (o[i] == c) { print $2; exit } }' /proc/self/mounts
}
v2_mnt() { awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts; }
# have CTRL: the kernel has CTRL enabled and a hierarchy of the host holds it.
have() {
	awk -v c="$1" '$1 == c && $4 == 1 { f = 1 } END { exit !f }' /proc/cgroups || return 1
	[ -n "$(v1_mnt "$1")" ] && return 0
	m2=$(v2_mnt)
	[ -n "$m2" ] && grep -qw "$1" "$m2/cgroup.controllers" 2>/dev/null
}
# skipn N WHY: N skipped checks.
skipn() { k=$1; shift; while [ "$k" -gt 0 ]; do skip "$*"; k=$((k - 1)); done; }

# -- a container's groups --
cg_() { "$CTBOX" cgroup -P "$P" -n "$@"; }
at() { c_=$1; shift; "$CTBOX" attach -P "$P" -n "$c_" -- "$@"; }
# ctfile NAME CTRL FILE: FILE of the container's payload group in the
# hierarchy of CTRL, from the groups its run saved (ID:CTRLS:PATH).
ctfile() {
	m1=$(v1_mnt "$2")
	if [ -n "$m1" ]; then
		p_=$(awk -F: -v c="$2" '{ n = split($2, o, ","); for (i = 1; i <= n; i++) if (o[i] == c) print $3 }' \
			"$CTBOX_RUNDIR"/*/"$1"/cgroup)
	else
		m1=$(v2_mnt)
		p_=$(awk -F: '$1 == 0 { print $3 }' "$CTBOX_RUNDIR"/*/"$1"/cgroup)
	fi
	echo "$m1$p_/$3"
}
# cpu_ns NAME: CPU time of the container so far, in ns.
cpu_ns() {
	if [ -n "$(v1_mnt cpuacct)" ]; then
		cat "$(ctfile "$1" cpuacct cpuacct.usage)"
	else
		awk '$1 == "usage_usec" { printf "%d\n", $2 * 1000 }' "$(ctfile "$1" cpu cpu.stat)"
	fi
}
# frozen_now NAME: what the kernel's freezer says (FROZEN, THAWED ...).
frozen_now() {
	if [ -n "$(v1_mnt freezer)" ]; then
		cat "$(ctfile "$1" freezer freezer.state)"
	else
		grep -q '^frozen 1' "$(ctfile "$1" cgroup cgroup.events)" && echo FROZEN || echo THAWED
	fi
}
# leftovers NAME: the container's groups still in any hierarchy, after
# waiting up to 20 s for them to go.
leftovers_now() {
	find /sys/fs/cgroup -maxdepth 2 -type d \( -name "lxc.payload.$1" -o -name "lxc.monitor.$1" \
		-o -name "lxc.payload.$1-*" -o -name "lxc.monitor.$1-*" \) 2>/dev/null | tr '\n' ' '
}
# After a stop -k the monitor removes the groups once it answered.
no_leftovers() { [ -z "$(leftovers_now "$1")" ]; }
leftovers() { eventually no_leftovers "$1"; leftovers_now "$1"; }
field() { awk "{ print \$$2 }" "$CTBOX_RUNDIR"/*/"$1"/state; }
# A container whose init spins, halted cleanly by SIGUSR1.
mkspin() {
	sn=$1
	shift
	mkct "$sn" "lxc.init.cmd = /bin/sh /spin" "lxc.signal.halt = SIGUSR1" "$@"
	printf 'trap "exit 0" USR1\nwhile :; do :; done\n' > "$P/$sn/rootfs/spin"
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# At exit (before ct.sh stops the containers): kill what this shell
# started in the background, remove the cgroup-tools groups.
bg=""
at_exit 'for p_ in $bg; do kill "$p_" 2>/dev/null; done; sleep 0.1
	for m_ in $(v1_mnt memory) $(v1_mnt pids) $(v2_mnt); do
		for d_ in "$m_$GL" "$m_$G"; do [ -d "$d_" ] && find "$d_" -depth -type d -exec rmdir {} \; 2>/dev/null; done
	done'

# -- 1. memory: a hog above the limit is OOM-killed, the container stays --
# tail keeps its whole input when there is no newline in it: 100 MiB.
hog='busybox head -c 104857600 /dev/zero | busybox tail >/dev/null'
# oom_kills NAME: the group's OOM kill count (v1 memory.oom_control, v2 memory.events).
oom_kills() {
	{ cg_ "$1" memory.oom_control 2>/dev/null || cg_ "$1" memory.events 2>/dev/null; } |
		awk '$1 == "oom_kill" { print $2 }'
}
if have memory; then
	mkct "$MEM0" "lxc.init.cmd = /probe sleep 1000"
	ok "start a container without a memory limit" "$CTBOX" start -P "$P" -n "$MEM0"
	at "$MEM0" sh -c "$hog"
	is "$?" 0 "without a limit the hog (tail holding 100 MiB) completes"
	peak=$(cg_ "$MEM0" memory.max_usage_in_bytes 2>/dev/null || cg_ "$MEM0" memory.peak 2>/dev/null)
	if [ -n "$peak" ]; then
		ok "and really held more than 32 MiB (peak $peak bytes)" test "$peak" -gt 33554432
	else
		skip "no memory.max_usage_in_bytes nor memory.peak to read the peak from"
	fi
	"$CTBOX" stop -P "$P" -n "$MEM0" -k

	mkct "$MEM1" "lxc.init.cmd = /probe sleep 1000" "lxc.cgroup.memory.limit_in_bytes = 32M"
	# With swap accounting, memory.swap.max goes with memory.max into memsw.
	memsw=""
	[ -e "$(v1_mnt memory)/memory.memsw.limit_in_bytes" ] && memsw="lxc.cgroup2.memory.swap.max = 16M"
	mkct "$MEM2" "lxc.init.cmd = /probe sleep 1000" "lxc.cgroup2.memory.max = 32M" ${memsw:+"$memsw"}
	for c in "$MEM1" "$MEM2"; do
		case $c in
		"$MEM1") how="lxc.cgroup.memory.limit_in_bytes = 32M" ;;
		*) how="lxc.cgroup2.memory.max = 32M" ;;
		esac
		ok "$how: the container starts" "$CTBOX" start -P "$P" -n "$c"
		is "$(cg_ "$c" memory.limit_in_bytes)" 33554432 "$how: cgroup memory.limit_in_bytes shows 33554432"
		is "$(cg_ "$c" memory.max)" 33554432 "$how: cgroup memory.max shows 33554432"
		if [ "$c" = "$MEM2" ]; then
			if [ -n "$memsw" ]; then
				is "$(cg_ "$c" memory.memsw.limit_in_bytes)" 50331648 \
					"$how and swap.max = 16M: memory.memsw.limit_in_bytes is 48 MiB"
			else
				skip "no swap accounting (memory.memsw) on this host"
			fi
		fi
		init=$(field "$c" 2)
		oom0=$(oom_kills "$c")
		fc0=$(cg_ "$c" memory.failcnt 2>/dev/null)
		at "$c" sh -c "$hog" 2>/dev/null
		is "$?" 137 "$how: the hog is killed (exit 137)"
		is "$(state "$c")" RUNNING "$how: the container is still RUNNING"
		ok "$how: its init ($init) survived" kill -0 "$init"
		is "$(at "$c" echo alive)" alive "$how: and it still runs commands"
		oom1=$(oom_kills "$c")
		if [ -n "$oom0" ] && [ -n "$oom1" ]; then
			ok "$how: the group's oom_kill count grew ($oom0 -> $oom1)" test "$oom1" -gt "$oom0"
		else
			skip "no oom_kill count readable on this kernel"
		fi
		fc1=$(cg_ "$c" memory.failcnt 2>/dev/null)
		if [ -n "$fc0" ] && [ -n "$fc1" ]; then
			ok "$how: memory.failcnt grew ($fc0 -> $fc1)" test "$fc1" -gt "$fc0"
		else
			skip "no memory.failcnt on this layout"
		fi
		"$CTBOX" stop -P "$P" -n "$c" -k
	done
else
	skipn 22 "no memory controller on this host"
fi

# -- 2. cpu.shares 2:1 on one shared CPU --
if have cpu && have cpuset && { have cpuacct || [ -z "$(v1_mnt cpu)" ]; }; then
	mkspin "$CPU1" "lxc.cgroup.cpuset.cpus = 0" "lxc.cgroup.cpu.shares = 2048"
	mkspin "$CPU2" "lxc.cgroup.cpuset.cpus = 0" "lxc.cgroup.cpu.shares = 1024"
	ok "start a busy container with cpu.shares 2048 on CPU 0" "$CTBOX" start -P "$P" -n "$CPU1"
	ok "start a busy container with cpu.shares 1024 on CPU 0" "$CTBOX" start -P "$P" -n "$CPU2"
	is "$(cg_ "$CPU1" cpuset.cpus):$(cg_ "$CPU2" cpuset.cpus)" "0:0" "both are pinned to CPU 0 (cpuset.cpus)"
	is "$(cg_ "$CPU1" cpu.shares):$(cg_ "$CPU2" cpu.shares)" "2048:1024" "cpu.shares as configured"
	sleep 0.5 # warm-up
	# Deltas over 3 s windows; a slow shared machine gets three tries.
	pct=0
	for try in 1 2 3; do
		a1=$(cpu_ns "$CPU1"); b1=$(cpu_ns "$CPU2")
		sleep 3
		a2=$(cpu_ns "$CPU1"); b2=$(cpu_ns "$CPU2")
		da=$((a2 - a1)); db=$((b2 - b1))
		pct=0
		[ "$db" -gt 0 ] && pct=$((da * 100 / db))
		diag "window $try: $((da / 1000000)) ms vs $((db / 1000000)) ms of CPU: $pct%"
		[ "$pct" -ge 160 ] && [ "$pct" -le 240 ] && break
	done
	ok "CPU time splits 2:1 within 20% (${pct}%)" test "$pct" -ge 160 -a "$pct" -le 240
	ok "stop the first" "$CTBOX" stop -P "$P" -n "$CPU1" -t 5
	ok "stop the second" "$CTBOX" stop -P "$P" -n "$CPU2" -t 5
else
	skipn 7 "no cpu, cpuset or cpuacct controller on this host"
fi

# -- 3. pids.max --
if have pids; then
	mkct "$PIDS" "lxc.init.cmd = /probe sleep 1000" "lxc.cgroup.pids.max = 20"
	ok "start a container with pids.max = 20" "$CTBOX" start -P "$P" -n "$PIDS"
	out=$(at "$PIDS" sh -c 'i=0; while [ $i -lt 50 ]; do sleep 100 </dev/null >/dev/null 2>&1 & i=$((i + 1)); done; echo made $i' 2>&1)
	rc=$?
	ok "50 background sleeps fail (exit $rc)" test "$rc" -ne 0
	like "$out" "can't fork" "the shell says it can't fork"
	cur=$(cg_ "$PIDS" pids.current)
	ok "no more than 20 processes in the group ($cur)" test "$cur" -le 20
	like "$(cg_ "$PIDS" pids.events)" "^max [1-9]" "pids.events counted the refused forks"
	ok "stop -k stops it" "$CTBOX" stop -P "$P" -n "$PIDS" -k
	is "$(state "$PIDS")" STOPPED "it is STOPPED"
	is "$(leftovers "$PIDS")" "" "no cgroup left"
else
	skipn 8 "no pids controller on this host"
fi

# -- 4. devices: the default policy and devices.allow --
if have devices || [ -n "$(v2_mnt)" ]; then
	mkct "$DEV1" "lxc.init.cmd = /probe sleep 1000"
	mkct "$DEV2" "lxc.init.cmd = /probe sleep 1000" "lxc.cgroup.devices.allow = b 7:0 rwm" \
		"lxc.cgroup.devices.deny = c 1:9 rwm"
	ok "start a container with the default device policy" "$CTBOX" start -P "$P" -n "$DEV1"
	out=$(at "$DEV1" busybox mknod /tmp/b b 7 0 2>&1)
	rc=$?
	ok "mknod of a block device (b 7:0) fails (exit $rc)" test "$rc" -ne 0
	like "$out" "Operation not permitted" "with EPERM"
	ok "mknod of a character device works (c *:* m)" at "$DEV1" busybox mknod /tmp/mem c 1 1
	out=$(at "$DEV1" busybox head -c 1 /tmp/mem 2>&1)
	rc=$?
	ok "but one outside the list (c 1:1) cannot be opened (exit $rc)" test "$rc" -ne 0
	like "$out" "Operation not permitted" "with EPERM"
	ok "/dev/null can be written and read" at "$DEV1" sh -c 'echo x > /dev/null && cat /dev/null'
	is "$(at "$DEV1" sh -c 'busybox head -c 4 /dev/zero | busybox wc -c')" 4 "/dev/zero can be read"
	ok "start one with lxc.cgroup.devices.allow = b 7:0 rwm" "$CTBOX" start -P "$P" -n "$DEV2"
	ok "there mknod of b 7:0 works" at "$DEV2" busybox mknod /tmp/b b 7 0
	ok "and makes a block device node" at "$DEV2" sh -c 'test -b /tmp/b'
	out=$(at "$DEV2" busybox head -c 1 /dev/urandom 2>&1)
	rc=$?
	ok "with lxc.cgroup.devices.deny = c 1:9 rwm, /dev/urandom cannot be read (exit $rc)" test "$rc" -ne 0
	is "$(at "$DEV2" sh -c 'busybox head -c 4 /dev/random | busybox wc -c')" 4 "but /dev/random still can"
	"$CTBOX" stop -P "$P" -n "$DEV1" -k
	"$CTBOX" stop -P "$P" -n "$DEV2" -k
else
	skipn 13 "no devices controller on this host"
fi

# -- 5. freeze and unfreeze --
have_freezer() { have freezer || { m2=$(v2_mnt); [ -n "$m2" ] && [ -s "$m2/cgroup.controllers" ]; }; }
if have_freezer && { have cpuacct || [ -z "$(v1_mnt cpu)" ]; }; then
	mkspin "$FRZ"
	out=$("$CTBOX" freeze -P "$P" -n "$FRZ" 2>&1)
	is "$?" 1 "freezing a stopped container exits 1"
	like "$out" "is not running" "and says it is not running"
	out=$("$CTBOX" unfreeze -P "$P" -n "$FRZ" 2>&1)
	is "$?" 1 "unfreezing a stopped container exits 1"
	ok "start a busy container" "$CTBOX" start -P "$P" -n "$FRZ"
	sleep 0.3
	out=$("$CTBOX" unfreeze -P "$P" -n "$FRZ" 2>&1)
	is "$?" 0 "unfreezing a running container exits 0"
	ok "freeze exits 0" "$CTBOX" freeze -P "$P" -n "$FRZ"
	is "$(state "$FRZ")" FROZEN "info -s says FROZEN"
	is "$(frozen_now "$FRZ")" FROZEN "the kernel's freezer says FROZEN"
	ok "wait -s FROZEN -t 5 returns 0" "$CTBOX" wait -P "$P" -n "$FRZ" -s FROZEN -t 5
	is "$("$CTBOX" ls -P "$P" --fancy | awk -v n="$FRZ" '$1 == n { print $2 }')" FROZEN \
		"ls --fancy's STATE column says FROZEN"
	u1=$(cpu_ns "$FRZ"); sleep 1; u2=$(cpu_ns "$FRZ")
	ok "frozen, it uses no CPU over 1 s ($((u2 - u1)) ns)" test $((u2 - u1)) -lt 1000000
	"$CTBOX" freeze -P "$P" -n "$FRZ" >"$T/out" 2>"$T/err"
	is "$?" 0 "freezing a frozen container exits 0"
	like "$(cat "$T/err")" "already frozen" "with a warning on stderr"
	is "$(cat "$T/out")" "" "and nothing on stdout"
	out=$(at "$FRZ" true 2>&1)
	rc=$?
	ok "attach into a frozen container is refused (exit $rc)" test "$rc" -ne 0
	like "$out" "$FRZ" "with a message naming it"
	ok "unfreeze exits 0" "$CTBOX" unfreeze -P "$P" -n "$FRZ"
	is "$(state "$FRZ")" RUNNING "info -s says RUNNING again"
	is "$(frozen_now "$FRZ")" THAWED "the kernel's freezer says THAWED"
	u1=$(cpu_ns "$FRZ"); sleep 1; u2=$(cpu_ns "$FRZ")
	ok "thawed, its CPU time advances again ($(( (u2 - u1) / 1000000 )) ms in 1 s)" test $((u2 - u1)) -gt 50000000
	good=0
	i=0
	while [ $i -lt 100 ]; do
		i=$((i + 1))
		"$CTBOX" freeze -P "$P" -n "$FRZ" || continue
		[ "$(frozen_now "$FRZ")" = FROZEN ] || continue
		"$CTBOX" unfreeze -P "$P" -n "$FRZ" || continue
		[ "$(frozen_now "$FRZ")" = THAWED ] || continue
		good=$((good + 1))
	done
	is "$good" 100 "100 freeze/unfreeze round trips, each really frozen and thawed"
	is "$(state "$FRZ")" RUNNING "RUNNING after them"
	ok "freeze it once more" "$CTBOX" freeze -P "$P" -n "$FRZ"
	t0=$(now_ms)
	ok "stop -t 2 of the frozen container" "$CTBOX" stop -P "$P" -n "$FRZ" -t 2
	dt=$(( $(now_ms) - t0 ))
	ok "it was thawed and took its halt signal: no SIGKILL after 2 s ($dt ms)" test "$dt" -lt 1900
	is "$(state "$FRZ")" STOPPED "it is STOPPED"
	is "$(leftovers "$FRZ")" "" "no cgroup left"
	is "$(ls "$CTBOX_RUNDIR"/*/"$FRZ" | tr '\n' ' ')" "lock " "only the lock file stays in the run dir"
else
	skipn 28 "no freezer on this host"
fi

# -- 6. lxc-cgroup on a container --
mkct "$LXC" "lxc.init.cmd = /probe sleep 1000"
ok "start a container without limits" "$CTBOX" start -P "$P" -n "$LXC"
if have pids; then
	out=$(cg_ "$LXC" pids.max 77 2>&1)
	is "$?:$out" "0:" "cgroup -n NAME pids.max 77 sets it, silently"
	is "$(cg_ "$LXC" pids.max)" 77 "and it reads back 77"
	is "$(cat "$(ctfile "$LXC" pids pids.max)")" 77 "the group's own pids.max file says 77"
	ln -s "$CTBOX" "$T/lxc-cgroup"
	is "$("$T/lxc-cgroup" -P "$P" -n "$LXC" pids.max)" 77 "the lxc-cgroup link form"
else
	skipn 4 "no pids controller on this host"
fi
if [ -n "$(v1_mnt cpu)" ]; then
	is "$(cg_ "$LXC" cpu.shares)" 1024 "cpu.shares is the default 1024"
	# The kernel's own equivalence: weight 100 is 1024 shares.
	is "$(cg_ "$LXC" cpu.weight)" 100 "cpu.weight on this v1 host: 1024 shares converted, 100"
	ok "setting cpu.weight 200" cg_ "$LXC" cpu.weight 200
	is "$(cat "$(ctfile "$LXC" cpu cpu.shares)")" 2048 "writes 2048 to the v1 group's cpu.shares"
else
	skipn 4 "the cpu controller is not on v1 here"
fi
if have memory; then
	is "$(cg_ "$LXC" memory.max)" max "memory.max without a limit reads max"
	ok "setting memory.max 64M" cg_ "$LXC" memory.max 64M
	is "$(cg_ "$LXC" memory.max)" 67108864 "memory.max reads the limit, 67108864"
	if [ -n "$(v1_mnt memory)" ]; then
		is "$(cat "$(ctfile "$LXC" memory memory.limit_in_bytes)")" 67108864 \
			"written to the v1 group's memory.limit_in_bytes"
	else
		skip "memory is not on v1 here"
	fi
else
	skipn 4 "no memory controller on this host"
fi
out=$(cg_ "$LXC" bogus.key 2>&1)
is "$?" 1 "an unknown key fails"
like "$out" "bogus.key" "naming the key"
out=$(cg_ "$LXC" bogus.key 1 2>&1)
is "$?" 1 "setting an unknown key fails"
if have pids; then
	out=$(cg_ "$LXC" pids.max abc 2>&1)
	is "$?" 1 "a value the kernel refuses fails"
	like "$out" "pids.max.*Invalid argument" "naming the file and the error"
else
	skipn 2 "no pids controller on this host"
fi
out=$(at "$LXC" cat /proc/self/cgroup)
is "$(printf '%s\n' "$out" | grep -Evc ":/(lxc\.payload\.$LXC)?\$")" 0 \
	"an attached command is in the container's group in every hierarchy"
# Born in the v2 group (clone3) from outside the cgroup namespace, its
# own thread moved on v1; the cgroup namespace joined after: seen from
# the host, the saved group in every hierarchy; inside, init's namespace.
# Without clone3 (forced), attach moves it by PID into the v2 group.
linit=$(field "$LXC" 2)
lsaved=$(echo "$CTBOX_RUNDIR"/*/"$LXC"/cgroup)
for fb in "" clone3; do
	what=${fb:+" (no clone3)"}
	is "$(CTBOX_FORCE_FALLBACK=$fb at "$LXC" busybox readlink /proc/self/ns/cgroup)" \
		"$(readlink "/proc/$linit/ns/cgroup")" "an attached command is in init's cgroup namespace$what"
	CTBOX_FORCE_FALLBACK=$fb "$CTBOX" attach -P "$P" -n "$LXC" -- sleep 100 &
	ap=$!
	eventually pgrep -P "$ap" >/dev/null
	sp=$(pgrep -P "$ap")
	is "$(grep -vxFf "/proc/${sp:-0}/cgroup" "$lsaved" 2>&1)" "" \
		"... and, seen from the host, in the saved group in every hierarchy$what"
	kill "$ap" 2>/dev/null
	wait "$ap" 2>/dev/null
done
# A process in the container's groups but not its PID namespace: only
# the cgroup can find it at stop.
"$CTBOX" attach -P "$P" -n "$LXC" -s UTSNAME -- sleep 100 &
ap=$!
bg="$bg $ap"
sleep 0.3
ok "stop -k with an attached process outside its PID namespace" "$CTBOX" stop -P "$P" -n "$LXC" -k
wait "$ap"
is "$?" 137 "that process was killed through the cgroup"
is "$(leftovers "$LXC")" "" "no cgroup left"
out=$(cg_ "$LXC" pids.max 2>&1)
is "$?" 1 "a stopped container: cgroup fails"
like "$out" "is not running" "saying it is not running"

# -- 7. cgroup-tools subcommands on plain processes --
real_cgget=$(command -v cgget || true)
real_lscgroup=$(command -v lscgroup || true)
if have memory && have pids; then
	ok "cgroup create -g memory,pids:$G" "$CTBOX" cgroup create -g "memory,pids:$G"
	for c in memory pids; do
		m=$(v1_mnt $c)
		[ -n "$m" ] || m=$(v2_mnt)
		ok "the group exists in the $c hierarchy" test -d "$m$G"
	done
	ok "cgroup set -r pids.max=30" "$CTBOX" cgroup set -r pids.max=30 "$G"
	"$CTBOX" cgroup get -r pids.max "$G" >"$T/get.out"
	printf '%s:\npids.max: 30\n\n' "$G" >"$T/get.want"
	ok "cgroup get -r pids.max prints GROUP:, KEY: VALUE, a blank line (as cgget)" cmp -s "$T/get.out" "$T/get.want"
	is "$("$CTBOX" cgroup get -n -v -r pids.max "$G")" 30 "cgroup get -n -v prints the value only"
	is "$("$CTBOX" cgtools get -n -v -r pids.max "$G")" 30 "the same as cgtools get (the applet)"
	ln -s "$CTBOX" "$T/cgget"
	is "$("$T/cgget" -n -v -r pids.max "$G")" 30 "... and as cgget (its link)"
	"$CTBOX" cgroup get -r pids.max -r memory.max "$G" >"$T/get2.out"
	printf '%s:\npids.max: 30\nmemory.max: max\n\n' "$G" >"$T/get2.want"
	ok "two -r keys, one of them v2-named" cmp -s "$T/get2.out" "$T/get2.want"
	if [ -n "$real_cgget" ]; then
		"$real_cgget" -r pids.max "$G" >"$T/real.out" 2>&1
		ok "cgroup get's output is cgget's" cmp -s "$T/get.out" "$T/real.out"
		is "$("$CTBOX" cgroup get -n -v -r pids.max "$G")" "$("$real_cgget" -n -v -r pids.max "$G" 2>&1)" \
			"cgroup get -n -v is cgget -n -v"
		is "$("$CTBOX" cgroup get -r pids.max -r memory.limit_in_bytes "$G")" \
			"$("$real_cgget" -r pids.max -r memory.limit_in_bytes "$G" 2>&1)" "two keys as cgget prints them"
	else
		skipn 3 "cgget (cgroup-tools) is not installed"
	fi
	out=$("$CTBOX" cgroup exec -g "memory,pids:$G" cat /proc/self/cgroup)
	like "$out" "^[0-9]+:pids:$G\$" "cgroup exec runs the command in the group: pids"
	like "$out" "^[0-9]+:memory:$G\$" "and memory"
	is "$("$CTBOX" cgroup exec -g "pids:$G" sh -c 'exit 9'; echo $?)" 9 "cgroup exec returns the command's status"
	sleep 100 &
	sp=$!
	bg="$bg $sp"
	ok "cgroup classify -g pids:$G PID" "$CTBOX" cgroup classify -g "pids:$G" "$sp"
	like "$(cat "/proc/$sp/cgroup")" "^[0-9]+:pids:$G\$" "moves the process"
	is "$(grep -c . "$(v1_mnt pids)$G/cgroup.procs" 2>/dev/null || grep -c . "$(v2_mnt)$G/cgroup.procs")" 1 \
		"which is the group's only process"
	out=$("$CTBOX" cgroup ls -g "pids:$G")
	is "$out" "pids:$G/" "cgroup ls -g pids:GROUP lists it (with lscgroup's trailing / on the named group)"
	if [ -n "$real_lscgroup" ]; then
		is "$out" "$("$real_lscgroup" -g "pids:$G" 2>&1)" "as lscgroup does"
	else
		skip "lscgroup (cgroup-tools) is not installed"
	fi
	like "$("$CTBOX" cgroup ls)" "^pids:$G\$" "cgroup ls lists it among all"
	is "$("$CTBOX" cgroup ls -g "pids:$G" -g "memory:$G" | sort | tr '\n' ' ')" "memory:$G/ pids:$G/ " \
		"cgroup ls with two -g lists both groups (as lscgroup)"
	out=$("$CTBOX" cgroup delete -g "pids:$G" 2>&1)
	rc=$?
	ok "cgroup delete of a group with a process in it fails (exit $rc)" test "$rc" -ne 0
	kill "$sp"
	wait "$sp" 2>/dev/null
	ok "cgroup delete -g memory,pids:$G" "$CTBOX" cgroup delete -g "memory,pids:$G"
	ok "the group is gone from both hierarchies" \
		test ! -e "$(v1_mnt memory)$G" -a ! -e "$(v1_mnt pids)$G" -a ! -e "$(v2_mnt)$G"
	out=$("$CTBOX" cgroup delete -g "pids:$G" 2>&1)
	is "$?" 1 "deleting it again fails"
	out=$("$CTBOX" cgroup create -g "bogusctrl:$G" 2>&1)
	is "$?" 1 "an unknown controller fails"
	like "$out" "bogusctrl" "naming it"

	# The link forms.
	for l in cgcreate cgset cgget cgexec cgclassify cgdelete lscgroup; do ln -s "$CTBOX" "$T/$l"; done
	ok "cgcreate -g pids:$GL/sub" "$T/cgcreate" -g "pids:$GL/sub"
	ok "cgset -r pids.max=12" "$T/cgset" -r pids.max=12 "$GL/sub"
	is "$("$T/cgget" -n -v -r pids.max "$GL/sub")" 12 "cgget -n -v -r pids.max reads 12"
	"$T/cgget" -r pids.max "$GL/sub" >"$T/link.out"
	printf '%s:\npids.max: 12\n\n' "$GL/sub" >"$T/link.want"
	ok "cgget -r pids.max prints the cgget layout" cmp -s "$T/link.out" "$T/link.want"
	like "$("$T/cgexec" -g "pids:$GL/sub" cat /proc/self/cgroup)" "^[0-9]+:pids:$GL/sub\$" "cgexec"
	sleep 100 &
	sp=$!
	bg="$bg $sp"
	ok "cgclassify" "$T/cgclassify" -g "pids:$GL/sub" "$sp"
	like "$(cat "/proc/$sp/cgroup")" "^[0-9]+:pids:$GL/sub\$" "cgclassify moved it"
	kill "$sp"
	wait "$sp" 2>/dev/null
	is "$("$T/lscgroup" -g "pids:$GL" | tr '\n' ' ')" "pids:$GL/ pids:$GL/sub " "lscgroup -g lists the group and its sub-group"
	is "$("$T/lscgroup" "pids:$GL" 2>/dev/null | tr '\n' ' ')" "pids:$GL/ pids:$GL/sub " "lscgroup CTRLS:PATH, without -g (as lscgroup takes it)"
	out=$("$T/cgdelete" "pids:$GL" 2>&1)
	rc=$?
	ok "cgdelete CTRLS:PATH without -r keeps a group with sub-groups (exit $rc)" test "$rc" -ne 0 -a -d "$(v1_mnt pids)$GL/sub"
	ok "cgdelete -r CTRLS:PATH removes it with its sub-groups" "$T/cgdelete" -r "pids:$GL"
	ok "and it is gone" test ! -e "$(v1_mnt pids)$GL" -a ! -e "$(v2_mnt)$GL"
else
	skipn 38 "no memory or pids controller on this host"
fi

# -- 8. no group left behind --
mkct "$CYC" "lxc.init.cmd = /probe sleep 1000" "lxc.cgroup.pids.max = 50"
k=0
while [ $k -lt 100 ]; do
	"$CTBOX" start -P "$P" -n "$CYC" || break
	"$CTBOX" stop -P "$P" -n "$CYC" -k || break
	k=$((k + 1))
done
is "$k" 100 "100 start/stop -k cycles"
is "$(leftovers "$CYC")" "" "no lxc.payload or lxc.monitor group left after them"
ok "start it again" "$CTBOX" start -P "$P" -n "$CYC"
# The monitor moves into its own groups after start has answered.
eventually test -s "$(echo "$CTBOX_RUNDIR"/*/"$CYC")/cgroup.monitor"
payload=$(awk -F: '{ print $3 }' "$CTBOX_RUNDIR"/*/"$CYC"/cgroup | sort -u)
monitor=$(awk -F: '{ print $3 }' "$CTBOX_RUNDIR"/*/"$CYC"/cgroup.monitor | sort -u)
is "$payload:$monitor" "/lxc.payload.$CYC:/lxc.monitor.$CYC" "its groups are BASE/lxc.payload.NAME and BASE/lxc.monitor.NAME"
mon=$(field "$CYC" 4)
init=$(field "$CYC" 2)
ok "the monitor ($mon) is in lxc.monitor.NAME" grep -q ":/lxc.monitor.$CYC\$" "/proc/$mon/cgroup"
ok "init ($init) is in lxc.payload.NAME" grep -q ":/lxc.payload.$CYC\$" "/proc/$init/cgroup"
# Init joins its groups itself (v1: its tasks files) or is born in them
# (v2: clone3 into the group): in every hierarchy the saved group names.
saved=$(echo "$CTBOX_RUNDIR"/*/"$CYC"/cgroup)
is "$(grep -vxFf "/proc/$init/cgroup" "$saved")" "" "init is in its saved group in every hierarchy"
# A v1 cpuset group of its own would cost two cpuset writes, each walking
# every sibling cpuset: the monitor has none.
if [ -d /sys/fs/cgroup/cpuset ]; then
	ok "the monitor has no v1 cpuset group of its own" sh -c "! grep -Eq '^[0-9]+:([^:]*,)?cpuset(,[^:]*)?:/lxc.monitor' /proc/$mon/cgroup && test ! -e /sys/fs/cgroup/cpuset/lxc.monitor.$CYC"
	ok "init has its v1 cpuset group" grep -Eq "^[0-9]+:([^:]*,)?cpuset(,[^:]*)?:/lxc.payload.$CYC\$" "/proc/$init/cgroup"
else
	skip "no v1 cpuset hierarchy here"
	skip "no v1 cpuset hierarchy here"
fi
kill -9 "$mon"
sleep 0.2
is "$(state "$CYC")" RUNNING "after kill -9 of the monitor it still runs"
ok "stop -k without a monitor" "$CTBOX" stop -P "$P" -n "$CYC" -k
is "$(state "$CYC")" STOPPED "it is STOPPED"
# This host's PID 1 may leave it a zombie: dead is enough.
ok "init ($init) is dead" sh -c "test ! -d /proc/$init || grep -q '^State:.*Z' /proc/$init/status"
is "$(leftovers "$CYC")" "" "no lxc.payload or lxc.monitor group left"
ok "a later start works" "$CTBOX" start -P "$P" -n "$CYC"
is "$(awk -F: '{ print $3 }' "$CTBOX_RUNDIR"/*/"$CYC"/cgroup | sort -u)" "/lxc.payload.$CYC" "in the same group name"
ok "stop -k" "$CTBOX" stop -P "$P" -n "$CYC" -k
# Without clone3 the monitor moves init into its v2 group by PID.
ok "a start without clone3 (forced)" env CTBOX_FORCE_FALLBACK=clone3 "$CTBOX" start -P "$P" -n "$CYC"
init=$(field "$CYC" 2)
saved=$(echo "$CTBOX_RUNDIR"/*/"$CYC"/cgroup)
is "$(grep -vxFf "/proc/$init/cgroup" "$saved")" "" "... init is in its saved group in every hierarchy"
ok "stop -k" "$CTBOX" stop -P "$P" -n "$CYC" -k
is "$(leftovers "$CYC")" "" "nothing left after that either"

done_testing
