# TAP helpers for shell tests: . "$CTBOX_SRC/tests/integration/tap.sh"
#   plan N | plan_skip_all WHY | ok COND-CMD... | is GOT WANT NAME | skip WHY | done_testing
# $CTBOX is the binary under test; $T a private temp dir removed on exit.
set -u
: "${CTBOX:?CTBOX must name the binary under test}"
: "${CTBOX_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
tap_n=0
tap_fail=0
tap_planned=""
T=$(mktemp -d "${TMPDIR:-/tmp}/ctbox-test.XXXXXX")
tap_cleanups=""
tap_exit() {
	eval "$tap_cleanups"
	rm -rf "$T"
}
trap 'tap_exit' EXIT
trap 'exit 130' INT TERM HUP
# at_exit CMD: run CMD (a string) at exit, before the temp dir goes.
at_exit() { tap_cleanups="$1; $tap_cleanups"; }
plan() { tap_planned=$1; echo "1..$1"; }
plan_skip_all() { echo "1..0 # SKIP $*"; exit 0; }
need_root() { [ "$(id -u)" = 0 ] || plan_skip_all "needs root"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() { tap_n=$((tap_n + 1)); tap_fail=$((tap_fail + 1)); echo "not ok $tap_n - $1"; }
# ok NAME CMD...: passes when CMD succeeds.
ok() {
	name=$1; shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
# is GOT WANT NAME (a failure's values on stderr, which prove shows)
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3"; diag "got:  '$1'" "want: '$2'" >&2; fi
}
# like GOT REGEX NAME (grep -E)
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then pass "$3"; else fail "$3"; diag "got: '$1'" "want match: '$2'" >&2; fi
}
# eventually CMD...: CMD succeeds within about 20 s (the kernel ends
# namespaces and their devices in the background; a monitor cleans up
# after it answered a stop -k).
eventually() {
	ev_=0
	until "$@"; do
		ev_=$((ev_ + 1))
		[ "$ev_" -ge 100 ] && return 1
		sleep 0.2
	done
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $*"; }
done_testing() {
	[ -n "$tap_planned" ] || echo "1..$tap_n"
	[ "$tap_fail" = 0 ] && [ "${tap_planned:-$tap_n}" = "$tap_n" ]
}
