#!/bin/sh
# usernsexec (lxc-usernsexec): the command runs as root in new user and
# mount namespaces (and no other new one) with exactly the maps asked for
# (-m, several, b/u/g; -s adds the caller's own ids), its exit status comes
# back, bad maps are refused naming what is wrong. As an unprivileged user
# made here (removed at the end, with its /etc/subuid and /etc/subgid
# lines): the default maps from /etc/subuid and /etc/subgid through
# newuidmap/newgidmap, a range that is not the user's refused, the same
# maps as LXC's lxc-usernsexec where it is installed, and unshare -s USER -u
# without a helper.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root
"$CTBOX" --list | grep -qx usernsexec || plan_skip_all "the usernsexec applet is not in this build"
[ -e /proc/self/uid_map ] && "$CTBOX" usernsexec -m b:0:100000:1 -- true 2>/dev/null ||
	plan_skip_all "no user namespaces here"

X() { "$CTBOX" usernsexec "$@"; }
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
# The maps as one line each, blanks squeezed: "0 100000 65536".
MAPS="cat /proc/self/uid_map; echo --; cat /proc/self/gid_map"
norm() { tr -s ' ' | sed 's/^ //'; }

# 1. Maps.
run X -m b:0:100000:65536 -- sh -c "$MAPS"
is "$(printf '%s\n' "$out" | norm)" "$(printf '0 100000 65536\n--\n0 100000 65536')" "b: the same uid and gid map"
is "$(X -m b:0:100000:65536 -- sh -c 'echo $(id -u):$(id -g)')" 0:0 "root inside"
run X -m u:0:100000:10 -m u:10:200000:5 -m g:0:300000:1 -- sh -c "$MAPS"
is "$(printf '%s\n' "$out" | norm)" "$(printf '0 100000 10\n10 200000 5\n--\n0 300000 1')" "several u and g maps, in order"
run X -m b:0:100000:10 -s -- sh -c "$MAPS"
is "$(printf '%s\n' "$out" | norm)" "$(printf '0 100000 10\n10 0 1\n--\n0 100000 10\n10 0 1')" \
	"-s: the caller's own uid and gid next (root's: 0)"
is "$(X -m b:0:100000:65536 -- cat /proc/self/setgroups)" allow "setgroups stays allowed (maps written by root)"
is "$(echo 'id -u' | X -m b:0:100000:65536)" 0 "no command: /bin/sh"

# 2. Namespaces: user and mount, nothing else.
NS="for n in mnt pid uts ipc net user cgroup; do readlink /proc/self/ns/\$n; done"
out_ns=$(sh -c "$NS")
in_ns=$(X -m b:0:100000:65536 -- sh -c "$NS")
diff=$(printf '%s\n' "$out_ns" "$in_ns" | sort | uniq -u | sed 's/:.*//' | sort -u | tr '\n' ' ')
is "$diff" "mnt user " "only the user and mount namespaces are new"
mkdir "$T/m"
chmod 755 "$T" "$T/m"
is "$(X -m b:0:100000:65536 -- sh -c "mount -t tmpfs ctbox-usernsexec-test '$T/m' && grep -c ctbox-usernsexec-test /proc/self/mountinfo")" \
	1 "root inside mounts a tmpfs"
is "$(grep -c ctbox-usernsexec-test /proc/self/mountinfo)" 0 "which does not reach the host"

# 3. Exit status.
X -m b:0:100000:65536 -- sh -c 'exit 5'
is "$?" 5 "the command's exit status comes back"
X -m b:0:100000:65536 -- sh -c 'kill -KILL $$'
is "$?" 137 "killed: 128+9"
run X -m b:0:100000:65536 -- /nonexistent/cmd
is "$rc:$(printf '%s' "$err" | grep -c "can't execute '/nonexistent/cmd'")" "127:1" "a command that is not there: 127, named"

# 4. Bad input.
bad() {
	what=$1 re=$2
	shift 2
	run X "$@"
	if [ "$rc" = 1 ] && printf '%s\n' "$err" | grep -Eq -- "$re"; then
		pass "$what"
	else
		fail "$what"
		diag "rc $rc, stderr: $err"
	fi
}
bad "a bad kind" "bad map 'x:0:100000:1'" -m x:0:100000:1 -- true
bad "too few fields" "bad map 'u:0:100000'" -m u:0:100000 -- true
bad "not a number" "bad map 'b:0:abc:1'" -m b:0:abc:1 -- true
bad "a zero range" "the range is 0" -m b:0:100000:0 -- true
bad "past the id space" "ids past" -m u:0:4294967000:1000 -- true
bad "root not mapped" "uid 0 inside is not mapped" -m b:1:100000:10 -- true
bad "root's gid not mapped" "gid 0 inside is not mapped" -m u:0:100000:10 -m g:1:100000:10 -- true
bad "overlapping maps" "maps u:0:100000:10 and u:5:200000:10 overlap" -m b:0:100000:10 -m u:5:200000:10 -- true
bad "overlapping on the host" "overlap" -m u:0:100000:10 -m u:10:100005:10 -m g:0:1:1 -- true
if grep -q '^root:' /etc/subuid 2>/dev/null && grep -q '^root:' /etc/subgid 2>/dev/null; then
	skip "root has subordinate ranges here"
