#!/bin/sh
# The config applet (lxc-config): system keys, and a container's keys with
# -n, in a private lxcpath. Needs no root.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"

if ! "$CTBOX" --list | grep -qx config; then
	plan_skip_all "config is not in this build"
fi

unset CTBOX_LXCPATH
export CTBOX_LXC_CONF="$T/no-lxc.conf"

# ---- system keys ----
out=$("$CTBOX" config -l)
is "$?" 0 "config -l exits 0"
is "$out" "lxc.default_config
lxc.lxcpath
lxc.cgroup.pattern" "config -l lists the system keys"

is "$("$CTBOX" config lxc.lxcpath)" "/var/lib/lxc" "lxc.lxcpath default"
is "$("$CTBOX" config lxc.default_config)" "/etc/lxc/default.conf" "lxc.default_config default"
is "$("$CTBOX" config lxc.cgroup.pattern)" "lxc.payload.%n" "lxc.cgroup.pattern"
is "$(CTBOX_LXCPATH="$T/lxc" "$CTBOX" config lxc.lxcpath)" "$T/lxc" "lxc.lxcpath from \$CTBOX_LXCPATH"

cat > "$T/lxc.conf" <<EOF
# system configuration
lxc.lxcpath = $T/fromconf
lxc.default_config = $T/default.conf
EOF
is "$(CTBOX_LXC_CONF="$T/lxc.conf" "$CTBOX" config lxc.lxcpath)" "$T/fromconf" "lxc.lxcpath from lxc.conf"
is "$(CTBOX_LXC_CONF="$T/lxc.conf" "$CTBOX" config lxc.default_config)" "$T/default.conf" \
	"lxc.default_config from lxc.conf"
is "$(CTBOX_LXC_CONF="$T/lxc.conf" CTBOX_LXCPATH=/env "$CTBOX" config lxc.lxcpath)" "/env" \
	"\$CTBOX_LXCPATH before lxc.conf"

out=$("$CTBOX" config lxc.nope 2>&1)
is "$?" 1 "an unknown system key exits 1"
is "$out" "ctbox: config: unknown configuration item 'lxc.nope'" "and says so"

out=$("$CTBOX" config 2>&1)
is "$?" 0 "config without arguments prints its usage and exits 0, as lxc-config"
like "$out" "^Usage: " "the usage"

"$CTBOX" config a b >/dev/null 2>&1
is "$?" 1 "two keys are a usage error"

mkdir "$T/bin"
ln -s "$CTBOX" "$T/bin/lxc-config"
is "$("$T/bin/lxc-config" lxc.cgroup.pattern)" "lxc.payload.%n" "called as lxc-config"

# ---- a container's keys ----
mkdir -p "$T/lxc/c1"
cat > "$T/lxc/c1/config" <<'EOF'
# a container
lxc.utsname = c1
lxc.rootfs = /var/lib/lxc/c1/rootfs
lxc.network.type = veth
lxc.network.link = lxcbr0
lxc.network.ipv4 = 10.0.3.5/24
lxc.net.3.type = phys
lxc.net.3.link = eth1
lxc.cap.drop = sys_module mac_admin
lxc.cgroup2.devices.allow = c 1:3 rwm
lxc.cgroup2.devices.allow = c 1:5 rwm
lxc.start.auto = 1
EOF

