#!/usr/bin/python3
"""A small HTTP/1.1 file server for ctbox's tests (Python 3 standard library only).

usage: httpd.py [--root DIR] [--port-file FILE] [--log FILE] [--rules FILE]
                [--tls CERT KEY] [--tls-ciphers LIST] [--tls-curve NAME]
                [--bind ADDR] [--port N]

Serves the files under DIR (default: the current directory) on 127.0.0.1
(--bind) on a free port (--port), printed as the first line of stdout and,
with --port-file, written to FILE (renamed into place: once it exists it
is complete). GET and HEAD, HTTP/1.1 keep-alive, "Range: bytes=A-" and
"bytes=A-B" (206, or 416 past the end); directories answer 404.
--tls CERT KEY: https (PEM files; the handshake runs per connection).
--tls-ciphers LIST: only these TLS 1.2 suites (an OpenSSL cipher string).
--tls-curve NAME: only this curve for ECDHE ("secp384r1", "prime256v1").
It runs until killed.

--log FILE: a line per request, appended and flushed:
    conn=N METHOD PATH range=A-[B]|- status=NNN
N numbers the connections from 1 (keep-alive shows as one N for several
requests; a resume as a request with range=A-). With --tls, a line per
handshake: conn=N tls VERSION CIPHER, or conn=N tls-error WHAT.

--rules FILE: misbehaviour on request, JSON re-read at every request:
    {"PATTERN": {RULE}, ...}
PATTERN is a path ("/pool/a.deb") or an fnmatch glob ("/pool/*"); the
first pattern that matches applies. RULE keys (several may combine):
    "status": N           answer N (a short text body), nothing else
    "redirect": "PATH"    answer 302 with Location: PATH
    "delay": S            wait S seconds before answering
    "ignore-range": true  answer a Range with 200 and the whole file
    "corrupt": OFFSET     flip the bits of the byte at OFFSET of the file
    "extra": N            N bytes more than the file, counted in Content-Length
    "wrong-length": N     announce Content-Length N, send the file, close
    "chunked": true       Transfer-Encoding: chunked instead of a length
    "drop-after": N       send the headers and N bytes of the body, close
    "stall": S            send the headers, then nothing for S seconds, close
    "once": true          only the first request that matches the rule
                          (later ones go on to the next pattern)
"""

import argparse
import fnmatch
import json
import os
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse

REASONS = {200: "OK", 206: "Partial Content", 302: "Found", 400: "Bad Request",
           404: "Not Found", 416: "Range Not Satisfiable", 500: "Internal Server Error",
           503: "Service Unavailable"}


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.conns = 0
        self.used = set()  # "once" rules already applied

    def next_conn(self):
        with self.lock:
            self.conns += 1
            return self.conns

    def log(self, line):
        if not self.args.log:
            return
        with self.lock, open(self.args.log, "a") as f:
            f.write(line + "\n")

    def rule(self, path):
        """The rule for path, or {}."""
        if not self.args.rules:
            return {}
        try:
            with open(self.args.rules) as f:
                rules = json.load(f)
        except (OSError, ValueError):
            return {}
        for pattern, rule in rules.items():
            if pattern != path and not fnmatch.fnmatchcase(path, pattern):
                continue
            if rule.get("once"):
                key = pattern + json.dumps(rule, sort_keys=True)
                with self.lock:
                    if key in self.used:
                        continue
                    self.used.add(key)
            return rule
        return {}


