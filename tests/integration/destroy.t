#!/bin/sh
# destroy (lxc-destroy): removes the container without following symlinks
# out of it, refuses while something is mounted in it, snapshot clones.
# Needs root.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root

export CTBOX_RUNDIR="$T/run"
export CTBOX_IDRANGES="$T/idranges" # id ranges of unprivileged containers (create)
L=$T/lxc
at_exit "umount '$L/c/rootfs/mnt' 2>/dev/null; rm -rf '$L' '$T/run'"
: > "$T/empty.conf"
echo canary > "$T/canary"
mkdir "$T/hostdir" && echo keep > "$T/hostdir/file"

out=$("$CTBOX" destroy -P "$L" -n nope 2>&1)
is "$?" 1 "destroy of an unknown container exits 1"
is "$out" "ctbox: destroy: container 'nope' is not defined" "... not defined"

"$CTBOX" create -P "$L" -n c -t none -f "$T/empty.conf" || exit 1
mkdir -p "$L/c/rootfs/etc" "$L/c/rootfs/mnt"
ln -s / "$L/c/rootfs/hostroot"
ln -s "$T/canary" "$L/c/rootfs/etc/canary"
ln -s "$T/hostdir" "$L/c/rootfs/hostdir"
ln "$T/canary" "$L/c/rootfs/hardcanary"
chattr -i "$L/c" 2>/dev/null

mount -t tmpfs none "$L/c/rootfs/mnt"
out=$("$CTBOX" destroy -P "$L" -n c 2>&1)
ok "destroy refuses while something is mounted in the rootfs" test $? -ne 0
like "$out" "still mounted" "... saying what is mounted"
ok "... and leaves the container alone" test -f "$L/c/config"
umount "$L/c/rootfs/mnt"

"$CTBOX" destroy -P "$L" -n c
is "$?" 0 "destroy"
ok "the container directory is gone" test ! -e "$L/c"
is "$(cat "$T/canary")" canary "a host file behind a symlink survives"
is "$(cat "$T/hostdir/file")" keep "a host directory behind a symlink survives"
ok "the host root was not followed" test -d /etc -a -f /etc/passwd
ok "the run-time dir is gone" sh -c "! ls '$T/run'/*/c >/dev/null 2>&1"

# Snapshot clones depend on their origin.
"$CTBOX" create -P "$L" -n base -t none -f "$T/empty.conf" && mkdir -p "$L/base/rootfs"
"$CTBOX" copy -P "$L" -n base -N snap -s
is "$?" 0 "a snapshot clone"
out=$("$CTBOX" destroy -P "$L" -n base 2>&1)
ok "destroy refuses an origin with snapshot clones" test $? -ne 0
like "$out" "has snapshots" "... saying it has snapshots"
ok "... both still there" test -f "$L/base/config" -a -f "$L/snap/config"
"$CTBOX" destroy -P "$L" -n base -s
is "$?" 0 "destroy -s"
ok "... removed the origin and its clone" test ! -e "$L/base" -a ! -e "$L/snap"

"$CTBOX" create -P "$L" -n base -t none -f "$T/empty.conf" && mkdir -p "$L/base/rootfs"
"$CTBOX" copy -P "$L" -n base -N snap -s
"$CTBOX" destroy -P "$L" -n snap
is "$?" 0 "destroying the clone"
ok "... drops it from the origin's list" test ! -s "$L/base/lxc_snapshots"
"$CTBOX" destroy -P "$L" -n base
is "$?" 0 "then the origin goes without -s"

# Stale staging dirs are swept by destroy too.
mkdir -p "$L/.gone.create.ABCDEF" && echo "999999 1" > "$L/.gone.create.ABCDEF/.owner"
"$CTBOX" create -P "$L" -n x -t none -f "$T/empty.conf" >/dev/null 2>&1
mkdir -p "$L/.gone.create.ABCDEF" && echo "999999 1" > "$L/.gone.create.ABCDEF/.owner"
"$CTBOX" destroy -P "$L" -n x
ok "destroy sweeps a dead owner's staging dir" test ! -e "$L/.gone.create.ABCDEF"
# A young staging dir whose owner is still being written (empty) is
# another create at work: kept. (Aged past a minute, it goes.)
mkdir -p "$L/.busy.create.ABCDEF" && : > "$L/.busy.create.ABCDEF/.owner"
"$CTBOX" create -P "$L" -n y -t none -f "$T/empty.conf" >/dev/null 2>&1
ok "a young staging dir with an empty owner is kept" test -e "$L/.busy.create.ABCDEF/.owner"
touch -d '-2 minutes' "$L/.busy.create.ABCDEF"
"$CTBOX" destroy -P "$L" -n y
ok "... and swept once old" test ! -e "$L/.busy.create.ABCDEF"

done_testing
