#!/bin/sh
# The rescue image under qemu: cgroup2, every kernel fallback forced (see tests/vm/boot.sh).
exec "$(dirname "$0")/boot.sh" fallback
