#!/bin/sh
# update-config (lxc-update-config): a legacy config holding every key of
# LXC's mapping, with comments and blank lines, rewritten and compared line
# by line with the expected modern file; the backup, mode and owner; a
# second run that changes nothing; symbolic links; LXC's own
# lxc-update-config side by side when it is installed (the differences
# ctbox keeps are listed below and checked exactly); bad input, which
# leaves everything as it was. Everything made lives under $T.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"

"$CTBOX" --list | grep -qx update-config || plan_skip_all "update-config is not in this build"

uc() { "$CTBOX" update-config "$@"; }

# Every key lxc-update-config (LXC 5.0.2) knows, as LXC 2 wrote them.
cat > "$T/legacy" <<'CFG'
# A container config of LXC 2.0, with every key LXC 3 renamed.
#lxc.aa_profile = commented out: stays as it is

lxc.rootfs = /var/lib/lxc/c1/rootfs
lxc.rootfs.backend = dir
lxc.utsname = c1
lxc.id_map = u 0 100000 65536
lxc.id_map = g 0 100000 65536
lxc.pts = 1024
lxc.tty = 4
lxc.devttydir = lxc
lxc.aa_profile = unconfined
lxc.aa_allow_incomplete = 1
lxc.se_context = system_u:system_r:lxc_t:s0:c22
lxc.mount = /var/lib/lxc/c1/fstab
lxc.mount.entry = proc proc proc nodev,noexec,nosuid 0 0
lxc.seccomp = /usr/share/lxc/config/common.seccomp
lxc.console = none
lxc.console.logfile = /var/log/lxc/c1.console
lxc.haltsignal = SIGRTMIN+3
lxc.rebootsignal = SIGTERM
lxc.stopsignal = SIGKILL
lxc.syslog = daemon
lxc.loglevel = 3
lxc.logfile = /var/log/lxc/c1.log
lxc.init_cmd = /sbin/init
lxc.init_uid = 0
lxc.init_gid = 0
lxc.limit.nofile = 1024:2048
lxc.pivotdir = lxc_putold
lxc.kmsg = 0
lxc.cap.drop = sys_module

# the first interface
lxc.network.type = veth
lxc.network.flags = up
lxc.network.link = lxcbr0
lxc.network.name = eth0
lxc.network.hwaddr = 00:16:3e:12:34:56
lxc.network.ipv4 = 10.0.3.2/24
lxc.network.ipv4.gateway = 10.0.3.1
lxc.network.ipv6 = fd00::2/64
lxc.network.ipv6.gateway = auto
lxc.network.mtu = 1500
lxc.network.veth.pair = vethc1
lxc.network.script.up = /usr/local/bin/up
lxc.network.script.down = /usr/local/bin/down

# the second, spaced differently
lxc.network.type=macvlan
  lxc.network.link   =   eth0
lxc.network.macvlan.mode = bridge
CFG

cat > "$T/want" <<'CFG'
# A container config of LXC 2.0, with every key LXC 3 renamed.
#lxc.aa_profile = commented out: stays as it is

lxc.rootfs.path = dir:/var/lib/lxc/c1/rootfs
lxc.uts.name = c1
lxc.idmap = u 0 100000 65536
lxc.idmap = g 0 100000 65536
lxc.pty.max = 1024
lxc.tty.max = 4
lxc.tty.dir = lxc
lxc.apparmor.profile = unconfined
lxc.apparmor.allow_incomplete = 1
lxc.selinux.context = system_u:system_r:lxc_t:s0:c22
lxc.mount.fstab = /var/lib/lxc/c1/fstab
lxc.mount.entry = proc proc proc nodev,noexec,nosuid 0 0
lxc.seccomp.profile = /usr/share/lxc/config/common.seccomp
lxc.console.path = none
lxc.console.logfile = /var/log/lxc/c1.console
lxc.signal.halt = SIGRTMIN+3
lxc.signal.reboot = SIGTERM
lxc.signal.stop = SIGKILL
lxc.log.syslog = daemon
lxc.log.level = 3
lxc.log.file = /var/log/lxc/c1.log
lxc.init.cmd = /sbin/init
lxc.init.uid = 0
lxc.init.gid = 0
lxc.prlimit.nofile = 1024:2048
lxc.cap.drop = sys_module

