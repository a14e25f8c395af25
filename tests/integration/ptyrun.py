#!/usr/bin/env python3
import os, pty, sys, time, termios, struct, fcntl, select, signal, subprocess
# ptyrun.py SCENARIO CTBOX LXCPATH NAME TMPDIR: drive attach on a real pty
scen, ctbox, P, name, tmp = sys.argv[1:6]
pid, fd = pty.fork()
if pid == 0:
    att = "'%s' attach -P '%s' -n '%s' -- /bin/sh -i" % (ctbox, P, name)
    os.execv("/bin/sh", ["sh", "-c", "stty -g > %s/before; %s; stty -g > %s/after" % (tmp, att, tmp)])
out = b""
def pump(t):
    global out
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                d = os.read(fd, 4096)
            except OSError:
                return
            if not d:
                return
            out += d
def send(s):
    os.write(fd, s.encode())
pump(1.0)
if scen == "winch":
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 41, 133, 0, 0))
    pump(0.3)
    send("busybox stty size\r")
    pump(0.8)
    send("exit\r")
elif scen == "jobs":
    send("sleep 30\r")
    pump(0.5)
    send("\x1a")
    pump(0.5)
    send("jobs\r")
    pump(0.5)
    send("kill -9 %1\r")
    pump(0.3)
    send("exit\r")
elif scen == "killed":
    subprocess.run([ctbox, "stop", "-P", P, "-n", name, "-k"])
pump(1.0)
for i in range(60):
    done, _ = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    pump(0.05)
else:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
