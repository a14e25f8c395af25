#!/bin/sh
# Regenerates the zstd fixtures of tests/unit/unz.c with the zstd tool
# (Debian bookworm's zstd 1.5.4). Run once; the outputs are committed. The
# text inside every one is `seq 1 4000` (tests/unit/unz.c makes it again).
#   one.zst        one frame, with a content checksum
#   concat.zst     two frames, lines 1-2500 and 2501-4000
#   skippable.zst  skippable frames before, between and after two frames
#   truncated.zst  one.zst without its last 7 bytes
#   corrupt.zst    one.zst with one byte of its body changed
#   window.zst     one frame whose header asks for a 2^28 byte window
#                  (--long=28 on a pipe: the size is unknown, so the window
#                  stays); zstd -d itself refuses it without --memory=256MB
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seq 1 4000 >"$tmp/all"
seq 1 2500 >"$tmp/a"
seq 2501 4000 >"$tmp/b"
z() { zstd -q -c --no-progress "$@"; }

# A skippable frame: magic 0x184D2A5N, a 32-bit size, that many bytes
# (all little-endian).
skippable() {
	printf "%b\\052\\115\\030\\004\\000\\000\\000junk" "$1"
}

z -19 <"$tmp/all" >one.zst
{ z -3 <"$tmp/a"; z -3 <"$tmp/b"; } >concat.zst
{ skippable '\120'; z -3 <"$tmp/a"; skippable '\137'; z -3 <"$tmp/b"; skippable '\125'; } \
	>skippable.zst
head -c "$(($(stat -c %s one.zst) - 7))" one.zst >truncated.zst
# the byte at 100 lies in the compressed block, past the frame header
{ head -c 100 one.zst; printf '\377'; tail -c +102 one.zst; } >corrupt.zst
z -3 --long=28 <"$tmp/all" >window.zst

# Check what was made with the tool itself.
for f in one concat skippable; do
	zstd -q -d -c "$f.zst" | cmp -s - "$tmp/all" || { echo "$f.zst: wrong" >&2; exit 1; }
done
for f in truncated corrupt window; do
	if zstd -q -d -c "$f.zst" >/dev/null 2>&1; then
		echo "$f.zst: zstd -d accepts it" >&2
		exit 1
	fi
done
zstd -q -d -c --memory=256MB window.zst | cmp -s - "$tmp/all" ||
	{ echo "window.zst: wrong" >&2; exit 1; }
