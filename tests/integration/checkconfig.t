#!/bin/sh
# checkconfig (lxc-checkconfig): crafted configurations through CONFIG=
# (plain and gzip, complete, missing required options, junk), the live
# probe section, colours, the no-configuration case. Probes that need root
# are skipped for other users. Everything made lives under $T.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"

"$CTBOX" --list | grep -qx checkconfig || plan_skip_all "checkconfig is not in this build"

# What ctbox start needs, and some optional options.
cat > "$T/complete" <<'CFG'
#
# Automatically generated file; DO NOT EDIT.
# Linux/x86 6.1.0 Kernel Configuration
#
CONFIG_NAMESPACES=y
CONFIG_UTS_NS=y
CONFIG_IPC_NS=y
CONFIG_PID_NS=y
CONFIG_NET_NS=y
CONFIG_USER_NS=y
CONFIG_CGROUPS=y
CONFIG_MEMCG=y
CONFIG_VETH=m
CONFIG_BRIDGE=y
CONFIG_LOCALVERSION="-test"
CONFIG_LOG_BUF_SHIFT=17
# CONFIG_VLAN_8021Q is not set
CFG
grep -v -e '^CONFIG_NET_NS=' -e '^CONFIG_VETH=' "$T/complete" > "$T/partial"
echo '# CONFIG_NET_NS is not set' >> "$T/partial"

run() { out=$("$@" 2>&1); rc=$?; }

# ---- help ----
run "$CTBOX" checkconfig --help
is "$rc" 0 "--help exits 0"
like "$out" "^Usage: (ctbox )?checkconfig \[--no-color\]" "usage starts with the arguments"
like "$out" "CONFIG=FILE" "usage names the CONFIG variable"
run "$CTBOX" checkconfig extra
is "$rc" 1 "an operand is refused"

# ---- a complete configuration ----
run env CONFIG="$T/complete" "$CTBOX" checkconfig
is "$rc" 0 "complete configuration: exit 0"
like "$out" "^Kernel configuration found at $T/complete\$" "names the file"
for line in "Namespaces: enabled" "Utsname namespace: enabled" "Ipc namespace: enabled" \
	"Pid namespace: enabled" "Network namespace: enabled" "User namespace: enabled" \
	"Cgroups: enabled" "Cgroup memory controller: enabled" "Veth pair device: enabled" \
	"Bridges: enabled" "Vlan: missing" "Macvlan: missing" "Cgroup device: missing"; do
	like "$out" "^$line" "complete: $line"
done
for s in "Namespaces" "Control groups" "Misc" "Checkpoint/Restore" "Live kernel probes"; do
	like "$out" "^--- $s ---\$" "section --- $s ---"
done
like "$out" "^Cgroup v1 mount points:" "cgroup v1 mount points listed"
like "$out" "^Cgroup v2 mount points:" "cgroup v2 mount points listed"
like "$out" "not counted: CONFIG names the configuration" "probes of another kernel are not counted"
is "$(printf '%s\n' "$out" | tail -n 1)" "Summary: all required features present" "complete: summary is the last line"
ok "no colour when stdout is not a terminal" sh -c "! printf '%s' \"\$1\" | grep -q \"\$(printf '\\033')\"" - "$out"

# ---- required options missing ----
run env CONFIG="$T/partial" "$CTBOX" checkconfig
is "$rc" 1 "missing required options: exit 1"
like "$out" "^Network namespace: required\$" "a missing required option says required"
like "$out" "^Veth pair device: required\$" "veth is required (networking)"
like "$out" "^Bridges: enabled\$" "the others still say enabled"
is "$(printf '%s\n' "$out" | tail -n 1)" \
	"Summary: 2 required features missing: CONFIG_NET_NS, CONFIG_VETH (networking)" \
	"summary names what is missing"

# ---- gzip ----
gzip -c "$T/complete" > "$T/complete.gz"
gzip -c "$T/partial" > "$T/partial.gz"
run env CONFIG="$T/complete.gz" "$CTBOX" checkconfig
is "$rc" 0 "gzip complete configuration: exit 0"
like "$out" "^Veth pair device: enabled" "gzip: options read"
run env CONFIG="$T/partial.gz" "$CTBOX" checkconfig
is "$rc" 1 "gzip partial configuration: exit 1"
like "$out" "^Summary: 2 required features missing" "gzip: summary"
head -c 60 "$T/complete.gz" > "$T/truncated.gz"
run env CONFIG="$T/truncated.gz" "$CTBOX" checkconfig
is "$rc" 2 "truncated gzip: exit 2"
like "$out" "^Kernel configuration not found: .*truncated.gz" "truncated gzip: says why"

{ cat "$T/complete"; head -c 40000000 /dev/zero | tr '\0' '#'; } | gzip -c > "$T/bomb.gz"
run env CONFIG="$T/bomb.gz" "$CTBOX" checkconfig
is "$rc" 2 "gzip expanding past the limit: exit 2"
like "$out" "decompresses to more than" "gzip expanding past the limit: refused"

