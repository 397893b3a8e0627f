#!/usr/bin/env bash
# Preview latency in a large audience: imports N synthetic customers (default 1,000,000) into a
# scratch workspace, then times cold `rapport preview` processes for customers spread across it.
# Usage: bench/preview-1m.sh [N]      Prints import rows/second and each preview's wall time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-1000000}"
work="$(mktemp -d /tmp/rapport-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp -r "$repo/config" "$repo/templates" "$work/"
"$repo/rapport" --help >/dev/null   # build once, outside the timings

echo "generating $n customers..."
awk -v n="$n" 'BEGIN {
  print "email,first_name,last_name,stage,joined_at,last_contact_at,interests";
  split("new acquaintance friend partner", st, " "); split("rings pearls watches repairs gifts vintage", it, " ");
  for (i = 1; i <= n; i++) {
    m = (i % 12) + 1; d = (i % 28) + 1;
    printf "c%d@example.com,First%d,Last%d,%s,20%02d-%02d-%02d,2026-%02d-%02d,%s;%s\n", i, i, i, st[(i % 4) + 1],
      10 + (i % 16), m, d, (i % 10) + 1, d, it[(i % 6) + 1], it[((i + 3) % 6) + 1];
  }
}' > "$work/customers.csv"

start=$(date +%s.%N)
"$repo/rapport" --workspace "$work" import "$work/customers.csv" | head -1
end=$(date +%s.%N)
echo "import: $n rows in $(echo "$end - $start" | bc) s ($(echo "$n / ($end - $start)" | bc) rows/s)"

for i in 1 $((n / 4)) $((n / 2)) $((n * 3 / 4)) "$n"; do
  s=$(date +%s.%N)
  "$repo/rapport" --workspace "$work" preview "c$i@example.com" --as-of 2026-11-24 --json > "$work/p.json"
  e=$(date +%s.%N)
  printf 'preview c%s: %.0f ms (template %s)\n' "$i" "$(echo "($e - $s) * 1000" | bc)" \
    "$(grep -o '"template" : [^,]*' "$work/p.json" | head -1 | cut -d: -f2)"
done
