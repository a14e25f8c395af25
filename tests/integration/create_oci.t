#!/bin/sh
# create -t oci: an OCI image layout built here (one tar+gzip layer holding
# the host's static busybox, an etc/passwd and etc/group) with Entrypoint,
# Cmd (words with quotes, backslashes, an empty one), Env (a value with
# blanks at its end), WorkingDir (with a space) and User "app:extra" set;
# made privileged (lxc-create) and unprivileged (bare create), started:
# the image's process runs as init with its arguments, directory, ids and
# environment, attach sees the same ids and environment, stop sends its
# StopSignal, execute runs lxc.execute.cmd (one that starts and ends with a
# quote too), destroy removes it. Bad layouts, tags, URLs, users and stop
# signals fail naming the problem and leave no container.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" create lxc-create destroy start stop attach info execute oci-image
command -v python3 >/dev/null || plan_skip_all "no python3 (layouts are built with it)"
plan 52

N="oci$$"
at_exit "for d in '$P'/*/; do [ -d \"\$d\" ] && '$CTBOX' destroy -f -P '$P' -n \"\$(basename \"\$d\")\" >/dev/null 2>&1; done"
echo "lxc.net.0.type = empty" > "$T/empty.conf"

# The layout: tags v1 (the long-running app), once (prints and exits),
# nouser (User names nobody the image knows).
PYTHONPATH="$CTBOX_SRC/tests/integration/lib" python3 - "$T/img" "$bb" <<'PY'
import sys
from ocilayout import Layout
d, bb = sys.argv[1:3]
img = Layout(d)
entries = [(p, "d", None, 0o755) for p in ("bin", "etc", "proc", "sys", "dev", "root", "home",
                                           "home/app", "srv", "srv/my app")]
entries += [("tmp", "d", None, 0o1777), ("bin/busybox", "f", open(bb, "rb").read(), 0o755)]
entries += [("bin/" + l, "l", "busybox", 0o755)
            for l in ("sh", "env", "id", "pwd", "sleep", "cat", "echo", "hostname", "readlink", "stat")]
entries += [("etc/passwd", "f", b"root:x:0:0:root:/root:/bin/sh\napp:x:1234:2345::/home/app:/bin/sh\n", 0o644),
            ("etc/group", "f", b"root:x:0:\napp:x:2345:\nextra:x:3456:app\n", 0o644),
            ("bin/run it", "f", b'#!/bin/sh\nprintf "%s|" "$@"; echo\n', 0o755)]
layer = img.layer(entries, mtime=1700000000)
script = ('{ pwd; id -u; id -g; printf "%s|" "$GREETING" "$HOME" "$0" "$1" "$2"; echo; } '
          '> /tmp/init.out; trap "echo stopped > /tmp/stopped; exit 0" USR1; sleep 1000 & wait')
common = {"Env": ["GREETING=hello  world  ", "PATH=/bin"], "WorkingDir": "/srv/my app",
          "User": "app:extra"}
cfgs = {
    "v1": dict(common, Entrypoint=["/bin/sh", "-c", script],
               Cmd=["it's", 'a "b" \\c', ""], StopSignal="SIGUSR1"),
    "once": dict(common, Entrypoint=["/bin/sh", "-c"],
                 Cmd=['echo "ran:$(id -u):$(id -g):$(pwd):$GREETING."']),
    "nouser": dict(common, Cmd=["/bin/true"], User="ghost"),
    "quoted": dict(common, Entrypoint=["/bin/run it"], Cmd=["a b", "x y"]),
    "badsig": dict(common, Cmd=["/bin/true"], StopSignal="SIGNOPE"),
}
for tag, c in cfgs.items():
    img.image(tag, c, [layer])
img.close()
PY
chmod -R a+rX "$T/img"

key() { sed -n "s/^$2 = //p" "$P/$1/config"; }
# wait_file PATH: until it has 4 lines (the init's report).
wait_file() {
	for i in $(seq 600); do
		[ -f "$1" ] && [ "$(wc -l < "$1")" = 4 ] && return 0
		sleep 0.1
	done
	return 1
}
WANT_INIT="/srv/my app
1234
3456
hello  world  |/home/app|it's|a \"b\" \\c||"

