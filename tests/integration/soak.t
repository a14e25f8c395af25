#!/bin/sh
# The short soak (make soak runs the long one, tests/soak/): 30 busybox
# containers started together, all RUNNING, stopped and destroyed with
# nothing left; 200 start/stop cycles of one with a veth while another's
# monitor answers an info request each cycle (monitors' memory and fds,
# and the kernel objects left, sampled; growth beyond a small tolerance
# fails); 12 containers started and stopped by 4 workers while 12 monitors
# and inits get SIGKILL, then each is consistent and manageable and
# nothing is left. No timing asserts.
. "${CTBOX_SRC:-.}/tests/soak/soak.sh" start stop info ls destroy
plan 22
scale 30
soak_ct "$SOAK_PFX-cyc" "lxc.net.0.type = veth" "lxc.net.0.name = eth0"
soak_ct "$SOAK_PFX-long" "lxc.net.0.type = empty"
cycles "$SOAK_PFX-cyc" "$SOAK_PFX-long" 200 5
faults 12 2 12
done_testing
