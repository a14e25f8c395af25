#!/bin/sh
# device (lxc-device) on running busybox containers, root only: host
# device nodes made inside (mode and numbers kept, parents made) and
# usable (/dev/zero reads zeros, a node with /dev/full's numbers gives
# ENOSPC), access given and taken back in the device cgroup (a node of an
# unregistered device: ENXIO when allowed, EPERM when not; devices.list on
# v1), del by the inside path or after the host's node went; a user
# namespaced container (the host's node bound in); network interfaces
# moved in under a new name and back under their own; --save writing the
# config and del --save taking it out again; bad input refused with
# nothing made, symlinks inside refused.
#
# The test runs in a network namespace of its own (the "host" whose
# interfaces move in and out): the machine's interfaces are never touched,
# and the veth pair it makes vanishes with it.

if [ -z "${CTBOX_DEVICE_T_NS:-}" ] && [ "$(id -u)" = 0 ]; then
	if command -v unshare >/dev/null && unshare --net true 2>/dev/null; then
		CTBOX_DEVICE_T_NS=1 exec unshare --net sh "$0" "$@"
	fi
	CTBOX_DEVICE_T_NS=none
fi

. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop attach device info

dev() { "$CTBOX" device -P "$P" "$@"; }
# at NAME SCRIPT: run a busybox sh script inside, stderr with stdout.
at() { "$CTBOX" attach -P "$P" -n "$1" -- /bin/busybox sh -c "$2" 2>&1; }
# there NAME PATH: "there" when PATH exists inside (a dangling link too).
there() { at "$1" "[ -e $2 ] || [ -L $2 ] && echo there"; }
# numbers of a node inside, decimal (stat prints them in hex).
nums() {
	at "$1" "/bin/busybox stat -c '%t %T %a %u' $2 2>/dev/null" |
		while read -r ma mi mode uid; do printf '%d:%d %s %s\n' "0x$ma" "0x$mi" "$mode" "$uid"; done
}
# devices.list of a running container on v1 ("" elsewhere).
devlist() {
	p_=$(awk -F: '$2 == "devices" { print $3 }' "$CTBOX_RUNDIR"/*/"$1"/cgroup 2>/dev/null)
	m_=$(awk '$3 == "cgroup" && $4 ~ /(^|,)devices(,|$)/ { print $2; exit }' /proc/self/mounts)
	[ -n "$p_" ] && [ -n "$m_" ] && cat "$m_$p_/devices.list"
}
have_v1_devices() { awk '$3 == "cgroup" && $4 ~ /(^|,)devices(,|$)/ { f = 1 } END { exit !f }' /proc/self/mounts; }

plan 77

mkct d1 "lxc.init.cmd = /bin/sleep 1000" "lxc.net.0.type = empty"
mkct d2 "lxc.init.cmd = /bin/sleep 1000"
cp "$P/d1/config" "$T/d1.config"
ok "start d1" "$CTBOX" start -P "$P" -n d1

# -- nodes --
ok "add /dev/zero as /dev/myzero" dev -n d1 add /dev/zero /dev/myzero
is "$(nums d1 /dev/myzero)" "1:5 666 0" "made inside: 1:5, mode 666, owned by root"
is "$(at d1 '/bin/busybox head -c 4 /dev/myzero | /bin/busybox od -An -tx1' | tr -d ' ')" "00000000" \
	"it reads zeros"
is "$(cat "$CTBOX_RUNDIR"/*/d1/devices)" "node c 1:5 /dev/zero /dev/myzero" "recorded in the run dir"

mknod -m 640 "$T/myfull" c 1 7
ok "add a node of the host's (1:7, mode 640) in new directories" dev -n d1 add "$T/myfull" /dev/sub/dir/full
is "$(nums d1 /dev/sub/dir/full)" "1:7 640 0" "made with its mode"
like "$(at d1 'echo x > /dev/sub/dir/full')" "No space left on device" "writing to it: ENOSPC"
is "$(at d1 '/bin/busybox stat -c %a /dev/sub /dev/sub/dir' | tr '\n' ' ')" "755 755 " \
	"parent directories made 0755"

mknod "$T/fake" c 1 200
like "$(at d1 '/bin/busybox mknod /dev/pre c 1 200 && : < /dev/pre')" "Operation not permitted" \
	"before add: a node the container makes of 1:200 is refused (EPERM)"
ok "add a node of an unregistered device (1:200)" dev -n d1 add "$T/fake" /dev/fake
like "$(at d1 ': < /dev/fake')" "No such device or address" "allowed now: the driver answers (ENXIO)"
if have_v1_devices; then
	like "$(devlist d1 | tr '\n' ' ')" "c 1:200 rwm" "v1: devices.list has c 1:200 rwm"
else
	skip "no v1 devices controller"
fi
ok "del it" dev -n d1 del "$T/fake" /dev/fake
is "$(there d1 /dev/fake)" "" "gone inside"
like "$(at d1 ': < /dev/pre')" "Operation not permitted" "a node the container made is refused again (EPERM)"
if have_v1_devices; then
	l_=$(devlist d1 | tr '\n' ' ')
	case "$l_" in
	*"c 1:200 "*) fail "v1: c 1:200 not in devices.list"; diag "$l_" ;;
	*) pass "v1: c 1:200 not in devices.list" ;;
	esac
