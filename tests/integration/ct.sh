# Helpers for tests that run real containers (after tap.sh):
#   . "$CTBOX_SRC/tests/integration/ct.sh" APPLET...
# skips unless root, a static busybox, the probe and the applets are there;
# sets P (a private lxcpath), CTBOX_RUNDIR and CTBOX_IDRANGES under $T, and stops every
# container of P at exit.
#   mkct NAME [CONFIG LINES...]   a busybox + probe rootfs and its config
#                                 (with lxc.init.cmd = $CT_INIT when set)
#   state NAME                    its state, as info -s says
#   run NAME                      start it (init: the probe, with
#                                 lxc.console.logfile $T/NAME.console), wait
#                                 for the probe's report, stop it; the report
#                                 is in $probe, one value with: pv KEY
need_root
: "${CTBOX_PROBE:?CTBOX_PROBE must name the probe binary}"
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" | grep -q 'statically linked' || plan_skip_all "no static busybox"
for a in "$@"; do
	"$CTBOX" --list | grep -qx "$a" || plan_skip_all "the $a applet is not in this build"
done

P="$T/lxc"
export CTBOX_RUNDIR="$T/run"
export CTBOX_IDRANGES="$T/idranges" # id ranges that a bare create records
mkdir -p "$P"
# A bare create makes unprivileged containers: their roots must reach the
# run dir under $T.
chmod 711 "$T"
ct_cleanup() {
	for d in "$P"/*/; do
		[ -d "$d" ] && "$CTBOX" stop -P "$P" -n "$(basename "$d")" -k >/dev/null 2>&1
	done
}
at_exit ct_cleanup

mkct() {
	n=$1
	shift
	r="$P/$n/rootfs"
	mkdir -p "$r/bin" "$r/sbin" "$r/etc" "$r/proc" "$r/sys" "$r/dev" "$r/tmp" "$r/root" "$r/mnt"
	cp "$bb" "$r/bin/busybox"
	for l in sh sleep cat echo hostname ls mount ps init poweroff halt; do
		ln -sf busybox "$r/bin/$l"
	done
	ln -sf ../bin/busybox "$r/sbin/init"
	cp "$CTBOX_PROBE" "$r/probe"
	chmod 755 "$r" "$r/probe"
	{
		echo "lxc.uts.name = $n"
		echo "lxc.rootfs.path = dir:$r"
		echo "lxc.mount.auto = proc:mixed sys:ro"
		[ -n "${CT_INIT:-}" ] && echo "lxc.init.cmd = $CT_INIT"
		for l in "$@"; do echo "$l"; done
	} > "$P/$n/config"
}

state() { "$CTBOX" info -P "$P" -n "$1" -s | awk '{ print $2 }'; }

run() {
	probe=""
	if ! "$CTBOX" start -P "$P" -n "$1" -s "lxc.init.cmd = /probe sleep 1000" \
		-s "lxc.console.logfile = $T/$1.console" 2>"$T/err"; then
		diag "start failed: $(cat "$T/err")"
		return 1
	fi
	for i in $(seq 50); do grep -q '^end=1' "$T/$1.console" 2>/dev/null && break; sleep 0.1; done
	probe=$(tr -d '\r' < "$T/$1.console")
	"$CTBOX" stop -P "$P" -n "$1" -k
}
pv() { printf '%s\n' "$probe" | sed -n "s/^$1=//p" | head -n 1; }
