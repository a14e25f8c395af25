#!/bin/sh
# netns (root): named network namespaces in /run/netns, side by side with
# iproute2's `ip netns` when it can be had; exec's private /sys and
# /etc/netns binds; ids; monitor; veth pairs into a bridge, pinged across;
# bad input with ip's messages and exit codes; nothing left behind.
#
# The body runs in a mount namespace of its own with a tmpfs over
# /run/netns and /etc/netns (the host's names and files are never seen or
# touched) and in a network namespace of its own (the "host" side of the
# veths and the bridge is private too); both vanish with the test.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root

if [ -z "${CTBOX_NETNS_INNER:-}" ]; then
	command -v unshare >/dev/null 2>&1 || plan_skip_all "no unshare(1)"
	unshare --mount --net true 2>/dev/null || plan_skip_all "cannot make mount and network namespaces"
	"$CTBOX_SRC/scripts/need.sh" ip:iproute2 >&2 || true
	"$CTBOX_SRC/scripts/need.sh" busybox:busybox-static >&2 || true
	# Mount points for the tmpfs: made here only when missing, and removed
	# again (empty) at exit.
	for d in /run/netns /etc/netns; do
		if [ ! -d "$d" ]; then
			mkdir "$d" || plan_skip_all "cannot make $d"
			at_exit "rmdir $d 2>/dev/null"
		fi
	done
	CTBOX_NETNS_INNER=1 unshare --mount --net --propagation private sh "$0"
	exit $?
fi

mount -t tmpfs -o mode=0755 netns-test /run/netns || plan_skip_all "cannot mount a tmpfs on /run/netns"
mount -t tmpfs -o mode=0755 netns-test /etc/netns || plan_skip_all "cannot mount a tmpfs on /etc/netns"
have_ip=0
ip netns list >/dev/null 2>&1 && have_ip=1
have_ping=0
busybox ping -h 2>&1 | grep -q Usage && have_ping=1

nsx() { "$CTBOX" netns "$@"; }
# run CMD...: $out (stdout), $err (stderr), $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
mounted() { grep -q " $1 " /proc/self/mountinfo; }
no_entry() { [ ! -e "/run/netns/$1" ] && ! mounted "/run/netns/$1"; }
link_absent() { ! ip link show "$1" >/dev/null 2>&1; }
# Stop the processes this test started.
pids=""
at_exit 'for p in $pids; do kill "$p" 2>/dev/null; done'

# -- add, list, exec --
run nsx list
is "$rc:$out:$err" "0::" "list: no names yet"
run nsx add a
is "$rc:$err" "0:" "add a"
ok "a is a bind mount in /run/netns" mounted /run/netns/a
ok "/run/netns is a shared mount point" \
	sh -c "grep ' /run/netns ' /proc/self/mountinfo | grep -q shared:"
run nsx
is "$rc:$out" "0:a" "bare netns lists"
run nsx ls
is "$out" "a" "ls lists"

own=$(readlink /proc/self/ns/net)
run nsx exec a readlink /proc/self/ns/net
ok "exec runs in another network namespace" eval '[ "$rc" = 0 ] && [ -n "$out" ] && [ "$out" != "$own" ]'
run nsx exec a sh -c "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"
is "$rc:$out" "0:lo" "exec: /proc/net/dev shows only lo"
run nsx exec a ls /sys/class/net
is "$rc:$out" "0:lo" "exec: a fresh /sys shows only lo"
run nsx exec a "$CTBOX" netns identify
is "$rc:$out" "0:a" "exec: netns identify inside says a"
run nsx exec a sh -c 'exit 7'
is "$rc" 7 "exec exits with the command's status"
run nsx exec a /nonexistent/cmd
is "$rc:$err" "1:ctbox: netns: exec of \"/nonexistent/cmd\" failed: No such file or directory" \
	"exec of a missing command: 1"

if [ -f /etc/resolv.conf ]; then
	mkdir /etc/netns/a
	echo "nameserver 10.213.9.9" > /etc/netns/a/resolv.conf
	run nsx exec a cat /etc/resolv.conf
	is "$rc:$out" "0:nameserver 10.213.9.9" "exec binds /etc/netns/a/resolv.conf over /etc/resolv.conf"
	ok "the bind stays inside exec" sh -c '! grep -q 10.213.9.9 /etc/resolv.conf'
	rm -r /etc/netns/a
else
	skip "no /etc/resolv.conf to bind over"
	skip "no /etc/resolv.conf to bind over"
fi