# ---- privileged: lxc-create ----
out=$("$CTBOX" lxc-create -P "$P" -n "${N}a" -t oci -f "$T/empty.conf" -- --layout "$T/img:v1" 2>&1)
is "$?" 0 "lxc-create -t oci ($out)"
ok "the image's files are in the rootfs" test -x "$P/${N}a/rootfs/bin/busybox"
is "$(key "${N}a" lxc.init.cmd)" "/bin/sh -c '{ pwd; id -u; id -g; printf \"%s|\" \"\$GREETING\" \"\$HOME\" \"\$0\" \"\$1\" \"\$2\"; echo; } > /tmp/init.out; trap \"echo stopped > /tmp/stopped; exit 0\" USR1; sleep 1000 & wait' \"it's\" 'a \"b\" \\c' ''" \
	"lxc.init.cmd: Entrypoint + Cmd, quoted"
is "$(key "${N}a" lxc.execute.cmd)" "$(key "${N}a" lxc.init.cmd)" "lxc.execute.cmd: the same"
is "$(key "${N}a" lxc.init.cwd)" "/srv/my app" "lxc.init.cwd: WorkingDir"
is "$(key "${N}a" lxc.init.uid):$(key "${N}a" lxc.init.gid)" "1234:3456" \
	"lxc.init.uid/gid: User app:extra from the image's passwd and group"
is "$(key "${N}a" lxc.environment)" "'GREETING=hello  world  '
PATH=/bin
HOME=/home/app" "lxc.environment: one per Env entry, blanks kept inside quotes; HOME the user's"
is "$(key "${N}a" lxc.uts.name)" "${N}a" "lxc.uts.name: the container's name"
is "$(key "${N}a" lxc.signal.halt)" SIGUSR1 "lxc.signal.halt: StopSignal"
is "$(cat "$P/${N}a/rootfs/etc/hostname")" "${N}a" "etc/hostname"
like "$(cat "$P/${N}a/rootfs/etc/hosts")" "127\.0\.1\.1	${N}a" "etc/hosts names it"
ok "no lxc.idmap: privileged" test -z "$(key "${N}a" lxc.idmap)"

out=$("$CTBOX" start -P "$P" -n "${N}a" 2>&1)
is "$?" 0 "start ($out)"
wait_file "$P/${N}a/rootfs/tmp/init.out"
is "$(cat "$P/${N}a/rootfs/tmp/init.out")" "$WANT_INIT" \
	"init: the image's process, its arguments split back exactly, cwd, uid, gid, Env"
is "$("$CTBOX" attach -P "$P" -n "${N}a" -- id -u):$("$CTBOX" attach -P "$P" -n "${N}a" -- id -g)" \
	"1234:3456" "attach -- id: the image's user"
is "$("$CTBOX" attach -P "$P" -n "${N}a" -- env | grep -E '^(GREETING|HOME|PATH)=' | sort)" \
	"GREETING=hello  world  
HOME=/home/app
PATH=/bin" "attach -- env: the image's Env, HOME the user's"
is "$("$CTBOX" attach -P "$P" -n "${N}a" -- readlink /proc/1/cwd)" "/srv/my app" \
	"attach -- readlink /proc/1/cwd: WorkingDir"
is "$("$CTBOX" attach -P "$P" -n "${N}a" -- hostname)" "${N}a" "attach -- hostname"
out=$("$CTBOX" stop -P "$P" -n "${N}a" -t 60 2>&1)
is "$?" 0 "stop ($out)"
is "$(state "${N}a")" STOPPED "STOPPED"
is "$(cat "$P/${N}a/rootfs/tmp/stopped" 2>&1)" stopped "stop sent StopSignal: the image's process ended itself"
out=$("$CTBOX" execute -P "$P" -n "${N}a" -- sh -c 'echo "$(id -u):$(pwd):$GREETING."' 2>&1 </dev/null)
is "$out" "1234:/srv/my app:hello  world  ." "execute -- CMD: the image's user, directory and Env"

