# make check-oci-validation: the OCI runtime-tools validation suite's
# checks replayed against Debian's runc and `ctbox oci` side by side
# (scripts/oci-validation.sh; Debian ships runtime-tools' generate and
# validate libraries, built here with golang-go, not its validation
# programs). Prints a table per program and runtime; fails when ctbox
# fails a check runc passes. Needs root; installs golang-go and runc.
.PHONY: check-oci-validation
check-oci-validation: $(BUILD)/ctbox $(BUILD)/tests/probe $(BUILD)/.test-tools
	scripts/oci-validation.sh $(BUILD)/ctbox $(BUILD)/tests/probe $(BUILD)/oci-validation
