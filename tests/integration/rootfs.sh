# What the rootfs builder's tests need (after tap.sh): root, the rootfs
# applet, python3, gpg (installed when missing), dpkg-deb and a static
# busybox; each one missing skips the whole test, saying which. Sets PY,
# BB and LIB (tests/integration/lib: mkarchive.py, httpd.py); defines
# make_archive.
need_root
"$CTBOX" --list | grep -qx rootfs || plan_skip_all "the rootfs applet is not in this build"
PY=/usr/bin/python3
[ -x "$PY" ] || plan_skip_all "no /usr/bin/python3"
command -v gpg >/dev/null || apt-get install -y gpg >/dev/null 2>&1 || plan_skip_all "no gpg"
command -v dpkg-deb >/dev/null || plan_skip_all "no dpkg-deb"
BB=$(command -v busybox || echo /bin/busybox)
[ -x "$BB" ] && file -L "$BB" | grep -q 'statically linked' || plan_skip_all "no static busybox"
LIB=$CTBOX_SRC/tests/integration/lib

# make_archive DIR KEYS OUTSIDE: lib/mkarchive.py's signed test archive in
# DIR (its throwaway keys in KEYS, what hostile packages aim at under
# OUTSIDE); the test ends, failed, when it cannot be made.
make_archive() {
	"$PY" "$LIB/mkarchive.py" "$1" "$2" "$3" >"$T/mkarchive.log" 2>&1 && return 0
	fail "mkarchive.py makes the test archive"
	diag "$(tail -n 10 "$T/mkarchive.log")"
	done_testing
	exit
}
