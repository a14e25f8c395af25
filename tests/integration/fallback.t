#!/bin/sh
# Old and odd kernels (libbb/fallback.h): each fallback forced on this
# kernel with the test-only CTBOX_FORCE_FALLBACK. One lifecycle with all of
# them (create, start, attach, info, freeze, a memory limit, stop through
# the monitor and without it, destroy) and the log naming them; then each
# alone: swap keys, checkconfig without a kernel configuration (and without
# any tool on PATH), the safe walk for mount targets without openat2, a new
# time namespace without clone3, and a read-only root with a tmpfs /run and
# no /var/lib/lxc or /etc/lxc (in a private mount namespace: the host's root
# is never touched).
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" create start stop attach info freeze unfreeze cgroup destroy

printf 'lxc.net.0.type = empty\n' > "$T/base.conf"
mon_of() { sed -n 's/^[A-Z]* [0-9]* [0-9]* \([0-9]*\).*/\1/p' "$CTBOX_RUNDIR"/*/"$1"/state; }
gone_or_zombie() { s=$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null); [ -z "$s" ] || [ "$s" = Z ]; }
groups_of() { ls -d /sys/fs/cgroup/*/lxc.*."$1" /sys/fs/cgroup/lxc.*."$1" 2>/dev/null; }
wait_no_groups() {
	for i in $(seq 50); do [ -z "$(groups_of "$1")" ] && return 0; sleep 0.1; done
	diag "left: $(groups_of "$1" | tr '\n' ' ')"
	return 1
}
mem=none
[ -e /sys/fs/cgroup/memory/memory.limit_in_bytes ] && mem=v1
grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null && mem=v2

# ---- everything forced: one lifecycle ----
export CTBOX_FORCE_FALLBACK=all
ok "all forced: create -t busybox" "$CTBOX" create -P "$P" -n f1 -t busybox -f "$T/base.conf"
{
	echo "lxc.mount.auto = cgroup:mixed"
	[ "$mem" != none ] && echo "lxc.cgroup.memory.limit_in_bytes = 67108864"
	echo "lxc.log.file = $T/f1.log"
	echo "lxc.log.level = INFO"
} >> "$P/f1/config"
ok "all forced: start" "$CTBOX" start -P "$P" -n f1
log=$(cat "$T/f1.log" 2>/dev/null)
like "$log" "fallbacks used: pidfd \(forced\), clone3 \(forced\), openat2 \(forced\), cgroupns \(forced\), swap \(forced\), kconfig \(forced\), pivot_root \(forced\)" \
	"the log names every fallback"
like "$log" "WARN +start - no cgroup namespaces \(forced by CTBOX_FORCE_FALLBACK\): started without one" \
	"the log says it started without a cgroup namespace"
like "$log" "WARN +start - pivot_root is not possible here .*: used MS_MOVE \+ chroot \(forced" \
	"the log says MS_MOVE + chroot was used"
is "$(state f1)" RUNNING "info -s: RUNNING"
out=$("$CTBOX" attach -P "$P" -n f1 -- /bin/sh -c 'echo inside-$(hostname)' 2>&1)
is "$out" "inside-f1" "attach runs a command"
is "$("$CTBOX" attach -P "$P" -n f1 -- readlink /proc/self/ns/cgroup 2>&1)" "$(readlink /proc/self/ns/cgroup)" \
	"attach does not look for a cgroup namespace (the container has none)"
is "$("$CTBOX" attach -P "$P" -n f1 -- /bin/sh -c "test -e '$T' && echo visible || echo hidden" 2>&1)" hidden \
	"MS_MOVE + chroot: the host's files are not visible inside"
