#!/bin/sh
# create (lxc-create): built-in templates busybox, local (tar, .gz, .xz, .zst),
# none, executable templates; atomicity (kill -9 half-way, sweeping) and
# hostile tarballs. Needs root.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root

export CTBOX_RUNDIR="$T/run"
export CTBOX_IDRANGES="$T/idranges" # id ranges of unprivileged containers (create)
L=$T/lxc
at_exit "rm -rf '$L' '$T/run'"
printf 'lxc.net.0.type = veth\nlxc.net.0.hwaddr = 00:16:3e:00:00:01\n' > "$T/base.conf"
: > "$T/empty.conf"
echo canary > "$T/canary"

# visible LXCPATH: the non-hidden entries of the lxcpath; hidden: the others
visible() { ls "$L" 2>/dev/null | tr '\n' ' '; }
hidden() { ls -A "$L" 2>/dev/null | grep '^\.' | tr '\n' ' '; }
key() { sed -n "s/^$2 *= *//p" "$L/$1/config" | tail -n 1; }

BB=$(command -v busybox || echo /bin/busybox)
if [ -x "$BB" ] && ! file -L "$BB" | grep -q dynamic; then
	out=$("$CTBOX" create -P "$L" -n bb -t busybox -f "$T/base.conf" 2>&1)
	is "$?" 0 "create -t busybox"
	is "$(key bb lxc.uts.name)" bb "lxc.uts.name"
	is "$(key bb lxc.rootfs.path)" "dir:$L/bb/rootfs" "lxc.rootfs.path"
	is "$(key bb lxc.signal.halt)" SIGUSR1 "lxc.signal.halt"
	is "$(key bb lxc.init.cmd)" /sbin/init "lxc.init.cmd"
	is "$(key bb lxc.net.0.hwaddr)" 00:16:3e:00:00:01 "the -f config comes first"
	ok "no lxc.net.0.type = empty over the base's network" sh -c "! grep -q 'net.0.type = empty' '$L/bb/config'"
	ok "busybox binary in the rootfs" test -x "$L/bb/rootfs/bin/busybox"
	is "$(readlink "$L/bb/rootfs/sbin/init")" /bin/busybox "sbin/init -> /bin/busybox"
	is "$(readlink "$L/bb/rootfs/bin/sh")" /bin/busybox "bin/sh -> /bin/busybox"
	ok "inittab runs rcS" grep -q '^::sysinit:/etc/init.d/rcS' "$L/bb/rootfs/etc/inittab"
	ok "inittab's shutdown only syncs (no read-only remount of a root shared with the host)" grep -qx '::shutdown:/bin/sync' "$L/bb/rootfs/etc/inittab"
	ok "rcS is executable" test -x "$L/bb/rootfs/etc/init.d/rcS"
	is "$(cat "$L/bb/rootfs/etc/hostname")" bb "etc/hostname"
	is "$(stat -c %a "$L/bb/rootfs/tmp")" 1777 "tmp is 1777"
	ok "passwd has root" grep -q '^root:' "$L/bb/rootfs/etc/passwd"
	ok "dev is empty" test -z "$(ls -A "$L/bb/rootfs/dev")"

	out=$("$CTBOX" create -P "$L" -n bb -t busybox 2>&1)
	is "$?" 1 "create of an existing container exits 1"
	is "$out" "ctbox: create: container 'bb' already exists" "already exists message"

	out=$("$CTBOX" create -P "$L" -n nonet -t busybox -f "$T/empty.conf" 2>&1)
	is "$(key nonet lxc.net.0.type)" empty "no network in the base: lxc.net.0.type = empty"

	out=$("$CTBOX" create -P "$L" -n dyn -t busybox -- --busybox-path /bin/ls 2>&1)
	ok "a dynamic busybox is refused" test $? -ne 0
	like "$out" "dynamically linked" "... saying it is dynamically linked"
	is "$(visible)" "bb nonet " "the failed create left nothing"
else
	skip "no static busybox (apt-get install busybox-static)"
fi

