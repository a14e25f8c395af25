#!/bin/sh
# Container networking (lxc.net.N.*, LXC's semantics), root only: a web
# farm of busybox httpd containers on a bridge (static and auto addresses)
# fetched from here and pinging each other; every NIC setting checked from
# inside (name, hwaddr template, mtu, flags, addresses, gateways, routes);
# veth router mode, macvlan, ipvlan and vlan (skipped where the kernel
# lacks them), phys (in and back out, also after the
# monitor was killed); script.up/down; info and ls columns; auto address
# leases (exhausted, released, concurrent starts); bad input refused with
# nothing left behind; 100 start/stop cycles leaving nothing behind.
#
# The whole test runs in a network namespace of its own (with a mount
# namespace for a /sys and a /run/netns showing that namespace only): the
# bridges, the parents and the containers' host side live there, it has no
# link to the machine's interfaces, and it vanishes when the test ends.

if [ -z "${CTBOX_NETWORK_T_NS:-}" ] && [ "$(id -u)" = 0 ]; then
	src=${CTBOX_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
	if "$src/scripts/need.sh" ip:iproute2 unshare:util-linux nsenter:util-linux >&2 &&
		unshare --net --mount true 2>/dev/null; then
		# A mount point for the private /run/netns: made here only when
		# missing, removed (empty) afterwards.
		made=""
		[ -d /run/netns ] || { mkdir -p /run/netns && made=1; }
		CTBOX_NETWORK_T_NS=1 unshare --net --mount sh "$0" "$@"
		rc=$?
		[ -n "$made" ] && rmdir /run/netns 2>/dev/null
		exit $rc
	fi
	CTBOX_NETWORK_T_NS=none
fi

. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root
[ "${CTBOX_NETWORK_T_NS:-}" = 1 ] || plan_skip_all "no iproute2, or no network namespace"
# A sysfs of this namespace on /sys, with the host's cgroup tree moved over
# onto it (containers need their cgroups).
mkdir "$T/cg" && mount --make-rprivate / && mount --rbind /sys/fs/cgroup "$T/cg" &&
	mount -t sysfs sysfs /sys && mount --move "$T/cg" /sys/fs/cgroup ||
	plan_skip_all "can't mount a sysfs of our own"
mount -t tmpfs -o mode=0755 network-t /run/netns || plan_skip_all "can't mount a tmpfs on /run/netns"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop info ls attach bridge
ip link add ctbox-probe type bridge 2>/dev/null || plan_skip_all "the kernel has no bridges"
ip link del ctbox-probe
ip link add ctbox-v0 type veth peer name ctbox-v1 2>/dev/null || plan_skip_all "the kernel has no veth"
ip link del ctbox-v0

export LC_ALL=C
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy
ip link set lo up
SYS=/sys/class/net
B=$CTBOX

# ---- helpers ----
skipn() { k_=$1; shift; while [ "$k_" -gt 0 ]; do skip "$*"; k_=$((k_ - 1)); done; }
links() { ls "$SYS" | sort; }
# same_links FILE: the links here are those listed in FILE (the kernel
# deletes a dead namespace's veths in the background: call through eventually).
same_links() { [ "$(links)" = "$(cat "$1")" ]; }
# no_new_links FILE: no link here that FILE does not list (one FILE lists
# may still go: an earlier test's veth the kernel is deleting).
no_new_links() { [ -z "$(links | comm -13 "$1" -)" ]; }
absent() { [ ! -e "$SYS/$1" ]; }
present() { [ -e "$SYS/$1" ]; }
master() { [ -e "$SYS/$1/master" ] && basename "$(readlink "$SYS/$1/master")"; }
no_netns() { [ -z "$(ls -A /run/netns)" ]; }
in_ct() { c_=$1; shift; "$B" attach -P "$P" -n "$c_" -- "$@"; }
initpid() { "$B" info -P "$P" -n "$1" -p | awk '{ print $2 }'; }
monpid() { sed -n 's/^[A-Z]* [0-9]* [0-9]* \([0-9]*\).*/\1/p' "$CTBOX_RUNDIR"/*/"$1"/state; }
# in_ns CT CMD...: a host tool in CT's network namespace.
in_ns() { c_=$1; shift; nsenter -t "$(initpid "$c_")" -n "$@"; }
ips() { "$B" info -P "$P" -n "$1" -i | awk '/^IP:/ { print $2 }'; }
is_stopped() { [ "$(state "$1")" = STOPPED ]; }
is_running() { [ "$(state "$1")" = RUNNING ]; }
# ping_ct CT ADDR: CT pings ADDR (three tries).
ping_ct() { in_ct "$1" ping -c 1 -W 2 "$2" >/dev/null 2>&1 || in_ct "$1" ping -c 1 -W 2 "$2" >/dev/null 2>&1 ||
	in_ct "$1" ping -c 1 -W 2 "$2" >/dev/null 2>&1; }
ping_here() { "$bb" ping -c 1 -W 2 "$1" >/dev/null 2>&1 || "$bb" ping -c 1 -W 2 "$1" >/dev/null 2>&1 ||
	"$bb" ping -c 1 -W 2 "$1" >/dev/null 2>&1; }
# leases ADDR: the files under the run dir that mention ADDR.
leases() {
	a_=$(printf '%s' "$1" | sed 's/\./\\./g')
	grep -rlE "(^|[^0-9.])$a_([^0-9]|\$)" "$CTBOX_RUNDIR" 2>/dev/null
}
# leased_to ADDR CT: a file under the run dir records ADDR for CT (CT in
# its path or its text).
leased_to() {
	for f_ in $(leases "$1"); do
		case "$f_" in */"$2"/* | *[!a-zA-Z0-9]"$2" | *[!a-zA-Z0-9]"$2".*) return 0 ;; esac
		grep -qw -- "$2" "$f_" && return 0
	done
	return 1
}
not_leased() { [ -z "$(leases "$1")" ]; }
# no_lease_in A.B.C: no file under the run dir mentions an address A.B.C.*
no_lease_in() { ! grep -rqE "(^|[^0-9.])$(echo "$1" | sed 's/\./\\./g')\.[0-9]" "$CTBOX_RUNDIR"; }
rundir_files() { find "$CTBOX_RUNDIR" | sort; }
no_ports() { [ -z "$(ls "$SYS/$1/brif")" ]; }
# tools: busybox applets for the rootfs made by mkct
tools() { for a_ in httpd wget ping ip ifconfig route mkdir; do ln -sf busybox "$P/$1/rootfs/bin/$a_"; done; }
# webct NAME LINES...: a container whose init writes its page and runs httpd.
webct() {
	w_=$1; shift
	mkct "$w_" "lxc.init.cmd = /web.sh" "$@"
	tools "$w_"
	cat > "$P/$w_/rootfs/web.sh" <<EOF
#!/bin/sh
ip addr > /net-at-init
ip route >> /net-at-init
mkdir -p /www
echo "page of $w_" > /www/index.html
exec httpd -f -p 80 -h /www
EOF
	chmod 755 "$P/$w_/rootfs/web.sh"
}
# sct NAME LINES...: a container that sleeps.
sct() { s_=$1; shift; mkct "$s_" "lxc.init.cmd = /bin/sleep 100000" "$@"; tools "$s_"; }
fetch() { timeout 5 "$bb" wget -q -O - "http://$1/" 2>/dev/null; }
# page ADDR WANT: the page at ADDR is WANT (within about 15 s: httpd starts).
page_is() { [ "$(fetch "$1")" = "$2" ]; }
start_ok() {
	if "$B" start -P "$P" -n "$1" 2>"$T/err"; then pass "start $1"; else fail "start $1"; diag "$(cat "$T/err")"; fi
}
stop_k() { "$B" stop -P "$P" -n "$1" -k >/dev/null 2>&1; }
# refused WHAT REGEX CT: starting CT fails naming the problem (REGEX on
# stderr), CT is STOPPED, no link comes or goes here, no /run/netns entry.
refused() {
	what=$1 rx=$2 ct=$3
	links > "$T/before"
	"$B" start -P "$P" -n "$ct" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" != 0 ] && grep -Eq -- "$rx" "$T/err"; then
		pass "$what: refused"
	else
		fail "$what: refused"
		diag "rc $rc, stderr: $(cat "$T/err")" "want: $rx"
	fi
	[ "$rc" != 0 ] && diag "$(cat "$T/err")"
	ok "$what: $ct is STOPPED" eventually is_stopped "$ct"
	if eventually no_new_links "$T/before" && no_netns; then
		pass "$what: nothing left behind"
	else
		fail "$what: nothing left behind"
		diag "links before: $(tr '\n' ' ' < "$T/before")" "links now: $(links | tr '\n' ' ')" \
			"/run/netns: $(ls /run/netns)"
		stop_k "$ct"
	fi
}

links > "$T/links0"
ok "bridge up br0 10.0.3.1/24" "$B" bridge up br0 10.0.3.1/24
ok "bridge addr br0 fd00:3::1/64" "$B" bridge addr br0 fd00:3::1/64

# ---- the web farm: three static, three auto ----
for i in 1 2 3; do
	webct "w$i" "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.flags = up" \
		"lxc.net.0.ipv4.address = 10.0.3.1$i/24" "lxc.net.0.ipv4.gateway = auto"
done
echo "lxc.net.0.veth.pair = vw1" >> "$P/w1/config"
for i in 4 5 6; do
	webct "w$i" "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.flags = up" \
		"lxc.net.0.ipv4.address = auto" "lxc.net.0.ipv4.gateway = auto"
done
for i in 1 2 3 4 5 6; do start_ok "w$i"; done
for i in 1 2 3; do
	if eventually page_is "10.0.3.1$i" "page of w$i"; then pass "w$i's page from 10.0.3.1$i"; else
		fail "w$i's page from 10.0.3.1$i"; diag "got: '$(fetch "10.0.3.1$i")'"; fi
done
autos=""
for i in 4 5 6; do
	a=$(ips "w$i")
	like "$a" '^10\.0\.3\.([2-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-4])$' "w$i has an auto address in br0's subnet ($a)"
	if [ -n "$a" ] && eventually page_is "$a" "page of w$i"; then pass "w$i's page from its auto address"; else
		fail "w$i's page from its auto address"; diag "got: '$(fetch "${a:-none}")'"; fi
	ok "w$i's lease is recorded under the run dir with its name" leased_to "${a:-none}" "w$i"
	autos="$autos $a"
done
is "$(echo $autos | tr ' ' '\n' | sort -u | wc -l)" 3 "the three auto addresses differ"
is "$(echo $autos 10.0.3.1 10.0.3.11 10.0.3.12 10.0.3.13 | tr ' ' '\n' | sort -u | wc -l)" 7 \
	"... and are neither the bridge's nor a static container's"
ok "w1 pings w2" ping_ct w1 10.0.3.12
for c in w1 w4; do
	like "$(cat "$P/$c/rootfs/net-at-init" 2>/dev/null)" "inet 10\.0\.3\.[0-9]+/24 .*eth0" "$c: the address is there when init starts"
	like "$(cat "$P/$c/rootfs/net-at-init" 2>/dev/null)" "default via 10\.0\.3\.1 dev eth0" "$c: the default route too"
done
ok "w2 pings w3" ping_ct w2 10.0.3.13
ok "w3 pings w1" ping_ct w3 10.0.3.11
a4=$(ips w4) a5=$(ips w5)
ok "w4 pings w5 (auto addresses)" ping_ct w4 "${a5:-none}"
ok "w6 pings w1" ping_ct w6 10.0.3.11
ok "w1 pings the gateway" ping_ct w1 10.0.3.1
ok "w5 pings the gateway" ping_ct w5 10.0.3.1
like "$(in_ct w1 ip route 2>&1)" "^default via 10\.0\.3\.1 dev eth0" "w1: default route via br0's address (gateway auto)"
like "$(in_ct w4 ip route 2>&1)" "^default via 10\.0\.3\.1 dev eth0" "w4 (auto address): the same"
ok "w1's host end is vw1 (veth.pair) ..." present vw1
is "$(master vw1)" br0 "... a port of br0"
is "$(ls "$SYS/br0/brif" | wc -l)" 6 "br0 has six ports"
info=$("$B" info -P "$P" -n w2)
like "$info" "^IP: +10\.0\.3\.12$" "info: IP line"
link=$(printf '%s\n' "$info" | sed -n 's/^Link: *//p')
like "$link" '^veth[0-9A-Za-z]{6}$' "info: Link is the host end, a generated vethXXXXXX ($link)"
is "$(master "${link:-none}")" br0 "... a port of br0"
like "$info" "^ TX bytes: +[1-9]" "info: TX bytes (traffic seen)"
like "$info" "^ RX bytes: +[1-9]" "info: RX bytes"
like "$info" "^ Total bytes: +[1-9]" "info: Total bytes"
rawi=$("$B" info -P "$P" -n w2 -H)
tx=$(printf '%s\n' "$rawi" | sed -n 's/^ TX bytes: *//p')
rx=$(printf '%s\n' "$rawi" | sed -n 's/^ RX bytes: *//p')
tot=$(printf '%s\n' "$rawi" | sed -n 's/^ Total bytes: *//p')
if [ -n "$tx" ] && [ -n "$rx" ] && [ "$tot" = "$((tx + rx))" ] 2>/dev/null; then pass "info -H: Total = TX + RX"; else
	fail "info -H: Total = TX + RX"; diag "tx '$tx' rx '$rx' total '$tot'"; fi
is "$("$B" info -P "$P" -n w1 -i)" "$(printf '%-15s %s' IP: 10.0.3.11)" "info -i: only the IP line"
like "$("$B" info -P "$P" -n w1)" "^Link: +vw1$" "info: Link vw1"
is "$("$B" ls -P "$P" -F NAME,IPV4,IPV6 | awk '$1 == "w1" { print $2, $3 }')" "10.0.3.11 -" "ls -F: w1's IPV4 and IPV6"
is "$("$B" ls -P "$P" -f | awk '$1 == "w4" { print $5, $6 }')" "$a4 -" "ls -f: w4's auto address in IPV4"

# ---- one container with every setting ----
cat > "$T/netscript" <<EOF
#!/bin/sh
echo "\$* type=\${LXC_NET_TYPE:-} parent=\${LXC_NET_PARENT:-} peer=\${LXC_NET_PEER:-}" >> "$T/script.log"
EOF
chmod 755 "$T/netscript"
sct f1 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.veth.pair = vf1" "lxc.net.0.name = lan0" \
	"lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx" "lxc.net.0.mtu = 1400" "lxc.net.0.flags = up" \
	"lxc.net.0.ipv4.address = 10.0.3.21/24" "lxc.net.0.ipv4.address = 10.0.3.22/24 10.0.3.250" \
	"lxc.net.0.ipv4.gateway = 10.0.3.1" "lxc.net.0.ipv6.address = fd00:3::21/64" \
	"lxc.net.0.ipv6.gateway = fd00:3::1" \
	"lxc.net.0.script.up = $T/netscript" "lxc.net.0.script.down = $T/netscript" \
	"lxc.net.1.type = veth" "lxc.net.1.link = br0"
start_ok f1
l0=$(in_ct f1 ip addr show lan0 2>&1)
like "$l0" "^[0-9]+: lan0[:@]" "f1: lan0 inside (lxc.net.0.name)"
is "$(in_ct f1 ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort | tr '\n' ' ')" "eth1 lan0 lo " \
	"f1: lo, lan0 and eth1 (the second NIC's default name by position) inside"
like "$l0" "<[^>]*,UP[,>]" "f1: lan0 is up (flags up)"
ok "f1: eth1 stays down (no flags)" sh -c "'$B' attach -P '$P' -n f1 -- ip link show eth1 | head -n 1 | grep -vq '[<,]UP[,>]'"
like "$l0" " mtu 1400 " "f1: mtu 1400 inside"
is "$(cat "$SYS/vf1/mtu" 2>/dev/null)" 1400 "f1: mtu 1400 on the host end too"
mac1=$(printf '%s\n' "$l0" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
like "$mac1" "^00:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$" "f1: hwaddr from the template ($mac1)"
like "$l0" "inet 10\.0\.3\.21/24 " "f1: first IPv4 address"
like "$l0" "inet 10\.0\.3\.22/24 brd 10\.0\.3\.250 " "f1: second IPv4 address with its broadcast"
like "$l0" "inet6 fd00:3::21/64 " "f1: IPv6 address"
like "$(in_ct f1 ip route 2>&1)" "^default via 10\.0\.3\.1 dev lan0" "f1: IPv4 gateway"
like "$(in_ct f1 ip -6 route 2>&1)" "^default via fd00:3::1 dev lan0" "f1: IPv6 gateway"
ok "f1 pings w1" ping_ct f1 10.0.3.11
is "$(ips f1 | sort | tr '\n' ' ')" "10.0.3.21 10.0.3.22 fd00:3::21 " "info -i: every address (no lo, no link-local)"
row=$("$B" ls -P "$P" -f | awk '$1 == "f1"')
like "$row" "10\.0\.3\.21, ?10\.0\.3\.22|10\.0\.3\.22, ?10\.0\.3\.21" "ls -f: both IPv4 addresses, comma-separated"
like "$row" " fd00:3::21 " "ls -f: the IPv6 address"
like "$("$B" info -P "$P" -n f1)" "^Link: +vf1$" "info: a Link line per veth (vf1) ..."
is "$("$B" info -P "$P" -n f1 | grep -c '^Link:')" 2 "... and one for eth1's host end"
is "$(cat "$T/script.log" 2>/dev/null)" "f1 net up veth vf1 type=veth parent=br0 peer=vf1" \
	"script.up: NAME net up veth HOSTDEV, LXC_NET_TYPE/PARENT/PEER"
ok "stop f1" "$B" stop -P "$P" -n f1 -k
is "$(sed -n 2p "$T/script.log" 2>/dev/null)" "f1 net down veth vf1 type=veth parent=br0 peer=vf1" \
	"script.down: NAME net down veth HOSTDEV, the same environment"
ok "f1's host end vf1 goes with it" eventually absent vf1
start_ok f1
mac2=$(in_ct f1 ip link show lan0 2>/dev/null | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
like "$mac2" "^00:16:3e:" "f1 again: the template's prefix"
ok "... and another random part ($mac1, $mac2)" test -n "$mac2" -a "$mac1" != "$mac2"
stop_k f1
is "$("$B" ls -P "$P" -F NAME,IPV4,IPV6 | awk '$1 == "f1" { print $2, $3 }')" "- -" "ls: no addresses when stopped"

# ---- type empty: lo only, up ----
sct e1 "lxc.net.0.type = empty"
start_ok e1
is "$(in_ns e1 ip -o link show | awk -F': ' '{ print $2 }' | tr '\n' ' ')" "lo " "empty: lo only"
like "$(in_ns e1 ip -o link show lo)" "[<,]UP[,>]" "empty: lo is up"
is "$("$B" info -P "$P" -n e1 -i)" "" "info -i: nothing"
stop_k e1

# ---- type none: the host's namespace ----
sct n1 "lxc.net.0.type = none"
start_ok n1
is "$(readlink "/proc/$(initpid n1)/ns/net")" "$(readlink /proc/self/ns/net)" "none: the namespace of the host (here)"
stop_k n1

# ---- veth.mode router ----
sct r1 "lxc.net.0.type = veth" "lxc.net.0.veth.mode = router" "lxc.net.0.veth.pair = vr1" \
	"lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.9.2/32" "lxc.net.0.ipv4.gateway = dev"
start_ok r1
is "$(master vr1)" "" "router: the host end vr1 is on no bridge"
like "$(ip route show 10.0.9.2)" "^10\.0\.9\.2 .*dev vr1" "router: a host route to 10.0.9.2/32 via vr1"
is "$(cat /proc/sys/net/ipv4/conf/vr1/proxy_arp 2>/dev/null)" 1 "router: proxy_arp on vr1"
like "$(in_ct r1 ip route 2>&1)" "^default dev eth0" "gateway dev: a device default route"
ok "router: ping 10.0.9.2 from here through the host route" ping_here 10.0.9.2
stop_k r1
ok "router: vr1 goes" eventually absent vr1
is "$(ip route show 10.0.9.2)" "" "router: the host route goes"

# ---- macvlan on a parent (a veth end: no dummy driver here) ----
ip link add p0 type veth peer name p0b && ip link set p0 up && ip link set p0b up &&
	ip addr add 10.0.7.1/24 dev p0b
if ip link add mvtest link p0 type macvlan mode bridge 2>/dev/null; then
	ip link del mvtest
	sct m1 "lxc.net.0.type = macvlan" "lxc.net.0.link = p0" "lxc.net.0.macvlan.mode = bridge" \
		"lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.7.2/24"
	sct m2 "lxc.net.0.type = macvlan" "lxc.net.0.link = p0" "lxc.net.0.macvlan.mode = vepa" \
		"lxc.net.0.name = mv0"
	sct m3 "lxc.net.0.type = macvlan" "lxc.net.0.link = p0" "lxc.net.0.macvlan.mode = private"
	start_ok m1
	start_ok m2
	start_ok m3
	like "$(in_ns m1 ip -d link show eth0 2>&1)" "macvlan +mode bridge" "macvlan: mode bridge on p0"
	like "$(in_ns m1 ip -d link show eth0 2>&1)" "eth0@if[0-9]+" "macvlan: eth0 has a parent"
	like "$(in_ns m2 ip -d link show mv0 2>&1)" "macvlan +mode vepa" "macvlan: mode vepa, named mv0"
	like "$(in_ns m3 ip -d link show eth0 2>&1)" "macvlan +mode private" "macvlan: mode private"
	ok "macvlan: ping 10.0.7.2 from here over p0b-p0" ping_here 10.0.7.2
	for c in m1 m2 m3; do stop_k "$c"; done
	ok "macvlan: p0 stays" present p0
else
	skipn 9 "the kernel has no macvlan"
fi

# ---- ipvlan ----
if ip link add ivtest link p0 type ipvlan mode l2 2>/dev/null; then
	ip link del ivtest
	sct i1 "lxc.net.0.type = ipvlan" "lxc.net.0.link = p0" "lxc.net.0.ipvlan.mode = l2" \
		"lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.7.3/24"
	start_ok i1
	like "$(in_ns i1 ip -d link show eth0 2>&1)" "ipvlan +mode l2" "ipvlan: mode l2 on p0"
	ok "ipvlan: ping 10.0.7.3 from here over p0b-p0" ping_here 10.0.7.3
	stop_k i1
	ok "ipvlan: p0 stays" present p0
else
	skipn 4 "the kernel has no ipvlan"
fi

# ---- vlan ----
if ip link add link p0 name p0.9 type vlan id 9 2>/dev/null; then
	ip link del p0.9
	ip link add link p0b name p0b.9 type vlan id 9 && ip link set p0b.9 up && ip addr add 10.0.8.1/24 dev p0b.9
	sct v1 "lxc.net.0.type = vlan" "lxc.net.0.link = p0" "lxc.net.0.vlan.id = 9" \
		"lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.8.2/24"
	start_ok v1
	like "$(in_ns v1 ip -d link show eth0 2>&1)" "vlan protocol 802\.1Q id 9 " "vlan: id 9 on p0"
	ok "vlan: ping 10.0.8.2 from here" ping_here 10.0.8.2
	stop_k v1
	ok "vlan: nothing left" eventually absent p0.9
else
	skipn 4 "the kernel has no 802.1Q VLANs"
fi

# ---- phys: a host NIC (a veth end) in and back out ----
ip link add ph0 type veth peer name ph0p && ip link set ph0p up && ip addr add 10.0.6.1/24 dev ph0p
phidx=$(cat "$SYS/ph0/ifindex")
sct x1 "lxc.net.0.type = phys" "lxc.net.0.link = ph0" "lxc.net.0.name = lan5" \
	"lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.6.2/24"
sct x2 "lxc.net.0.type = phys" "lxc.net.0.link = ph0"
start_ok x1
ok "phys: ph0 left here" absent ph0
like "$(in_ct x1 ip addr show lan5 2>&1)" "inet 10\.0\.6\.2/24 " "phys: it is lan5 inside, with its address"
ok "phys: ping 10.0.6.2 from here" ping_here 10.0.6.2
refused "phys already in use" "ph0" x2
ok "phys: x1 still has it" sh -c "'$B' attach -P '$P' -n x1 -- ip link show lan5 >/dev/null 2>&1"
stop_k x1
ok "phys: ph0 is back here, with its name" eventually present ph0
is "$(cat "$SYS/ph0/ifindex" 2>/dev/null)" "$phidx" "phys: the same device"
ok "phys: no lan5 here" absent lan5
start_ok x1
mon=$(monpid x1)
if [ -n "$mon" ] && kill -9 "$mon"; then pass "kill -9 of x1's monitor ($mon)"; else fail "kill -9 of x1's monitor"; fi
sleep 0.3
ok "stop x1 without its monitor" "$B" stop -P "$P" -n x1 -k
ok "phys: ph0 is back after that too" eventually present ph0
is "$(cat "$SYS/ph0/ifindex" 2>/dev/null)" "$phidx" "phys: the same device"
ok "x1 is STOPPED" eventually is_stopped x1

# ---- ipv4.address = auto: exhausted, released, concurrent ----
ok "bridge up br1 10.0.4.1/30 (one free address)" "$B" bridge up br1 10.0.4.1/30
sct a1 "lxc.net.0.type = veth" "lxc.net.0.link = br1" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = auto"
sct a2 "lxc.net.0.type = veth" "lxc.net.0.link = br1" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = auto"
start_ok a1
is "$(ips a1)" 10.0.4.2 "a1 has br1's one free address"
refused "an exhausted pool" "br1|10\.0\.4\." a2
ok "... the message says so" grep -Eiq "free|exhaust|full|left|no (more )?address" "$T/err"
is "$(leases 10.0.4.2 | wc -l)" 1 "... a1's lease is still the only one"
stop_k a1
ok "a1's lease is released on stop" eventually not_leased 10.0.4.2
start_ok a2
is "$(ips a2)" 10.0.4.2 "a2 gets the released address"
stop_k a2
ok "bridge up br2 10.0.5.1/29 (five free addresses)" "$B" bridge up br2 10.0.5.1/29
for i in 1 2 3 4 5 6; do
	sct "q$i" "lxc.net.0.type = veth" "lxc.net.0.link = br2" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = auto"
done
for i in 1 2 3 4 5 6; do
	( "$B" start -P "$P" -n "q$i" 2>"$T/q$i.err"; echo $? > "$T/q$i.rc" ) &
done
wait
won="" lost=""
for i in 1 2 3 4 5 6; do
	if [ "$(cat "$T/q$i.rc")" = 0 ]; then won="$won q$i"; else lost="$lost q$i"; fi
done
is "$(echo $won | wc -w)" 5 "six concurrent starts on five free addresses: five start ($won)"
qa=$(for c in $won; do ips "$c"; done | sort)
is "$(printf '%s\n' "$qa" | sort -u | grep -c '^10\.0\.5\.[2-6]$')" 5 "... with five different addresses of br2's subnet"
for c in $lost; do
	ok "... $c failed cleanly, STOPPED" eventually is_stopped "$c"
	diag "$c: $(cat "$T/$c.err")"
done
for i in 1 2 3 4 5 6; do stop_k "q$i"; done
ok "... and all their veths go" eventually no_ports br2
ok "... and their leases" eventually no_lease_in 10.0.5
ok "bridge up br3 (no address)" "$B" bridge up br3
sct a3 "lxc.net.0.type = veth" "lxc.net.0.link = br3" "lxc.net.0.ipv4.address = auto"
refused "auto on a bridge without an IPv4 address" "br3" a3

# ---- bad input ----
# conf_refused WHAT KEY VALUE: a config with KEY = VALUE (on a veth on
# br0) does not start, the message naming the key and the value.
conf_refused() {
	sct "$1" "lxc.net.0.type = veth" "lxc.net.0.link = br0" "$2 = $3"
	refused "$2 = $3" "$(printf '%s' "$3" | sed 's/[.[*^$/]/\\&/g')" "$1"
	ok "... the message names $2" grep -qF "$2" "$T/err"
}
conf_refused b1 lxc.net.0.name abcdefghijklmnop
conf_refused b2 lxc.net.0.name a/b
conf_refused b3 lxc.net.0.veth.pair vethabcdefghijkl
conf_refused b4 lxc.net.0.veth.pair v/1
conf_refused b5 lxc.net.0.ipv4.address 10.0.3.300/24
conf_refused b6 lxc.net.0.ipv4.address 10.0.3.30/33
conf_refused b7 lxc.net.0.ipv6.address fd00:3::zz/64
conf_refused b8 lxc.net.0.hwaddr 00:16:3e:zz:00:00
conf_refused b9 lxc.net.0.hwaddr 00:16:3e:00:00
conf_refused b10 lxc.net.0.ipv4.gateway 10.0.3
sct b11 "lxc.net.0.type = veth" "lxc.net.0.link = nobr0" "lxc.net.0.veth.pair = vb11"
refused "a veth on a bridge that does not exist" "nobr0" b11
# Two containers with one static address on a bridge: the second is
# refused (the kernel would take it), and starts once the first is gone.
sct d1 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.3.77/24"
sct d2 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.3.77/24"
ok "a static address on br0" "$B" start -P "$P" -n d1
refused "the same static address for another container" "10\.0\.3\.77 is already used on br0" d2
stop_k d1
ok "free again once the first stopped" "$B" start -P "$P" -n d2
stop_k d2
sct b12 "lxc.net.0.type = macvlan" "lxc.net.0.link = nolink0"
refused "a macvlan on a parent that does not exist" "nolink0" b12
sct b13 "lxc.net.0.type = phys" "lxc.net.0.link = noph0"
refused "a phys device that does not exist" "noph0" b13
# The second NIC fails: the first one's host end must not stay.
sct b14 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.veth.pair = vb14" \
	"lxc.net.1.type = veth" "lxc.net.1.link = nobr1"
refused "the second NIC's bridge does not exist" "nobr1" b14
ok "... the first NIC's host end vb14 went too" absent vb14
# A phys device after a veth, the phys failing: the veth goes.
sct b15 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.veth.pair = vb15" \
	"lxc.net.1.type = phys" "lxc.net.1.link = noph1"
refused "a phys after a veth, the phys missing" "noph1" b15
# A phys device before a bad veth: the phys comes back.
sct b16 "lxc.net.0.type = phys" "lxc.net.0.link = ph0" "lxc.net.1.type = veth" "lxc.net.1.link = nobr2"
refused "a phys before a bad veth" "nobr2" b16
ok "... ph0 is back here" present ph0
sct b17 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.name = lo"
refused "a NIC named lo inside" "(^|[^a-z])lo([^a-z]|$)" b17
# A host-end name that w1's veth has: refused, w1's stays.
sct b19 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.veth.pair = vw1"
refused "veth.pair of a running container's veth" "vw1" b19
is "$(master vw1)" br0 "... w1's vw1 is still there, on br0"
ok "... w1 still answers" ping_ct w1 10.0.3.1
# Two NICs with one name inside.
sct b20 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.name = dup0" \
	"lxc.net.1.type = veth" "lxc.net.1.link = br0" "lxc.net.1.name = dup0"
refused "two NICs named dup0 inside" "dup0" b20
# A veth whose link is not a bridge.
sct b21 "lxc.net.0.type = veth" "lxc.net.0.link = ph0p" "lxc.net.0.veth.pair = vb21"
refused "a veth whose link is no bridge" "ph0p" b21
# An MTU the kernel refuses.
sct b22 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.mtu = 70000" "lxc.net.0.veth.pair = vb22"
refused "an MTU of 70000" "mtu|MTU|70000" b22
# An auto address, then a NIC that fails: the lease goes too.
sct b18 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.ipv4.address = auto" \
	"lxc.net.1.type = veth" "lxc.net.1.link = nobr3"
refused "an auto address, then a bad NIC" "nobr3" b18
ok "... b18 holds no lease" sh -c "! grep -rqw --exclude-dir=b18 b18 '$CTBOX_RUNDIR'"

# ---- 100 start/stop cycles, and the monitor killed ----
for i in 1 2 3 4 5 6; do stop_k "w$i"; done
ok "the web farm's leases are released" eventually no_lease_in 10.0.3
if eventually no_ports br0 && ! links | grep -q "^veth"; then pass "... and its veths are gone"; else
	fail "... and its veths are gone"; diag "links: $(links | tr '\n' ' ')"; fi
# ---- the namespace made ahead of init (libbb/ct_net_maker.c) ----
# A second start of a running container is refused before any NIC is
# made: no link comes.
sct ah1 "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = 10.0.3.91/24"
start_ok ah1
links > "$T/before"
"$B" start -P "$P" -n ah1 >/dev/null 2>"$T/err"
is "$?" 1 "a second start of the running ah1 fails"
like "$(cat "$T/err")" "already running" "... saying why"
ok "... no link is left (the namespace made ahead goes with its veth)" eventually same_links "$T/before"
ok "... ah1 still answers" ping_ct ah1 10.0.3.1
stop_k ah1
# lxc.hook.pre-start makes the bridge: the NIC is made after the hook.
printf '#!/bin/sh\nexec "%s" bridge addbr brh0\n' "$B" > "$T/mkbr.sh"
chmod 755 "$T/mkbr.sh"
sct ah2 "lxc.net.0.type = veth" "lxc.net.0.link = brh0" "lxc.hook.pre-start = $T/mkbr.sh"
start_ok ah2
ok "... its host veth is a port of the bridge its pre-start hook made" test -n "$(ls "$SYS/brh0/brif" 2>/dev/null)"
stop_k ah2
eventually no_ports brh0
"$B" bridge delbr brh0
# A foreground start reaps what made the namespace: no zombie child.
sct ah3 "lxc.net.0.type = veth" "lxc.net.0.link = br0"
"$B" start -P "$P" -n ah3 -F </dev/null >/dev/null 2>&1 &
fg=$!
ok "start -F of ah3 runs" eventually is_running ah3
no_zombie() { ! ps -o stat= --ppid "$1" | grep -q Z; }
ok "... no zombie child of the foreground start" eventually no_zombie "$fg"
stop_k ah3
wait "$fg"

sct cy "lxc.net.0.type = veth" "lxc.net.0.link = br0" "lxc.net.0.flags = up" "lxc.net.0.ipv4.address = auto"
links > "$T/links1"
"$B" start -P "$P" -n cy && stop_k cy
eventually same_links "$T/links1"
files1=$(rundir_files)
t0=$(date +%s)
bad=0
i=1
while [ $i -lt 100 ]; do
	if ! "$B" start -P "$P" -n cy 2>"$T/err"; then
		bad=$((bad + 1)); diag "cycle $i: start: $(cat "$T/err")"
	fi
	"$B" stop -P "$P" -n cy -k 2>"$T/err" || { bad=$((bad + 1)); diag "cycle $i: stop: $(cat "$T/err")"; }
	[ "$bad" -ge 5 ] && break
	i=$((i + 1))
done
t1=$(date +%s)
is "$bad" 0 "100 start/stop -k cycles of a veth container with an auto address ($((t1 - t0)) s)"
if eventually same_links "$T/links1"; then pass "... no veth left"; else
	fail "... no veth left"; diag "links: $(links | tr '\n' ' ')"; fi
ok "... no lease left" eventually not_leased 10.0.3.2
is "$(rundir_files)" "$files1" "... the run dir's files as after one cycle"
ok "... no lease in br0's subnet" eventually no_lease_in 10.0.3
ok "... no /run/netns entry" no_netns
is "$(state cy)" STOPPED "... cy is STOPPED"
start_ok cy
cya=$(ips cy)
ok "cy's lease is recorded" leased_to "${cya:-none}" cy
mon=$(monpid cy)
if [ -n "$mon" ] && kill -9 "$mon"; then pass "kill -9 of cy's monitor ($mon)"; else fail "kill -9 of cy's monitor"; fi
sleep 0.3
ok "stop cy without its monitor" "$B" stop -P "$P" -n cy -k
ok "... cy is STOPPED" eventually is_stopped cy
if eventually same_links "$T/links1"; then pass "... no veth left"; else
	fail "... no veth left"; diag "links: $(links | tr '\n' ' ')"; fi
ok "... no lease left" eventually not_leased "${cya:-10.0.3.2}"
ok "... no /run/netns entry" no_netns

done_testing