like "$("$CTBOX" info -P "$P" -n f1)" "PID: +[0-9]+" "info shows the init PID"
if [ "$mem" != none ]; then
	inside=$("$CTBOX" attach -P "$P" -n f1 -- /bin/sh -c \
		'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max' 2>&1)
	is "$inside" 67108864 "cgroup:mixed without a cgroup namespace: its own group is bound inside"
	is "$("$CTBOX" cgroup -P "$P" -n f1 memory.limit_in_bytes 2>&1)" 67108864 "the memory limit is set"
	out=$("$CTBOX" cgroup -P "$P" -n f1 memory.memsw.limit_in_bytes 128M 2>&1)
	is "$?" 1 "a swap key without swap accounting fails"
	like "$out" "^ctbox: cgroup: memory.memsw.limit_in_bytes: this kernel has no swap accounting in the memory cgroup" \
		"and names the key and the missing kernel support"
else
	for i in 1 2 3 4; do skip "no memory cgroup controller"; done
fi
ok "freeze" "$CTBOX" freeze -P "$P" -n f1
is "$(state f1)" FROZEN "info -s: FROZEN"
ok "unfreeze" "$CTBOX" unfreeze -P "$P" -n f1
is "$(state f1)" RUNNING "info -s: RUNNING again"
ok "stop through the monitor (no pidfd)" "$CTBOX" stop -P "$P" -n f1 -t 20
is "$(state f1)" STOPPED "info -s: STOPPED"
ok "the monitor's group is taken over and removed (no pidfd)" wait_no_groups f1
ok "start again" "$CTBOX" start -P "$P" -n f1
init=$("$CTBOX" info -P "$P" -n f1 -p | awk '{ print $2 }')
mon=$(mon_of f1)
kill -9 "$mon"
sleep 0.2
is "$(state f1)" RUNNING "the monitor killed: still RUNNING (init checked by its start time)"
ok "stop without a monitor and without pidfds" "$CTBOX" stop -P "$P" -n f1 -k
is "$(state f1)" STOPPED "STOPPED"
ok "its init is gone" gone_or_zombie "$init"
ok "destroy" "$CTBOX" destroy -P "$P" -n f1
ok "nothing left of it" test ! -e "$P/f1"
unset CTBOX_FORCE_FALLBACK

# ---- swap accounting missing: a swap key in the configuration ----
if [ "$mem" != none ]; then
	mkct s1 "lxc.net.0.type = empty" "lxc.cgroup.memory.limit_in_bytes = 67108864" \
		"lxc.cgroup.memory.memsw.limit_in_bytes = 134217728"
	out=$(CTBOX_FORCE_FALLBACK=swap "$CTBOX" start -P "$P" -n s1 2>&1)
	is "$?" 1 "swap forced off: a memsw limit fails the start"
	like "$out" "lxc.cgroup.memory.memsw.limit_in_bytes: this kernel has no swap accounting" \
		"the error names the key and the missing kernel support"
	is "$(state s1)" STOPPED "and the container is STOPPED"
	ok "no group left" wait_no_groups s1
	sed -i '/memsw/d' "$P/s1/config"
	ok "without the swap key the memory limit still works" env CTBOX_FORCE_FALLBACK=swap \
		"$CTBOX" start -P "$P" -n s1
	is "$("$CTBOX" cgroup -P "$P" -n s1 memory.limit_in_bytes 2>&1)" 67108864 "the limit is set"
	"$CTBOX" stop -P "$P" -n s1 -k
else
	for i in 1 2 3 4 5 6; do skip "no memory cgroup controller"; done
fi

