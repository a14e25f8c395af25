#!/bin/sh
# Regenerates the OpenPGP fixtures of tests/unit/pgp.c with gpg, in a
# throwaway GNUPGHOME, at a fixed faked time (2024-01-01 00:00:00 UTC,
# 1704067200). Run once; the outputs are committed. Keys are 2048-bit RSA
# (fast) except one Ed25519 key.
set -eu
cd "$(dirname "$0")"
export GNUPGHOME="$(mktemp -d)"
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
T=20240101T000000
g() { gpg --batch --quiet --no-tty --pinentry-mode loopback --passphrase '' \
	--faked-system-time "$T!" "$@" 2>/dev/null; }
fpr() { gpg --batch --with-colons --list-keys "$1" 2>/dev/null | awk -F: '/^fpr/ { print $10; exit }'; }

g --quick-gen-key 'Good Key <good@example.org>' rsa2048 sign never
g --quick-gen-key 'Sub Key <sub@example.org>' rsa2048 cert never
g --quick-add-key "$(fpr "<sub@example.org>")" rsa2048 sign never
g --quick-gen-key 'Subrev Key <subrev@example.org>' rsa2048 cert never
g --quick-add-key "$(fpr "<subrev@example.org>")" rsa2048 sign never
g --quick-gen-key 'Expiring Key <expiring@example.org>' rsa2048 sign 1d
g --quick-gen-key 'Revoked Key <revoked@example.org>' rsa2048 sign never
g --quick-gen-key 'Ed Key <ed@example.org>' ed25519 sign never
g --quick-gen-key 'Other Key <other@example.org>' rsa2048 sign never

cat > msg.txt <<'TXT'
Origin: Test
Label: a line with trailing spaces   
-----a line of dashes, dash-escaped
- starts with a dash	 
From the start

Description: tabs	and the end
TXT
printf 'detached\r\ndata with CRLF  \r\nand LF\n' > data.bin

cs() { out=$1; shift; g --clearsign --digest-algo SHA256 "$@" -o "$out" msg.txt; }
cs clear-good.asc -u "<good@example.org>"
cs clear-two.asc -u "<other@example.org>" -u "<good@example.org>"
cs clear-ed.asc -u "<ed@example.org>"
cs clear-ed-rsa.asc -u "<ed@example.org>" -u "<good@example.org>"
cs clear-sub.asc -u "<sub@example.org>"
cs clear-expiring.asc -u "<expiring@example.org>"
cs clear-revoked.asc -u "<revoked@example.org>"
cs clear-subrev.asc -u "<subrev@example.org>"
cs clear-sigexp.asc -u "<good@example.org>" --default-sig-expire 1d
cs clear-critical.asc -u "<good@example.org>" --sig-notation '!crit@example.org=yes'
g --detach-sign -u "<good@example.org>" --digest-algo SHA1 -o data-sha1.sig data.bin
g --detach-sign -u "<good@example.org>" --digest-algo SHA512 -o data-sha512.sig data.bin
g --detach-sign -u "<sub@example.org>" --digest-algo SHA256 --armor -o data.asc data.bin
g --detach-sign -u "<good@example.org>" --textmode --digest-algo SHA256 -o data-text.sig data.bin

# the revocation certificate gpg made for the revoked key, imported
rev="$GNUPGHOME/openpgp-revocs.d/$(fpr "<revoked@example.org>").rev"
sed 's/^:-----/-----/' "$rev" | g --import

# revoke the signing subkey of subrev (key 1 in --edit-key)
printf 'key 1\nrevkey\ny\n0\n\ny\nsave\n' |
	g --command-fd 0 --yes --edit-key "<subrev@example.org>"

: > keyring.gpg
: > keyring.asc
for k in good sub expiring revoked ed subrev; do
	g --export "<$k@example.org>" >> keyring.gpg
	g --armor --export "<$k@example.org>" >> keyring.asc
done
g --export "<other@example.org>" > other.gpg
# NAME PRIMARY-FPR [SUBKEY-FPR]: what the test expects
for k in good sub expiring revoked ed subrev other; do
	echo "$k$(gpg --batch --with-colons --list-keys "<$k@example.org>" 2>/dev/null |
		awk -F: '/^fpr/ { printf " %s", $10 }')"
done > fprs.txt
