#!/bin/sh
# checkpoint (lxc-checkpoint): ctbox has no CRIU, so the applet only checks
# lxc-checkpoint's options and then says precisely that checkpoint/restore
# is not available, with exit status 1. It never touches a container or
# the checkpoint directory. Nothing here needs root.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"

"$CTBOX" --list | grep -qx checkpoint || plan_skip_all "checkpoint is not in this build"

cp_() { "$CTBOX" checkpoint -P "$T/lxc" "$@"; }
mkdir "$T/lxc"
prefix="ctbox: checkpoint: checkpoint/restore needs CRIU, which ctbox does not include"
needs="would need the criu tool and a kernel with CONFIG_CHECKPOINT_RESTORE, as LXC's lxc-checkpoint uses)"

# -- the message, for each mode --
err=$(cp_ -n c1 -D "$T/dump" 2>&1)
is "$?" 1 "checkpoint -n -D: exit 1"
is "$err" "$prefix (checkpointing 'c1' into $T/dump $needs" "checkpoint: the message"
ok "the checkpoint directory is not made" test ! -e "$T/dump"
err=$(cp_ -n c1 -D "$T/dump" -r -F 2>&1)
is "$?" 1 "-r -F: exit 1"
is "$err" "$prefix (restoring 'c1' from $T/dump $needs" "restore: the message"
err=$(cp_ --name c1 --checkpoint-dir "$T/dump" --pre-dump --predump-dir pre -v -s 2>&1)
is "$?" 1 "--pre-dump with the long options: exit 1"
is "$err" "$prefix (pre-dumping 'c1' into $T/dump $needs" "pre-dump: the message"
err=$(cp_ -n c1 -D "$T/dump" -r -d -A /bin/true --rcfile /dev/null -q 2>&1)
is "$?" 1 "-r -d -A --rcfile -q: accepted, exit 1"
like "$err" "^$prefix \\(restoring" "-q does not hide it"
ln -s "$CTBOX" "$T/lxc-checkpoint"
err=$("$T/lxc-checkpoint" -P "$T/lxc" -n c1 -D "$T/dump" 2>&1)
is "$?" 1 "as lxc-checkpoint: exit 1"
like "$err" "^$prefix \\(checkpointing 'c1'" "as lxc-checkpoint: the message"
ok "nothing made in the lxcpath" test -z "$(ls -A "$T/lxc")"

# -- bad command lines: their own message first, as lxc-checkpoint checks --
# badopt NAME MESSAGE ARGS...
badopt() {
	name=$1 msg=$2
	shift 2
	err=$(cp_ "$@" 2>&1)
	is "$?" 1 "$name: exit 1"
	is "$(printf '%s\n' "$err" | head -n 1)" "ctbox: checkpoint: $msg" "$name: the message"
}
badopt "no -n" "no container name given (-n NAME)" -D "$T/dump"
badopt "no -D" "-D is required" -n c1
badopt "-r with -s" "-s is not compatible with -r" -n c1 -D "$T/dump" -r -s
badopt "-F without -r" "-d and -F are only for -r" -n c1 -D "$T/dump" -F
badopt "-d without -r" "-d and -F are only for -r" -n c1 -D "$T/dump" -d
badopt "-p with -r" "-p is not compatible with -r" -n c1 -D "$T/dump" -r -p
badopt "an unknown option" "unknown option '-z'" -n c1 -D "$T/dump" -z
badopt "a bad name" "invalid container name 'a/b': name contains '/'" -n a/b -D "$T/dump"

# -- help --
out=$("$CTBOX" checkpoint --help)
is "$?" 0 "--help: exit 0"
like "$out" "^Usage: .*checkpoint -n NAME -D DIR" "--help: the usage"
like "$out" "needs CRIU" "--help says it is not available"
out=$("$CTBOX" --help checkpoint)
is "$?" 0 "ctbox --help checkpoint: exit 0"

done_testing
