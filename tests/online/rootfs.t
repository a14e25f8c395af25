#!/bin/sh
# rootfs against the real Debian archive (the first Debian mirror of the
# host's apt sources, found by ctbox itself): bookworm minbase built, its
# package list against the resolver's recorded one
# (tests/unit/data/resolve/bookworm-amd64-minbase.txt), checked with the
# root's own dpkg and apt, booted as a container. Needs root and a mirror
# that answers; skips otherwise. Run by `make check-online`.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root
"$CTBOX" --list | grep -qx rootfs || plan_skip_all "the rootfs applet is not in this build"
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] || plan_skip_all "the recorded package list is for amd64"

# The first http(s) URI of the apt sources (one-line and deb822 forms)
# whose bookworm InRelease answers within 10 s.
uris() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && sed -n 's/^deb\( \[[^]]*\]\)\? \+\(https\?:[^ ]*\).*/\2/p' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && sed -n 's/^URIs: *//p' "$f" | tr ' ' '\n' | grep '^https\?:'
	done
}
probe() {
	if command -v curl >/dev/null; then
		curl -fsS -o /dev/null --max-time 10 "$1" 2>/dev/null
	else
		/usr/bin/python3 -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=10).read(1)' "$1" 2>/dev/null
	fi
}
MIRROR=""
for u in $(uris); do
	if probe "${u%/}/dists/bookworm/InRelease"; then MIRROR=${u%/}; break; fi
done
[ -n "$MIRROR" ] || plan_skip_all "no mirror of the apt sources answers for dists/bookworm/InRelease"

# Nothing may stay mounted under $T when it is removed.
umount_all() {
	awk -v t="$T/" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
}
at_exit umount_all

R=$T/root
t0=$(date +%s)
timeout 1200 "$CTBOX" rootfs --variant=minbase --cache-dir="$T/cache" bookworm "$R" >"$T/out" 2>&1
rc=$?
t1=$(date +%s)
diag "mirror $MIRROR; build took $((t1 - t0)) s"
is "$rc" 0 "rootfs --variant=minbase bookworm DIR (mirror from the apt sources)"
if [ "$rc" != 0 ]; then
	diag "$(grep -v 'packages unpacked$' "$T/out" | tail -n 5)"
	log=$T/cache/bookworm-$(dpkg --print-architecture)/last-build.log
	[ -f "$log" ] && diag "the end of $log:" "$(tail -n 10 "$log")"
	done_testing
	exit
fi
ok "etc/apt/sources.list names the mirror ctbox chose" grep -q "bookworm" "$R/etc/apt/sources.list"

want=$CTBOX_SRC/tests/unit/data/resolve/bookworm-amd64-minbase.txt
got=$(awk '/^Package:/ { print $2 }' "$R/var/lib/dpkg/status" 2>/dev/null | sort)
if [ -f "$want" ]; then
	# one package a line, maybe followed by a version; # comments
	w=$(sed 's/#.*//' "$want" | awk 'NF { sub(/:.*/, "", $1); print $1 }' | sort -u)
	is "$(printf '%s\n' "$got" | tr '\n' ' ')" "$(printf '%s\n' "$w" | tr '\n' ' ')" \
		"the packages are the recorded minbase set ($(printf '%s\n' "$got" | grep -c .))"
	[ "$got" = "$w" ] || diag "$(printf '%s\n' "$w" > "$T/w"; printf '%s\n' "$got" | diff "$T/w" - )"
else
	skip "no tests/unit/data/resolve/bookworm-amd64-minbase.txt"
fi
is "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f='${db:Status-Abbrev}\n' 2>&1 | sort -u)" "ii " \
	"every package 'ii ' (dpkg-query --admindir)"
is "$(chroot "$R" dpkg --audit 2>&1)" "" "chroot DIR dpkg --audit prints nothing"
out=$(chroot "$R" apt-get check 2>&1)
is "$?" 0 "chroot DIR apt-get check"
[ -n "$out" ] && diag "$out"
is "$(readlink "$R/bin")" usr/bin "merged /usr: bin -> usr/bin"
ok "etc/machine-id empty" test -f "$R/etc/machine-id" -a ! -s "$R/etc/machine-id"
ok "root's password is locked" grep -Eq '^root:[!*]' "$R/etc/shadow"

if "$CTBOX" --list | grep -qx start && "$CTBOX" --list | grep -qx attach; then
	export CTBOX_RUNDIR="$T/run"
	LP=$T/lxc
	mkdir -p "$LP/deb"
	at_exit "'$CTBOX' stop -n deb -P '$LP' -k >/dev/null 2>&1"
	printf '%s\n' "lxc.uts.name = deb" "lxc.rootfs.path = dir:$R" \
		"lxc.init.cmd = /bin/sh -c 'sleep 1000'" "lxc.mount.auto = proc:mixed sys:ro" \
		"lxc.autodev = 1" > "$LP/deb/config"
	ok "it starts as a container" "$CTBOX" start -n deb -P "$LP"
	like "$("$CTBOX" attach -n deb -P "$LP" -- cat /etc/debian_version 2>&1)" '^12\.' \
		"attach -- cat /etc/debian_version: 12.x"
	# apt-get install inside, from a local file repository (no network).
	mkdir -p "$T/pkg/DEBIAN" "$T/pkg/usr/share/ctbox-hello" "$R/srv/repo"
	printf '%s\n' "Package: ctbox-hello" "Version: 1.0" "Architecture: all" \
		"Maintainer: ctbox tests <root@localhost>" "Description: a test package" \
		> "$T/pkg/DEBIAN/control"
	echo hello > "$T/pkg/usr/share/ctbox-hello/hi"
	dpkg-deb -b -Zgzip "$T/pkg" "$R/srv/repo/ctbox-hello_1.0_all.deb" >/dev/null
	(cd "$R/srv/repo" && dpkg-scanpackages . /dev/null > Packages 2>/dev/null)
	echo 'deb [trusted=yes] file:/srv/repo ./' > "$R/etc/apt/local.list"
	A="-o Dir::Etc::SourceList=/etc/apt/local.list -o Dir::Etc::SourceParts=- -o APT::Sandbox::User=root"
	out=$("$CTBOX" attach -n deb -P "$LP" -- sh -c "apt-get $A update && apt-get $A install -y ctbox-hello" 2>&1)
	is "$?" 0 "attach -- apt-get install from a local file repository"
	[ -n "$out" ] && diag "$(printf '%s\n' "$out" | tail -n 3)"
	is "$("$CTBOX" attach -n deb -P "$LP" -- cat /usr/share/ctbox-hello/hi 2>&1)" hello \
		"the package's file is there"
	is "$("$CTBOX" attach -n deb -P "$LP" -- dpkg-query -W -f='${db:Status-Abbrev}' ctbox-hello 2>&1)" \
		"ii " "and dpkg has it installed"
	ok "stop -k" "$CTBOX" stop -n deb -P "$LP" -k
else
	for i in 1 2 3 4 5 6; do skip "no start/attach applets in this build"; done
fi

# The cache: a second build makes no download worth the name.
t0=$(date +%s%N)
timeout 600 "$CTBOX" rootfs --variant=minbase --cache-dir="$T/cache" bookworm "$T/root2" >"$T/out" 2>&1
rc=$?
t1=$(date +%s%N)
is "$rc" 0 "a second build from the cache"
diag "from the cache: $(( (t1 - t0) / 1000000 )) ms"
is "$(awk '/^Package:/ { print $2 }' "$T/root2/var/lib/dpkg/status" 2>/dev/null | sort)" "$got" \
	"with the same packages"

done_testing
