#!/bin/sh
# rootfs (the built-in debootstrap) against a signed test archive made here
# (lib/mkarchive.py) and served on 127.0.0.1 (lib/httpd.py): a good build
# checked file by file and with dpkg, booting it as a container, create -t
# debian, the resolver (Provides, Pre-Depends order, unsatisfiable),
# trust failures (bad, unknown, expired and missing signatures, tampered
# Packages and .deb), hostile packages, a failing maintainer script, the
# scripts' syncs as no-ops, a resumed and a stalled download, the cache, --tar, --slim,
# --no-merged-usr. Needs root.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "${CTBOX_SRC:-.}/tests/integration/rootfs.sh"
[ -f "$LIB/httpd.py" ] || plan_skip_all "no tests/integration/lib/httpd.py yet"
ARCH=$(dpkg --print-architecture)

# Nothing may stay mounted under $T when tap.sh removes it (a builder that
# died with proc or dev mounted in its root): unmount, deepest first.
umount_all() {
	awk -v t="$T/" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
}
at_exit umount_all
# A reader that goes away (| head) must not leave the server running.
trap 'exit 141' PIPE

A=$T/archive K=$T/keys OUTSIDE=$T/outside C=$T/cache
mkdir -p "$OUTSIDE" "$C"
make_archive "$A" "$K" "$OUTSIDE"

# ---- the server ----
# One httpd.py for the whole test; it re-reads $RULES at every request
# (rules PATTERN-RULE-JSON...: set them; none: behave). M: the mirror URL;
# LOG: its request log ("conn=N METHOD PATH range=A-|- status=NNN").
HTTPD_PID=""
at_exit 'kill "$HTTPD_PID" 2>/dev/null'
RULES=$T/rules.json LOG=$T/httpd.log
echo '{}' > "$RULES"
rules() { printf '{%s}\n' "$*" > "$RULES"; }
httpd_start() {
	"$PY" "$LIB/httpd.py" --root "$A" --port-file "$T/port" --rules "$RULES" --log "$LOG" \
		>"$T/httpd.out" 2>&1 &
	HTTPD_PID=$!
	for i in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
	M=http://127.0.0.1:$(cat "$T/port" 2>/dev/null)
	[ -s "$T/port" ]
}
# requests MATCH: how many requests in the log so far match (grep -E).
requests() { grep -Ec -- "$1" "$LOG" 2>/dev/null || true; }

# rb ARGS...: ctbox rootfs with the test cache (unless ARGS say
# --cache-dir or --no-cache), at most 300 s; exit status in $rc, its
# stdout and stderr in $err.
rb() {
	case " $* " in
	*" --cache-dir="* | *" --no-cache "*) set -- rootfs "$@" ;;
	*) set -- rootfs --cache-dir="$C" "$@" ;;
	esac
	timeout 300 "$CTBOX" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	err=$(cat "$T/out" "$T/err")
	[ "$rc" = 0 ] || diag "$*: exit $rc" "$(tail -n 5 "$T/err")"
}
KG=--keyring=$K/good.gpg

# pkgs DIR: the installed package names, sorted, on one line.
pkgs() { awk '/^Package:/ { print $2 }' "$1/var/lib/dpkg/status" 2>/dev/null | sort | tr '\n' ' '; }
# states DIR: the distinct Status values.
states() { sed -n 's/^Status: //p' "$1/var/lib/dpkg/status" 2>/dev/null | sort -u | tr '\n' ' '; }
# failed NAME DIR REGEX: exit 1, one error line as the CLI promises, the
# regex found in it, and DIR gone.
failed() {
	is "$rc" 1 "$1: exit 1"
	like "$err" "^ctbox: rootfs: " "$1: error as 'ctbox: rootfs: WHAT: WHY'"
	like "$err" "$3" "$1: the message says why ($3)"
	ok "$1: DIR is not left behind" test ! -e "$2"
}

ok "test archive: InRelease verifies with gpgv and the good key" \
	sh -c "gpgv --keyring '$K/good.gpg' '$A/dists/good/InRelease' 2>/dev/null"
ok "test archive: the other key does not verify it" \
	sh -c "! gpgv --keyring '$K/other.gpg' '$A/dists/good/InRelease' 2>/dev/null"
