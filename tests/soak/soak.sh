# What the soak tests share (tests/soak/*.t and the short
# tests/integration/soak.t), sourced at the very top of a test:
#   . "${CTBOX_SRC:-.}/tests/soak/soak.sh" APPLET...
# The test reruns itself in a network and mount namespace of its own (so
# the containers' host-side veths and any mount ctbox leaks are counted
# there, away from other tests), then tap.sh and ct.sh as usual. Then:
#   soak_ct NAME [CONFIG...]  a container whose init is busybox init
#                             (idle, halts on SIGUSR1), CONFIG lines added
#   kobj                      "mounts M cgroups C links L run R procs P":
#                             this namespace's mounts and links, our
#                             containers' cgroups (names $SOAK_PFX-*, every
#                             hierarchy), entries in the run dir's
#                             lxcpath dirs (container dirs, leases),
#                             processes that live in or watch our containers
#   quiet                     wait (bounded) until none of ours has a
#                             cgroup or a process
#   gone NAME [LINKS]         wait (bounded) until NAME has no cgroup and no
#                             process, and this namespace LINKS links
#   settle WANT               wait (bounded) until kobj says WANT; 1 if not
#   kobj_items                what kobj counts, an item a line
#   nothing_left BASE         the test that kobj says BASE; on a failure
#                             the items left or gone since $T/base.items
#   mon NAME / init NAME      the monitor's / init's PID from its state file
#   rss PID, anon PID, fds PID  VmRSS, RssAnon (kB), open fds of PID
#   kill9 NAME                kill -9 its monitor or its init (at random),
#                             only after checking the PID is that
#                             container's; prints what it killed
#   scale N                   N containers running at once, all RUNNING,
#                             info on each, stopped and destroyed; nothing
#                             may be left
#   cycles CT LONG N K        N start/stop cycles of CT (every 100th stop
#                             a clean one), an info request to the running
#                             LONG each cycle; K samples of both monitors'
#                             RSS and fds and of kobj: tests at the end
#   faults N ROUNDS KILLS     N containers started and stopped ROUNDS times
#                             by 4 workers while KILLS monitors and inits
#                             are killed with SIGKILL; then each must be
#                             consistent and manageable; nothing leaks

if [ -z "${CTBOX_SOAK_NS:-}" ] && [ "$(id -u)" = 0 ]; then
	if unshare --net --mount true 2>/dev/null; then
		CTBOX_SOAK_NS=1 exec unshare --net --mount sh "$0" "$@"
	fi
	CTBOX_SOAK_NS=none
fi
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
need_root
[ "${CTBOX_SOAK_NS:-}" = 1 ] || plan_skip_all "no network and mount namespace (unshare --net --mount)"
. "$CTBOX_SRC/tests/integration/ct.sh" "$@"
ip link set lo up 2>/dev/null
# Our containers' names (and so their cgroups, lxc.payload.NAME, shared by
# every lxcpath on the machine) start with this and a '-'.
SOAK_PFX="s$$"
soak_workers=""

soak_ct() {
	sc_=$1
	shift
	mkct "$sc_" "lxc.init.cmd = /sbin/init" "lxc.signal.halt = SIGUSR1" \
		"lxc.tty.max = 0" "lxc.pty.max = 4" "$@"
	printf '::respawn:/bin/sleep 1000000\n' > "$P/$sc_/rootfs/etc/inittab"
}