# ---- no kernel configuration: checkconfig probes the live kernel ----
if "$CTBOX" --list | grep -qx checkconfig; then
	live=$(CTBOX_FORCE_FALLBACK=kconfig PATH=/nonexistent "$CTBOX" checkconfig --no-color 2>&1)
	rc=$?
	like "$live" "^Kernel configuration not found: not looked for" "kconfig forced: no configuration read"
	like "$live" "^The options below are probed on the running kernel" "and says the options are probed"
	for l in "Namespaces" "Pid namespace" "Network namespace" "Cgroups" "Veth pair device" "Bridges"; do
		like "$live" "^$l: (enabled|required)" "live: $l is an answer, not unknown"
	done
	case $rc in
	0) like "$live" "^Summary: all required features present \(kernel configuration not found: options probed" \
		"exit 0 with a live summary (no zgrep, gzip or any tool on PATH)" ;;
	*) like "$live" "^Summary: .*(missing|could not be probed)" "exit $rc with a live summary" ;;
	esac
	conf=$(PATH=/nonexistent "$CTBOX" checkconfig --no-color 2>&1)
	if printf '%s\n' "$conf" | grep -q '^Kernel configuration found'; then
		# (Not the network devices: live, a module that cannot be loaded
		# here is missing, whatever the configuration says.)
		answers() { printf '%s\n' "$1" | sed -n '/^--- Namespaces/,/^--- Live/p' |
			grep -E ': (enabled|missing|required)' | grep -Ev '^(Veth pair device|Macvlan|Vlan|Bridges):' |
			sed 's/, .*//'; }
		disagree=$(answers "$live" | while IFS= read -r l; do
			printf '%s\n' "$conf" | grep -qxF -e "$l" -e "$l, loaded" -e "$l, not loaded" || echo "$l"; done)
		is "$disagree" "" "every option probed live agrees with the kernel's own configuration"
	else
		skip "this kernel's configuration is not readable: nothing to compare with"
	fi
else
	for i in 1 2 3 4 5 6 7 8 9 10; do skip "checkconfig is not in this build"; done
fi

# ---- no openat2: mount targets walked without following symlinks ----
ok "create m1" "$CTBOX" create -P "$P" -n m1 -t busybox -f "$T/base.conf"
mkdir "$T/hostdir"
ln -s "$T/hostdir" "$P/m1/rootfs/evil"
cp "$P/m1/config" "$T/m1.config"
echo "lxc.mount.entry = /etc/hostname evil/x none bind,create=file 0 0" >> "$P/m1/config"
out=$(CTBOX_FORCE_FALLBACK=openat2 "$CTBOX" start -P "$P" -n m1 2>&1)
is "$?" 1 "openat2 forced: a mount target through a symlink out of the rootfs is refused"
like "$out" "can't find 'evil/x' in the rootfs" "and the error names it"
is "$(ls -A "$T/hostdir")" "" "nothing was made outside the rootfs"
cp "$T/m1.config" "$P/m1/config"
echo "lxc.mount.entry = /etc/hostname etc/deep/hn none bind,ro,create=file 0 0" >> "$P/m1/config"
ok "openat2 forced: a nested target is made and mounted by the walk" env CTBOX_FORCE_FALLBACK=openat2 \
	"$CTBOX" start -P "$P" -n m1
is "$("$CTBOX" attach -P "$P" -n m1 -- cat /etc/deep/hn 2>&1)" "$(cat /etc/hostname)" "and the file is bound there"
"$CTBOX" stop -P "$P" -n m1 -k
"$CTBOX" destroy -P "$P" -n m1

# ---- no clone3: a new time namespace by unshare() first ----
if ! "$CTBOX" --list | grep -qx unshare; then
	skip "unshare is not in this build"; skip "unshare is not in this build"
elif [ ! -e /proc/self/ns/time ]; then
	skip "no time namespaces in this kernel"; skip "no time namespaces in this kernel"
else
	host_time=$(readlink /proc/self/ns/time)
	out=$(CTBOX_FORCE_FALLBACK=clone3 "$CTBOX" unshare -s TIME -- readlink /proc/self/ns/time 2>&1)
	ok "clone3 forced: unshare -s TIME runs in a new time namespace ($out)" \
		sh -c '[ -n "$1" ] && [ "$1" != "$2" ] && [ "${1#time:}" != "$1" ]' - "$out" "$host_time"
	out=$(CTBOX_FORCE_FALLBACK=clone3 "$CTBOX" unshare -s 'TIME|PID|MOUNT' -- /bin/sh -c 'echo $$ $(readlink /proc/self/ns/time)' 2>&1)
	like "$out" "^1 time:" "and with PID and MOUNT: the command is PID 1 ($out)"
