#!/bin/sh
# snapshot (lxc-snapshot): take (a full copy of a dir rootfs, with ts and
# comment), list (LXC's layout, compared with LXC's own lxc-snapshot when it
# runs here), restore in place and into a new container, destroy one and
# ALL; running containers (dir refused, overlay frozen for the copy); bad
# input; nothing left by a failure; destroy -s. Needs root.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root

export CTBOX_RUNDIR="$T/run"
export CTBOX_IDRANGES="$T/idranges" # id ranges of unprivileged containers (create)
L=$T/lxc
L2=$T/lxc2
stop_all() {
	for d in "$L"/*/; do
		[ -d "$d" ] && "$CTBOX" stop -P "$L" -n "$(basename "$d")" -k >/dev/null 2>&1
	done
}
# LXC's lxc-snapshot leaves its lock directory for the lxcpath behind.
at_exit "stop_all; rm -rf '$L' '$L2' '$T/run' '/run/lxc/lock$T'"
printf 'lxc.net.0.type = veth\nlxc.net.0.hwaddr = 00:16:3e:00:00:01\n' > "$T/base.conf"
key() { sed -n "s/^$3 *= *//p" "$1/$2/config" | tail -n 1; }
tree() { (cd "$1" && find . -printf '%p %y %m %U:%G %s %l %n\n' | LC_ALL=C sort); }
snap() { "$CTBOX" snapshot -P "$L" "$@"; }
TSRE='^[0-9]{4}:[0-9]{2}:[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$'

"$CTBOX" create -P "$L" -n a -t none -f "$T/base.conf" || exit 1
printf 'lxc.uts.name = a\nlxc.rootfs.path = dir:%s/a/rootfs\nlxc.mount.fstab = %s/a/fstab\n' "$L" "$L" >> "$L/a/config"
: > "$L/a/fstab"
R=$L/a/rootfs
mkdir -p "$R/etc" "$R/bin" "$R/dev" "$R/tmp"
echo a > "$R/etc/hostname"
echo v0 > "$R/etc/file"
printf 'data\n' > "$R/bin/prog" && chmod 4755 "$R/bin/prog"
ln "$R/bin/prog" "$R/bin/hard"
ln -s /bin/prog "$R/bin/abs"
mkfifo "$R/dev/fifo"
chmod 1777 "$R/tmp"
chown 1234:5678 "$R/etc"

# -- take --
out=$(snap -n a 2>&1)
is "$?" 0 "snapshot"
is "$out" "" "... prints nothing (as lxc-snapshot)"
S=$L/a/snaps/snap0
ok "snaps/snap0 holds config, rootfs and ts" test -f "$S/config" -a -d "$S/rootfs" -a -f "$S/ts"
is "$(tree "$R")" "$(tree "$S/rootfs")" "the rootfs copied faithfully (modes, owners, links, fifo)"
like "$(cat "$S/ts")" "$TSRE" "ts is LXC's YYYY:MM:DD HH:MM:SS"
is "$(wc -l < "$S/ts")" 0 "... without a newline"
is "$(key "$L/a/snaps" snap0 lxc.rootfs.path)" "dir:$S/rootfs" "its lxc.rootfs.path"
is "$(key "$L/a/snaps" snap0 lxc.uts.name)" a "the name kept"
is "$(key "$L/a/snaps" snap0 lxc.net.0.hwaddr)" 00:16:3e:00:00:01 "the MAC kept"
is "$(key "$L/a/snaps" snap0 lxc.mount.fstab)" "$S/fstab" "paths into the container's directory follow"
ok "no comment without -c" test ! -e "$S/comment"
ok "no staging directory left" sh -c "! ls -A '$L/a/snaps' | grep -q '^\\.'"

echo v1 > "$R/etc/file"
printf 'first line\nsecond line\n' > "$T/comment"
snap -n a -c "$T/comment"
is "$?" 0 "snapshot -c FILE"
is "$(cat "$L/a/snaps/snap1/comment")" "$(cat "$T/comment")" "... the comment stored"
is "$(cat "$L/a/snaps/snap0/rootfs/etc/file")" v0 "snap0 holds the old file"
is "$(cat "$L/a/snaps/snap1/rootfs/etc/file")" v1 "snap1 the changed one"

# -- list --
ts0=$(cat "$L/a/snaps/snap0/ts")
ts1=$(cat "$L/a/snaps/snap1/ts")
is "$(snap -n a -L)" "snap0 ($L/a/snaps) $ts0
snap1 ($L/a/snaps) $ts1" "-L: 'snapN (LXCPATH/NAME/snaps) TIME'"
is "$(snap -n a -L -C)" "snap0 ($L/a/snaps) $ts0
snap1 ($L/a/snaps) $ts1
first line
second line" "-L -C: each comment after its line"
"$CTBOX" create -P "$L" -n empty -t none -f "$T/base.conf" >/dev/null
is "$(snap -n empty -L)" "No snapshots" "-L without snapshots"

# -- restore in place --
echo v2 > "$R/etc/file"
echo new > "$R/etc/added"
out=$(snap -n a -r snap0 2>&1)
is "$?" 0 "restore snap0 in place"
is "$out" "" "... prints nothing"
is "$(cat "$R/etc/file")" v0 "the old file is back"
ok "a file added since is gone" test ! -e "$R/etc/added"
is "$(tree "$R")" "$(tree "$S/rootfs")" "the rootfs is the snapshot's"
is "$(key "$L" a lxc.rootfs.path)" "dir:$L/a/rootfs" "lxc.rootfs.path is the container's again"
is "$(key "$L" a lxc.mount.fstab)" "$L/a/fstab" "... and its paths"
is "$(key "$L" a lxc.net.0.hwaddr)" 00:16:3e:00:00:01 "the MAC kept in place"
ok "no ts or comment in the container" test ! -e "$L/a/ts" -a ! -e "$L/a/comment"
is "$(snap -n a -L | wc -l)" 2 "both snapshots are still there"
is "$(ls -A "$L" | tr '\n' ' ')" "a empty " "no staging directory left in the lxcpath"

# -- restore into a new container --
out=$(snap -n a -r snap1 -N b 2>&1)
is "$?" 0 "restore snap1 -N b"
is "$(cat "$L/b/rootfs/etc/file")" v1 "b has snap1's file"
is "$(key "$L" b lxc.uts.name)" b "b has its own name"
is "$(cat "$L/b/rootfs/etc/hostname")" b "... in etc/hostname too"
is "$(key "$L" b lxc.rootfs.path)" "dir:$L/b/rootfs" "b's rootfs path"
m=$(key "$L" b lxc.net.0.hwaddr)
ok "b has a new MAC ($m)" test "$m" != 00:16:3e:00:00:01
ok "no ts or comment in b" test ! -e "$L/b/ts" -a ! -e "$L/b/comment"
is "$(cat "$R/etc/file")" v0 "a is untouched"
snap -n a -r snap1 c
is "$?" 0 "restore with the new name as an operand (lxc-snapshot -r SNAP NEWNAME)"
is "$(key "$L" c lxc.uts.name)" c "... named c"
snap -n a -r snap0 --newpath "$L2"
is "$?" 0 "restore --newpath PATH"
is "$(key "$L2" a lxc.rootfs.path)" "dir:$L2/a/rootfs" "... into the other lxcpath"

# -- destroy --
out=$(snap -n a -d snap0 2>&1)
is "$?" 0 "destroy snap0"
is "$out" "" "... prints nothing"
is "$(snap -n a -L | cut -d' ' -f1)" snap1 "only snap1 listed"
snap -n a
ok "the next snapshot takes the lowest free number (snap0)" test -f "$L/a/snaps/snap0/ts"
snap -n a -d ALL
is "$?" 0 "destroy ALL"
is "$(snap -n a -L)" "No snapshots" "... none left"
is "$(ls -A "$L/a/snaps" | wc -l)" 0 "... nothing in snaps"
snap -n a -d ALL
is "$?" 0 "destroy ALL without snapshots is fine"

# -- bad input --
t_err() { # NAME WANT-MESSAGE ARGS...
	n=$1 want=$2
	shift 2
	out=$(snap "$@" 2>&1)
	rc=$?
	is "$rc:$out" "1:ctbox: snapshot: $want" "$n"
}
snap -n a >/dev/null
t_err "snapshot of an unknown container" "container 'nope' is not defined" -n nope
t_err "-L of an unknown container" "container 'nope' is not defined" -n nope -L
t_err "restore from an unknown container" "container 'nope' is not defined" -n nope -r snap0
t_err "restore of an unknown snapshot" "snapshot 'snap9' of 'a' does not exist" -n a -r snap9
t_err "destroy of an unknown snapshot" "snapshot 'snap9' of 'a' does not exist" -n a -d snap9
t_err "restore onto an existing container (-N)" "container 'b' already exists" -n a -r snap0 -N b
t_err "a snapshot name that leaves snaps" "invalid snapshot name '../b': name starts with '.'" -n a -r ../b
t_err "destroy of ../b" "invalid snapshot name '../b': name starts with '.'" -n a -d ../b
before=$(ls -A "$L/a/snaps")
t_err "a missing comment file" "can't read comment file '$T/nope': No such file or directory" -n a -c "$T/nope"
t_err "a directory as comment file" "comment file '$T' is a directory" -n a -c "$T"
is "$(ls -A "$L/a/snaps")" "$before" "... no snapshot made"
t_err "-L with -d" "-L, -r and -d exclude each other" -n a -L -d snap0
t_err "-C without -L" "-C goes with -L" -n a -C
t_err "-N without -r" "-N and --newpath go with -r" -n a -N x
t_err "-c with -L" "-c goes with taking a snapshot, not with -L, -r or -d" -n a -L -c "$T/comment"
out=$(snap -n a extra 2>&1)
is "$?" 1 "an operand without -r is a usage error"
is "$(ls "$L/b/rootfs/etc/file")" "$L/b/rootfs/etc/file" "b untouched by the refused restore"

# A failure half way leaves nothing: a rootfs that is not there.
"$CTBOX" create -P "$L" -n broken -t none -f "$T/base.conf" >/dev/null
echo "lxc.rootfs.path = dir:$T/no-such-rootfs" >> "$L/broken/config"
out=$(snap -n broken 2>&1)
ok "a snapshot that fails exits non-zero" test $? -ne 0
like "$out" "no-such-rootfs" "... saying why ($out)"
ok "... and leaves no snaps directory" test ! -e "$L/broken/snaps"
printf 'lxc.rootfs.path = lvm:/dev/vg/x\n' >> "$L/broken/config"
out=$(snap -n broken 2>&1)
like "$out" "only dir and overlay rootfs can be snapshotted" "another backing store is refused"

# -- destroy (the applet) and snapshots --
out=$("$CTBOX" destroy -P "$L" -n a 2>&1)
ok "destroy refuses a container with snapshots" test $? -ne 0
like "$out" "has snapshots" "... saying so"
"$CTBOX" destroy -P "$L" -n a -s
is "$?" 0 "destroy -s removes it with its snapshots"
ok "... all gone" test ! -e "$L/a"

# -- side by side with LXC's lxc-snapshot --
BB=$(command -v busybox || true)
bb_static() { [ -n "$BB" ] && file -L "$BB" 2>/dev/null | grep -q 'statically linked'; }
if ! command -v lxc-snapshot >/dev/null; then
	skip "LXC's lxc-snapshot is not installed"
elif ! command -v rsync >/dev/null; then
	skip "no rsync: LXC copies a dir rootfs with it"
elif ! bb_static; then
	skip "no static busybox for the busybox template"
else
	printf 'lxc.net.0.type = empty\n' > "$T/empty.conf"
	"$CTBOX" create -P "$L" -n x -t busybox -f "$T/empty.conf" >/dev/null
	lxc-snapshot -P "$L" -n x -c "$T/comment" >/dev/null 2>&1
	if [ ! -f "$L/x/snaps/snap0/ts" ]; then
		skip "lxc-snapshot fails on this host"
	else
		snap -n x -c "$T/comment"
		lxc=$(lxc-snapshot -P "$L" -n x -L -C)
		ours=$(snap -n x -L -C)
		# LXC lists in directory order: compare each snapshot's block.
		blocks() { printf '%s\n' "$1" | awk '/^snap/ { n = $1 } { print n "\t" $0 }' | LC_ALL=C sort; }
		is "$(blocks "$ours")" "$(blocks "$lxc")" "-L -C lists as lxc-snapshot does (its snapshot and ours)"
		is "$(cd "$L/x/snaps" && ls snap0 | tr '\n' ' ')" "$(cd "$L/x/snaps" && ls snap1 | tr '\n' ' ')" \
			"LXC's snapshot and ours hold the same files"
		snap -n x -r snap0 -N xr
		is "$?" 0 "LXC's snapshot restores with ours"
		lxc-snapshot -P "$L" -n x -r snap1 -N xl >/dev/null 2>&1
		ok "ours restores with LXC's" test -f "$L/xl/rootfs/bin/busybox" -a "$(key "$L" xl lxc.uts.name)" = xl
		lxc-snapshot -P "$L" -n x -d snap1 >/dev/null 2>&1
		is "$(snap -n x -L | cut -d' ' -f1)" snap0 "LXC destroys ours"
	fi
fi

# -- running containers --
if ! bb_static; then
	skip "no static busybox: no running containers"
else
	printf 'lxc.net.0.type = empty\n' > "$T/empty.conf"
	"$CTBOX" create -P "$L" -n r -t busybox -f "$T/empty.conf" >/dev/null
	if ! "$CTBOX" start -P "$L" -n r 2>"$T/err"; then
		skip "can't start a container here: $(cat "$T/err")"
	else
		out=$(snap -n r 2>&1)
		is "$?:$out" "1:ctbox: snapshot: container 'r' is RUNNING: a snapshot of a dir-backed container is a full copy of its rootfs, which can't be taken consistently while it runs (stop it first)" \
			"a running dir-backed container is refused, with the reason"
		ok "... nothing made" test ! -e "$L/r/snaps"
		"$CTBOX" stop -P "$L" -n r -k
		snap -n r && "$CTBOX" start -P "$L" -n r
		out=$(snap -n r -r snap0 2>&1)
		is "$?:$out" "1:ctbox: snapshot: container 'r' is RUNNING: stop it before restoring a snapshot in its place (or restore into a new container: -N NEWNAME)" \
			"restore in place of a running container is refused"
		"$CTBOX" stop -P "$L" -n r -k
		"$CTBOX" copy -P "$L" -n r -N o -s
		if ! "$CTBOX" start -P "$L" -n o 2>"$T/err"; then
			skip "can't start an overlay container here: $(cat "$T/err")"
		else
			"$CTBOX" attach -P "$L" -n o -- sh -c 'echo live > /root/f; echo o > /etc/hostname; rm -rf /etc/init.d; mkdir /etc/init.d'
			out=$(snap -n o 2>&1)
			is "$?:$out" "0:" "a running overlay container: snapshot (frozen for the copy)"
			is "$("$CTBOX" info -P "$L" -n o -s | awk '{ print $2 }')" RUNNING "... running again after"
			is "$(key "$L/o/snaps" snap0 lxc.rootfs.path)" "overlay:$L/r/rootfs:$L/o/snaps/snap0/delta0" \
				"an overlay snapshot over the same lower directory"
			is "$(cat "$L/o/snaps/snap0/delta0/root/f")" live "... with the delta copied"
			ok "... without the overlay's work directory" test ! -e "$L/o/snaps/snap0/olwork"
			is "$(tr '\n' ' ' < "$L/o/snaps/snap0/lxc_rdepends")" "$L r " "... depending on the lower one's container"
			like "$(tr '\n' ' ' < "$L/r/lxc_snapshots")" "$L/o/snaps snap0 " "... which lists it"
			"$CTBOX" freeze -P "$L" -n o
			snap -n o
			is "$("$CTBOX" info -P "$L" -n o -s | awk '{ print $2 }')" FROZEN "a frozen overlay container stays frozen"
			"$CTBOX" stop -P "$L" -n o -k
			snap -n o -r snap0 -N o2
			is "$(key "$L" o2 lxc.rootfs.path)" "overlay:$L/r/rootfs:$L/o2/delta0" "restore of an overlay snapshot: an overlay clone"
			is "$(cat "$L/o2/delta0/etc/hostname")" o2 "... the delta's etc/hostname renamed"
			if "$CTBOX" start -P "$L" -n o2 2>/dev/null; then
				out=$("$CTBOX" attach -P "$L" -n o2 -- sh -c 'cat /root/f; ls /etc/init.d | wc -l')
				is "$out" "live
0" "... its rootfs: the file, and the opaque directory stays empty"
				"$CTBOX" stop -P "$L" -n o2 -k
			else
				skip "o2 does not start"
			fi
			out=$("$CTBOX" destroy -P "$L" -n r 2>&1)
			like "$out" "has snapshots" "the lower container can't go while clones use it"
			"$CTBOX" destroy -P "$L" -n r -s
			ok "destroy -s takes its clones and their snapshots" test ! -e "$L/r" -a ! -e "$L/o" -a ! -e "$L/o2"
		fi
	fi
fi

done_testing
