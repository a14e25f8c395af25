#!/bin/sh
# The multicall binary: dispatch by argv[0], --list, --help, --install,
# unknown names, static linking. Needs no root.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"

ok "the binary is statically linked" sh -c "file -L '$CTBOX' | grep -Eq 'statically linked|static-pie'"
ok "--version names ctbox" sh -c "'$CTBOX' --version | grep -q '^ctbox [0-9]'"

list=$("$CTBOX" --list)
all=$("$CTBOX" --list-all)
ok "--list is sorted" sh -c "printf '%s\n' \"$list\" | LC_ALL=C sort -c"
ok "--list-all is sorted and unique" sh -c "printf '%s\n' \"$all\" | LC_ALL=C sort -uc"
ok "--help lists the applets" sh -c "'$CTBOX' --help | grep -q '^Applets:'"

"$CTBOX" >/dev/null 2>&1
is "$?" 1 "ctbox without arguments exits 1"

# Every name (applet and alias) dispatches, by argv[0] and as ctbox NAME.
mkdir "$T/bin"
for n in $all; do
	ln -s "$CTBOX" "$T/bin/$n"
	out=$("$T/bin/$n" --help 2>&1)
	is "$?" 0 "$n --help exits 0 through a link named $n"
	like "$out" "^Usage: $n " "$n --help prints its usage under the name it was called by"
	out=$("$CTBOX" "$n" --help 2>&1)
	like "$out" "^Usage: ctbox $n " "ctbox $n --help"
	out=$("$CTBOX" --help "$n" 2>&1)
	like "$out" "^Usage: $n " "ctbox --help $n"
done

# Each applet's whole usage text is its //usage: lines (kept gzip'd in
# the binary with FEATURE_PACKED_USAGE, plain otherwise).
for f in "$CTBOX_SRC"/applets/*.c; do
	n=$(sed -n 's,^//applet:[ \t]*\([a-z0-9-]*\).*,\1,p' "$f" | head -n 1)
	[ -n "$n" ] || continue
	printf '%s\n' "$list" | grep -qx "$n" || continue
	want=$(sed -n 's,^//usage:,,p' "$f" | sed '1s/^/Usage: ctbox '"$n"' /')
	is "$("$CTBOX" "$n" --help)" "$want" "ctbox $n --help is the whole of $(basename "$f")'s usage lines"
done

ln -s "$CTBOX" "$T/bin/no-such-applet"
out=$("$T/bin/no-such-applet" 2>&1)
is "$?" 127 "an unknown applet name exits 127"
is "$out" "ctbox: unknown applet 'no-such-applet' (ctbox --list shows them)" "unknown name message"
"$CTBOX" no-such-applet >/dev/null 2>&1
is "$?" 127 "ctbox UNKNOWN exits 127"
"$CTBOX" --help no-such-applet >/dev/null 2>&1
is "$?" 127 "ctbox --help UNKNOWN exits 127"

# --install: compatibility names by default, bare names with --bare.
aliases=$(for n in $all; do printf '%s\n' "$list" | grep -qx "$n" || echo "$n"; done)
mkdir "$T/compat" "$T/bare" "$T/hard"
"$CTBOX" --install -s "$T/compat"
is "$?" 0 "--install -s exits 0"
for n in $aliases; do
	ok "--install -s made $n" test -L "$T/compat/$n"
	ok "$n resolves to ctbox" test "$T/compat/$n" -ef "$CTBOX"
done
"$CTBOX" --install -s --bare "$T/bare"
is "$?" 0 "--install -s --bare exits 0"
for n in $list; do
	ok "--bare made $n" test "$T/bare/$n" -ef "$CTBOX"
done
for n in $aliases; do
	ok "--bare did not make $n" test ! -e "$T/bare/$n"
done
if [ -n "$aliases" ]; then
	first=$(printf '%s\n' $aliases | head -n 1)
	ok "--bare does not install the alias $first" test ! -e "$T/bare/$first"
fi
ok "--install twice is fine (links to ctbox are replaced)" "$CTBOX" --install -s "$T/compat"

# Hard links, when the temp dir is on the binary's file system.
if ln "$CTBOX" "$T/hard/.probe" 2>/dev/null; then
	rm -f "$T/hard/.probe"
	ok "--install (hard links) exits 0" "$CTBOX" --install "$T/hard"
	for n in $aliases; do
		ok "hard link $n is ctbox" test "$T/hard/$n" -ef "$CTBOX"
		ok "hard link $n is not a symlink" test ! -L "$T/hard/$n"
	done
else
	skip "the temp dir is on another file system than $CTBOX: no hard links"
fi

# Refusal to clobber a file that is not ctbox, unless forced (a name the
# default --install makes).
n=$(ls "$T/compat" | head -n 1)
if [ -z "$n" ]; then
	diag "no applet is enabled in this build"
	done_testing
	exit
fi
rm -f "$T/compat/$n"
echo "precious" > "$T/compat/$n"
out=$("$CTBOX" --install -s "$T/compat" 2>&1)
is "$?" 1 "--install refuses to replace a foreign file"
like "$out" "it exists and is not a link to ctbox" "the refusal says why"
is "$(cat "$T/compat/$n")" "precious" "the foreign file is untouched"
ok "--install -f replaces it" "$CTBOX" --install -s -f "$T/compat"
ok "after -f it is ctbox" test "$T/compat/$n" -ef "$CTBOX"
ls -a "$T/compat" | grep -q 'ctbox-install' && fail "no temp links left" || pass "no temp links left"
"$CTBOX" --install "$T/missing-dir" >/dev/null 2>&1
is "$?" 1 "--install into a missing dir fails"
"$CTBOX" --install >/dev/null 2>&1
is "$?" 1 "--install without a dir fails"

# A relative symlink when installing beside the binary.
mkdir "$T/self"
cp "$CTBOX" "$T/self/ctbox"
"$T/self/ctbox" --install -s "$T/self"
is "$(readlink "$T/self/$n")" "ctbox" "links beside the binary are relative"

done_testing
