# make check-vm: the rescue image under qemu (tests/vm/): an initramfs with
# only ctbox, a static busybox and a Debian kernel's modules, booted with TCG
# three times (cgroup2 only, cgroup v1 only, cgroup2 with every kernel
# fallback forced); each boot runs the guest's test list and hands its TAP
# to prove. The kernel comes from the host's apt sources (cached in
# $(BUILD)/vm/kernel); a TAP skip when it cannot be had. Run by CI.
.PHONY: check-vm
check-vm: $(BUILD)/ctbox $(BUILD)/.test-tools
	@scripts/need.sh qemu-system-x86_64:qemu-system-x86
	CTBOX=$(abspath $(BUILD)/ctbox) CTBOX_SRC=$(CURDIR) CTBOX_BUILD=$(abspath $(BUILD)) \
		prove --exec '' $(PROVE_FLAGS) $(addprefix ./,$(sort $(wildcard tests/vm/*.t)))

# make check-vm-arm64: the same image for arm64 (the cross build of ctbox,
# Debian's arm64 kernel and static busybox) under qemu-system-aarch64
# -M virt -cpu cortex-a57, cgroup2 only and v1 only (about two minutes a
# boot with TCG). Run by CI.
.PHONY: check-vm-arm64
check-vm-arm64: $(BUILD)/.test-tools
	$(MAKE) --no-print-directory ARCH=arm64 BUILD=build/aarch64 SYSROOT=$(CURDIR)/build/aarch64/sysroot \
		KINC=$(CURDIR)/build/aarch64/kinc build/aarch64/ctbox
	@scripts/need.sh qemu-system-aarch64:qemu-system-arm
	CTBOX_ARM64=$(CURDIR)/build/aarch64/ctbox CTBOX_SRC=$(CURDIR) CTBOX_BUILD=$(abspath $(BUILD)) \
		prove --exec '' $(PROVE_FLAGS) $(addprefix ./,$(sort $(wildcard tests/vm/arm64/*.t)))
