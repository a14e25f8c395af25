#!/bin/sh
# seccomp in real containers: the default policy (keyctl, open_by_handle_at,
# the new mount API denied; allow_nesting lets the mount API through), a
# policy of one's own (a denied call, argument comparisons with 64-bit
# values, i386 calls through int $0x80 where the kernel takes them), the
# filter of init and of attach (also -e), notify refused by name, a bad
# policy naming its line with nothing left behind, unknown names logged,
# LXC's common.seccomp, LSM keys accepted and shown as not enforced.
# The probe calls the syscalls (probe sys NR ARGS, probe sys32 NR ARGS).
# Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
grep -q '^Seccomp:' /proc/self/status || plan_skip_all "no seccomp in this kernel"
if grep -q '^Seccomp_filters:' /proc/self/status; then :; elif [ -r /proc/config.gz ] &&
	! zcat /proc/config.gz | grep -q '^CONFIG_SECCOMP_FILTER=y'; then
	plan_skip_all "no seccomp filters in this kernel (CONFIG_SECCOMP_FILTER)"
fi
[ "$(uname -m)" = x86_64 ] || plan_skip_all "the syscall numbers below are x86_64's"
CT_INIT="/probe sleep 1000"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop attach info

# x86_64 and i386 numbers
KEYCTL=250 KEYCTL32=288 OBHA=304 FSOPEN=430 GETPPID=110 GETPPID32=64 DUP=32

# Does this kernel take int $0x80 from 64-bit code (IA32 emulation)?
int80=no
"$CTBOX_PROBE" sys32 20 >/dev/null 2>&1 && int80=yes

at() { n=$1; shift; "$CTBOX" attach -P "$P" -n "$n" -- "$@"; }
errno_of() { sed -n 's/.*errno=//p'; }

# -- the default policy --
mkct d1
ok "a container without lxc.seccomp.profile starts" "$CTBOX" start -P "$P" -n d1
is "$(at d1 sh -c 'grep ^Seccomp: /proc/1/status' | awk '{ print $2 }')" 2 \
	"its init runs under a seccomp filter (Seccomp: 2)"
is "$(at d1 /probe sys $KEYCTL 0 0xfffffffd 0 | errno_of)" 38 "keyctl: ENOSYS (the default policy)"
is "$(at d1 /probe sys $OBHA 0 0 0 | errno_of)" 1 "open_by_handle_at: EPERM"
is "$(at d1 /probe sys $FSOPEN 0 0 | errno_of)" 38 "fsopen (the new mount API): ENOSYS"
is "$(at d1 /probe sys $GETPPID | errno_of)" 0 "getppid: allowed"
if [ $int80 = yes ]; then
	is "$(at d1 /probe sys32 $KEYCTL32 0 0xfffffffd 0 | errno_of)" 38 "i386 keyctl (int \$0x80): ENOSYS too"
else
	skip "this kernel takes no int \$0x80 from 64-bit code (no IA32 emulation)"
fi
is "$(at d1 sh -c 'grep ^Seccomp: /proc/self/status' | awk '{ print $2 }')" 2 "attach runs under the filter"
"$CTBOX" stop -P "$P" -n d1 -k

mkct d2 "lxc.seccomp.allow_nesting = 1"
ok "lxc.seccomp.allow_nesting = 1 starts" "$CTBOX" start -P "$P" -n d2
is "$(at d2 /probe sys $FSOPEN 0 0 | errno_of)" 14 "allow_nesting: fsopen gets through (EFAULT for its NULL name)"
is "$(at d2 /probe sys $KEYCTL 0 0xfffffffd 0 | errno_of)" 38 "keyctl still ENOSYS"
"$CTBOX" stop -P "$P" -n d2 -k

# -- a policy of one's own; init checks its own filter first --
cat > "$T/own.seccomp" <<EOF
2
denylist
[all]
getppid errno 77   # every getppid
dup errno 78 [0,1000,==]
EOF
mkct p1 "lxc.seccomp.profile = $T/own.seccomp" \
	"lxc.init.cmd = /bin/sh -c '/probe sys $GETPPID > /tmp/init.out; exec /probe sleep 1000'"
ok "a container with lxc.seccomp.profile starts" "$CTBOX" start -P "$P" -n p1
for i in $(seq 50); do [ -s "$P/p1/rootfs/tmp/init.out" ] && break; sleep 0.1; done
is "$(errno_of < "$P/p1/rootfs/tmp/init.out")" 77 "init itself: getppid gets errno 77"
is "$(at p1 /probe sys $GETPPID | errno_of)" 77 "attach: getppid gets errno 77"
is "$("$CTBOX" attach -P "$P" -n p1 -e -- /probe sys $GETPPID | errno_of)" 77 "attach -e too (as LXC)"
is "$(at p1 /probe sys $DUP 1000 | errno_of)" 78 "dup(1000): the argument matches: errno 78"
is "$(at p1 /probe sys $DUP 1001 | errno_of)" 9 "dup(1001): no match, the kernel's EBADF"
is "$(at p1 /probe sys $DUP 0x1000003e8 | errno_of)" 9 "dup(0x1000003e8): the high half differs: no match"
is "$(at p1 /probe sys $KEYCTL 0 0xfffffffd 0 | errno_of)" "$("$CTBOX_PROBE" sys $KEYCTL 0 0xfffffffd 0 | errno_of)" \
	"keyctl as on the host: a profile replaces the default policy"
