#!/bin/sh
# Regenerates tests/unit/data/ed25519/, the Ed25519 fixtures of
# tests/unit/pgp.c, with gpg in a throwaway GNUPGHOME at a fixed faked
# time (2024-01-01 00:00:00 UTC, 1704067200), as make-fixtures.sh does for
# the RSA ones. Run once; the outputs are committed. gpg makes v4 keys of
# algorithm 22 (EdDSALegacy); ed25519/mk-byhand.py (python3-cryptography)
# what gpg 2.2 does not: an algorithm 27 key (RFC 9580 Ed25519) and its
# signatures, and algorithm 22 signatures whose r or s MPI is short.
set -eu
cd "$(dirname "$0")/ed25519"
export GNUPGHOME="$(mktemp -d)"
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
T=20240101T000000
g() { gpg --batch --yes --quiet --no-tty --pinentry-mode loopback --passphrase '' \
	--faked-system-time "$T!" "$@" 2>/dev/null; }
fpr() { gpg --batch --with-colons --list-keys "$1" 2>/dev/null | awk -F: '/^fpr/ { print $10; exit }'; }

g --quick-gen-key 'Ed Primary <edsign@example.org>' ed25519 sign never
g --quick-gen-key 'Ed Sub <edsub@example.org>' ed25519 cert never
g --quick-add-key "$(fpr "<edsub@example.org>")" ed25519 sign never
g --quick-gen-key 'Ed Expiring <edexp@example.org>' ed25519 sign 1d
g --quick-gen-key 'Ed Revoked <edrev@example.org>' ed25519 sign never
g --quick-gen-key 'Mixed <mixed@example.org>' rsa2048 cert never
g --quick-add-key "$(fpr "<mixed@example.org>")" ed25519 sign never
g --quick-gen-key 'Rsa Key <rsa@example.org>' rsa2048 sign never

# an InRelease-like text: fields, hashes, a dash line
cat > release.txt <<'TXT'
Origin: Ed25519 Test
Label: Ed25519 Test
Suite: stable
Codename: test
Date: Mon, 01 Jan 2024 00:00:00 UTC
Architectures: amd64
Components: main
Description: signed by Ed25519 keys only
-- a line that starts with dashes
SHA256:
 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855        0 main/binary-amd64/Packages
TXT

cs() { out=$1; shift; g --clearsign --digest-algo SHA512 "$@" -o "$out" release.txt; }
cs clear-ed.asc -u "<edsign@example.org>"
cs clear-sub.asc -u "<edsub@example.org>"
cs clear-exp.asc -u "<edexp@example.org>"
cs clear-rev.asc -u "<edrev@example.org>"
cs clear-mixed.asc -u "<mixed@example.org>"
cs clear-both.asc -u "<rsa@example.org>" -u "<edsign@example.org>"
g --clearsign --digest-algo SHA256 -u "<edsign@example.org>" -o clear-sha256.asc release.txt
g --detach-sign -u "<edsign@example.org>" --digest-algo SHA256 -o release.sig release.txt
g --detach-sign --armor -u "<edsub@example.org>" --digest-algo SHA512 -o release.asc release.txt

rev="$GNUPGHOME/openpgp-revocs.d/$(fpr "<edrev@example.org>").rev"
sed 's/^:-----/-----/' "$rev" | g --import

: > keyring.gpg
for k in edsign edsub edexp edrev mixed rsa; do
	g --export "<$k@example.org>" >> keyring.gpg
done
g --armor --export "<edsub@example.org>" > edsub.asc
# NAME PRIMARY-FPR [SUBKEY-FPR]: what the test expects
for k in edsign edsub edexp edrev mixed rsa; do
	echo "$k$(gpg --batch --with-colons --list-keys "<$k@example.org>" 2>/dev/null |
		awk -F: '/^fpr/ { printf " %s", $10 }')"
done > fprs.txt
python3 mk-byhand.py