if ! httpd_start; then
	fail "httpd.py starts"
	diag "$(cat "$T/httpd.out")"
	done_testing
	exit
fi
pass "httpd.py serves the archive at $M"

# ---- a good build ----
R=$T/r1
rb "$KG" --variant=minbase good "$R" "$M"
is "$rc" 0 "good build (minbase) succeeds"
is "$(pkgs "$R")" "apt base cyc-a cyc-b libfoo1 needs-foo " \
	"minbase: the required set, apt, and the closure (needs-foo -> libfoo1)"
is "$(states "$R")" "install ok installed " "every package is 'install ok installed'"
ok "dpkg reads the status file: all 'ii '" sh -c \
	"[ \"\$(dpkg-query --admindir='$R/var/lib/dpkg' -W -f='\${db:Status-Abbrev}\n' | sort -u)\" = 'ii ' ]"
is "$(dpkg --admindir="$R/var/lib/dpkg" --audit 2>&1)" "" "dpkg --audit finds nothing wrong"
ok "dpkg -L base lists /bin/busybox" sh -c "dpkg-query --admindir='$R/var/lib/dpkg' -L base | grep -qx /bin/busybox"
ok "libfoo1 (Multi-Arch: same) has info/libfoo1:$ARCH.list" test -f "$R/var/lib/dpkg/info/libfoo1:$ARCH.list"
sum=$(md5sum < "$R/etc/base.conf" | cut -d' ' -f1)
like "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f='${Conffiles}' base)" "^ ?/etc/base.conf $sum" \
	"the conffile /etc/base.conf is recorded with its md5sum"
is "$(cat "$R/var/lib/base/preinst-ran" 2>/dev/null)" install "base's preinst ran with 'install'"
like "$(cat "$R/var/lib/base/configured" 2>/dev/null)" "^configure" "base's postinst ran with 'configure'"
ok "cyc-a and cyc-b (a dependency cycle) both configured" \
	test -f "$R/var/lib/cyc-a/configured" -a -f "$R/var/lib/cyc-b/configured"
deb=$(ls "$A"/pool/main/c/cyc-b/cyc-b_*.deb 2>/dev/null | head -n 1)
is "$(dpkg-deb -f "$deb" Priority Section 2>&1 | tr '\n' ' ')" "Priority: optional Section: misc " \
	"cyc-b's control file says optional, misc (its Packages stanza: required, admin)"
is "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f='${Priority} ${Section}' cyc-b)" "required admin" \
	"status: cyc-b (debootstrap's first stage) has the archive's Priority and Section"
is "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f='${Section}' apt)" "misc" \
	"status: apt (its second stage: dpkg --unpack) keeps its control file's Section, not the archive's admin"
is "$(awk '/^Package: cyc-b$/,/^$/' "$R/var/lib/dpkg/available" | grep -E '^(Priority|Section):' |
	tr '\n' ' ')" "Priority: required Section: admin " "available: the archive's Priority and Section too"
is "$(awk '/^Package: apt$/,/^$/' "$R/var/lib/dpkg/available" | grep -E '^Section:')" "Section: admin" \
	"available: apt's is the archive's, as debootstrap copies the Packages stanza there"
is "$(readlink "$R/bin")" usr/bin "merged /usr: bin -> usr/bin"
ok "merged /usr: busybox in usr/bin" test -x "$R/usr/bin/busybox" -a -f "$R/usr/bin/busybox"
is "$(chroot "$R" /bin/sh -c 'echo ok' 2>&1)" ok "chroot DIR /bin/sh -c 'echo ok'"
ok "etc/hostname is not empty" test -s "$R/etc/hostname"
ok "etc/hosts names localhost" grep -q localhost "$R/etc/hosts"
ok "etc/machine-id exists and is empty" test -f "$R/etc/machine-id" -a ! -s "$R/etc/machine-id"
ok "etc/apt/sources.list names the mirror, suite and component" \
	grep -Eq "^deb .*$M/? +good +main" "$R/etc/apt/sources.list"
if [ -f "$R/etc/shadow" ]; then
	ok "root's password is locked" sh -c "grep -Eq '^root:[!*]' '$R/etc/shadow'"
else
	skip "no etc/shadow in this root (the test archive has no base-passwd)"