cgroup_roots() { awk '$9 == "cgroup" || $9 == "cgroup2" { print $5 }' /proc/self/mountinfo; }
links() { echo $(($(wc -l < /proc/net/dev) - 2)); }
# kobj_items: what kobj counts, an item a line (sorted), for a diff. A
# container's processes are in its cgroups, its monitor in its own and
# with an fd into the run dir.
kobj_items() {
	{ awk '{ print "mount", $5, $9 }' /proc/self/mountinfo
	  find $(cgroup_roots) -maxdepth 3 -type d -name "lxc.*.$SOAK_PFX-*" 2>/dev/null | sed 's/^/cgroup /'
	  sed -n '3,$s/^ *\([^:]*\):.*/link \1/p' /proc/net/dev
	  find "$CTBOX_RUNDIR" -mindepth 2 ! -name lxcpath 2>/dev/null | sed 's/^/run /'
	  { grep -l "/lxc\.[a-z]*\.$SOAK_PFX-" /proc/[0-9]*/cgroup 2>/dev/null
	    find /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -lname "$CTBOX_RUNDIR/*" 2>/dev/null; } |
		cut -d/ -f3 | sort -u | while read -r p_; do
			echo "proc $p_ $(tr '\0' ' ' < "/proc/$p_/cmdline" 2>/dev/null)"
		done
	} | sort
}
kobj() {
	kobj_items | awk '{ n[$1]++ } END { printf "mounts %d cgroups %d links %d run %d procs %d\n",
		n["mount"], n["cgroup"], n["link"], n["run"], n["proc"] }'
}
# nothing_left BASE: kobj says BASE (after settle), else what differs
# from the items saved in $T/base.items is shown
nothing_left() {
	nl_=$(kobj)
	is "$nl_" "$1" "nothing is left: mounts, cgroups, links, run dir, processes"
	[ "$nl_" = "$1" ] || diag "left (+) or gone (-) since the start:" \
		"$(kobj_items | diff "$T/base.items" - | sed -n 's/^> /+ /p; s/^< /- /p')"
}
# quiet: wait (bounded) until none of our containers has a cgroup or a
# process left (a stop's cleanup ends after stop returns).
quiet() {
	q_=0
	until kobj | grep -q "cgroups 0 .* procs 0\$"; do
		q_=$((q_ + 1))
		[ "$q_" -ge 150 ] && return 1
		sleep 0.2
	done
}
# gone NAME [LINKS]: wait (bounded) until NAME has no cgroup and no process
# (and this namespace LINKS links: a veth goes with its namespace, after).
gone() {
	g_=0
	while find $(cgroup_roots) -maxdepth 3 -type d -name "lxc.*.$1" 2>/dev/null | grep -q . ||
		grep -q "/lxc\.[a-z]*\.$1\(/.*\)\{0,1\}\$" /proc/[0-9]*/cgroup 2>/dev/null ||
		[ "$(links)" != "${2:-$(links)}" ]; do
		g_=$((g_ + 1))
		[ "$g_" -ge 150 ] && return 1
		sleep 0.2
	done
}
settle() {
	s_=0
	until [ "$(kobj)" = "$1" ]; do
		s_=$((s_ + 1))
		[ "$s_" -ge 150 ] && return 1
		sleep 0.2
	done
}

