#!/bin/sh
# Networking for an unprivileged user through the user-nic service and
# lxc-usernet: a user of its own (made here, removed at the end) starts
# containers with a veth into a bridge the file allows (by user and by
# group: the counts add up); the quota, a namespace that is not the user's
# and a bridge the file does not name are refused; lxc-user-nic's command
# line; stop removes the host veth and its record. The bridges are on the
# host (the service's side), unique, with no address: the only traffic is
# a ping between two of the test's containers over its own bridge.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" | grep -q 'statically linked' || plan_skip_all "no static busybox"
for a in start user-nic bridge; do
	"$CTBOX" --list | grep -qx "$a" || plan_skip_all "the $a applet is not in this build"
done
[ -e /proc/self/uid_map ] && unshare -U true 2>/dev/null || plan_skip_all "no user namespaces here"
[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo 1)" = 1 ] ||
	plan_skip_all "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone)"
"$CTBOX_SRC/scripts/need.sh" newuidmap:uidmap useradd:passwd setpriv:util-linux unshare:util-linux >/dev/null 2>&1 ||
	plan_skip_all "no newuidmap/useradd/setpriv/unshare"
[ -d /sys/module/veth ] || modprobe veth 2>/dev/null || true

U=ctbun$$
G=ctbug$$
BR=ctbu$$
BR2=ctbv$$
groupadd "$G" || plan_skip_all "groupadd failed"
at_exit "groupdel '$G' >/dev/null 2>&1"
useradd -m -s /bin/sh -G "$G" "$U" || plan_skip_all "useradd failed"
at_exit "userdel -r '$U' >/dev/null 2>&1; sed -i '/^$U:/d' /etc/subuid /etc/subgid"
H=$(getent passwd "$U" | cut -d: -f6)
UID_U=$(id -u "$U")
for f in subuid subgid; do
	if ! grep -q "^$U:" "/etc/$f" 2>/dev/null; then
		top=$(awk -F: '{ e = $2 + $3; if (e > m) m = e } END { print (m > 100000 ? m : 100000) }' "/etc/$f" 2>/dev/null)
		echo "$U:${top:-100000}:65536" >> "/etc/$f"
	fi
done
SUBU=$(awk -F: -v u="$U" '$1 == u { print $2; exit }' /etc/subuid)
SUBG=$(awk -F: -v u="$U" '$1 == u { print $2; exit }' /etc/subgid)

# The bridges, on the host, up, without addresses.
for b in "$BR" "$BR2"; do
	at_exit "'$CTBOX' bridge down '$b' >/dev/null 2>&1; '$CTBOX' bridge delbr '$b' >/dev/null 2>&1"
	"$CTBOX" bridge up "$b" >/dev/null 2>&1 || plan_skip_all "can't make bridge $b"
done

# The service, on a socket of the test's own.
chmod 755 "$T"
cat > "$T/usernet" <<EOF
# the test's bridge: one for the user, one for its group
$U veth $BR 1

bogus line here
@$G veth $BR 1
$U veth ${BR}x 5
EOF
"$CTBOX" user-nic --serve --socket "$T/sock" --usernet "$T/usernet" --db "$T/nics" 2>"$T/serve.log" &
SPID=$!
at_exit "kill $SPID 2>/dev/null; wait $SPID 2>/dev/null"
i=0
while [ ! -S "$T/sock" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
ok "the service listens, its socket mode 0666" test "$(stat -c %a "$T/sock" 2>/dev/null)" = 666

L=$H/.local/share/lxc
NET=10.254.$(($$ % 250))
mk() {
	n=$1
	r=$L/$n/rootfs
	mkdir -p "$r/bin" "$r/sbin" "$r/etc" "$r/proc" "$r/sys" "$r/dev" "$r/tmp"
	cp "$bb" "$r/bin/busybox"
	for l in sh sleep cat ip ping; do ln -sf busybox "$r/bin/$l"; done
	shift
	{
		echo "lxc.rootfs.path = dir:$r"
		echo "lxc.mount.auto = proc:mixed sys:ro"
		echo "lxc.init.cmd = /bin/sleep 1000"
		echo "lxc.idmap = u 0 $SUBU 65536"
		echo "lxc.idmap = g 0 $SUBG 65536"
		for l in "$@"; do echo "$l"; done
	} > "$L/$n/config"
	chown -R "$U:" "$H"
}
B=$H/ctbox
cp "$CTBOX" "$B"
chmod 755 "$H" "$B"
as_user() {
	setpriv --reuid="$U" --regid="$U" --init-groups env -i HOME="$H" PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		CTBOX_USER_NIC_SOCKET="$T/sock" "$@"
}
for c in c1 c2 c3 c4; do
	at_exit "as_user '$B' stop -n $c -k >/dev/null 2>&1"
done
# A stop answers before its monitor's clean-up: wait (bounded) for it.
gone() {
	[ -n "$1" ] || return 1
	i=0
	while { [ -e "/sys/class/net/$1" ] || grep -q " $1\$" "$T/nics"; } && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ ! -e "/sys/class/net/$1" ] && ! grep -q " $1\$" "$T/nics"
}
hostveth() { awk -v u="$UID_U" -v b="$1" '$1 == u && $2 == "veth" && $3 == b { print $4 }' "$T/nics" 2>/dev/null; }

