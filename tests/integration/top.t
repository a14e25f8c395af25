#!/bin/sh
# top (lxc-top): two busybox containers, one spinning in a busy loop, one
# asleep. Batch mode (lxc-top's CSV) with a short delay and a bounded
# number of refreshes: both names, the busy one's CPU growing more, the
# sort keys with and without -r, memory counted, no escape codes; -f and
# -n; bad input. On a pty: lxc-top's screen, keys, q, SIGINT and SIGTERM
# quit and the terminal's settings come back. Root only.
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"
. "$CTBOX_SRC/tests/integration/ct.sh" top start stop info
top() { "$CTBOX" top -P "$P" "$@"; }
# data lines of CSV output: NAME CPU_NANOS MEM per line
csv() { printf '%s\n' "$1" | awk -F, 'NR > 1 { print $2, $3, $8 }'; }

mkct busy "lxc.init.cmd = /bin/sh /busy.sh"
echo 'while :; do :; done' > "$P/busy/rootfs/busy.sh"
mkct idle "lxc.init.cmd = /bin/sleep 1000"
mkct off

ok "start busy" "$CTBOX" start -P "$P" -n busy
ok "start idle" "$CTBOX" start -P "$P" -n idle

# -- batch: lxc-top's CSV, one line per container and refresh --
out=$(top -b -d 0.5 -i 4 2>"$T/err")
is "$?" 0 "top -b -d 0.5 -i 4 exits 0"
is "$(cat "$T/err")" "" "nothing on stderr"
is "$(printf '%s\n' "$out" | head -n 1)" \
	"time_ms,container,cpu_nanos,cpu_sys_userhz,cpu_user_userhz,blkio_bytes,blkio_iops,mem_used_bytes,memsw_used_bytes,kernel_mem_used_bytes" \
	"the CSV header of lxc-top -b"
is "$(csv "$out" | awk '{ print $1 }' | tr '\n' ' ')" "busy idle busy idle busy idle busy idle " \
	"4 refreshes of both running containers, by name (the stopped one left out)"
like "$(printf '%s\n' "$out" | sed -n 2p)" '^[0-9]{13},busy(,[0-9]+){8}$' "a line: time in ms, name, 8 figures"
ok "no escape codes in batch output" sh -c '! printf "%s" "$1" | grep -q "$(printf "\033")"' sh "$out"
# the busy one's CPU time grows more over the interval (generous: any more)
b1=$(csv "$out" | awk '$1 == "busy" { print $2; exit }')
b4=$(csv "$out" | awk '$1 == "busy" { v = $2 } END { print v }')
i1=$(csv "$out" | awk '$1 == "idle" { print $2; exit }')
i4=$(csv "$out" | awk '$1 == "idle" { v = $2 } END { print v }')
diag "busy: $b1 -> $b4 ns, idle: $i1 -> $i4 ns"
ok "the busy container's CPU grew more than the idle one's" test $((b4 - b1)) -gt $((i4 - i1))
ok "and it used more CPU in all" test "$b4" -gt "$i4"
ok "memory is counted for both" sh -c '[ -n "$1" ] && ! printf "%s\n" "$1" | awk "\$3 == 0 { bad = 1 } END { exit !bad }"' \
	sh "$(csv "$out")"
times=$(printf '%s\n' "$out" | awk -F, 'NR > 1 { print $1 }' | uniq | tr '\n' ' ')
set -- $times
ok "refreshes at least 0.5 s apart ($times)" test $((${4:-0} - ${1:-0})) -ge 1400

# -- sorting --
first() { top -b -d 1 -i 1 "$@" | awk -F, 'NR == 2 { print $2 }'; }
is "$(first)" busy "default: by name"
is "$(first -s n -r)" idle "-s n -r: names descending"
is "$(first -s c)" busy "-s c: the largest CPU first"
is "$(first -s c -r)" idle "-s c -r: the smallest CPU first"
is "$(first --sort=c --reverse)" idle "--sort=c --reverse"
for k in b m s k; do
	ok "-s $k is a sort key" sh -c '"$@" >/dev/null' sh "$CTBOX" top -P "$P" -b -d 1 -i 1 -s $k
done
is "$(top -b -d 1 -i 1 -f '^id' | awk -F, 'NR > 1 { print $2 }')" idle "-f REGEX: only matching names"
is "$(top -b -d 1 -i 1 -n busy | awk -F, 'NR > 1 { print $2 }')" busy "-n NAME: only that container"
is "$(top -b -d 1 -i 2 -f '^nomatch$' | wc -l)" 1 "no container: the header only"
is "$(CTBOX_LXCPATH=$P "$CTBOX" lxc-top -b -d 1 -i 1 | awk -F, 'NR > 1 { print $2 }' | tr '\n' ' ')" \
	"busy idle " "as lxc-top, lxcpath from CTBOX_LXCPATH"