fi
ok "dev/ exists and is empty" sh -c "test -d '$R/dev' && [ -z \"\$(ls -A '$R/dev')\" ]"
is "$(find "$C" -name '*.part' | wc -l)" 0 "no .part file left in the cache"
ok "the cache is filled under CACHE/good-$ARCH/" \
	test -n "$(ls -A "$C/good-$ARCH" 2>/dev/null)"
ok "nothing written to /var/cache/ctbox for this suite" test ! -e "/var/cache/ctbox/debian/good-$ARCH"

# ---- the cache ----
n=$(requests '\.deb')
rb "$KG" good "$T/r2" "$M"
is "$rc" 0 "a second build from the cache succeeds"
is "$(requests '\.deb')" "$n" "and requests no .deb"
is "$(pkgs "$T/r2")" "$(pkgs "$R")" "with the same packages"
rm -rf "$T/r2"

# ---- the root boots as a container ----
if "$CTBOX" --list | grep -qx start && "$CTBOX" --list | grep -qx attach; then
	export CTBOX_RUNDIR="$T/run"
	LP=$T/lxc
	mkdir -p "$LP/x"
	at_exit "'$CTBOX' stop -n x -P '$LP' -k >/dev/null 2>&1"
	printf '%s\n' "lxc.uts.name = x" "lxc.rootfs.path = dir:$R" \
		"lxc.init.cmd = /bin/sh -c 'sleep 1000'" "lxc.mount.auto = proc:mixed sys:ro" > "$LP/x/config"
	ok "the built root starts as a container" "$CTBOX" start -n x -P "$LP"
	like "$("$CTBOX" attach -n x -P "$LP" -- cat /etc/base.conf 2>&1)" "^base=1" \
		"attach -- cat /etc/base.conf"
	is "$("$CTBOX" attach -n x -P "$LP" -- /bin/sh -c 'echo $(hostname)' 2>&1)" x "its host name is the container's"
	ok "stop -k" "$CTBOX" stop -n x -P "$LP" -k
else
	skip "no start/attach applets in this build"
	skip "no start/attach applets in this build"
	skip "no start/attach applets in this build"
	skip "no start/attach applets in this build"
fi

# ---- create -t debian ----
if "$CTBOX" --list | grep -qx create; then
	LP2=$T/lxc2
	CTBOX_IDRANGES="$T/idranges" timeout 300 "$CTBOX" create -n y -P "$LP2" -t debian -- -r good --mirror "$M" \
		--keyring "$K/good.gpg" --cache-dir="$C" >"$T/err" 2>&1
	rc=$?
	[ "$rc" = 0 ] || diag "$(tail -n 5 "$T/err")"
	is "$rc" 0 "create -t debian -- -r good --mirror URL --keyring F"
	ok "it built LXCPATH/NAME/rootfs" test -f "$LP2/y/rootfs/var/lib/dpkg/status" -a -x "$LP2/y/rootfs/usr/bin/busybox"
	ok "config: lxc.rootfs.path" grep -Eq "^lxc.rootfs.path *= *(dir:)?$LP2/y/rootfs\$" "$LP2/y/config"
	ok "config: lxc.uts.name" grep -Eq '^lxc.uts.name *= *y$' "$LP2/y/config"
	rm -rf "$LP2"
else
	for i in 1 2 3 4; do skip "no create applet in this build"; done
fi

# ---- the resolver ----
rb --keyring="$K/good.asc" --variant=essential --include=mta-user good "$T/r3" "$M"
is "$rc" 0 "--include=mta-user (and an armoured keyring) succeeds"
is "$(pkgs "$T/r3")" "base mta-user tiny-mta " "mail-transport-agent is provided by tiny-mta"
rm -rf "$T/r3"

rb "$KG" --include=late good "$T/r4" "$M"
is "$rc" 0 "--include=late: late's postinst found early configured (Pre-Depends order)"
ok "early and late both configured" test -f "$T/r4/var/lib/early/configured" -a -f "$T/r4/var/lib/late/configured"
is "$(states "$T/r4")" "install ok installed " "all 'install ok installed'"
rm -rf "$T/r4"

rb "$KG" --include=wants-new good "$T/r5" "$M"
failed "--include=wants-new (old-only (>= 2.0) unsatisfiable)" "$T/r5" "old-only"

rb "$KG" --variant=essential --include=bad-postinst good "$T/r6" "$M"
failed "--include=bad-postinst (postinst exits 1)" "$T/r6" "bad-postinst"