P="-P $T/lxc"
is "$("$CTBOX" config -n c1 $P lxc.uts.name)" "c1" "a container's key (set by its legacy name)"
is "$("$CTBOX" config -n c1 $P lxc.utsname)" "c1" "asked by the legacy name"
is "$("$CTBOX" config -n c1 $P lxc.rootfs.path)" "/var/lib/lxc/c1/rootfs" "lxc.rootfs.path"
is "$("$CTBOX" config -n c1 $P lxc.net)" "0
3" "lxc.net lists the interfaces"
is "$("$CTBOX" config -n c1 $P lxc.net.0.ipv4.address)" "10.0.3.5/24" "an interface key"
is "$("$CTBOX" config -n c1 $P lxc.cgroup2.devices.allow)" "c 1:3 rwm
c 1:5 rwm" "a list prints one item per line"
is "$("$CTBOX" config -n c1 $P lxc.init.cmd)" "/sbin/init" "an unset key prints its default"
is "$("$CTBOX" config -n c1 $P lxc.tty.dir)" "" "an unset string prints nothing"
is "$(CTBOX_LXCPATH="$T/lxc" "$CTBOX" config -n c1 lxc.start.auto)" "1" "-P defaults to \$CTBOX_LXCPATH"
mkdir -p "$T/fromconf/c2"
echo "lxc.uts.name = two" > "$T/fromconf/c2/config"
is "$(CTBOX_LXC_CONF="$T/lxc.conf" "$CTBOX" config -n c2 lxc.uts.name)" "two" \
	"-P defaults to lxc.lxcpath of lxc.conf"

out=$("$CTBOX" config -n c1 $P)
is "$?" 0 "config -n NAME prints the whole configuration"
like "$out" "^lxc.uts.name = c1$" "with modern names"
like "$out" "^lxc.net.3.link = eth1$" "and its interfaces"
printf '%s\n' "$out" > "$T/dumped"
mkdir "$T/lxc/c1copy"
cp "$T/dumped" "$T/lxc/c1copy/config"
is "$("$CTBOX" config -n c1copy $P)" "$out" "the printed configuration reads back the same"

list=$("$CTBOX" config -n c1 $P -l)
is "$?" 0 "config -n NAME -l exits 0"
for k in lxc.uts.name lxc.rootfs.path lxc.net.[i].type lxc.net.[i].veth.pair lxc.cap.drop \
	lxc.cgroup2.[controller].[file] lxc.idmap lxc.hook.pre-start lxc.prlimit.[limit]; do
	ok "config -n NAME -l lists $k" sh -c "printf '%s\n' \"\$1\" | grep -qxF -- '$k'" - "$list"
done
ok "config -n NAME -l leaves out what ctbox rejects" sh -c "! printf '%s\n' \"\$1\" | grep -qx lxc.ephemeral" - "$list"

out=$("$CTBOX" config -n c1 $P lxc.nope 2>&1)
is "$?" 1 "an unknown container key exits 1"
is "$out" "ctbox: config: unknown key 'lxc.nope'" "and says so"
out=$("$CTBOX" config -n c1 $P lxc.ephemeral 2>&1)
is "$out" "ctbox: config: 'lxc.ephemeral' is not supported by ctbox" "an unsupported key"

out=$("$CTBOX" config -n missing $P lxc.uts.name 2>&1)
is "$?" 1 "a missing container exits 1"
is "$out" "ctbox: config: $T/lxc/missing/config: No such file or directory" "and names its config"

mkdir "$T/lxc/bad"
printf 'lxc.uts.name = ok\nlxc.tty.max = lots\n' > "$T/lxc/bad/config"
out=$("$CTBOX" config -n bad $P lxc.uts.name 2>&1)
is "$?" 1 "a broken config exits 1"
is "$out" "ctbox: config: $T/lxc/bad/config:2: invalid value 'lots' for 'lxc.tty.max': expected a number from 0 to 1024" \
	"with FILE:LINE and the expected form"

mkdir "$T/lxc/inc"
printf 'lxc.include = %s\n' "$T/common.conf" > "$T/lxc/inc/config"
printf 'lxc.uts.name = included\nlxc.kmsg = 1\n' > "$T/common.conf"
out=$("$CTBOX" config -n inc $P lxc.uts.name 2>&1)
is "$out" "ctbox: config: $T/common.conf:2: 'lxc.kmsg' is not supported by ctbox" \
	"an error in an included file names that file"

out=$("$CTBOX" config -n ../x $P lxc.uts.name 2>&1)
is "$?" 1 "a bad container name exits 1"
like "$out" "^ctbox: config: invalid container name" "and says so"

out=$("$CTBOX" config -P "$T/lxc" lxc.lxcpath 2>&1)
is "$?" 1 "-P without -n is refused"

done_testing
