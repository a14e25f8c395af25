#!/bin/sh
# Soak (make soak, not make check): SOAK_CYCLES (default 10000) start/stop
# cycles of one busybox container with a veth (every 100th stop a clean
# one) while a second container keeps running and answers an info request
# each cycle. Sampled SOAK_SAMPLES (default 20) times: the long-running
# monitor's VmRSS, the cycling one's RssAnon (64 kB tolerance), both
# monitors' open fds (1 fd tolerance), and, after a stop, the
# kernel objects left (mounts, cgroups, links, run dir, processes: none).
. "${CTBOX_SRC:-.}/tests/soak/soak.sh" start stop info

plan 9
soak_ct "$SOAK_PFX-cyc" "lxc.net.0.type = veth" "lxc.net.0.name = eth0"
soak_ct "$SOAK_PFX-long" "lxc.net.0.type = empty"
cycles "$SOAK_PFX-cyc" "$SOAK_PFX-long" "${SOAK_CYCLES:-10000}" "${SOAK_SAMPLES:-20}"
done_testing
