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
PYTHONPATH="$CTBOX_SRC/tests/integration/lib" python3 - "$T/img" <<'PY'
import sys
from ocilayout import Layout
img = Layout(sys.argv[1])
layer = img.layer([("etc", "d", None, 0o755), ("usr", "d", None, 0o755), ("usr/lib", "d", None, 0o755),
                   ("usr/lib/passwd", "f", b"root:x:0:0::/root:/bin/sh\napp:x:77:88::/:\n", 0o644),
                   ("etc/passwd", "l", "/../../usr/lib/passwd", 0o644),
                   ("etc/group", "f", b"root:x:0:\ngrp:x:99:app\n", 0o644)])
for user in ("app", "app:grp", "77", "500:grp", "app:5", "ghost", "app:nogroup"):
    img.image(user.replace(":", "_"), {"Cmd": ["/bin/true"], "User": user}, [layer])
img.close()
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
