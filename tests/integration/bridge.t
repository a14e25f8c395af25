#!/bin/sh
# The bridge applet (brctl) in a network namespace of its own, side by side
# with bridge-utils' brctl on the same bridges: show, showstp and showmacs
# byte for byte (timers normalised), the same messages and exit codes on
# errors; every setting checked in sysfs; bad input refused with nothing
# half-made; and `bridge up/addr/down` as lxc-net would use them.
# Everything lives in the namespace, which goes (with its links) when the
# test ends.

# Re-run inside a new network namespace (and a mount namespace, for a
# /sys that shows that namespace's links to us and to brctl). Host tools
# are installed first: the namespace has no network.
if [ -z "${CTBOX_BRIDGE_T_NS:-}" ] && [ "$(id -u)" = 0 ]; then
	"${CTBOX_SRC:-.}/scripts/need.sh" ip:iproute2 brctl:bridge-utils unshare:util-linux >&2 &&
		unshare --net --mount true 2>/dev/null &&
		CTBOX_BRIDGE_T_NS=1 exec unshare --net --mount sh "$0" "$@"
	CTBOX_BRIDGE_T_NS=none
fi

. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root
[ "${CTBOX_BRIDGE_T_NS:-}" = 1 ] || plan_skip_all "no iproute2/bridge-utils, or no network namespace"
mount --make-rprivate / && mount -t sysfs sysfs /sys || plan_skip_all "can't mount a sysfs of our own"
ip link add ctbox-probe type bridge 2>/dev/null || plan_skip_all "the kernel has no bridges"
ip link del ctbox-probe

export LC_ALL=C
B=$CTBOX
SYS=/sys/class/net
br() { "$B" bridge "$@"; }
# mkport NAME: an interface to be a port (dummy where the kernel has it).
mkport() { ip link add "$1" type dummy 2>/dev/null || ip link add "$1" type veth peer name "$1p"; }
# master IF: the bridge IF is a port of, or "".
master() { [ -e "$SYS/$1/master" ] && basename "$(readlink "$SYS/$1/master")"; }
exists() { [ -e "$SYS/$1" ]; }
absent() { [ ! -e "$SYS/$1" ]; }
sysval() { cat "$SYS/$1" 2>/dev/null; }

# Timers move between two runs; everything else must not.
NORM_STP='s/(timer\t+) *[0-9]+\.[0-9]{2}/\1T/g'
NORM_MACS='s/\t *[0-9]+\.[0-9]{2}$/\tT/'

# same NAME SED ARGS...: brctl ARGS and `ctbox bridge ARGS` print the same
# (stdout byte for byte after the sed, stderr with ctbox's prefix) and exit
# alike.
same() {
	name=$1 sedx=$2
	shift 2
	brctl "$@" >"$T/w.raw" 2>"$T/w.err"
	wrc=$?
	br "$@" >"$T/g.raw" 2>"$T/g.err"
	grc=$?
	sed -E "$sedx" "$T/w.raw" >"$T/w.out"
	sed -E "$sedx" "$T/g.raw" >"$T/g.out"
	sed 's/^/ctbox: bridge: /' "$T/w.err" >"$T/w.err2"
	if [ "$wrc" = "$grc" ] && cmp -s "$T/w.out" "$T/g.out" && cmp -s "$T/w.err2" "$T/g.err"; then
		pass "$name"
	else
		fail "$name"
		diag "brctl (rc $wrc):" "$(cat -A "$T/w.out" "$T/w.err")" \
			"ctbox (rc $grc):" "$(cat -A "$T/g.out" "$T/g.err")"
	fi
}
# err NAME WANT-RC STDERR-REGEX ARGS...: ctbox bridge fails so.
err() {
	name=$1 wrc=$2 rx=$3
	shift 3
	br "$@" >"$T/g.out" 2>"$T/g.err"
	grc=$?
	if [ "$grc" = "$wrc" ] && grep -Eq -- "$rx" "$T/g.err" && [ ! -s "$T/g.out" ]; then
		pass "$name"
	else
		fail "$name"
		diag "rc $grc, stdout '$(cat "$T/g.out")', stderr '$(cat "$T/g.err")'"
	fi
}

