#!/bin/sh
# Run the tests of a cross-built ctbox on this machine under qemu-user
# (`make check-cross ARCH=arm64`, mk/cross.mk):
#
#   tests/cross/check.sh ARCH CTBOX [PROVE_OPTION...] TEST...
#
# ARCH is aarch64 or armhf, CTBOX the cross-built binary, each TEST a
# cross-built unit test (an ELF file) or an integration test script. One
# prove run; this script, as prove's --exec, starts each test:
#
#  - a unit test runs under qemu (qemu-ARCH-static -0 NAME NAME), as the
#    caller (root: the tests that need root run);
#  - an integration test runs the binary by the name $CTBOX, through links
#    to it and by `file`, as on a board. Where the kernel allows it (Linux
#    6.7+, user namespaces), each runs in a new user and mount namespace
#    with a binfmt_misc instance of its own in which qemu is registered for
#    the target's ELF files (flags F and P: argv[0] is kept), so CTBOX is
#    the binary itself and the host's binfmt_misc is never touched. The
#    caller's ids map to themselves there (as root: every id, so chown
#    works as on the host). Otherwise (CROSS_MODE=wrapper forces it),
#    CTBOX is a script named ctbox that runs the binary under qemu (qemu
#    -0 passes argv[0] on, so links to it dispatch), and the tests in
#    NEED_BINARY, which look at the binary itself, report a skip saying so.
#
# Tests see CTBOX_QEMU_USER (the qemu used), to skip what qemu-user cannot
# emulate with that as the reason.
set -eu

NEED_BINARY='multicall.t build.t'

die() { printf 'check-cross: error: %s\n' "$*" >&2; exit 1; }

# ---- set up ----

# arch_info ARCH: QEMU ELF_CLASS ELF_MACHINE (class 01: 32-bit, 02: 64-bit;
# the target's e_machine in hex: EM_AARCH64 b7, EM_ARM 28).
arch_info() {
	case $1 in
	aarch64 | arm64) echo qemu-aarch64-static 02 b7 ;;
	armhf | arm) echo qemu-arm-static 01 28 ;;
	*) return 1 ;;
	esac
}

# binfmt_rule QEMU CLASS MACHINE: the registration of the target's
# executables: ELF magic, class, little endian, version 1, any OS/ABI
# byte, type EXEC or DYN, the machine.
binfmt_rule() {
	printf ':ctbox-cross:M::\\x7fELF\\x%s\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x%s\\x00:' \
		"$2" "$3"
	printf '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:%s:FP\n' \
		"$1"
}

# userns CMD...: run CMD as root of a new user and mount namespace. As root,
# every id maps to itself (written from here once the child has unshared;
# the child waits for its map); otherwise the caller's ids map to root.
userns() {
	if [ "$(id -u)" != 0 ]; then
		unshare --user --map-root-user --mount "$@"
		return
	fi
	unshare --user --mount sh -c \
		'until read -r _ </proc/self/uid_map; do sleep 0.05; done; exec "$@"' sh "$@" &
	_pid=$!
	_me=$(readlink /proc/self/ns/user)
	while [ "$(readlink "/proc/$_pid/ns/user" 2>/dev/null)" = "$_me" ]; do
		kill -0 "$_pid" 2>/dev/null || break
		sleep 0.05
	done
	if ! { echo '0 0 4294967295' >"/proc/$_pid/gid_map" &&
		echo '0 0 4294967295' >"/proc/$_pid/uid_map"; } 2>/dev/null; then
		kill "$_pid" 2>/dev/null
		wait "$_pid" 2>/dev/null
		return 3
	fi
	wait "$_pid"
}

# ---- stages: the private binfmt_misc, and prove's --exec ----

# inside QEMU CLASS MACHINE CMD...: in the new namespaces, register QEMU
# and run CMD (exit 3: no private binfmt_misc here). A non-root caller
# becomes itself again for CMD.
if [ "${1-}" = --inside ]; then
	shift
	qemu=$1 class=$2 machine=$3
	shift 3
	bm=/proc/sys/fs/binfmt_misc
	mount -t binfmt_misc binfmt_misc "$bm" 2>/dev/null || exit 3
	rule=$(binfmt_rule "$qemu" "$class" "$machine")
	# one write: binfmt_misc takes one rule per write
	printf '%s\n' "$rule" >"$bm/register" || exit 3
	if [ -n "${CTBOX_CROSS_UID-}" ]; then
		exec unshare --user --map-user="$CTBOX_CROSS_UID" --map-group="$CTBOX_CROSS_GID" "$@"
	fi
	exec "$@"
