#!/bin/sh
# oci-image new and repack: an empty image in an init'ed layout (ls shows
# the tag), unpacked; files, a directory, a symlink, hard links and odd
# names added and repacked; then changed and removed and repacked again
# (the second layer holds only the newer changes, removals as whiteouts);
# the result unpacked into a new bundle is the same tree; every blob's
# digest, size and diff_id checked with python3; a repack without changes
# adds no layer (as umoci); bad input (missing tag, bad tag, a bundle
# without record, a tampered blob, a damaged record) fails by name and
# leaves the layout and the bundle as they were (also when it fails after
# writing blobs); a new socket is left out of the layer with a warning; an
# unprivileged repack writes the caller's files as root's.
. "$CTBOX_SRC/tests/integration/tap.sh"
command -v python3 >/dev/null || plan_skip_all "no python3 (layouts are checked with it)"
"$CTBOX" --list | grep -qx oci-image || plan_skip_all "the oci-image applet is not in this build"
plan 40

L="$T/img"
B="$T/bundle"
R="$B/rootfs"

# layout_check LAYOUT: every blob hashes to its name, every descriptor's
# size and digest match, every diff_id is its layer's uncompressed sha256;
# prints "ok" or what is wrong.
layout_check() {
	python3 - "$1" <<'PY'
import gzip, hashlib, json, os, sys
d = sys.argv[1]
bad = []
def blob(desc):
    h = desc["digest"].split(":", 1)[1]
    data = open(os.path.join(d, "blobs/sha256", h), "rb").read()
    if len(data) != desc["size"]:
        bad.append("size of " + h)
    return data
for name in os.listdir(os.path.join(d, "blobs/sha256")):
    data = open(os.path.join(d, "blobs/sha256", name), "rb").read()
    if hashlib.sha256(data).hexdigest() != name:
        bad.append("blob " + name + " is not its digest")
for m in json.load(open(os.path.join(d, "index.json")))["manifests"]:
    man = json.loads(blob(m))
    cfg = json.loads(blob(man["config"]))
    ids = [hashlib.sha256(gzip.decompress(blob(l))).hexdigest() for l in man["layers"]]
    if ["sha256:" + i for i in ids] != cfg["rootfs"]["diff_ids"]:
        bad.append("diff_ids of " + m["digest"])
print(", ".join(bad) if bad else "ok")
PY
}

# q LAYOUT TAG EXPR: a python expression over man, cfg (the tag's
# manifest and config) and layer(i) (the member names of layer i).
q() {
	python3 - "$@" <<'PY'
import io, json, os, sys, tarfile
d, tag, expr = sys.argv[1:4]
def load(desc):
    return open(os.path.join(d, "blobs/sha256", desc["digest"].split(":", 1)[1]), "rb").read()
idx = json.load(open(os.path.join(d, "index.json")))
m = [x for x in idx["manifests"] if x["annotations"]["org.opencontainers.image.ref.name"] == tag][0]
man = json.loads(load(m))
cfg = json.loads(load(man["config"]))
def layer(i):
    with tarfile.open(fileobj=io.BytesIO(load(man["layers"][i])), mode="r:gz") as t:
        return sorted(t.getnames())
r = eval(expr)
print(*r) if isinstance(r, tuple) else print(r)
PY
}

# tree DIR: every entry with its type, mode, owner, size (files), link
# target, and an inode group for hard links, sorted.
tree() {
	python3 - "$1" <<'PY'
import hashlib, os, stat, sys
root = sys.argv[1]
inodes = {}
out = []
for dp, dns, fns in os.walk(root):
    for n in dns + fns:
        p = os.path.join(dp, n)
        st = os.lstat(p)
        rel = os.path.relpath(p, root)
        extra = ""
        if stat.S_ISREG(st.st_mode):
            extra = hashlib.sha256(open(p, "rb").read()).hexdigest()[:12]
            if st.st_nlink > 1:
                extra += " link-group " + str(inodes.setdefault(st.st_ino, len(inodes)))
        elif stat.S_ISLNK(st.st_mode):
            extra = "-> " + os.readlink(p)
        out.append("%r %o %d:%d %s" % (rel, st.st_mode, st.st_uid, st.st_gid, extra))
print("\n".join(sorted(out)))
PY
}

# state: what a failed command must leave as it was.
state() {
	(cd "$L" && ls -A blobs/sha256 && ls -A && cat index.json) | cksum
	(cd "$B" && ls -A && cat ctbox-image.mtree) | cksum
}

"$CTBOX" oci-image init "$L"
"$CTBOX" oci-image new --image "$L:base" 2>"$T/err"
is "$("$CTBOX" oci-image ls "$L")" "base" "new: ls shows the tag"
is "$(q "$L" base 'man["layers"], cfg["rootfs"], cfg["history"], cfg["config"], cfg["os"], man["mediaType"]')" \
	"[] {'type': 'layers', 'diff_ids': []} [] {} linux application/vnd.oci.image.manifest.v1+json" \
	"new: an empty image"