for p in d1 d2 d3 d4; do mkport "$p" || plan_skip_all "can't make test interfaces"; done

# -- no bridges yet --
same "show without bridges prints nothing" "" show

# -- addbr / delbr --
ok "addbr br0" br addbr br0
ok "br0 is a bridge" test -d "$SYS/br0/bridge"
ok "addbr br1 (as brctl)" "$B" brctl addbr br1
ok "br1 is a bridge" test -d "$SYS/br1/bridge"
same "addbr of an existing name" "" addbr br0
err "a name over 15 bytes is refused" 1 "bad interface name '0123456789abcdef'" addbr 0123456789abcdef
ok "... and nothing was made (not even truncated)" absent 0123456789abcde
err "a name with '/' is refused" 1 "bad interface name 'a/b'" addbr a/b
err "an empty name is refused" 1 "bad interface name ''" addbr ""
err "addbr takes one name" 1 "incorrect number of arguments" addbr br7 br8
ok "... and made none" absent br7

# -- addif / delif --
ok "addif br0 d1 d2" br addif br0 d2 d1
is "$(master d1) $(master d2)" "br0 br0" "d1 and d2 are ports of br0"
same "addif: a port twice" "" addif br0 d1
same "addif: to another bridge" "" addif br1 d2
same "addif: no such interface" "" addif br0 d9
same "addif: no such bridge" "" addif br9 d3
same "addif: a bridge into a bridge" "" addif br1 br0
is "$(master br0)" "" "... br0 stays a bridge of its own"
same "addif: into a non-bridge" "" addif d3 d4
is "$(master d4)" "" "... d4 stays free"
err "addif: a bad port name" 1 "bad interface name" addif br0 0123456789abcdef
err "addif stops at the first bad one" 1 "^ctbox: bridge: interface d9 does not exist!$" addif br1 d3 d9 d4
is "$(master d3),$(master d4)" "br1," "... d3 added, d4 not"

# -- show --
same "show" "" show
same "show br0" "" show br0
same "show br1 br0 br1" "" show br1 br0 br1
same "show of a missing bridge" "" show br9
same "show of a non-bridge among bridges" "" show d3 br0
is "$("$B" brctl show br0)" "$(br show br0)" "show through the brctl name"

