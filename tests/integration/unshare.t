#!/bin/sh
# unshare (lxc-unshare, root): the command runs in the namespaces asked for
# and only those (compared by /proc/self/ns inode), as PID 1 with PID, with
# the hostname of -H, the user of -u, a new /proc with -M (which does not
# reach the host's mounts), interfaces moved in with -i (a veth pair made in
# a network namespace of the test's own), daemonized with -d; its exit
# status comes back; bad input is refused naming what is wrong. Where LXC's
# lxc-unshare is installed, the same commands are compared with it.
# (usernsexec.t runs unshare as an unprivileged user.)
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root
"$CTBOX" --list | grep -qx unshare || plan_skip_all "the unshare applet is not in this build"
[ -e /proc/self/ns/user ] && [ -e /proc/self/ns/cgroup ] || plan_skip_all "no user or cgroup namespaces here"

U() { "$CTBOX" unshare "$@"; }
# run CMD...: $out (stdout), $err (stderr), $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

ALL="mnt pid uts ipc net user cgroup"
[ -e /proc/self/ns/time ] && ALL="$ALL time"
# The namespaces of whatever runs this: "mnt:[N] pid:[N] ...".
NSLIST="for n in $ALL; do readlink /proc/self/ns/\$n; done | tr '\n' ' '"
outside=$(sh -c "$NSLIST")
# sig OUTSIDE INSIDE: "mnt=same pid=new ..." for each namespace.
sig() {
	for n in $ALL; do
		a=$(printf '%s\n' $1 | grep "^$n:")
		b=$(printf '%s\n' $2 | grep "^$n:")
		if [ -z "$b" ]; then printf '%s=? ' "$n"
		elif [ "$a" = "$b" ]; then printf '%s=same ' "$n"
		else printf '%s=new ' "$n"; fi
	done
}
# want NS...: the signature when exactly those are new.
want() {
	for n in $ALL; do
		case " $* " in *" $n "*) printf '%s=new ' "$n" ;; *) printf '%s=same ' "$n" ;; esac
	done
}

# 1. Each namespace alone, by LXC's name; then several, by the kernel's
# names in mixed case.
for pair in MOUNT:mnt PID:pid UTSNAME:uts IPC:ipc NETWORK:net USER:user CGROUP:cgroup TIME:time; do
	name=${pair%%:*} ns=${pair#*:}
	case " $ALL " in *" $ns "*) ;; *) skip "no $ns namespace here"; continue ;; esac
	run U -s "$name" -- sh -c "$NSLIST"
	if [ "$name" = TIME ] && [ "$rc" != 0 ]; then
		skip "no new time namespace here ($err)"
		continue
	fi
	is "$(sig "$outside" "$out")" "$(want "$ns")" "-s $name: only the $ns namespace is new"
done
run U -s "mnt|Pid|uts|IPC|net|cgroup" -- sh -c "$NSLIST"
is "$(sig "$outside" "$out")" "$(want mnt pid uts ipc net cgroup)" "-s mnt|Pid|uts|IPC|net|cgroup: those six, any case"
run U -s "|UTSNAME||" -- sh -c "$NSLIST"
is "$(sig "$outside" "$out")" "$(want uts)" "empty items are passed over, as LXC does"

# 2. PID 1, and the exit status.
is "$(U -s PID -- sh -c 'echo $$')" 1 "-s PID: the command is PID 1"
pid=$(U -s UTSNAME -- sh -c 'echo $$')
ok "without PID it is not ($pid)" test "$pid" -gt 1
U -s UTSNAME -- sh -c 'exit 7'
is "$?" 7 "the command's exit status comes back (7)"
U -s "PID|MOUNT" -- sh -c 'exit 3'
is "$?" 3 "... also as PID 1 (3)"
U -s UTSNAME -- sh -c 'kill -TERM $$'
is "$?" 143 "killed by SIGTERM: 128+15"
run U -s UTSNAME -- /nonexistent/cmd
is "$rc" 127 "a command that is not there: 127"
like "$err" "unshare: can't execute '/nonexistent/cmd'" "and says so"
is "$(U -s IPC -- true; echo $?)" 0 "a command that succeeds: 0"

