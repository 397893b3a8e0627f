#!/usr/bin/env bash
# Send throughput and memory: N synthetic customers (default 100,000), all due (stage new, never
# contacted), imported into a scratch workspace and sent with `rapport send --json` over SMTP to
# Postfix's smtp-sink (a server that accepts everything and keeps nothing) on 127.0.0.1:2525,
# 4 connections. Prints messages/second (sent / wall seconds of the send process) and the send
# process's peak RSS, and adds a row with the machine and the figures to docs/BENCHMARKS.md.
#
# Usage: bench/send.sh [--quick] [N]      --quick: 20,000 customers. Needs root (or sudo) only
# to install smtp-sink (package postfix) and GNU time when they are missing.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
n=100000
port=2525
connections=4
as_of=2026-11-24
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; }
for arg in "$@"; do
  case "$arg" in
    --quick) n=20000 ;;
    -h|--help) usage; exit 0 ;;
    *[!0-9]*|'') usage; exit 2 ;;
    *) n="$arg" ;;
  esac
done
[ "$n" -gt 0 ] || { echo "send.sh: N must be at least 1" >&2; exit 2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
sink=/usr/sbin/smtp-sink
if [ ! -x "$sink" ]; then
  echo "installing smtp-sink (package postfix)..." >&2
  # "No configuration": Postfix is installed but not set up as this machine's mail server,
  # so nothing starts listening on port 25. Where a service does start, it is stopped below.
  echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >&2
  if as_root postfix status >/dev/null 2>&1; then as_root postfix stop >&2 || true; fi
fi
if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time..." >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
fi

work="$(mktemp -d /tmp/rapport-send-bench.XXXXXX)"
sink_pid=""
cleanup() {
  if [ -n "$sink_pid" ]; then kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
if listening; then echo "send.sh: something already listens on 127.0.0.1:$port; stop it first" >&2; exit 1; fi
# -c: running counters (on its stdout, our sink.log); -u: the user to run as, required as root.
sink_user=(); [ "$(id -u)" = 0 ] && sink_user=(-u root)
"$sink" -c "${sink_user[@]}" "127.0.0.1:$port" 1000 >"$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 50); do listening && break; sleep 0.1; done
listening || { echo "send.sh: smtp-sink did not start:" >&2; cat "$work/sink.log" >&2; exit 1; }

"$repo/rapport" --help >/dev/null   # build (and record the start-up archive) once, outside the timings

mkdir -p "$work/config"
cp -r "$repo/templates" "$work/"
cat > "$work/config/rapport.yaml" <<YAML
sender:
  name: "Pano at Kosmima"
  address: hello@kosmima.example
  reply_to: replies@kosmima.example
  postal_address: "12 Boylston St, Chestnut Hill, MA 02467"
database:
  url: jdbc:h2:file:./data/rapport
  username: sa
  password: ""
smtp:
  host: 127.0.0.1
  port: $port
  tls: none
  connections: $connections
  max_per_second: 0
  timeout_seconds: 30
tracking:
  base_url: https://news.kosmima.example
  secret: send-bench-secret-0123456789
schedule:
  time_zone: America/New_York
stages:
  - { name: new, cadence_days: 3 }
  - { name: acquaintance, cadence_days: 7 }
  - { name: friend, cadence_days: 14 }
  - { name: partner, cadence_days: 14 }
dormant: { after_days: 120, cadence_days: 30 }
limits: { max_notes: 2, per_days: 7 }
YAML

echo "generating $n customers (stage new, never contacted: all due)..." >&2
awk -v n="$n" 'BEGIN {
  print "email,first_name,last_name,stage,joined_at,last_contact_at,interests";
  split("rings pearls watches repairs gifts vintage engagement", it, " ");
  for (i = 1; i <= n; i++)
    printf "c%d@example.com,First%d,Last%d,new,2026-11-%02d,,%s;%s\n", i, i, i, (i % 20) + 1, it[(i % 7) + 1], it[((i + 3) % 7) + 1];
}' > "$work/customers.csv"

start=$(date +%s.%N)
"$repo/rapport" --workspace "$work" import "$work/customers.csv" --json > "$work/import.json"
end=$(date +%s.%N)
imported=$(grep -o '"imported" : [0-9]*' "$work/import.json" | grep -o '[0-9]*$')
import_s=$(echo "$end - $start" | bc -l)
printf 'import: %s customers in %.1f s\n' "$imported" "$import_s"

command="rapport send --as-of $as_of --json"
echo "sending: $command (smtp-sink 127.0.0.1:$port, $connections connections)..." >&2
start=$(date +%s.%N)
/usr/bin/time -v -o "$work/time.txt" "$repo/rapport" --workspace "$work" send --as-of "$as_of" --json \
  > "$work/send.json" 2> "$work/send.err" || { cat "$work/send.err" >&2; exit 1; }
end=$(date +%s.%N)
if grep -q "rapport: building" "$work/send.err"; then
  echo "send.sh: the sources changed during the run and the send rebuilt the jar first; run again" >&2
  exit 1
fi

json() { grep -o "\"$1\" : [^,}]*" "$work/send.json" | head -1 | sed 's/.*: //; s/"//g'; }
sent=$(json sent); due=$(json due); state=$(json state); run_s=$(json seconds)
wall_s=$(echo "$end - $start" | bc -l)
rate=$(echo "$sent / $wall_s" | bc -l)
rss_kb=$(grep "Maximum resident set size" "$work/time.txt" | grep -o '[0-9]*$')
rss_mb=$(echo "$rss_kb / 1024" | bc -l)
sink_counts=$(tr '\r' '\n' < "$work/sink.log" | grep -v '^$' | tail -1 || true)

printf 'send: run %s, due %s, sent %s in %.1f s wall (%.1f s inside the run)\n' "$state" "$due" "$sent" "$wall_s" "$run_s"
printf 'throughput: %.0f messages/second\n' "$rate"
printf 'peak RSS of the send process: %.0f MB\n' "$rss_mb"
echo "smtp-sink counters: $sink_counts"
[ "$state" = finished ] && [ "$sent" = "$due" ] || { echo "send.sh: the run did not send every due customer" >&2; exit 1; }

# The record: a row per run in docs/BENCHMARKS.md, between the markers of this benchmark.
mem_gb=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
java_version=$(java -version 2>&1 | head -1 | sed 's/"//g')
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || true)
commit=$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo "?")
[ -n "$(cd "$repo" && git status --porcelain -- src pom.xml 2>/dev/null)" ] && commit="$commit+changes"
args="$*"; [ -z "$args" ] && args="(default)"
row=$(printf '| %s | `bench/send.sh %s` | %s | %s | %.1f | %.1f | **%.0f** | **%.0f** | %s CPUs, %s GB, %s; %s | %s |' \
  "$(date -u +%Y-%m-%d)" "$args" "$n" "$sent" "$wall_s" "$run_s" "$rate" "$rss_mb" "$(nproc)" "$mem_gb" "$cpu" "$java_version" "$commit")