out=$("$CTBOX" create -P "$L" -n .hid -t none 2>&1)
ok "a hidden name is refused" test $? -ne 0
out=$("$CTBOX" create -P "$L" -n b1 -t none -B btrfs 2>&1)
ok "-B btrfs is refused" test $? -ne 0
like "$out" "backing store 'btrfs'" "... naming the backing store"
out=$("$CTBOX" create -P "$L" -n b1 -t nosuch 2>&1)
ok "an unknown template is refused" test $? -ne 0
like "$out" "template 'nosuch' not found" "... naming it"

mkdir "$T/myroot"
"$CTBOX" create -P "$L" -n none1 -t none --dir "$T/myroot" -f "$T/empty.conf"
is "$?" 0 "create -t none --dir"
is "$(key none1 lxc.rootfs.path)" "dir:$T/myroot" "... points at the existing rootfs"

# An executable template, called with LXC's arguments.
cat > "$T/tpl" <<'TPL'
#!/bin/sh
while [ $# -gt 0 ]; do
	case $1 in
	--path) path=$2; shift ;;
	--name) name=$2; shift ;;
	--rootfs) rootfs=$2; shift ;;
	--greeting) greeting=$2; shift ;;
	esac
	shift
done
mkdir -p "$rootfs/etc" && echo "$greeting $name" > "$rootfs/etc/motd"
echo "lxc.mount.fstab = $path/fstab" >> "$path/config"
: > "$path/fstab"
TPL
chmod +x "$T/tpl"
"$CTBOX" create -P "$L" -n ex -t "$T/tpl" -f "$T/empty.conf" -- --greeting hello
is "$?" 0 "create with an executable template"
is "$(cat "$L/ex/rootfs/etc/motd" 2>/dev/null)" "hello ex" "template args passed"
is "$(key ex lxc.mount.fstab)" "$L/ex/fstab" "the template's paths point at the final dir"
ok "no staging path in the config" sh -c "! grep -q 'create\.' '$L/ex/config'"
printf '#!/bin/sh\nmkdir -p "$3"; exit 3\n' > "$T/badtpl"
chmod +x "$T/badtpl"
out=$("$CTBOX" create -P "$L" -n bad -t "$T/badtpl" 2>&1)
ok "a failing template fails the create" test $? -ne 0
is "$(hidden)" "" "... and leaves no staging dir"

# local: tarballs, plain, gzip, xz, zstd (made by the zstd tool from the
# plain one, where the tool is there and the build has FEATURE_ZSTD).
mk_tar() { # FILE MODE [hostile]
	python3 - "$@" <<'PY'
import io, sys, tarfile
f, mode = sys.argv[1], sys.argv[2]
kind = sys.argv[3] if len(sys.argv) > 3 else ""
with tarfile.open(f, mode) as t:
    def add(name, data=b"", type=tarfile.REGTYPE, link="", m=0o644):
        i = tarfile.TarInfo(name); i.type = type; i.linkname = link; i.mode = m
        i.size = len(data) if type == tarfile.REGTYPE else 0
        t.addfile(i, io.BytesIO(data) if i.size else None)
    add("./", type=tarfile.DIRTYPE, m=0o755)
    add("./etc/", type=tarfile.DIRTYPE, m=0o755)
    add("./etc/os-release", b"NAME=test\n")
    add("./bin/", type=tarfile.DIRTYPE, m=0o755)
    add("./bin/sh", b"#!x\n", m=0o755)
    add("./bin/ash", type=tarfile.LNKTYPE, link="./bin/sh")
    add("./bin/dash", type=tarfile.SYMTYPE, link="sh")
    add("./" + "d" * 120 + "/" + "f" * 120, b"long\n")
    if kind == "abs":
        add(sys.argv[4], b"pwned\n")
    elif kind == "dotdot":
        add("../../../" + sys.argv[4].lstrip("/"), b"pwned\n")
    elif kind == "symlink":
        add("./esc", type=tarfile.SYMTYPE, link=sys.argv[4].rsplit("/", 1)[0])
        add("./esc/canary", b"pwned\n")
    elif kind == "hardlink":
        add("./h", type=tarfile.LNKTYPE, link=sys.argv[4])
PY
}
locals="tar:w tar.gz:w:gz tar.xz:w:xz"
if ! command -v zstd >/dev/null; then
	skip "no zstd tool to make a .tar.zst"
