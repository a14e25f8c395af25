#!/bin/sh
# What configuration keys do to a started container, seen from inside by
# the probe: mount entries, environment, capabilities, limits, sysctls,
# lxc.proc, user and working directory, user namespaces, hooks; keys this
# build cannot apply are refused, not ignored. Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" start stop info

has_mount() { printf '%s\n' "$probe" | grep -q "^mount=$1"; }

mkdir -p "$T/share"
echo shared > "$T/share/file"
mkct f1 \
	"lxc.mount.entry = tmpfs tmp/scratch tmpfs create=dir,size=1m 0 0" \
	"lxc.mount.entry = $T/share mnt/share none bind,ro,create=dir 0 0" \
	"lxc.mount.entry = /nonexistent mnt/opt none bind,optional,create=dir 0 0" \
	"lxc.environment = FOO=bar" \
	"lxc.prlimit.nofile = 100:200" \
	"lxc.sysctl.net.ipv4.ip_forward = 1" \
	"lxc.proc.oom_score_adj = 500" \
	"lxc.no_new_privs = 1" \
	"lxc.init.cwd = /tmp"
ok "start with mount entries, environment, limits, sysctls" run f1
ok "a tmpfs mount entry with create=dir" has_mount "tmpfs /tmp/scratch tmpfs"
ok "a read-only bind mount entry" has_mount "[^ ]* /mnt/share [^ ]* ro"
ok "an optional entry whose source is missing is skipped" sh -c "! printf '%s\n' \"\$1\" | grep -q ' /mnt/opt '" - "$probe"
is "$(pv foo)" bar "lxc.environment"
is "$(pv nofile)" "100:200" "lxc.prlimit.nofile"
is "$(pv ip_forward)" 1 "lxc.sysctl in the container's network namespace"
is "$(cat /proc/sys/net/ipv4/ip_forward)" "$(cat /proc/sys/net/ipv4/ip_forward)" "the host's sysctl untouched"
is "$(pv oom_score_adj)" 500 "lxc.proc.oom_score_adj"
is "$(pv NoNewPrivs)" 1 "lxc.no_new_privs"
is "$(pv cwd)" /tmp "lxc.init.cwd"

mkct f2 "lxc.cap.keep = none" "lxc.init.uid = 1000" "lxc.init.gid = 1000"
ok "start with cap.keep none and another user" run f2
is "$(pv CapBnd)" "0000000000000000" "lxc.cap.keep = none empties the bounding set"
is "$(pv uid)" 1000 "lxc.init.uid"

mkct f3 "lxc.cap.drop =" "lxc.cap.drop = net_raw"
ok "start with the default drop cleared" run f3
capbnd=$(pv CapBnd)
ok "only net_raw (bit 13) is dropped ($capbnd)" sh -c "[ \$(( 0x$capbnd & (1<<13) )) = 0 ] && [ \$(( 0x$capbnd & (1<<16) )) != 0 ]"

if [ -e /proc/self/uid_map ] && unshare -U true 2>/dev/null; then
	mkct f4 "lxc.idmap = u 0 100000 65536" "lxc.idmap = g 0 100000 65536"
	# The run dir (under $T) must be reachable; the lxcpath need not be.
	chmod 711 "$T"; chmod 700 "$P"
	ok "start in a user namespace (lxc.idmap)" run f4
	is "$(pv uid)" 0 "root inside"
	like "$(pv uid_map)" "^ *0 +100000 +65536$" "its uid_map"
	is "$(pv pid)" 1 "still PID 1"
else
	skip "no user namespaces here"
fi

cat > "$T/hook.sh" <<EOF
#!/bin/sh
echo "\$3 \$LXC_HOOK_TYPE \$LXC_NAME \$LXC_ROOTFS_PATH \$LXC_CONFIG_FILE" >> "$T/hooks.log"
EOF
chmod +x "$T/hook.sh"
mkct f5 "lxc.hook.pre-start = $T/hook.sh" "lxc.hook.post-stop = $T/hook.sh"
ok "start with hooks" run f5
is "$(cat "$T/hooks.log" 2>/dev/null | tr '\n' '|')" \
	"pre-start pre-start f5 $P/f5/rootfs $P/f5/config|post-stop post-stop f5 $P/f5/rootfs $P/f5/config|" \
	"pre-start and post-stop hooks ran with LXC's arguments and environment"
# autodev runs in the container's mount namespace before pivot_root, with
# its /dev mounted; start-host on the host once the container is set up.
cat > "$T/hook2.sh" <<EOF
#!/bin/sh
if [ "\$3" = autodev ]; then
	test -c "\$LXC_ROOTFS_MOUNT/dev/null" && echo "autodev dev-ready" >> "$T/hooks2.log"
	touch "\$LXC_ROOTFS_MOUNT/dev/made-by-autodev-hook"