# -- settings, each checked in sysfs --
ok "stp br0 on" br stp br0 on
is "$(sysval br0/bridge/stp_state)" 1 "stp_state is 1"
same "show with STP on" "" show
ok "stp br0 no" br stp br0 no
is "$(sysval br0/bridge/stp_state)" 0 "stp_state is 0"
ok "stp br0 yes; stp br0 0" sh -c '"$1" bridge stp br0 yes && "$1" bridge stp br0 0' sh "$B"
same "stp: not on/off" "" stp br0 maybe
same "stp: no such bridge" "" stp br9 on
same "stp: a non-bridge" "" stp d4 on
ok "setageing br0 12.345" br setageing br0 12.345
is "$(sysval br0/bridge/ageing_time)" 1234 "ageing_time in centiseconds, truncated as brctl does"
same "setageing: not a number" "" setageing br0 abc
err "setageing: a negative time" 1 "bad ageing time value" setageing br0 -5
err "setageing: trailing junk" 1 "bad ageing time value" setageing br0 5x
is "$(sysval br0/bridge/ageing_time)" 1234 "... ageing_time unchanged"
same "setageing: no such bridge" "" setageing br9 10
same "setageing: a non-bridge" "" setageing d4 10
ok "setfd br0 4" br setfd br0 4
is "$(sysval br0/bridge/forward_delay)" 400 "forward_delay"
ok "sethello br0 3" br sethello br0 3
is "$(sysval br0/bridge/hello_time)" 300 "hello_time"
same "sethello: out of the kernel's range" "" sethello br0 0
ok "setmaxage br0 30" br setmaxage br0 30
is "$(sysval br0/bridge/max_age)" 3000 "max_age"
same "setmaxage: out of range" "" setmaxage br0 100
ok "setbridgeprio br0 0x1000" br setbridgeprio br0 0x1000
is "$(sysval br0/bridge/priority)" 4096 "priority"
same "setbridgeprio: not a number" "" setbridgeprio br0 abc
err "setbridgeprio: over 65535" 1 "bad priority" setbridgeprio br0 70000
is "$(sysval br0/bridge/priority)" 4096 "... priority unchanged"
ok "setpathcost br0 d1 55" br setpathcost br0 d1 55
is "$(sysval d1/brport/path_cost)" 55 "path_cost"
same "setpathcost: out of range" "" setpathcost br0 d1 0
same "setpathcost: not a number" "" setpathcost br0 d1 abc
err "setpathcost: negative" 1 "bad path cost value" setpathcost br0 d1 -3
err "setpathcost: not a port of br0" 1 "device d3 is not a port of br0" setpathcost br0 d3 5
err "setpathcost: no such bridge" 1 "bridge br9 does not exist!" setpathcost br9 d1 5
is "$(sysval d1/brport/path_cost)" 55 "... path_cost unchanged"
ok "setportprio br0 d1 3" br setportprio br0 d1 3
is "$(sysval d1/brport/priority)" 3 "port priority"
same "setportprio: out of range" "" setportprio br0 d1 300
same "setportprio: not a number" "" setportprio br0 d1 x
err "setportprio: no such port" 1 "interface d9 does not exist!" setportprio br0 d9 3
ok "hairpin br0 d1 on" br hairpin br0 d1 on
is "$(sysval d1/brport/hairpin_mode)" 1 "hairpin_mode"
same "hairpin: not on/off" "" hairpin br0 d1 maybe
same "hairpin: no such port" "" hairpin br0 d9 on
same "hairpin: no such bridge" "" hairpin br9 d1 on
err "hairpin: a non-bridge as bridge" 1 "device d4 is not a bridge!" hairpin d4 d1 on

# -- showstp (ports down: their states hold still) --
same "showstp br0" "$NORM_STP" showstp br0
same "showstp br1" "$NORM_STP" showstp br1
same "showstp: no such bridge" "" showstp br9
same "showstp: a non-bridge" "" showstp d4
ok "hairpin br0 d1 off" br hairpin br0 d1 off
is "$(sysval d1/brport/hairpin_mode)" 0 "hairpin_mode off"
same "showstp br0 without hairpin" "$NORM_STP" showstp br0

# -- showmacs: ports up (STP off: they forward at once), a static and a
# permanent (local) entry beside the ports' own addresses. No traffic:
# an entry learnt between the two runs would make them differ. --
ip link set br0 up && ip link set d1 up && ip link set d2 up
if command -v bridge >/dev/null; then
	bridge fdb add 02:00:00:00:00:01 dev d1 master static
	bridge fdb add 02:00:00:00:00:02 dev d2 master permanent
fi
same "showmacs br0" "$NORM_MACS" showmacs br0
same "showmacs br1 (nothing up)" "$NORM_MACS" showmacs br1
same "showmacs: no such bridge" "" showmacs br9
same "showmacs: a non-bridge" "" showmacs d4
same "showstp br0, up" "$NORM_STP" showstp br0
same "show, ports up" "" show

# -- delif --
ok "delif br0 d2" br delif br0 d2
is "$(master d2)" "" "d2 is free"
same "delif: not a port" "" delif br0 d2
same "delif: no such interface" "" delif br0 d9
same "delif: no such bridge" "" delif br9 d1
same "delif: from a non-bridge" "" delif d4 d1
is "$(master d1)" br0 "... d1 still a port of br0"

