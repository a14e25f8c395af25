# ctbox: one static musl binary. See README.md.
#
#   make                     build $(BUILD)/ctbox from .config (made from configs/defconfig)
#   make check [SANITIZE=1]  build and run every test with prove
#   make check-zstd          the zstd tests, against a build with FEATURE_ZSTD on (build/zstd)
#   make demo                show the main job on this machine
#   make size                the binary's size and its biggest parts
#   make defconfig | tiny_defconfig | oldconfig | olddefconfig | menuconfig | savedefconfig
#   make install PREFIX=/usr DESTDIR=...
#   make CROSS_COMPILE=aarch64-linux-musl-   (or ARCH=arm64; armhf: arm-linux-musleabihf-)
#   make cross-deps | check-cross | size ARCH=arm64   (mk/cross.mk)

VERSION := 0.1.0
GITREV := $(shell git describe --always --dirty 2>/dev/null)
FULLVERSION := $(VERSION)$(if $(GITREV), ($(GITREV)))

# The target: CROSS_COMPILE (a musl-gcc wrapper's prefix) or ARCH, either
# gives the other. ARCH names: x86_64, aarch64 (alias arm64), armhf (alias
# arm). Cross toolchains: `make cross-deps ARCH=...` (mk/cross.mk).
#   ARCH:CROSS_COMPILE:Debian architecture:GNU triplet (binutils, kernel headers)
CROSS_TABLE := aarch64:aarch64-linux-musl-:arm64:aarch64-linux-gnu \
	armhf:arm-linux-musleabihf-:armhf:arm-linux-gnueabihf
ARCH_ALIASES := arm64:aarch64 arm:armhf amd64:x86_64
HOST_ARCH := $(shell uname -m)
CROSS_COMPILE ?=
ifneq ($(ARCH),)
override ARCH := $(or $(patsubst $(ARCH):%,%,$(filter $(ARCH):%,$(ARCH_ALIASES))),$(ARCH))
ifeq ($(CROSS_COMPILE),)
ifneq ($(ARCH),$(HOST_ARCH))
CROSS_COMPILE := $(word 2,$(subst :, ,$(filter $(ARCH):%,$(CROSS_TABLE))))
$(if $(CROSS_COMPILE),,$(error ARCH=$(ARCH): not a known cross target (aarch64/arm64, armhf/arm)))
endif
endif
endif
ifeq ($(CROSS_COMPILE),)
CC := musl-gcc
CC_PKG := musl-tools
ARCH ?= $(HOST_ARCH)
STRIP := strip
BUILD ?= build
else
CROSS_ROW := $(subst :, ,$(firstword $(foreach r,$(CROSS_TABLE),$(if $(findstring :$(CROSS_COMPILE):,:$(r)),$(r)))))
ifeq ($(CROSS_ROW),)
$(error CROSS_COMPILE=$(CROSS_COMPILE): not a known cross target (aarch64-linux-musl-, arm-linux-musleabihf-))
endif
$(if $(filter-out $(word 1,$(CROSS_ROW)),$(ARCH)),$(error ARCH=$(ARCH) does not match CROSS_COMPILE=$(CROSS_COMPILE)))
override ARCH := $(word 1,$(CROSS_ROW))
DEB_ARCH := $(word 3,$(CROSS_ROW))
CROSS_TRIPLET := $(word 4,$(CROSS_ROW))
CC := $(CROSS_COMPILE)gcc
# Debian's musl for the target (`make cross-deps` installs it).
CC_PKG := musl-dev:$(DEB_ARCH)
STRIP := $(CROSS_TRIPLET)-strip
BUILD ?= build/$(ARCH)
endif

