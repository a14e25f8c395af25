#!/usr/bin/python3
"""mkarchive.py: a small signed Debian-style archive for the rootfs tests.

    mkarchive.py OUTDIR KEYDIR [OUTSIDE]

Everything is made at run time (standard library, dpkg-deb and gpg):

KEYDIR    gnupg/ and gnupg-other/ (throwaway GNUPGHOMEs, agents stopped at
          the end), good.gpg and good.asc (the signing key, binary and
          armoured), other.gpg (an unrelated key).
OUTDIR    dists/SUITE/{InRelease,Release,Release.gpg,
          main/binary-ARCH/Packages{,.gz,.xz}} and pool/main/..., ARCH the
          host's (dpkg --print-architecture).
OUTSIDE   where the evil symlinks point (default OUTDIR/../outside); the
          test checks that it stays empty.

Suites (same packages unless said):
  good               signed, Valid-Until ten years ahead
  expired            Valid-Until in the past
  badsig             InRelease and Release changed after signing
  tampered-packages  the Packages files changed after Release was made
  tampered-deb       also lists tampered-pkg, whose .deb in the pool was
                     changed (same size) after Packages was made
  nosig              Release only: no InRelease, no Release.gpg
  nogz               no Packages.gz (neither on the mirror nor in Release)
  xzonly             only Packages.xz: no Packages.gz, no uncompressed
                     Packages (nor their entries in Release)

Packages (Priority optional unless said):
  base          Essential, required: static busybox as /bin/busybox and
                applet links, conffile /etc/base.conf, a preinst writing
                /var/lib/base/preinst-ran ("$1") and a postinst writing
                /var/lib/base/configured ("$1"); a man page, a locale file
                and docs (for --slim)
  libfoo1       1:2.0-1, Multi-Arch: same, Provides: libfoo-abi (= 2)
  needs-foo     required: Depends: nonexistent-pkg | libfoo1 (>= 1:1.5)
  cyc-a, cyc-b  required, each Depends on the other; postinsts mark;
                cyc-b's control file says Priority: optional, Section: misc,
                its Packages stanza required, admin (as ftp-master's
                override makes the archive differ from a .deb)
  apt           important: an empty stand-in (minbase = required + apt);
                control Section: misc, Packages Section: admin
  early, late   late Pre-Depends: early; late's postinst fails unless
                early's postinst ran (/var/lib/early/configured)
  mta-user      Depends: mail-transport-agent
  tiny-mta      Provides: mail-transport-agent
  old-only      1.0;  wants-new: Depends: old-only (>= 2.0)
  bad-postinst  postinst exits 1
  par-a, par-b  each postinst marks its start, then waits (30 s at most)
                for the other's: both pass only when they run side by side
  lock-a, lock-b  postinsts naming update-alternatives (one class of shared
                state), each holding /var/lib/lockab/held for a second:
                either fails when they run at the same time
  nosync-check  preinst and postinst record their Seccomp: line and whether
                fsync and fdatasync of /dev/null (EINVAL when they run)
                succeeded, in /var/lib/nosync-check/{pre,post}
  evil-dotdot   data.tar member ../escape
  evil-abs      data.tar member /abs-escape
  evil-symlink  ./evil -> OUTSIDE (absolute), then ./evil/file
  evil-symlink-rel  ./evil -> ../../(x12)OUTSIDE, then ./evil/file
  evil-hardlink ./passwd, a hard link to /etc/passwd
  evil-hardlink-rel ./passwd, a hard link to ../../(x12)etc/passwd
  tampered-pkg  (tampered-deb suite only)
  shared-a, shared-b  both ship /usr/share/shared/file (different data)
                and the directory /usr/share/shared/priv (0755 in
                shared-a, 0700 in shared-b): unpacked in order, shared-b's
                file and mode win, however many unpack at once
  clash-a, clash-b  /usr/share/clash is a symlink to clash-real in
                clash-a and a directory holding a file in clash-b: only
                their order settles it (ctbox unpacks them again in order)
The evil .debs are written by hand (ar and tar bytes): dpkg-deb refuses
them.
"""
import gzip
import hashlib
import io
import lzma
import os
import shutil
import subprocess
import sys
import tarfile
import time

