#!/bin/sh
# The reference document's workflow (issue 11) with ctbox alone, on a
# busybox rootfs: oci-image init, new --image L:T, unpack --image L:T B,
# the rootfs put into B/rootfs, config.json edited (args `sleep 300`,
# terminal false, PATH in env), six containers at once from that bundle
# (three by create + start, three by run -d) under a private --root,
# list shows six running, exec ID ip a shows only lo (and the probe the
# edited environment), kill, delete; afterwards no state directory, no
# cgroup named after an ID, no mount under the test's directory. Then the
# bundle's changes are repacked and unpacked again: the same tree, and a
# container runs from it.
. "$CTBOX_SRC/tests/integration/tap.sh"
need_root
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" | grep -q 'statically linked' || plan_skip_all "no static busybox"
command -v python3 >/dev/null || plan_skip_all "no python3 (config.json is edited with it)"
for a in oci oci-image; do
	"$CTBOX" --list | grep -qx "$a" || plan_skip_all "the $a applet is not in this build"
done
plan 20

export CTBOX_RUNDIR="$T/run"
ROOT="$T/state"
L="$T/newimage"
B="$T/newbundle"
ID="wf$$-"
R() { "$CTBOX" oci --root "$ROOT" "$@"; }
wf_cleanup() {
	for d in "$ROOT"/*/; do
		[ -d "$d" ] && R delete -f "$(basename "$d")" >/dev/null 2>&1
	done
	true
}
at_exit wf_cleanup
. "$CTBOX_SRC/tests/integration/oci.sh"
# tree DIR: every entry with its type, mode, owner, content hash, link.
tree() {
	python3 - "$1" <<'PY'
import hashlib, os, stat, sys
root = sys.argv[1]
out = []
for dp, dns, fns in os.walk(root):
    for n in dns + fns:
        p = os.path.join(dp, n)
        st = os.lstat(p)
        extra = ""
        if stat.S_ISREG(st.st_mode):
            extra = hashlib.sha256(open(p, "rb").read()).hexdigest()
        elif stat.S_ISLNK(st.st_mode):
            extra = "-> " + os.readlink(p)
        out.append("%r %o %d:%d %s" % (os.path.relpath(p, root), st.st_mode, st.st_uid, st.st_gid, extra))
print("\n".join(sorted(out)))
PY
}

# umoci init --layout newimage; umoci new --image newimage:newtag
"$CTBOX" oci-image init --layout "$L" 2>"$T/err"
"$CTBOX" oci-image new --image "$L:newtag" 2>>"$T/err"
is "$("$CTBOX" oci-image ls --layout "$L")" "newtag" "init and new: the layout has the tag"
# umoci unpack --image newimage:newtag newbundle
"$CTBOX" oci-image unpack --image "$L:newtag" "$B" 2>>"$T/err"
ok "unpack: a bundle" test -d "$B/rootfs" -a -f "$B/config.json"
[ -s "$T/err" ] && diag "$(cat "$T/err")"

# The rootfs (busybox instead of debootstrap) and config.json edited.
r="$B/rootfs"
mkdir -p "$r/bin" "$r/proc" "$r/sys" "$r/dev" "$r/etc" "$r/tmp"
cp "$bb" "$r/bin/busybox"
for l in sh sleep ip cat echo hostname; do ln -s busybox "$r/bin/$l"; done
cp "$CTBOX_PROBE" "$r/probe"
echo 'root:x:0:0:root:/root:/bin/sh' >"$r/etc/passwd"
edit "$B" "c['process']['args'] = ['sleep', '300']; c['process']['terminal'] = False; c['process']['env'] = ['PATH=/bin:/usr/bin', 'TERM=xterm']"
is "$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["process"]; print(p["args"], p["terminal"], p["env"][0])' "$B/config.json")" \
	"['sleep', '300'] False PATH=/bin:/usr/bin" "config.json edited"

# Six containers at once from the bundle: create + start, and run -d.
for n in 1 2 3; do
	R create -b "$B" "$ID$n" </dev/null >/dev/null 2>>"$T/err6" && R start "$ID$n" 2>>"$T/err6"
done
for n in 4 5 6; do
	R run -d -b "$B" "$ID$n" </dev/null >/dev/null 2>>"$T/err6"
done
[ -s "$T/err6" ] && diag "$(cat "$T/err6")"
is "$(R list | grep -c "^$ID[1-6] .* running ")" 6 "list: six running"
all=""
for n in 1 2 3 4 5 6; do
	all="$all$(R exec "$ID$n" ip a | grep -c '^[0-9]*: ')$(R exec "$ID$n" ip a | grep -c '^1: lo:')"
done
is "$all" "111111111111" "exec ID ip a: only lo, in each"
R exec "${ID}1" /probe >"$T/probe.out" 2>&1
is "$(grep -E '^(path|ifaces|uid)=' "$T/probe.out" | tr '\n' ' ')" "uid=0 path=/bin:/usr/bin ifaces=lo, " \
	"the probe inside: the edited PATH, lo only"
is "$(R exec "${ID}4" sh -c 'cat /proc/1/cmdline | tr "\0" " "')" "sleep 300 " "the container's command is sleep 300"
for n in 1 2 3 4 5 6; do R kill "$ID$n" KILL; done
stopped=0
for n in 1 2 3 4 5 6; do wait_status "$ID$n" stopped && stopped=$((stopped + 1)); done
is "$stopped" 6 "kill: all six stopped"
for n in 1 2 3 4 5 6; do R delete "$ID$n"; done
is "$(R list -q)" "" "delete: list is empty"
is "$(ls -A "$ROOT" 2>/dev/null)" "" "no state directory left"
left=""
for n in 1 2 3 4 5 6; do
	for c in /sys/fs/cgroup/*/*"$ID$n" /sys/fs/cgroup/*"$ID$n" /sys/fs/cgroup/*/*/*"$ID$n"; do
		[ -e "$c" ] && left="$left $c"
	done
done
is "$left" "" "no cgroup named after an ID"
is "$(grep -c " $T" /proc/self/mountinfo)" 0 "no mount under the test's directory"
ls "$CTBOX_RUNDIR"/*/"$ID"* >/dev/null 2>&1
ok "no run directory left" [ $? -ne 0 ]

# The round trip: repack the bundle's changes, unpack them again.
"$CTBOX" oci-image repack --image "$L:newtag2" "$B" 2>"$T/err"
ok "repack the bundle" [ $? -eq 0 ]
[ -s "$T/err" ] && diag "$(cat "$T/err")"
is "$("$CTBOX" oci-image ls --layout "$L" | sort | tr '\n' ' ')" "newtag newtag2 " "both tags listed"
"$CTBOX" oci-image unpack --image "$L:newtag2" "$T/again" 2>"$T/err"
ok "unpack the repacked image" test -x "$T/again/rootfs/bin/busybox"
is "$(tree "$T/again/rootfs")" "$(tree "$B/rootfs")" "the same tree again"
edit "$T/again" "c['process']['args'] = ['sh', '-c', 'echo round trip; ls /bin | wc -l']; c['process']['terminal'] = False; c['process']['env'] = ['PATH=/bin']"
out=$(R run -b "$T/again" "${ID}rt" </dev/null 2>&1)
is "$out" "round trip
7" "a container runs from it"
is "$(R list -q)" "" "and is gone after its run"
"$CTBOX" oci-image repack --image "$L:newtag3" "$B" 2>"$T/err"
is "$(python3 -c '
import json, sys
d = sys.argv[1]
def load(dg): return json.load(open(d + "/blobs/sha256/" + dg.split(":")[1]))
i = json.load(open(d + "/index.json"))
m = [x for x in i["manifests"] if x["annotations"]["org.opencontainers.image.ref.name"] == "newtag3"][0]
man = load(m["digest"])
print(len(man["layers"]), load(man["config"]["digest"])["history"][-1].get("empty_layer"))' "$L")" \
	"1 True" "a second repack without changes adds no layer"