# -- identify, pids, attach --
"$CTBOX" netns exec a sleep 300 &
sp=$!
pids="$pids $sp"
eventually sh -c "[ \"\$(readlink /proc/$sp/ns/net)\" != '$own' ]"
run nsx identify "$sp"
is "$rc:$out" "0:a" "identify PID"
run nsx identify $$
is "$rc:$out" "0:" "identify of an unnamed namespace: an empty line"
run nsx pids a
is "$rc:$out" "0:$sp" "pids a"
run nsx attach b "$sp"
is "$rc:$err" "0:" "attach b PID"
ok "b names the namespace of a" [ "$(stat -L -c %i /run/netns/a)" = "$(stat -L -c %i /run/netns/b)" ]

# -- ids --
run nsx set a 7
is "$rc:$err" "0:" "set a 7"
run nsx list
like "$out" "^a \\(id: 7\\)$" "list shows a's id"
run nsx add c
run nsx set c auto
is "$rc:$err" "0:" "set c auto"
run nsx list
like "$out" "^c \\(id: [0-9]+\\)$" "list shows c's id from the kernel"
run nsx list-id
like "$out" "^nsid 7 \\(iproute2 netns name: [ab]\\)$" "list-id"
nsx add u
run nsx set u 7
ok "set to a used id: 2, with the kernel's reason" \
	eval '[ "$rc" = 2 ] && printf "%s" "$err" | grep -q "^ctbox: netns: .*already used"'

# -- side by side with iproute2 --
if [ "$have_ip" = 1 ]; then
	ip netns add d && ip netns set d 9
	run nsx list
	like "$out" "^d \\(id: 9\\)$" "made by ip, seen by ctbox with its id"
	nsx add e && nsx set e 11
	ipl=$(ip netns list)
	like "$ipl" "^e \\(id: 11\\)$" "made by ctbox, seen by ip with its id"
	run nsx list
	is "$out" "$ipl" "ip netns list and ctbox netns list agree (order and ids)"
	is "$(nsx identify "$sp")" "$(ip netns identify "$sp")" "identify agrees with ip's"
	is "$(nsx pids a)" "$(ip netns pids a)" "pids agrees with ip's"
	is "$(ip netns exec e "$CTBOX" netns identify)" "e" "ip netns exec into a ctbox name"
	run nsx delete d
	is "$rc:$err" "0:" "ctbox deletes ip's name"
	ip netns delete e
	ok "ip deletes ctbox's name" no_entry e
	ok "nothing left of d and e" eval "no_entry d && no_entry e"
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "iproute2 is not installed"; done
fi

# -- monitor --
"$CTBOX" netns monitor >"$T/mon" &
mp=$!
pids="$pids $mp"
# Its inotify watch is in place once its fdinfo shows it.
eventually sh -c "cat /proc/$mp/fdinfo/* 2>/dev/null | grep -q '^inotify wd:'"
nsx add m && nsx del m
eventually sh -c "[ \$(wc -l < '$T/mon') -ge 2 ]"
kill "$mp" 2>/dev/null
is "$(cat "$T/mon")" "add m
delete m" "monitor reports add and delete"

# -- bad input: ip's messages and exit codes --
# badcase RC ERR NAME CMD...
badcase() {
	want_rc=$1 want_err=$2 name=$3
	shift 3
	run "$@"
	is "$rc:$err" "$want_rc:$want_err" "$name"
}
P="ctbox: netns:"
badcase 255 "$P Invalid netns name \"../x\": name contains '/'" "add ../x" nsx add ../x
badcase 255 "$P Invalid netns name \"..\": name is '.' or '..'" "delete .." nsx delete ..
badcase 255 "$P Invalid netns name \".hidden\": name starts with '.'" "add .hidden (ctbox's rule)" \
	nsx add .hidden
badcase 1 "$P Cannot create namespace file \"/run/netns/a\": File exists" "add an existing name" nsx add a
badcase 1 "$P No netns name specified" "add without a name" nsx add
badcase 1 "$P No netns name specified" "delete without a name" nsx delete
badcase 1 "$P Cannot remove namespace file \"/run/netns/zz\": No such file or directory" \
	"delete a missing name" nsx del zz
badcase 255 "$P Cannot open network namespace \"zz\": No such file or directory" \
	"exec in a missing name" nsx exec zz true