fi

# ---- a read-only root, a tmpfs /run, no /var/lib/lxc, no /etc/lxc ----
if unshare -m --propagation private true 2>/dev/null; then
	mkdir "$T/out"
	cat > "$T/ro.sh" <<'EOF'
C=$1; OUT=$2; CONF=$3
[ "$(readlink /proc/self/ns/mnt)" != "$OUTER_MNT" ] || { echo "not in a private mount namespace"; exit 97; }
mount --bind "$OUT" "$OUT" || exit 96
mount -o remount,bind,ro / || exit 95
mount -t tmpfs -o mode=755 tmpfs /run || exit 94
[ -d /etc/lxc ] && mount -t tmpfs -o ro,mode=755 tmpfs /etc/lxc
[ -d /var/lib/lxc ] && mount -t tmpfs -o ro,mode=755 tmpfs /var/lib/lxc
if touch /ctbox-ro-check 2>/dev/null; then rm -f /ctbox-ro-check; echo "the root is writable"; exit 93; fi
unset CTBOX_RUNDIR
trap 'for n in ro1 ro2; do "$C" stop -P /run/lxc-test -n $n -k >/dev/null 2>&1; done' EXIT
r() { name=$1; shift; o=$("$@" 2>&1); echo "$name $? $(printf '%s' "$o" | tr '\n' '|')" >> "$OUT/res"; }
mkdir /run/lxc-test
export CTBOX_LXCPATH=/run/lxc-test
r create "$C" create -n ro1 -t busybox -f "$CONF"
r start "$C" start -n ro1
r attach "$C" attach -n ro1 -- /bin/sh -c 'echo inside-$(hostname)'
r info "$C" info -n ro1 -s
r stop "$C" stop -n ro1 -k
r destroy "$C" destroy -n ro1
r left ls -A /run/lxc-test
unset CTBOX_LXCPATH
r default "$C" create -n ro2 -t busybox -f "$CONF"
r pcreate "$C" create -P /run/lxc-test -n ro2 -t busybox -f "$CONF"
r pstart "$C" start -P /run/lxc-test -n ro2
r pstop "$C" stop -P /run/lxc-test -n ro2 -k
r pdestroy "$C" destroy -P /run/lxc-test -n ro2
EOF
	OUTER_MNT=$(readlink /proc/self/ns/mnt) unshare -m --propagation private \
		sh "$T/ro.sh" "$CTBOX" "$T/out" "$T/base.conf" > "$T/ro.out" 2>&1
	is "$?" 0 "read-only root: the private mount namespace was set up ($(cat "$T/ro.out"))"
	res=$(cat "$T/out/res" 2>/dev/null)
	res_of() { printf '%s\n' "$res" | sed -n "s/^$1 //p" | head -n 1; }
	is "$(res_of create)" "0 " "read-only root, CTBOX_LXCPATH on the tmpfs: create"
	is "$(res_of start)" "0 " "start (run-time state in the tmpfs /run)"
	is "$(res_of attach)" "0 inside-ro1" "attach"
	like "$(res_of info)" "^0 State: +RUNNING" "info"
	is "$(res_of stop)" "0 " "stop"
	is "$(res_of destroy)" "0 " "destroy"
	is "$(res_of left)" "0 " "nothing left in the lxcpath"
	like "$(res_of default)" "^1 ctbox: create: .*/var/lib/lxc.*Read-only file system" \
		"no -P nor CTBOX_LXCPATH: the error names /var/lib/lxc and why"
	is "$(res_of pcreate) $(res_of pstart)" "0  0 " "-P elsewhere: create and start"
	is "$(res_of pstop) $(res_of pdestroy)" "0  0 " "stop and destroy"
	ok "the host's root is still writable" sh -c ": > '$T/rw-check'"
else
	for i in $(seq 12); do skip "unshare -m --propagation is not available"; done
fi

done_testing