# the first interface
lxc.net.0.type = veth
lxc.net.0.flags = up
lxc.net.0.link = lxcbr0
lxc.net.0.name = eth0
lxc.net.0.hwaddr = 00:16:3e:12:34:56
lxc.net.0.ipv4.address = 10.0.3.2/24
lxc.net.0.ipv4.gateway = 10.0.3.1
lxc.net.0.ipv6.address = fd00::2/64
lxc.net.0.ipv6.gateway = auto
lxc.net.0.mtu = 1500
lxc.net.0.veth.pair = vethc1
lxc.net.0.script.up = /usr/local/bin/up
lxc.net.0.script.down = /usr/local/bin/down

# the second, spaced differently
lxc.net.1.type=macvlan
  lxc.net.1.link   =   eth0
lxc.net.1.macvlan.mode = bridge
CFG

# -- the whole mapping --
mkdir "$T/c1"
cp "$T/legacy" "$T/c1/config"
chmod 640 "$T/c1/config"
if [ "$(id -u)" = 0 ]; then chown nobody:nogroup "$T/c1/config"; fi
before=$(stat -c '%a %U:%G' "$T/c1/config")
out=$(uc -c "$T/c1/config" 2>&1)
is "$?" 0 "update-config -c: exit 0"
is "$out" "" "silent on success, as lxc-update-config"
n_want=$(wc -l < "$T/want")
is "$(wc -l < "$T/c1/config")" "$n_want" "as many lines as expected ($n_want)"
i=0
while IFS= read -r want; do
	i=$((i + 1))
	is "$(sed -n "${i}p" "$T/c1/config")" "$want" "line $i: ${want:-(blank)}"
done < "$T/want"
ok "the file is exactly the expected one" cmp -s "$T/c1/config" "$T/want"
ok "the backup is the original" cmp -s "$T/c1/config.backup" "$T/legacy"
is "$(stat -c '%a %U:%G' "$T/c1/config")" "$before" "the mode and owner are kept"
is "$(stat -c '%a %U:%G' "$T/c1/config.backup")" "$before" "the backup has them too"
is "$(ls -A "$T/c1" | tr '\n' ' ')" "config config.backup " "no temporary file left"

# -- ctbox reads the result as it read the original --
if "$CTBOX" --list | grep -qx config; then
	mkdir -p "$T/lp/old" "$T/lp/new"
	cp "$T/legacy" "$T/lp/old/config"
	cp "$T/c1/config" "$T/lp/new/config"
	for k in lxc.uts.name lxc.idmap lxc.tty.max lxc.signal.halt lxc.prlimit.nofile \
		lxc.net.0.ipv4.address lxc.net.1.type lxc.net.1.link; do
		a=$("$CTBOX" config -P "$T/lp" -n old "$k" 2>&1)
		b=$("$CTBOX" config -P "$T/lp" -n new "$k" 2>&1)
		is "$b" "$a" "config -n: $k reads the same before and after ($(echo $b))"
	done
else
	skip "the config applet is not in this build"
fi

# -- a second run changes nothing --
cp "$T/c1/config" "$T/after1"
out=$(uc -c "$T/c1/config" 2>&1)
is "$?" 0 "a second run: exit 0"
is "$out" "$T/c1/config: no legacy keys, left unchanged" "it says there is nothing to do"
ok "the file is unchanged" cmp -s "$T/c1/config" "$T/after1"
ok "the backup still holds the original" cmp -s "$T/c1/config.backup" "$T/legacy"

# -- the lxc- name, long option, a symbolic link --
mkdir "$T/real" "$T/link"
cp "$T/legacy" "$T/real/config"
ln -s ../real/config "$T/link/config"
ln -s "$CTBOX" "$T/lxc-update-config"
"$T/lxc-update-config" --config "$T/link/config"
is "$?" 0 "lxc-update-config --config through a symbolic link: exit 0"
ok "the link is still a link" test -L "$T/link/config"
ok "its target is rewritten" cmp -s "$T/real/config" "$T/want"
ok "the backup sits beside the name given" cmp -s "$T/link/config.backup" "$T/legacy"

