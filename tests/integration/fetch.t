#!/bin/bash
# The rootfs builder's downloader (rootfs-builder/fetch.c) against a local
# server (lib/httpd.py) that misbehaves on request: keep-alive, parallel
# connections, reuse, resume, sizes, hashes, timeouts, and https with a
# throwaway CA. The driver is the fetch unit test run with arguments.
: "${CTBOX:=unused}"
. "${CTBOX_SRC:-.}/tests/integration/tap.sh"

F=${CTBOX_BUILD:-$CTBOX_SRC/build}/unit/fetch.t
[ -x "$F" ] || plan_skip_all "no $F (make check-unit)"
[ -x /usr/bin/python3 ] || plan_skip_all "no /usr/bin/python3"
HTTPD=$CTBOX_SRC/tests/integration/lib/httpd.py
W=$T/www
O=$T/out
mkdir -p "$W/pool" "$O"

# start_httpd NAME [ARGS]: a server logging to $T/NAME.log, rules in
# $T/NAME.rules; sets PORT, or fails.
start_httpd() {
	name=$1; shift
	: > "$T/$name.log"
	rm -f "$T/$name.port"
	echo '{}' > "$T/$name.rules"
	/usr/bin/python3 "$HTTPD" --root "$W" --log "$T/$name.log" --rules "$T/$name.rules" \
		--port-file "$T/$name.port" "$@" > /dev/null 2> "$T/$name.err" &
	HPID=$!
	at_exit "kill $HPID 2>/dev/null"
	for _ in $(seq 300); do
		[ -s "$T/$name.port" ] && break
		sleep 0.1
	done
	PORT=$(cat "$T/$name.port" 2>/dev/null)
	[ -n "$PORT" ] || { diag "$(cat "$T/$name.err")"; return 1; }
}