# SIGTERM to unshare is passed on to the command.
"$CTBOX" unshare -s UTSNAME -- sleep 60 &
up=$!
# child_is PID COMM: PID's first child runs COMM.
child_is() {
	c=$(cut -d' ' -f1 "/proc/$1/task/$1/children" 2>/dev/null)
	[ -n "$c" ] && [ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ]
}
if eventually child_is "$up" sleep; then
	kid=$(cut -d' ' -f1 "/proc/$up/task/$up/children")
	kill -TERM "$up"
	wait "$up"
	is "$?" 143 "SIGTERM to unshare reaches the command (128+15 back)"
	ok "and the command is gone" sh -c "! kill -0 $kid 2>/dev/null"
else
	kill -KILL "$up" 2>/dev/null
	fail "the command did not start"; fail "SIGTERM"
fi

# 3. -H
host_before=$(hostname)
is "$(U -s UTSNAME -H ctbox-uts-test -- hostname)" ctbox-uts-test "-H sets the hostname inside"
is "$(hostname)" "$host_before" "the host's hostname is untouched"
is "$(U -s 'UTSNAME|USER' -H inner -- hostname)" inner "-H in a new user namespace too"

# 4. -u
nobody_gid=$(id -g nobody)
is "$(U -s UTSNAME -u nobody -- sh -c 'echo $(id -u):$(id -g)')" "65534:$nobody_gid" "-u nobody: its uid and primary gid"
is "$(U -s UTSNAME -u 65534 -- id -u)" 65534 "-u by number"
is "$(U -s UTSNAME -u root -- sh -c 'id -G')" "$(id -G root)" "-u root: root's groups"
run U -s USER -u nobody -- sh -c 'echo $(id -u):$(id -g); cat /proc/self/uid_map /proc/self/gid_map'
is "$(printf '%s\n' "$out" | head -n 1)" "65534:$nobody_gid" "-s USER -u nobody: its ids inside"
is "$(printf '%s\n' "$out" | sed 1d | tr -s ' ' | sed 's/^ //')" "$(printf '65534 0 1\n%s 0 1' "$nobody_gid")" \
	"mapped from the caller's uid and gid"
is "$(U -s USER -- id -u)" 65534 "-s USER without -u: no map, the overflow uid (as LXC)"

# 5. -M: a new /proc, and nothing reaches the host's mounts.
mounts_before=$(wc -l < /proc/self/mountinfo)
is "$(U -s 'PID|MOUNT' -M -- cat /proc/1/comm)" cat "-M with PID: /proc is the new PID namespace's"
is "$(U -s 'PID|MOUNT' -- cat /proc/1/comm)" "$(cat /proc/1/comm)" "without -M /proc stays the host's"
mkdir "$T/m"
is "$(U -s MOUNT -- sh -c "mount -t tmpfs ctbox-unshare-test '$T/m' && grep -c ctbox-unshare-test /proc/self/mountinfo")" \
	1 "-s MOUNT: a mount made inside"
is "$(grep -c ctbox-unshare-test /proc/self/mountinfo)" 0 "does not reach the host"
is "$(wc -l < /proc/self/mountinfo)" "$mounts_before" "nor do -M's"
# count_in FLAGS MOUNTPOINT: how many mounts on it a command inside sees.
count_in() { U -s "MOUNT|IPC" $1 -- sh -c "grep -c ' $2 ' /proc/self/mountinfo"; }
for d in /dev/shm /dev/mqueue; do
	if [ -d "$d" ]; then
		is "$(count_in -M "$d")" "$(($(count_in "" "$d") + 1))" "-M: a new mount on $d"
	else
		skip "no $d here"
	fi
done

# 6. -d
rm -f "$T/daemon"
start=$(date +%s)
run U -d -s UTSNAME -- sh -c "sleep 2; hostname > '$T/daemon'"
is "$rc" 0 "-d: exit 0 at once"
ok "... before the command is done" test ! -e "$T/daemon"
ok "the command goes on, and finishes" eventually test -s "$T/daemon"
run U -d -s UTSNAME -- /nonexistent/cmd
is "$rc" 127 "-d: a command that cannot run still fails"

