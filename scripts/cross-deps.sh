#!/bin/sh
# Install, with Debian packages only, what a cross build of ctbox needs:
#
#   scripts/cross-deps.sh ARCH        ARCH: arm64 (aarch64) or armhf (arm)
#   scripts/cross-deps.sh -n ARCH     only say what is missing (exit 1 if anything)
#
# That is the foreign dpkg architecture, the GNU cross compiler and binutils,
# the kernel's UAPI headers for ARCH (under /usr/TRIPLET/include), Debian's musl for that architecture (its musl-gcc wrapper is
# TRIPLET-gcc, e.g. aarch64-linux-musl-gcc) and qemu-user-static (the tests
# run the binaries under qemu-ARCH-static; binfmt is not needed). Only what
# is missing is installed, with one `apt-get update` first; when everything
# is there the script does nothing. Installing needs root; otherwise it says
# what to run.
set -eu

say() { printf 'cross-deps: %s\n' "$*"; }
die() { printf 'cross-deps: error: %s\n' "$*" >&2; exit 1; }

dry=0
if [ "${1-}" = -n ]; then
	dry=1
	shift
fi
[ $# = 1 ] || { echo "usage: $0 [-n] arm64|armhf" >&2; exit 2; }

# arch_table: ALIAS DEBIAN_ARCH GNU_TRIPLET MUSL_GCC QEMU, one line each.
arch_table() {
	cat <<-'EOF'
		arm64 arm64 aarch64-linux-gnu aarch64-linux-musl-gcc qemu-aarch64-static
		aarch64 arm64 aarch64-linux-gnu aarch64-linux-musl-gcc qemu-aarch64-static
		armhf armhf arm-linux-gnueabihf arm-linux-musleabihf-gcc qemu-arm-static
		arm armhf arm-linux-gnueabihf arm-linux-musleabihf-gcc qemu-arm-static
	EOF
}

line=$(arch_table | awk -v a="$1" '$1 == a { print; exit }')
[ -n "$line" ] || die "unknown architecture '$1' (known: arm64, aarch64, armhf, arm)"
# shellcheck disable=SC2086 # the table's words
set -- $line
darch=$2 triplet=$3 muslgcc=$4 qemu=$5

# installed PKG: the package is installed (configured).
installed() {
	dpkg-query -W -f '${Status}\n' "$1" 2>/dev/null | grep -q ' installed$'
}

if ! command -v dpkg >/dev/null || ! command -v apt-get >/dev/null; then
	die "dpkg and apt-get not found (a Debian host is needed)"
fi

need_arch=0
if [ "$(dpkg --print-architecture)" != "$darch" ] &&
	! dpkg --print-foreign-architectures | grep -qx "$darch"; then
	need_arch=1
fi

# PACKAGE:WHAT: what is needed, and the command or file that shows it is there.
pkgs=''
for spec in "gcc-$triplet:$triplet-gcc" "binutils-$triplet:$triplet-strip" \
	"musl-dev:$darch:$muslgcc" "qemu-user-static:$qemu" \
	"linux-libc-dev-$darch-cross:/usr/$triplet/include/linux/netlink.h"; do
	what=${spec##*:}
	pkg=${spec%:*}
	case $what in
	/*) [ -f "$what" ] ;;
	*) command -v "$what" >/dev/null ;;
	esac && installed "$pkg" && continue
	pkgs="$pkgs $pkg"
done

if [ "$need_arch" = 0 ] && [ -z "$pkgs" ]; then
	exit 0
fi

what="${pkgs:+packages$pkgs}"
[ "$need_arch" = 0 ] || what="dpkg architecture $darch${what:+, $what}"
if [ "$dry" = 1 ]; then
	say "missing for $darch: $what"
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	cmds="apt-get update && apt-get install -y --no-install-recommends$pkgs"
	[ "$need_arch" = 0 ] || cmds="dpkg --add-architecture $darch && $cmds"
	die "missing for $darch: $what; as root run: $cmds"
fi

export DEBIAN_FRONTEND=noninteractive
# wait for another apt or dpkg run (the machine may be shared) instead of failing
lockwait=DPkg::Lock::Timeout=600
if [ "$need_arch" = 1 ]; then
	say "dpkg --add-architecture $darch"
	dpkg --add-architecture "$darch"
fi
say "apt-get update"
apt-get -o "$lockwait" update -qq || die "apt-get update failed"
if [ -n "$pkgs" ]; then
	say "installing$pkgs"
	# shellcheck disable=SC2086 # the package list
	apt-get -o "$lockwait" install -y -qq --no-install-recommends $pkgs ||
		die "apt-get install$pkgs failed"
fi
command -v "$muslgcc" >/dev/null ||
	die "$muslgcc not found after installing musl-dev:$darch"
say "$darch cross toolchain ready: CROSS_COMPILE=${muslgcc%gcc}"