if [ $int80 = yes ]; then
	is "$(at p1 /probe sys32 $GETPPID32 | errno_of)" 77 "i386 getppid (int \$0x80): errno 77, no 32-bit bypass"
	is "$(at p1 /probe sys32 41 1000 | errno_of)" 78 "i386 dup(1000): errno 78"
else
	skip "this kernel takes no int \$0x80 from 64-bit code (no IA32 emulation)"
	skip "this kernel takes no int \$0x80 from 64-bit code (no IA32 emulation)"
fi
"$CTBOX" stop -P "$P" -n p1 -k

# -- refused policies: nothing is left behind --
leftovers() {
	find /sys/fs/cgroup -maxdepth 3 -name "lxc.payload.$1" 2>/dev/null
	find /sys/fs/cgroup -maxdepth 3 -name "lxc.monitor.$1" 2>/dev/null
}
printf '2\ndenylist\n[all]\ngetppid notify\n' > "$T/notify.seccomp"
mkct n1 "lxc.seccomp.profile = $T/notify.seccomp"
out=$("$CTBOX" start -P "$P" -n n1 2>&1)
is "$?" 1 "a notify action is refused"
like "$out" "notify.seccomp:4: action 'notify' \(seccomp user notification\) is not supported by ctbox" \
	"by name, with the file and line"
printf '2\ndenylist\n[all]\nkexec_load errno 1\ngetppid errno x\n' > "$T/bad.seccomp"
mkct scbadpol "lxc.seccomp.profile = $T/bad.seccomp"
out=$("$CTBOX" start -P "$P" -n scbadpol 2>&1)
is "$?" 1 "a malformed policy fails the start"
is "$out" "ctbox: start: $T/bad.seccomp:5: 'errno' wants a number from 0 to 4095, not 'x'" \
	"the error names the file, the line and what is wrong"
is "$(state scbadpol)" STOPPED "the container is STOPPED"
is "$(leftovers scbadpol)" "" "no cgroup was made"
ok "no state was left in the run directory" sh -c "! ls '$CTBOX_RUNDIR'/*/scbadpol/state 2>/dev/null | grep -q ."
mkct b2 "lxc.seccomp.profile = $T/missing.seccomp"
out=$("$CTBOX" start -P "$P" -n b2 2>&1)
like "$out" "cannot read lxc.seccomp.profile '$T/missing.seccomp': No such file" "a missing policy file"

# -- unknown names: skipped, logged --
printf '2\ndenylist\n[all]\nno_such_call errno 1\ngetppid errno 77\n' > "$T/unknown.seccomp"
mkct u1 "lxc.seccomp.profile = $T/unknown.seccomp"
ok "a policy with an unknown syscall starts" \
	"$CTBOX" start -P "$P" -n u1 -o "$T/u1.log" -l WARN
like "$(cat "$T/u1.log")" "unknown.seccomp:4: unknown syscall 'no_such_call' .*rule skipped" \
	"and the log says which name was skipped"
is "$(at u1 /probe sys $GETPPID | errno_of)" 77 "the other rules apply"
"$CTBOX" stop -P "$P" -n u1 -k

# -- LXC's own policy --
if [ -r /usr/share/lxc/config/common.seccomp ]; then
	mkct l1 "lxc.seccomp.profile = /usr/share/lxc/config/common.seccomp"
	ok "LXC's common.seccomp starts" "$CTBOX" start -P "$P" -n l1
	is "$(at l1 /probe sys $OBHA 0 0 0 | errno_of)" 1 "open_by_handle_at: EPERM, as under LXC"
	is "$(at l1 /probe sys 166 /mnt 1 | errno_of)" 13 "umount2 with MNT_FORCE: EACCES (reject_force_umount)"
	"$CTBOX" stop -P "$P" -n l1 -k
else
	skip "no /usr/share/lxc/config/common.seccomp"
	skip "no /usr/share/lxc/config/common.seccomp"
	skip "no /usr/share/lxc/config/common.seccomp"
fi

# -- LSM keys of shipped configs --
lsm_on() {
	if [ -r /sys/kernel/security/lsm ]; then grep -q "$1" /sys/kernel/security/lsm
	elif [ "$1" = apparmor ]; then grep -q Y /sys/module/apparmor/parameters/enabled 2>/dev/null
	else grep -q selinuxfs /proc/filesystems; fi
}
mkct s1 "lxc.apparmor.profile = lxc-container-default-cgns" "lxc.apparmor.allow_nesting = 1" \
	"lxc.selinux.context = system_u:system_r:lxc_t:s0:c22"
if lsm_on apparmor || lsm_on selinux; then
	out=$("$CTBOX" start -P "$P" -n s1 2>&1)
	like "$out" "ctbox does not (load AppArmor profiles|set SELinux contexts)" \
		"an LSM this kernel runs: a profile is refused"
	skip "an LSM is active here"
	skip "an LSM is active here"
else
	ok "LSM keys start where the kernel has no such LSM" "$CTBOX" start -P "$P" -n s1
	out=$("$CTBOX" info -P "$P" -n s1)
	like "$out" "AppArmor:       lxc-container-default-cgns \(not enforced: no AppArmor in this kernel\)" \
		"info: AppArmor not enforced"
	"$CTBOX" stop -P "$P" -n s1 -k
	like "$("$CTBOX" info -P "$P" -n s1)" \
		"SELinux:        system_u:system_r:lxc_t:s0:c22 \(not enforced: no SELinux in this kernel\)" \
		"info: SELinux not enforced (also when stopped)"
fi

done_testing
