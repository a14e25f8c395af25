#!/bin/sh
# The oci-image applet: layouts built here with python3 (two tar+gzip
# layers: files, a directory, symlinks, a whiteout of a file of layer 1,
# an opaque directory, a path through an absolute symlink), unpacked into
# a bundle (rootfs and config.json checked); the same with the second
# layer tar+zstd (made by the zstd tool; refused by name in a build
# without FEATURE_ZSTD); init and ls; bad input (wrong digest, size
# mismatch, missing tag, '..' member, a user name
# without the image's passwd, bundle not empty) fails naming the problem
# and leaves nothing behind (user names: oci_image_user.t).
. "$CTBOX_SRC/tests/integration/tap.sh"
command -v python3 >/dev/null || plan_skip_all "no python3 (layouts are built with it)"
"$CTBOX" --list | grep -qx oci-image || plan_skip_all "the oci-image applet is not in this build"
plan 34

ESC="ctbox-oci-image-escape-$$"
at_exit "rm -f '/$ESC' '/tmp/$ESC'"

# mklayout DIR VARIANT: an image tagged latest and v1 (VARIANT: ok,
# baddigest, badsize, dotdot, zstd, username).
mklayout() {
	python3 - "$1" "$2" "$ESC" <<'PY'
import gzip, hashlib, io, json, os, subprocess, sys, tarfile
d, variant, esc = sys.argv[1:4]
os.makedirs(d + "/blobs/sha256")
def blob(data, mt, size_delta=0, corrupt=False):
    h = hashlib.sha256(data).hexdigest()
    if corrupt:
        data = bytes([data[0] ^ 1]) + data[1:]
    open(d + "/blobs/sha256/" + h, "wb").write(data)
    return {"mediaType": mt, "digest": "sha256:" + h, "size": len(data) + size_delta}
def layer(members, zstd=False):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, kind, arg in members:
            ti = tarfile.TarInfo(name)
            ti.mtime = 1700000000
            if kind == "f":
                ti.size = len(arg); ti.mode = 0o644
                t.addfile(ti, io.BytesIO(arg))
            elif kind == "d":
                ti.type = tarfile.DIRTYPE; ti.mode = 0o755; t.addfile(ti)
            elif kind == "l":
                ti.type = tarfile.SYMTYPE; ti.linkname = arg; t.addfile(ti)
    if zstd:
        return subprocess.run(["zstd", "-q", "-c"], input=b.getvalue(), stdout=subprocess.PIPE,
                              check=True).stdout
    return gzip.compress(b.getvalue(), mtime=0)
GZ = "application/vnd.oci.image.layer.v1.tar+gzip"
l1 = layer([("etc", "d", None), ("etc/hello", "f", b"one\n"), ("gone", "f", b"x"),
            ("opq", "d", None), ("opq/old1", "f", b"1"), ("opq/sub", "d", None),
            ("opq/sub/old2", "f", b"2"), ("bin", "d", None), ("bin/tool", "f", b"#!x\n"),
            ("sbin", "l", "bin"), ("abs", "l", "/"), ("data", "d", None),
            ("data/keep", "f", b"k")])
m2 = [("opq/new", "f", b"new"), ("opq/.wh..wh..opq", "f", b""), (".wh.gone", "f", b""),
      ("etc/hello2", "f", b"two\n"), ("abs/tmp/" + esc, "f", b"in"),
      ("data/.wh.nothing", "f", b"")]
if variant == "dotdot":
    m2.append(("../" + esc, "f", b"out"))
l2 = layer(m2, zstd=(variant == "zstd"))
cfg = {"architecture": "amd64", "os": "linux",
       "config": {"Entrypoint": ["/bin/ep", "arg0"], "Cmd": ["cmd1"],
                  "Env": ["FOO=bar", "PATH=/bin:/sbin"], "WorkingDir": "/data",
                  "User": "nobody" if variant == "username" else "1000:100"},
       "rootfs": {"type": "layers", "diff_ids": []}}
layers = [blob(l1, GZ), blob(l2, GZ, corrupt=(variant == "baddigest"))]
if variant == "zstd":
    layers[1]["mediaType"] = "application/vnd.oci.image.layer.v1.tar+zstd"
man = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
       "config": blob(json.dumps(cfg).encode(), "application/vnd.oci.image.config.v1+json",
                      size_delta=(1 if variant == "badsize" else 0)),
       "layers": layers}
md = blob(json.dumps(man).encode(), "application/vnd.oci.image.manifest.v1+json")
idx = {"schemaVersion": 2, "manifests": [
    dict(md, annotations={"org.opencontainers.image.ref.name": t}) for t in ("latest", "v1")]}
json.dump(idx, open(d + "/index.json", "w"))
json.dump({"imageLayoutVersion": "1.0.0"}, open(d + "/oci-layout", "w"))
PY
}

mklayout "$T/img" ok
"$CTBOX" oci-image unpack --image "$T/img" "$T/b" 2>"$T/err"
ok "unpack succeeds" test -f "$T/b/config.json"
R="$T/b/rootfs"
is "$(cat "$R/etc/hello" "$R/etc/hello2")" "one
two" "files of both layers"
ok "symlink kept" test "$(readlink "$R/sbin")" = bin
ok "whiteout removed a file of layer 1" test ! -e "$R/gone" -a ! -L "$R/gone"
ok "no whiteout files left" test -z "$(find "$R" -name '.wh.*')"
is "$(cd "$R/opq" && ls -A)" "new" "opaque directory: lower content gone, same layer kept"
ok "a whiteout of nothing is harmless" test -f "$R/data/keep"
ok "absolute symlink followed inside the rootfs" test -f "$R/tmp/$ESC"
ok "nothing written through it on the host" test ! -e "/tmp/$ESC"
cfgq() { python3 -c "import json,sys; c=json.load(open(sys.argv[1])); print($1)" "$T/b/config.json"; }
is "$(cfgq 'c["process"]["args"]')" "['/bin/ep', 'arg0', 'cmd1']" "args: Entrypoint + Cmd"
is "$(cfgq 'c["process"]["env"]')" "['FOO=bar', 'PATH=/bin:/sbin']" "env from Env"
is "$(cfgq 'c["process"]["cwd"]')" "/data" "cwd from WorkingDir"
is "$(cfgq 'c["process"]["user"]')" "{'uid': 1000, 'gid': 100}" "user from User"
is "$(cfgq 'c["process"]["terminal"], c["root"]["path"], "capabilities" in c["process"]')" \
	"False rootfs True" "terminal false, the default spec's other members"
