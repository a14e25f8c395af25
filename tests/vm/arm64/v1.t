#!/bin/sh
# The arm64 rescue image under qemu-system-aarch64: cgroup v1 controllers only (see tests/vm/boot.sh).
exec "$(dirname "$0")/../boot.sh" v1 arm64