# musl's static binaries never apply RELRO (no dynamic linker runs them),
# and its segment is padded to a page in the file: 64 KiB on aarch64 (~55
# KB), up to 4 KiB on x86_64. Code, read-only data and the ELF headers in
# one segment, as binutils lays out aarch64 and arm by default: on x86_64
# (where it separates them) two page paddings fewer in the file, 7-8 KB.
# A common page size of 16 bytes: the data segment starts where the code
# ends in the file (at the same offset within a page, as the loader
# needs), instead of at the next page, 2 KB fewer on average.
ARCH_LDFLAGS := -Wl,-z,norelro -Wl,-z,noseparate-code -Wl,-z,common-page-size=16

DOTCONFIG ?= .config
PREFIX ?= /usr
DESTDIR ?=
PYTHON := /usr/bin/python3

GEN := $(BUILD)/gen
SYSROOT ?= $(BUILD)/sysroot
KINC ?= $(BUILD)/kinc

# The kernel UAPI headers musl lacks, for the target architecture.
ifneq ($(CROSS_TRIPLET),)
KHDR := /usr/$(CROSS_TRIPLET)/include
KHDR_ASM := $(KHDR)/asm
else ifeq ($(ARCH),x86_64)
KHDR_ASM := /usr/include/x86_64-linux-gnu/asm
KHDR := /usr/include
else
KHDR_ASM := /usr/include/$(ARCH)-linux-gnu/asm
KHDR := /usr/include
endif

WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wformat=2 -Wno-format-nonliteral \
	-Wmissing-prototypes -Wstrict-prototypes
# Size: -Oz where the compiler has it (gcc 12: 7 KB less than -Os on x86_64;
# the dependencies stay at -Os, their loops are the hot ones). The binary is
# a static non-PIE executable, so position-independent code buys nothing
# (-fno-pie: 15 KB). LTO of ctbox's own objects: 4.5 KB (the dependencies
# stay out of it: see scripts/deps.sh). LTO=0 builds without LTO, for a
# link map that names each object (`make size LTO=0`; CTBOX_NO_LTO tells
# libbb/nostdio.c). OPT is asked of the compiler when first used, not when
# the Makefile is read: on a fresh machine the deps step of this same run
# installs the compiler.
OPT = $(eval OPT := $(shell $(CC) -Oz -x c -c -o /dev/null /dev/null 2>/dev/null && echo -Oz || echo -Os))$(OPT)
LTO ?= 1
LTO_CFLAGS := $(if $(filter 1,$(LTO)),-flto,-DCTBOX_NO_LTO)
# The link-time code generation makes the sections --gc-sections drops:
# without -ffunction-sections -fdata-sections here, each LTO partition is
# one .text and nothing unreachable in it goes (20 KB of tiny_defconfig).
LTO_LDFLAGS := $(if $(filter 1,$(LTO)),-flto=auto -ffunction-sections -fdata-sections)
# Parts of the C library are ctbox's own, smaller than musl's (libbb/, in
# a static build with -DCTBOX_OWN_LIBC): printf's formatting (printf.c: 8
# KB less), the allocator (malloc.c: 7 KB), strtol and its kin, qsort,
# strstr, realpath from /proc/self/fd, gmtime_r, the set*id calls without
# musl's every-thread machinery (setxid.c), stat and fcntl as plain
# system calls on 64-bit targets (compat64.c), the user and group
# databases without nscd (passwd.c) and, in a build that starts no thread,
# fork and the clocks without musl's locks and vDSO (nothread.c). The
# linker takes them before the C library's: libbb.a is searched first.
# The calls of builtins (malloc, strstr, fork ...) are missing from an LTO object's symbol table, so those are
# asked for by name (-u), and vfprintf, which only the C library calls.
OWN_LIBC := vfprintf malloc free calloc realloc strstr fork
CFLAGS = -std=gnu11 $(OPT) -fno-pie $(LTO_CFLAGS) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables $(WARN) \
	-D_GNU_SOURCE -DCTBOX_OWN_LIBC $(EXTRA_CFLAGS)
CPPFLAGS := -Ilibbb -Irootfs-builder -I$(GEN) -I$(KINC) -I$(SYSROOT)/include
LDFLAGS = -static $(OPT) $(LTO_LDFLAGS) -Wl,--gc-sections $(OWN_LIBC:%=-Wl,-u,%) $(ARCH_LDFLAGS) \
	-Wl,-Map,$(BUILD)/ctbox.map
