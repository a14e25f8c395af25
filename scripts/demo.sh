#!/bin/sh
# make demo: the main job of ctbox, on this machine, as root, in a private
# lxcpath that is removed afterwards: create a container from the embedded
# default (busybox), start it, run a command in it, show info, freeze and
# thaw it, stop and destroy it. A step whose applet has not landed yet in
# this build is shown as such, not faked.
set -u
: "${CTBOX:?}"
name=demo1
lxcpath=$(mktemp -d /tmp/ctbox-demo.XXXXXX)
export CTBOX_LXCPATH="$lxcpath"
applets=$("$CTBOX" --list)

cleanup() {
	if has destroy; then
		"$CTBOX" destroy -n "$name" -f >/dev/null 2>&1
	fi
	rm -rf "$lxcpath"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

has() { printf '%s\n' "$applets" | grep -qx "$1"; }

step() {
	applet=$1
	shift
	if ! has "$applet"; then
		printf '\n## %s: not in this build (see the README applet table)\n' "ctbox $applet"
		return 0
	fi
	printf '\n## ctbox %s\n' "$*"
	"$CTBOX" "$@"
	rc=$?
	[ "$rc" = 0 ] || printf '(exit status %s)\n' "$rc"
	return 0
}

echo "ctbox demo: $("$CTBOX" --version), lxcpath $lxcpath"
echo "applets in this build: $(echo $applets)"
if [ "$(id -u)" != 0 ]; then
	echo "the container steps need root: run 'make demo' as root"
	exit 1
fi
if has checkconfig; then
	printf '\n## ctbox checkconfig | tail -n 1\n'
	"$CTBOX" checkconfig | tail -n 1
fi
# The base config (instead of /etc/lxc/default.conf, which may ask for a
# veth on lxcbr0): a network namespace with only lo.
printf 'lxc.net.0.type = empty\n' > "$lxcpath/demo.conf"
step create create -n "$name" -t busybox -f "$lxcpath/demo.conf"
step start start -n "$name"
step ls ls --fancy
step attach attach -n "$name" -- /bin/sh -c 'echo "hello from $(hostname), pid $$"; ps'
step info info -n "$name"
step freeze freeze -n "$name"
step info info -n "$name" -s
step unfreeze unfreeze -n "$name"
step info info -n "$name" -s
step stop stop -n "$name"
step destroy destroy -n "$name"
exit 0