# Scripts side by side: par-a's and par-b's postinsts each wait for the
# other to start; lock-a's and lock-b's share a class of state, and each
# fails when the other runs beside it.
rb "$KG" --variant=essential --include=par-a,par-b,lock-a,lock-b --jobs=2 good "$T/r6" "$M"
is "$rc" 0 "--jobs=2: the scripts ran as their classes allow"
ok "par-a's and par-b's postinsts ran side by side" \
	test -f "$T/r6/var/lib/par/par-a-configured" -a -f "$T/r6/var/lib/par/par-b-configured"
ok "lock-a's and lock-b's ran one after the other" \
	test -f "$T/r6/var/lib/lockab/lock-a" -a -f "$T/r6/var/lib/lockab/lock-b"
is "$(states "$T/r6")" "install ok installed " "and every package is 'install ok installed'"
L=$(find "$C" -name last-build.log | head -n 1)
is "$(sed -n '/^ctbox: par-a: postinst configure$/{n;p}' "$L" 2>/dev/null)" "par-a saw par-b running" \
	"the log has each script's output in one piece, after its name"
rm -rf "$T/r6"
rb "$KG" --include=late --jobs=1 good "$T/r6" "$M"
is "$rc" 0 "--jobs=1: one script at a time, in order (late after early)"
is "$(states "$T/r6")" "install ok installed " "--jobs=1: all 'install ok installed'"
rm -rf "$T/r6"

# The scripts' syncs are no-ops under a seccomp filter (fsync of /dev/null,
# EINVAL when it runs, returns 0), and ctbox syncs the root once itself
# (seen by strace on its main thread when strace is here).
if grep -q '^Seccomp:' /proc/self/status; then
	S=""
	command -v strace >/dev/null && S="strace -qq -o $T/syncfs.log -e trace=syncfs"
	timeout 300 $S "$CTBOX" rootfs --no-cache "$KG" --variant=essential --include=nosync-check good \
		"$T/r8" "$M" >"$T/out" 2>"$T/err"
	rc=$?
	is "$rc" 0 "--include=nosync-check succeeds"
	[ "$rc" = 0 ] || diag "$(tail -n 5 "$T/err")"
	for s in pre post; do
		f=$(cat "$T/r8/var/lib/nosync-check/$s" 2>/dev/null)
		like "$f" "^Seccomp:[[:space:]]+2" "${s}inst runs under a seccomp filter (Seccomp: 2)"
		like "$f" "fsync=0" "${s}inst: fsync of /dev/null returns 0 (not run)"
		like "$f" "fdatasync=0" "${s}inst: fdatasync of /dev/null returns 0 (not run)"
	done
	if [ -n "$S" ]; then
		like "$(cat "$T/syncfs.log")" "^syncfs\([0-9]+\) += 0" "ctbox syncs the root's file system after the scripts"
	else
		skip "no strace: ctbox's own syncfs not checked"
	fi
	rm -rf "$T/r8"
else
	skip "no seccomp in this kernel: the scripts' syncs are real"
fi

rb "$KG" no-such-suite "$T/r7" "$M"
failed "an unknown suite" "$T/r7" "no-such-suite|InRelease|Release"

# ---- trust ----
# Each without the cache (the signature path itself), then the cache.
rb "$KG" --no-cache badsig "$T/t1" "$M"
failed "InRelease changed after signing" "$T/t1" "(InRelease|Release).*(signature|verif)|(signature|verif).*(InRelease|Release)"
rb --keyring="$K/other.gpg" --no-cache good "$T/t2" "$M"
failed "signed by a key not in --keyring" "$T/t2" "InRelease|Release"
like "$err" "key|signature" "unknown key: the message says key or signature"
rb "$KG" --no-cache expired "$T/t3" "$M"
failed "Valid-Until in the past" "$T/t3" "Valid-Until|expired"
rb "$KG" --no-cache tampered-packages "$T/t4" "$M"
failed "Packages changed after Release" "$T/t4" "Packages.*(SHA-256|size)|(SHA-256|size).*Packages"
rb "$KG" --variant=essential --include=tampered-pkg tampered-deb "$T/t5" "$M"
failed "a .deb changed after Packages" "$T/t5" "tampered-pkg.*SHA-256|SHA-256.*tampered-pkg"
is "$(find "$C" -name 'tampered-pkg*' | wc -l)" 0 "the tampered .deb is not kept in the cache"
rb "$KG" --no-cache nosig "$T/t6" "$M"
failed "no InRelease and no Release.gpg" "$T/t6" "[Ss]ignature|InRelease|Release.gpg|not signed|unsigned"
rb --variant=essential --no-check-sig nosig "$T/t7" "$M"
is "$rc" 0 "--no-check-sig builds from the unsigned suite"
like "$err" "[Ss]ignature|sig|[Ww]arning" "and warns"
is "$(pkgs "$T/t7")" "base " "with the essential set"
rm -rf "$T/t7"
# good's minbase root is in the cache now (built above with the good key):
# a keyring that does not sign the suite must still be refused.
rb --keyring="$K/other.gpg" good "$T/t8" "$M"
failed "the cache does not bypass --keyring" "$T/t8" "InRelease|Release"

