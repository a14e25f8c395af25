#!/bin/sh
# The arm64 rescue image under qemu-system-aarch64: cgroup2 only (see tests/vm/boot.sh).
exec "$(dirname "$0")/../boot.sh" v2 arm64