else
	skip "no v1 devices controller"
fi

ok "del /dev/myzero (host path, inside path)" dev -n d1 del /dev/zero /dev/myzero
is "$(there d1 /dev/myzero)" "" "gone inside"
is "$(at d1 '/bin/busybox head -c 2 /dev/zero | /bin/busybox od -An -tx1' | tr -d ' ')" "0000" \
	"the container's own /dev/zero still works (its configuration allows it)"
ok "del HOST alone: where add put it" sh -c "'$CTBOX' device -P '$P' -n d1 add /dev/zero /dev/z2 &&
	'$CTBOX' device -P '$P' -n d1 del /dev/zero"
is "$(there d1 /dev/z2),$(there d1 /dev/zero)" ",there" "that node gone, the container's /dev/zero kept"
rm "$T/myfull"
ok "del after the host's node went (found in the record by its inside path)" dev -n d1 del /dev/sub/dir/full
is "$(there d1 /dev/sub/dir/full)" "" "gone inside"
ok "the same device at two paths" sh -c "'$CTBOX' device -P '$P' -n d1 add '$T/fake' /dev/f1 &&
	'$CTBOX' device -P '$P' -n d1 add '$T/fake' /dev/f2 && '$CTBOX' device -P '$P' -n d1 del '$T/fake' /dev/f1"
like "$(at d1 ': < /dev/f2')" "No such device or address" "one del leaves the other path's access"
ok "del the other" dev -n d1 del "$T/fake" /dev/f2
like "$(at d1 ': < /dev/pre')" "Operation not permitted" "then it is refused"
is "$(cat "$CTBOX_RUNDIR"/*/d1/devices 2>/dev/null)" "" "the record is empty"

# -- a configuration allowing every device --
mkct d3 "lxc.init.cmd = /bin/sleep 1000" "lxc.net.0.type = empty" "lxc.cgroup.devices.allow = a"
ok "start d3 (lxc.cgroup.devices.allow = a), add and del 1:200" sh -c "'$CTBOX' start -P '$P' -n d3 &&
	'$CTBOX' device -P '$P' -n d3 add '$T/fake' /dev/fake && '$CTBOX' device -P '$P' -n d3 del '$T/fake' /dev/fake"
like "$(at d3 '/bin/busybox mknod /dev/k c 1 200 && : < /dev/k')" "No such device or address" \
	"del leaves what the configuration allows: still allowed"
