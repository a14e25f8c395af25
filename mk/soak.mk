# make soak: the long soak tests (tests/soak/*.t, root; about 8 minutes on a
# 2-core machine): SOAK_CYCLES (10000) start/stop cycles of one container with
# its monitors' memory, fds and the kernel objects left sampled, and
# SOAK_KILLS (200) SIGKILLs of monitors and inits while SOAK_FAULT_CTS
# (100) containers start and stop. Not part of `make check`, which runs a
# short version (tests/integration/soak.t). The 1000-container figures
# are bench/scale's.
.PHONY: soak
soak: $(BUILD)/ctbox $(BUILD)/tests/probe $(BUILD)/.test-tools
	CTBOX=$(abspath $(BUILD)/ctbox) CTBOX_SRC=$(CURDIR) CTBOX_BUILD=$(abspath $(BUILD)) \
		CTBOX_PROBE=$(abspath $(BUILD)/tests/probe) \
		prove --exec '' $(PROVE_FLAGS) $(addprefix ./,$(sort $(wildcard tests/soak/*.t)))