badcase 1 "$P No command specified" "exec without a command" nsx exec a
badcase 1 "$P Specified string 'x1' is not a pid" "identify a non-pid" nsx identify x1
badcase 1 "$P extra arguments specified" "pids with two names" nsx pids a b
badcase 1 "$P No netns name and PID specified" "attach without a PID" nsx attach q
badcase 1 "$P Invalid PID: 0" "attach PID 0" nsx attach q 0
badcase 1 "$P Bind /proc/2147483647/ns/net -> /run/netns/q failed: No such file or directory" \
	"attach a missing process" nsx attach q 2147483647
ok "no name left by the failed attach" no_entry q
badcase 1 "$P No nsid specified" "set without an id" nsx set a
badcase 255 "$P argument \"x\" is wrong: Invalid \"netnsid\" value" "set a bad id" nsx set a x
badcase 255 "$P argument \"-3\" is wrong: \"netnsid\" value should be >= 0" "set a negative id" \
	nsx set a -3
badcase 1 "$P Cannot open network namespace \"zz\": No such file or directory" "set a missing name" \
	nsx set zz 3
badcase 255 "$P Command \"frob\" is unknown, try \"ctbox netns help\"." "unknown subcommand" nsx frob

# -- veth --
if [ "$have_ip" = 1 ]; then
	ip link add br0 type bridge && ip addr add 10.213.0.1/24 dev br0 && ip link set br0 up
	run nsx veth a --bridge br0 --addr 10.213.0.2/24
	is "$rc:$err" "0:" "veth a --bridge br0 --addr 10.213.0.2/24"
	like "$(ip -o link show vetha)" ",UP[,>].* master br0 " \
		"the host end vetha is up in br0"
	like "$(nsx exec a ip -o addr show dev eth0)" "inet 10.213.0.2/24 " "eth0 inside has the address"
	like "$(nsx exec a ip -o link show dev lo)" "<LOOPBACK,UP" "lo inside is up"
	if [ "$have_ping" = 1 ]; then
		# A few tries: the port may take a moment to forward on a busy machine.
		ping_br() { nsx exec a busybox ping -c 1 -W 2 10.213.0.1 >/dev/null 2>&1; }
		ok "the namespace reaches the bridge's address" eventually ping_br
	else
		skip "no busybox ping"
	fi

	nveth() { ip -o link show type veth | wc -l; }
	before=$(nveth)
	badcase 1 "$P lo is not a bridge" "veth into a non-bridge" nsx veth a --peer e2 --bridge lo
	badcase 1 "$P no such interface nob: No such device" "veth into a missing bridge" \
		nsx veth a --peer e2 --bridge nob
	badcase 255 "$P bad address \"10.0.0.1/40\": prefix length above 32" "veth with a bad address" \
		nsx veth a --peer e2 --addr 10.0.0.1/40
	badcase 1 "$P Cannot open network namespace \"zz\": No such file or directory" \
		"veth into a missing name" nsx veth zz
	is "$(nveth)" "$before" "no veth made by the refused requests"
	if [ -d /proc/sys/net/ipv6 ]; then
		# An address step that fails after the pair was made: it goes again.
		nsx exec a sh -c 'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
		run nsx veth a --peer e6 --host-name h6 --addr fd00::6/64
		ok "veth fails when the address cannot be set" [ "$rc" = 1 ]
		ok "and leaves no host end" link_absent h6
		is "$(nsx exec a ls /sys/class/net)" "eth0
lo" "and no end inside"
	else
		for i in 1 2 3; do skip "no IPv6 in this kernel"; done
	fi
	long=a-rather-long-namespace-name
	nsx add "$long"
	run nsx veth "$long"
	is "$rc:$err" "0:" "veth into a namespace with a long name"
	like "$(ip -o link show type veth)" "^[0-9]+: veth[0-9a-f]{8}@" "its host end is veth + a hash"
	nsx delete "$long"
	ok "ending the namespace takes its veth with it" eventually sh -c '[ "$(ip -o link show type veth | wc -l)" = 1 ]'
else
	for i in $(seq 1 16); do skip "iproute2 is not installed (needed for the bridge)"; done
fi

# -- delete: nothing left --
kill "$sp" 2>/dev/null
wait "$sp" 2>/dev/null
for n in a b c u; do
	run nsx delete "$n"
	is "$rc:$err" "0:" "delete $n"
done
ok "no /run/netns entry left" eval '[ -z "$(ls -A /run/netns)" ] && ! grep -q " /run/netns/" /proc/self/mountinfo'
if [ "$have_ip" = 1 ]; then
	ok "no veth left once the namespaces end" eventually sh -c '[ -z "$(ip -o link show type veth)" ]'
else
	skip "iproute2 is not installed"
fi
done_testing
