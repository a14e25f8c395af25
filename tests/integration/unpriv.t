#!/bin/sh
# An unprivileged container: a user of its own (made here, removed at the
# end) with /etc/subuid and /etc/subgid ranges starts, attaches to, lists
# and stops a busybox container in ~/.local/share/lxc, with the maps
# written by newuidmap/newgidmap and the run dir in ~/.cache/ctbox/run.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" | grep -q 'statically linked' || plan_skip_all "no static busybox"
"$CTBOX" --list | grep -qx start || plan_skip_all "the start applet is not in this build"
[ -e /proc/self/uid_map ] && unshare -U true 2>/dev/null || plan_skip_all "no user namespaces here"
[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo 1)" = 1 ] ||
	plan_skip_all "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone)"
"$CTBOX_SRC/scripts/need.sh" newuidmap:uidmap useradd:passwd setpriv:util-linux >/dev/null 2>&1 ||
	plan_skip_all "no newuidmap/useradd/setpriv"

U=ctbxt$$
useradd -m -s /bin/sh "$U" || plan_skip_all "useradd failed"
at_exit "userdel -r '$U' >/dev/null 2>&1; sed -i '/^$U:/d' /etc/subuid /etc/subgid"
H=$(getent passwd "$U" | cut -d: -f6)
# useradd gives new users a range when login.defs says so (Debian's does);
# otherwise take one above every range in use.
for f in subuid subgid; do
	if ! grep -q "^$U:" "/etc/$f" 2>/dev/null; then
		top=$(awk -F: '{ e = $2 + $3; if (e > m) m = e } END { print (m > 100000 ? m : 100000) }' "/etc/$f" 2>/dev/null)
		echo "$U:${top:-100000}:65536" >> "/etc/$f"
	fi
done
SUBU=$(awk -F: -v u="$U" '$1 == u { print $2; exit }' /etc/subuid)
SUBG=$(awk -F: -v u="$U" '$1 == u { print $2; exit }' /etc/subgid)

L=$H/.local/share/lxc
mk() {
	n=$1
	r=$L/$n/rootfs
	mkdir -p "$r/bin" "$r/sbin" "$r/etc" "$r/proc" "$r/sys" "$r/dev" "$r/tmp"
	cp "$bb" "$r/bin/busybox"
	for l in sh sleep cat id hostname; do ln -sf busybox "$r/bin/$l"; done
	shift
	{
		echo "lxc.rootfs.path = dir:$r"
		echo "lxc.mount.auto = proc:mixed sys:ro"
		echo "lxc.init.cmd = /bin/sleep 1000"
		for l in "$@"; do echo "$l"; done
	} > "$L/$n/config"
	chown -R "$U:" "$H"
}
# The binary where the user can run it.
B=$H/ctbox
cp "$CTBOX" "$B"
chmod 755 "$H" "$B"
as_user() { setpriv --reuid="$U" --regid="$U" --init-groups env -i HOME="$H" PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
at_exit "as_user '$B' stop -n u1 -k >/dev/null 2>&1"

mk u1 "lxc.idmap = u 0 $SUBU 65536" "lxc.idmap = g 0 $SUBG 65536" "lxc.uts.name = u1"
out=$(as_user "$B" start -n u1 2>&1)
is "$?" 0 "an unprivileged user starts a container with lxc.idmap ($out)"
is "$(as_user "$B" info -n u1 -s | awk '{ print $2 }')" RUNNING "info: RUNNING"
pid=$(as_user "$B" info -n u1 -p | awk '{ print $2 }')
is "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)" "$SUBU" "its init runs as the first subordinate uid on the host"
like "$(cat "/proc/$pid/uid_map" 2>/dev/null)" "^ *0 +$SUBU +65536$" "with the uid_map newuidmap wrote"
like "$(cat "/proc/$pid/gid_map" 2>/dev/null)" "^ *0 +$SUBG +65536$" "and the gid_map newgidmap wrote"
is "$(as_user "$B" attach -n u1 -- sh -c 'echo $(id -u):$(id -g):$(hostname)')" "0:0:u1" "attach: root inside, its hostname"
is "$(as_user "$B" ls -f -F NAME,STATE,UNPRIVILEGED | tail -n 1 | tr -s ' ')" "u1 RUNNING true " "ls -f: UNPRIVILEGED true"
ok "the run dir is the user's" test -d "$H/.cache/ctbox/run"
ok "stop" as_user "$B" stop -n u1 -k
is "$(as_user "$B" info -n u1 -s | awk '{ print $2 }')" STOPPED "STOPPED"
ok "nothing left in the run dir but its lock" sh -c "[ -z \"\$(ls '$H'/.cache/ctbox/run/*/u1 2>/dev/null | grep -v '^lock$')\" ]"
ok "start again" as_user "$B" start -n u1
ok "stop again" as_user "$B" stop -n u1 -k

mk u2 "lxc.uts.name = u2"
out=$(as_user "$B" start -n u2 2>&1)
is "$?" 1 "without lxc.idmap: refused"
like "$out" "unprivileged container needs lxc.idmap" "and says why"

mk u3 "lxc.idmap = u 0 1 65536" "lxc.idmap = g 0 1 65536"
out=$(as_user "$B" start -n u3 2>&1)
is "$?" 1 "a range that is not the user's: refused"
like "$out" "newuidmap refused lxc.idmap's 'u' lines" "newuidmap's refusal is named"
is "$(as_user "$B" info -n u3 -s | awk '{ print $2 }')" STOPPED "and the container is STOPPED"

mk u4 "lxc.idmap = u 0 $SUBU 65536" "lxc.idmap = g 0 $SUBG 65536" "lxc.net.0.type = veth"
out=$(as_user "$B" start -n u4 2>&1)
is "$?" 1 "a veth for an unprivileged container: refused"
like "$out" "only root can make host-side network devices" "and says why"
done_testing
