#!/bin/sh
# The rescue image under qemu: cgroup2 only (see tests/vm/boot.sh).
exec "$(dirname "$0")/boot.sh" v2