"$CTBOX" oci-image unpack --image "$T/img:v1" "$T/b2" 2>"$T/err"
ok "unpack by tag" test -f "$T/b2/rootfs/etc/hello2"
"$CTBOX" oci-image unpack --rootless --image "$T/img" "$T/b3" 2>"$T/err"
is "$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["linux"]["uidMappings"][0]["hostID"], c["process"]["args"][0])' "$T/b3/config.json")" \
	"$(id -u) /bin/ep" "--rootless: the caller's id mapped, the image's process"
is "$("$CTBOX" oci-image ls --layout "$T/img")" "latest
v1" "ls: the tags"

# expect_fail NAME REGEX LAYOUT-REF BUNDLE: fails, says REGEX, leaves no bundle.
expect_fail() {
	if "$CTBOX" oci-image unpack --image "$3" "$4" 2>"$T/err"; then
		fail "$1: refused"
	else
		like "$(cat "$T/err")" "$2" "$1: refused ($(head -c 200 "$T/err"))"
	fi
	ok "$1: nothing left" test ! -e "$4"
}
expect_fail "missing tag" "no image tagged 'nope' \(tags: latest, v1\)" "$T/img:nope" "$T/m"
for v in baddigest badsize dotdot username; do
	mklayout "$T/$v" "$v"
done
expect_fail "wrong digest" "layers\[1\].*digest mismatch" "$T/baddigest" "$T/m"
expect_fail "size mismatch" "blob sha256:[0-9a-f]{64} \(config\): size [0-9]+, expected" "$T/badsize" "$T/m"
expect_fail "'..' member" "layers\[1\]: .*\.\." "$T/dotdot" "$T/m"
ok "'..' member: nothing outside" test ! -e "$T/$ESC"

# A tar+zstd layer: unpacked, or refused by name where the build lacks it.
zstd_on=$(sed -n 's/^#define ENABLE_FEATURE_ZSTD \([01]\)$/\1/p' "${CTBOX_BUILD:-/nonexistent}/gen/autoconf.h" 2>/dev/null)
if ! command -v zstd >/dev/null; then
	skip "no zstd tool to make a tar+zstd layer"
	skip "no zstd tool to make a tar+zstd layer"
elif [ -z "$zstd_on" ]; then
	skip "can't tell whether this build has FEATURE_ZSTD (no \$CTBOX_BUILD/gen/autoconf.h)"
	skip "can't tell whether this build has FEATURE_ZSTD (no \$CTBOX_BUILD/gen/autoconf.h)"
elif mklayout "$T/zstd" zstd && [ "$zstd_on" = 1 ]; then
	"$CTBOX" oci-image unpack --image "$T/zstd" "$T/bz" 2>"$T/err"
	ok "tar+zstd layer: unpack succeeds ($(head -c 200 "$T/err"))" test -f "$T/bz/config.json"
	R="$T/bz/rootfs"
	ok "tar+zstd layer: its files and whiteouts applied over the gzip layer" \
		test "$(cat "$R/etc/hello2")" = two -a ! -e "$R/gone" -a "$(cd "$R/opq" && ls -A)" = new
else
	expect_fail "tar+zstd layer without FEATURE_ZSTD" "layers\[1\]: zstd support not built in" \
		"$T/zstd" "$T/m"
fi
mkdir "$T/full" && touch "$T/full/x"
"$CTBOX" oci-image unpack --image "$T/img" "$T/full" 2>"$T/err"
like "$(cat "$T/err")" "not empty" "bundle not empty: refused"
mkdir "$T/empty"
"$CTBOX" oci-image unpack --image "$T/username" "$T/empty" 2>"$T/err"
like "$(cat "$T/err")" "config.User 'nobody': can't read the image's /etc/passwd" "user name without a passwd refused"
is "$(ls -A "$T/empty")" "" "an empty bundle given stays empty on failure"

# As an unprivileged user: owners not kept, the files the caller's.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	chmod 711 "$T" && mkdir -m 777 "$T/nr" && cp -R "$T/img" "$T/nr/img" && chmod -R a+rX "$T/nr/img"
	setpriv --reuid nobody --regid "$(id -g nobody)" --clear-groups \
		"$CTBOX" oci-image unpack --rootless --image "$T/nr/img" "$T/nr/b" 2>"$T/err"
	ok "unprivileged unpack" test -f "$T/nr/b/rootfs/etc/hello2"
	is "$(stat -c %u "$T/nr/b/rootfs/etc/hello")" "$(id -u nobody)" "unprivileged: files owned by the caller"
else
	skip "needs root, setpriv and a user nobody"
	skip "needs root, setpriv and a user nobody"
fi

"$CTBOX" oci-image init --layout "$T/new" && "$CTBOX" oci-image ls --layout "$T/new" >"$T/out"
ok "init: empty layout, no tags" test -d "$T/new/blobs/sha256" -a ! -s "$T/out"
done_testing