class Handler(socketserver.BaseRequestHandler):
    def setup(self):
        st = self.server.state
        self.conn = st.next_conn()
        self.request.settimeout(120)
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.do_handshake()
            except (ssl.SSLError, OSError) as e:
                st.log("conn=%d tls-error %s" % (self.conn, type(e).__name__))
                self.rfile = None
                return
            st.log("conn=%d tls %s %s" % (self.conn, self.request.version(),
                                          self.request.cipher()[0]))
        self.rfile = self.request.makefile("rb")

    def send(self, data):
        self.request.sendall(data)

    def handle(self):
        try:
            while self.rfile and self.one_request():
                pass
        except (OSError, ssl.SSLError):
            pass

    def finish(self):
        try:
            self.request.close()
        except OSError:
            pass

    def read_request(self):
        line = self.rfile.readline(65537)
        if not line:
            return None
        parts = line.decode("latin-1").split()
        headers = {}
        while True:
            h = self.rfile.readline(65537)
            if h in (b"\r\n", b"\n", b""):
                break
            name, _, value = h.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        return parts, headers

    def one_request(self):
        req = self.read_request()
        if req is None:
            return False
        parts, headers = req
        if len(parts) != 3 or parts[0] not in ("GET", "HEAD"):
            self.answer_status(parts[0] if parts else "?", "?", "-", 400, {}, close=True)
            return False
        method, target, version = parts
        path = urllib.parse.unquote(target.split("?", 1)[0])
        keep = headers.get("connection", "").lower() != "close" and version == "HTTP/1.1"
        rng = None
        if headers.get("range", "").startswith("bytes="):
            a, _, b = headers["range"][6:].partition("-")
            try:
                rng = (int(a), int(b) if b else None)
            except ValueError:
                rng = None
        rtext = "-" if rng is None else "%d-%s" % (rng[0], "" if rng[1] is None else rng[1])
        rule = self.server.state.rule(path)
        if "delay" in rule:
            time.sleep(float(rule["delay"]))
        if "status" in rule:
            return self.answer_status(method, path, rtext, int(rule["status"]), {}, not keep)
        if "redirect" in rule:
            return self.answer_status(method, path, rtext, 302,
                                      {"Location": rule["redirect"]}, not keep)
        data = self.read_file(path)
        if data is None:
            return self.answer_status(method, path, rtext, 404, {}, not keep)
        return self.answer_file(method, path, rtext, rng, rule, data, keep)

    def read_file(self, path):
        root = os.path.realpath(self.server.state.args.root)
        full = os.path.realpath(os.path.join(root, path.lstrip("/")))
        if full != root and not full.startswith(root + os.sep):
            return None
        try:
            with open(full, "rb") as f:
                return f.read()
        except OSError:
            return None

    def head(self, status, fields):
        lines = ["HTTP/1.1 %d %s" % (status, REASONS.get(status, "Whatever"))]
        lines += ["%s: %s" % kv for kv in fields.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def answer_status(self, method, path, rtext, status, fields, close):
        body = ("status %d\n" % status).encode()
        fields = dict(fields, **{"Content-Length": str(len(body))})
        if close:
            fields["Connection"] = "close"
        self.server.state.log("conn=%d %s %s range=%s status=%d" %
                              (self.conn, method, path, rtext, status))
        self.send(self.head(status, fields) + (body if method == "GET" else b""))
        return not close

    def answer_file(self, method, path, rtext, rng, rule, data, keep):
        st = self.server.state
        if "corrupt" in rule and 0 <= int(rule["corrupt"]) < len(data):
            i = int(rule["corrupt"])
            data = data[:i] + bytes([data[i] ^ 0xff]) + data[i + 1:]
        data += b"X" * int(rule.get("extra", 0))
        total = len(data)
        status, fields = 200, {}
        if rng is not None and not rule.get("ignore-range"):
            first, last = rng
            if first >= total:
                fields["Content-Range"] = "bytes */%d" % total
                return self.answer_status(method, path, rtext, 416, fields, not keep)
            if last is None or last >= total:
                last = total - 1
            status = 206
            fields["Content-Range"] = "bytes %d-%d/%d" % (first, last, total)
            data = data[first:last + 1]
        misbehaving = any(k in rule for k in ("drop-after", "stall", "wrong-length"))
        if rule.get("chunked"):
            fields["Transfer-Encoding"] = "chunked"
        else:
            fields["Content-Length"] = str(rule.get("wrong-length", len(data)))
        if misbehaving or not keep:
            fields["Connection"] = "close"
        st.log("conn=%d %s %s range=%s status=%d" % (self.conn, method, path, rtext, status))
        self.send(self.head(status, fields))
        if method == "HEAD":
            return keep and not misbehaving
        if "stall" in rule:
            time.sleep(float(rule["stall"]))
            return False
        if "drop-after" in rule:
            data = data[:int(rule["drop-after"])]
        if rule.get("chunked"):
            for i in range(0, len(data), 65536):
                piece = data[i:i + 65536]
                self.send(b"%x\r\n" % len(piece) + piece + b"\r\n")
            if "drop-after" not in rule:
                self.send(b"0\r\n\r\n")
        else:
            self.send(data)
        return keep and not misbehaving


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, state, tls):
        self.state = state
        self.tls = tls
        super().__init__((state.args.bind, state.args.port), Handler)

    def get_request(self):
        sock, addr = self.socket.accept()
        if self.tls:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request, client_address):
        pass  # a client that went away is no news


def main():
    p = argparse.ArgumentParser(description="a test HTTP/1.1 server")
    p.add_argument("--root", default=".")
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    p.add_argument("--log")
    p.add_argument("--rules")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--tls-ciphers")
    p.add_argument("--tls-curve")
    args = p.parse_args()
    tls = None
    if args.tls:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.tls[0], args.tls[1])
        if args.tls_ciphers:
            tls.set_ciphers(args.tls_ciphers)
        if args.tls_curve:
            tls.set_ecdh_curve(args.tls_curve)
    srv = Server(State(args), tls)
    port = srv.server_address[1]
    print(port, flush=True)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write("%d\n" % port)
        os.rename(args.port_file + ".tmp", args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