SUITES = ["good", "expired", "badsig", "tampered-packages", "tampered-deb", "nosig", "nogz",
          "xzonly"]
UID = "ctbox test archive <archive@ctbox.invalid>"
OTHER_UID = "someone else <other@ctbox.invalid>"
MTIME = 1700000000
UP = "../" * 12


def run(*argv, env=None, **kw):
    subprocess.run(argv, check=True, env=env, **kw)


def host_arch():
    return subprocess.run(["dpkg", "--print-architecture"], check=True,
                          capture_output=True, text=True).stdout.strip()


def multiarch():
    try:
        return subprocess.run(["dpkg-architecture", "-qDEB_HOST_MULTIARCH"], check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "x86_64-linux-gnu"


# ---- keys ----

def gpg_env(home):
    env = dict(os.environ)
    env["GNUPGHOME"] = home
    env.pop("GPG_AGENT_INFO", None)
    return env


def gpg(home, *args, **kw):
    return subprocess.run(["gpg", "--batch", "--quiet", "--no-tty", "--pinentry-mode",
                           "loopback", "--passphrase", ""] + list(args),
                          check=True, env=gpg_env(home), **kw)


def make_key(home, uid):
    os.makedirs(home, mode=0o700, exist_ok=True)
    gpg(home, "--quick-gen-key", uid, "rsa2048", "sign", "never")


def stop_agent(home):
    subprocess.run(["gpgconf", "--homedir", home, "--kill", "gpg-agent"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_keys(keydir):
    os.makedirs(keydir, exist_ok=True)
    home = os.path.join(keydir, "gnupg")
    other = os.path.join(keydir, "gnupg-other")
    make_key(home, UID)
    make_key(other, OTHER_UID)
    with open(os.path.join(keydir, "good.gpg"), "wb") as f:
        gpg(home, "--export", UID, stdout=f)
    with open(os.path.join(keydir, "good.asc"), "wb") as f:
        gpg(home, "--armor", "--export", UID, stdout=f)
    with open(os.path.join(keydir, "other.gpg"), "wb") as f:
        gpg(other, "--export", OTHER_UID, stdout=f)
    stop_agent(other)
    return home


# ---- packages built with dpkg-deb ----

class Pkg:
    def __init__(self, name, version="1.0", arch="all", prio="optional", fields=None,
                 files=None, links=None, scripts=None, conffiles=None, comp="gzip",
                 override=None):
        self.name, self.version, self.arch, self.prio = name, version, arch, prio
        self.override = override or {}    # Field -> value in Packages only
        self.fields = fields or []        # [(Field, value)] after Priority
        self.files = files or {}          # path -> (bytes, mode)
        self.links = links or {}          # path -> target
        self.scripts = scripts or {}      # preinst/postinst/... -> text
        self.conffiles = conffiles or []
        self.comp = comp
        self.deb = None                   # bytes, once built

    def control(self, arch):
        a = arch if self.arch == "any" else self.arch
        lines = [("Package", self.name), ("Version", self.version), ("Architecture", a),
                 ("Maintainer", "ctbox tests <tests@ctbox.invalid>"),
                 ("Installed-Size", "1"), ("Priority", self.prio), ("Section", "misc")]
        lines += self.fields
        lines.append(("Description", "test package %s\n for ctbox's rootfs builder tests" % self.name))
        return lines

    def pool_name(self, arch):
        a = arch if self.arch == "any" else self.arch
        ver = self.version.split(":", 1)[-1]
        prefix = self.name[:4] if self.name.startswith("lib") else self.name[0]
        return "pool/main/%s/%s/%s_%s_%s.deb" % (prefix, self.name, self.name, ver, a)


def fmt_control(fields):
    return "".join("%s: %s\n" % kv for kv in fields)


def build_deb(p, arch, work):
    root = os.path.join(work, p.name)
    os.makedirs(os.path.join(root, "DEBIAN"))
    for path, (data, mode) in p.files.items():
        dest = os.path.join(root, path.lstrip("/"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(data)
        os.chmod(dest, mode)
    for path, target in p.links.items():
        dest = os.path.join(root, path.lstrip("/"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.symlink(target, dest)
    with open(os.path.join(root, "DEBIAN", "control"), "w") as f:
        f.write(fmt_control(p.control(arch)))
    for name, text in p.scripts.items():
        path = os.path.join(root, "DEBIAN", name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o755)
    if p.conffiles:
        with open(os.path.join(root, "DEBIAN", "conffiles"), "w") as f:
            f.write("".join(c + "\n" for c in p.conffiles))
    # md5sums as dh_md5sums writes it: regular files but conffiles.
    sums = "".join("%s  %s\n" % (hashlib.md5(data).hexdigest(), path.lstrip("/"))
                   for path, (data, _) in sorted(p.files.items()) if path not in p.conffiles)
    if sums:
        with open(os.path.join(root, "DEBIAN", "md5sums"), "w") as f:
            f.write(sums)
    out = os.path.join(work, p.name + ".deb")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(MTIME))
    run("dpkg-deb", "--root-owner-group", "-Z" + p.comp, "--build", root, out,
        env=env, stdout=subprocess.DEVNULL)
    with open(out, "rb") as f:
        p.deb = f.read()


def marker_script(path, extra=""):
    return ("#!/bin/sh\nset -e\n%smkdir -p %s\necho \"$1\" > %s\n"
            % (extra, os.path.dirname(path), path))


def nosync_script(path):
    # busybox sync FILE fsyncs it, -d fdatasyncs: /dev/null refuses both.
    return ("#!/bin/sh\nmkdir -p %s\n{\n  grep '^Seccomp:' /proc/self/status\n"
            "  busybox sync /dev/null 2>/dev/null && echo fsync=0 || echo fsync=failed\n"
            "  busybox sync -d /dev/null 2>/dev/null && echo fdatasync=0 || echo fdatasync=failed\n"
            "} > %s\n" % (os.path.dirname(path), path))


def par_script(me, other):
    return ("#!/bin/sh\nmkdir -p /var/lib/par\ntouch /var/lib/par/%(me)s-started\ni=0\n"
            "while [ ! -e /var/lib/par/%(other)s-started ]; do\n"
            "  i=$((i + 1))\n"
            "  [ $i -le 300 ] || { echo '%(me)s: %(other)s never ran beside me' >&2; exit 1; }\n"
            "  sleep 0.1 2>/dev/null || sleep 1\n"
            "done\n"
            "echo '%(me)s saw %(other)s running'\necho \"$1\" > /var/lib/par/%(me)s-configured\n"
            % {"me": me, "other": other})


def lock_script(me):
    return ("#!/bin/sh\n# update-alternatives: named only to put this script in its class\n"
            "mkdir -p /var/lib/lockab\n"
            "mkdir /var/lib/lockab/held 2>/dev/null || { echo '%(me)s: the lock is held' >&2; exit 1; }\n"
            "sleep 1\nrmdir /var/lib/lockab/held\necho \"$1\" > /var/lib/lockab/%(me)s\n"
            % {"me": me})


def normal_packages(busybox):
    ma = multiarch()
    applets = ["sh", "cat", "ls", "echo", "mkdir", "touch", "rm", "sleep", "test", "[",
               "true", "false", "chmod", "ln", "cp", "mv", "sed", "grep", "head", "id",
               "hostname", "uname", "tar", "env", "readlink", "stat"]
    base = Pkg("base", arch="any", prio="required", fields=[("Essential", "yes")],
               files={"/bin/busybox": (busybox, 0o755),
                      "/etc/base.conf": (b"# base.conf: a conffile\nbase=1\n", 0o644),
                      "/usr/share/doc/base/copyright": (b"test data, no rights reserved\n", 0o644),
                      "/usr/share/doc/base/README": (b"the base package\n", 0o644),
                      "/usr/share/man/man1/base.1.gz": (gzip.compress(b".TH BASE 1\n", mtime=0), 0o644),
                      "/usr/share/locale/de/LC_MESSAGES/base.mo": (b"not really a catalogue\n", 0o644)},
               links=dict(("/bin/" + a, "busybox") for a in applets),
               scripts={"preinst": marker_script("/var/lib/base/preinst-ran"),
                        "postinst": marker_script("/var/lib/base/configured")},
               conffiles=["/etc/base.conf"], comp="xz")
    return [
        base,
        Pkg("libfoo1", version="1:2.0-1", arch="any",
            fields=[("Multi-Arch", "same"), ("Provides", "libfoo-abi (= 2)")],
            files={"/usr/lib/%s/libfoo.so.1" % ma: (b"not really a library\n", 0o644)}),
        Pkg("needs-foo", prio="required",
            fields=[("Depends", "nonexistent-pkg | libfoo1 (>= 1:1.5)")],
            files={"/usr/share/needs-foo/data": (b"needs foo\n", 0o644)}, comp="none"),
        Pkg("cyc-a", prio="required", fields=[("Depends", "cyc-b")],
            scripts={"postinst": marker_script("/var/lib/cyc-a/configured")}),
        Pkg("cyc-b", fields=[("Depends", "cyc-a")],
            override={"Priority": "required", "Section": "admin"},
            scripts={"postinst": marker_script("/var/lib/cyc-b/configured")}),
        Pkg("apt", version="2.0", arch="any", prio="important", override={"Section": "admin"},
            files={"/usr/share/doc/apt/README": (b"a stand-in, not apt\n", 0o644)}),
        Pkg("early", scripts={"postinst": marker_script("/var/lib/early/configured")}),
        Pkg("late", fields=[("Pre-Depends", "early")],
            scripts={"postinst": marker_script(
                "/var/lib/late/configured",
                "[ -e /var/lib/early/configured ] || { echo 'late: early is not configured' >&2; exit 1; }\n")}),
        Pkg("mta-user", fields=[("Depends", "mail-transport-agent")]),
        Pkg("tiny-mta", fields=[("Provides", "mail-transport-agent")],
            files={"/usr/sbin/sendmail": (b"#!/bin/sh\nexit 0\n", 0o755)}),
        Pkg("old-only", version="1.0"),
        Pkg("wants-new", fields=[("Depends", "old-only (>= 2.0)")]),
        Pkg("bad-postinst", scripts={"postinst": "#!/bin/sh\necho 'bad-postinst: failing on purpose' >&2\nexit 1\n"}),
        Pkg("par-a", scripts={"postinst": par_script("par-a", "par-b")}),
        Pkg("par-b", scripts={"postinst": par_script("par-b", "par-a")}),
        Pkg("lock-a", scripts={"postinst": lock_script("lock-a")}),
        Pkg("lock-b", scripts={"postinst": lock_script("lock-b")}),
        Pkg("nosync-check", scripts={"preinst": nosync_script("/var/lib/nosync-check/pre"),
                                     "postinst": nosync_script("/var/lib/nosync-check/post")}),
    ]


# ---- hand-made .debs (ar + tar bytes) ----

def ar_member(name, data):
    hdr = "%-16s%-12d%-6d%-6d%-8s%-10d`\n" % (name, MTIME, 0, 0, "100644", len(data))
    assert len(hdr) == 60
    return hdr.encode() + data + (b"\n" if len(data) % 2 else b"")


def tar_bytes(members, comp):
    """members: [(TarInfo, data or None)]"""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        for ti, data in members:
            ti.mtime = MTIME
            ti.uname = ti.gname = "root"
            if data is not None:
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
            else:
                t.addfile(ti)
    raw = buf.getvalue()
    if comp == "gz":
        return gzip.compress(raw, mtime=0)
    if comp == "xz":
        return lzma.compress(raw, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64)
    return raw


def ti(name, kind=tarfile.REGTYPE, mode=0o644, link=""):
    t = tarfile.TarInfo(name)
    t.type, t.mode, t.linkname = kind, mode, link
    return t


def dirs(*names):
    return [(ti(n, tarfile.DIRTYPE, 0o755), None) for n in names]


def raw_deb(p, arch, data_members, comp="gz"):
    ctl = fmt_control(p.control(arch)).encode()
    control = tar_bytes(dirs("./") + [(ti("./control"), ctl)], "gz")
    data = tar_bytes(data_members, comp)
    p.deb = (b"!<arch>\n" + ar_member("debian-binary", b"2.0\n")
             + ar_member("control.tar.gz", control)
             + ar_member("data.tar." + comp, data))


def evil_packages(arch, outside):
    payload = b"if you can read this outside the root, the extractor is broken\n"
    out = []

    def add(name, members, comp="gz"):
        p = Pkg(name)
        raw_deb(p, arch, members, comp)
        out.append(p)

    add("evil-dotdot", dirs("./", "./usr/") + [(ti("../escape"), payload)])
    add("evil-abs", dirs("./", "./usr/") + [(ti("/abs-escape"), payload)], "xz")
    add("evil-symlink", dirs("./") + [(ti("./evil", tarfile.SYMTYPE, 0o777, outside), None),
                                      (ti("./evil/file"), payload)])
    add("evil-symlink-rel", dirs("./") + [(ti("./evil", tarfile.SYMTYPE, 0o777,
                                              UP + outside.lstrip("/")), None),
                                          (ti("./evil/file"), payload)], "xz")
    # The hard links only: no member is written through them afterwards,
    # so a broken extractor cannot damage the host's /etc/passwd.
    add("evil-hardlink", dirs("./") + [(ti("./passwd", tarfile.LNKTYPE, 0o644, "/etc/passwd"), None)])
    add("evil-hardlink-rel", dirs("./") + [(ti("./passwd", tarfile.LNKTYPE, 0o644,
                                                UP + "etc/passwd"), None)])
    return out


def order_packages(arch):
    """Packages whose unpacked tree depends on the order they are unpacked in."""
    out = []

    def add(name, members, comp="gz"):
        p = Pkg(name)
        raw_deb(p, arch, members, comp)
        out.append(p)

    shared = dirs("./", "./usr/", "./usr/share/", "./usr/share/shared/")
    add("shared-a", shared + [(ti("./usr/share/shared/priv/", tarfile.DIRTYPE, 0o755), None),
                              (ti("./usr/share/shared/file"), b"from shared-a\n")])
    add("shared-b", shared + [(ti("./usr/share/shared/priv/", tarfile.DIRTYPE, 0o700), None),
                              (ti("./usr/share/shared/file"), b"from shared-b, longer\n")], "xz")
    add("clash-a", dirs("./", "./usr/", "./usr/share/") +
        [(ti("./usr/share/clash", tarfile.SYMTYPE, 0o777, "clash-real"), None)])
    add("clash-b", dirs("./", "./usr/", "./usr/share/", "./usr/share/clash/") +
        [(ti("./usr/share/clash/file"), b"from clash-b\n")], "xz")
    return out


# ---- the archive ----

def stanza(p, arch):
    deb = p.deb
    fields = [(k, p.override.get(k, v)) for k, v in p.control(arch)]
    desc = fields.pop()
    fields += [("Filename", p.pool_name(arch)), ("Size", str(len(deb))),
               ("MD5sum", hashlib.md5(deb).hexdigest()),
               ("SHA256", hashlib.sha256(deb).hexdigest()), desc]
    return fmt_control(fields)


def write_packages(dist, arch, pkgs):
    d = os.path.join(dist, "main", "binary-" + arch)
    os.makedirs(d, exist_ok=True)
    text = "\n".join(stanza(p, arch) for p in sorted(pkgs, key=lambda p: p.name)).encode()
    write(os.path.join(d, "Packages"), text)
    write(os.path.join(d, "Packages.gz"), gzip.compress(text, mtime=0))
    write(os.path.join(d, "Packages.xz"), lzma.compress(text, format=lzma.FORMAT_XZ))
    return text


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def rfc2822(t):
    return time.strftime("%a, %d %b %Y %H:%M:%S UTC", time.gmtime(t))


def release_text(dist, suite, arch, date, valid_until):
    rel = ["Origin: ctbox-test", "Label: ctbox-test", "Suite: " + suite,
           "Codename: " + suite, "Date: " + rfc2822(date)]
    if valid_until is not None:
        rel.append("Valid-Until: " + rfc2822(valid_until))
    rel += ["Architectures: " + arch, "Components: main",
            "Description: ctbox rootfs builder test archive"]
    files = []
    for name in ("Packages", "Packages.gz", "Packages.xz"):
        rel_path = "main/binary-%s/%s" % (arch, name)
        if not os.path.exists(os.path.join(dist, rel_path)):
            continue
        with open(os.path.join(dist, rel_path), "rb") as f:
            files.append((rel_path, f.read()))
    for title, algo in (("MD5Sum", hashlib.md5), ("SHA256", hashlib.sha256)):
        rel.append(title + ":")
        rel += [" %s %8d %s" % (algo(d).hexdigest(), len(d), n) for n, d in files]
    return ("\n".join(rel) + "\n").encode()


def sign(home, dist, text):
    write(os.path.join(dist, "Release"), text)
    rel = os.path.join(dist, "Release")
    gpg(home, "--yes", "--digest-algo", "SHA256", "--local-user", UID, "--clearsign",
        "--output", os.path.join(dist, "InRelease"), rel)
    gpg(home, "--yes", "--digest-algo", "SHA256", "--local-user", UID, "--armor",
        "--detach-sign", "--output", os.path.join(dist, "Release.gpg"), rel)


def replace_in(path, old, new):
    with open(path, "rb") as f:
        data = f.read()
    assert old in data, (path, old)
    write(path, data.replace(old, new, 1))


def make_suite(out, home, suite, arch, pkgs, now):
    dist = os.path.join(out, "dists", suite)
    text = write_packages(dist, arch, pkgs)
    if suite in ("nogz", "xzonly"):
        os.unlink(os.path.join(dist, "main", "binary-" + arch, "Packages.gz"))
    if suite == "xzonly":
        os.unlink(os.path.join(dist, "main", "binary-" + arch, "Packages"))
    date, valid = now - 60, now + 10 * 365 * 86400
    if suite == "expired":
        date, valid = now - 10 * 86400, now - 2 * 86400
    rel = release_text(dist, suite, arch, date, valid)
    if suite == "nosig":
        write(os.path.join(dist, "Release"), rel)
        return
    sign(home, dist, rel)
    if suite == "badsig":
        # The signed text changed afterwards, in both signed forms.
        for name in ("InRelease", "Release"):
            replace_in(os.path.join(dist, name), b"Label: ctbox-test", b"Label: ctbox-evil")
    elif suite == "tampered-packages":
        # Same stanzas with another Version for libfoo1: every form differs
        # from what Release lists (the plain one keeps its size).
        bad = text.replace(b"Version: 1:2.0-1", b"Version: 1:2.0-9", 1)
        assert bad != text and len(bad) == len(text)
        d = os.path.join(dist, "main", "binary-" + arch)
        write(os.path.join(d, "Packages"), bad)
        write(os.path.join(d, "Packages.gz"), gzip.compress(bad, mtime=0))
        write(os.path.join(d, "Packages.xz"), lzma.compress(bad, format=lzma.FORMAT_XZ))


def main():
    if len(sys.argv) not in (3, 4):
        sys.stderr.write("usage: mkarchive.py OUTDIR KEYDIR [OUTSIDE]\n")
        return 2
    out, keydir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    outside = os.path.abspath(sys.argv[3]) if len(sys.argv) == 4 else \
        os.path.join(os.path.dirname(out), "outside")
    os.umask(0o022)
    busybox_path = shutil.which("busybox") or "/bin/busybox"
    with open(busybox_path, "rb") as f:
        busybox = f.read()
    arch = host_arch()
    home = make_keys(keydir)
    try:
        os.makedirs(out, exist_ok=True)
        work = os.path.join(out, ".work")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        pkgs = normal_packages(busybox)
        for p in pkgs:
            build_deb(p, arch, work)
        tampered = Pkg("tampered-pkg", files={"/usr/share/tampered/data": (b"x" * 4096, 0o644)})
        build_deb(tampered, arch, work)
        shutil.rmtree(work)
        pkgs += evil_packages(arch, outside) + order_packages(arch)
        for p in pkgs + [tampered]:
            write(os.path.join(out, p.pool_name(arch)), p.deb)
        now = int(time.time())
        for suite in SUITES:
            make_suite(out, home, suite, arch,
                       pkgs + ([tampered] if suite == "tampered-deb" else []), now)
        # tampered-pkg's .deb changes after Packages listed it: same size,
        # one byte flipped in the middle.
        deb = bytearray(tampered.deb)
        deb[len(deb) // 2] ^= 0xff
        write(os.path.join(out, tampered.pool_name(arch)), bytes(deb))
    finally:
        stop_agent(home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