# -- bad input: a clear error, exit 1, no output --
bad() {
	name=$1 want=$2
	shift 2
	o=$("$@" 2>"$T/err" </dev/null)
	rc=$?
	if [ "$rc" = 1 ] && [ -z "$o" ] && grep -q -- "^ctbox: top: .*$want" "$T/err"; then
		pass "$name"
	else
		fail "$name"
		diag "rc=$rc out='$o' err='$(cat "$T/err")'"
	fi
}
bad "-s x: unknown sort key" "invalid sort key 'x'" top -b -s x
bad "-s cm: one letter only" "invalid sort key 'cm'" top -b -s cm
bad "-d 0" "invalid delay '0'" top -b -d 0
bad "-d -1" "invalid delay '-1'" top -b -d -1
bad "-d abc" "invalid delay 'abc'" top -b -d abc
bad "-i 0" "" top -b -d 1 -i 0
bad "a nonexistent lxcpath" "lxcpath '$T/nope': No such file or directory" "$CTBOX" top -P "$T/nope" -b -d 1 -i 1
bad "an lxcpath that is a file" "lxcpath '$P/busy/config' is not a directory" "$CTBOX" top -P "$P/busy/config" -b
bad "a bad regular expression" "invalid regular expression" top -b -f '('
bad "a bad name" "invalid container name" top -b -n ../x
bad "no terminal and no -b" "stdin is not a terminal" top -d 1 -i 1

# -- the screen, on a pty --
if ! command -v python3 >/dev/null; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do skip "no python3 to drive a pty"; done
else
	# wrap.sh runs in the pty: notes the terminal's settings before and
	# after top, its PID and exit status.
	cat > "$T/wrap.sh" <<-EOF
	#!/bin/sh
	stty rows 30 cols 160
	stty -g > "$T/before"
	sh -c 'echo \$\$ > "$T/pid"; exec "\$@"' sh "$CTBOX" top -P "$P" -d 1
	echo \$? > "$T/rc"
	stty -g > "$T/after"
	EOF
	chmod +x "$T/wrap.sh"
	# drive.py SCENARIO: start wrap.sh, wait for a screen, then q (after
	# c c), or SIGINT, or SIGTERM; print what the terminal got.
	cat > "$T/drive.py" <<-'EOF'
	import os, pty, select, signal, sys, termios, time
	scen, wrap, tmp = sys.argv[1:4]
	pid, fd = pty.fork()
	if pid == 0:
	    os.execv(wrap, [wrap])
	out = b""
	def pump(t, until=None):
	    global out
	    end = time.time() + t
	    while time.time() < end:
	        if until and out.count(until[0]) >= until[1]:
	            return
	        r, _, _ = select.select([fd], [], [], 0.05)
	        if r:
	            try:
	                d = os.read(fd, 65536)
	            except OSError:
	                return
	            if not d:
	                return
	            out += d
	pump(20, (b"TOTAL", 1))
	echo = termios.tcgetattr(fd)[3] & (termios.ECHO | termios.ICANON)
	open(tmp + "/during", "w").write("%d" % echo)
	if scen == "q":
	    os.write(fd, b"c")
	    pump(5, (b"TOTAL", 2))
	    os.write(fd, b"c")
	    pump(5, (b"TOTAL", 3))
	    os.write(fd, b"q")
	else:
	    top = int(open(tmp + "/pid").read())
	    os.kill(top, signal.SIGINT if scen == "int" else signal.SIGTERM)
	for i in range(200):
	    done, _ = os.waitpid(pid, os.WNOHANG)
	    if done:
	        break
	    pump(0.05)
	else:
	    os.kill(pid, signal.SIGKILL)
	    os.waitpid(pid, 0)
	pump(0.2)
	sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
	EOF
	esc=$(printf '\033')
	for scen in q int term; do
		rm -f "$T/rc" "$T/before" "$T/after" "$T/pid" "$T/during"
		out=$(python3 "$T/drive.py" $scen "$T/wrap.sh" "$T")
		want=0
		[ $scen = term ] && want=143
		is "$(cat "$T/rc" 2>/dev/null)" $want "pty, $scen: top exits $want"
		is "$(cat "$T/during" 2>/dev/null)" 0 "pty, $scen: no echo, no line editing while top runs"
		ok "pty, $scen: the terminal's settings are restored" \
			sh -c '[ -s "$1/before" ] && cmp -s "$1/before" "$1/after"' sh "$T"
		[ $scen = q ] || continue
		case $out in
		*"${esc}[H${esc}[J${esc}[7m${esc}[1mContainer "*) pass "pty: lxc-top's screen (clear, reverse header)" ;;
		*) fail "pty: lxc-top's screen (clear, reverse header)"; diag "$out" ;;
		esac
		like "$out" "^Name +Used +Sys +User +Total\\(Read/Write\\) +Used" "pty: the second header line"
		like "$out" "TOTAL 2 of 2 +[0-9]+\\.[0-9]{2} " "pty: the total line"
		# the last screen, after c c (CPU, reversed): idle before busy
		last=$(printf '%s\n' "$out" | awk -v e="$esc" 'index($0, e "[H") { s = "" } { s = s $0 "\n" } END { printf "%s", s }')
		is "$(printf '%s\n' "$last" | awk '$1 == "busy" || $1 == "idle" { printf "%s ", $1 }')" "idle busy " \
			"pty: c twice sorts by CPU, reversed"
	done
fi

ok "stop busy" "$CTBOX" stop -P "$P" -n busy -k
ok "stop idle" "$CTBOX" stop -P "$P" -n idle -k
# stop -k answers before the monitor removed the groups top reads.
header_only() { [ "$(top -b -d 1 -i 1 | wc -l)" = 1 ]; }
ok "nothing runs: the header only" eventually header_only
done_testing
