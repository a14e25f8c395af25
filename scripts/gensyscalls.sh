#!/bin/sh
# gensyscalls.sh ARCH OUT: the syscall name table of ARCH (x86_64, aarch64
# or armhf) and of its 32-bit compat arch (i386, arm; none for armhf), from the kernel UAPI
# headers, as a C header for libbb/seccomp_arch.c (and the unit test).
#
# OUT defines, for ARCH=x86_64 (aarch64 alike, prefix sc_aarch64_):
#   static const char sc_x86_64_names[]      "name\0name\0...", sorted
#   static const short sc_x86_64_nr[][2]     { native, compat } per name, -1: none
#   #define SC_X86_64_COUNT N
#   #define SC_X86_64_COMPAT 1               when the compat table is there
#   #define SC_X86_64_MISSING "why"          when even the native one is not
# The header is written in any case (a missing table is the consumer's
# error to raise).
#
# Where the numbers come from:
#   x86_64  asm/unistd_64.h and asm/unistd_32.h of linux-libc-dev (or the
#           amd64 cross headers)
#   aarch64 the arm64 headers when installed (linux-libc-dev-arm64-cross or
#           :arm64), else the generic asm-generic/unistd.h numbering with the
#           options arm64 sets; arm from linux-libc-dev-armhf-cross (or
#           linux-libc-dev:armhf), else no compat table (a message says so)
set -eu

arch=${1:?usage: gensyscalls.sh ARCH OUT}
out=${2:?usage: gensyscalls.sh ARCH OUT}
cc=${HOSTCC:-gcc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gensyscalls.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

first() {
	for f; do
		[ -r "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

# numbers FILE [CPPFLAGS...]: "name number" for every __NR_name that FILE
# defines, macros expanded and arithmetic ((__NR_SYSCALL_BASE + 4))
# evaluated.
numbers() {
	file=$1
	shift
	root=$(dirname "$(dirname "$file")")
	printf '#include "%s"\n' "$file" |
		"$cc" -E -dM -undef -nostdinc -I"$tmp/inc" -I"$root" -I/usr/include "$@" -x c - |
		awk '
		$1 == "#define" && NF >= 3 {
			v = $3; for (i = 4; i <= NF; i++) v = v " " $i
			def[$2] = v
		}
		END {
			for (m in def) {
				# Lower-case names only: not __NR_SYSCALL_BASE and the like.
				if (m !~ /^__NR_[a-z_][a-z0-9_]*$/ || m == "__NR_syscalls" ||
				    m == "__NR_arch_specific_syscall")
					continue
				v = def[m]
				for (n = 0; n < 8 && match(v, /[A-Za-z_][A-Za-z0-9_]*/); n++) {
					id = substr(v, RSTART, RLENGTH)
					if (!(id in def)) break
					v = substr(v, 1, RSTART - 1) "(" def[id] ")" substr(v, RSTART + RLENGTH)
				}
				if (v ~ /[A-Za-z_]/ && v !~ /^[0-9xXa-fA-F() +]*$/) continue
				print substr(m, 6), v
			}
		}' |
		while read -r name expr; do
			nr=$(($expr))
			if [ "$nr" -ge 0 ] && [ "$nr" -lt 4096 ]; then
				echo "$name $nr"
			else
				echo "gensyscalls.sh: $file: __NR_$name = $nr is out of range: left out" >&2
			fi
		done
}

native="" compat="" compat_name="" why=""
mkdir -p "$tmp/inc/asm"
case $arch in
x86_64)
	compat_name=i386
	if h=$(first /usr/include/x86_64-linux-gnu/asm/unistd_64.h \
		/usr/x86_64-linux-gnu/include/asm/unistd_64.h); then
		numbers "$h" > "$tmp/native"
		native=$h
		if c=$(first "$(dirname "$h")/unistd_32.h"); then
			numbers "$c" > "$tmp/compat"
			compat=$c
		fi
	else
		why="no x86_64 kernel headers (asm/unistd_64.h): install linux-libc-dev (amd64) or linux-libc-dev-amd64-cross"
	fi
	;;
aarch64)
	compat_name=arm
	if h=$(first /usr/aarch64-linux-gnu/include/asm/unistd.h \
		/usr/include/aarch64-linux-gnu/asm/unistd.h); then
		numbers "$h" > "$tmp/native"
		native=$h
	elif h=$(first /usr/include/asm-generic/unistd.h); then
		# What arm64's asm/unistd.h sets before it includes the generic one.
		echo '#define __BITS_PER_LONG 64' > "$tmp/inc/asm/bitsperlong.h"
		numbers "$h" -D__ARCH_WANT_RENAMEAT -D__ARCH_WANT_NEW_STAT \
			-D__ARCH_WANT_SET_GET_RLIMIT -D__ARCH_WANT_TIME32_SYSCALLS \
			-D__ARCH_WANT_SYS_CLONE3 -D__ARCH_WANT_MEMFD_SECRET > "$tmp/native"
		native="$h (arm64's options)"
	else
		why="no kernel headers (asm-generic/unistd.h): install linux-libc-dev"
	fi
	if c=$(first /usr/arm-linux-gnueabihf/include/asm/unistd.h \
		/usr/include/arm-linux-gnueabihf/asm/unistd.h); then
		rm -f "$tmp/inc/asm/bitsperlong.h"
		numbers "$c" -D__ARM_EABI__ > "$tmp/compat"
		compat=$c
	else
		echo "gensyscalls.sh: no arm kernel headers (install linux-libc-dev-armhf-cross):" \
			"the aarch64 seccomp filter will kill every 32-bit arm syscall" >&2
	fi
	;;
armhf)
	# 32-bit arm (EABI) on its own: no compat arch.
	compat_name=none
	if h=$(first /usr/arm-linux-gnueabihf/include/asm/unistd.h \
		/usr/include/arm-linux-gnueabihf/asm/unistd.h); then
		numbers "$h" -D__ARM_EABI__ > "$tmp/native"
		native=$h
	else
		why="no arm kernel headers (asm/unistd.h): install linux-libc-dev-armhf-cross"
	fi
	;;
