#!/bin/sh
# The rescue image's test list, run inside the guest by tests/vm/init with
# busybox's sh: the initramfs is the root file system (pivot_root cannot be
# used there) and the cgroups are cgroup2 only, v1 only, or cgroup2 with every
# kernel fallback forced ($CTBOX_VM_MODE). TAP on stdout (the host hands it to
# prove), diagnostics on the console.
. "$CTBOX_SRC/tests/integration/tap.sh"
mode=$CTBOX_VM_MODE
bb=/bin/busybox
plan 54
diag "mode $mode, kernel $(uname -r), $(grep -c . /proc/self/mountinfo) mounts"

# ---- install ----
ok "ctbox --install -s /bin links every applet" "$CTBOX" --install -s /bin
is "$(readlink /bin/lxc-start)" ctbox "lxc-start is a relative link to ctbox"
# busybox for everything else; it never replaces ctbox's links.
$bb --install -s /bin 2>/dev/null
is "$(readlink /bin/brctl)" ctbox "brctl stays ctbox's after busybox --install"

# ---- a kernel check that comes out clean ----
out=$(lxc-checkconfig 2>&1); rc=$?
is "$rc" 0 "lxc-checkconfig exits 0"
bad=$(printf '%s\n' "$out" | grep -iE 'missing|not enabled|error')
is "$bad" "" "lxc-checkconfig finds nothing missing"
[ -n "$bad" ] && diag "$out"

# ---- create ----
ok "lxc-create -t busybox" lxc-create -n c1 -t busybox
cfg=/var/lib/lxc/c1/config
sed -i '/^lxc.net.0/d' "$cfg"
cat >> "$cfg" <<CONF
lxc.net.0.type = veth
lxc.net.0.link = br0
lxc.net.0.veth.pair = vc1
lxc.net.0.name = eth0
lxc.net.0.flags = up
lxc.net.0.ipv4.address = 10.0.3.2/24
lxc.cgroup2.memory.max = 48M
lxc.log.file = /tmp/c1.log
lxc.log.level = INFO
CONF
# By its full path: busybox's sh runs its own brctl for a bare "brctl".
ok "a bridge with LXC's address (brctl addbr, brctl up)" sh -c '/bin/brctl addbr br0 && /bin/brctl up br0 10.0.3.1/24'

# ---- start ----
ok "lxc-start" lxc-start -n c1
state() { lxc-info -n c1 -s | awk '{ print $2 }'; }
is "$(state)" RUNNING "RUNNING"
ok "the log says pivot_root could not be used and MS_MOVE + chroot was" grep -q "MS_MOVE + chroot" /tmp/c1.log
grep -q "MS_MOVE" /tmp/c1.log || diag "$(cat /tmp/c1.log)"

# ---- attach ----
is "$(lxc-attach -n c1 -- hostname)" c1 "attach runs in the container's UTS namespace"
is "$(lxc-attach -n c1 -- cat /etc/hostname)" c1 "attach sees the container's root"
is "$(lxc-attach -n c1 -- sh -c 'test -e /tests/vm/guest.sh && echo host-root || echo own-root')" own-root \
	"the rescue image's files are out of reach from inside"
is "$(lxc-attach -n c1 -- cat /proc/1/comm)" init "PID 1 inside is the container's init"
# The root shares its super block with the initramfs: a read-only remount
# from inside would make the host's / read-only (the default seccomp policy
# refuses it, as LXC's AppArmor profile does).
ok "mount -o remount,ro / inside is refused" lxc-attach -n c1 -- sh -c '! mount -o remount,ro / 2>/dev/null'
ok "the host's / is still writable" sh -c ': > /remount-check && rm /remount-check'
# The initramfs lies under the container's root: no mount namespace may be
# made or joined inside, where "/" detached would reveal it.
ok "no new mount namespace inside (seccomp's chroot guard)" lxc-attach -n c1 -- sh -c '! unshare -m true 2>/dev/null'
ok "new UTS namespaces still work inside" lxc-attach -n c1 -- unshare -u true
if [ "$mode" = fallback ]; then
	like "$(cat /tmp/c1.log)" "fallbacks used: pidfd \(forced\), clone3 \(forced\), openat2 \(forced\), cgroupns \(forced\)" \
		"the log names the fallbacks taken"
else
	ok "no kernel fallback taken on this kernel" sh -c '! grep -q "fallbacks used" /tmp/c1.log'
fi

# ---- freeze ----
ok "lxc-freeze" lxc-freeze -n c1
is "$(state)" FROZEN "FROZEN"
ok "lxc-unfreeze" lxc-unfreeze -n c1
is "$(state)" RUNNING "RUNNING again"

# ---- memory limit ----
is "$(lxc-cgroup -n c1 memory.max 2>/dev/null || lxc-cgroup -n c1 memory.limit_in_bytes)" 50331648 \
	"the memory limit is set (48M, v2 key translated where the kernel is v1)"
out=$(lxc-attach -n c1 -- sh -c 'x=$(head -c 150000000 /dev/zero | tr "\0" a); echo survived-${#x}' 2>&1)
case "$out" in *survived*) fail "150 MB in a 48M container is stopped"; diag "$out" ;;
*) pass "150 MB in a 48M container is stopped (OOM)" ;; esac
is "$(state)" RUNNING "the container lives on"

