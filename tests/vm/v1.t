#!/bin/sh
# The rescue image under qemu: cgroup v1 controllers only (see tests/vm/boot.sh).
exec "$(dirname "$0")/boot.sh" v1
