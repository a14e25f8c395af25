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
