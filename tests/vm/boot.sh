#!/bin/sh
# tests/vm/boot.sh MODE: build the rescue image, boot it under qemu (TCG: KVM
# does not boot a stock guest on the machines this runs on) with the guest's
# test list in MODE (v2, v1 or fallback; see tests/vm/init) and print the
# guest's TAP for prove. The kernel console goes to $CTBOX_BUILD/vm/console-MODE.log.
# Skips (TAP) when qemu or a kernel package cannot be had.
set -u
MODE=$1
: "${CTBOX:?}" "${CTBOX_BUILD:?}"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
VM=$CTBOX_BUILD/vm
mkdir -p "$VM"

command -v qemu-system-x86_64 >/dev/null || { echo "1..0 # SKIP no qemu-system-x86_64"; exit 0; }
[ "$(uname -m)" = x86_64 ] || { echo "1..0 # SKIP the rescue image is x86_64"; exit 0; }
# One kernel download for all modes (prove runs them one after the other).
if ! why=$("$SRC/tests/vm/kernel.sh" "$VM/kernel" 2>&1); then
	echo "1..0 # SKIP no Debian kernel: $why"
	exit 0
fi
img=$VM/initrd-$$
trap 'rm -f "$img"' EXIT
"$SRC/tests/vm/mkimage.sh" "$img" "$VM/kernel" "$CTBOX" >&2 || { echo "1..1"; echo "not ok 1 - build the rescue image"; exit 1; }

log=$VM/console-$MODE.log tap=$VM/tap-$MODE.out
rm -f "$log" "$tap"
timeout 600 qemu-system-x86_64 -accel tcg -m 1024 -smp 2 -nodefaults -no-reboot \
	-display none -monitor none -nic none \
	-kernel "$VM/kernel/vmlinuz" -initrd "$img" \
	-append "console=ttyS0 quiet loglevel=3 panic=-1 ctbox.mode=$MODE" \
	-serial "file:$log" -serial "file:$tap" >&2
rc=$?
tr -d '\r' < "$tap" 2>/dev/null
if ! grep -q '^1\.\.' "$tap" 2>/dev/null; then
	echo "1..1"
	echo "not ok 1 - the guest ran its tests (qemu exit $rc)"
	tail -n 30 "$log" 2>/dev/null | sed 's/^/# /'
	exit 1
fi