like "$(q "$L" base 'cfg["architecture"], cfg["created"]')" \
	"^(amd64|arm64|arm|386|riscv64|ppc64le|s390x) [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$" \
	"new: architecture in Go's naming, created in RFC 3339 UTC"
"$CTBOX" oci-image new --image "$L:base" 2>"$T/err"
is "$("$CTBOX" oci-image ls "$L")" "base" "new on an existing tag replaces it"
is "$(layout_check "$L")" "ok" "new: blobs and descriptors verified"

"$CTBOX" oci-image unpack --image "$L:base" "$B" 2>"$T/err"
ok "unpack of the empty image" test -d "$R" -a -f "$B/config.json" -a -f "$B/ctbox-image.mtree"
is "$(ls -A "$R" 2>&1)" "" "its rootfs is empty"
is "$(head -1 "$B/ctbox-image.mtree")" "#ctbox-image-mtree 1" "the record is written"

# Round 1: new entries of every kind.
mkdir -p "$R/etc" "$R/d/sub" "$R/bin"
echo hello >"$R/etc/hello"
echo f >"$R/d/sub/f"
printf 'odd' >"$R/odd name
with newline"
printf 'tool' >"$R/bin/tool" && chmod 0755 "$R/bin/tool"
ln "$R/bin/tool" "$R/bin/tool2"
ln -s ../etc/hello "$R/bin/link"
mkfifo "$R/fifo"
"$CTBOX" oci-image repack --image "$L:v1" "$B" 2>"$T/err"
ok "repack succeeds" test -s "$B/ctbox-image.mtree"
[ -s "$T/err" ] && diag "$(cat "$T/err")"
is "$("$CTBOX" oci-image ls "$L" | sort | tr '\n' ' ')" "base v1 " "repack: the new tag beside the old"
is "$(q "$L" base 'len(man["layers"]), man["config"]["digest"] != ""')" "0 True" \
	"the source image is left under its tag"
is "$(q "$L" v1 'len(man["layers"]), man["layers"][0]["mediaType"], len(cfg["history"]), cfg["history"][0]["created_by"]')" \
	"1 application/vnd.oci.image.layer.v1.tar+gzip 1 ctbox oci-image repack" \
	"one gzip layer, one history entry"
is "$(q "$L" v1 'layer(0)')" \
	"['.', './bin', './bin/link', './bin/tool', './bin/tool2', './d', './d/sub', './d/sub/f', './etc', './etc/hello', './fifo', './odd name\\nwith newline']" \
	"layer 1 holds every new entry"
is "$(q "$L" v1 '[m.type for m in tarfile.open(fileobj=io.BytesIO(load(man["layers"][0])), mode="r:gz") if m.name == "./bin/tool2"][0]')" \
	"b'1'" "a hard link stays a hard link in the layer"
is "$(layout_check "$L")" "ok" "repack: blobs, sizes and diff_ids verified"

# Round 2: changes and removals.
echo changed >"$R/etc/hello"
rm -r "$R/d"
rm "$R/odd name
with newline"
ln -sfn /elsewhere "$R/bin/link"
chmod 0700 "$R/bin/tool"
mkdir "$R/newdir" && echo n >"$R/newdir/n"
"$CTBOX" oci-image repack --image "$L:v2" "$B" 2>"$T/err"
ok "second repack succeeds" test "$(q "$L" v2 'len(man["layers"])')" = 2
is "$(q "$L" v2 'layer(1)')" \
	"['.', './.wh.d', './.wh.odd name\\nwith newline', './bin', './bin/link', './bin/tool', './bin/tool2', './etc', './etc/hello', './newdir', './newdir/n']" \
	"layer 2: only the newer changes, removals as whiteouts"
is "$(layout_check "$L")" "ok" "second repack: verified"

"$CTBOX" oci-image unpack --image "$L:v2" "$T/b2" 2>"$T/err"
ok "the repacked image unpacks" test -d "$T/b2/rootfs/newdir"
is "$(tree "$T/b2/rootfs")" "$(tree "$R")" "the same tree (types, modes, owners, contents, links)"
ok "the removed directory came through as a whiteout" test ! -e "$T/b2/rootfs/d"
ok "no whiteout files in the unpacked tree" test -z "$(find "$T/b2/rootfs" -name '.wh.*')"
ok "hard link kept" test "$T/b2/rootfs/bin/tool" -ef "$T/b2/rootfs/bin/tool2"

# Round 3: nothing changed.
"$CTBOX" oci-image repack --image "$L:v3" "$B" 2>"$T/err"
is "$(q "$L" v3 'len(man["layers"]), len(cfg["history"]), cfg["history"][-1].get("empty_layer")')" \
	"2 3 True" "no change: no layer, a history entry marked empty_layer"

