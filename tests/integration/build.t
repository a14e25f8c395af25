#!/bin/sh
# The build system: the applet generator (defaults, .config values,
# dependencies, duplicate names), and the committed configurations:
# defconfig has every applet, tiny_defconfig builds and lacks the others.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
gen="$CTBOX_SRC/scripts/genapplets.sh"
export CTBOX_APPLETS_DIR="$T/applets"
mkdir "$CTBOX_APPLETS_DIR"

# applet FILE SYM DEFAULT DEPENDS NAME [ALIAS...]
applet() {
	f=$1 sym=$2 def=$3 dep=$4 name=$5
	shift 5
	{
		echo "//config:config $sym"
		echo "//config:	bool \"$name\""
		echo "//config:	default $def"
		[ -n "$dep" ] && echo "//config:	depends on $dep"
		echo "//applet:$name $*"
		printf '%s\n' '//usage:-x "quoted" \ back'
		echo "//usage:second line"
	} > "$CTBOX_APPLETS_DIR/$f.c"
}
applet alpha ALPHA y "" alpha lxc-alpha
applet beta BETA y "" beta
applet gamma GAMMA n "" gamma
applet delta DELTA y "GAMMA" delta
applet eta ETA y "ALPHA && !GAMMA" eta
cat > "$T/config" <<'CFG'
# CONFIG_BETA is not set
CONFIG_FEATURE_ZSTD=y
CFG
ok "generator runs" "$gen" "$T/config" "$T/gen"
ok "a default-y applet is on" grep -qx '#define ENABLE_ALPHA 1' "$T/gen/autoconf.h"
ok "'is not set' switches an applet off" grep -qx '#define ENABLE_BETA 0' "$T/gen/autoconf.h"
ok "a default-n applet is off" grep -qx '#define ENABLE_GAMMA 0' "$T/gen/autoconf.h"
ok "an applet whose dependency is off is off" grep -qx '#define ENABLE_DELTA 0' "$T/gen/autoconf.h"
ok "an applet whose negated dependency is off is on" grep -qx '#define ENABLE_ETA 1' "$T/gen/autoconf.h"
is "$(cat "$T/gen/auto.mk" | tail -n 1)" "APPLET_SRCS := applets/alpha.c applets/eta.c" "only enabled applets are compiled"
ok "an enabled feature of Config.in reaches make (its libraries)" \
	grep -qx 'CONFIG_FEATURE_ZSTD := y' "$T/gen/auto.mk"
is "$(grep -c '^APPLET(' "$T/gen/applets.h")" 3 "the table has the applets and the alias"
is "$(grep '^APPLET(' "$T/gen/applets.h" | head -n 1)" 'APPLET("alpha", "alpha", alpha_main, usage_alpha)' "table entry"
ok "usage text is escaped" grep -qF '"-x \"quoted\" \\ back\n"' "$T/gen/usage.h"
ok "Config fragment holds every applet's entry" sh -c "grep -c '^config ' '$T/gen/Config.applets.in' | grep -qx 5"

printf 'CONFIG_GAMMA=y\n' > "$T/config"
"$gen" "$T/config" "$T/gen"
ok "a default-off feature does not" sh -c "! grep -q FEATURE_ZSTD '$T/gen/auto.mk'"
ok "a default-on feature is on" grep -qx '#define ENABLE_FEATURE_NET 1' "$T/gen/autoconf.h"
printf 'CONFIG_GAMMA=y\n# CONFIG_FEATURE_NET is not set\n' > "$T/config"
"$gen" "$T/config" "$T/gen"
ok "'is not set' switches a default-on feature off" grep -qx '#define ENABLE_FEATURE_NET 0' "$T/gen/autoconf.h"
ok "CONFIG_X=y switches an applet on" grep -qx '#define ENABLE_GAMMA 1' "$T/gen/autoconf.h"
ok "a satisfied dependency lets an applet on" grep -qx '#define ENABLE_DELTA 1' "$T/gen/autoconf.h"
ok "an applet whose negated dependency is on is off" grep -qx '#define ENABLE_ETA 0' "$T/gen/autoconf.h"
ok "the table is sorted" sh -c "grep '^APPLET(' '$T/gen/applets.h' | cut -d'\"' -f2 | LC_ALL=C sort -c"