elif ! grep -qx '#define ENABLE_FEATURE_ZSTD 1' "${CTBOX_BUILD:-/nonexistent}/gen/autoconf.h" 2>/dev/null; then
	skip "no .tar.zst: this build lacks FEATURE_ZSTD (or \$CTBOX_BUILD is not set)"
else
	locals="$locals tar.zst:zstd"
fi
for c in $locals; do
	set -- "${c%%:*}" "${c#*:}"
	if [ "$2" = zstd ]; then
		zstd -q -f "$T/root.tar" -o "$T/root.tar.zst"
	else
		mk_tar "$T/root.$1" "$2"
	fi
	n=loc$(echo "$1" | tr -d .)
	"$CTBOX" create -P "$L" -n "$n" -t local -f "$T/empty.conf" -- --fstree "$T/root.$1"
	is "$?" 0 "create -t local from a .$1"
	is "$(cat "$L/$n/rootfs/etc/os-release" 2>/dev/null)" "NAME=test" "... files extracted (.$1)"
	is "$(stat -c %h "$L/$n/rootfs/bin/sh" 2>/dev/null)" 2 "... hard link kept (.$1)"
	is "$(readlink "$L/$n/rootfs/bin/dash")" sh "... symlink kept (.$1)"
	ok "... long names (.$1)" test -f "$L/$n/rootfs/$(printf 'd%.0s' $(seq 120))/$(printf 'f%.0s' $(seq 120))"
	is "$(cat "$L/$n/rootfs/etc/hostname" 2>/dev/null)" "$n" "... hostname set (.$1)"
done

for h in abs dotdot symlink hardlink; do
	mk_tar "$T/evil-$h.tar" w "$h" "$T/canary"
	out=$("$CTBOX" create -P "$L" -n "evil$h" -t local -- --fstree "$T/evil-$h.tar" 2>&1)
	ok "hostile tarball ($h) refused" test $? -ne 0
	like "$out" "archive member '" "... naming the member ($h)"
	is "$(cat "$T/canary")" canary "... the host file is intact ($h)"
	ok "... no container left ($h)" test ! -e "$L/evil$h"
	is "$(hidden)" "" "... no staging dir left ($h)"
done
head -c 3000 "$T/root.tar" > "$T/trunc.tar"
out=$("$CTBOX" create -P "$L" -n trunc -t local -- --fstree "$T/trunc.tar" 2>&1)
ok "a truncated tarball is refused" test $? -ne 0
like "$out" "truncated|end-of-archive" "... saying it is truncated"

# Atomicity: kill -9 a create half-way; only a hidden dir remains, and the
# next create sweeps it.
python3 - "$T/big.tar.gz" <<'PY'
import sys, tarfile, io
class Zero(io.RawIOBase):
    def __init__(s, n): s.n = n
    def readinto(s, b):
        k = min(len(b), s.n); b[:k] = bytes(k); s.n -= k; return k
with tarfile.open(sys.argv[1], "w:gz", compresslevel=1) as t:
    for i in range(8):
        ti = tarfile.TarInfo("big%d" % i); ti.size = 64 << 20
        t.addfile(ti, Zero(ti.size))
PY
"$CTBOX" create -P "$L" -n big -t local -- --fstree "$T/big.tar.gz" &
pid=$!
i=0
while [ $i -lt 100 ] && [ -z "$(ls -A "$L" | grep '^\.big\.create\.')" ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
ok "killed create: no container 'big'" test ! -e "$L/big"
like "$(hidden)" '^\.big\.create\.' "killed create: only a hidden staging dir is left"
"$CTBOX" create -P "$L" -n after -t none -f "$T/empty.conf"
is "$(hidden)" "" "the next create swept the stale staging dir"
ok "... and made its container" test -f "$L/after/config"

# Interrupted by a signal it catches: cleans up itself.
"$CTBOX" create -P "$L" -n big2 -t local -- --fstree "$T/big.tar.gz" 2>/dev/null &
pid=$!
i=0
while [ $i -lt 100 ] && [ -z "$(ls -A "$L" | grep '^\.big2\.create\.')" ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid
wait $pid
ok "SIGTERM: create fails" test $? -ne 0
is "$(hidden)" "" "SIGTERM: the staging dir is removed"
ok "SIGTERM: no container" test ! -e "$L/big2"

done_testing