# -- LXC's lxc-update-config side by side --
# Differences ctbox keeps (diff LXC ctbox):
#  - lxc.limit.NAME: LXC 5 leaves it (its pattern wants a blank or '='
#    right after "lxc.limit") and then refuses to load the file; ctbox
#    writes lxc.prlimit.NAME;
#  - commented-out lines: LXC renames keys inside comments too, ctbox
#    keeps comments as they are;
#  - lxc.network.N.ipv4 / ipv6 (indexed): LXC writes lxc.net.N.ipv4, a key
#    LXC 5 refuses; ctbox writes lxc.net.N.ipv4.address;
#  - a quoted lxc.rootfs value: LXC puts "dir:" before the quote, ctbox
#    inside it;
#  - unindexed interfaces after indexed ones: LXC numbers them from 0
#    again (the same interface twice), ctbox after the highest, as its
#    parser reads the original.
if command -v lxc-update-config > /dev/null 2>&1; then
	mkdir "$T/lxc" "$T/ct"
	cp "$T/legacy" "$T/lxc/config"
	cp "$T/legacy" "$T/ct/config"
	# it makes its temporary file in the current directory
	(cd "$T/lxc" && lxc-update-config -c config > /dev/null 2>&1)
	is "$?" 0 "LXC's lxc-update-config: exit 0"
	uc -c "$T/ct/config"
	ok "both backups are the original" cmp -s "$T/lxc/config.backup" "$T/ct/config.backup"
	is "$(diff "$T/lxc/config" "$T/ct/config")" "2c2
< #lxc.apparmor.profile = commented out: stays as it is
---
> #lxc.aa_profile = commented out: stays as it is
28c28
< lxc.limit.nofile = 1024:2048
---
> lxc.prlimit.nofile = 1024:2048" "the same as LXC's result but for the comment and lxc.limit"

	cat > "$T/lxc/edge" <<'CFG'
lxc.rootfs = '/srv/c 2/rootfs'
lxc.network.0.type = veth
lxc.network.0.ipv4 = 10.0.0.2/24
lxc.network.0.ipv6 = fd00::2/64
lxc.network.0.ipv4.gateway = 10.0.0.1
lxc.network.type = veth
lxc.network.link = br0
lxc.network =
lxc.tty=1
CFG
	cp "$T/lxc/edge" "$T/ct/edge"
	(cd "$T/lxc" && lxc-update-config -c edge > /dev/null 2>&1)
	uc -c "$T/ct/edge"
	is "$(diff "$T/lxc/edge" "$T/ct/edge")" "1c1
< lxc.rootfs.path = dir:'/srv/c 2/rootfs'
---
> lxc.rootfs.path = 'dir:/srv/c 2/rootfs'
3,4c3,4
< lxc.net.0.ipv4 = 10.0.0.2/24
< lxc.net.0.ipv6 = fd00::2/64
---
> lxc.net.0.ipv4.address = 10.0.0.2/24
> lxc.net.0.ipv6.address = fd00::2/64
6,7c6,7
< lxc.net.0.type = veth
< lxc.net.0.link = br0
---
> lxc.net.1.type = veth
> lxc.net.1.link = br0" "edge cases: only the differences listed above"
else
	skip "LXC's lxc-update-config is not installed"
	skip "LXC's lxc-update-config is not installed"
	skip "LXC's lxc-update-config is not installed"
	skip "LXC's lxc-update-config is not installed"
fi

# -- the storage type of lxc.rootfs --
printf 'lxc.rootfs = /srv/r\nlxc.rootfs.backend = btrfs\n' > "$T/btrfs"
uc -c "$T/btrfs"
is "$(cat "$T/btrfs")" "lxc.rootfs.path = btrfs:/srv/r" "lxc.rootfs takes lxc.rootfs.backend's type"
printf 'lxc.rootfs = overlayfs:/a:/b\n' > "$T/ovl"
uc -c "$T/ovl"
is "$(cat "$T/ovl")" "lxc.rootfs.path = overlayfs:/a:/b" "a value with a type keeps it"

# -- a file without legacy keys: untouched, no backup --
printf '# modern\nlxc.uts.name = m\n' > "$T/modern"
cp "$T/modern" "$T/modern.orig"
out=$(uc -c "$T/modern")
is "$?" 0 "no legacy key: exit 0"
is "$out" "$T/modern: no legacy keys, left unchanged" "no legacy key: says so"
ok "no legacy key: no backup made" test ! -e "$T/modern.backup"
ok "no legacy key: the file is the same" cmp -s "$T/modern" "$T/modern.orig"