touch -d '2000-01-01' "$T/gen/applets.h"
"$gen" "$T/config" "$T/gen"
is "$(stat -c %Y "$T/gen/applets.h")" "$(date -d '2000-01-01' +%s)" "an unchanged output is not rewritten"

applet epsilon EPSILON y "" epsilon lxc-alpha
out=$("$gen" "$T/config" "$T/gen" 2>&1)
is "$?" 1 "a name declared twice fails the build"
like "$out" "declared twice: lxc-alpha" "and names it"
rm "$CTBOX_APPLETS_DIR/epsilon.c"
applet theta THETA y "ALPHA || GAMMA" theta
out=$("$gen" "$T/config" "$T/gen" 2>&1)
is "$?" 1 "a dependency the generator does not understand fails the build"
like "$out" "THETA: only A && !B dependencies" "and names the symbol"
rm "$CTBOX_APPLETS_DIR/theta.c"
applet zeta ALPHA y "" zeta
out=$("$gen" "$T/config" "$T/gen" 2>&1)
is "$?" 1 "a Kconfig symbol declared twice fails the build"
unset CTBOX_APPLETS_DIR

# The committed configurations, built for real.
build=$(dirname "$CTBOX")
mk() { make -s -C "$CTBOX_SRC" SYSROOT="$build/sysroot" KINC="$build/kinc" "$@" >"$T/make.log" 2>&1; }
all_syms=$(sed -n 's,^//config:[ \t]*config[ \t]*\([A-Z0-9_]*\).*,\1,p' "$CTBOX_SRC"/applets/*.c 2>/dev/null | sort)
for s in $all_syms; do
	ok "configs/defconfig enables $s" sh -c "! grep -q '^# CONFIG_$s is not set' '$CTBOX_SRC/configs/defconfig'"
done

if mk DOTCONFIG=configs/tiny_defconfig BUILD="$T/tiny" "$T/tiny/ctbox"; then
	pass "tiny_defconfig builds"
	tiny="$T/tiny/ctbox"
	ok "tiny build is static" sh -c "file '$tiny' | grep -Eq 'statically linked|static-pie'"
	got=$("$tiny" --list | tr '\n' ' ')
	want=$(for a in attach cgroup freeze start stop unfreeze; do
		"$CTBOX" --list | grep -qx "$a" && printf '%s ' "$a"; done)
	is "$got" "$want" "tiny_defconfig has exactly start, stop, attach, freeze/unfreeze, cgroup (those that exist)"
	for a in $("$CTBOX" --list); do
		case " $want " in *" $a "*) continue ;; esac
		out=$("$tiny" "$a" 2>&1)
		is "$?" 127 "tiny build lacks $a"
	done
	ok "tiny build is no bigger than the full one" test "$(stat -c %s "$tiny")" -le "$(stat -c %s "$CTBOX")"
else
	fail "tiny_defconfig builds"
	diag "$(tail -n 20 "$T/make.log")"
fi

# make install: the binary under DESTDIR/PREFIX/bin, and its links made by
# the installed binary itself (the native build's; a cross build installs
# the binary only).
if [ -z "${CTBOX_QEMU_USER:-}" ]; then
	if mk BUILD="$build" DESTDIR="$T/inst" PREFIX=/usr install; then
		ok "make install: ctbox in DESTDIR/PREFIX/bin" cmp -s "$CTBOX" "$T/inst/usr/bin/ctbox"
		is "$(readlink "$T/inst/usr/bin/lxc-start")" ctbox "make install: lxc-start links to it"
		is "$("$T/inst/usr/bin/lxc-start" --help | head -n 1 | cut -d' ' -f1-3)" "Usage: lxc-start -n" \
			"make install: the link runs start"
	else
		fail "make install"
		diag "$(tail -n 20 "$T/make.log")"
	fi
else
	skip "make install: the native build's (this is $CTBOX_QEMU_USER's)"
fi
done_testing