# ---- hostile packages ----
# Refused, or (the symlinks) resolved inside the root as if chrooted: either
# way nothing is written outside DIR.
links=$(stat -c %h /etc/passwd)
for e in evil-dotdot evil-abs evil-symlink evil-symlink-rel evil-hardlink evil-hardlink-rel; do
	P=$T/evil/$e
	mkdir -p "$P"
	rb "$KG" --variant=essential --include="$e" good "$P/root" "$M"
	case "$e:$rc" in
	evil-symlink*:0)
		ok "$e: built, evil/file resolved inside the root (DIR$OUTSIDE/file)" \
			test -f "$P/root$OUTSIDE/file"
		is "$(ls -A "$P")" "root" "$e: nothing beside DIR"
		;;
	*)
		is "$rc" 1 "$e: refused (exit 1)"
		like "$err" "$e.*(data.tar|member)" "$e: the message names the package and the member"
		is "$(ls -A "$P")" "" "$e: nothing left beside DIR (no DIR, no ../escape)"
		;;
	esac
	is "$(ls -A "$OUTSIDE")" "" "$e: the symlink target outside stays empty"
	rm -rf "$P"
done
ok "no /abs-escape on the host" test ! -e /abs-escape
is "$(stat -c %h /etc/passwd)" "$links" "the host's /etc/passwd gained no hard link"

# ---- --tar ----
mkdir -p "$T/tmp"
TMPDIR=$T/tmp rb "$KG" --variant=essential --tar="$T/root.tar" good "$M"
is "$rc" 0 "--tar=FILE succeeds"
members=$("$PY" -c 'import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    for m in t.getmembers(): print(m.name + ("/" if m.isdir() else "") + (" -> " + m.linkname if m.issym() else ""))' "$T/root.tar" 2>&1)
like "$members" "^(\./)?(usr/)?bin/busybox$" "the tarball holds ./bin/busybox (or ./usr/bin/busybox)"
like "$members" "^(\./)?var/lib/dpkg/status$" "and var/lib/dpkg/status"
like "$members" "^(\./)?bin -> usr/bin$" "and the merged-/usr link bin -> usr/bin"
is "$(ls -A "$T/tmp")" "" "no temporary root is left in TMPDIR"
rm -f "$T/root.tar"

# ---- --slim, --no-merged-usr ----
rb "$KG" --variant=essential --slim good "$T/s1" "$M"
is "$rc" 0 "--slim succeeds"
ok "--slim: no man page" test ! -e "$T/s1/usr/share/man/man1/base.1.gz"
ok "--slim: no locale file" test ! -e "$T/s1/usr/share/locale/de/LC_MESSAGES/base.mo"
ok "--slim: no README under usr/share/doc" test ! -e "$T/s1/usr/share/doc/base/README"
ok "--slim: dpkg path-exclude rules in etc/dpkg/dpkg.cfg.d" \
	sh -c "grep -rqs '^path-exclude' '$T/s1/etc/dpkg/dpkg.cfg.d'"
rm -rf "$T/s1"
rb "$KG" --variant=essential --no-merged-usr good "$T/s2" "$M"
is "$rc" 0 "--no-merged-usr succeeds"
ok "--no-merged-usr: bin is a directory with busybox in it" test -d "$T/s2/bin" -a ! -L "$T/s2/bin" -a -f "$T/s2/bin/busybox"
rm -rf "$T/s2"

