#!/bin/sh
# oci-image unpack with config.User names: resolved against the image's
# own etc/passwd (here a symlink, absolute, followed inside the rootfs) and
# etc/group, as runc and umoci do: NAME, NAME:GROUP, UID (its passwd
# group), UID:GROUP, NAME:GID; also with the user-space walk instead of
# openat2. Unknown names fail naming the user and the file, and leave no
# bundle.
. "$CTBOX_SRC/tests/integration/tap.sh"
command -v python3 >/dev/null || plan_skip_all "no python3 (layouts are built with it)"
"$CTBOX" --list | grep -qx oci-image || plan_skip_all "the oci-image applet is not in this build"
plan 12

# One tag per User value: the tag is the value with ':' as '_'.
python3 - "$T/img" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
d = sys.argv[1]
os.makedirs(d + "/blobs/sha256")
def blob(data, mt):
    h = hashlib.sha256(data).hexdigest()
    open(d + "/blobs/sha256/" + h, "wb").write(data)
    return {"mediaType": mt, "digest": "sha256:" + h, "size": len(data)}
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
    for name, kind, arg in (("etc", "d", None), ("usr", "d", None), ("usr/lib", "d", None),
                            ("usr/lib/passwd", "f", b"root:x:0:0::/root:/bin/sh\napp:x:77:88::/:\n"),
                            ("etc/passwd", "l", "/../../usr/lib/passwd"),
                            ("etc/group", "f", b"root:x:0:\ngrp:x:99:app\n")):
        ti = tarfile.TarInfo(name)
        ti.mode = 0o755 if kind == "d" else 0o644
        if kind == "f":
            ti.size = len(arg)
            t.addfile(ti, io.BytesIO(arg))
        elif kind == "d":
            ti.type = tarfile.DIRTYPE
            t.addfile(ti)
        else:
            ti.type = tarfile.SYMTYPE
            ti.linkname = arg
            t.addfile(ti)
layer = blob(gzip.compress(b.getvalue(), mtime=0), "application/vnd.oci.image.layer.v1.tar+gzip")
ms = []
for user in ("app", "app:grp", "77", "500:grp", "app:5", "ghost", "app:nogroup"):
    cfg = {"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/true"], "User": user},
           "rootfs": {"type": "layers", "diff_ids": []}}
    man = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
           "config": blob(json.dumps(cfg).encode(), "application/vnd.oci.image.config.v1+json"),
           "layers": [layer]}
    md = blob(json.dumps(man).encode(), "application/vnd.oci.image.manifest.v1+json")
    ms.append(dict(md, annotations={"org.opencontainers.image.ref.name": user.replace(":", "_")}))
json.dump({"schemaVersion": 2, "manifests": ms}, open(d + "/index.json", "w"))
json.dump({"imageLayoutVersion": "1.0.0"}, open(d + "/oci-layout", "w"))
PY

# user TAG [SUFFIX]: unpack into $T/b.TAG.SUFFIX, print process.user as UID:GID.
user() {
	"$CTBOX" oci-image unpack --image "$T/img:$1" "$T/b.$1.${2:-}" 2>"$T/err" &&
		python3 -c 'import json,sys; u=json.load(open(sys.argv[1]))["process"]["user"]; print("%d:%d" % (u["uid"], u["gid"]))' "$T/b.$1.${2:-}/config.json"
}
is "$(user app)" "77:88" "NAME: its uid and primary gid (passwd a symlink inside the image)"
is "$(user app_grp)" "77:99" "NAME:GROUP"
is "$(user 77)" "77:88" "UID passwd knows: its primary gid, as runc"
is "$(user 500_grp)" "500:99" "UID:GROUP"
is "$(user app_5)" "77:5" "NAME:GID"
is "$(CTBOX_FORCE_FALLBACK=openat2 user app_grp walk)" "77:99" "NAME:GROUP without openat2 (the walk)"
for t in ghost app_nogroup; do
	if user "$t" >/dev/null; then
		fail "$t: refused"
	else
		pass "$t: refused"
	fi
	ok "$t: no bundle left" test ! -e "$T/b.$t."
done
like "$(user ghost; cat "$T/err")" "config.User 'ghost': no user 'ghost' in the image's /etc/passwd" \
	"unknown user: the error names it and the file"
like "$(user app_nogroup; cat "$T/err")" "config.User 'app:nogroup': no group 'nogroup' in the image's /etc/group" \
	"unknown group: the error names it and the file"
done_testing
