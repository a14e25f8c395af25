# Cross builds for boards (included by the Makefile; ARCH, CROSS_COMPILE,
# DEB_ARCH and BUILD are set at its top):
#
#   make cross-deps ARCH=arm64|armhf   install the cross toolchain, the target's
#                                      kernel headers and qemu-user (apt-get, root)
#   make CROSS_COMPILE=aarch64-linux-musl-   (or ARCH=arm64) build/aarch64/ctbox
#   make CROSS_COMPILE=arm-linux-musleabihf- (or ARCH=armhf) build/armhf/ctbox
#   make check-cross ARCH=arm64        the unit tests and the integration tests
#                                      that need no root kernel work, under qemu
#   make cross-info ARCH=...           what ARCH / CROSS_COMPILE resolve to
#   make size [SIZE_CROSS="aarch64 armhf"]   the native report, plus the sizes
#                                      of these cross builds where their
#                                      toolchain is installed (default aarch64)

.PHONY: cross-deps check-cross cross-info

# What the top of the Makefile made of ARCH / CROSS_COMPILE.
cross-info:
	@printf '%s\n' "ARCH=$(ARCH)" "CROSS_COMPILE=$(CROSS_COMPILE)" "CC=$(CC)" "STRIP=$(STRIP)" \
		"DEB_ARCH=$(DEB_ARCH)" "KHDR=$(KHDR)" "KHDR_ASM=$(KHDR_ASM)" "BUILD=$(BUILD)"

cross-deps:
ifeq ($(CROSS_COMPILE),)
	@echo "make cross-deps: name the target: ARCH=arm64 or ARCH=armhf" >&2; exit 2
else
	scripts/cross-deps.sh $(DEB_ARCH)
endif

ifneq ($(CROSS_COMPILE),)
# A cross build installs its toolchain on demand, before the host tools check.
$(BUILD)/.tools: $(BUILD)/.cross-deps
$(BUILD)/.cross-deps:
	@mkdir -p $(@D)
	scripts/cross-deps.sh $(DEB_ARCH)
	@touch $@
endif

# The integration tests that do no root kernel work: they read and write
# files, parse, print and build, so qemu-user runs them as a board would.
# (The others start containers, make namespaces, cgroups or interfaces:
# qemu-user cannot emulate those for a foreign binary, and the rescue image
# under qemu-system is their place.)
CROSS_TESTS := build checkconfig checkpoint config multicall pack update-config

ifeq ($(CROSS_COMPILE),)
check-cross:
	@echo "make check-cross: name the target: ARCH=arm64 or ARCH=armhf" >&2; exit 2
else ifeq ($(SANITIZE),1)
check-cross:
	@echo "make check-cross: SANITIZE=1 is for the native unit tests (make check SANITIZE=1)" >&2; exit 2
else
# A packed build's tests run the binary itself (PLAIN): qemu-user cannot
# follow the loader into what it executes (tests/integration/pack.t).
check-cross: $(BUILD)/ctbox $(UNIT_TESTS)
	CTBOX_SRC=$(CURDIR) CTBOX_BUILD=$(abspath $(BUILD)) \
		tests/cross/check.sh $(ARCH) $(abspath $(PLAIN)) $(PROVE_FLAGS) \
		$(addprefix ./,$(UNIT_TESTS)) $(CROSS_TESTS:%=./tests/integration/%.t)
endif

# make size: the cross builds of the same configurations, in
# build/ARCH/size-CONFIG, for the sizes table (scripts/size.sh reads
# CTBOX_SIZE_MORE). Left out, with a line saying so, when the toolchain is
# not installed or the build fails.
ifeq ($(CROSS_COMPILE),)
SIZE_CROSS ?= aarch64
cross_prefix = $(word 2,$(subst :, ,$(filter $(1):%,$(CROSS_TABLE))))
SIZE_CROSS_OK := $(foreach a,$(SIZE_CROSS),$(if $(shell command -v $(call cross_prefix,$(a))gcc 2>/dev/null),$(a)))
size: $(SIZE_CROSS_OK:%=size-cross-%)
size: export CTBOX_SIZE_MORE = $(foreach a,$(SIZE_CROSS_OK),$(foreach c,$(SIZE_CONFIGS),build/$(a)/size-$(c)))
.PHONY: size-cross-%
size-cross-%:
	@for c in $(SIZE_CONFIGS); do \
		$(MAKE) --no-print-directory -s ARCH=$* BUILD=build/$*/size-$$c DOTCONFIG=configs/$$c \
			SYSROOT=$(CURDIR)/build/$*/sysroot KINC=$(CURDIR)/build/$*/kinc \
			build/$*/size-$$c/ctbox >/dev/null || \
		{ rm -f build/$*/size-$$c/ctbox; echo "size: the $* build of $$c failed: left out" >&2; }; \
	done
endif
