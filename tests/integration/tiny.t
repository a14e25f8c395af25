#!/bin/sh
# The tiny_defconfig build running real containers (root): what it keeps
# works (start, attach, freeze, stop; lo in a network namespace of its
# own, or the host's; the default seccomp policy, compiled at build
# time), what it leaves out (network interfaces, policy files) is refused
# by name at start, with nothing left behind; --help is one line.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop info

build=$(dirname "$CTBOX")
if ! make -s -C "$CTBOX_SRC" SYSROOT="$build/sysroot" KINC="$build/kinc" \
	DOTCONFIG=configs/tiny_defconfig BUILD="$T/tiny" "$T/tiny/ctbox" >"$T/make.log" 2>&1; then
	fail "tiny_defconfig builds"
	diag "$(tail -n 20 "$T/make.log")"
	done_testing
fi
tiny="$T/tiny/ctbox"
pass "tiny_defconfig builds"

# No rootfs builder, so no thread: fork is musl's _Fork and the clocks are
# system calls (libbb/nothread.c), and thread.c is not linked.
syms=$(nm "$T/tiny/ctbox.unstripped" 2>/dev/null | awk '{ print $NF }')
ok "tiny: no thread machinery linked (pthread_create, musl's fork locks)" \
	sh -c '[ -n "$1" ] && ! printf "%s\n" "$1" | grep -qx "pthread_create\|__inhibit_ptc\|bb_thread_start"' sh "$syms"
case $(uname -m) in
x86_64|aarch64)
	ok "tiny: the clocks without musl's vDSO lookup" \
		sh -c '[ -n "$1" ] && ! printf "%s\n" "$1" | grep -qx __vdsosym' sh "$syms" ;;
*) skip "the clocks are musl's on $(uname -m)" ;;
esac

# OWN_STDIO: ctbox's output-only stdio (libbb/nostdio.c), none of musl's
# FILE code; a program that reads a FILE beside it does not link, and the
# error names the option.
ok "tiny: no stdio of the C library's linked (__stdout_FILE, __stdio_write, __lockfile)" \
	sh -c '[ -n "$1" ] && ! printf "%s\n" "$1" | grep -qx "__stdout_FILE\|__stderr_FILE\|__stdio_write\|__lockfile"' sh "$syms"
if command -v musl-gcc >/dev/null; then
	printf '#include <stdio.h>\nint main(void) { char b[8]; return !fgets(b, 8, stdin); }\n' > "$T/reader.c"
	printf '#include <stdio.h>\nint main(void) { return printf("%%s %%d\\n", "out", 1) != 6; }\n' > "$T/writer.c"
	for p in reader writer; do
		musl-gcc -static -Os -ffunction-sections -Wl,--gc-sections -DCTBOX_OWN_LIBC -DBB_NOSTDIO=1 \
			-D_GNU_SOURCE -I"$CTBOX_SRC/libbb" -I"$T/tiny/gen" -o "$T/$p" "$T/$p.c" \
			"$CTBOX_SRC/libbb/nostdio.c" "$CTBOX_SRC/libbb/printf.c" >"$T/$p.log" 2>&1
		echo "$?" > "$T/$p.rc"
	done
	is "$(cat "$T/writer.rc"; "$T/writer")" "0
out 1" "OWN_STDIO: a program that only prints links and prints"
	is "$(cat "$T/reader.rc")" 1 "OWN_STDIO: one that reads a FILE does not link"
	like "$(cat "$T/reader.log")" "OWN_STDIO_is_set_but_this_build_uses_more_of_the_C_library_stdio" \
		"... and the error names the option"
else
	for i in 1 2 3; do skip "no musl-gcc: OWN_STDIO's link guard"; done
fi

# lxc-cgroup only: cgroup-tools' commands (cgtools) are off, refused by name.
out=$("$tiny" cgroup create -g pids:ctbox-tiny-t 2>&1)
is "$?" 1 "tiny: cgroup create fails"
is "$out" "ctbox: cgroup: 'create': cgroup-tools' commands are not built into this ctbox (CGTOOLS)" \
	"... named: cgtools is not built in"
"$tiny" cgcreate -g pids:ctbox-tiny-t >/dev/null 2>&1
is "$?" 127 "tiny: no cgcreate applet"