doc="$repo/docs/BENCHMARKS.md"
begin='<!-- bench/send.sh: rows are added below by the script -->'
finish='<!-- bench/send.sh: end -->'
[ -f "$doc" ] || printf '# Benchmarks\n\nHow fast Rapport is on a known machine, and the one command that measures it again.\n' > "$doc"
if ! grep -qF "$begin" "$doc"; then
  {
    cat <<'MD'

## Send: throughput and memory (`bench/send.sh`)

`bench/send.sh [--quick] [N]` imports N synthetic customers (default 100,000; `--quick` 20,000),
all due (stage `new`, never contacted), into a scratch workspace with the demo templates and an
H2 file database, then times `rapport send --as-of 2026-11-24 --json` against Postfix's
`smtp-sink` on 127.0.0.1:2525 (accepts every message, stores nothing) with 4 SMTP connections.
Messages/second is messages sent divided by the wall time of the whole send process (JVM start,
planning, sending, exit); "in run" is the run's own time as `send --json` reports it. Peak RSS is
the send process's "Maximum resident set size" from GNU `time -v`. Each run adds a row.

MD
    echo "$begin"
    echo '| date | command | customers | sent | wall s | in run s | msg/s | peak RSS MB | machine | commit |'
    echo '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |'
    echo "$finish"
  } >> "$doc"
fi
awk -v row="$row" -v finish="$finish" '$0 == finish { print row } { print }' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
echo "recorded in docs/BENCHMARKS.md" >&2
