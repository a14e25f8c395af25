# Helpers for the tests of `ctbox oci` bundles (after tap.sh, with R
# defined as the runtime with its --root):
#   edit DIR PYTHON      change c, DIR/config.json, in python3
#   status ID            the container's status, as state says
#   wait_status ID S     until its status is S (up to 20 s)
edit() {
	python3 - "$1/config.json" "$2" <<'EOF_PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
exec(sys.argv[2])
json.dump(c, open(p, 'w'), indent=1)
EOF_PY
}
status() { R state "$1" 2>/dev/null | sed -n 's/.*"status": "\(.*\)".*/\1/p'; }
wait_status() {
	i=0
	while [ "$(status "$1")" != "$2" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(status "$1")" = "$2" ]
}
