#!/bin/sh
# tests/vm/mkimage.sh OUT KERNELDIR CTBOX: the rescue initramfs (newc cpio,
# uncompressed) holding only ctbox, a static busybox (KERNELDIR/busybox for a
# foreign architecture, else the host's), the kernel's modules and config from
# KERNELDIR (tests/vm/kernel.sh), tests/vm/init as /init and the guest's test
# list. The host's busybox packs it.
set -eu
OUT=$1 KDIR=$2 CTBOX_BIN=$3
SRC=$(cd "$(dirname "$0")/../.." && pwd)
bb=$(command -v busybox)
file -L "$bb" | grep -q 'statically linked' || { echo "mkimage: $bb is not a static busybox" >&2; exit 1; }

root=$OUT.d
rm -rf "$root"
mkdir -p "$root/bin" "$root/lib/modules" "$root/boot" "$root/tests/vm" "$root/tests/integration"
if [ -f "$KDIR/busybox" ]; then cp "$KDIR/busybox" "$root/bin/busybox"; else cp "$bb" "$root/bin/busybox"; fi
cp "$CTBOX_BIN" "$root/bin/ctbox"
cp "$KDIR"/modules/*.ko "$root/lib/modules/"
cp "$KDIR/config" "$root/boot/config-$(cat "$KDIR/version")"
cp "$SRC/tests/vm/init" "$root/init"
cp "$SRC/tests/vm/guest.sh" "$root/tests/vm/"
cp "$SRC/tests/integration/tap.sh" "$root/tests/integration/"
chmod 0755 "$root/init" "$root/bin/busybox" "$root/bin/ctbox"
(cd "$root" && find . | LC_ALL=C sort | "$bb" cpio -o -H newc 2>/dev/null) > "$OUT.new"
mv "$OUT.new" "$OUT"
rm -rf "$root"