sha() { sha256sum "$1" | cut -d' ' -f1; }
# args NAME...: "PATH DEST SIZE SHA256" for files of $W/pool, into $O
args() { for n in "$@"; do echo "pool/$n $O/$n $(stat -c %s "$W/pool/$n") $(sha "$W/pool/$n")"; done; }
rules() { printf '%s\n' "$1" > "$T/plain.rules"; }
fresh() { rm -f "$O"/*; : > "$T/plain.log"; }
same() { cmp -s "$W/pool/$1" "$O/$1"; }
requests() { grep -c " $1 " "$T/plain.log"; }

head -c 2000000 /dev/urandom > "$W/pool/big"
for i in 1 2 3 4 5 6 7 8; do head -c $((40000 + i * 1000)) /dev/urandom > "$W/pool/f$i"; done
printf 'Origin: test\nSuite: x\n' > "$W/Release"
cp "$W/pool/f1" "$W/pool/g1"
cp "$W/pool/f2" "$W/pool/g2"
cp "$W/pool/f3" "$W/pool/g3"

start_httpd plain || plan_skip_all "the test server did not start"
B=http://127.0.0.1:$PORT/

# ---- memory, status, redirects ----
out=$("$F" "$B" mem Release)
is "$?/$out" "0/$(cat "$W/Release")" "fetch_mem"
"$F" "$B" mem missing > /dev/null 2>&1
is "$?" 4 "404 is reported as such"
rules '{"/Release": {"status": 500}}'
out=$("$F" "$B" mem Release 2>&1)
is "$?/$out" "1/fetch: ${B}Release: HTTP 500 Internal Server Error" "HTTP 500 is an error naming the URL"
rules '{"/InRelease": {"redirect": "/Release"}}'
out=$("$F" "$B" mem InRelease)
is "$?/$out" "0/$(cat "$W/Release")" "a redirect on the same server is followed"

# ---- files ----
fresh
rules '{}'
out=$("$F" -p "$B" files $(args big) 2>&1)
is "$out" "done pool/big
bytes 2000000" "a file, with progress"
ok "... in place and whole" same big
ok "... no .part left" test ! -e "$O/big.part"

fresh
out=$("$F" -c 4 "$B" files $(args f1 f2 f3 f4 f5 f6 f7 f8) 2>&1)
is "$?/$(echo "$out" | grep -c '^done ')" "0/8" "8 files over 4 connections"
ok "... all whole" sh -c "for i in 1 2 3 4 5 6 7 8; do cmp -s '$W/pool/f'\$i '$O/f'\$i || exit 1; done"
is "$(grep -c 'status=200' "$T/plain.log")" 8 "... 8 requests"
conns=$(sed 's/ .*//' "$T/plain.log" | sort -u | wc -l)
ok "... on at most 4 connections ($conns)" test "$conns" -le 4 -a "$conns" -ge 1

: > "$T/plain.log"
out=$("$F" -c 4 "$B" files $(args f1 f2 f3 f4 f5 f6 f7 f8) 2>&1)
is "$?/$(echo "$out" | grep -c '^reused ')" "0/8" "verified files are reused"
is "$(wc -l < "$T/plain.log")" 0 "... without a request"

# ---- resume ----
fresh
rules '{"/pool/big": {"drop-after": 300000, "once": true}}'
out=$("$F" "$B" files $(args big) 2>&1)
is "$?/$out" "0/done pool/big" "a cut transfer is resumed"
ok "... with a Range request" grep -q 'GET /pool/big range=300000- status=206' "$T/plain.log"
ok "... and the file verifies" same big

fresh
rules '{"/pool/big": {"drop-after": 100000}}'
out=$("$F" "$B" files $(args big) 2>&1)
is "$?" 1 "a server that keeps cutting: an error in the end"
like "$out" "^fetch: pool/big: connection closed after [0-9]+ of 2000000 bytes$" "... saying where"
have=$(stat -c %s "$O/big.part" 2>/dev/null)
ok "... the .part is kept ($have bytes)" test "${have:-0}" -gt 0
rules '{}'
: > "$T/plain.log"
out=$("$F" "$B" files $(args big) 2>&1)
is "$?/$out" "0/done pool/big" "the next run resumes it"
ok "... from where it was" grep -q "GET /pool/big range=$have- status=206" "$T/plain.log"
ok "... and the file verifies" same big

fresh
head -c 5000 "$W/pool/big" > "$O/big.part"
rules '{"/pool/big": {"ignore-range": true}}'
out=$("$F" "$B" files $(args big) 2>&1)
is "$?/$out" "0/done pool/big" "a server ignoring Range"
ok "... was asked for a range" grep -q "GET /pool/big range=5000- status=200" "$T/plain.log"
ok "... and the file verifies (restarted from zero)" same big

fresh
head -c 5000 /dev/zero > "$O/big.part"
rules '{}'
out=$("$F" "$B" files $(args big) 2>&1)
is "$?/$out" "0/done pool/big" "a corrupt .part"
is "$(requests /pool/big)" 2 "... is resumed, then fetched again from zero"
ok "... and the file verifies" same big

# ---- bad answers ----
fresh
rules '{"/pool/f1": {"extra": 10, "chunked": true}}'
out=$("$F" "$B" files $(args f1) 2>&1)
is "$?/$out" "1/fetch: pool/f1: size mismatch: the server sent more than the 41000 bytes expected" \
	"more bytes than expected are cut off"
ok "... no file, no .part" test ! -e "$O/f1" -a ! -e "$O/f1.part"

rules '{"/pool/f1": {"extra": 10}}'
out=$("$F" "$B" files $(args f1) 2>&1)
is "$?/$out" "1/fetch: pool/f1: size mismatch: the server announces 41010 bytes, expected 41000" \
	"a larger Content-Length is refused"
ok "... no file" test ! -e "$O/f1"

rules '{"/pool/f1": {"wrong-length": 20000}}'
out=$("$F" "$B" files $(args f1) 2>&1)
is "$?/$out" "1/fetch: pool/f1: size mismatch: the server announces 20000 bytes, expected 41000" \
	"a smaller Content-Length is refused"

rules '{"/pool/f2": {"corrupt": 100}}'
out=$("$F" "$B" files $(args f2) 2>&1)
is "$?/$out" "1/fetch: pool/f2: SHA-256 mismatch" "a corrupt file fails its hash"
ok "... no file, no .part" test ! -e "$O/f2" -a ! -e "$O/f2.part"

rules '{}'
out=$("$F" "$B" files pool/f3 "$O/f3" 43000 "$(printf '%064d' 0)" 2>&1)
is "$?/$out" "1/fetch: pool/f3: SHA-256 mismatch" "a wrong SHA-256 is an error naming the file"
ok "... no file, no .part" test ! -e "$O/f3" -a ! -e "$O/f3.part"

out=$("$F" "$B" files pool/nothere "$O/nothere" 1 "$(printf '%064d' 0)" 2>&1)
is "$?/$out" "1/fetch: pool/nothere: HTTP 404 Not Found" "404 names the file"

out=$("$F" -c 2 "$B" files $(args g1) pool/nothere "$O/nothere" 1 "$(printf '%064d' 0)" $(args g2 g3) 2>&1)
is "$?" 1 "one failure among several"
like "$out" "pool/nothere: HTTP 404" "... names the file that failed"

out=$("$F" -d 1 "$B" files $(args f4 f5) 2>&1)
is "$?" 1 "the done callback can stop the run"
like "$out" "the callback says stop" "... with its error"

rules '{"/pool/f6": {"stall": 30}}'
start=$(date +%s%N)
out=$("$F" -t 2 "$B" files $(args f6) 2>&1)
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$rc/$out" "1/fetch: pool/f6: no data for 2 s" "a stalled server times out"
ok "... after about 2 s ($ms ms)" test "$ms" -ge 1900 -a "$ms" -lt 10000
rules '{}'

# ---- https ----
# A CA and a certificate for localhost, signed by it.
make_certs() {
	command -v openssl > /dev/null || return 1
	mkdir -p "$C"
	(
		cd "$C" || exit 1
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout ca.key -out ca.pem -days 2 -subj "/CN=ctbox test CA" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout srv.key -out srv.csr -subj "/CN=localhost" &&
		printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > ext &&
		openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
			-out srv.pem -days 2 -extfile ext
	) > "$T/openssl.log" 2>&1 || { diag "$(cat "$T/openssl.log")"; return 1; }
}

C=$T/ca
if ! make_certs || ! start_httpd tls --tls "$C/srv.pem" "$C/srv.key"; then
	for i in 1 2 3 4 5 6; do skip "no openssl, or no https test server"; done
else
	S=https://localhost:$PORT/
	out=$("$F" -a "$C/ca.pem" "$S" mem Release 2>&1)
	is "$?/$out" "0/$(cat "$W/Release")" "https with the test CA"
	fresh
	out=$("$F" -c 2 -a "$C/ca.pem" "$S" files $(args f1 f2 f3 f4) 2>&1)
	is "$?/$(echo "$out" | grep -c '^done ')" "0/4" "https: 4 files over 2 connections"
	ok "... all whole" sh -c "for i in 1 2 3 4; do cmp -s '$W/pool/f'\$i '$O/f'\$i || exit 1; done"
	conns=$(grep -v tls-error "$T/tls.log" | sed -n 's/^\(conn=[0-9]*\) GET \/pool.*/\1/p' | sort -u | wc -l)
	ok "... kept alive ($conns connections)" test "$conns" -le 2
	out=$("$F" "$S" mem Release 2>&1)
	like "$?/$out" "^1/fetch: (${S}Release: certificate: not signed by a trusted CA|no CA bundle)" \
		"https: the system's CAs do not know the test CA"
	out=$("$F" -a "$C/ca.pem" "https://127.0.0.1:$PORT/" mem Release 2>&1)
	is "$?/$out" "1/fetch: https://127.0.0.1:$PORT/Release: certificate: not for this host name" \
		"https: a certificate for another name"
fi

# ---- the client's TLS profile (rootfs-builder/tls_profile.c) ----
# TLS 1.2 with ECDHE_ECDSA or ECDHE_RSA and AES-GCM or ChaCha20-Poly1305 on
# x25519, P-256 or P-384, each tried against a server offering only it;
# what the profile leaves out (CBC, static RSA, P-521) must fail.

# make_rsa_certs: an RSA CA signing with SHA-384, and an RSA certificate
# for localhost.
make_rsa_certs() {
	(
		cd "$C" || exit 1
		openssl req -x509 -newkey rsa:2048 -sha384 -nodes -keyout rca.key -out rca.pem \
			-days 2 -subj "/CN=ctbox test RSA CA" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" &&
		openssl req -newkey rsa:2048 -nodes -keyout rsrv.key -out rsrv.csr -subj "/CN=localhost" &&
		openssl x509 -req -sha384 -in rsrv.csr -CA rca.pem -CAkey rca.key -CAcreateserial \
			-out rsrv.pem -days 2 -extfile ext
	) >> "$T/openssl.log" 2>&1 || { diag "$(cat "$T/openssl.log")"; return 1; }
}

# tls_try KEY [SERVER OPTIONS]: Release from a server with the certificate
# KEY (srv: ECDSA, rsrv: RSA) and these options; sets RC, OUT and SUITE
# (what the server negotiated: "TLSv1.2 NAME", or empty).
tls_try() {
	key=$1
	shift
	ca=ca
	[ "$key" = rsrv ] && ca=rca
	RC=1 OUT='' SUITE=''
	start_httpd profile --tls "$C/$key.pem" "$C/$key.key" "$@" || return 1
	OUT=$("$F" -a "$C/$ca.pem" "https://localhost:$PORT/" mem Release 2>&1)
	RC=$?
	kill "$HPID" 2>/dev/null
	wait "$HPID" 2>/dev/null
	SUITE=$(sed -n 's/^conn=[0-9]* tls \(TLS.*\)/\1/p' "$T/profile.log" | head -n 1)
}

suites_ecdsa="ECDHE-ECDSA-CHACHA20-POLY1305 ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384"
suites_rsa="ECDHE-RSA-CHACHA20-POLY1305 ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384"
if [ ! -f "$C/srv.pem" ] || ! make_rsa_certs; then
	for i in $(seq 12); do skip "no openssl"; done
else
	for s in $suites_ecdsa; do
		tls_try srv --tls-ciphers "$s"
		is "$RC/$SUITE" "0/TLSv1.2 $s" "https with $s only"
	done
	for s in $suites_rsa; do
		tls_try rsrv --tls-ciphers "$s"
		is "$RC/$SUITE" "0/TLSv1.2 $s" "https with $s only (an RSA chain, SHA-384)"
	done
	for c in prime256v1 secp384r1; do
		tls_try srv --tls-curve "$c"
		is "$RC/$OUT" "0/$(cat "$W/Release")" "ECDHE on $c only"
	done
	# Python cannot name x25519 alone; OpenSSL's configuration can.
	printf '%s\n' 'openssl_conf = ctbox' '[ctbox]' 'ssl_conf = ssl' '[ssl]' \
		'system_default = groups' '[groups]' 'Groups = X25519' > "$T/x25519.cnf"
	OPENSSL_CONF=$T/x25519.cnf tls_try srv
	is "$RC/$OUT" "0/$(cat "$W/Release")" "ECDHE on x25519 only"
	tls_try srv --tls-curve secp521r1
	like "$RC/$SUITE/$OUT" "^1//fetch: .*: TLS: " "ECDHE on P-521 only: refused (not in the profile)"
	tls_try srv --tls-ciphers ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA
	like "$RC/$SUITE/$OUT" "^1//fetch: .*: TLS: " "CBC suites only: refused"
	tls_try rsrv --tls-ciphers AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA
	like "$RC/$SUITE/$OUT" "^1//fetch: .*: TLS: " "static RSA key exchange only: refused"
fi

done_testing