else
	bad "no -m and no range for root" "/etc/subuid has no range for root" -- true
fi

# 5. As an unprivileged user.
unpriv() {
	[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo 1)" = 1 ] || return 1
	"$CTBOX_SRC/scripts/need.sh" newuidmap:uidmap useradd:passwd setpriv:util-linux >/dev/null 2>&1
}
N=8
if ! unpriv; then
	i=0; while [ $i -lt $N ]; do skip "no unprivileged user namespaces, newuidmap, useradd or setpriv"; i=$((i + 1)); done
	done_testing
	exit $?
fi
USR=ctbxu$$
if ! useradd -m -s /bin/sh "$USR"; then
	i=0; while [ $i -lt $N ]; do skip "useradd failed"; i=$((i + 1)); done
	done_testing
	exit $?
fi
at_exit "userdel -r '$USR' >/dev/null 2>&1; sed -i '/^$USR:/d' /etc/subuid /etc/subgid"
H=$(getent passwd "$USR" | cut -d: -f6)
for f in subuid subgid; do
	if ! grep -q "^$USR:" "/etc/$f" 2>/dev/null; then
		top=$(awk -F: '{ e = $2 + $3; if (e > m) m = e } END { print (m > 100000 ? m : 100000) }' "/etc/$f" 2>/dev/null)
		echo "$USR:${top:-100000}:65536" >> "/etc/$f"
	fi
done
SUBU=$(awk -F: -v u="$USR" '$1 == u { print $2; exit }' /etc/subuid)
SUBG=$(awk -F: -v u="$USR" '$1 == u { print $2; exit }' /etc/subgid)
UID_=$(id -u "$USR")
GID_=$(id -g "$USR")
B=$H/ctbox
cp "$CTBOX" "$B"
chmod 755 "$H" "$B"
as_user() { setpriv --reuid="$USR" --regid="$USR" --init-groups env -i HOME="$H" PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

run as_user "$B" usernsexec -- sh -c "id -u; $MAPS"
is "$(printf '%s\n' "$out" | norm)" "$(printf '0\n0 %s 65536\n--\n0 %s 65536' "$SUBU" "$SUBG")" \
	"no -m: the user's /etc/subuid and /etc/subgid ranges, root inside ($err)"
run as_user "$B" usernsexec -s -- sh -c "$MAPS"
is "$(printf '%s\n' "$out" | norm)" \
	"$(printf '0 %s 65536\n65536 %s 1\n--\n0 %s 65536\n65536 %s 1' "$SUBU" "$UID_" "$SUBG" "$GID_")" \
	"-s: the user's own ids after the range"
run as_user "$B" usernsexec -m b:0:1:65536 -- true
is "$rc" 1 "a range that is not the user's: refused"
like "$err" "newuidmap refused the map's 'u' lines" "newuidmap's refusal is named"
run as_user "$B" unshare -s "USER|UTSNAME" -u "$USR" -H uh -- sh -c 'echo $(id -u):$(id -g):$(hostname); cat /proc/self/uid_map /proc/self/setgroups'
is "$(printf '%s\n' "$out" | norm)" "$(printf '%s:%s:uh\n%s %s 1\ndeny' "$UID_" "$GID_" "$UID_" "$UID_")" \
	"unshare -s USER -u as the user: its own ids mapped, setgroups denied ($err)"
if command -v lxc-usernsexec >/dev/null 2>&1; then
	is "$(as_user "$B" usernsexec -- sh -c "id -u; $MAPS" | norm)" \
		"$(as_user lxc-usernsexec -- sh -c "id -u; $MAPS" 2>/dev/null | norm)" "no -m: the maps of lxc-usernsexec"
	is "$(as_user "$B" usernsexec -s -- sh -c "$MAPS" | norm)" \
		"$(as_user lxc-usernsexec -s -- sh -c "$MAPS" 2>/dev/null | norm)" "-s: the maps of lxc-usernsexec -s"
	M="-m u:0:$SUBU:1000 -m g:0:$SUBG:1000 -m u:1000:$((SUBU + 2000)):10 -m g:1000:$((SUBG + 2000)):10"
	is "$(as_user "$B" usernsexec $M -- sh -c "$MAPS" | norm)" \
		"$(as_user lxc-usernsexec $M -- sh -c "$MAPS" 2>/dev/null | norm)" "several -m: the maps of lxc-usernsexec"
else
	skip "lxc-usernsexec is not installed"; skip "lxc-usernsexec"; skip "lxc-usernsexec"
fi

done_testing