ok "stop d3" "$CTBOX" stop -P "$P" -n d3 -k

# -- bad input --
out=$(dev -n d1 add /etc/passwd 2>&1)
like "$out" "'/etc/passwd' is not a device node" "a plain file refused"
out=$(dev -n d1 add /dev/no-such-node 2>&1)
like "$out" "No such file or directory" "a missing node refused"
out=$(dev -n d1 add nosuchthing0 2>&1)
like "$out" "no such network interface or device node" "neither an interface nor a node"
out=$(dev -n d1 add /dev/null 2>&1)
like "$out" "'/dev/null' exists inside already" "an existing path inside refused"
at d1 '/bin/busybox ln -s / /dev/esc; /bin/busybox ln -s /etc /dev/etc2' >/dev/null
out=$(dev -n d1 add /dev/zero /dev/esc/zz 2>&1)
like "$out" "'esc' is a symbolic link \\(refused\\)" "a symlink inside on the way refused"
is "$(there d1 /zz)$(ls /zz 2>/dev/null)" "" "nothing made through it"
out=$(dev -n d1 add /dev/zero /dev/etc2 2>&1)
like "$out" "exists inside already" "a symlink as the last component refused"
out=$(dev -n d1 add /dev/zero ../../etc/zz 2>&1)
like "$out" "'.' or '..' in the path" "'..' refused"
out=$(dev -n d1 add /dev/zero "/dev/$(printf 'x%.0s' $(seq 300))" 2>&1)
like "$out" "path component too long" "a name too long refused"
out=$(dev -n d1 move /dev/zero 2>&1)
like "$out" "unknown action 'move'" "an unknown action refused"
out=$(dev -n d2 add /dev/zero 2>&1)
like "$out" "'d2' is not running" "a stopped container refused"
is "$(ls "$CTBOX_RUNDIR"/*/d2 2>/dev/null)" "" "and no run dir made for it"
out=$(dev -n nosuch add /dev/zero 2>&1)
like "$out" "'nosuch' does not exist" "an unknown container refused"
dev -n d1 add >/dev/null 2>&1
is "$?" 1 "missing operands: usage, status 1"
out=$(dev -n d1 del /dev/never-added 2>&1)
like "$out" "no such device, and none handed to 'd1'" "del of a device never handed over"

# -- network interfaces --
# Only in the test's own network namespace.
if [ "${CTBOX_DEVICE_T_NS:-}" = 1 ] && ip link add dvt0 type veth peer name dvt1 2>/dev/null; then
	at_exit "ip link del dvt0 2>/dev/null; ip link del dvt9 2>/dev/null"
	ok "add an interface as eth7" dev -n d1 add dvt0 eth7
	like "$(at d1 'cat /proc/net/dev')" " eth7:" "inside under its new name"
	ok "gone from the host" sh -c '! ip link show dvt0 >/dev/null 2>&1'
	like "$(dev -n d1 add dvt0 eth8 2>&1)" "'dvt0' is in 'd1' already, as 'eth7'" "added twice refused"
	like "$(dev -n d1 add dvt1 eth7 2>&1)" "an interface 'eth7' exists in the container already" \
		"a name in use inside refused"
	like "$(dev -n d1 add dvt1 eth0123456789abcdef 2>&1)" "longer than 15 bytes" "a name too long refused"
	like "$(dev -n d1 add lo 2>&1)" "loopback" "loopback refused"
	ok "del eth7" dev -n d1 del eth7
	ok "back on the host under its own name" sh -c 'ip link show dvt0 >/dev/null'
	ok "gone inside" sh -c "! '$CTBOX' attach -P '$P' -n d1 -- /bin/busybox grep -q eth7: /proc/net/dev"
	ok "add again, del by its host name (add's order)" sh -c "'$CTBOX' device -P '$P' -n d1 add dvt0 eth7 &&
		'$CTBOX' device -P '$P' -n d1 del dvt0 && ip link show dvt0 >/dev/null"
	ok "del to another name on the host" sh -c "'$CTBOX' device -P '$P' -n d1 add dvt0 eth7 &&
		'$CTBOX' device -P '$P' -n d1 del eth7 dvt9 && ip link show dvt9 >/dev/null &&
		ip link set dvt9 name dvt0"
