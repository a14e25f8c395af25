#!/bin/sh
# tests/vm/boot.sh MODE [ARCH]: build the rescue image, boot it under qemu
# (TCG: KVM does not boot a stock guest on the machines this runs on) with the
# guest's test list in MODE (v2, v1 or fallback; see tests/vm/init), and print
# the guest's TAP for prove. ARCH is amd64 (default; $CTBOX, two serial ports:
# console and TAP) or arm64 ($CTBOX_ARM64, `-M virt -cpu cortex-a57`, one
# serial port carrying both, TAP lines prefixed). The kernel console goes to
# $CTBOX_BUILD/vm/console-ARCH-MODE.log. A TAP skip when qemu, the binary or a
# kernel package cannot be had.
set -u
MODE=$1 ARCH=${2:-amd64}
: "${CTBOX_BUILD:?}"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
VM=$CTBOX_BUILD/vm
mkdir -p "$VM"
skip() { echo "1..0 # SKIP $*"; exit 0; }

case "$ARCH" in
amd64)
	bin=${CTBOX:?} qemu=qemu-system-x86_64 con=ttyS0 tapdev=ttyS1
	set -- -accel tcg -m 1024 -smp 2
	[ "$(uname -m)" = x86_64 ] || skip "the amd64 image boots on x86_64 hosts"
	;;
arm64)
	bin=${CTBOX_ARM64:-} qemu=qemu-system-aarch64 con=ttyAMA0 tapdev=console
	set -- -M virt -cpu cortex-a57 -accel tcg -m 1024 -smp 2
	[ -n "$bin" ] || skip "no arm64 build of ctbox (CTBOX_ARM64)"
	;;
*) skip "no rescue image for $ARCH" ;;
esac
command -v "$qemu" >/dev/null || skip "no $qemu"
# One kernel download for all modes (prove runs them one after the other).
if ! why=$("$SRC/tests/vm/kernel.sh" "$VM/kernel-$ARCH" "$ARCH" 2>&1); then
	skip "no Debian kernel: $why"
fi
img=$VM/initrd-$$
trap 'rm -f "$img"' EXIT
"$SRC/tests/vm/mkimage.sh" "$img" "$VM/kernel-$ARCH" "$bin" >&2 ||
	{ echo "1..1"; echo "not ok 1 - build the rescue image"; exit 1; }

log=$VM/console-$ARCH-$MODE.log tap=$VM/tap-$ARCH-$MODE.out
if [ "$tapdev" = console ]; then
	set -- "$@" -serial "file:$log"
else
	set -- "$@" -serial "file:$log" -serial "file:$tap"
fi
# A soft lockup of the guest kernel (seen once under TCG: both vCPUs stuck
# in the kernel from the first second of lxc-start, no test failed before)
# panics it at once (softlockup_panic), and the guest boots once more; the
# first console log is kept beside the second.
for try in 1 2; do
	rm -f "$log" "$tap"
	timeout 1200 "$qemu" "$@" -nodefaults -no-reboot -display none -monitor none -nic none \
		-kernel "$VM/kernel-$ARCH/vmlinuz" -initrd "$img" \
		-append "console=$con quiet loglevel=1 panic=-1 softlockup_panic=1 ctbox.mode=$MODE ctbox.tap=$tapdev" >&2
	rc=$?
	[ "$tapdev" = console ] && sed -n 's/^TAP: //p' "$log" > "$tap"
	[ "$try" = 1 ] && grep -q 'soft lockup' "$log" 2>/dev/null || break
	mv "$log" "$log.lockup"
	echo "# the guest kernel locked up (soft lockup, $log.lockup): booting it again"
done
tr -d '\r' < "$tap" 2>/dev/null
if ! grep -q '^1\.\.' "$tap" 2>/dev/null; then
	echo "1..1"
	echo "not ok 1 - the guest ran its tests (qemu exit $rc)"
	tail -n 30 "$log" 2>/dev/null | sed 's/^/# /'
	exit 1
fi
