#!/bin/sh
# Soak (make soak, not make check): faults under load. SOAK_FAULT_CTS
# (default 100) busybox containers (every other one with a veth) started
# and stopped SOAK_FAULT_ROUNDS times (default 5) by 4 concurrent workers
# while SOAK_KILLS (default 200) random monitors and inits get SIGKILL.
# Afterwards every container answers info, is STOPPED or stopped by
# stop -k, starts and stops again, is destroyed, and nothing is left.
. "${CTBOX_SRC:-.}/tests/soak/soak.sh" start stop info destroy
plan 7
faults "${SOAK_FAULT_CTS:-100}" "${SOAK_FAULT_ROUNDS:-5}" "${SOAK_KILLS:-200}"
done_testing