# -- delbr --
same "delbr: still up" "" delbr br0
ok "... br0 still there" exists br0
same "delbr: no such bridge" "" delbr br9
same "delbr: a non-bridge" "" delbr d4
ok "... d4 still there" exists d4
ok "down br0" br down br0
is "$(( $(sysval br0/flags) & 1 ))" 0 "br0 is down"
ok "delbr br0" br delbr br0
ok "br0 is gone" absent br0
is "$(master d1)" "" "d1 is free again"

# -- up / addr / down (lxc-net's part) --
ok "up lxcbr0 10.0.3.1/24" br up lxcbr0 10.0.3.1/24
ok "lxcbr0 is a bridge" test -d "$SYS/lxcbr0/bridge"
is "$(( $(sysval lxcbr0/flags) & 1 ))" 1 "lxcbr0 is up"
like "$(ip -4 -o addr show dev lxcbr0)" "inet 10\.0\.3\.1/24 brd 10\.0\.3\.255 " "its address, with the broadcast address"
ok "up again: nothing to do, no error" br up lxcbr0 10.0.3.1/24
ok "addr lxcbr0 fd00::1/64 10.0.4.1/24" br addr lxcbr0 fd00::1/64 10.0.4.1/24
like "$(ip -6 -o addr show dev lxcbr0)" "inet6 fd00::1/64 " "the IPv6 address"
like "$(ip -4 -o addr show dev lxcbr0 | grep -c inet)" "^2$" "both IPv4 addresses"
err "up with a bad CIDR" 1 "bad address '10.0.3.300/24'" up lxcbr1 10.0.5.1/24 10.0.3.300/24
ok "... made no bridge" absent lxcbr1
err "up with a bad prefix" 1 "bad address '10.0.5.1/33'" up lxcbr1 10.0.5.1/33
ok "... made no bridge" absent lxcbr1
err "addr with a bad CIDR" 1 "bad address 'fd00::zz/64'" addr lxcbr0 10.0.6.1/24 fd00::zz/64
is "$(ip -4 -o addr show dev lxcbr0 | grep -c 10.0.6.1)" 0 "... added nothing"
err "addr: no such bridge" 1 "bridge br9 does not exist!" addr br9 10.0.7.1/24
err "up: a non-bridge" 1 "device d4 is not a bridge!" up d4 10.0.7.1/24
is "$(ip -o addr show dev d4 | grep -c 10.0.7.1)" 0 "... no address on d4"
err "up: a bad name" 1 "bad interface name" up 0123456789abcdef
ok "up without addresses" br up lxcbr1
is "$(( $(sysval lxcbr1/flags) & 1 ))" 1 "lxcbr1 is up"
# An address the kernel refuses (IPv6 off on the bridge): those added
# before it in the same call are taken back.
if echo 1 2>/dev/null >/proc/sys/net/ipv6/conf/lxcbr1/disable_ipv6; then
	err "addr: a refused address" 1 "can't add address fd00:8::1/64 to lxcbr1" \
		addr lxcbr1 10.0.8.1/24 fd00:8::1/64
	is "$(ip -4 -o addr show dev lxcbr1 | grep -c 10.0.8.1)" 0 "... the address before it was taken back"
else
	skip "no IPv6 to switch off"
	skip "no IPv6 to switch off"
fi
ok "down lxcbr0" br down lxcbr0
is "$(( $(sysval lxcbr0/flags) & 1 ))" 0 "lxcbr0 is down"
err "down: a non-bridge" 1 "device d4 is not a bridge!" down d4

# -- usage --
err "no command" 1 "Usage:"
err "an unknown command" 1 "never heard of command \[frob\]" frob
ok "--help" sh -c '"$1" bridge --help | grep -q "addbr BR"' sh "$B"

done_testing