# 7. -i: a veth pair in a network namespace of the test's own.
if command -v ip >/dev/null 2>&1 && unshare --version 2>/dev/null | grep -q util-linux &&
	unshare --net true 2>/dev/null; then
	cat > "$T/net.sh" <<-EOF
	set -e
	ip link add vtA type veth peer name vtB
	ip link add vtC type veth peer name vtD
	echo "inside: \$("$CTBOX" unshare -s NETWORK -i vtA -i vtC -- sh -c "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\n' ' '")"
	echo "left: \$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\n' ' ')"
	ip link add vtE type veth peer name vtF
	"$CTBOX" unshare -s NETWORK -i vtE -i nosuch0 -- true 2>&1 || echo "rc=\$?"
	ip link show vtE >/dev/null 2>&1 && echo "vtE stays"
	EOF
	net=$(LC_ALL=C unshare --net sh "$T/net.sh" 2>&1)
	like "$net" "inside: lo vtA vtC $" "-i twice: both interfaces inside, with lo"
	left=$(printf '%s\n' "$net" | grep '^left:')
	ok "gone from the namespace they were in ($left)" sh -c "! printf '%s' '$left' | grep -Eq 'vtA|vtC'"
	like "$net" "no such interface nosuch0" "a missing interface is named"
	like "$net" "rc=1" "and fails"
	like "$net" "vtE stays" "before anything was moved"
else
	skip "no ip or unshare(1) to make a network namespace for -i"
	skip "-i"; skip "-i"; skip "-i"; skip "-i"
fi

# 8. Bad input.
bad() {
	what=$1 re=$2
	shift 2
	run U "$@"
	if [ "$rc" = 1 ] && printf '%s\n' "$err" | grep -Eq -- "$re"; then
		pass "$what"
	else
		fail "$what"
		diag "rc $rc, stderr: $err"
	fi
}
bad "unknown namespace" "unshare: unknown namespace 'FOO'" -s "PID|FOO" -- true
bad "no namespace" "no namespace given" -s "|" -- true
bad "-s missing" "NAMESPACES" -- true
bad "no command" "command" -s PID
bad "-H without UTSNAME" "-H needs -s UTSNAME" -s MOUNT -H x -- true
bad "-M without MOUNT" "-M needs -s MOUNT" -s PID -M -- true
bad "-i without NETWORK" "-i needs -s NETWORK" -s PID -i lo -- true
bad "a nonexistent user" "no such user 'ctbox-no-such-user'" -s UTSNAME -u ctbox-no-such-user -- true
bad "a uid not in the user database" "no user with uid 4000000" -s UTSNAME -u 4000000 -- true
bad "a bad interface name" "bad interface name 'a/b'" -s NETWORK -i a/b -- true
bad "a nonexistent interface" "no such interface ctbxnone0" -s NETWORK -i ctbxnone0 -- true
bad "a hostname too long" "longer than" -s UTSNAME -H "$(printf '%070d' 0)" -- true
like "$(U --help)" "lxc-unshare" "the usage says whose options these are"

# 9. Side by side with LXC's lxc-unshare.
if command -v lxc-unshare >/dev/null 2>&1; then
	for s in "MOUNT|PID" "UTSNAME|IPC" "NETWORK|USER" "CGROUP"; do
		a=$(sig "$outside" "$(lxc-unshare -s "$s" -- sh -c "$NSLIST" 2>/dev/null)")
		b=$(sig "$outside" "$(U -s "$s" -- sh -c "$NSLIST")")
		is "$b" "$a" "-s $s: the namespaces lxc-unshare makes"
	done
	is "$(U -s 'PID|UTSNAME' -H side -- sh -c 'echo $$ $(hostname)')" \
		"$(lxc-unshare -s 'PID|UTSNAME' -H side -- sh -c 'echo $$ $(hostname)' 2>/dev/null)" "-H and PID 1 as lxc-unshare"
	is "$(U -s USER -u 65534 -- sh -c 'id -u; cat /proc/self/uid_map' | tr -s ' ')" \
		"$(lxc-unshare -s USER -u 65534 -- sh -c 'id -u; cat /proc/self/uid_map' 2>/dev/null | tr -s ' ')" \
		"-s USER -u: the uid and uid_map of lxc-unshare"
	lxc-unshare -s FOO -- true >/dev/null 2>&1
	l=$?
	U -s FOO -- true >/dev/null 2>&1
	is "$?:$l" "1:1" "an unknown namespace fails in both"
else
	for i in 1 2 3 4 5 6 7; do skip "lxc-unshare is not installed"; done
fi

done_testing
