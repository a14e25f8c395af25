#!/usr/bin/python3
# Part of mk-ed25519.sh: what gpg does not make, built by hand here and
# signed with python3-cryptography.
# - A v4 key of algorithm 27 (RFC 9580 Ed25519: 32 raw octets; gpg 2.2
#   cannot make one) with its user id self-signature, a cleartext
#   signature of release.txt and a detached one: key27.gpg, clear27.asc,
#   release27.sig, and release27-sha1.sig (a SHA-1 digest, which ctbox
#   refuses with Ed25519).
# - A v4 key of algorithm 22 (EdDSALegacy, as gpg makes them) and detached
#   signatures whose r, then s, starts with a zero octet, so that its MPI
#   is shorter than 32 octets (gpg's are so once in 128): key22.gpg,
#   release22-shortr.sig, release22-shorts.sig.
# Adds lines to fprs.txt.
import base64, hashlib, struct
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

T0 = 1704067200
HASHES = {10: hashlib.sha512, 2: hashlib.sha1}

def pkt(tag, body):
    n = len(body)
    if n < 192:
        return bytes([0xc0 | tag, n]) + body
    n -= 192
    return bytes([0xc0 | tag, 192 + (n >> 8), n & 0xff]) + body

def sub(typ, data):
    return bytes([len(data) + 1, typ]) + data

def mpi(b):
    b = b.lstrip(b"\0")
    bits = (len(b) - 1) * 8 + b[0].bit_length() if b else 0
    return struct.pack(">H", bits) + b

# A v4 signature by the current key (sk, fpr) over prefix; the raw R || S
# stays in last_rs.
def sig(typ, prefix, flags=None, halg=10, algo=27, when=T0):
    global last_rs
    hashed = sub(2, struct.pack(">I", when)) + sub(33, b"\x04" + fpr)
    if flags is not None:
        hashed += sub(27, bytes([flags]))
    head = bytes([4, typ, algo, halg]) + struct.pack(">H", len(hashed)) + hashed
    d = HASHES[halg](prefix + head + b"\x04\xff" + struct.pack(">I", len(head))).digest()
    unhashed = sub(16, fpr[12:])
    rs = last_rs = sk.sign(d)
    if algo == 22:
        rs = mpi(rs[:32]) + mpi(rs[32:])
    return head + struct.pack(">H", len(unhashed)) + unhashed + d[:2] + rs

def newkey(algo, uid):
    global sk, fpr
    sk = Ed25519PrivateKey.generate()
    pub = sk.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if algo == 27:
        key = bytes([4]) + struct.pack(">I", T0) + bytes([27]) + pub
    else:
        oid = bytes([0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01])
        key = bytes([4]) + struct.pack(">I", T0) + bytes([22, len(oid)]) + oid + \
            mpi(b"\x40" + pub)
    keyhash = b"\x99" + struct.pack(">H", len(key)) + key
    fpr = hashlib.sha1(keyhash).digest()
    selfsig = sig(0x13, keyhash + b"\xb4" + struct.pack(">I", len(uid)) + uid, 0x03, algo=algo)
    return pkt(6, key) + pkt(13, uid) + pkt(2, selfsig)

def crc24(data):
    crc = 0xb704ce
    for b in data:
        crc ^= b << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864cfb
    return crc & 0xffffff

text = open("release.txt", "rb").read()
lines = text.rstrip(b"\n").split(b"\n")
canon = b"\r\n".join(l.rstrip(b" \t\r") for l in lines)

open("key27.gpg", "wb").write(newkey(27, b"Ed27 Key <ed27@example.org>"))
open("release27.sig", "wb").write(pkt(2, sig(0x00, text)))
open("release27-sha1.sig", "wb").write(pkt(2, sig(0x00, text, halg=2)))
p = pkt(2, sig(0x01, canon))
b64 = base64.b64encode(p).decode()
out = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
out += "".join(("- " if l.startswith(b"-") else "") + l.decode() + "\n" for l in lines)
out += "-----BEGIN PGP SIGNATURE-----\n\n"
out += "".join(b64[i:i + 64] + "\n" for i in range(0, len(b64), 64))
out += "=" + base64.b64encode(struct.pack(">I", crc24(p))[1:]).decode() + "\n"
out += "-----END PGP SIGNATURE-----\n"
open("clear27.asc", "w").write(out)
open("fprs.txt", "a").write("ed27 " + fpr.hex().upper() + "\n")

open("key22.gpg", "wb").write(newkey(22, b"Ed22 Key <ed22@example.org>"))
# a creation time within the hour after T0 that makes r (s) short
for part, at in (("r", 0), ("s", 32)):
    for when in range(T0, T0 + 3600):
        body = sig(0x00, text, algo=22, when=when)
        if last_rs[at] == 0:
            open("release22-short%s.sig" % part, "wb").write(pkt(2, body))
            break
    else:
        raise SystemExit("no short " + part)
open("fprs.txt", "a").write("ed22 " + fpr.hex().upper() + "\n")
