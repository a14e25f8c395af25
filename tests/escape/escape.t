#!/bin/sh
# The escape suite (issue 9): tests/escape/attempt.c, put inside busybox
# containers, runs one escape attempt per call and says whether it was
# blocked. Four containers: ctbox privileged (the default config of
# tests/integration/ct.sh, plus LXC's cgroup:mixed), ctbox unprivileged
# (lxc.idmap as root, the rootfs chowned to the range), ctbox privileged
# with every fallback forced (CTBOX_FORCE_FALLBACK=all: MS_MOVE + chroot
# instead of pivot_root, no openat2, no cgroup namespace, no pidfd) and
# LXC 5 privileged (its shipped common.conf, the same rootfs) for
# comparison. Plus, in containers of their own, an lxc.mount.entry whose
# target is a symlink out of the rootfs.
# Asserted: in the unprivileged container every attempt is blocked; in the
# privileged ones nothing succeeds that LXC blocks (or, without a working
# LXC, that a fixed list of what LXC 5.0.2 blocks on a kernel like this
# one names). The table of every result is printed as TAP diagnostics.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop attach info execute
command -v musl-gcc >/dev/null || plan_skip_all "no musl-gcc to build the attempt program"
[ -e /proc/self/uid_map ] && unshare -U true 2>/dev/null || plan_skip_all "no user namespaces here"

A=$T/attempt
musl-gcc -static -Os -Wall -Wextra -Werror -Wno-unused-parameter -D_GNU_SOURCE \
	-o "$A" "$CTBOX_SRC/tests/escape/attempt.c" || plan_skip_all "the attempt program does not build"
chmod 711 "$T"

# ATTEMPT|expected defence (what should stop it; the attempt's own detail
# says what did).
ATTEMPTS='mount_blockdev|device cgroup; user namespace (no block fs mounts)
mknod_blockdev|device cgroup; user namespace (no mknod)
mknod_chardev|device cgroup; user namespace (no mknod)
sb_remount|seccomp (superblock remounts); user namespace
procsys_write|read-only /proc/sys (proc:mixed); user namespace
procsys_remount|user namespace (sysctl owner)
procsys_newproc|user namespace (sysctl owner, mount locks)
sysrq|read-only bind (proc:mixed); user namespace
sys_kernel_write|read-only sysfs (sys:ro); user namespace
sys_kernel_newmount|user namespace (sysfs file owner)
init_module|CAP_SYS_MODULE dropped; seccomp; user namespace
finit_module|CAP_SYS_MODULE dropped; seccomp; user namespace
delete_module|CAP_SYS_MODULE dropped; seccomp; user namespace
kexec_load|seccomp; CAP_SYS_BOOT; user namespace
shocker|seccomp (open_by_handle_at); user namespace
ptrace_host|PID namespace
abstract_socket|network namespace
run_dir|mount namespace (pivot_root)
settime|CAP_SYS_TIME dropped; user namespace
rawio|CAP_SYS_RAWIO dropped; user namespace
raw_socket|network namespace
cgroup_limit|user namespace (limit files owned by the host)
release_agent|cgroup namespace (no new v1 hierarchy)
chroot_escape|pivot_root, the old root detached
mntns_root|pivot_root (nothing under the container root)
attach_exe|sealed memfd copy of the runtime (CVE-2019-5736)
attach_ptrace|not dumpable; user namespace (CVE-2016-9962)
proc1_exe|execute: init runs from a sealed memfd copy
leaked_fds|close-on-exec (CVE-2024-21626)
keyctl|seccomp (keyctl); user namespace (own keyrings)
userns_caps|a child user namespace owns nothing of the host
mount_entry_symlink|mount targets resolved inside the rootfs'
NAMES=$(printf '%s\n' "$ATTEMPTS" | cut -d'|' -f1)

# What LXC 5.0.2 (common.conf, no AppArmor) blocked here, for hosts where
# lxc-start cannot run: the privileged comparison falls back to it.
LXC_BLOCKS='mknod_blockdev mknod_chardev procsys_write sysrq sys_kernel_write init_module
finit_module delete_module kexec_load shocker ptrace_host abstract_socket run_dir settime rawio
raw_socket release_agent chroot_escape attach_exe proc1_exe leaked_fds userns_caps
mount_entry_symlink'

