#!/bin/sh
# A packed build (Config.in: PACK): $CTBOX_BUILD/ctbox is pack/loader.c
# carrying the binary ($CTBOX_BUILD/ctbox.plain) LZMA-compressed. It
# unpacks it byte for byte, runs it with the same arguments, keeps one
# read-only copy per build in the user's cache directory and runs that
# where it is sound, else a sealed memfd; --install links to the packed
# file. Under qemu-user (make check-cross) only the unpacking: qemu's
# binfmt_misc entry cannot open the close-on-exec file ctbox executes.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
CTBOX=${CTBOX_BUILD:-}/ctbox
plain=${CTBOX_BUILD:-}/ctbox.plain
[ -n "${CTBOX_BUILD:-}" ] && [ -f "$plain" ] || plan_skip_all "not a packed build (PACK is off)"
plan 26

psz=$(stat -c %s "$plain")
sz=$(stat -c %s "$CTBOX")
ok "the packed file ($sz bytes) is under two thirds of the binary ($psz bytes)" [ $((sz * 3)) -lt $((psz * 2)) ]
like "$(file -L "$CTBOX")" 'statically linked' "the packed file is a static executable"
ok "CTBOX_UNPACK_TO: exits 0" env CTBOX_UNPACK_TO="$T/out" ${CTBOX_QEMU_USER:-} "$CTBOX"
ok "... having written the binary, byte for byte" cmp -s "$T/out" "$plain"
if [ -n "${CTBOX_QEMU_USER:-}" ]; then
	for i in $(seq 5 26); do
		skip "running the unpacked binary: not under qemu-user (its binfmt_misc entry cannot open a close-on-exec file)"
	done
	exit 0
fi
self=$(readlink -f "$CTBOX")


# Without a cache directory: a memfd each time.
is "$(CTBOX_UNPACK_DIR='' "$CTBOX" --list)" "$("$plain" --list)" "no cache directory: the same output as the binary's"
mkdir "$T/links" "$T/plinks"
ln -s "$CTBOX" "$T/links/lxc-ls"
ln -s "$CTBOX" "$T/links/nosuch"
ln -s "$plain" "$T/plinks/lxc-ls"
is "$(CTBOX_UNPACK_DIR='' "$T/links/lxc-ls" --help 2>&1)" "$("$T/plinks/lxc-ls" --help 2>&1)" \
	"a link's name reaches the binary (lxc-ls --help)"
CTBOX_UNPACK_DIR='' "$T/links/nosuch" 2>"$T/err"
is "$?" 127 "its exit status too (an unknown applet: 127)"
like "$(cat "$T/err")" "unknown applet 'nosuch'" "... and its stderr"

# The cache: one read-only copy per build, made on the first run.
c=$T/cache
CTBOX_UNPACK_DIR=$c "$CTBOX" --list >/dev/null
n=$(ls "$c" | wc -l)
is "$n" 1 "the first run keeps one copy in the cache directory"
f=$c/$(ls "$c" | head -n 1)
like "$f" '/ctbox-[0-9a-f]{16}$' "... named after the build"
ok "... byte for byte the binary" cmp -s "$f" "$plain"
is "$(stat -c '%a %u' "$f") $(stat -c '%a %u' "$c")" "500 $(id -u) 700 $(id -u)" \
	"... read-only and the user's, in a directory only the user may use"
ls "$c" > "$T/before"
CTBOX_UNPACK_DIR=$c "$CTBOX" --list >/dev/null
ok "a second run adds nothing" sh -c "ls '$c' | cmp -s - '$T/before'"

# What runs is the cached copy: a stand-in of the same size (env, its
# tail padded) shows it, and the checks that turn a copy down.
chmod u+w "$f"
cp /usr/bin/env "$f"
truncate -s "$psz" "$f"
chmod 500 "$f"
out=$(CTBOX_UNPACK_DIR=$c CTBOX_SELF=bogus "$CTBOX")
like "$out" "^CTBOX_SELF=$self\$" "a sound cached copy is what runs, told the packed file's path"
is "$(printf '%s\n' "$out" | grep -c '^CTBOX_SELF=')" 1 "... once: a CTBOX_SELF of the caller's is dropped"
turned_down() {
	is "$(CTBOX_UNPACK_DIR=$c "$CTBOX" --list 2>&1)" "$("$plain" --list)" "$1: not run, ctbox runs"
}
chmod 700 "$f"
turned_down "a copy with write bits"
chmod 500 "$f"
chmod 777 "$c"
turned_down "a copy in a directory others may write"
chmod 700 "$c"
chmod u+w "$f"
truncate -s $((psz + 1)) "$f"
chmod 500 "$f"
turned_down "a copy of another size"
ok "... and the copies turned down were left alone" [ "$(stat -c %s "$f")" = $((psz + 1)) ]
rm -f "$f"
ln -s "$plain" "$f"
turned_down "a symbolic link"
rm -f "$f"

# Other builds' copies: the oldest go once there are 4 in all.
for i in 1 2 3 4 5; do
	: > "$c/ctbox-000000000000000$i"
	touch -d "2026-01-0$i" "$c/ctbox-000000000000000$i"
done
: > "$c/other"
CTBOX_UNPACK_DIR=$c "$CTBOX" --list >/dev/null
is "$(ls "$c" | tr '\n' ' ')" \
	"ctbox-0000000000000003 ctbox-0000000000000004 ctbox-0000000000000005 $(basename "$f") other " \
	"a new copy: other builds' oldest copies go, 4 copies are left, nothing else is touched"

# --install links to the packed file, not to the unpacked copy.
mkdir "$T/bin"
"$CTBOX" --install -s "$T/bin" 2>"$T/err"
is "$(readlink "$T/bin/lxc-start")" "$self" "--install: the links name the packed file"

# The unpacked binary keeps CTBOX_SELF from what it runs.
if [ "$(id -u)" = 0 ]; then
	CTBOX_UNPACK_DIR='' "$CTBOX" unshare -s UTSNAME -- /usr/bin/env >"$T/env" 2>&1
	ok "CTBOX_SELF does not reach what ctbox runs (lxc-unshare -- env)" \
		sh -c "grep -q '^PATH=' '$T/env' && ! grep -q CTBOX_SELF '$T/env'"
else
	skip "needs root (lxc-unshare)"
fi

# Another user: a cache of its own under $XDG_RUNTIME_DIR, none without.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$T"
	mkdir -m 700 "$T/xdg"
	chown 65534:65534 "$T/xdg"
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env -u CTBOX_UNPACK_DIR "$@"; }
	is "$(as_nobody XDG_RUNTIME_DIR="$T/xdg" "$CTBOX" --list)" "$("$plain" --list)" \
		"another user: runs"
	is "$(stat -c '%a %u' "$T/xdg/ctbox-exe"/ctbox-* 2>&1)" "500 65534" \
		"... with a copy of its own in \$XDG_RUNTIME_DIR/ctbox-exe"
	is "$(as_nobody -u XDG_RUNTIME_DIR "$CTBOX" --list)" "$("$plain" --list)" \
		"another user without \$XDG_RUNTIME_DIR: runs from a memfd"
else
	skip "needs root and setpriv"
	skip "needs root and setpriv"
	skip "needs root and setpriv"
fi
done_testing