# ---- downloads that go wrong ----
deb=$(cd "$A" && ls pool/main/b/base/base_*.deb)
C2=$T/cache2
rules "\"/$deb\": {\"drop-after\": 200000, \"once\": true}"
rb "$KG" --variant=essential --cache-dir="$C2" good "$T/d1" "$M"
if [ "$rc" = 0 ]; then
	pass "a dropped connection: the first run recovered by itself"
else
	ok "a dropped connection: the first run fails cleanly (DIR gone)" test ! -e "$T/d1"
fi
rm -rf "$T/d1"
rules
rb "$KG" --variant=essential --cache-dir="$C2" good "$T/d1" "$M"
is "$rc" 0 "after a dropped connection, a run with the same cache completes"
ok "the download was resumed with a Range request" \
	sh -c "grep -F ' /$deb ' '$LOG' | grep -Eq 'range=[1-9][0-9]*-'"
is "$(pkgs "$T/d1")" "base " "and installs base"
rm -rf "$T/d1" "$C2"

rules "\"/$deb\": {\"stall\": 60}"
t0=$(date +%s)
rb "$KG" --variant=essential --no-cache --timeout=2 good "$T/d2" "$M"
t1=$(date +%s)
rules
failed "a stalled download with --timeout=2" "$T/d2" "base.*(no data|time|stall)|(no data|time|stall).*base"
ok "it gave up within 30 s ($((t1 - t0)) s)" test $((t1 - t0)) -lt 30

rules "\"/$deb\": {\"extra\": 1000}"
rb "$KG" --variant=essential --no-cache good "$T/d3" "$M"
rules
failed "a server sending more than the size in Packages" "$T/d3" "base"
ok "no run wrote to the default cache (/var/cache/ctbox/debian/good-$ARCH)" \
	test ! -e "/var/cache/ctbox/debian/good-$ARCH"

# ---- the index, parsed while it downloads ----
pk=dists/good/main/binary-$ARCH/Packages.gz
pkreq() { grep -Fc " /$pk " "$LOG" 2>/dev/null || true; }
C3=$T/cache3
rules "\"/$pk\": {\"drop-after\": 200, \"once\": true}"
rb "$KG" --variant=essential --cache-dir="$C3" good "$T/i1" "$M"
rules
is "$rc" 0 "Packages.gz cut off after 200 bytes: the build completes"
ok "... its download resumed with a Range request" \
	sh -c "grep -F ' /$pk ' '$LOG' | grep -q 'range=200- status=206'"
is "$(pkgs "$T/i1")" "base " "... and installs base"
rm -rf "$T/i1"
# what was parsed of it is void once the download starts over: the
# verified file is parsed instead
rules "\"/$pk\": {\"drop-after\": 300, \"once\": true}, \"/dists/good/*\": {\"ignore-range\": true}"
rb "$KG" --variant=essential --no-cache good "$T/i2" "$M"
rules
is "$rc" 0 "Packages.gz cut off, then sent whole from its start: the build completes"
ok "... (the server ignored the Range)" \
	sh -c "grep -F ' /$pk ' '$LOG' | grep -q 'range=300- status=200'"
is "$(pkgs "$T/i2")" "base " "... and installs base"
rm -rf "$T/i2"
# an index already verified in the cache is read from there
n=$(pkreq)
rb "$KG" --variant=essential --cache-dir="$C3" --flush-cache good "$T/i3" "$M"
is "$rc" 0 "--flush-cache with Packages.gz in the cache: the build completes"
is "$(pkreq)" "$n" "... without asking for Packages.gz again"
is "$(pkgs "$T/i3")" "base " "... and installs base"
rm -rf "$T/i3" "$C3"

# ---- a DIR that is not empty is refused and left as it was ----
for cache in "--cache-dir=$C" --no-cache; do
	mkdir -p "$T/full"
	echo keep > "$T/full/mine"
	rb "$KG" --variant=essential "$cache" good "$T/full" "$M"
	is "$rc" 1 "a non-empty DIR is refused ($cache)"
	like "$err" "exists and is not empty" "the message says why ($cache)"
	is "$(ls -A "$T/full" | tr '\n' ' ')/$(cat "$T/full/mine")" "mine /keep" \
		"and its contents are untouched ($cache)"
done

done_testing
