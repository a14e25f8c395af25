#!/bin/sh
# rootfs: packages unpacked by several workers at once give the tree of
# one-by-one unpacking in the resolver's order (CTBOX_UNPACK_WORKERS=1
# against 4), also where two packages ship the same file and directory
# (shared-a, shared-b); where only the order settles a path (a symlink in
# clash-a, a directory in clash-b) the builder unpacks again in order.
# And the index it reads: Packages.gz where Release lists it, Packages.xz
# where it does not (suite nogz). The signed test archive of rootfs.t
# (lib/mkarchive.py), served on 127.0.0.1 (lib/httpd.py). Needs root.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "${CTBOX_SRC:-.}/tests/integration/rootfs.sh"

umount_all() {
	awk -v t="$T/" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
}
at_exit umount_all
trap 'exit 141' PIPE

A=$T/archive K=$T/keys
make_archive "$A" "$K" "$T/outside"
HTTPD_PID=""
at_exit 'kill "$HTTPD_PID" 2>/dev/null'
echo '{}' > "$T/rules.json"
"$PY" "$LIB/httpd.py" --root "$A" --port-file "$T/port" --rules "$T/rules.json" \
	--log "$T/httpd.log" >"$T/httpd.out" 2>&1 &
HTTPD_PID=$!
for i in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
[ -s "$T/port" ] || { fail "httpd.py starts"; diag "$(cat "$T/httpd.out")"; done_testing; exit; }
M=http://127.0.0.1:$(cat "$T/port")

# rb WORKERS DIR ARGS...: a build of the suite $SUITE (default good) with
# that many unpacking workers, no cache; exit status in $rc, stderr in $err.
rb() {
	w=$1 d=$2
	shift 2
	CTBOX_UNPACK_WORKERS=$w timeout 300 "$CTBOX" rootfs --no-cache --keyring="$K/good.gpg" \
		"$@" "${SUITE:-good}" "$d" "$M" >"$T/out" 2>"$T/err"
	rc=$?
	err=$(cat "$T/err")
	[ "$rc" = 0 ] || diag "rootfs $*: exit $rc" "$(tail -n 5 "$T/err")"
}
# tree DIR: every entry's name, mode, owner, size and link target, then
# the regular files' MD5 sums.
tree() {
	(cd "$1" && find . -printf '%p %m %u %g %s %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum)
}

# ---- the same tree, one worker or four ----
rb 1 "$T/seq" --include=shared-a,shared-b
is "$rc" 0 "one worker: the build succeeds"
rb 4 "$T/par" --include=shared-a,shared-b
is "$rc" 0 "four workers: the build succeeds"
tree "$T/seq" > "$T/seq.tree"
tree "$T/par" > "$T/par.tree"
ok "the trees list the packages' files" grep -q ' ./usr/share/shared/file$' "$T/seq.tree"
ok "four workers make the tree one worker makes (names, modes, owners, sizes, links, MD5 sums)" \
	cmp -s "$T/seq.tree" "$T/par.tree"
cmp -s "$T/seq.tree" "$T/par.tree" || diag "$(diff "$T/seq.tree" "$T/par.tree" | head -n 10)"
ok "dpkg's database is the same, byte for byte" diff -r "$T/seq/var/lib/dpkg" "$T/par/var/lib/dpkg"
for d in seq par; do
	is "$(cat "$T/$d/usr/share/shared/file")" "from shared-b, longer" \
		"$d: a file two packages ship is the later package's"
	is "$(stat -c %a "$T/$d/usr/share/shared/priv")" 700 \
		"$d: a directory two packages ship has the later package's mode"
done
ok "both packages list the shared file" sh -c \
	"grep -qx /usr/share/shared/file '$T/par/var/lib/dpkg/info/shared-a.list' &&
	 grep -qx /usr/share/shared/file '$T/par/var/lib/dpkg/info/shared-b.list'"

# ---- what only the order settles: unpacked again, in order ----
rb 4 "$T/clash" --include=clash-a,clash-b
is "$rc" 0 "clash-a and clash-b: the build succeeds"
like "$err" "usr/share/clash.*unpacking again, one package at a time" \
	"the conflict is named and the packages are unpacked again"
is "$(readlink "$T/clash/usr/share/clash")" clash-real "clash-a's symlink stays (it comes first)"
is "$(cat "$T/clash/usr/share/clash-real/file" 2>/dev/null)" "from clash-b" \
	"clash-b's file went through it, as in order"
ok "nothing is left of the first attempt (no temporary names)" \
	sh -c "! find '$T/clash' -name '*.ctbox-new' | grep -q ."

# ---- the index: .gz where Release lists it, else .xz ----
LOG=$T/httpd.log
requests() { grep -Ec -- "$1" "$LOG" 2>/dev/null || true; }
ok "the good builds read dists/good/.../Packages.gz" \
	test "$(requests "GET /dists/good/main/binary-[^/]*/Packages.gz ")" -gt 0
is "$(requests "GET /dists/good/main/binary-[^/]*/Packages.xz ")" 0 "... and not Packages.xz"
SUITE=nogz rb 4 "$T/nogz"
is "$rc" 0 "a Release without Packages.gz (suite nogz): the build succeeds"
ok "... from Packages.xz" test "$(requests "GET /dists/nogz/main/binary-[^/]*/Packages.xz ")" -gt 0
is "$(requests "GET /dists/nogz/main/binary-[^/]*/Packages.gz ")" 0 "... without asking for Packages.gz"
is "$(sed -n 's/^Package: //p' "$T/nogz/var/lib/dpkg/status" 2>/dev/null | sort | tr '\n' ' ')" \
	"apt base cyc-a cyc-b libfoo1 needs-foo " "... with the same packages"
# No uncompressed entry in Release: the index is parsed once downloaded
# (not while it downloads: nothing says how much text it holds).
SUITE=xzonly rb 4 "$T/xzonly"
is "$rc" 0 "a Release listing only Packages.xz (suite xzonly): the build succeeds"
is "$(sed -n 's/^Package: //p' "$T/xzonly/var/lib/dpkg/status" 2>/dev/null | sort | tr '\n' ' ')" \
	"apt base cyc-a cyc-b libfoo1 needs-foo " "... with the same packages"
done_testing