LIBS := -L$(SYSROOT)/lib -lz -llzma -lbearssl

LIBBB_SRCS := $(filter-out libbb/main.c,$(wildcard libbb/*.c))
LIBBB_OBJS := $(LIBBB_SRCS:%.c=$(BUILD)/%.o)
# The debootstrap-like builder (rootfs-builder/), a library of its own.
RB_SRCS := $(wildcard rootfs-builder/*.c)
RB_OBJS := $(RB_SRCS:%.c=$(BUILD)/%.o)

# APPLET_SRCS: the enabled applets, from the configuration.
-include $(GEN)/auto.mk
APPLET_OBJS := $(APPLET_SRCS:%.c=$(BUILD)/%.o)
# Features of the configuration that bring a library of their own.
FEATURE_LIBS := $(if $(CONFIG_FEATURE_ZSTD),-lzstd)
# aarch64's tiny code model where the configuration asks for it (Config.in:
# the image must span less than 1 MiB). The objects follow the
# configuration (auto.mk changes with it).
CFLAGS += $(if $(and $(CONFIG_AARCH64_TINY_MODEL),$(filter aarch64,$(ARCH))),-mcmodel=tiny)
# SIZE_OVER_SPEED (Config.in): ctbox's own code without sibling calls
# (each tail call otherwise repeats the epilogue), the "expensive"
# optimizations and jump tables, at compile time and in the LTO link;
# on aarch64 memcpy, memmove and memset are smallmem.c's.
SIZE_FLAGS := -fno-optimize-sibling-calls -fno-expensive-optimizations -fno-jump-tables
CFLAGS += $(if $(CONFIG_SIZE_OVER_SPEED),$(SIZE_FLAGS))
LDFLAGS += $(if $(CONFIG_SIZE_OVER_SPEED),$(SIZE_FLAGS))
OWN_LIBC += $(if $(and $(CONFIG_SIZE_OVER_SPEED),$(filter aarch64,$(ARCH))),memcpy memmove memset)
LIBS += $(FEATURE_LIBS)

.PHONY: all deps check check-unit check-zstd demo size install clean distclean kconfig-tool \
	defconfig oldconfig olddefconfig menuconfig savedefconfig

all: $(BUILD)/ctbox

.SECONDARY:

# ---- host tools, headers, dependencies ----

$(BUILD)/.tools:
	@mkdir -p $(@D)
	@scripts/need.sh $(CC):$(CC_PKG) gcc:gcc ar:binutils prove:perl file:file dpkg-source:dpkg-dev
	@touch $@

$(KINC)/.stamp: | $(BUILD)/.tools
	@mkdir -p $(KINC)
	ln -sfn $(KHDR)/linux $(KINC)/linux
	ln -sfn $(KHDR)/asm-generic $(KINC)/asm-generic
	ln -sfn $(KHDR_ASM) $(KINC)/asm
	@touch $@

deps: $(SYSROOT)/.pins

$(SYSROOT)/.pins: scripts/deps.pins scripts/deps.sh | $(BUILD)/.tools
	scripts/deps.sh $(SYSROOT) $(CROSS_COMPILE)

# ---- configuration ----

$(DOTCONFIG):
	cp configs/defconfig $@

$(GEN)/.stamp: $(DOTCONFIG) Config.in $(wildcard applets/*.c) scripts/genapplets.sh
	scripts/genapplets.sh $(DOTCONFIG) $(GEN)
	@touch $@

# Rewritten only when their content changes: an empty recipe makes make
# look at their real times after the generator ran.
$(GEN)/auto.mk $(GEN)/autoconf.h $(GEN)/applets.h $(GEN)/usage.h $(GEN)/protos.h: $(GEN)/.stamp ;

defconfig:
	cp configs/defconfig $(DOTCONFIG)

%_defconfig:
	cp configs/$@ $(DOTCONFIG)

KCONFIG_ENV := KCONFIG_CONFIG=$(DOTCONFIG) CTBOX_GEN=$(GEN)

kconfig-tool: $(GEN)/.stamp
	@scripts/need.sh -p kconfiglib:python3-kconfiglib

oldconfig olddefconfig menuconfig: kconfig-tool
	$(KCONFIG_ENV) $(PYTHON) -m $@ Config.in

savedefconfig: kconfig-tool
	$(KCONFIG_ENV) $(PYTHON) -m savedefconfig --kconfig Config.in --out defconfig
	@echo "wrote ./defconfig (copy it into configs/ to keep it)"

# ---- the binary ----

$(BUILD)/%.o: %.c $(wildcard $(GEN)/auto.mk) | $(GEN)/.stamp $(KINC)/.stamp $(SYSROOT)/.pins
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libbb.a: $(LIBBB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/rb.a: $(RB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# PLAIN: the binary itself; in a packed build (PACK), $(BUILD)/ctbox is
# pack/loader.c carrying it LZMA-compressed.
PLAIN := $(BUILD)/ctbox$(if $(CONFIG_PACK),.plain)

$(PLAIN): $(BUILD)/libbb/main.o $(APPLET_OBJS) $(BUILD)/rb.a $(BUILD)/libbb.a $(SYSROOT)/.pins
	$(CC) $(LDFLAGS) -o $(BUILD)/ctbox.unstripped $(BUILD)/libbb/main.o $(APPLET_OBJS) \
		-Wl,--start-group $(BUILD)/rb.a $(BUILD)/libbb.a -Wl,--end-group $(LIBS)
	$(STRIP) -R .comment -o $@ $(BUILD)/ctbox.unstripped
	@file $@ | grep -q 'statically linked\|static-pie' || { echo "$@ is not static" >&2; exit 1; }

# PACK: the binary's branches filtered (calls to one place alike), raw
# LZMA by xz, checked to decode back (mkpack header), behind the loader.
# Per target: the branch filter and xz's literal context (lc) and
# position bits (lp, pb: 4-byte instructions on aarch64, 2 on Thumb-2).
PACK_x86_64 := x86 lc=3,lp=0,pb=0
PACK_aarch64 := arm64 lc=2,lp=2,pb=2
PACK_armhf := none lc=2,lp=1,pb=1
PACK_ARGS = $(PACK_$(ARCH))
$(BUILD)/host/mkpack: pack/mkpack.c libbb/unlzma.c libbb/unlzma.h | $(BUILD)/.tools
	@mkdir -p $(@D)
	gcc -std=gnu11 -O2 -D_GNU_SOURCE -Ilibbb $(WARN) -o $@ pack/mkpack.c libbb/unlzma.c
$(BUILD)/pack/pack.h: $(PLAIN) $(BUILD)/host/mkpack
	@scripts/need.sh xz:xz-utils
	@mkdir -p $(@D)
	$(BUILD)/host/mkpack filter $(word 1,$(PACK_ARGS)) $< $(@D)/filtered
	xz --format=raw --lzma1=preset=9e,$(word 2,$(PACK_ARGS)) -c $(@D)/filtered > $(@D)/payload.lzma
	$(BUILD)/host/mkpack header $(PACK_ARGS) $< $(@D)/payload.lzma $@
ifneq ($(CONFIG_PACK),)
$(BUILD)/ctbox: pack/loader.c libbb/unlzma.c libbb/unlzma.h libbb/memfd.h $(BUILD)/pack/pack.h
	$(CC) -std=gnu11 -static $(OPT) -fno-pie -ffunction-sections -fdata-sections \
		-fno-asynchronous-unwind-tables -fno-unwind-tables $(WARN) -D_GNU_SOURCE -Ilibbb \
		-I$(BUILD)/pack -DPACK_DATA='"$(abspath $(BUILD)/pack/payload.lzma)"' \
		-Wl,--gc-sections $(ARCH_LDFLAGS) -o $(BUILD)/ctbox.loader pack/loader.c libbb/unlzma.c
	$(STRIP) -R .comment -o $@ $(BUILD)/ctbox.loader
	@file $@ | grep -q 'statically linked\|static-pie' || { echo "$@ is not static" >&2; exit 1; }
endif

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- tests ----

UNIT_SRCS := $(wildcard tests/unit/*.c)
ifeq ($(SANITIZE),1)
# The unit tests with the host compiler and sanitizers, libbb built alike.
UBUILD := $(BUILD)/san
UCC := gcc
UCFLAGS := -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ULDFLAGS := -fsanitize=address,undefined
else
UBUILD := $(BUILD)/unit
UCC := $(CC)
UCFLAGS := -Os
ULDFLAGS := -static
endif
UNIT_TESTS := $(UNIT_SRCS:tests/unit/%.c=$(UBUILD)/%.t)
ULIBBB_OBJS := $(LIBBB_SRCS:%.c=$(UBUILD)/%.o)
URB_OBJS := $(RB_SRCS:%.c=$(UBUILD)/%.o)
# The musl-built static libraries link into the sanitizer build too: only
# what a test calls is pulled in (BearSSL, zlib, liblzma and libzstd are
# plain C).
ULIBS := -L$(SYSROOT)/lib -lbearssl -llzma -lz $(FEATURE_LIBS)

$(UBUILD)/%.o: %.c | $(GEN)/.stamp $(KINC)/.stamp $(SYSROOT)/.pins
	@mkdir -p $(@D)
	$(UCC) $(CPPFLAGS) -Itests/unit -std=gnu11 $(WARN) -D_GNU_SOURCE $(UCFLAGS) -MMD -MP -c $< -o $@

$(UBUILD)/libbb.a: $(ULIBBB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(UBUILD)/rb.a: $(URB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# rb.a and libbb.a call each other (create -t debian): one link group.
$(UBUILD)/%.t: $(UBUILD)/tests/unit/%.o $(UBUILD)/rb.a $(UBUILD)/libbb.a
	$(UCC) $(ULDFLAGS) -o $@ $< -Wl,--start-group $(UBUILD)/rb.a $(UBUILD)/libbb.a \
		-Wl,--end-group $(ULIBS)

# nostdio.t links as ctbox does: the guards of nostdio.c that fail the
# link on the C library's stdio go unless something calls them.
$(UBUILD)/tests/unit/nostdio.o: UCFLAGS += -ffunction-sections
$(UBUILD)/nostdio.t: ULDFLAGS += -Wl,--gc-sections

check-unit: $(UNIT_TESTS)

# The probe that integration tests put inside containers.
$(BUILD)/tests/probe: tests/probe/probe.c | $(BUILD)/.tools
	@mkdir -p $(@D)
	$(CC) -static -Os -Wall -Wextra -Werror -o $@ $<

# Host tools only the integration tests use.
$(BUILD)/.test-tools: | $(BUILD)/.tools
	@file -L "$$(command -v busybox)" 2>/dev/null | grep -q 'statically linked' || \
		scripts/need.sh -f busybox:busybox-static || echo "no static busybox: container tests will skip"
	@scripts/need.sh python3:python3 script:bsdutils zstd:zstd || echo "missing test tools: some tests will fail"
	@touch $@

check: $(BUILD)/ctbox $(UNIT_TESTS) $(BUILD)/tests/probe $(BUILD)/.test-tools
	CTBOX=$(abspath $(BUILD)/ctbox) CTBOX_SRC=$(CURDIR) CTBOX_BUILD=$(abspath $(BUILD)) \
		CTBOX_PROBE=$(abspath $(BUILD)/tests/probe) \
		prove --exec '' $(PROVE_FLAGS) $(addprefix ./,$(UNIT_TESTS)) \
		$(addprefix ./,$(sort $(wildcard tests/integration/*.t tests/escape/*.t)))

# zstd decompression is off in defconfig (FEATURE_ZSTD): a build of the
# same configuration with it on, beside ($(BUILD)/zstd), and the tests
# that decode zstd run against it (CI runs this).
ZBUILD := $(BUILD)/zstd
ZSTD_UNIT := unz deb
ZSTD_INTEGRATION := create oci_image
check-zstd: $(DOTCONFIG) $(BUILD)/.test-tools
	@mkdir -p $(ZBUILD)
	{ grep -v 'CONFIG_FEATURE_ZSTD[ =]' $(DOTCONFIG); echo CONFIG_FEATURE_ZSTD=y; } > $(ZBUILD)/.config.new
	@cmp -s $(ZBUILD)/.config.new $(ZBUILD)/.config && rm $(ZBUILD)/.config.new || \
		mv $(ZBUILD)/.config.new $(ZBUILD)/.config
	$(MAKE) --no-print-directory BUILD=$(ZBUILD) DOTCONFIG=$(ZBUILD)/.config \
		SYSROOT=$(abspath $(SYSROOT)) KINC=$(abspath $(KINC)) $(ZBUILD)/ctbox \
		$(ZSTD_UNIT:%=$(ZBUILD)/unit/%.t) $(ZBUILD)/tests/probe
	CTBOX=$(abspath $(ZBUILD)/ctbox) CTBOX_SRC=$(CURDIR) CTBOX_BUILD=$(abspath $(ZBUILD)) \
		CTBOX_PROBE=$(abspath $(ZBUILD)/tests/probe) \
		prove --exec '' $(PROVE_FLAGS) $(ZSTD_UNIT:%=./$(ZBUILD)/unit/%.t) \
		$(ZSTD_INTEGRATION:%=./tests/integration/%.t)

# ---- the rest ----

demo: $(BUILD)/ctbox
	CTBOX=$(abspath $(BUILD)/ctbox) scripts/demo.sh

# The current build in detail, and the two committed configurations' totals.
SIZE_CONFIGS := defconfig tiny_defconfig
size: $(BUILD)/ctbox
	@for c in $(SIZE_CONFIGS); do \
		$(MAKE) --no-print-directory -s DOTCONFIG=configs/$$c BUILD=$(BUILD)/size-$$c \
			SYSROOT=$(abspath $(SYSROOT)) KINC=$(abspath $(KINC)) $(BUILD)/size-$$c/ctbox >/dev/null || exit 1; \
	done
	@scripts/size.sh $(BUILD) $(addprefix $(BUILD)/size-,$(SIZE_CONFIGS))

.SECONDARY:

# The links are made by the installed binary itself (relative symlinks);
# a cross build installs the binary only: run `ctbox --install -s` on the board.
install: $(BUILD)/ctbox
	install -D -m 0755 $(BUILD)/ctbox $(DESTDIR)$(PREFIX)/bin/ctbox
ifeq ($(CROSS_COMPILE),)
	$(DESTDIR)$(PREFIX)/bin/ctbox --install -s $(DESTDIR)$(PREFIX)/bin
endif

clean:
	rm -rf $(BUILD)/libbb $(BUILD)/rootfs-builder $(BUILD)/rb.a $(BUILD)/applets $(BUILD)/unit $(BUILD)/san $(BUILD)/gen \
		$(BUILD)/ctbox $(BUILD)/ctbox.unstripped $(BUILD)/ctbox.map $(BUILD)/libbb.a \
		$(BUILD)/ctbox.plain $(BUILD)/ctbox.loader $(BUILD)/pack

distclean:
	rm -rf build $(DOTCONFIG) $(DOTCONFIG).old

# ---- fuzz ----
# make fuzz [FUZZ_SECONDS=60]: the config parser (libbb/conf*.c) under
# libFuzzer with ASan and UBSan, built by clang (installed on demand), for a
# bounded time. Seeds: tests/fuzz/corpus; what it finds: $(BUILD)/fuzz/.
# make fuzz-netlink [FUZZ_SECONDS=60]: the same for the netlink answer
# parser and the rtnl reply decoders (tests/fuzz/netlink.c; seeds:
# tests/fuzz/corpus-netlink, real kernel replies).
# Not part of `make check`.
FUZZ_SECONDS ?= 60
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_LIBBB := $(wildcard libbb/conf*.c) libbb/io.c libbb/names.c libbb/messages.c libbb/lxcargs.c
FUZZ_LIBBB_NETLINK := libbb/netlink.c $(wildcard libbb/rtnl_*.c) libbb/io.c libbb/messages.c
FUZZ_CC = clang -std=gnu11 -g -O1 -D_GNU_SOURCE -Ilibbb -I$(GEN) $(WARN) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_MAX_LEN = 4096
FUZZ_RUN = -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix=$(FUZZ_BUILD)/

# The version (with the git revision) in a header rewritten only when it
# changes, so that the objects that print it follow every commit.
$(GEN)/version.h: FORCE
	@mkdir -p $(GEN); v='#define CTBOX_VERSION "$(FULLVERSION)"'; \
		[ "$$(cat $@ 2>/dev/null)" = "$$v" ] || echo "$$v" > $@
$(BUILD)/libbb/main.o $(BUILD)/applets/checkconfig.o $(UBUILD)/libbb/main.o: $(GEN)/version.h
# .SECONDARY (above) would let a missing FORCE pass as up to date: phony.
.PHONY: FORCE
FORCE:

# The syscall tables of seccomp filters, from the kernel headers: the
# target's for libbb, both families' for the unit test.
$(GEN)/syscalls_%.h: scripts/gensyscalls.sh
	scripts/gensyscalls.sh $* $@
$(BUILD)/libbb/seccomp_arch.o $(UBUILD)/libbb/seccomp_arch.o: $(GEN)/syscalls_$(ARCH).h
$(UBUILD)/tests/unit/seccomp.o: $(GEN)/syscalls_x86_64.h $(GEN)/syscalls_aarch64.h

# The default seccomp program for the target, compiled at build time by
# ctbox's own policy compiler built for the host (scripts/secprebuilt.c):
# what a build without that compiler (FEATURE_SECCOMP_PROFILE off) installs.
SECPRE_SRCS := scripts/secprebuilt.c libbb/seccomp_default.c libbb/seccomp_policy.c \
	libbb/seccomp_bpf.c libbb/seccomp_arch.c libbb/messages.c libbb/opts.c libbb/xfuncs.c libbb/io.c
$(BUILD)/host/secprebuilt: $(SECPRE_SRCS) libbb/seccomp.h $(GEN)/syscalls_$(ARCH).h | $(BUILD)/.tools
	@mkdir -p $(@D)
	gcc -std=gnu11 -O1 -D_GNU_SOURCE -DSC_TARGET_$(ARCH) -Ilibbb -I$(GEN) $(WARN) \
		-ffunction-sections -fdata-sections -Wl,--gc-sections -o $@ $(SECPRE_SRCS)
$(GEN)/seccomp_prebuilt.h: $(BUILD)/host/secprebuilt
	$< $(ARCH) > $@.tmp && mv $@.tmp $@
$(BUILD)/libbb/seccomp_prebuilt.o $(UBUILD)/libbb/seccomp_prebuilt.o: $(GEN)/seccomp_prebuilt.h

# make fuzz-NAME [FUZZ_SECONDS=60]: the harness tests/fuzz/NAME.c built with
# the sources in FUZZ_SRCS_NAME (one line each below), seeds in
# tests/fuzz/corpus-NAME when it exists.
FUZZ_COMMON := libbb/io.c libbb/messages.c
FUZZ_SRCS_deb := rootfs-builder/ar.c rootfs-builder/deb.c libbb/unz.c rootfs-builder/dpkgdb_stanza.c libbb/tar.c libbb/tar_path.c
FUZZ_SRCS_http := rootfs-builder/http_resp.c rootfs-builder/http_req.c rootfs-builder/url.c
FUZZ_SRCS_pgp := rootfs-builder/pgp.c rootfs-builder/pgp_armor.c rootfs-builder/pgp_keyring.c rootfs-builder/pgp_packet.c rootfs-builder/pgp_rsa.c rootfs-builder/pgp_ed25519.c rootfs-builder/ed25519.c
FUZZ_SRCS_deb822 := rootfs-builder/deb822.c rootfs-builder/debver.c rootfs-builder/relation.c rootfs-builder/pkgidx.c rootfs-builder/pkgidx_store.c rootfs-builder/pkgidx_stanza.c rootfs-builder/resolve.c rootfs-builder/resolve_check.c rootfs-builder/resolve_order.c libbb/xfuncs.c
FUZZ_SRCS_json := $(wildcard libbb/json*.c) libbb/oci_spec.c libbb/oci_conf.c libbb/oci_default.c $(wildcard libbb/conf*.c) libbb/names.c libbb/lxcargs.c
FUZZ_SRCS_seccomp := libbb/seccomp_policy.c libbb/seccomp_bpf.c libbb/seccomp_arch.c libbb/xfuncs.c libbb/opts.c
FUZZ_SRCS_ere := libbb/ere.c
FUZZ_LIBS := -L$(SYSROOT)/lib -lbearssl -llzma -lz $(FEATURE_LIBS)

.PHONY: fuzz fuzz-netlink
fuzz: $(GEN)/protos.h
	@scripts/need.sh clang:clang
	@mkdir -p $(FUZZ_BUILD)/corpus
	$(FUZZ_CC) -o $(FUZZ_BUILD)/conf tests/fuzz/conf.c $(FUZZ_LIBBB)
	$(FUZZ_BUILD)/conf $(FUZZ_RUN) $(FUZZ_BUILD)/corpus tests/fuzz/corpus

fuzz-netlink: FUZZ_MAX_LEN = 16384
fuzz-netlink: $(GEN)/protos.h
	@scripts/need.sh clang:clang
	@mkdir -p $(FUZZ_BUILD)/corpus-netlink
	$(FUZZ_CC) -o $(FUZZ_BUILD)/netlink tests/fuzz/netlink.c $(FUZZ_LIBBB_NETLINK)
	$(FUZZ_BUILD)/netlink $(FUZZ_RUN) $(FUZZ_BUILD)/corpus-netlink tests/fuzz/corpus-netlink

fuzz-seccomp: $(GEN)/syscalls_x86_64.h $(GEN)/syscalls_aarch64.h
fuzz-%: $(GEN)/protos.h
	@scripts/need.sh clang:clang
	@mkdir -p $(FUZZ_BUILD)/corpus-$*
	$(FUZZ_CC) -I$(SYSROOT)/include -Irootfs-builder -o $(FUZZ_BUILD)/$* tests/fuzz/$*.c \
		$(FUZZ_SRCS_$*) $(FUZZ_COMMON) $(FUZZ_LIBS)
	$(FUZZ_BUILD)/$* $(FUZZ_RUN) $(FUZZ_BUILD)/corpus-$* $(wildcard tests/fuzz/corpus-$*)

# make check-online: the tests that need the host's Debian mirror
# (tests/online/*.t; each skips when no mirror answers), built as for check.
# Not part of `make check`.
.PHONY: check-online
check-online: $(BUILD)/ctbox $(BUILD)/tests/probe $(BUILD)/.test-tools
	CTBOX=$(abspath $(BUILD)/ctbox) CTBOX_SRC=$(CURDIR) CTBOX_BUILD=$(abspath $(BUILD)) \
		CTBOX_PROBE=$(abspath $(BUILD)/tests/probe) \
		prove --exec '' $(PROVE_FLAGS) $(addprefix ./,$(sort $(wildcard tests/online/*.t)))

include mk/oci.mk
include mk/soak.mk

# ---- the rescue image under qemu ----
include mk/vm.mk

# ---- cross builds for boards: cross-deps, check-cross, size of arm64 ----
include mk/cross.mk
