#!/bin/sh
# Cross builds for boards (mk/cross.mk): what ARCH and CROSS_COMPILE
# resolve to at the top of the Makefile, the refusals, scripts/cross-deps.sh's
# arguments, and tests/cross/check.sh running a tiny arm64 program both ways
# (private binfmt_misc, wrapper) when the arm64 toolchain and qemu are here.
# Needs no root for most; writes only under $T.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"

command -v make >/dev/null || plan_skip_all "no make"

# info ARGS...: make cross-info's lines for ARGS, one "KEY=VALUE" a line.
info() {
	make -s -C "$CTBOX_SRC" cross-info BUILD="$T/b" DOTCONFIG="$T/config" "$@" 2>&1
}
val() { printf '%s\n' "$1" | sed -n "s/^$2=//p"; }

out=$(info ARCH=arm64)
is "$(val "$out" ARCH)" aarch64 "ARCH=arm64 is aarch64"
is "$(val "$out" CC)" aarch64-linux-musl-gcc "ARCH=arm64: Debian's musl-gcc wrapper for arm64"
is "$(val "$out" STRIP)" aarch64-linux-gnu-strip "ARCH=arm64: the cross binutils strip"
is "$(val "$out" KHDR)" /usr/aarch64-linux-gnu/include "ARCH=arm64: the arm64 kernel headers"
out=$(info CROSS_COMPILE=aarch64-linux-musl-)
is "$(val "$out" ARCH)" aarch64 "CROSS_COMPILE=aarch64-linux-musl- gives ARCH=aarch64"
is "$(val "$out" DEB_ARCH)" arm64 "and the Debian architecture arm64"

for a in armhf arm; do
	out=$(info ARCH=$a)
	is "$(val "$out" CROSS_COMPILE)" arm-linux-musleabihf- "ARCH=$a: arm-linux-musleabihf-"
	is "$(val "$out" ARCH)" armhf "ARCH=$a is armhf"
done
out=$(info CROSS_COMPILE=arm-linux-musleabihf-)
is "$(val "$out" ARCH)" armhf "CROSS_COMPILE=arm-linux-musleabihf- gives ARCH=armhf"
is "$(val "$out" KHDR_ASM)" /usr/arm-linux-gnueabihf/include/asm "armhf: its asm headers"

host=$(uname -m)
out=$(info ARCH="$host")
is "$(val "$out" CROSS_COMPILE)" "" "ARCH=$host (this machine) is a native build"
is "$(val "$out" CC)" musl-gcc "with musl-gcc"

out=$(info ARCH=mips)
like "$out" "ARCH=mips: not a known cross target" "an unknown ARCH is refused"
out=$(info CROSS_COMPILE=foo-)
like "$out" "CROSS_COMPILE=foo-: not a known cross target" "an unknown CROSS_COMPILE is refused"
out=$(info ARCH=armhf CROSS_COMPILE=aarch64-linux-musl-)
like "$out" "ARCH=armhf does not match CROSS_COMPILE=aarch64-linux-musl-" "a contradiction is refused"
out=$(make -s -C "$CTBOX_SRC" check-cross BUILD="$T/b" DOTCONFIG="$T/config" 2>&1)
like "$out" "name the target: ARCH=arm64 or ARCH=armhf" "check-cross without a target says what to give"

out=$("$CTBOX_SRC/scripts/cross-deps.sh" sparc 2>&1)
is "$?" 1 "cross-deps.sh: an unknown architecture exits 1"
like "$out" "unknown architecture 'sparc'" "and names it"
"$CTBOX_SRC/scripts/cross-deps.sh" >/dev/null 2>&1
is "$?" 2 "cross-deps.sh without an architecture: usage, exit 2"

# ---- tests/cross/check.sh on a tiny arm64 program ----
if ! command -v aarch64-linux-musl-gcc >/dev/null || ! command -v qemu-aarch64-static >/dev/null; then
	skip "no arm64 toolchain or qemu-aarch64-static (make cross-deps ARCH=arm64)"
	skip "no arm64 toolchain or qemu-aarch64-static"
	skip "no arm64 toolchain or qemu-aarch64-static"
	done_testing
	exit
fi
# A multicall-like program: prints the name it was called by.
cat >"$T/name.c" <<'EOF'
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
	const char *b = strrchr(argv[0], '/');
	printf("%s\n", b ? b + 1 : argv[0]);
	return argc > 1;
}
EOF
aarch64-linux-musl-gcc -static -Os -o "$T/name" "$T/name.c" 2>"$T/cc.log" || diag "$(cat "$T/cc.log")"
mkdir "$T/t"
cat >"$T/t/byname.t" <<'EOF'
#!/bin/sh
echo 1..3
d=$(mktemp -d)
ln -s "$CTBOX" "$d/lxc-foo"
[ "$("$d/lxc-foo")" = lxc-foo ] && echo "ok 1 - called by a link's name" || echo "not ok 1 - by name"
"$CTBOX" x >/dev/null; [ $? = 1 ] && echo "ok 2 - exit status" || echo "not ok 2 - exit status"
[ -n "$CTBOX_QEMU_USER" ] && echo "ok 3 - CTBOX_QEMU_USER set" || echo "not ok 3 - CTBOX_QEMU_USER"
rm -rf "$d"
EOF
chmod +x "$T/t/byname.t"
for mode in binfmt wrapper; do
	out=$(CROSS_MODE=$mode "$CTBOX_SRC/tests/cross/check.sh" aarch64 "$T/name" "$T/t/byname.t" 2>&1)
	rc=$?
	if [ "$mode" = binfmt ] && printf '%s\n' "$out" | grep -q 'no binfmt_misc in a user namespace'; then
		skip "no binfmt_misc in a user namespace here (Linux 6.7+)"
		continue
	fi
	is "$rc" 0 "check.sh in $mode mode runs an arm64 program by a link's name"
	[ "$rc" = 0 ] || diag "$out"
done
out=$(CROSS_MODE=nonsense "$CTBOX_SRC/tests/cross/check.sh" aarch64 "$T/name" "$T/t/byname.t" 2>&1)
like "$out" "CROSS_MODE=nonsense: binfmt or wrapper" "an unknown CROSS_MODE is refused"

done_testing