# Bad input: clear errors, nothing changed.
echo more >"$R/more"
first=$(state)
if "$CTBOX" oci-image unpack --image "$L:nope" "$T/b3" 2>"$T/err"; then fail "missing tag: refused"; else
	like "$(cat "$T/err")" "no image tagged 'nope'" "missing tag: refused"; fi
ok "missing tag: no bundle" test ! -e "$T/b3"
if "$CTBOX" oci-image repack --image "$L:bad*tag" "$B" 2>"$T/err"; then fail "bad tag: refused"; else
	like "$(cat "$T/err")" "not a valid tag" "bad tag: refused"; fi
mkdir "$T/norec"
if "$CTBOX" oci-image repack --image "$L:v4" "$T/norec" 2>"$T/err"; then fail "bundle without record: refused"; else
	like "$(cat "$T/err")" "no ctbox-image.mtree: not unpacked by" "bundle without record: refused"; fi
if "$CTBOX" oci-image new --image "$T/nolayout:x" 2>"$T/err"; then fail "new without a layout: refused"; else
	like "$(cat "$T/err")" "nolayout/oci-layout" "new without a layout: refused"; fi
cfg=$(q "$L" v3 'man["config"]["digest"].split(":")[1]')
cp "$L/blobs/sha256/$cfg" "$T/cfg.saved"
sed -i 's/"os":"linux"/"os":"LINUX"/' "$L/blobs/sha256/$cfg"
before=$(state)
if "$CTBOX" oci-image repack --image "$L:v4" "$B" 2>"$T/err"; then fail "tampered blob: refused"; else
	like "$(cat "$T/err")" "\(config\): digest mismatch" "tampered blob: refused"; fi
is "$(state)" "$before" "tampered blob: layout and record as they were (no blob, no tag, no temp file)"
cp "$T/cfg.saved" "$L/blobs/sha256/$cfg"
cp "$B/ctbox-image.mtree" "$T/rec.saved"
sed -i '6s/ d / q /' "$B/ctbox-image.mtree"
if "$CTBOX" oci-image repack --image "$L:v4" "$B" 2>"$T/err"; then fail "damaged record: refused"; else
	like "$(cat "$T/err")" "ctbox-image.mtree:6: bad type" "damaged record: refused by line"; fi
cp "$T/rec.saved" "$B/ctbox-image.mtree"
# A failure after the blobs were written (the record can't be replaced in
# an immutable bundle directory): they are removed again.
if [ "$(id -u)" = 0 ] && chattr +i "$B" 2>/dev/null; then
	at_exit "chattr -i '$B' 2>/dev/null"
	if "$CTBOX" oci-image repack --image "$L:v4" "$B" 2>"$T/err"; then fail "late failure: reported"; else
		like "$(cat "$T/err")" "ctbox-image.mtree" "late failure: reported ($(cat "$T/err"))"; fi
	chattr -i "$B"
else
	skip "needs root and chattr +i on the test's file system"
fi
is "$(state)" "$first" "after every failure: no blob, tag, temp file or record change"
is "$("$CTBOX" oci-image ls "$L" | sort | tr '\n' ' ')" "base v1 v2 v3 " "no tag from a failed repack"
"$CTBOX" oci-image repack --image "$L:v4" "$B" 2>"$T/err"
is "$(q "$L" v4 'layer(2)')" "['.', './more']" "after the failures, a repack still works"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$R/sock"
"$CTBOX" oci-image repack --image "$L:v5" "$B" 2>"$T/err"
like "$(cat "$T/err")" "warning: repack: 1 new socket left out of the layer" "a new socket: said to be left out"
is "$(q "$L" v5 'layer(3)')" "['.']" "... and not in the layer"
is "$(layout_check "$L")" "ok" "the layout is consistent at the end"

# Unprivileged (unpack --rootless, files the caller's): root's in the layer.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	chmod 711 "$T" && mkdir -m 777 "$T/nr"
	setpriv --reuid nobody --regid "$(id -g nobody)" --clear-groups sh -c '
		"$1" oci-image init "$2/L" && "$1" oci-image new --image "$2/L:a" &&
		"$1" oci-image unpack --rootless --image "$2/L:a" "$2/B" &&
		echo x >"$2/B/rootfs/x" && "$1" oci-image repack --image "$2/L:b" "$2/B"' sh "$CTBOX" "$T/nr" 2>"$T/err"
	is "$(L="$T/nr/L" && q "$L" b '[(m.name, m.uid, m.gid) for m in tarfile.open(fileobj=io.BytesIO(load(man["layers"][0])), mode="r:gz")]')" \
		"[('.', 0, 0), ('./x', 0, 0)]" "unprivileged repack: the caller's files owned by root in the layer"
else
	skip "needs root, setpriv and a user nobody"
fi