# --help: the synopsis line only (FEATURE_VERBOSE_USAGE is off).
want=$(sed -n 's,^//usage:,,p' "$CTBOX_SRC/applets/start.c" | head -n 1)
is "$("$tiny" start --help)" "Usage: ctbox start $want" "tiny: --help shows the synopsis line only"

# report NAME: the probe's report of NAME's init, once it is written.
report() {
	for i in $(seq 50); do grep -q '^end=1' "$T/$1.console" 2>/dev/null && break; sleep 0.1; done
	tr -d '\r' < "$T/$1.console"
}
pv() { printf '%s\n' "$probe" | sed -n "s/^$1=//p" | head -n 1; }

# -- lo only, in a network namespace of its own (lxc.net's default) --
mkct t1 "lxc.init.cmd = /probe sleep 1000" "lxc.console.logfile = $T/t1.console"
out=$("$tiny" start -P "$P" -n t1 2>&1)
is "$?" 0 "tiny: start"
is "$out" "" "tiny: start prints nothing"
probe=$(report t1)
is "$(pv ifaces)" "lo," "tiny: only lo in the container's network namespace"
is "$(pv lo_up)" yes "tiny: lo is up"
pid=$("$CTBOX" info -P "$P" -n t1 -p | awk '{ print $2 }')
ok "tiny: its own network namespace" test "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)"
is "$("$tiny" attach -P "$P" -n t1 -- /bin/hostname 2>&1)" t1 "tiny: attach runs a command inside"
# The default seccomp policy, compiled at build time (the probe makes the
# calls; x86_64's numbers: keyctl 250, fsopen 430, getppid 110).
is "$("$tiny" attach -P "$P" -n t1 -- /bin/sh -c 'grep ^Seccomp: /proc/1/status' | awk '{ print $2 }')" 2 \
	"tiny: init runs under a seccomp filter"
if [ "$(uname -m)" = x86_64 ]; then
	at1() { "$tiny" attach -P "$P" -n t1 -- /probe sys "$@" | sed -n 's/.*errno=//p'; }
	is "$(at1 250 0 0xfffffffd 0)" 38 "tiny: the default policy: keyctl ENOSYS (init and attach)"
	is "$(at1 430 0 0)" 38 "tiny: the default policy: fsopen ENOSYS"
	is "$(at1 110)" 0 "tiny: getppid allowed"
else
	for i in 1 2 3; do skip "the syscall numbers are x86_64's"; done
fi
# Without the console applet its monitor serves no console client (nor
# keeps a scrollback): a full build's console is turned away.
out=$("$CTBOX" console -P "$P" -n t1 </dev/null 2>&1)
is "$?" 1 "tiny: no console client served"
is "$out" "ctbox: console: 't1' has no tty 0" "... said by the console applet"
grep -q '^end=1' "$T/t1.console" && pass "... and the console log is still written" ||
	fail "... and the console log is still written"
ok "tiny: freeze" "$tiny" freeze -P "$P" -n t1
is "$(state t1)" FROZEN "tiny: frozen"
ok "tiny: unfreeze" "$tiny" unfreeze -P "$P" -n t1
ok "tiny: stop" "$tiny" stop -P "$P" -n t1 -k
is "$(state t1)" STOPPED "tiny: stopped"

# -- the host's network (type none) --
mkct t2 "lxc.init.cmd = /probe sleep 1000" "lxc.console.logfile = $T/t2.console" \
	"lxc.net.0.type = none"
ok "tiny: start with lxc.net.0.type = none" "$tiny" start -P "$P" -n t2
probe=$(report t2)
pid=$("$CTBOX" info -P "$P" -n t2 -p | awk '{ print $2 }')
ok "tiny: none shares the host's network namespace" \
	test "$(readlink "/proc/$pid/ns/net")" = "$(readlink /proc/self/ns/net)"
ok "tiny: stop" "$tiny" stop -P "$P" -n t2 -k

