#!/bin/sh
# tests/vm/kernel.sh DIR [ARCH]: a Debian kernel for the rescue image, in DIR:
# DIR/vmlinuz, DIR/config, DIR/version and DIR/modules/*.ko (the modules the
# guest needs); for a foreign ARCH (arm64) also DIR/busybox from that
# architecture's busybox-static. ARCH is a Debian architecture (default
# amd64). The kernel is the one linux-image-ARCH depends on today, from the
# host's apt sources (the only outside host a test may reach), unpacked with
# dpkg-deb; kept until that dependency changes. Prints why and exits 1 when
# it cannot be had.
set -eu
DIR=$1 ARCH=${2:-amd64}
MODULES="net/llc/llc.ko net/802/stp.ko net/bridge/bridge.ko drivers/net/veth.ko
	drivers/net/macvlan.ko net/802/garp.ko net/802/mrp.ko net/8021q/8021q.ko
	drivers/net/ipvlan/ipvlan.ko fs/overlayfs/overlay.ko"

native=$(dpkg --print-architecture)
q=linux-image-$ARCH
[ "$ARCH" = "$native" ] || q=$q:$ARCH
pkg=$(apt-cache depends "$q" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ :]*\).*$/\1/p' | head -n 1)
if [ -z "$pkg" ]; then
	echo "no $q in the host's apt indexes (apt-get update? dpkg --add-architecture $ARCH?)"
	exit 1
fi
have() {
	[ -f "$DIR/package" ] && [ "$(cat "$DIR/package")" = "$pkg" ] && [ -f "$DIR/vmlinuz" ] || return 1
	for m in $MODULES; do [ -f "$DIR/modules/${m##*/}" ] || return 1; done
}
have && exit 0

get="$pkg"
[ "$ARCH" = "$native" ] || get="$pkg:$ARCH busybox-static:$ARCH"
rm -rf "$DIR.new"
mkdir -p "$DIR.new/dl"
# apt's sandbox user must be able to write where it downloads.
chmod 0777 "$DIR.new/dl"
# shellcheck disable=SC2086
if ! (cd "$DIR.new/dl" && apt-get download -q $get >/dev/null 2>&1); then
	rm -rf "$DIR.new"
	echo "apt-get download $get failed (no mirror?)"
	exit 1
fi
for deb in "$DIR.new"/dl/*.deb; do
	dpkg-deb -x "$deb" "$DIR.new/x"
done
ver=${pkg#linux-image-}
mkdir -p "$DIR.new/modules"
cp "$DIR.new/x/boot/vmlinuz-$ver" "$DIR.new/vmlinuz"
cp "$DIR.new/x/boot/config-$ver" "$DIR.new/config"
for m in $MODULES; do
	cp "$DIR.new/x/lib/modules/$ver/kernel/$m" "$DIR.new/modules/"
done
[ "$ARCH" = "$native" ] || cp "$DIR.new/x/bin/busybox" "$DIR.new/busybox"
echo "$ver" > "$DIR.new/version"
echo "$pkg" > "$DIR.new/package"
rm -rf "$DIR.new/dl" "$DIR.new/x" "$DIR"
mv "$DIR.new" "$DIR"