# execute without a command runs lxc.execute.cmd (tag once: it exits).
out=$("$CTBOX" lxc-create -P "$P" -n "${N}e" -t oci -f "$T/empty.conf" -- --url "oci:$T/img:once" 2>&1)
is "$?" 0 "lxc-create -- --url oci:LAYOUT:TAG ($out)"
is "$(key "${N}e" lxc.signal.halt)" SIGTERM "no StopSignal: lxc.signal.halt = SIGTERM"
out=$("$CTBOX" execute -P "$P" -n "${N}e" 2>&1 </dev/null)
is "$out" "ran:1234:3456:/srv/my app:hello  world  ." "execute: lxc.execute.cmd, the image's Cmd"
# A command line that starts and ends with a quote: the config reader
# strips one pair, so the value goes inside one more.
"$CTBOX" lxc-create -P "$P" -n "${N}q" -t oci -f "$T/empty.conf" -- --layout "$T/img:quoted" 2>"$T/err"
is "$(key "${N}q" lxc.execute.cmd)" "''/bin/run it' 'a b' 'x y''" "lxc.execute.cmd: quoted, in one more pair"
is "$("$CTBOX" execute -P "$P" -n "${N}q" 2>&1 </dev/null)" "a b|x y|" "execute: its words come back exactly"

out=$("$CTBOX" destroy -P "$P" -n "${N}a" 2>&1)
is "$?" 0 "destroy ($out)"
ok "destroy: the directory is gone" test ! -e "$P/${N}a"

# ---- unprivileged: bare create ----
if [ -e /proc/self/uid_map ] && unshare -U true 2>/dev/null; then
	out=$("$CTBOX" create -P "$P" -n "${N}u" -t oci -f "$T/empty.conf" -- --layout "$T/img:v1" 2>&1)
	is "$?" 0 "bare create -t oci ($out)"
	B=$(sed -n 's/^lxc.idmap = u 0 \([0-9]*\) 65536$/\1/p' "$P/${N}u/config")
	like "$B" '^[0-9]+$' "lxc.idmap: its own range ($B)"
	is "$(key "${N}u" lxc.init.uid):$(key "${N}u" lxc.init.gid)" "1234:3456" "the image's user"
	out=$("$CTBOX" start -P "$P" -n "${N}u" 2>&1)
	is "$?" 0 "start ($out)"
	wait_file "$P/${N}u/rootfs/tmp/init.out"
	is "$(cat "$P/${N}u/rootfs/tmp/init.out")" "$WANT_INIT" "init: the image's process, as in the privileged one"
	pid=$("$CTBOX" info -P "$P" -n "${N}u" -p | awk '{ print $2 }')
	is "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)" "$((B + 1234))" \
		"its init runs as host uid BASE + 1234"
	is "$("$CTBOX" attach -P "$P" -n "${N}u" -- id -u)" 1234 "attach -- id -u: 1234 inside"
	is "$("$CTBOX" attach -P "$P" -n "${N}u" -- stat -c %u:%g /bin/busybox)" 0:0 \
		"the image's files are root's inside"
	out=$("$CTBOX" stop -P "$P" -n "${N}u" -t 60 2>&1)
	is "$?" 0 "stop ($out)"
	out=$("$CTBOX" destroy -P "$P" -n "${N}u" 2>&1)
	is "$?" 0 "destroy ($out)"
	ok "destroy: the directory is gone" test ! -e "$P/${N}u"
else
	for i in $(seq 11); do skip "no user namespaces here"; done
fi

# ---- bad input: clear errors, nothing left ----
# bad NAME REGEX TEMPLATE-ARGS...: lxc-create fails saying REGEX, leaves nothing.
bad() {
	n="${N}x"
	t=$1 re=$2
	shift 2
	if out=$("$CTBOX" lxc-create -P "$P" -n "$n" -t oci -f "$T/empty.conf" -- "$@" 2>&1); then
		fail "$t: refused"
	else
		like "$out" "$re" "$t: refused ($out)"
	fi
	ok "$t: no container left" test -z "$(ls -A "$P" | grep -F "$n")"
}
bad "missing tag" "no image tagged 'nope' \(tags: v1, once, nouser, quoted, badsig\)" --layout "$T/img:nope"
bad "missing layout" "template oci: .*$T/none.*oci-layout" --layout "$T/none"
bad "unknown user" "config.User 'ghost': no user 'ghost' in the image's /etc/passwd" --layout "$T/img:nouser"
bad "bad StopSignal" "config.StopSignal 'SIGNOPE': not a signal" --layout "$T/img:badsig"
bad "registry URL" "only oci:LAYOUT\[:TAG\]" --url "docker://busybox"
bad "no image" "give the image as -- --layout" 
done_testing