# ---- network ----
ok "the host reaches the container over the bridge" sh -c "ping -c 1 -W 5 10.0.3.2 >/dev/null"
ok "the container reaches the bridge's address" lxc-attach -n c1 -- sh -c "ping -c 1 -W 5 10.0.3.1 >/dev/null"
like "$(lxc-info -n c1 -i)" "10\.0\.3\.2" "lxc-info -i shows the address"

# ---- console ----
out=$( (sleep 1; printf 'echo con-$((6*7))\n'; sleep 1; printf '\001q') | lxc-console -n c1 2>&1 | tr -d '\r')
like "$out" "con-42" "lxc-console reaches the container's shell"

# ---- top, device (cgroup-dependent tools) ----
line=$(lxc-top -b -i 1 2>&1 | grep ',c1,')
like "$line" '^[0-9]{13},c1(,[0-9]+){8}$' "lxc-top -b: the container's line, 8 figures"
ok "its CPU time and memory are read from this cgroup layout" sh -c 'IFS=,; set -- $1; [ "$3" -gt 0 ] && [ "$8" -gt 0 ]' sh "$line"
ok "lxc-device add a character device" lxc-device -n c1 add /dev/null /dev/vmnull
ok "the device works inside" lxc-attach -n c1 -- sh -c 'echo x > /dev/vmnull'
ok "lxc-device del" lxc-device -n c1 del /dev/vmnull
ok "it is gone inside" lxc-attach -n c1 -- sh -c '! test -e /dev/vmnull'

# ---- stop, destroy: nothing left ----
ok "lxc-stop" lxc-stop -n c1
is "$(state)" STOPPED "STOPPED"
left=$(find /sys/fs/cgroup -maxdepth 2 -name 'lxc.*c1*' 2>/dev/null; ip -o link show 2>/dev/null | grep -o 'vc1')
is "$left" "" "no cgroup or veth left"
ok "lxc-destroy" lxc-destroy -n c1
ok "its directory is gone" test ! -e /var/lib/lxc/c1

# ---- vlan, ipvlan, macvlan (this kernel has the modules; the build host may not) ----
# The parent p0 is a veth whose other end, p0b, is in the namespace "far".
ok "a parent p0 with its peer in the namespace far" sh -c '
	netns add far && netns veth far --peer p0b --addr 10.0.7.1/24 --host-name p0 &&
	ip link set p0 up && netns exec far ip link add link p0b name p0b.9 type vlan id 9 &&
	netns exec far ip addr add 10.0.8.1/24 dev p0b.9 && netns exec far ip link set p0b.9 up'
nic() {
	n=$1; shift
	lxc-create -n "$n" -t busybox >/dev/null || return 1
	sed -i '/^lxc.net.0/d' "/var/lib/lxc/$n/config"
	for k in "$@"; do echo "$k" >> "/var/lib/lxc/$n/config"; done
	lxc-start -n "$n"
}
far_ping() { netns exec far ping -c 1 -W 5 "$1" >/dev/null; }
# stop -k answers before the kernel has torn the namespace down: wait.
far_gone() {
	for a; do
		i=0
		while netns exec far ping -c 1 -W 1 "$a" >/dev/null; do
			i=$((i + 1)); [ $i -ge 20 ] && return 1; sleep 1
		done
	done
}
ok "a vlan container (id 9 on p0) starts" nic v1 "lxc.net.0.type = vlan" "lxc.net.0.link = p0" \
	"lxc.net.0.vlan.id = 9" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.8.2/24"
like "$(lxc-attach -n v1 -- cat /proc/net/vlan/config 2>&1)" 'eth0 +\| 9 +\| p0' \
	"vlan: eth0 inside is VLAN 9 on p0"
ok "vlan: far reaches 10.0.8.2 over p0b.9" far_ping 10.0.8.2
ok "an ipvlan container (l2 on p0) starts" nic i1 "lxc.net.0.type = ipvlan" "lxc.net.0.link = p0" \
	"lxc.net.0.ipvlan.mode = l2" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.7.3/24"
ok "ipvlan: far reaches 10.0.7.3 over p0b" far_ping 10.0.7.3
stop_gone() { lxc-stop -n "$1" -k && far_gone "$2"; }
ok "ipvlan: stopped, its address no longer answers" stop_gone i1 10.0.7.3
# A parent carries macvlans or ipvlans, not both (EBUSY): after i1.
ok "a macvlan container (bridge mode on p0) starts" nic m1 "lxc.net.0.type = macvlan" "lxc.net.0.link = p0" \
	"lxc.net.0.macvlan.mode = bridge" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.7.2/24"
ok "macvlan: far reaches 10.0.7.2 over p0b" far_ping 10.0.7.2
ok "the vlan and macvlan containers stop" sh -c 'lxc-stop -n v1 -k && lxc-stop -n m1 -k'
ok "p0 is still here and up" sh -c 'ip -o link show p0 | grep -q "UP"'
ok "their addresses went with their namespaces" far_gone 10.0.8.2 10.0.7.2
ok "destroyed, far removed" sh -c 'lxc-destroy -n v1 && lxc-destroy -n i1 && lxc-destroy -n m1 && netns delete far'
done_testing