field() { awk -v f="$2" '{ print $f }' "$CTBOX_RUNDIR"/*/"$1"/state 2>/dev/null; }
mon() { field "$1" 4; }
init() { field "$1" 2; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
anon() { awk '/^RssAnon/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

# kill9 NAME: the PID is checked to be this container's own (the monitor:
# comm ctbox-monitor with its run dir open; init: in its payload cgroup).
kill9() {
	if [ $(($(od -An -N1 -tu1 /dev/urandom) % 2)) = 0 ]; then
		k_=$(mon "$1")
		[ -n "$k_" ] && [ "$(cat "/proc/$k_/comm" 2>/dev/null)" = ctbox-monitor ] &&
			ls -l "/proc/$k_/fd" 2>/dev/null | grep -qF "$CTBOX_RUNDIR/" &&
			kill -9 "$k_" 2>/dev/null && echo monitor
	else
		k_=$(init "$1")
		[ -n "$k_" ] && grep -q "/lxc\.payload\.$1\(/.*\)\{0,1\}\$" "/proc/$k_/cgroup" 2>/dev/null &&
			kill -9 "$k_" 2>/dev/null && echo init
	fi
}

growth() { # growth WHAT "S1 S2 ..." TOLERANCE UNIT
	g_what=$1 g_tol=$3 g_unit=$4
	diag "$1: $2"
	set -- $2
	g_first=$1 g_last=$1
	for v; do g_last=$v; done
	ok "$g_what does not grow ($g_first -> $g_last $g_unit, tolerance $g_tol)" \
		test "$g_last" -le $((g_first + g_tol))
}

scale() {
	cnt_=$1
	quiet
	base=$(kobj)
	kobj_items > "$T/base.items"
	bad_start="" bad_info="" bad_stop="" bad_destroy="" rsum=0
	j_=1
	while [ "$j_" -le "$cnt_" ]; do
		soak_ct "$SOAK_PFX-n$j_" "lxc.net.0.type = empty"
		"$CTBOX" start -P "$P" -n "$SOAK_PFX-n$j_" 2>>"$T/scale.err" || bad_start="$bad_start n$j_"
		j_=$((j_ + 1))
	done
	is "$bad_start" "" "$cnt_ containers start"
	is "$("$CTBOX" ls -P "$P" --running -1 | grep -c "^$SOAK_PFX-n")" "$cnt_" "ls --running lists the $cnt_"
	j_=1
	while [ "$j_" -le "$cnt_" ]; do
		[ "$(state "$SOAK_PFX-n$j_")" = RUNNING ] || bad_info="$bad_info n$j_"
		rsum=$((rsum + $(rss "$(mon "$SOAK_PFX-n$j_")")))
		j_=$((j_ + 1))
	done
	is "$bad_info" "" "info says each is RUNNING"
	diag "with $cnt_ running: $(kobj); monitors' VmRSS: $((rsum / cnt_)) kB each"
	j_=1
	while [ "$j_" -le "$cnt_" ]; do
		"$CTBOX" stop -P "$P" -n "$SOAK_PFX-n$j_" -k 2>>"$T/scale.err" || bad_stop="$bad_stop n$j_"
		"$CTBOX" destroy -P "$P" -n "$SOAK_PFX-n$j_" 2>>"$T/scale.err" || bad_destroy="$bad_destroy n$j_"
		j_=$((j_ + 1))
	done
	[ -s "$T/scale.err" ] && diag "errors (first 5):" "$(head -n 5 "$T/scale.err")"
	is "$bad_stop" "" "all $cnt_ stop (-k)"
	is "$bad_destroy" "" "all $cnt_ are destroyed"
	settle "$base"
	nothing_left "$base"
}

cycles() {
	ct=$1 long=$2 cnt_=$3 k=$4
	every=$((cnt_ / k))
	[ "$every" -ge 1 ] || every=1
	l0=$(links)
	"$CTBOX" start -P "$P" -n "$long" || { fail "the long-running container starts"; return; }
	lmon=$(mon "$long")
	# at rest: after a first cycle (a stopped container keeps its run dir)
	"$CTBOX" start -P "$P" -n "$ct" && "$CTBOX" stop -P "$P" -n "$ct" -k
	gone "$ct" "$l0"
	base=$(kobj)
	diag "$cnt_ cycles of $ct; $long running (monitor $lmon); at rest: $base"
	lr="" lf="" cr="" cf="" sfail=0 efail=0 ifail=0 stale=0
	j_=1
	while [ "$j_" -le "$cnt_" ]; do
		"$CTBOX" start -P "$P" -n "$ct" 2>>"$T/cycles.err" || sfail=$((sfail + 1))
		"$CTBOX" info -P "$P" -n "$long" -s > /dev/null 2>>"$T/cycles.err" || ifail=$((ifail + 1))
		if [ $((j_ % every)) = 0 ] || [ "$j_" = 1 ]; then
			m_=$(mon "$ct")
			cr="$cr $(anon "$m_")" cf="$cf $(fds "$m_")"
			lr="$lr $(rss "$lmon")" lf="$lf $(fds "$lmon")"
		fi
		if [ $((j_ % 100)) = 0 ]; then
			"$CTBOX" stop -P "$P" -n "$ct" -t 30 2>>"$T/cycles.err" || efail=$((efail + 1))
		else
			"$CTBOX" stop -P "$P" -n "$ct" -k 2>>"$T/cycles.err" || efail=$((efail + 1))
		fi
		if [ $((j_ % every)) = 0 ]; then
			settle "$base" || { stale=$((stale + 1)); diag "cycle $j_: $(kobj)"; }
		fi
		j_=$((j_ + 1))
	done
	[ -s "$T/cycles.err" ] && diag "errors (first 5):" "$(head -n 5 "$T/cycles.err")"
	is "$sfail" 0 "$cnt_ starts of $ct succeed"
	is "$efail" 0 "$cnt_ stops of $ct succeed (every 100th a clean one)"
	is "$ifail" 0 "$cnt_ info requests to $long's monitor succeed"
	is "$stale" 0 "after each stop sampled, nothing is left (mounts, cgroups, links, run dir, processes)"
	is "$(mon "$long")" "$lmon" "$long's monitor is the same process"
	growth "$long's monitor VmRSS (kB)" "$lr" 64 kB
	growth "$long's monitor open fds" "$lf" 1 fds
	# Right after start the monitor's code pages are still resident (it drops
	# them when idle): its anonymous memory is what a leak would grow.
	growth "$ct's monitor RssAnon (kB) right after start" "$cr" 64 kB
	growth "$ct's monitor open fds right after start" "$cf" 1 fds
	"$CTBOX" stop -P "$P" -n "$long" -k
	gone "$long" "$l0"
}

# faults N ROUNDS KILLS
faults() {
	cnt_=$1 rounds=$2 kills=$3
	quiet
	base=$(kobj)
	kobj_items > "$T/base.items"
	j_=1
	while [ "$j_" -le "$cnt_" ]; do
		# every other container with a veth (its host end must go too)
		if [ $((j_ % 2)) = 0 ]; then
			soak_ct "$SOAK_PFX-f$j_" "lxc.net.0.type = veth" "lxc.net.0.name = eth0"
		else
			soak_ct "$SOAK_PFX-f$j_" "lxc.net.0.type = empty"
		fi
		j_=$((j_ + 1))
	done
	: > "$T/workers"
	: > "$T/workers.err"
	w=0
	while [ "$w" -lt 4 ]; do
		(
			rd_=0
			while [ "$rd_" -lt "$rounds" ]; do
				# a worker's share all started, then all stopped: the
				# kills find them starting, running and stopping
				j_=$((w + 1))
				while [ "$j_" -le "$cnt_" ]; do
					"$CTBOX" start -P "$P" -n "$SOAK_PFX-f$j_" 2>>"$T/workers.err" || echo "start f$j_ failed" >> "$T/workers"
					j_=$((j_ + 4))
				done
				j_=$((w + 1))
				while [ "$j_" -le "$cnt_" ]; do
					if [ $(((rd_ + j_) % 2)) = 0 ]; then
						"$CTBOX" stop -P "$P" -n "$SOAK_PFX-f$j_" -t 30 2>>"$T/workers.err"
					else
						"$CTBOX" stop -P "$P" -n "$SOAK_PFX-f$j_" -k 2>>"$T/workers.err"
					fi || echo "stop f$j_ failed" >> "$T/workers"
					j_=$((j_ + 4))
				done
				rd_=$((rd_ + 1))
			done
		) </dev/null >/dev/null &
		eval "worker$w=$!"
		w=$((w + 1))
	done
	# on an early exit, the workers go first (then ct.sh stops the rest)
	soak_workers="$worker0 $worker1 $worker2 $worker3"
	at_exit 'kill $soak_workers 2>/dev/null'
	: > "$T/killed"
	k=0 tries=0
	while [ "$k" -lt "$kills" ] && [ "$tries" -lt $((kills * 50)) ]; do
		tries=$((tries + 1))
		alive=0
		for w in 0 1 2 3; do eval "kill -0 \$worker$w 2>/dev/null" && alive=1; done
		[ "$alive" = 1 ] || break
		v=$(($(od -An -N2 -tu2 /dev/urandom) % cnt_ + 1))
		what=$(kill9 "$SOAK_PFX-f$v") && { k=$((k + 1)); echo "f$v $what" >> "$T/killed"; }
		sleep 0.02
	done
	for w in 0 1 2 3; do eval "wait \$worker$w"; done
	soak_workers=""
	diag "killed: $(grep -c monitor "$T/killed") monitors, $(grep -c init "$T/killed") inits ($tries tries);" \
		"failed under fire: $(grep -c start "$T/workers") starts, $(grep -c stop "$T/workers") stops:" \
		"$(sed "s/'[^']*'/NAME/g; s/[0-9][0-9]*/N/g" "$T/workers.err" 2>/dev/null | sort | uniq -c | sort -rn | head -n 5)"
	ok "faults were injected ($k kills)" test "$k" -gt 0
	bad_info="" bad_stop="" bad_start="" bad_again="" bad_destroy=""
	j_=1
	while [ "$j_" -le "$cnt_" ]; do
		fc_="$SOAK_PFX-f$j_"
		fs_=$("$CTBOX" info -P "$P" -n "$fc_" -s 2>/dev/null | awk '{ print $2 }')
		case $fs_ in
		STOPPED) ;;
		RUNNING|STARTING|STOPPING|ABORTING|FROZEN|FREEZING)
			"$CTBOX" stop -P "$P" -n "$fc_" -k 2>>"$T/faults.err" && fs_=$(state "$fc_") ;;
		*) bad_info="$bad_info f$j_($fs_)" ;;
		esac
		[ "$fs_" = STOPPED ] || bad_stop="$bad_stop f$j_($fs_)"
		"$CTBOX" start -P "$P" -n "$fc_" 2>>"$T/faults.err" && [ "$(state "$fc_")" = RUNNING ] ||
			bad_start="$bad_start f$j_"
		"$CTBOX" stop -P "$P" -n "$fc_" -k 2>>"$T/faults.err" && [ "$(state "$fc_")" = STOPPED ] ||
			bad_again="$bad_again f$j_"
		j_=$((j_ + 1))
	done
	[ -s "$T/faults.err" ] && diag "errors (first 5):" "$(head -n 5 "$T/faults.err")"
	is "$bad_info" "" "afterwards info works on all $cnt_ and gives a state"
	is "$bad_stop" "" "all $cnt_ are STOPPED, or stop -k stops them"
	is "$bad_start" "" "all $cnt_ start again (RUNNING)"
	is "$bad_again" "" "and stop again (STOPPED)"
	j_=1
	while [ "$j_" -le "$cnt_" ]; do
		"$CTBOX" destroy -P "$P" -n "$SOAK_PFX-f$j_" 2>>"$T/faults.err" || bad_destroy="$bad_destroy f$j_"
		j_=$((j_ + 1))
	done
	is "$bad_destroy" "" "all $cnt_ destroyed"
	settle "$base"
	nothing_left "$base"
}
