#!/usr/bin/env bash
# Tracking throughput: `rapport serve` answers the open pixels of 2,000 real sent notes (one per
# customer, requested in turn) while wrk (Debian package wrk) hammers them on loopback for D
# seconds (default 10) over C connections (default 32). Then serve is stopped with SIGTERM, which writes every queued event, and the opens
# in the database are counted: each request wrk completed must be one recorded open.
#
# Usage: bench/pixel.sh [SECONDS] [CONNECTIONS]   Needs root (or sudo) only to install wrk.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-10}"
connections="${2:-32}"
port=8089
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null; then
  echo "installing wrk..." >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
fi

work="$(mktemp -d /tmp/rapport-pixel-bench.XXXXXX)"
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$repo/rapport" --help >/dev/null   # build once, outside the timings
mkdir -p "$work/config"
cp -r "$repo/templates" "$work/"
sed -e "s#https://news.kosmima.example#http://127.0.0.1:$port#" -e "s#listen: 127.0.0.1:8080#listen: 127.0.0.1:$port#" \
  -e 's#secret: ${RAPPORT_SECRET:-}#secret: pixel-bench-secret-0123456789#' \
  "$repo/config/rapport.yaml" > "$work/config/rapport.yaml"
awk 'BEGIN { print "email,first_name,stage,joined_at"; for (i = 1; i <= 2000; i++) printf "p%d@example.com,P%d,new,2026-11-01\n", i, i }' \
  > "$work/customers.csv"
"$repo/rapport" --workspace "$work" import "$work/customers.csv" >/dev/null
"$repo/rapport" --workspace "$work" send --as-of 2026-11-24 >/dev/null
# Every sent note's pixel, requested in turn: each hit is a different message and customer.
python3 - "$work/outbox" > "$work/pixels.lua" <<'PY'
import email, os, re, sys
folder = sys.argv[1]
paths = []
for name in sorted(os.listdir(folder)):
    msg = email.message_from_binary_file(open(os.path.join(folder, name), 'rb'))
    for part in msg.walk():
        if part.get_content_type() == 'text/html':
            m = re.search(r'src="http://[^/"]+(/o/[^"]+\.gif)"', part.get_payload(decode=True).decode('utf-8'))
            if m:
                paths.append(m.group(1))
if not paths:
    sys.exit('no pixel found in the outbox')
print('paths = {' + ', '.join('"%s"' % p for p in paths) + '}')
print('i = 0')
print('request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end')
PY
url="http://127.0.0.1:$port/"

"$repo/rapport" --workspace "$work" serve > "$work/serve.out" 2> "$work/serve.err" &
serve_pid=$!
for _ in $(seq 100); do grep -q "tracking endpoints" "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
grep -q "tracking endpoints" "$work/serve.out" || { cat "$work/serve.err" >&2; exit 1; }
# Warm the server's code paths, then measure.
wrk -t2 -c"$connections" -d2s -s "$work/pixels.lua" "$url" > "$work/warm.txt"
wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/pixels.lua" "$url" > "$work/wrk.txt"
kill -TERM "$serve_pid"; wait "$serve_pid" || true; serve_pid=""
cat "$work/wrk.txt" >&2

requests=$(grep -o '[0-9]* requests in' "$work/wrk.txt" | grep -o '^[0-9]*')
warm=$(grep -o '[0-9]* requests in' "$work/warm.txt" | grep -o '^[0-9]*')
rate=$(grep -o 'Requests/sec: *[0-9.]*' "$work/wrk.txt" | grep -o '[0-9.]*$')
errors=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$work/wrk.txt" | grep -o '[0-9]*$' || true)
socket=$(grep -o 'Socket errors: .*' "$work/wrk.txt" || true)
h2=$(ls "$repo"/target/lib/h2-*.jar)
recorded=$(java -cp "$h2" org.h2.tools.Shell -url "jdbc:h2:file:$work/data/rapport" -user sa \
  -sql "select count(*) from events where type = 'open'" | sed -n 2p | tr -d ' ')
echo "pixel: ${rate} requests/s over ${seconds} s, ${connections} connections; non-2xx: ${errors:-0};" \
  "${socket:-no socket errors}; requests answered $((warm + requests)) (warm-up $warm), opens recorded $recorded"
# wrk stops counting at its deadline while up to one request per connection is still answered:
# those are recorded too, so the opens may exceed the count by at most that many per wrk run.
answered=$((warm + requests))
if [ "$recorded" -lt "$answered" ] || [ "$recorded" -gt $((answered + 2 * connections)) ]; then
  echo "pixel.sh: $answered requests answered but $recorded opens recorded" >&2; exit 1
fi
echo "every answered request is a recorded open"