# ---- unreadable or hostile files: no configuration ----
run env CONFIG="$T/no-such-file" "$CTBOX" checkconfig
is "$rc" 2 "missing CONFIG file: exit 2"
like "$out" "^Kernel configuration not found: .*no-such-file: No such file" "missing CONFIG file: says so"
like "$out" "^Namespaces: unknown" "options are unknown without a configuration"
like "$out" "^--- Live kernel probes ---" "live probes still run"
like "$out" "^Summary: kernel configuration not found" "summary says not found"
head -c 3000 /dev/urandom > "$T/random"
run env CONFIG="$T/random" "$CTBOX" checkconfig
is "$rc" 2 "random bytes: exit 2"
like "$out" "not a kernel configuration" "random bytes: not a kernel configuration"
{ cat "$T/complete"; head -c 100000 /dev/zero | tr '\0' x; echo; echo 'CONFIG_X="unterminated'; } > "$T/junk"
run env CONFIG="$T/junk" "$CTBOX" checkconfig
is "$rc" 0 "junk lines among good ones: still read"
like "$out" "^Warning: 2 lines not understood" "junk lines are reported"

# ---- the live probes ----
run "$CTBOX" checkconfig --no-color
live=$out
case $rc in 0|1|2) pass "running kernel: exit $rc" ;; *) fail "running kernel: exit $rc" ;; esac
last=$(printf '%s\n' "$out" | tail -n 1)
case $rc in
0) like "$last" "^Summary: all required features present" "exit 0 goes with all present" ;;
1) like "$last" "^Summary: [0-9]+ required features? missing: " "exit 1 goes with a list" ;;
2) like "$last" "^Summary: kernel configuration not found" "exit 2 goes with no configuration" ;;
esac
for p in "unshare\(CLONE_NEWNS\)" "unshare\(CLONE_NEWUTS\)" "unshare\(CLONE_NEWIPC\)" \
	"unshare\(CLONE_NEWPID\)" "unshare\(CLONE_NEWNET\)" "unshare\(CLONE_NEWUSER\)" \
	"unshare\(CLONE_NEWCGROUP\)" "unshare\(CLONE_NEWTIME\)" veth bridge macvlan vlan \
	overlayfs pidfd_open clone3 seccomp; do
	like "$out" "^$p: (available|missing|unknown)" "probe line $p"
done
like "$out" "^Cgroup layout: (none|pure v1|hybrid|pure v2)" "cgroup layout line"
like "$out" "^pidfd_open: (available|missing \(ENOSYS\)|missing \(blocked)" "pidfd_open says why"
run "$CTBOX" lxc-checkconfig --no-color
like "$out" "^--- Live kernel probes ---" "answers to lxc-checkconfig"

# The probes leave no network device and no mount behind.
before_net=$(ls /sys/class/net)
before_mnt=$(wc -l < /proc/self/mountinfo)
"$CTBOX" checkconfig >/dev/null 2>&1
is "$(ls /sys/class/net)" "$before_net" "no network device left in this namespace"
is "$(wc -l < /proc/self/mountinfo)" "$before_mnt" "no mount left"

if [ "$(id -u)" = 0 ]; then
	for ns in NS UTS IPC PID NET; do
		like "$live" "^unshare\(CLONE_NEW$ns\): available\$" "root: CLONE_NEW$ns unshares"
	done
	case $live in
	*"Veth pair device: enabled"*)
		like "$live" "^veth: available \(.*created in a scratch network namespace" \
			"root: a veth is created in a scratch network namespace" ;;
	*) skip "this kernel's configuration has no veth" ;;
	esac
	# No configuration to be found: hide the candidates in a private mount namespace.
	if unshare -m true 2>/dev/null; then
		: > "$T/empty"
		out=$(unshare -m sh -c '
			for f in /proc/config.gz "/boot/config-$(uname -r)" "/lib/modules/$(uname -r)/build/.config"; do
				[ -e "$f" ] && mount --bind "$1" "$f"
			done
			exec "$2" checkconfig' - "$T/empty" "$CTBOX" 2>&1)
		rc=$?
		like "$out" "^Kernel configuration not found" "root: no configuration found is said"
		like "$out" "^unshare\(CLONE_NEWNET\): available" "root: the probes still run without one"
		like "$out" "^Pid namespace: enabled" "root: the options are probed on the running kernel"
		case $rc in
		1) like "$out" "^Summary: .*kernel configuration not found" "no configuration, something missing: exit 1" ;;
		*) is "$rc" 0 "no configuration, options and probes fine: exit 0" ;;
		esac
	else
		skip "unshare -m is not available"
		skip "unshare -m is not available"
		skip "unshare -m is not available"
		skip "unshare -m is not available"
	fi
else
	for i in 1 2 3 4 5 6 7 8 9 10; do skip "needs root"; done
fi

# ---- colours ----
if command -v script >/dev/null 2>&1; then
	esc=$(printf '\033')
	tty_out=$(CONFIG="$T/complete" script -qec "$CTBOX checkconfig" /dev/null 2>&1 </dev/null)
	like "$tty_out" "${esc}\[1;32menabled" "colours on a terminal"
	tty_out=$(NO_COLOR=1 CONFIG="$T/complete" script -qec "$CTBOX checkconfig" /dev/null 2>&1 </dev/null)
	ok "no colours with NO_COLOR" sh -c "! printf '%s' \"\$1\" | grep -q \"\$2\"" - "$tty_out" "$esc"
	tty_out=$(CONFIG="$T/complete" script -qec "$CTBOX checkconfig --no-color" /dev/null 2>&1 </dev/null)
	ok "no colours with --no-color" sh -c "! printf '%s' \"\$1\" | grep -q \"\$2\"" - "$tty_out" "$esc"
else
	skip "no script(1)"; skip "no script(1)"; skip "no script(1)"
fi

done_testing
