#!/bin/sh
# The OCI runtime-tools validation suite, replayed against runc and ctbox:
#
#   scripts/oci-validation.sh CTBOX PROBE OUTDIR   (make check-oci-validation)
#
# Debian ships runtime-tools only as Go libraries
# (golang-github-opencontainers-runtime-tools-dev: generate/, validate/;
# not validation/ nor cmd/runtimetest, and its source package is not on
# every mirror), so the validation programs cannot be built from Debian.
# What Debian does ship is used as the suite uses it: ocival
# (scripts/oci-validation/ocival.go, built here in GOPATH mode from Debian's
# golang packages) writes the suite's default config (generate.New) and
# validates bundles as `oci-runtime-tool validate` does. Each p_NAME below
# replays the checks of runtime-tools' validation/NAME program the way it
# drives a runtime (a bundle whose root is ".", create/start/state/kill/
# delete with the runtime's CLI, the inside checked by a script where the
# suite puts runtimetest). Every program runs against runc and against
# ctbox (a wrapper running `ctbox oci`), each with a private state root;
# the table at the end gives pass/fail/skip per program and runtime.
# Exit 1 when ctbox fails a check runc passes, 2 when the tools are missing.
set -u

[ $# = 3 ] || { echo "usage: $0 CTBOX PROBE OUTDIR" >&2; exit 2; }
CTBOX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROBE=$2
OUTDIR=$3
SRC=$(cd "$(dirname "$0")/.." && pwd)
GOLIBS=/usr/share/gocode/src/github.com/opencontainers

say() { printf 'oci-validation: %s\n' "$*" >&2; }

# ---- tools: Debian's golang packages, runc, a static busybox ----
[ "$(id -u)" = 0 ] || { say "needs root (it runs containers)"; exit 2; }
[ -d "$GOLIBS/runtime-tools/generate" ] && [ -d "$GOLIBS/runtime-spec/schema" ] ||
	"$SRC/scripts/need.sh" -f go:golang-go generate:golang-github-opencontainers-runtime-tools-dev \
		schema:golang-github-opencontainers-specs-dev || exit 2
"$SRC/scripts/need.sh" go:golang-go runc:runc python3:python3 || exit 2
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" | grep -q 'statically linked' ||
	"$SRC/scripts/need.sh" -f busybox:busybox-static || exit 2
bb=$(command -v busybox)

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
t0=$(date +%s)
(cd "$SRC/scripts/oci-validation" &&
	GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$OUTDIR/gocache" GOFLAGS='' \
	go build -o "$OUTDIR/ocival" .) || { say "building ocival failed"; exit 2; }
say "ocival built in $(($(date +%s) - t0)) s"

W=$(mktemp -d /tmp/oci-validation.XXXXXX)
cleanup() {
	for s in "$W"/state-*/; do
		[ -d "$s" ] || continue
		rt=$(basename "$s"); rt=${rt#state-}
		for c in "$s"*/; do
			[ -d "$c" ] && "$W/bin/$rt" delete -f "$(basename "$c")" >/dev/null 2>&1
		done
	done
	for n in "$W"/netns-*; do
		[ -e "$n" ] && umount "$n" 2>/dev/null
	done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
# Open to all: the user and user-namespace programs run as other uids.
chmod 755 "$W"
mkdir -p "$W/bin" "$W/res"

# The runtimes, each with its private state root (the suite runs them
# with their default one: the wrapper is what RUNTIME= names).
printf '#!/bin/sh\nexec %s --root %s "$@"\n' "$(command -v runc)" "$W/state-runc" > "$W/bin/runc"
printf '#!/bin/sh\nCTBOX_RUNDIR=%s exec %s oci --root %s "$@"\n' "$W/run-ctbox" "$CTBOX" "$W/state-ctbox" \
	> "$W/bin/ctbox"
chmod +x "$W/bin/runc" "$W/bin/ctbox"

# ---- helpers for the programs (RT: the runtime's wrapper, P: the program) ----
n_id=0
# newid: a fresh container ID (the suite uses UUIDs).
newid() { n_id=$((n_id + 1)); ID="v$$-$P-$n_id"; }
rt() { "$RT" "$@"; }
rec() { printf '%s|%s\n' "$1" "$2" >> "$RES"; }
# ok DESC CMD...: the check passes when CMD succeeds.
ok() {
	d=$1; shift
	if "$@" >"$W/ok.out" 2>&1; then
		rec ok "$d"
	else
		rec fail "$d"
		echo "failed: $d: $*"; sed 's/^/  /' "$W/ok.out"
	fi
}
skip() { rec skip "$1 ($2)"; }
# bundle [ARGS...]: a fresh bundle $B whose root is "." (the suite's
# GetDefaultGenerator): busybox, config.json from generate.New, process
# ARGS (default true).
bundle() {
	[ $# -gt 0 ] || set -- true
	B=$(mktemp -d "$W/b.XXXXXX")
	chmod 755 "$B"  # the root, for process.user's uid too
	mkdir -p "$B/bin" "$B/proc" "$B/sys" "$B/dev" "$B/etc" "$B/tmp"
	cp "$bb" "$B/bin/busybox"
	for l in sh cat ls sleep touch echo true false id hostname grep stat readlink wc test mount; do
		ln -s busybox "$B/bin/$l"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' > "$B/etc/passwd"
	"$OUTDIR/ocival" spec "$@" > "$B/config.json" && edit "c['root']['path'] = '.'"
}
# edit PYTHON: change c, $B's config.json.
edit() {
	python3 - "$B/config.json" "$1" <<'EOF'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
exec(sys.argv[2])
json.dump(c, open(p, 'w'), indent=1)
EOF
}
status() { rt state "$1" 2>/dev/null | sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p'; }
spid() { rt state "$1" 2>/dev/null | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p'; }
# wait_status ID STATUS: up to 10 s, as the suite's WaitingForStatus.
wait_status() {
	i=0
	while [ "$(status "$1")" != "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(status "$1")" = "$2" ]
}
# create ID [OPTIONS]: create from $B with stdio in files (as the suite's Create).
create() {
	c=$1; shift
	rt create "$@" --bundle "$B" "$c" </dev/null >"$W/out.$c" 2>"$W/err.$c"
}
clean() { rt kill "$1" KILL >/dev/null 2>&1; wait_status "$1" stopped; rt delete "$1" >/dev/null 2>&1; }
# inside: create, start, wait for the process to stop, delete; its
# stdout in $W/out.$ID. Fails when any step does.
inside() {
	newid
	create "$ID" || { cat "$W/err.$ID" >&2; return 1; }
	rt start "$ID" || { clean "$ID"; return 1; }
	wait_status "$ID" stopped
	r=$?
	clean "$ID"
	return $r
}
has() { grep -qxF -- "$1" "$W/out.$ID"; }
# ins SCRIPT: run a shell script as the container's process (run with inside).
ins() { edit "c['process']['args'] = ['sh', '-c', '''$1''']"; }

# ---- the programs (runtime-tools validation/NAME) ----

# default: runtimetest's checks on generate.New's config.
p_default() {
	bundle sh /check.sh
	cat > "$B/check.sh" <<'EOF'
echo "hostname=$(hostname)"
echo "cwd=$(pwd)"
echo "id=$(id -u):$(id -g)"
echo "path=$PATH"
echo "term=$TERM"
grep '^Cap' /proc/self/status | sed 's/:[[:space:]]*/=/'
echo "nofile=$(ulimit -Sn):$(ulimit -Hn)"
for l in /dev/fd /dev/stdin /dev/stdout /dev/stderr /dev/ptmx /dev/core; do
	[ -L $l ] && echo "link $l=$(readlink $l)"
done
for d in null zero full random urandom tty; do
	[ -c /dev/$d ] && echo "dev $d=$(stat -c '%t:%T %a' /dev/$d)"
done
touch /rootfs-writable && echo writable=yes
sed 's/^/mi=/' /proc/self/mountinfo
EOF
	if ! inside; then
		rec fail "the container runs"
		return
	fi
	rec ok "the container runs"
	ok "hostname" has "hostname=mrsdalloway"
	ok "process.cwd" has "cwd=/"
	ok "process.user" has "id=0:0"
	ok "process.env PATH" has "path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	ok "process.env TERM" has "term=xterm"
	for s in CapInh CapPrm CapEff CapBnd CapAmb; do
		ok "process.capabilities ($s)" has "$s=00000000a80425fb"
	done
	ok "process.rlimits RLIMIT_NOFILE" has "nofile=1024:1024"
	ok "root.readonly false: the root is writable" has "writable=yes"
	for l in "fd=/proc/self/fd" "stdin=/proc/self/fd/0" "stdout=/proc/self/fd/1" "stderr=/proc/self/fd/2"; do
		ok "default symlink /dev/${l%%=*}" has "link /dev/$l"
	done
	ok "default symlink /dev/ptmx" grep -Eqx 'link /dev/ptmx=(/dev/)?pts/ptmx' "$W/out.$ID"
	for d in "null=1:3" "zero=1:5" "full=1:7" "random=1:8" "urandom=1:9" "tty=5:0"; do
		ok "default device /dev/${d%%=*}" has "dev ${d%%=*}=${d#*=} 666"
	done
	ok "mounts: each one, in order, type and source" python3 - "$B/config.json" "$W/out.$ID" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
mi = [l.split()[1:] for l in open(sys.argv[2]) if l.startswith('mi=')]
got = []
for f in mi:
    sep = f.index('-')
    got.append((f[3], f[sep + 1], f[sep + 2]))
last = -1
for m in c['mounts']:
    want = (m['destination'], m['type'], m['source'])
    idx = [i for i, g in enumerate(got) if g == want]
    assert idx, 'missing %s (have %s)' % (want, got)
    assert idx[-1] > last, 'out of order: %s' % (want,)
    last = idx[-1]
EOF
}

# spec_validate (oci-runtime-tool validate, not a validation program):
# the runtime's `spec` is a valid bundle config.
p_spec_validate() {
	B=$(mktemp -d "$W/b.XXXXXX")
	mkdir "$B/rootfs"
	(cd "$B" && rt spec)
	ok "spec writes a config that oci-runtime-tool validate accepts" "$OUTDIR/ocival" validate "$B"
}

# create: an ID is required, create makes a container, IDs are unique.
p_create() {
	bundle ls
	newid
	ok "create MUST generate an error if the ID is not provided" sh -c '! "$0" create --bundle "$1" </dev/null' "$RT" "$B"
	ok "create MUST create a new container" create "$ID"
	ok "'state' MUST return the state of a container" eval '[ "$(rt state "$ID" | sed -n "s/.*\"id\": *\"\(.*\)\".*/\1/p")" = "$ID" ]'
	ok "create MUST generate an error if the ID provided is not unique" sh -c '! "$0" create --bundle "$1" "$2" </dev/null' "$RT" "$B" "$ID"
	clean "$ID"
}

# start: errors without an ID or for an unknown one; runs the process; a
# second start fails.
p_start() {
	bundle sh -c 'echo started > /output'
	newid
	ok "start MUST generate an error without an ID" sh -c '! "$0" start' "$RT"
	ok "start MUST generate an error for a container that does not exist" sh -c '! "$0" start "$1"' "$RT" "$ID"
	create "$ID"
	ok "the process MUST NOT run before start" [ ! -e "$B/output" ]
	ok "start MUST run the user-specified program" sh -c '"$0" start "$1" && i=0 && while [ ! -s "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; [ -s "$2" ]' "$RT" "$ID" "$B/output"
	wait_status "$ID" stopped
	ok "start of a stopped container MUST generate an error" sh -c '! "$0" start "$1"' "$RT" "$ID"
	clean "$ID"
}

# state: its JSON and the statuses created, running, stopped.
p_state() {
	bundle sleep 30
	newid
	ok "state MUST generate an error for a container that does not exist" sh -c '! "$0" state "$1"' "$RT" "$ID"
	create "$ID"
	ok "state after create: created" [ "$(status "$ID")" = created ]
	rt state "$ID" > "$W/state.json" 2>/dev/null
	ok "state: ociVersion, id, status, pid, bundle (absolute)" python3 - "$W/state.json" "$ID" "$B" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s['ociVersion'] and s['id'] == sys.argv[2] and s['pid'] > 0
assert s['bundle'] == sys.argv[3]
EOF
	rt start "$ID"
	ok "state after start: running" wait_status "$ID" running
	rt kill "$ID" KILL
	ok "state after the process exits: stopped" wait_status "$ID" stopped
	clean "$ID"
}

# kill: errors without an ID or for an unknown one; signals a created and
# a running container.
p_kill() {
	bundle sh -c "trap 'exit 0' TERM; sleep 30 & wait \$!"
	newid
	ok "kill MUST generate an error without an ID" sh -c '! "$0" kill' "$RT"
	ok "kill MUST generate an error for a container that does not exist" sh -c '! "$0" kill "$1" KILL' "$RT" "$ID"
	create "$ID"
	ok "kill of a created container MUST send the signal" sh -c '"$0" kill "$1" KILL' "$RT" "$ID"
	ok "... which stops it" wait_status "$ID" stopped
	clean "$ID"
	newid
	create "$ID" && rt start "$ID"
	wait_status "$ID" running
	ok "kill of a running container (TERM by default)" rt kill "$ID"
	ok "... which stops it" wait_status "$ID" stopped
	clean "$ID"
}

# killsig: the named signal reaches the process.
p_killsig() {
	for sig in TERM USR1 USR2; do
		bundle sh -c "trap 'touch /$sig' $sig; sleep 10 & wait \$!"
		newid
		create "$ID" && rt start "$ID" && wait_status "$ID" running && sleep 0.5 &&
			rt kill "$ID" "$sig" && wait_status "$ID" stopped
		ok "kill MUST send the specified signal ($sig)" [ -e "$B/$sig" ]
		clean "$ID"
	done
}

# kill_no_effect: kill of a stopped container errors and changes nothing.
p_kill_no_effect() {
	bundle true
	newid
	create "$ID" && rt start "$ID" && wait_status "$ID" stopped
	ok "kill of a stopped container MUST generate an error" sh -c '! "$0" kill "$1" KILL' "$RT" "$ID"
	ok "... and MUST have no effect" [ "$(status "$ID")" = stopped ]
	clean "$ID"
}

# delete: errors without an ID, for a created or running container (no
# effect); a stopped one goes.
p_delete() {
	bundle true
	newid
	ok "delete MUST generate an error without an ID" sh -c '! "$0" delete' "$RT"
	create "$ID"
	ok "delete of a created (not stopped) container MUST generate an error" sh -c '! "$0" delete "$1"' "$RT" "$ID"
	ok "... and MUST have no effect" rt state "$ID"
	clean "$ID"
	bundle sleep 30
	newid
	create "$ID" && rt start "$ID" && wait_status "$ID" running
	ok "delete of a running container MUST generate an error" sh -c '! "$0" delete "$1"' "$RT" "$ID"
	ok "... and MUST have no effect" [ "$(status "$ID")" = running ]
	rt kill "$ID" KILL; wait_status "$ID" stopped
	ok "delete of a stopped container" rt delete "$ID"
	ok "... after which state errors" sh -c '! "$0" state "$1"' "$RT" "$ID"
	clean "$ID"
}

# delete_resources: the container's cgroup is gone after delete.
p_delete_resources() {
	bundle sleep 30
	newid
	edit "c['linux']['cgroupsPath'] = '/$ID'; c['linux']['resources']['pids'] = {'limit': 100}"
	create "$ID" && rt start "$ID" && wait_status "$ID" running
	cg=$(find /sys/fs/cgroup -maxdepth 2 -type d -name "$ID" 2>/dev/null | head -n 1)
	ok "the cgroup of cgroupsPath exists while it runs" [ -n "$cg" ]
	clean "$ID"
	ok "delete MUST destroy the resources made by create" sh -c '! find /sys/fs/cgroup -maxdepth 2 -type d -name "$0" | grep -q .' "$ID"
}

# pidfile: create --pid-file writes the process's pid.
p_pidfile() {
	bundle sleep 30
	newid
	create "$ID" --pid-file "$W/pid.$ID"
	ok "create --pid-file: the container process's pid" [ "$(cat "$W/pid.$ID" 2>/dev/null)" = "$(spid "$ID")" ]
	clean "$ID"
}

# hook_json NAME FILE: a hook that saves its stdin (the state) to FILE.
hook() { printf "{'path': '/bin/sh', 'args': ['sh', '-c', 'cat > %s']}" "$1"; }
# hook_state FILE STATUS [PID]: FILE holds the state of $ID, status
# STATUS, the annotations of hooks_stdin and process PID.
hook_state() {
	python3 - "$1" "$ID" "$B" "$2" "${3:-}" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s['id'] == sys.argv[2] and s['bundle'] == sys.argv[3], s
assert s['status'] == sys.argv[4], s
assert s.get('annotations') == {'org.opencontainers.runtime-tools': 'hook stdin test'}, s
assert not sys.argv[5] or s['pid'] == int(sys.argv[5]), s
EOF
}

# hooks_stdin, prestart, poststart, poststop: each hook gets the state on
# its stdin, at its point of the lifecycle.
p_hooks_stdin() {
	bundle sleep 30
	newid
	edit "c['hooks'] = {'prestart': [$(hook "$W/h.pre.$ID")], 'poststart': [$(hook "$W/h.post.$ID")], 'poststop': [$(hook "$W/h.stop.$ID")]}; c['annotations'] = {'org.opencontainers.runtime-tools': 'hook stdin test'}"
	create "$ID" && pid=$(spid "$ID") && rt start "$ID" && wait_status "$ID" running
	sleep 1
	ok "prestart: the state on stdin (created)" hook_state "$W/h.pre.$ID" created "$pid"
	ok "poststart: the state on stdin (running)" hook_state "$W/h.post.$ID" running "$pid"
	clean "$ID"
	ok "poststop: the state on stdin (stopped)" hook_state "$W/h.stop.$ID" stopped
}
p_prestart() {
	bundle sh -c 'echo process >> /output'
	newid
	edit "c['hooks'] = {'prestart': [{'path': '/bin/sh', 'args': ['sh', '-c', 'echo pre >> $B/output']}]}"
	create "$ID" && rt start "$ID" && wait_status "$ID" stopped
	ok "prestart hooks MUST be called before the process" [ "$(cat "$B/output" 2>/dev/null | tr '\n' ' ')" = "pre process " ]
	clean "$ID"
}
p_poststart() {
	bundle sh -c 'echo process >> /output; sleep 2'
	newid
	edit "c['hooks'] = {'poststart': [{'path': '/bin/sh', 'args': ['sh', '-c', 'sleep 0.5; echo post >> $B/output']}]}"
	create "$ID" && rt start "$ID" && wait_status "$ID" stopped
	ok "poststart hooks MUST be called after the process starts" [ "$(cat "$B/output" 2>/dev/null | tr '\n' ' ')" = "process post " ]
	clean "$ID"
}
p_poststop() {
	bundle true
	newid
	edit "c['hooks'] = {'poststop': [{'path': '/bin/sh', 'args': ['sh', '-c', 'echo stop >> $B/output']}]}"
	create "$ID" && rt start "$ID" && wait_status "$ID" stopped
	ok "poststop hooks MUST NOT run before delete" [ ! -e "$B/output" ]
	rt delete "$ID"
	ok "poststop hooks MUST be called after the container is deleted" [ "$(cat "$B/output" 2>/dev/null)" = stop ]
	clean "$ID"
}
# *_fail: a failing prestart stops the lifecycle; a failing poststart or
# poststop is a warning only.
p_prestart_fail() {
	bundle sh -c 'echo process > /output'
	newid
	edit "c['hooks'] = {'prestart': [{'path': '$B/bin/busybox', 'args': ['false']}]}"
	if create "$ID"; then rt start "$ID"; fi
	sleep 1
	ok "a failing prestart hook MUST stop the container's process from running" [ ! -e "$B/output" ]
	clean "$ID"
}
p_poststart_fail() {
	bundle sh -c 'echo process > /output'
	newid
	edit "c['hooks'] = {'poststart': [{'path': '$B/bin/busybox', 'args': ['false']}]}"
	create "$ID" && rt start "$ID"
	wait_status "$ID" stopped
	ok "a failing poststart hook MUST NOT stop the process" [ "$(cat "$B/output" 2>/dev/null)" = process ]
	clean "$ID"
}
p_poststop_fail() {
	bundle true
	newid
	edit "c['hooks'] = {'poststop': [{'path': '$B/bin/busybox', 'args': ['false']}]}"
	create "$ID" && rt start "$ID" && wait_status "$ID" stopped
	rt delete "$ID" >/dev/null 2>&1
	ok "a failing poststop hook MUST NOT stop delete" sh -c '! "$0" state "$1"' "$RT" "$ID"
	clean "$ID"
}

# hostname
p_hostname() {
	bundle hostname
	edit "c['hostname'] = 'hostname-specific'"
	inside
	ok "hostname is set" has hostname-specific
}

# process: args, cwd, env.
p_process() {
	bundle
	mkdir -p "$B/aa"
	edit "c['process']['cwd'] = '/aa'; c['process']['env'].append('abc=123')"
	ins 'echo "cwd=$(pwd) abc=$abc"'
	inside
	ok "process.cwd and process.env" has "cwd=/aa abc=123"
}

# process_user: uid, gid, additionalGids.
p_process_user() {
	bundle
	edit "c['process']['user'] = {'uid': 10, 'gid': 10, 'additionalGids': [5]}"
	ins 'echo "id=$(id -u):$(id -g) $(grep ^Groups /proc/self/status)"'
	inside
	ok "process.user uid, gid and additionalGids" grep -Eqx 'id=10:10 Groups:[[:space:]]*5[[:space:]]*' "$W/out.$ID"
}

# process_rlimits, process_oom_score_adj
p_process_rlimits() {
	bundle
	# Below this shell's hard limit: raising it takes CAP_SYS_RESOURCE,
	# which the runtime may not have (inside a CI container).
	python3 -c 'import resource, sys; h = resource.getrlimit(resource.RLIMIT_NOFILE)[1]; sys.exit(0 <= h < 1000)' ||
		{ skip "process.rlimits" "a hard RLIMIT_NOFILE under 1000 here"; return; }
	edit "c['process']['rlimits'] = [{'type': 'RLIMIT_NOFILE', 'hard': 1000, 'soft': 500}, {'type': 'RLIMIT_CORE', 'hard': 4096, 'soft': 2048}]"
	ins 'grep -E "^Max (open files|core file size)" /proc/self/limits'
	inside
	ok "process.rlimits RLIMIT_NOFILE" grep -Eq '^Max open files +500 +1000 ' "$W/out.$ID"
	ok "process.rlimits RLIMIT_CORE" grep -Eq '^Max core file size +2048 +4096 ' "$W/out.$ID"
}
p_process_oom_score_adj() {
	bundle cat /proc/self/oom_score_adj
	edit "c['process']['oomScoreAdj'] = 500"
	inside
	ok "process.oomScoreAdj" has 500
}

# process_capabilities: a reduced set; process_capabilities_fail: an
# unknown capability name MUST be an error.
p_process_capabilities() {
	bundle
	edit "
for k in ('bounding', 'effective', 'permitted', 'inheritable', 'ambient'):
    c['process']['capabilities'][k] = ['CAP_CHOWN', 'CAP_KILL']"
	ins 'grep ^CapBnd /proc/self/status; grep ^CapEff /proc/self/status'
	inside
	ok "process.capabilities bounding" grep -Eqx 'CapBnd:[[:space:]]*0000000000000021' "$W/out.$ID"
	ok "process.capabilities effective" grep -Eqx 'CapEff:[[:space:]]*0000000000000021' "$W/out.$ID"
}
p_process_capabilities_fail() {
	bundle true
	newid
	edit "c['process']['capabilities']['bounding'].append('CAP_TEST')"
	if create "$ID"; then rt start "$ID"; r=$?; else r=1; fi
	ok "an unknown capability MUST generate an error" [ $r -ne 0 ]
	clean "$ID"
}

# root_readonly_true
p_root_readonly_true() {
	bundle
	edit "c['root']['readonly'] = True"
	ins 'touch /x 2>/dev/null && echo rw || echo ro'
	inside
	ok "root.readonly: the root is read-only" has ro
}

# linux_masked_paths, linux_readonly_paths
p_linux_masked_paths() {
	bundle
	mkdir -p "$B/masked-dir"
	echo secret > "$B/masked-dir/f"
	echo secret > "$B/masked-file"
	edit "c['linux']['maskedPaths'] = ['/masked-dir', '/masked-file']"
	ins 'echo "dir=$(ls /masked-dir | wc -l) file=$(cat /masked-file | wc -c)"'
	inside
	ok "maskedPaths: a directory and a file masked" has "dir=0 file=0"
}
p_linux_readonly_paths() {
	bundle
	mkdir -p "$B/ro-dir"
	echo x > "$B/ro-file"
	edit "c['linux']['readonlyPaths'] = ['/ro-dir', '/ro-file']"
	ins 'touch /ro-dir/x 2>/dev/null && echo dir-rw || echo dir-ro; echo y 2>/dev/null > /ro-file && echo file-rw || echo file-ro'
	inside
	ok "readonlyPaths: a directory" has dir-ro
	ok "readonlyPaths: a file" has file-ro
}

# linux_sysctl
p_linux_sysctl() {
	bundle cat /proc/sys/net/ipv4/ip_forward
	edit "c['linux']['sysctl'] = {'net.ipv4.ip_forward': '1'}"
	inside
	ok "linux.sysctl net.ipv4.ip_forward" has 1
}

# linux_devices: a device node from linux.devices.
p_linux_devices() {
	bundle
	edit "c['linux']['devices'] = [{'path': '/dev/test-null', 'type': 'c', 'major': 1, 'minor': 3, 'fileMode': 432, 'uid': 0, 'gid': 0}]"
	ins 'stat -c "%F %t:%T %a" /dev/test-null'
	inside
	ok "linux.devices: the node, its numbers and mode" has "character special file 1:3 660"
}

# mounts: a bind and a tmpfs from mounts.
p_mounts() {
	bundle
	mkdir -p "$W/src.$$" "$B/bnd" "$B/tmp2"
	echo bound > "$W/src.$$/f"
	edit "c['mounts'] += [{'destination': '/bnd', 'type': 'bind', 'source': '$W/src.$$', 'options': ['rbind', 'ro']}, {'destination': '/tmp2', 'type': 'tmpfs', 'source': 'tmpfs', 'options': ['size=1m']}]"
	ins 'cat /bnd/f; grep " /tmp2 " /proc/self/mounts | cut -d" " -f3'
	inside
	ok "mounts: a bind mount" has bound
	ok "mounts: a tmpfs" has tmpfs
}

# linux_ns_itype: without a namespace entry the host's is kept; with one,
# a new one (linux_ns_nopath).
p_linux_ns_itype() {
	bundle sh -c 'for n in net ipc uts; do readlink /proc/self/ns/$n; done'
	edit "c['linux']['namespaces'] = [n for n in c['linux']['namespaces'] if n['type'] in ('pid', 'mount')]; del c['hostname']"
	inside
	for n in net ipc uts; do
		ok "no $n namespace entry: the runtime's $n namespace" has "$(readlink /proc/self/ns/$n)"
	done
}
p_linux_ns_nopath() {
	bundle sh -c 'for n in net ipc uts mnt pid; do readlink /proc/self/ns/$n; done'
	inside
	for n in net ipc uts mnt pid; do
		ok "a $n namespace without a path: a new one" sh -c 'grep -q "^$0:" "$1" && ! grep -qxF "$2" "$1"' \
			"$n" "$W/out.$ID" "$(readlink /proc/self/ns/$n)"
	done
}

# linux_ns_path: network, ipc and uts namespaces joined by path.
p_linux_ns_path() {
	command -v unshare >/dev/null || { skip "linux_ns_path" "no unshare"; return; }
	bundle sh -c 'for n in net ipc uts; do readlink /proc/self/ns/$n; done'
	for n in net ipc uts; do
		touch "$W/netns-$P-$n"
		unshare --"$n=$W/netns-$P-$n" true
	done
	edit "
for n in c['linux']['namespaces']:
    t = {'network': 'net', 'ipc': 'ipc', 'uts': 'uts'}.get(n['type'])
    if t: n['path'] = '$W/netns-$P-' + t"
	inside
	for n in net ipc uts; do
		ok "linux.namespaces $n path: joined" has "$(readlink "$W/netns-$P-$n" 2>/dev/null || stat -L -c "$n:[%i]" "$W/netns-$P-$n")"
	done
	for n in net ipc uts; do umount "$W/netns-$P-$n"; rm -f "$W/netns-$P-$n"; done
}

# linux_cgroups_*: resources written to the container's cgroup.
p_linux_cgroups_pids() { cg_check "'pids': {'limit': 1000}" pids.max 1000; }
p_linux_cgroups_memory() { cg_check "'memory': {'limit': 50593792}" memory.max:memory.limit_in_bytes 50593792; }
p_linux_cgroups_cpus() { cg_check "'cpu': {'shares': 1024, 'quota': 20000, 'period': 100000, 'cpus': '0'}" cpu.max:cpu.cfs_quota_us '20000 100000:20000'; }
# cg_check RESOURCES FILE[:V1FILE] WANT[:V1WANT]
cg_check() {
	bundle sleep 30
	newid
	edit "c['linux']['cgroupsPath'] = '/$ID'; c['linux']['resources'].update({$1})"
	create "$ID"
	pid=$(spid "$ID")
	f2=${2%%:*}; f1=${2#*:}; w2=${3%%:*}; w1=${3#*:}
	if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		got=$(cat "/sys/fs/cgroup$(sed -n 's/^0:://p' "/proc/$pid/cgroup" 2>/dev/null)/$f2" 2>/dev/null); want=$w2
	else
		ctl=${f1%%.*}
		got=$(cat "/sys/fs/cgroup/$ctl$(grep ":${ctl}[,:]" "/proc/$pid/cgroup" 2>/dev/null | cut -d: -f3)/$f1" 2>/dev/null); want=$w1
	fi
	ok "linux.resources in the cgroup ($f2/$f1)" [ "$got" = "$want" ]
	clean "$ID"
}

# linux_seccomp: a syscall refused with an errno (sync: one no runtime
# needs before the process's exec).
p_linux_seccomp() {
	bundle
	edit "c['linux']['seccomp'] = {'defaultAction': 'SCMP_ACT_ALLOW', 'architectures': ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'], 'syscalls': [{'names': ['sync'], 'action': 'SCMP_ACT_ERRNO'}]}"
	# sync is 162 on x86_64: the probe calls it raw.
	[ "$(uname -m)" = x86_64 ] || { skip "linux.seccomp" "the probe's call numbers are x86_64's"; return; }
	cp "$PROBE" "$B/probe"
	edit "c['process']['args'] = ['/probe', 'sys', '162']"
	inside
	ok "linux.seccomp: sync refused (EPERM)" grep -q 'ret=-1 errno=1' "$W/out.$ID"
}

# linux_rootfs_propagation: the root mount's propagation.
p_linux_rootfs_propagation() {
	for prop in shared slave private unbindable; do
		# The line of the mount point / (its root is the bundle's path).
		bundle grep -E '^[0-9]+ [0-9]+ [0-9]+:[0-9]+ [^ ]+ / ' /proc/self/mountinfo
		edit "c['linux']['rootfsPropagation'] = '$prop'"
		if inside; then
			case $prop in
			shared) ok "rootfsPropagation $prop" grep -q ' shared:' "$W/out.$ID" ;;
			slave) ok "rootfsPropagation $prop" grep -q ' master:' "$W/out.$ID" ;;
			private) ok "rootfsPropagation $prop" sh -c '! grep -Eq " (shared|master):" "$0"' "$W/out.$ID" ;;
			unbindable) ok "rootfsPropagation $prop" grep -q ' unbindable' "$W/out.$ID" ;;
			esac
		else
			rec fail "rootfsPropagation $prop"
		fi
	done
}

# linux_uid_mappings: a user namespace with uid and gid maps.
p_linux_uid_mappings() {
	bundle cat /proc/self/uid_map /proc/self/gid_map
	chown -R 100000:100000 "$B"
	edit "c['linux']['namespaces'].append({'type': 'user'}); c['linux']['uidMappings'] = [{'containerID': 0, 'hostID': 100000, 'size': 65536}]; c['linux']['gidMappings'] = [{'containerID': 0, 'hostID': 100000, 'size': 65536}]"
	inside
	ok "linux.uidMappings and gidMappings" [ "$(grep -Ec '^ *0 +100000 +65536$' "$W/out.$ID")" = 2 ]
}

# config_updates_without_affect: config.json changed after create does
# not change the container.
p_config_updates_without_affect() {
	bundle hostname
	newid
	edit "c['hostname'] = 'before'"
	create "$ID"
	edit "c['hostname'] = 'after'"
	rt start "$ID" && wait_status "$ID" stopped
	ok "config.json updated after create MUST NOT affect the container" grep -qx before "$W/out.$ID"
	clean "$ID"
}

# OCI_VALIDATION_PROGRAMS="NAME ...": only those.
PROGRAMS=${OCI_VALIDATION_PROGRAMS:-$(sed -n 's/^p_\([a-z_]*\)() {.*/\1/p' "$0")}

# ---- run every program against each runtime ----
t1=$(date +%s)
for r in runc ctbox; do
	for P in $PROGRAMS; do
		RT="$W/bin/$r"
		RES="$W/res/$r.$P"
		: > "$RES"
		( "p_$P" ) > "$W/log.$r.$P" 2>&1
		# A program that recorded nothing did not get to its checks.
		[ -s "$RES" ] || rec fail "the program ran"
		rm -rf "$W"/b.*
	done
done
say "programs run in $(($(date +%s) - t1)) s"

# ---- the table ----
count() { grep -c "^$1|" "$W/res/$2.$3"; }
printf '%-34s %-15s %-15s\n' program "runc p/f/s" "ctbox p/f/s"
for P in $PROGRAMS; do
	printf '%-34s %-15s %-15s\n' "$P" \
		"$(count ok runc "$P")/$(count fail runc "$P")/$(count skip runc "$P")" \
		"$(count ok ctbox "$P")/$(count fail ctbox "$P")/$(count skip ctbox "$P")"
done
printf '%-34s %-15s %-15s\n' total \
	"$(cat "$W"/res/runc.* | grep -c '^ok|')/$(cat "$W"/res/runc.* | grep -c '^fail|')/$(cat "$W"/res/runc.* | grep -c '^skip|')" \
	"$(cat "$W"/res/ctbox.* | grep -c '^ok|')/$(cat "$W"/res/ctbox.* | grep -c '^fail|')/$(cat "$W"/res/ctbox.* | grep -c '^skip|')"
worse=0
for P in $PROGRAMS; do
	while IFS= read -r line; do
		d=${line#*|}
		grep -qxF "ok|$d" "$W/res/runc.$P" || continue
		grep -qxF "ok|$d" "$W/res/ctbox.$P" && continue
		echo "ctbox fails where runc passes: $P: $d"
		worse=$((worse + 1))
	done < "$W/res/runc.$P"
done
for r in runc ctbox; do
	for P in $PROGRAMS; do
		grep -q '^fail|' "$W/res/$r.$P" || continue
		echo "# $r $P: $(grep '^fail|' "$W/res/$r.$P" | cut -d'|' -f2 | tr '\n' ';')"
		sed 's/^/#   /' "$W/log.$r.$P" | head -n 8
	done
done
[ "$worse" = 0 ] || { say "$worse check(s) ctbox fails that runc passes"; exit 1; }
exit 0