# ---- the host's side ----
MARK=ctbox-escape-$$-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
"$A" listen "$MARK" &
LPID=$!
at_exit "kill $LPID 2>/dev/null"
"$A" wait "$MARK" &
WPID=$!
at_exit "kill $WPID 2>/dev/null"
KEY=$("$A" addkey "$MARK" "secret-$MARK") || KEY=""
[ -n "$KEY" ] && at_exit "'$A' delkey $KEY"
MACS=$(cat /sys/class/net/*/address 2>/dev/null | grep -v '^00:00:00:00:00:00$' | tr '\n' ' ')
mkdir -p "$T/outside" "$T/src" "$T/hooks"
chmod 777 "$T/hooks"
chmod 755 "$T/outside" "$T/src"
HANDLE=$("$A" handle "$T/outside") || HANDLE=""
# A tmpfs of the host's own, bound into each container at /mnt/sb: what a
# superblock remount from inside does to it, the host sees.
mkdir -p "$T/sbtest"
SB=""
if mount -t tmpfs -o size=64k,mode=755 ctbox-escape "$T/sbtest"; then
	SB="lxc.mount.entry = $T/sbtest mnt/sb none bind,create=dir 0 0"
	at_exit "umount -l '$T/sbtest'"
fi
echo "$MARK" > "$T/src/marker"
# A mount hook (run in the container's mount namespace before pivot_root)
# records whether the entry's mount landed on the host's $T/outside.
cat > "$T/hook.sh" <<EOF
#!/bin/sh
if awk -v o="$T/outside" '\$5 == o { f = 1 } END { exit !f }' /proc/self/mountinfo; then
	echo landed > "$T/hooks/\$1"
else
	echo clean > "$T/hooks/\$1"
fi
EOF
chmod 755 "$T/hook.sh"
devino() { stat -Lc '%Hd:%Ld:%i' "$1"; }

# ---- the containers ----
UID0=100000
mkrootfs() { cp "$A" "$P/$1/rootfs/attempt"; chmod 755 "$P/$1/rootfs/attempt"; }
# Names of their own (cgroups are named after containers): N.p, N.u, N.f
# and, for the symlink entry, N.pm, N.um, N.fm; LXC's N.l and N.lm.
N=esc$$
CG="lxc.mount.auto = cgroup:mixed"
mkct "${N}p" "lxc.init.cmd = /bin/sleep 1000" "$CG" "$SB"
mkrootfs "${N}p"
mkct "${N}f" "lxc.init.cmd = /bin/sleep 1000" "$CG" "$SB"
mkrootfs "${N}f"
mkct "${N}u" "lxc.init.cmd = /bin/sleep 1000" "$CG" "$SB" "lxc.idmap = u 0 $UID0 65536" "lxc.idmap = g 0 $UID0 65536"
mkrootfs "${N}u"
# The symlink-target containers: mnt/evil -> the host's $T/outside.
ENTRY="lxc.mount.entry = $T/src mnt/evil none bind,create=dir 0 0"
mkct "${N}pm" "lxc.init.cmd = /bin/sleep 1000" "$ENTRY" "lxc.hook.mount = $T/hook.sh"
mkct "${N}fm" "lxc.init.cmd = /bin/sleep 1000" "$ENTRY" "lxc.hook.mount = $T/hook.sh"
mkct "${N}um" "lxc.init.cmd = /bin/sleep 1000" "$ENTRY" "lxc.hook.mount = $T/hook.sh" \
	"lxc.idmap = u 0 $UID0 65536" "lxc.idmap = g 0 $UID0 65536"
# The same path exists inside the rootfs too: a runtime that resolves the
# target inside it mounts there, and the container sees the source.
for c in "${N}pm" "${N}fm" "${N}um"; do
	ln -s "$T/outside" "$P/$c/rootfs/mnt/evil"
	mkdir -p "$P/$c/rootfs$T/outside"
done

# LXC's containers: a copy of the privileged rootfs, LXC's shipped config.
LP=$T/lxcp
LXC=""
if command -v lxc-start >/dev/null && [ -r /usr/share/lxc/config/common.conf ]; then
	LXC=1
	for c in "${N}l" "${N}lm"; do
		mkdir -p "$LP/$c"
		cp -a "$P/${N}p/rootfs" "$LP/$c/rootfs"
		{
			echo "lxc.include = /usr/share/lxc/config/common.conf"
			echo "lxc.uts.name = $c"
			echo "lxc.rootfs.path = dir:$LP/$c/rootfs"
			echo "lxc.init.cmd = /bin/sleep 1000"
			echo "lxc.net.0.type = empty"
		} > "$LP/$c/config"
		[ "$c" = "${N}l" ] && echo "$SB" >> "$LP/$c/config"
	done
	printf '%s\n' "$ENTRY" "lxc.hook.mount = $T/hook.sh" >> "$LP/${N}lm/config"
	ln -s "$T/outside" "$LP/${N}lm/rootfs/mnt/evil"
	mkdir -p "$LP/${N}lm/rootfs$T/outside"
	# LXC leaves the monitor's (empty) cgroups of a start it aborted.
	at_exit "lxc-stop -P '$LP' -n ${N}l -k >/dev/null 2>&1; lxc-stop -P '$LP' -n ${N}lm -k >/dev/null 2>&1;
		rmdir /sys/fs/cgroup/*/lxc.monitor.${N}l* /sys/fs/cgroup/lxc.monitor.${N}l* 2>/dev/null"
fi
# The unprivileged ones: their rootfs shifted to the mapped range.
for c in "${N}u" "${N}um"; do chown -R "$UID0:$UID0" "$P/$c/rootfs"; done

# ctbox KIND ARGS...: ctbox, with every fallback forced for KIND fallback.
ctbox() {
	if [ "$1" = fallback ]; then
		shift
		CTBOX_FORCE_FALLBACK=all "$CTBOX" "$@"
	else
		shift
		"$CTBOX" "$@"
	fi
}
start() { # KIND NAME
	case $1 in
	lxc) lxc-start -P "$LP" -n "$2" -f "$LP/$2/config" -l DEBUG -o "$T/$2.lxclog" 2>"$T/$2.err" ;;
	*) ctbox "$1" start -P "$P" -n "$2" 2>"$T/$2.err" ;;
	esac
}
stop() { # KIND NAME
	case $1 in
	lxc) lxc-stop -P "$LP" -n "$2" -k >/dev/null 2>&1 ;;
	*) ctbox "$1" stop -P "$P" -n "$2" -k >/dev/null 2>&1 ;;
	esac
}
inside() { # KIND NAME CMD...
	k=$1 n=$2
	shift 2
	case $k in
	lxc) lxc-attach -P "$LP" -n "$n" -- "$@" </dev/null ;;
	*) ctbox "$k" attach -P "$P" -n "$n" -- "$@" </dev/null ;;
	esac
}

# results: one line "KIND ATTEMPT RESULT DETAIL" each, in $T/results
: > "$T/results"
record() { printf '%s %s\n' "$1" "$2" >> "$T/results"; }
result_of() { awk -v k="$1" -v a="$2" '$1 == k && $2 == a { $1 = ""; $2 = ""; sub(/^  /, ""); print; exit }' "$T/results"; }

runall() { # KIND NAME
	k=$1 n=$2
	if [ "$k" = lxc ]; then
		bin=$(command -v lxc-attach)
		rd="/run/lxc $LP"
	else
		bin=$CTBOX
		rd="/run/ctbox $(find "$CTBOX_RUNDIR" -type s 2>/dev/null | tr '\n' ' ')"
	fi
	for a in $NAMES; do
		case $a in
		shocker)
			args=$HANDLE
			[ -n "$HANDLE" ] || { record "$k" "shocker blocked n/a: the host's filesystem gives no file handles"; continue; } ;;
		ptrace_host) args="$WPID $MARK" ;;
		abstract_socket) args=$MARK ;;
		run_dir) args=$rd ;;
		raw_socket) args=$MACS ;;
		keyctl)
			args="$MARK secret-$MARK"
			[ -n "$KEY" ] || { record "$k" "keyctl blocked n/a: the host could not add a key"; continue; } ;;
		chroot_escape | mntns_root) args=$T/outside ;;
		sb_remount)
			args=/mnt/sb
			[ -n "$SB" ] || { record "$k" "sb_remount blocked n/a: no tmpfs for it on the host"; continue; } ;;
		attach_exe | attach_ptrace | proc1_exe | mount_entry_symlink) continue ;;
		*) args="" ;;
		esac
		# shellcheck disable=SC2086
		out=$(inside "$k" "$n" /attempt "$a" $args 2>&1)
		line=$(printf '%s\n' "$out" | grep -E "^$a (blocked|succeeded)( |$)" | head -n 1)
		[ -n "$line" ] || line="$a error $(printf '%s' "$out" | tr '\n' ' ' | cut -c1-120)"
		record "$k" "$line"
	done
	watch "$k" "$n" attach_exe "$bin"
	watch "$k" "$n" attach_ptrace "$bin"
}

# The attach path: ATTEMPT watches inside (in the background, for 30 s at
# most) while attaches come and go, until it has seen a runtime process.
watch() { # KIND NAME ATTEMPT BINARY
	k=$1 n=$2
	if [ "$k" = lxc ]; then f=$LP/$n/rootfs/tmp/$3.res; else f=$P/$n/rootfs/tmp/$3.res; fi
	rm -f "$f"
	inside "$k" "$n" sh -c "/attempt $3 $(devino "$4") 30 > /tmp/$3.res 2>&1 &" >/dev/null 2>&1
	i=0
	while [ $i -lt 40 ] && ! [ -s "$f" ]; do
		inside "$k" "$n" sh -c : >/dev/null 2>&1
		i=$((i + 1))
	done
	i=0
	while [ $i -lt 300 ] && ! grep -q "^$3 " "$f" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	line=$(grep "^$3 " "$f" 2>/dev/null | head -n 1)
	record "$k" "${line:-$3 error no answer from the watcher}"
}

# proc1_exe: the container (stopped) run by execute, the attempt as the
# command under the runtime's init.
execute_exe() { # KIND NAME
	k=$1 n=$2
	case $k in
	lxc) out=$(lxc-execute -P "$LP" -n "$n" -f "$LP/$n/config" -- \
		/attempt proc1_exe "$(devino "$(command -v lxc-execute)")" </dev/null 2>&1) ;;
	*) out=$(ctbox "$k" execute -P "$P" -n "$n" -- /attempt proc1_exe "$(devino "$CTBOX")" </dev/null 2>&1) ;;
	esac
	line=$(printf '%s\n' "$out" | grep -E "^proc1_exe (blocked|succeeded)( |$)" | head -n 1)
	record "$k" "${line:-proc1_exe error $(printf '%s' "$out" | tr '\n' ' ' | cut -c1-120)}"
}

# mount_entry_symlink: start the container whose entry targets mnt/evil
# (a symlink to the host's $T/outside); the hook says where it landed.
symlink_entry() { # KIND NAME
	k=$1 n=$2
	rm -f "$T/hooks/$n"
	if ! start "$k" "$n"; then
		why=$(tr '\n' ' ' < "$T/$n.err")
		# LXC's first error in its log says more than its stderr.
		[ "$k" = lxc ] && why=$(grep -m1 ' ERROR ' "$T/$n.lxclog" | sed 's/.* ERROR *//')
		record "$k" "mount_entry_symlink blocked start refused: $(printf '%s' "$why" | cut -c1-200)"
		return
	fi
	h=$(cat "$T/hooks/$n" 2>/dev/null)
	if [ "$h" = landed ] || awk -v o="$T/outside" '$5 == o { f = 1 } END { exit !f }' /proc/self/mountinfo; then
		record "$k" "mount_entry_symlink succeeded the bind mount landed on the host's $T/outside"
	elif inside "$k" "$n" cat "$T/outside/marker" 2>/dev/null | grep -qx "$MARK"; then
		record "$k" "mount_entry_symlink blocked resolved inside the rootfs (the source is at $T/outside in the container; mount hook: $h)"
	else
		record "$k" "mount_entry_symlink blocked ${h:-no hook report}; not mounted at the link's host target"
	fi
	stop "$k" "$n"
}

