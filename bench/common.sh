# bench/common.sh: what the benchmarks share (sourced after they set
# `bench` to their name): root and tool checks, a temp dir cleaned at exit,
# one busybox rootfs for both sides, mk SIDE_DIR NAME for a container
# config on it, and timing helpers (time_ms, median, ratio, row).
[ "$(id -u)" = 0 ] || { echo "$bench: needs root" >&2; exit 1; }
CTBOX=${CTBOX:-$top/build/ctbox}
[ -x "$CTBOX" ] || { echo "$bench: build ctbox first (make)" >&2; exit 1; }
command -v lxc-start >/dev/null || "$top/scripts/need.sh" lxc-start:lxc
bb=$(command -v busybox)
file -L "$bb" | grep -q 'statically linked' || "$top/scripts/need.sh" -f busybox:busybox-static
bb=$(command -v busybox)

T=$(mktemp -d /tmp/ctbox-bench.XXXXXX)
# The timer: a small C program, so that no shell or date(1) is timed.
cc -O2 -o "$T/timeit" "$top/bench/timeit.c" || { echo "$bench: can't build bench/timeit.c" >&2; exit 1; }
TIMEIT="$T/timeit"
CP="$T/ctbox" LP="$T/lxc"
# ctbox's run dir: private to the bench (a bench may put it on its own /run).
export CTBOX_RUNDIR="${CTBOX_RUNDIR:-$T/run}"
cleanup() {
	for d in "$CP"/*/; do [ -d "$d" ] && "$CTBOX" stop -P "$CP" -n "$(basename "$d")" -k >/dev/null 2>&1; done
	for d in "$LP"/*/; do [ -d "$d" ] && lxc-stop -P "$LP" -n "$(basename "$d")" -k >/dev/null 2>&1; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One busybox rootfs, shared by both sides (read-only use).
R="$T/rootfs"
mkdir -p "$R/bin" "$R/sbin" "$R/etc" "$R/proc" "$R/sys" "$R/dev" "$R/tmp" "$R/root"
cp "$bb" "$R/bin/busybox"
for l in sh sleep init; do ln -s busybox "$R/bin/$l"; done
ln -s ../bin/busybox "$R/sbin/init"
printf '::respawn:/bin/sleep 100000\n' > "$R/etc/inittab"

mk() { # mk SIDE_DIR NAME
	mkdir -p "$1/$2"
	cat > "$1/$2/config" <<EOF
lxc.uts.name = $2
lxc.rootfs.path = dir:$R
lxc.init.cmd = /sbin/init
lxc.signal.halt = SIGUSR1
lxc.mount.auto = proc:mixed sys:ro
lxc.net.0.type = empty
lxc.tty.max = 0
lxc.pty.max = 16
lxc.apparmor.profile = unconfined
EOF
}

now() { date +%s%N; }
# time_ms CMD [ARG]... [';;' CMD [ARG]...]...: run them (the C timer: no
# shell or date(1) in the figure), print the milliseconds (3 decimals),
# "-" when one fails.
time_ms() { "$TIMEIT" -n 1 "$@" 2>/dev/null || echo -; }
# The commands the benches time, as words for time_ms (paths here have no
# blanks): ctbox's and LXC's start until RUNNING, stop -k, clean stop.
cmd_ct_start() { echo "$CTBOX start -P $CP -n $1"; }
cmd_lxc_startw() { echo "lxc-start -P $LP -n $1 -d ;; lxc-wait -P $LP -n $1 -s RUNNING -t 10"; }
cmd_ct_stopk() { echo "$CTBOX stop -P $CP -n $1 -k"; }
cmd_lxc_stopk() { echo "lxc-stop -P $LP -n $1 -k"; }
cmd_ct_stopc() { echo "$CTBOX stop -P $CP -n $1 -t 30"; }
cmd_lxc_stopc() { echo "lxc-stop -P $LP -n $1 -t 30"; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }'; }
row() { printf '%-34s %10s %10s %8s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }

