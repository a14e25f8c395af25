#!/bin/sh
# Make sure host tools are there, installing the Debian packages that hold
# them when they are not (root only; "apt-get update" once, first):
#
#   scripts/need.sh COMMAND:PACKAGE ...      e.g. musl-gcc:musl-tools
#   scripts/need.sh -p PYMODULE:PACKAGE ...  a module of Debian's /usr/bin/python3
#   scripts/need.sh -f WHAT:PACKAGE ...      install PACKAGE whatever is there
set -eu

missing=""
py=0
force=0
for spec in "$@"; do
	case "$spec" in
	-p) py=1; continue ;;
	-f) force=1; continue ;;
	esac
	what=${spec%%:*}
	pkg=${spec#*:}
	if [ "$force" = 1 ]; then
		:
	elif [ "$py" = 1 ]; then
		/usr/bin/python3 -c "import $what" 2>/dev/null && continue
	else
		command -v "$what" >/dev/null 2>&1 && continue
	fi
	missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "need.sh: missing host packages:$missing (install them as root: apt-get install$missing)" >&2
	exit 1
fi
echo "need.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