# -- what FEATURE_NET brings is refused by name, and nothing is made --
for ty in veth macvlan phys; do
	mkct "n$ty" "lxc.net.0.type = $ty" "lxc.net.0.link = lo" "lxc.net.0.flags = up" \
		"lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx" "lxc.net.0.ipv4.address = 10.0.3.5/24"
	out=$("$tiny" start -P "$P" -n "n$ty" 2>&1)
	is "$?" 1 "tiny: start with lxc.net.0.type = $ty fails"
	like "$out" "^ctbox: start: .*lxc.net.0.type = $ty: network interfaces are not built into this ctbox \\(FEATURE_NET\\)" \
		"tiny: $ty is refused by name"
	is "$(state "n$ty")" STOPPED "tiny: $ty: nothing runs"
	is "$(find "$CTBOX_RUNDIR" -name "n$ty" 2>/dev/null)" "" "tiny: $ty: no run dir left"
done
# -- lxc.seccomp.allow_nesting: the other prebuilt program --
mkct t3 "lxc.init.cmd = /probe sleep 1000" "lxc.seccomp.allow_nesting = 1"
ok "tiny: start with lxc.seccomp.allow_nesting = 1" "$tiny" start -P "$P" -n t3
if [ "$(uname -m)" = x86_64 ]; then
	is "$("$tiny" attach -P "$P" -n t3 -- /probe sys 430 0 0 | sed -n 's/.*errno=//p')" 14 \
		"tiny: allow_nesting lets fsopen through (EFAULT for its NULL name)"
else
	skip "the syscall numbers are x86_64's"
fi
ok "tiny: stop" "$tiny" stop -P "$P" -n t3 -k

# -- cgroup keys: as named on the host only (FEATURE_CGROUP_TRANSLATE) --
# v1 or v2: how this host holds a controller (a v1 line names it).
cgv() { grep -q "^[0-9]*:\([^:]*,\)\?$1\(,[^:]*\)\?:" /proc/self/cgroup && echo 1 || echo 2; }
if [ "$(cgv pids)" = 1 ]; then same=lxc.cgroup; other=lxc.cgroup2; else same=lxc.cgroup2; other=lxc.cgroup; fi
if [ "$(cgv memory)" = 1 ]; then mem_other=memory.max; else mem_other=memory.limit_in_bytes; fi
mkct cg1 "lxc.init.cmd = /probe sleep 1000" "$other.pids.max = 20"
out=$("$tiny" start -P "$P" -n cg1 2>&1)
is "$?" 1 "tiny: start with $other.pids.max fails"
like "$out" "$other.pids.max: this host has the 'pids' controller on cgroup v[12] only, and this ctbox does not translate cgroup v[12] keys \\(FEATURE_CGROUP_TRANSLATE\\)" \
	"tiny: the other version's key is refused by name"
is "$(state cg1)" STOPPED "tiny: $other.pids.max: nothing runs"
mkct cg2 "lxc.init.cmd = /probe sleep 1000" "$same.pids.max = 20"
ok "tiny: start with $same.pids.max" "$tiny" start -P "$P" -n cg2
is "$("$tiny" cgroup -P "$P" -n cg2 pids.max 2>&1)" 20 "tiny: lxc-cgroup reads it back"
out=$("$tiny" cgroup -P "$P" -n cg2 "$mem_other" 2>&1)
is "$?" 1 "tiny: lxc-cgroup $mem_other (the other version's name) fails"
like "$out" "the kernel has no '$mem_other' in .*FEATURE_CGROUP_TRANSLATE\\)" "... saying why"
ok "tiny: stop" "$tiny" stop -P "$P" -n cg2 -k