mk c1 "lxc.net.0.type = veth" "lxc.net.0.link = $BR" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = $NET.2/24" \
	"lxc.net.0.mtu = 1400"
out=$(as_user "$B" start -n c1 2>&1)
like "$out" "MTU 1400 is below bridge $BR's 1500: it would lower the bridge's for every port" \
	"an MTU below the bridge's is refused (the bridge would take it for every port)"
sed -i 's/^lxc.net.0.mtu = 1400$/lxc.net.0.mtu = 1600/' "$L/c1/config"
out=$(as_user "$B" start -n c1 2>&1)
is "$?" 0 "an unprivileged user starts a container with a veth on $BR ($out)"
inside=$(as_user "$B" attach -n c1 -- ip -4 addr show eth0 2>&1)
like "$inside" "inet $NET\.2/24" "inside: eth0 with its address"
like "$inside" "mtu 1600" "and its MTU"
V1=$(hostveth "$BR")
like "$V1" '^veth[A-Za-z0-9]{6}$' "the db records the user's host veth ($V1)"
is "$(basename "$(readlink "/sys/class/net/$V1/master" 2>/dev/null)")" "$BR" "the host veth is a port of the bridge"
is "$(( $(cat "/sys/class/net/$V1/flags" 2>/dev/null || echo 0) & 1 ))" 1 "and up"

mk c2 "lxc.net.0.type = veth" "lxc.net.0.link = $BR" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = $NET.3/24" \
	"lxc.net.0.hwaddr = 02:00:0a:fe:xx:xx" "lxc.net.0.name = lan0"
out=$(as_user "$B" start -n c2 2>&1)
is "$?" 0 "a second one: the group's line adds to the user's ($out)"
V2=$(hostveth "$BR" | grep -vx "$V1")
like "$(as_user "$B" attach -n c2 -- cat /sys/class/net/lan0/address 2>&1)" "^02:00:0a:fe:[0-9a-f]{2}:[0-9a-f]{2}$" \
	"c2's lan0: its name and lxc.net.0.hwaddr"
ping_c2() { as_user "$B" attach -n c1 -- ping -c 1 -W 10 "$NET.3" >/dev/null 2>&1; }
ok "c1 pings c2 over the bridge" ping_c2

mk c3 "lxc.net.0.type = veth" "lxc.net.0.link = $BR" "lxc.net.0.flags = up"
out=$(as_user "$B" start -n c3 2>&1)
is "$?" 1 "a third one is over the quota: refused"
like "$out" "allows user $U 2 veth on $BR, 2 in use" "and says so"
is "$(as_user "$B" info -n c3 -s | awk '{ print $2 }')" STOPPED "c3 is STOPPED"
is "$(ls "/sys/class/net/$BR/brif" | wc -l)" 2 "and the bridge has no third port"

mk c4 "lxc.net.0.type = veth" "lxc.net.0.link = $BR2" "lxc.net.0.flags = up"
out=$(as_user "$B" start -n c4 2>&1)
is "$?" 1 "a bridge lxc-usernet does not name: refused"
like "$out" "gives user $U no veth on $BR2" "and says so"

# lxc-user-nic's command line: the caller's own (the host's) namespace.
out=$(as_user sh -c 'exec "$0" user-nic create /x y $$ veth "$1" eth9' "$B" "$BR" 2>&1)
is "$?" 1 "a namespace that is not the user's (the host's): refused"
like "$out" "network namespace is not user $U's" "and says so"
ok "the service lived through every refusal" kill -0 "$SPID"

ok "stop c1" as_user "$B" stop -n c1 -k
ok "its host veth is gone, and its record" gone "$V1"

# In a user namespace of the user's own, as LXC calls lxc-user-nic.
out=$(as_user unshare -Urn sh -c 'exec "$0" user-nic create /x y $$ veth "$1" eth7' "$B" "$BR" 2>&1)
like "$out" '^eth7:[0-9]+:veth[A-Za-z0-9]{6}:[0-9]+$' "lxc-user-nic create prints NAME:IFINDEX:HOSTVETH:HOSTIFINDEX ($out)"
out=$(as_user "$B" user-nic delete /x y /proc/1/ns/net veth "$BR" "$BR" 2>&1)
is "$?" 1 "lxc-user-nic delete of a device that is not the user's: refused"
like "$out" "has no veth '$BR' on $BR" "and says so"
ok "the bridge is still there" test -d "/sys/class/net/$BR/bridge"
ok "lxc-user-nic delete of c2's host veth" as_user "$B" user-nic delete /x c2 /proc/1/ns/net veth "$BR" "$V2"
ok "it is gone, and its record" gone "$V2"
ok "stop c2 (its veth already gone)" as_user "$B" stop -n c2 -k
[ "$tap_fail" = 0 ] || diag "the service's log:" "$(cat "$T/serve.log")"
done_testing
