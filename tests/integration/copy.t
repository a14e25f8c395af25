#!/bin/sh
# copy (lxc-copy): full copies (rootfs faithfully, config rewritten, new
# MACs, hostname), -K, -M, -p, overlay snapshots. Needs root.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root

export CTBOX_RUNDIR="$T/run"
export CTBOX_IDRANGES="$T/idranges" # id ranges of unprivileged containers (create)
L=$T/lxc
L2=$T/lxc2
at_exit "rm -rf '$L' '$L2' '$T/run'"
printf 'lxc.net.0.type = veth\nlxc.net.0.hwaddr = 00:16:3e:00:00:01\nlxc.net.1.type = veth\nlxc.net.1.hwaddr = 00:16:3e:00:00:02\n' > "$T/base.conf"
key() { sed -n "s/^$3 *= *//p" "$1/$2/config" | tail -n 1; }
tree() { (cd "$1" && find . -printf '%p %y %m %U:%G %s %l %n\n' | LC_ALL=C sort); }

"$CTBOX" create -P "$L" -n a -t none -f "$T/base.conf" || exit 1
printf 'lxc.uts.name = a\nlxc.rootfs.path = dir:%s/a/rootfs\nlxc.mount.fstab = %s/a/fstab\n' "$L" "$L" >> "$L/a/config"
: > "$L/a/fstab"
R=$L/a/rootfs
mkdir -p "$R/etc" "$R/bin" "$R/dev" "$R/tmp"
echo a > "$R/etc/hostname"
printf 'data\n' > "$R/bin/prog" && chmod 4755 "$R/bin/prog"
ln "$R/bin/prog" "$R/bin/hard"
ln -s /bin/prog "$R/bin/abs"
ln -s / "$R/hostroot"
mkfifo "$R/dev/fifo"
mknod "$R/dev/null" c 1 3
chmod 1777 "$R/tmp"
chown 1234:5678 "$R/etc"

"$CTBOX" copy -P "$L" -n a -N b
is "$?" 0 "copy"
is "$(tree "$L/a/rootfs")" "$(tree "$L/b/rootfs")" "rootfs copied faithfully (modes, owners, links, nodes)"
is "$(stat -c %h "$L/b/rootfs/bin/prog")" 2 "hard link kept"
is "$(cat "$L/b/rootfs/etc/hostname")" b "etc/hostname renamed"
is "$(key "$L" b lxc.uts.name)" b "lxc.uts.name renamed"
is "$(key "$L" b lxc.rootfs.path)" "dir:$L/b/rootfs" "lxc.rootfs.path rewritten"
is "$(key "$L" b lxc.mount.fstab)" "$L/b/fstab" "paths into the container dir rewritten"
ok "fstab copied" test -f "$L/b/fstab"
m0=$(key "$L" b lxc.net.0.hwaddr)
m1=$(key "$L" b lxc.net.1.hwaddr)
like "$m0" '^00:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$' "new MAC 0 has LXC's prefix"
ok "MAC 0 changed" test "$m0" != 00:16:3e:00:00:01
ok "MAC 1 changed and differs from MAC 0" test "$m1" != 00:16:3e:00:00:02 -a "$m1" != "$m0"
is "$(ls -A "$L" | tr '\n' ' ')" "a b " "no staging dir left"

"$CTBOX" copy -P "$L" -n a -N k -K -M
is "$(key "$L" k lxc.uts.name)" a "-K keeps the name"
is "$(cat "$L/k/rootfs/etc/hostname")" a "-K keeps etc/hostname"
is "$(key "$L" k lxc.net.0.hwaddr)" 00:16:3e:00:00:01 "-M keeps the MACs"

"$CTBOX" copy -P "$L" -n a -N far -p "$L2"
is "$?" 0 "copy -p NEWPATH"
is "$(key "$L2" far lxc.rootfs.path)" "dir:$L2/far/rootfs" "... rootfs in the new lxcpath"

out=$("$CTBOX" copy -P "$L" -n a -N b 2>&1)
is "$?" 1 "copy onto an existing container exits 1"
is "$out" "ctbox: copy: container 'b' already exists" "... already exists"
out=$("$CTBOX" copy -P "$L" -n nope -N z 2>&1)
ok "copy of an unknown container fails" test $? -ne 0
out=$("$CTBOX" copy -P "$L" -n a -N z -B lvm 2>&1)
ok "-B lvm is refused" test $? -ne 0

"$CTBOX" copy -P "$L" -n a -N s -s
is "$?" 0 "copy -s (overlay snapshot)"
is "$(key "$L" s lxc.rootfs.path)" "overlay:$L/a/rootfs:$L/s/delta0" "overlay rootfs path"
ok "delta0 upper dir" test -d "$L/s/delta0"
ok "nothing copied" test ! -e "$L/s/rootfs/bin/prog"
is "$(cat "$L/s/lxc_rdepends" | tr '\n' ' ')" "$L a " "the clone names its origin"
is "$(cat "$L/a/lxc_snapshots" | tr '\n' ' ')" "$L s " "the origin lists the clone"
"$CTBOX" copy -P "$L" -n a -N o -B overlay
is "$(key "$L" o lxc.rootfs.path)" "overlay:$L/a/rootfs:$L/o/delta0" "-B overlay is a snapshot too"

done_testing