else
	for i in $(seq 12); do skip "no network namespace of the test's own, or no veth pair"; done
fi

# -- --save --
ok "add --save a node" dev -n d1 --save add /dev/zero /dev/sz
ok "config: devices.allow and a bind mount entry" sh -c "grep -qx 'lxc.cgroup2\\{0,1\\}.devices.allow = c 1:5 rwm' '$P/d1/config' &&
	grep -qx 'lxc.mount.entry = /dev/zero dev/sz none bind,optional,create=file 0 0' '$P/d1/config'"
ok "del --save" dev -n d1 --save del /dev/zero /dev/sz
ok "config as before" cmp -s "$T/d1.config" "$P/d1/config"
if [ "${CTBOX_DEVICE_T_NS:-}" = 1 ] && ip link show dvt0 >/dev/null 2>&1; then
	ok "add --save an interface" dev -n d1 --save add dvt0 eth8
	is "$(grep '^lxc.net.1' "$P/d1/config" | tr '\n' ' ')" \
		"lxc.net.1.type = phys lxc.net.1.link = dvt0 lxc.net.1.name = eth8 " "config: lxc.net.1 of type phys"
	ok "del --save" dev -n d1 --save del eth8
	ok "config as before" cmp -s "$T/d1.config" "$P/d1/config"
else
	for i in $(seq 4); do skip "no veth pair"; done
fi

# -- an interface still inside when the container stops comes back --
if [ "${CTBOX_DEVICE_T_NS:-}" = 1 ] && ip link show dvt0 >/dev/null 2>&1; then
	mkct d4 "lxc.init.cmd = /bin/sleep 1000" "lxc.net.0.type = empty"
	"$CTBOX" start -P "$P" -n d4
	ok "add an interface to another container" dev -n d4 add dvt0 eth5
	ok "stop that container with the interface inside" "$CTBOX" stop -P "$P" -n d4 -k
	ok "the interface is back on the host under its own name" sh -c 'ip link show dvt0 >/dev/null'
else
	for i in $(seq 3); do skip "no veth pair"; done
fi

# -- a user namespace --
mkct u1 "lxc.init.cmd = /bin/sleep 1000" "lxc.net.0.type = empty" \
	"lxc.idmap = u 0 100000 65536" "lxc.idmap = g 0 100000 65536"
# The run dir (under $T) must be reachable from the user namespace.
chmod 711 "$T"
if [ -e /proc/self/uid_map ] && unshare -U true 2>/dev/null &&
	"$CTBOX" start -P "$P" -n u1 2>"$T/err"; then
	ok "user namespace: add /dev/zero" dev -n u1 add /dev/zero /dev/uz/z
	is "$(at u1 '/bin/busybox head -c 3 /dev/uz/z | /bin/busybox od -An -tx1' | tr -d ' ')" "000000" \
		"it reads zeros (the host's node bound in)"
	is "$(at u1 '/bin/busybox stat -c %u /dev/uz')" "0" "its directory belongs to the container's root"
	ok "del" dev -n u1 del /dev/uz/z
	is "$(at u1 '/bin/busybox ls /dev/uz')" "" "gone inside"
	"$CTBOX" stop -P "$P" -n u1 -k
else
	diag "$(cat "$T/err")"
	for i in $(seq 5); do skip "no container with lxc.idmap here"; done
fi

ok "stop d1" "$CTBOX" stop -P "$P" -n d1 -k
is "$(ls "$CTBOX_RUNDIR"/*/d1/devices 2>/dev/null)" "" "the record goes with the run"
done_testing