for kc in priv:p unpriv:u fallback:f; do
	k=${kc%:*} c=$N${kc#*:}
	if start "$k" "$c"; then
		runall "$k" "$c"
		stop "$k" "$c"
		execute_exe "$k" "$c"
	else
		diag "the $k container did not start: $(cat "$T/$c.err")"
	fi
	symlink_entry "$k" "${c}m"
done
LXCWHY=""
if [ -z "$LXC" ]; then
	LXCWHY="LXC is not installed"
elif start lxc "${N}l"; then
	runall lxc "${N}l"
	stop lxc "${N}l"
	execute_exe lxc "${N}l"
	symlink_entry lxc "${N}lm"
else
	LXCWHY="lxc-start failed: $(tail -n 3 "$T/${N}l.err" | tr '\n' ' ')"
fi

# ---- the table ----
row() { printf '%-20s %-50s %-10s %-10s %-10s %s\n' "$@"; }
diag "ctbox: privileged (priv), unprivileged (unpriv), privileged with every fallback forced (fallback)" \
	"$(row attempt 'expected defence' priv unpriv fallback "${LXC:+LXC priv}")"
printf '%s\n' "$ATTEMPTS" | while IFS='|' read -r a def; do
	diag "$(row "$a" "$def" "$(result_of priv "$a" | cut -d' ' -f1)" "$(result_of unpriv "$a" | cut -d' ' -f1)" \
		"$(result_of fallback "$a" | cut -d' ' -f1)" "$(result_of lxc "$a" | cut -d' ' -f1)")"
done
diag "" "details:"
while read -r k line; do diag "$k: $line"; done < "$T/results"
[ -n "$LXCWHY" ] && diag "no LXC comparison ($LXCWHY): compared with the fixed list of what LXC 5.0.2 blocks"

# ---- the assertions ----
for a in $NAMES; do
	r=$(result_of unpriv "$a")
	case $r in
	blocked*) pass "unprivileged: $a blocked (${r#blocked })" ;;
	*) fail "unprivileged: $a blocked"; diag "got: ${r:-no result}" >&2 ;;
	esac
done
for ka in $(for k in priv fallback; do for a in $NAMES; do echo "$k:$a"; done; done); do
	k=${ka%%:*} a=${ka#*:}
	r=$(result_of "$k" "$a")
	kn=privileged
	[ "$k" = fallback ] && kn="privileged (fallbacks)"
	if [ -z "$LXCWHY" ]; then
		l=$(result_of lxc "$a")
	else
		case " $(printf '%s' "$LXC_BLOCKS" | tr '\n' ' ') " in *" $a "*) l="blocked (fixed list)" ;; *) l="succeeded (fixed list)" ;; esac
	fi
	# With pivot_root forced off the host's root lies under the container's:
	# the chroot guard (seccomp) must keep it out of reach, whatever LXC does.
	if [ "$k:$a" = fallback:mntns_root ]; then
		case $r in
		blocked*) pass "$kn: $a blocked (${r#blocked })" ;;
		*) fail "$kn: $a blocked (the root under the container's is the host's)"; diag "got: ${r:-no result}" >&2 ;;
		esac
		continue
	fi
	# Without a cgroup namespace a privileged container may mount a v1
	# hierarchy and reach its release_agent, as under LXC on such kernels
	# (before Linux 4.6): unprivileged containers are the defence there.
	if [ "$k:$a" = fallback:release_agent ] && [ "${r%% *}" = succeeded ]; then
		skip "$kn: $a: no defence without cgroup namespaces for a privileged container (as LXC); use unprivileged ones"
		continue
	fi
	case $r in
	succeeded*)
		case $l in
		blocked*) fail "$kn: $a no weaker than LXC"; diag "ctbox: $r" "LXC:   $l" >&2 ;;
		*) pass "$kn: $a succeeds, as under LXC (${l%% *})" ;;
		esac ;;
	blocked*) pass "$kn: $a blocked (${r#blocked })" ;;
	*) fail "$kn: $a has a result"; diag "got: ${r:-no result}" >&2 ;;
	esac
done
done_testing