*)
	why="no syscall table for architecture '$arch' (x86_64, aarch64, armhf)"
	;;
esac
if [ -n "$native" ] && [ "$(wc -l < "$tmp/native")" -lt 200 ]; then
	why="too few syscalls found in $native"
fi
if [ -n "$compat" ] && [ "$(wc -l < "$tmp/compat")" -lt 200 ]; then
	echo "gensyscalls.sh: too few syscalls found in $compat: no $compat_name table" >&2
	compat=""
fi
[ -n "$why" ] && echo "gensyscalls.sh: $why" >&2
[ -n "$compat" ] || : > "$tmp/compat"
[ -n "$native" ] || : > "$tmp/native"

up=$(echo "$arch" | tr a-z A-Z)
{
	echo "/* Generated by scripts/gensyscalls.sh: do not edit."
	echo " * $arch: ${native:-none}"
	echo " * $compat_name: ${compat:-none} */"
	if [ -n "$why" ]; then
		echo "#define SC_${up}_MISSING \"$why\""
	fi
	[ -n "$compat" ] && echo "#define SC_${up}_COMPAT 1"
	# One line per name of either table: name native compat.
	awk '
	FILENAME == ARGV[1] { n[$1] = $2; all[$1] = 1; next }
	{ c[$1] = $2; all[$1] = 1 }
	END { for (k in all) print k, (k in n) ? n[k] : -1, (k in c) ? c[k] : -1 }
	' "$tmp/native" "$tmp/compat" | LC_ALL=C sort > "$tmp/all"
	echo "#define SC_${up}_COUNT $(wc -l < "$tmp/all")"
	echo "static const char sc_${arch}_names[] ="
	awk '{ printf "\t\"%s\\0\"\n", $1 }' "$tmp/all"
	printf '\t"";\n'
	echo "static const short sc_${arch}_nr[][2] = {"
	awk '{ printf "\t{ %d, %d },\n", $2, $3 }' "$tmp/all"
	printf '\t{ -1, -1 }\n'
	echo "};"
} > "$tmp/out"
mkdir -p "$(dirname "$out")"
cp "$tmp/out" "$out"