fi

# exec TEST [ARGS...]: how prove starts each test (see the top).
if [ "${1-}" = --exec ]; then
	shift
	t=$1
	if [ "$(head -c 4 "$t" | od -An -c | tr -d ' ')" = '177ELF' ]; then
		exec "$CTBOX_QEMU_USER" -0 "$t" "$@"
	fi
	if [ "$CTBOX_CROSS_MODE" = binfmt ]; then
		# shellcheck disable=SC2086 # QEMU CLASS MACHINE
		userns "$0" --inside $CTBOX_CROSS_BINFMT "$@" && exit 0
		rc=$?
		[ "$rc" != 3 ] || echo "1..0 # SKIP no private binfmt_misc for the $CTBOX_CROSS_ARCH binary"
		exit "$rc"
	fi
	case " $NEED_BINARY " in *" ${t##*/} "*)
		echo "1..0 # SKIP ${t##*/} needs the $CTBOX_CROSS_ARCH binary itself as \$CTBOX: qemu-user runs it here only through a wrapper script (no binfmt_misc in a user namespace: Linux 6.7+)"
		exit 0 ;;
	esac
	exec "$@"
fi

# ---- main ----

[ $# -ge 2 ] || { echo "usage: $0 ARCH CTBOX [PROVE_OPTION...] TEST..." >&2; exit 2; }
arch=$1 ctbox=$2
shift 2
info=$(arch_info "$arch") || die "unknown ARCH '$arch' (aarch64, armhf)"
# shellcheck disable=SC2086
set -- $info "$@"
qemu=$(command -v "$1") ||
	die "$1 not found (make cross-deps ARCH=$arch installs qemu-user-static)"
class=$2 machine=$3
shift 3
[ -f "$ctbox" ] || die "$ctbox not found"
case $ctbox in /*) ;; *) ctbox=$PWD/$ctbox ;; esac
case $0 in /*) self=$0 ;; *) self=$PWD/$0 ;; esac
: "${CTBOX_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
export CTBOX_SRC
# The tests' own make runs (build.t) build for the same target.
export ARCH="$arch"
export CTBOX_QEMU_USER="$qemu" CTBOX_CROSS_ARCH="$arch" CTBOX_CROSS_BINFMT="$qemu $class $machine"
if [ "$(id -u)" != 0 ]; then
	CTBOX_CROSS_UID=$(id -u) CTBOX_CROSS_GID=$(id -g)
	export CTBOX_CROSS_UID CTBOX_CROSS_GID
fi

mode=${CROSS_MODE:-}
case $mode in
'' | binfmt)
	if userns "$self" --inside "$qemu" "$class" "$machine" \
		grep -qx enabled /proc/sys/fs/binfmt_misc/ctbox-cross >/dev/null 2>&1; then
		mode=binfmt
	elif [ "$mode" = binfmt ]; then
		die "CROSS_MODE=binfmt: no binfmt_misc in a user namespace here (Linux 6.7+)"
	else
		mode=wrapper
	fi
	;;
wrapper) ;;
*) die "CROSS_MODE=$mode: binfmt or wrapper" ;;
esac
export CTBOX_CROSS_MODE="$mode"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctbox-cross.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
if [ "$mode" = binfmt ]; then
	CTBOX=$ctbox
	echo "# check-cross: $arch under $qemu; integration tests through a private binfmt_misc"
else
	cat >"$tmp/ctbox" <<-EOF
		#!/bin/sh
		# $ctbox under qemu-user; argv[0] passed on for the dispatch by name
		exec "$qemu" -0 "\$0" "$ctbox" "\$@"
	EOF
	# tests run it as other users too
	chmod 755 "$tmp" "$tmp/ctbox"
	CTBOX=$tmp/ctbox
	echo "# check-cross: $arch under $qemu; integration tests through a wrapper (no private binfmt_misc)"
fi
export CTBOX
prove --exec "$self --exec" "$@"