else
	echo "\$3 \$(readlink /proc/self/ns/mnt)" >> "$T/hooks2.log"
fi
EOF
chmod +x "$T/hook2.sh"
mkct f9 "lxc.init.cmd = /probe sleep 1000" "lxc.hook.autodev = $T/hook2.sh" \
	"lxc.hook.start-host = $T/hook2.sh"
ok "start with autodev and start-host hooks" "$CTBOX" start -P "$P" -n f9
is "$(cat "$T/hooks2.log" 2>/dev/null | tr '\n' '|')" "autodev dev-ready|start-host $(readlink /proc/self/ns/mnt)|" \
	"autodev ran with the container's /dev, then start-host in the host's mount namespace"
ok "what the autodev hook made is in the container's /dev" \
	"$CTBOX" attach -P "$P" -n f9 -- sh -c "test -e /dev/made-by-autodev-hook"
like "$("$CTBOX" attach -P "$P" -n f9 -- cat /proc/mounts | grep ' /dev tmpfs ')" "^none /dev tmpfs " \
	"autodev's /dev is named as LXC names it (source none)"
"$CTBOX" stop -P "$P" -n f9 -k
printf '#!/bin/sh\nexit 4\n' > "$T/bad-host-hook.sh"
chmod +x "$T/bad-host-hook.sh"
mkct f10 "lxc.hook.start-host = $T/bad-host-hook.sh"
out=$("$CTBOX" start -P "$P" -n f10 2>&1)
is "$?" 1 "a failing start-host hook stops the start"
like "$out" "start-host hook '$T/bad-host-hook.sh' failed \(exit status 4\)" "and says so"
is "$(state f10)" STOPPED "and the container is STOPPED"

printf '#!/bin/sh\nexit 3\n' > "$T/bad-hook.sh"
chmod +x "$T/bad-hook.sh"
mkct f6 "lxc.hook.pre-start = $T/bad-hook.sh"
out=$("$CTBOX" start -P "$P" -n f6 2>&1)
is "$?" 1 "a failing pre-start hook stops the start"
like "$out" "pre-start hook '$T/bad-hook.sh' failed \(exit status 3\)" "and says so"
is "$("$CTBOX" info -P "$P" -n f6 -s | awk '{ print $2 }')" STOPPED "and the container is STOPPED"

# Keys this build cannot apply are refused at start, not ignored.
for line in "lxc.seccomp.notify.proxy = unix:/run/x" "lxc.tty.dir = lxc"; do
	mkct f7 "$line"
	out=$("$CTBOX" start -P "$P" -n f7 2>&1)
	is "$?" 1 "refused at start: $line"
	like "$out" "cannot|not supported" "with a reason"
done

# lxc.hook.stop: after init is gone, in the host's namespaces, with
# NS:PATH arguments that still open the container's namespaces.
cat > "$T/stop-hook.sh" <<EOF
#!/bin/sh
{
  echo "\$3 \$LXC_HOOK_TYPE"
  for a; do case "\$a" in *:/proc/*) echo "\${a%%:*} \$(readlink "\${a#*:}")" ;; esac; done
  readlink /proc/self/ns/net | sed 's/^/self /'
} > "$T/stop-hook.log"
EOF
chmod +x "$T/stop-hook.sh"
mkct f9 "lxc.hook.stop = $T/stop-hook.sh" "lxc.init.cmd = /bin/sleep 1000"
ok "start with a stop hook" "$CTBOX" start -P "$P" -n f9
initpid=$("$CTBOX" info -P "$P" -n f9 -p | awk '{ print $2 }')
netns=$(readlink "/proc/$initpid/ns/net")
mntns=$(readlink "/proc/$initpid/ns/mnt")
ok "stop it" "$CTBOX" stop -P "$P" -n f9 -k
is "$(head -1 "$T/stop-hook.log")" "stop stop" "the stop hook ran, as type stop"
is "$(awk '$1 == "net" { print $2 }' "$T/stop-hook.log")" "$netns" "its net:PATH argument is the container's network namespace"
is "$(awk '$1 == "mnt" { print $2 }' "$T/stop-hook.log")" "$mntns" "and mnt:PATH its mount namespace"
is "$(awk '$1 == "self" { print $2 }' "$T/stop-hook.log")" "$(readlink /proc/self/ns/net)" "the hook itself ran in the host's namespace"

mkct f8 "lxc.net.0.type = none" "lxc.uts.name = f8"
ok "lxc.net.0.type = none starts" run f8
is "$(pv ifaces | tr ',' '\n' | grep . | sort | tr '\n' ',')" "$(ls /sys/class/net | sort | tr '\n' ',')" "and sees the host's interfaces"

done_testing
