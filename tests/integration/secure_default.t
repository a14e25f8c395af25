#!/bin/sh
# Secure by default: `create` called by its bare name as root makes an
# unprivileged container (a 65536-id range of its own, recorded, written
# as lxc.idmap; the rootfs idmapped at start where the file system allows,
# shifted on disk otherwise); --privileged and lxc-create make privileged
# ones as LXC does; destroy frees the range; copies share it.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" create destroy start stop attach info ls copy
[ -e /proc/self/uid_map ] && unshare -U true 2>/dev/null || plan_skip_all "no user namespaces here"

# The run dir (under $T) must be reachable by the containers' roots; the
# lxcpath need not be.
chmod 711 "$T"
chmod 700 "$P"
R=$CTBOX_IDRANGES
RP=$(realpath "$P")
echo "lxc.net.0.type = empty" > "$T/empty.conf"
# The containers made here go at the end (the record and $T go with $T).
at_exit "for d in '$P'/*/; do [ -d \"\$d\" ] && '$CTBOX' destroy -f -P '$P' -n \"\$(basename \"\$d\")\" >/dev/null 2>&1; done"

base_of() { sed -n 's/^lxc.idmap = u 0 \([0-9]*\) 65536$/\1/p' "$P/$1/config"; }
gbase_of() { sed -n 's/^lxc.idmap = g 0 \([0-9]*\) 65536$/\1/p' "$P/$1/config"; }
rec_base() { awk -v d="$RP/$1" '{ b = $1; $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); if ($0 == d) print b }' "$R" 2>/dev/null; }
# Is [B, B+65536) clear of every line of /etc/subuid and /etc/subgid?
clear_of_subids() {
	cat /etc/subuid /etc/subgid 2>/dev/null |
		awk -F: -v b="$1" 'NF == 3 && $2 ~ /^[0-9]+$/ && b < $2 + $3 && $2 < b + 65536 { f = 1 } END { exit f }'
}
init_pid() { "$CTBOX" info -P "$P" -n "$1" -p | awk '{ print $2 }'; }
host_uids() { awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$1/status"; }

# ---- bare create: an unprivileged busybox container ----
out=$("$CTBOX" create -P "$P" -n u1 -t busybox -f "$T/empty.conf" 2>&1)
is "$?" 0 "bare create -t busybox"
is "$out" "" "prints nothing"
B1=$(base_of u1)
like "$B1" '^[0-9]+$' "config: lxc.idmap = u 0 BASE 65536 ($B1)"
is "$(gbase_of u1)" "$B1" "config: lxc.idmap = g 0 BASE 65536, the same BASE"
ok "BASE is in ctbox's region, 65536-aligned" test "$B1" -ge 1073741824 -a $(((B1 - 1073741824) % 65536)) = 0
is "$(rec_base u1)" "$B1" "the record lists it with its directory"
ok "the range is clear of /etc/subuid and /etc/subgid" clear_of_subids "$B1"
if grep -q '^lxc.rootfs.options = idmap=container$' "$P/u1/config"; then
	IDMAPPED=1
	pass "the file system takes idmapped mounts: lxc.rootfs.options = idmap=container"
	is "$(stat -c %u:%g "$P/u1/rootfs/bin/busybox")" "0:0" "idmapped: the rootfs is unshifted on disk"
else
	IDMAPPED=0
	skip "the file system of $T takes no idmapped mounts: the rootfs was shifted"
	is "$(stat -c %u:%g "$P/u1/rootfs/bin/busybox")" "$B1:$B1" "shifted: the rootfs is owned by BASE on disk"
fi

out=$("$CTBOX" start -P "$P" -n u1 2>&1)
is "$?" 0 "start ($out)"
is "$(state u1)" RUNNING "RUNNING"
pid=$(init_pid u1)
is "$(host_uids "$pid")" "$B1 $B1 $B1 $B1" "its init runs as host uid BASE (/proc/PID/status)"
like "$(cat "/proc/$pid/uid_map")" "^ *0 +$B1 +65536$" "uid_map 0 BASE 65536"
like "$(cat "/proc/$pid/gid_map")" "^ *0 +$B1 +65536$" "gid_map 0 BASE 65536"
is "$("$CTBOX" attach -P "$P" -n u1 -- sh -c 'echo $(id -u):$(id -g)')" "0:0" "attach: root inside"
is "$("$CTBOX" attach -P "$P" -n u1 -- stat -c %u:%g /bin/busybox)" "0:0" "the rootfs is owned by root inside"
"$CTBOX" attach -P "$P" -n u1 -- touch /root/made-inside
if [ "$IDMAPPED" = 1 ]; then
	is "$(stat -c %u "$P/u1/rootfs/root/made-inside")" 0 "idmapped: a file made inside is owned by 0 on disk"
else
	is "$(stat -c %u "$P/u1/rootfs/root/made-inside")" "$B1" "shifted: a file made inside is owned by BASE on disk"
fi
is "$("$CTBOX" ls -P "$P" -f -F NAME,STATE,UNPRIVILEGED | awk '$1 == "u1" { print $2, $3 }')" \
	"RUNNING true" "ls -f: UNPRIVILEGED true"
like "$("$CTBOX" info -P "$P" -n u1)" "State: +RUNNING" "info as ever"
ok "reboot (stop -r)" "$CTBOX" stop -P "$P" -n u1 -r
for i in $(seq 300); do
	p=$(init_pid u1)
	[ -n "$p" ] && [ "$p" != "$pid" ] && [ "$(state u1)" = RUNNING ] && break
	sleep 0.1
done
is "$(state u1) $(host_uids "$(init_pid u1)")" "RUNNING $B1 $B1 $B1 $B1" "runs again after the reboot, as BASE"
ok "stop" "$CTBOX" stop -P "$P" -n u1 -k
is "$(state u1)" STOPPED "STOPPED"

# ---- the shifted variant: owners, setuid, file capabilities ----
cat > "$T/tpl" <<EOF
#!/bin/sh
while [ \$# -gt 0 ]; do case \$1 in --rootfs) r=\$2; shift 2 ;; --path) p=\$2; shift 2 ;; *) shift ;; esac; done
mkdir -p "\$r/bin" "\$r/sbin" "\$r/etc" "\$r/proc" "\$r/sys" "\$r/dev" "\$r/tmp" "\$r/root" "\$r/home/user"
cp "$bb" "\$r/bin/busybox"
for l in sh sleep stat id touch; do ln -s busybox "\$r/bin/\$l"; done
cp "$bb" "\$r/bin/suid" && chmod 4755 "\$r/bin/suid"
cp "$bb" "\$r/bin/sgid" && chown 0:5 "\$r/bin/sgid" && chmod 2755 "\$r/bin/sgid"
echo x > "\$r/home/user/f" && chown 1000:1001 "\$r/home/user/f" "\$r/home/user"
ln "\$r/home/user/f" "\$r/home/user/hard"
cp "$bb" "\$r/bin/capped"
command -v setcap >/dev/null && setcap cap_net_raw+ep "\$r/bin/capped"
printf '%s\n' "lxc.init.cmd = /bin/sleep 1000" "lxc.mount.auto = proc:mixed sys:ro" >> "\$p/config"
EOF
chmod 755 "$T/tpl"
out=$(CTBOX_FORCE_FALLBACK=idmap "$CTBOX" create -P "$P" -n u2 -t "$T/tpl" -f "$T/empty.conf" 2>&1)
is "$?" 0 "bare create, idmapped mounts forced off, an executable template ($out)"
B2=$(base_of u2)
like "$B2" '^[0-9]+$' "another range ($B2)"
ok "disjoint from the first" test "$B2" -ge $((B1 + 65536)) -o $((B2 + 65536)) -le "$B1"
ok "no idmap= in its config" sh -c "! grep -q idmap= '$P/u2/config'"
is "$(stat -c %u:%g "$P/u2/rootfs")" "$B2:$B2" "shifted: the rootfs's top"
is "$(stat -c %u:%g "$P/u2/rootfs/home/user/f")" "$((B2 + 1000)):$((B2 + 1001))" "a user's file: BASE+1000:BASE+1001"
is "$(stat -c %h:%u "$P/u2/rootfs/home/user/hard")" "2:$((B2 + 1000))" "its hard link shifted once"
is "$(stat -c %a:%u "$P/u2/rootfs/bin/suid")" "4755:$B2" "a set-user-ID file stays set-user-ID"
is "$(stat -c %a:%g "$P/u2/rootfs/bin/sgid")" "2755:$((B2 + 5))" "a set-group-ID file stays set-group-ID"
is "$(stat -c %u "$P/u2/rootfs/bin/sh")" "$B2" "a symlink itself"
if getcap "$P/u2/rootfs/bin/capped" 2>/dev/null | grep -q cap_net_raw; then
	like "$(getcap -n "$P/u2/rootfs/bin/capped")" "cap_net_raw[=+]ep \[rootid=$B2\]" \
		"file capabilities rewritten with rootid BASE"
else
	skip "no setcap/getcap here"
fi
ok "start the shifted one" "$CTBOX" start -P "$P" -n u2
is "$(host_uids "$(init_pid u2)")" "$B2 $B2 $B2 $B2" "its init runs as host uid BASE"
is "$("$CTBOX" attach -P "$P" -n u2 -- stat -c %u:%g:%a /home/user/f /bin/suid | tr '\n' ' ')" \
	"1000:1001:644 0:0:4755 " "inside: the owners as the template made them, setuid kept"
ok "stop it" "$CTBOX" stop -P "$P" -n u2 -k

# ---- several creates at once get different ranges ----
for n in c1 c2 c3; do
	"$CTBOX" create -P "$P" -n $n -t none -f "$T/empty.conf" >"$T/$n.out" 2>&1 &
	eval "pid_$n=\$!"
done
rcs=""
for n in c1 c2 c3; do
	eval "wait \$pid_$n"
	rcs="$rcs$?"
done
is "$rcs" 000 "three creates at once"
[ "$rcs" = 000 ] || diag "$(cat "$T/c1.out" "$T/c2.out" "$T/c3.out")" >&2
bases="$(base_of c1) $(base_of c2) $(base_of c3) $B1 $B2"
is "$(printf '%s\n' $bases | sort -u | grep -c .)" 5 "five containers, five ranges ($bases)"

# ---- --privileged, lxc-create, no user namespaces ----
ok "create --privileged" "$CTBOX" create -P "$P" -n p1 -t busybox -f "$T/empty.conf" --privileged
ok "gives no lxc.idmap" sh -c "! grep -q '^lxc.idmap' '$P/p1/config'"
is "$(rec_base p1)" "" "and no range"
is "$(stat -c %u "$P/p1/rootfs/bin/busybox")" 0 "and a root-owned rootfs"
ln -s "$CTBOX" "$T/lxc-create"
ok "lxc-create" "$T/lxc-create" -P "$P" -n l1 -t busybox -f "$T/empty.conf"
ok "gives no lxc.idmap (as LXC)" sh -c "! grep -q '^lxc.idmap' '$P/l1/config'"
is "$(rec_base l1)" "" "and no range"
printf '%s\n' "lxc.net.0.type = empty" "lxc.idmap = u 0 300000 65536" "lxc.idmap = g 0 400000 65536" > "$T/mapped.conf"
ok "lxc-create -f a config that maps ids" "$T/lxc-create" -P "$P" -n l2 -t busybox -f "$T/mapped.conf"
is "$(grep -c '^lxc.idmap' "$P/l2/config")" 2 "keeps the config's maps, adds none"
ok "and no idmap= (as LXC)" sh -c "! grep -q idmap= '$P/l2/config'"
is "$(stat -c %u:%g "$P/l2/rootfs/bin/busybox")" "300000:400000" "its rootfs shifted to those maps"
is "$(rec_base l2)" "" "and no range recorded"
out=$(CTBOX_FORCE_FALLBACK=userns "$CTBOX" create -P "$P" -n n1 -t none -f "$T/empty.conf" 2>&1)
is "$?" 0 "bare create without user namespaces (forced)"
is "$out" "ctbox: create: warning: no user namespaces in this kernel: 'n1' is a privileged container" \
	"says so in one line"
ok "privileged: no lxc.idmap" sh -c "! grep -q '^lxc.idmap' '$P/n1/config'"

# ---- copies share the range; destroy frees it ----
ok "copy u2 to u2c" "$CTBOX" copy -P "$P" -n u2 -N u2c
is "$(base_of u2c)" "$B2" "the copy has the same maps"
is "$(rec_base u2c)" "$B2" "and is recorded with the same range"
is "$(stat -c %u:%g "$P/u2c/rootfs/home/user/f")" "$((B2 + 1000)):$((B2 + 1001))" "copy keeps the shifted owners"
ok "destroy u2" "$CTBOX" destroy -P "$P" -n u2
is "$(rec_base u2)" "" "its line is gone"
ok "create u4" "$CTBOX" create -P "$P" -n u4 -t none -f "$T/empty.conf"
ok "u4 does not get the range the copy still uses" test "$(base_of u4)" != "$B2"
ok "destroy u1" "$CTBOX" destroy -P "$P" -n u1
is "$(rec_base u1)" "" "u1's line is gone"
ok "create u5" "$CTBOX" create -P "$P" -n u5 -t none -f "$T/empty.conf"
is "$(base_of u5)" "$B1" "u5 gets u1's freed range back (the lowest free)"
for n in u2c u4 u5 c1 c2 c3; do "$CTBOX" destroy -P "$P" -n $n; done
is "$(grep -vc '^#' "$R")" 0 "every range is free once they are destroyed"

# ---- a corrupt record: a clear error, nothing made ----
cp "$R" "$T/rec.ok"
echo "not a record line" >> "$R"
out=$("$CTBOX" create -P "$P" -n bad -t busybox -f "$T/empty.conf" 2>&1)
is "$?" 1 "a corrupt record: create fails"
like "$out" "^ctbox: create: can't give the container an id range: $R line [0-9]+ is corrupt" "naming the file and line"
ok "and leaves no container" test ! -e "$P/bad"
cp "$T/rec.ok" "$R"
done_testing