# -- usage --
out=$(uc)
is "$?" 0 "no argument: usage and exit 0, as lxc-update-config"
like "$out" "^Usage: .*update-config -c FILE" "no argument: the usage on stdout"
uc --help > /dev/null
is "$?" 0 "--help: exit 0"
uc -c "$T/modern" extra > /dev/null 2>&1
is "$?" 1 "an operand: exit 1"
err=$(uc -c 2>&1)
is "$?" 1 "-c without a file: exit 1"

# -- bad input: an error, and nothing written --
# bad NAME CONTENT-FILE MESSAGE: update-config must refuse the file.
bad() {
	mkdir "$T/bad-$1"
	cp "$2" "$T/bad-$1/config"
	err=$(uc -c "$T/bad-$1/config" 2>&1)
	is "$?" 1 "$1: exit 1"
	is "$err" "ctbox: update-config: $T/bad-$1/config$3" "$1: the message"
	ok "$1: untouched, nothing beside it" \
		test "$(ls -A "$T/bad-$1")" = config -a -n "$(cmp "$T/bad-$1/config" "$2" && echo same)"
}
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$T/passwd"
bad passwd "$T/passwd" ":1: not an LXC config: no '=' in 'root:x:0:0:root:/root:/bin/sh'"
printf 'lxc.utsname = a\nPATH=/bin\n' > "$T/shell"
bad shell "$T/shell" ":2: not an LXC config: 'PATH' is not an lxc.* key"
printf 'lxc.utsname = a\nlxc.tty = 1\0\n' > "$T/nul"
bad nul "$T/nul" ":2: not an LXC config: a NUL byte in the line"
printf 'lxc.utsname = a\nlxc.network.link = br0\nlxc.network.type = veth\n' > "$T/order"
bad order "$T/order" ":2: 'lxc.network.link' comes before any lxc.network.type"
printf 'lxc.rootfs = /r\nlxc.rootfs.backend = ramfs\n' > "$T/backend"
bad backend "$T/backend" ":2: invalid value 'ramfs' for 'lxc.rootfs.backend': expected dir, btrfs, overlay, overlayfs, aufs, zfs, lvm, loop, rbd, nbd or best"

err=$(uc -c "$T/nonexistent" 2>&1)
is "$?" 1 "a missing file: exit 1"
is "$err" "ctbox: update-config: can't open '$T/nonexistent': No such file or directory" \
	"a missing file: the message"
ok "a missing file: no backup made" test ! -e "$T/nonexistent.backup"
err=$(uc -c "$T/c1" 2>&1)
is "$?" 1 "a directory: exit 1"
is "$err" "ctbox: update-config: '$T/c1' is a directory, not a config file" "a directory: the message"
mkfifo "$T/fifo"
err=$(uc -c "$T/fifo" 2>&1)
is "$?" 1 "a FIFO: exit 1, without blocking"
is "$err" "ctbox: update-config: '$T/fifo' is not a regular file" "a FIFO: the message"

# Unreadable files and unwritable directories, as an ordinary user.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null 2>&1; then
	asnobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	chmod 711 "$T"
	mkdir "$T/perm"
	cp "$T/legacy" "$T/perm/secret"
	chmod 600 "$T/perm/secret"
	err=$(asnobody "$CTBOX" update-config -c "$T/perm/secret" 2>&1)
	is "$?" 1 "an unreadable file: exit 1"
	is "$err" "ctbox: update-config: can't open '$T/perm/secret': Permission denied" \
		"an unreadable file: the message"
	cp "$T/legacy" "$T/perm/config"
	chmod 666 "$T/perm/config"
	err=$(asnobody "$CTBOX" update-config -c "$T/perm/config" 2>&1)
	is "$?" 1 "a directory it cannot write: exit 1"
	like "$err" "^ctbox: update-config: can't create a temporary file beside '$T/perm/config.backup': Permission denied$" \
		"a directory it cannot write: the message"
	ok "a directory it cannot write: the file and the directory as they were" \
		test "$(ls -A "$T/perm" | tr '\n' ' ')" = "config secret " -a \
		"$(cat "$T/perm/config")" = "$(cat "$T/legacy")"
else
	skip "needs root and setpriv to act as another user"
	skip "needs root and setpriv to act as another user"
	skip "needs root and setpriv to act as another user"
	skip "needs root and setpriv to act as another user"
	skip "needs root and setpriv to act as another user"
fi

done_testing
