#!/bin/sh
# The oci applet (runc's command line) on busybox bundles: spec, the
# create/start split (the process waits before its exec), state, exec,
# ps, events, pause/resume, kill, delete and nothing left; run -d and run
# in the foreground (exit status passed on); six containers at once (the
# reference workflow); --console-socket with a python receiver; hooks
# with the state on stdin; seccomp, masked and read-only paths, devices,
# umask; bad input; the same bundle under Debian's runc where installed.
. "$CTBOX_SRC/tests/integration/tap.sh"
need_root
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" | grep -q 'statically linked' || plan_skip_all "no static busybox"
command -v python3 >/dev/null || plan_skip_all "no python3 (bundles are edited with it)"
"$CTBOX" --list | grep -qx oci || plan_skip_all "the oci applet is not in this build"

export CTBOX_RUNDIR="$T/run"
ROOT="$T/root"
R() { "$CTBOX" oci --root "$ROOT" "$@"; }
oci_cleanup() {
	for d in "$ROOT"/*/; do
		[ -d "$d" ] && R delete -f "$(basename "$d")" >/dev/null 2>&1
	done
	[ -n "${rr_root:-}" ] && command -v runc >/dev/null && runc --root "$rr_root" delete -f rr >/dev/null 2>&1
	[ -n "${recv_pid:-}" ] && kill "$recv_pid" 2>/dev/null
	true
}
at_exit oci_cleanup

# mkbundle DIR: a busybox rootfs and `oci spec`'s config.json (writable
# root, no terminal, `sleep 300`).
mkbundle() {
	r="$1/rootfs"
	mkdir -p "$r/bin" "$r/proc" "$r/sys" "$r/dev" "$r/etc" "$r/tmp"
	cp "$bb" "$r/bin/busybox"
	for l in sh sleep cat echo hostname id pwd mkdir ls env grep touch stat wc tty stty readlink; do
		ln -sf busybox "$r/bin/$l"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"
	R spec -b "$1" || return 1
	edit "$1" "c['process']['terminal'] = False; c['root']['readonly'] = False; c['process']['args'] = ['sleep', '300']"
}
. "$CTBOX_SRC/tests/integration/oci.sh"
spid() { R state "$1" 2>/dev/null | sed -n 's/.*"pid": \([0-9]*\).*/\1/p'; }
# Nothing of ID left: its directory, run dir, cgroups.
gone() {
	[ ! -e "$ROOT/$1" ] && ! ls -d "$CTBOX_RUNDIR"/*/"$1" >/dev/null 2>&1 &&
		! ls -d /sys/fs/cgroup/*/lxc.payload."$1" /sys/fs/cgroup/lxc.payload."$1" >/dev/null 2>&1
}

plan 101

B="$T/b1"
mkdir -p "$B"
ok "spec writes config.json" mkbundle "$B"
out=$(R spec -b "$B" 2>&1); rc=$?
ok "spec refuses to overwrite" [ $rc -ne 0 ]
like "$out" "config.json exists" "... saying so"
if command -v runc >/dev/null; then
	mkdir -p "$T/rs" "$T/rs2" && (cd "$T/rs" && runc spec) && R spec -b "$T/rs2"
	ok "spec is byte for byte runc's" cmp -s "$T/rs/config.json" "$T/rs2/config.json"
else
	skip "no runc here"
fi

# ---- the create/start split ----
R create -b "$B" --pid-file "$T/c1.pid" c1 </dev/null >"$T/c1.out" 2>&1
ok "create" [ $? -eq 0 ]
is "$(status c1)" created "state: created"
pid=$(spid c1)
is "$(cat "$T/c1.pid")" "$pid" "the pid file holds the process's host pid"
like "$(tr '\0' ' ' < "/proc/$pid/cmdline")" "oci" "the process waits before its exec (not sleep yet)"
R exec c1 true >/dev/null 2>&1
ok "exec into a created container is refused" [ $? -ne 0 ]
ok "start" R start c1
is "$(status c1)" running "state: running"
like "$(tr '\0' ' ' < "/proc/$pid/cmdline")" "^sleep 300" "the same process is now the container's command"
R state c1 > "$T/state.json"
ok "state is JSON with runc's fields" python3 -c "
import json, sys
s = json.load(open('$T/state.json'))
assert list(s) == ['ociVersion', 'id', 'pid', 'status', 'bundle', 'rootfs', 'created', 'owner'], list(s)
assert s['id'] == 'c1' and s['bundle'] == '$B' and s['rootfs'] == '$B/rootfs'"
out=$(R start c1 2>&1)
like "$out" "cannot start an already running container" "a second start is refused"

# ---- exec ----
is "$(R exec c1 hostname)" runc "exec: the spec's host name"
is "$(R exec --env FOO=bar c1 sh -c 'echo $FOO')" bar "exec --env"
is "$(R exec c1 sh -c 'echo $TERM')" xterm "exec: process.env"
is "$(R exec --cwd /tmp c1 pwd)" /tmp "exec --cwd"
is "$(R exec --user 1000:1001 c1 sh -c 'echo $(id -u):$(id -g)')" 1000:1001 "exec --user"
R exec c1 sh -c 'exit 5'
is $? 5 "exec passes the exit status on"
echo '{"user": {"uid": 0, "gid": 0}, "args": ["sh", "-c", "echo from-process $X"], "env": ["X=y"], "cwd": "/"}' > "$T/proc.json"
is "$(R exec --process "$T/proc.json" c1)" "from-process y" "exec --process FILE"

# ---- ps, events, pause, resume ----
like "$(R ps -f json c1)" "^\[([0-9]+,)*$pid(,[0-9]+)*\]$" "ps --format json: the pids"
like "$(R ps c1)" "sleep 300" "ps: ps -ef's lines of the container"
ok "events --stats: one JSON object" sh -c "'$CTBOX' oci --root '$ROOT' events --stats c1 | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"type\"]==\"stats\" and d[\"data\"][\"pids\"][\"current\"]>=1'"
ok "pause" R pause c1
is "$(status c1)" paused "state: paused"
R exec c1 true >/dev/null 2>&1
ok "no exec while paused" [ $? -ne 0 ]
ok "resume" R resume c1
is "$(status c1)" running "state: running again"

# ---- kill, delete ----
out=$(R delete c1 2>&1); rc=$?
ok "delete of a running container is refused" [ $rc -ne 0 ]
like "$out" "cannot delete container c1 that is not stopped: running" "... as runc says it"
ok "kill KILL" R kill c1 KILL
ok "state: stopped" wait_status c1 stopped
out=$(R start c1 2>&1)
like "$out" "cannot start a container that has stopped" "start of a stopped container is refused"
ok "delete" R delete c1
ok "nothing left (state dir, run dir, cgroups)" gone c1
out=$(R state c1 2>&1)
like "$out" "container does not exist" "state of a deleted container"

# ---- run ----
R run -d -b "$B" d1 </dev/null >/dev/null 2>&1
is "$(status d1)" running "run -d: running"
ok "delete --force of a running container" R delete --force d1
ok "... nothing left" gone d1
edit "$B" "c['process']['args'] = ['sh', '-c', 'echo out; echo err >&2; read x; echo got \$x; exit 7']"
echo hello | R run -b "$B" f1 > "$T/f1.out" 2> "$T/f1.err"
is $? 7 "run: the process's exit status"
is "$(cat "$T/f1.out")" "out
got hello" "run: stdin and stdout passed through"
is "$(cat "$T/f1.err")" err "run: stderr passed through"
ok "run: the container is deleted when its process exits" gone f1
edit "$B" "c['process']['args'] = ['sleep', '300']"
R run -b "$B" f2 </dev/null >/dev/null 2>&1 &
i=0; while [ "$(status f2)" != running ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
R kill f2 9
wait $!
is $? 137 "run: 128+N when the process is killed by a signal"

# ---- six containers (the reference workflow) ----
n=1
while [ $n -le 6 ]; do
	mkbundle "$T/six$n" && R create -b "$T/six$n" "six$n" </dev/null >/dev/null 2>&1 && R start "six$n"
	n=$((n + 1))
done
is "$(R list | grep -c '^six[1-6] .* running ')" 6 "six containers running, listed"
ok "list --format json" sh -c "'$CTBOX' oci --root '$ROOT' list --format json | python3 -c 'import json,sys; l=json.load(sys.stdin); assert sorted(c[\"id\"] for c in l if c[\"status\"]==\"running\")==[\"six%d\"%i for i in range(1,7)]'"
all=""
for n in 1 2 3 4 5 6; do all="$all$(R exec "six$n" hostname)"; done
is "$all" runcruncruncruncruncrunc "exec into each"
R exec -d six1 sleep 300 </dev/null >/dev/null 2>&1
i=0; while [ "$(R ps -f json six1 | tr ',' '\n' | wc -l)" -lt 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ok "kill --all SIGKILL" R kill --all six1 SIGKILL
for n in 2 3 4 5 6; do R kill "six$n" KILL; done
for n in 1 2 3 4 5 6; do wait_status "six$n" stopped && R delete "six$n"; done
is "$(R list -q)" "" "all six killed and deleted"

# ---- --console-socket ----
B3="$T/b3"
mkdir -p "$B3" && mkbundle "$B3"
edit "$B3" "c['process']['terminal'] = True; c['process']['consoleSize'] = {'height': 33, 'width': 99}; c['process']['args'] = ['sh', '-c', 'stty size; [ -t 0 ] && echo isatty; echo TTYDONE; sleep 300']"
cat > "$T/recv.py" <<'EOF'
import array, os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(1)
s.settimeout(60)
c, _ = s.accept()
fds = array.array('i')
msg, anc, _, _ = c.recvmsg(1024, socket.CMSG_LEN(fds.itemsize))
for lvl, typ, data in anc:
    if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
        fds.frombytes(data[:fds.itemsize])
buf, end = b'', time.time() + 30
while time.time() < end and b'TTYDONE' not in buf:
    d = os.read(fds[0], 4096)
    if not d:
        break
    buf += d
open(sys.argv[2], 'wb').write(msg + b'\n' + buf)
EOF
python3 "$T/recv.py" "$T/cs.sock" "$T/cs.out" &
recv_pid=$!
i=0; while [ ! -S "$T/cs.sock" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
R run -d -b "$B3" --console-socket "$T/cs.sock" t1 </dev/null >/dev/null 2>&1
ok "run -d --console-socket" [ $? -eq 0 ]
wait $recv_pid
recv_pid=""
out=$(tr -d '\r' < "$T/cs.out" 2>/dev/null)
like "$out" "^/dev/ptmx" "the pty master arrives over SCM_RIGHTS"
like "$out" "33 99" "with process.consoleSize"
like "$out" "isatty" "the process's stdin is the terminal"
R delete -f t1
R run -d -b "$B" e1 </dev/null >/dev/null 2>&1
python3 "$T/recv.py" "$T/cs2.sock" "$T/cs2.out" &
recv_pid=$!
i=0; while [ ! -S "$T/cs2.sock" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
R exec -t -d --console-socket "$T/cs2.sock" e1 sh -c 'tty; echo TTYDONE; sleep 5' </dev/null >/dev/null 2>&1
ok "exec -t -d --console-socket" [ $? -eq 0 ]
wait $recv_pid
recv_pid=""
like "$(tr -d '\r' < "$T/cs2.out" 2>/dev/null | tr '\n' ' ')" "^/dev/ptmx /dev/pts/[0-9]+ TTYDONE" "exec: a pty of the container's devpts arrives"
R delete -f e1
out=$(R run -d -b "$B3" t2 2>&1 </dev/null); rc=$?
ok "terminal without --console-socket is refused" [ $rc -ne 0 ]
like "$out" "cannot allocate tty" "... as runc says it"
ok "... nothing left" gone t2

# ---- hooks ----
B4="$T/b4"
mkdir -p "$B4" && mkbundle "$B4"
edit "$B4" "
def h(n): return {'path': '/bin/sh', 'args': ['sh', '-c', 'cat > $T/hook.' + n + '; echo \"\$X\" >> $T/hook.' + n], 'env': ['X=env-' + n]}
c['hooks'] = {k: [h(k)] for k in ['prestart', 'createRuntime', 'createContainer', 'poststart', 'poststop']}
c['hooks']['startContainer'] = [{'path': '/bin/sh', 'args': ['sh', '-c', 'cat > /tmp/hook.startContainer; hostname >> /tmp/hook.startContainer']}]"
R create -b "$B4" h1 </dev/null >/dev/null 2>&1
like "$(cat "$T/hook.prestart" 2>&1)" '"id":"h1","status":"created","pid":[1-9]' "prestart: the state on stdin"
like "$(cat "$T/hook.createRuntime" "$T/hook.createContainer" 2>&1 | grep -c env-create)" 2 "createRuntime, createContainer: their env"
R start h1
like "$(cat "$B4/rootfs/tmp/hook.startContainer" 2>&1)" '"status":"created".*runc$' "startContainer: in the container"
like "$(cat "$T/hook.poststart" 2>&1)" '"status":"running"' "poststart after the start"
R delete -f h1
like "$(cat "$T/hook.poststop" 2>&1)" '"status":"stopped"' "poststop on delete"
edit "$B4" "c['hooks'] = {'prestart': [{'path': '/bin/sh', 'args': ['sh', '-c', 'exit 3']}]}"
out=$(R create -b "$B4" h2 2>&1 </dev/null); rc=$?
ok "a failing prestart hook fails the create" [ $rc -ne 0 ]
like "$out" "hooks.prestart\[0\].*status 3" "... naming the hook"
ok "... and nothing is left" gone h2

# ---- seccomp, masked and read-only paths, devices, umask ----
B5="$T/b5"
mkdir -p "$B5" && mkbundle "$B5"
edit "$B5" "
c['process']['args'] = ['sh', '-c', 'mkdir /tmp/x 2>&1; cat /proc/keys 2>&1 | wc -c; ls /sys/firmware | wc -l; echo x 2>&1 > /proc/sys/kernel/domainname; grep -c \" /proc/sys proc ro\" /proc/mounts; stat -c %t:%T /dev/mynull; umask']
c['process']['user']['umask'] = 0o27
c['linux']['seccomp'] = {'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [{'names': ['mkdir', 'mkdirat'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 13}]}
c['linux']['devices'] = [{'path': '/dev/mynull', 'type': 'c', 'major': 1, 'minor': 3, 'fileMode': 438}]"
out=$(R run -b "$B5" s1 </dev/null 2>&1)
like "$out" "mkdir: can't create directory '/tmp/x': Permission denied" "seccomp: linux.seccomp's errnoRet"
like "$out" "^0$" "maskedPaths: /dev/null over a file"
like "$out" "Read-only file system" "readonlyPaths: read-only"
like "$out" "^1$" "readonlyPaths: /proc/sys mounted read-only"
like "$out" "^1:3$" "linux.devices: the node"
like "$out" "^0027$" "process.user.umask"
# process.capabilities, for a user other than root: across the exec it
# keeps its ambient set, which it could only raise with the capability
# permitted and inheritable (one capset(2) sets those three).
B6="$T/b6"
mkdir -p "$B6" && mkbundle "$B6"
edit "$B6" "
c['process']['args'] = ['grep', '^Cap', '/proc/self/status']
c['process']['user'] = {'uid': 1000, 'gid': 1000}
c['process']['capabilities'] = {'bounding': ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'], 'permitted': ['CAP_CHOWN', 'CAP_KILL'], 'effective': ['CAP_CHOWN', 'CAP_KILL'], 'inheritable': ['CAP_KILL'], 'ambient': ['CAP_KILL']}"
out=$(R run -b "$B6" cap1 </dev/null 2>&1)
for f in Inh Prm Eff Amb; do
	like "$out" "Cap$f:[[:space:]]*0000000000000020" "process.capabilities: Cap$f is CAP_KILL (uid 1000, ambient)"
done
like "$out" "CapBnd:[[:space:]]*0000000000000421" "process.capabilities: the bounding set"
edit "$B5" "c['process']['args'] = ['sleep', '300']"
R run -d -b "$B5" s2 </dev/null >/dev/null 2>&1
out=$(R exec s2 mkdir /tmp/y 2>&1)
like "$out" "Permission denied" "seccomp: exec gets the container's filter"
R exec -d --pid-file "$T/s2.pid" s2 sh -c 'exit 3' </dev/null >/dev/null 2>&1
ok "exec -d: a pid file" [ -s "$T/s2.pid" ]
R delete -f s2

# ---- namespaces given by path ----
ns="ctbox_oci_$$"
if command -v ip >/dev/null && ip netns add "$ns" 2>/dev/null; then
	at_exit "ip netns del $ns 2>/dev/null"
	edit "$B5" "c.pop('hooks', None); c['linux'].pop('seccomp', None)
for n in c['linux']['namespaces']:
    if n['type'] == 'network': n['path'] = '/run/netns/$ns'
c['process']['args'] = ['readlink', '/proc/self/ns/net']"
	is "$(R run -b "$B5" n1 </dev/null 2>&1)" "$(ip netns exec "$ns" readlink /proc/self/ns/net)" "a network namespace joined by path"
else
	skip "no ip netns here"
fi
edit "$B5" "
for n in c['linux']['namespaces']:
    if n['type'] == 'pid': n['path'] = '/proc/1/ns/pid'"
out=$(R run -b "$B5" n2 </dev/null 2>&1)
like "$out" "linux.namespaces\[[0-9]\]: joining a pid namespace \(path\) is not supported" "a pid namespace path is refused by name"

# ---- linux.rootfsPropagation: the root mount's, inside ----
B8="$T/b8"
mkdir -p "$B8" && mkbundle "$B8" && ln -sf busybox "$B8/rootfs/bin/awk"
for p in rshared:shared: unbindable:unbindable rslave:master: private:-; do
	edit "$B8" "c['linux']['rootfsPropagation'] = '${p%%:*}'
c['process']['args'] = ['awk', '\$5 == \"/\" { for (i = 7; \$i != \"-\"; i++) printf \"%s \", \$i; print \"-\" }', '/proc/self/mountinfo']"
	# A slave needs a shared master: the runtime runs in a mount
	# namespace of its own whose / is shared.
	out=$(unshare -m sh -c 'mount --make-rshared / && "$@"' sh "$CTBOX" oci --root "$ROOT" run -b "$B8" "p-${p%%:*}" </dev/null 2>&1)
	like "$out" "${p#*:}" "rootfsPropagation ${p%%:*}: the root is ${p#*:}"
done

# ---- as runtime-tools' validation suite drives it (make check-oci-validation) ----
# /sys listed after /dev, as its generate.New writes the mounts: mounted
# in the spec's order, /dev with the spec's source; options after the ID.
B7="$T/b7"
mkdir -p "$B7" && mkbundle "$B7" && ln -sf busybox "$B7/rootfs/bin/awk"
edit "$B7" "c['mounts'] = [m for m in c['mounts'] if m['destination'] != '/sys/fs/cgroup']
c['process']['args'] = ['awk', '{ for (i = 7; i < NF; i++) if (\$i == \"-\") print \$5, \$(i + 1), \$(i + 2) }', '/proc/self/mountinfo']"
out=$(R run -b "$B7" m1 </dev/null 2>&1 | grep -E '^/(proc|dev|dev/pts|dev/shm|dev/mqueue|sys) ' | tr '\n' ' ')
is "$out" "/proc proc proc /dev tmpfs tmpfs /dev/pts devpts devpts /dev/shm tmpfs shm /dev/mqueue mqueue mqueue /sys sysfs sysfs " \
	"mounts in the spec's order (/sys after /dev), each with its type and source"
edit "$B7" "c['process']['args'] = ['sleep', '300']"
R create -b "$B7" o1 --pid-file "$T/o1.pid" </dev/null >/dev/null 2>&1
is "$(cat "$T/o1.pid" 2>&1)" "$(spid o1)" "create ID --pid-file F: options after the ID, as runc takes them"
st=$(status o1)
R delete o1 --force
ok "delete ID --force" sh -c "[ '$st' = created ] && [ ! -e '$ROOT/o1' ]"

# ---- bad input ----
out=$(R create -b "$T/nonexistent" x1 2>&1); rc=$?
ok "a missing bundle is refused" [ $rc -ne 0 ]
like "$out" "nonexistent" "... naming it"
R create -b "$B" x2 </dev/null >/dev/null 2>&1
out=$(R create -b "$B" x2 2>&1 </dev/null)
like "$out" "container with id exists: x2" "a duplicate id is refused"
R delete -f x2 >/dev/null 2>&1
B6="$T/b6"
mkdir -p "$B6" && mkbundle "$B6"
edit "$B6" "c['process']['args'] = 'sleep'"
out=$(R create -b "$B6" x3 2>&1 </dev/null)
like "$out" "process.args" "a config.json with a wrong type: the JSON path"
python3 -c "print('{\"ociVersion\": \"1.0.2\", \"x\": ' + '[' * 5000 + ']' * 5000 + '}')" > "$B6/config.json"
out=$(R create -b "$B6" x4 2>&1 </dev/null); rc=$?
ok "deep nesting is refused" [ $rc -ne 0 ]
out=$(R create -b "$B" ../x5 2>&1 </dev/null)
like "$out" "invalid id" "an id with a slash is refused"
out=$(R --systemd-cgroup list 2>&1)
like "$out" "systemd-cgroup: not supported" "--systemd-cgroup is refused clearly"
mkdir -p "$ROOT/half"
ok "delete --force clears a half-made container (no state.json)" sh -c "'$CTBOX' oci --root '$ROOT' delete -f half && [ ! -e '$ROOT/half' ]"
ok "nothing left of the bad ones" sh -c "! ls '$ROOT' | grep -q ."
R --log "$T/log.json" --log-format json state nosuch 2>/dev/null
ok "--log-format json: the error as a JSON line" python3 -c "
import json
l = json.loads(open('$T/log.json').readline())
assert l['level'] == 'error' and l['msg'] == 'container does not exist'"

# ---- side by side with runc ----
if command -v runc >/dev/null; then
	edit "$B" "c['process']['args'] = ['sh', '-c', 'hostname; id; grep Cap /proc/self/status; exit 3']"
	rr_root="$T/runc"
	(cd "$B" && runc --root "$rr_root" run rr </dev/null > "$T/runc.out" 2>&1); rrc=$?
	R run -b "$B" rr </dev/null > "$T/ctbox.out" 2>&1; crc=$?
	ok "the same bundle under runc and ctbox: same output (hostname, uid, caps)" cmp -s "$T/runc.out" "$T/ctbox.out"
	is "$crc" "$rrc" "... and the same exit status"
else
	skip "no runc here"
	skip "no runc here"
fi
done_testing