# -- user namespaces need FEATURE_USERNS --
for k in "lxc.idmap = u 0 100000 65536|lxc.idmap = g 0 100000 65536|lxc.idmap" \
	"lxc.namespace.clone = mount pid user|lxc.namespace.clone = mount pid user|lxc.namespace.clone = user"; do
	one=${k%%|*}; rest=${k#*|}; two=${rest%%|*}; name=${rest#*|}
	mkct un "$one" "$two"
	out=$("$tiny" start -P "$P" -n un 2>&1)
	is "$?" 1 "tiny: start with $one fails"
	like "$out" "$name: user namespaces are not built into this ctbox \\(FEATURE_USERNS\\)" \
		"tiny: $name is refused by name"
	is "$(state un)" STOPPED "tiny: $name: nothing runs"
	rm -rf "${P:?}/un"
done

# ... and so does any other user's container.
if command -v setpriv >/dev/null; then
	mkdir -p "$T/nr/c1" && echo "lxc.rootfs.path = dir:$T/nr/c1/rootfs" > "$T/nr/c1/config"
	chmod 711 "$T" && chmod -R a+rX "$T/nr"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$tiny" start -P "$T/nr" -n c1 2>&1)
	is "$?" 1 "tiny: a start by another user fails"
	like "$out" "only root starts containers with this ctbox \\(no FEATURE_USERNS\\)" "... saying why"
else
	skip "no setpriv"
	skip "no setpriv"
fi

# -- hooks need FEATURE_HOOKS --
for h in pre-start mount stop; do
	mkct hk "lxc.hook.$h = /bin/true"
	out=$("$tiny" start -P "$P" -n hk 2>&1)
	is "$?" 1 "tiny: start with lxc.hook.$h fails"
	like "$out" "lxc.hook.$h: hooks are not built into this ctbox \\(FEATURE_HOOKS\\)" "tiny: lxc.hook.$h is refused by name"
	is "$(state hk)" STOPPED "tiny: lxc.hook.$h: nothing runs"
	rm -rf "${P:?}/hk"
done

# -- resource limits, sysctls and /proc settings need FEATURE_PRLIMIT and
# FEATURE_SYSCTL: refused as the configuration is read, by start and
# attach alike; an empty value asks for nothing and passes --
for k in "lxc.prlimit.nofile = 1024|lxc.prlimit.nofile: resource limits are not built into this ctbox (FEATURE_PRLIMIT)" \
	"lxc.sysctl.kernel.domainname = t|lxc.sysctl.kernel.domainname: sysctls are not built into this ctbox (FEATURE_SYSCTL)" \
	"lxc.proc.oom_score_adj = 10|lxc.proc.oom_score_adj: /proc settings are not built into this ctbox (FEATURE_SYSCTL)" \
	"lxc.time.offset.boot = 5|'lxc.time.offset.boot' is not supported by ctbox" \
	"lxc.namespace.share.net = 1|'lxc.namespace.share.net' is not supported by ctbox" \
	"lxc.tty.dir = lxc|'lxc.tty.dir' is not supported by ctbox"; do
	line=${k%%|*}; want=${k#*|}; name=${line%% =*}
	mkct uk "lxc.init.cmd = /probe sleep 1000" "$line"
	out=$("$tiny" start -P "$P" -n uk 2>&1)
	is "$?" 1 "tiny: start with $line fails"
	is "$out" "ctbox: start: $P/uk/config:5: $want" "tiny: $name is refused by name, with its line"
	is "$(state uk)" STOPPED "tiny: $name: nothing runs"
	rm -rf "${P:?}/uk"
done
mkct ue "lxc.init.cmd = /probe sleep 1000" "lxc.prlimit =" "lxc.sysctl =" "lxc.proc =" \
	"lxc.time.offset.boot = 0" "lxc.console.size = 0" "lxc.tty.dir =" "lxc.namespace.share.net ="
ok "tiny: start with those keys empty (or 0: what ctbox does)" "$tiny" start -P "$P" -n ue
ok "tiny: stop" "$tiny" stop -P "$P" -n ue -k
# Without interfaces and without read-back, the lxc.net.N keys' names are
# still checked (their values are not kept).
mkct nk "lxc.net.0.type = empty" "lxc.net.0.tpye = veth"
out=$("$tiny" start -P "$P" -n nk 2>&1)
is "$?" 1 "tiny: a misspelt lxc.net.0 key fails"
is "$out" "ctbox: start: $P/nk/config:5: unknown key 'lxc.net.0.tpye'" "... named"

# -- a policy file needs FEATURE_SECCOMP_PROFILE --
printf '2\ndenylist\ngetppid errno 77\n' > "$T/p.seccomp"
mkct np "lxc.seccomp.profile = $T/p.seccomp"
out=$("$tiny" start -P "$P" -n np 2>&1)
is "$?" 1 "tiny: start with lxc.seccomp.profile fails"
like "$out" "lxc.seccomp.profile '$T/p.seccomp': policy files are not built into this ctbox \\(FEATURE_SECCOMP_PROFILE\\)" \
	"tiny: the policy file is refused by name"
is "$(state np)" STOPPED "tiny: nothing runs"

# The full build starts what the tiny one refuses (the same config parses).
ok "tiny: attach and stop still read a config with lxc.net.0.type = veth" \
	sh -c "'$tiny' stop -P '$P' -n nveth 2>&1 | grep -q 'not running'"

done_testing
