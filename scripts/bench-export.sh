#!/usr/bin/env bash
# The export benchmark (part of make bench): N due persons (default 10,000) with a photo and an
# ID-card sheet each, exported into one batch; beside it `zip -0 -qr` of the same unpacked
# files, the floor (target: export at most 2× the floor, peak under 200 MB). Figures only.
set -euo pipefail
BIN=${1:-.build/release/sscard}
OUT=${BENCH_DIR:-bench-data}/export
N=${EXPORT_N:-10000}
mkdir -p "$OUT"

timed() {  # label, items, target, command…
  local label=$1 items=$2 target=$3 stats wall rss; shift 3
  /usr/bin/time -f '%e %M' -o "$OUT/.time" "$@" >/dev/null 2>&1 || true
  stats=$(tail -1 "$OUT/.time")
  wall=${stats% *}; rss=${stats#* }
  awk -v f="$label" -v r="$items" -v w="$wall" -v m="$rss" -v t="$target" \
    'BEGIN { printf "%-34s %9d %8.2f %10.1f %9.1f  %s\n", f, r, w, (w > 0 ? r / w : 0), m / 1024, t }'
}

if [ ! -s "$OUT/roster-$N/roster.csv" ]; then
  echo "generating $N persons with photos and ID cards …" >&2
  rm -rf "$OUT/fixed" "$OUT/roster-$N"
  "$BIN" photos fix samples/photos "$OUT/fixed" >/dev/null 2>&1 || true
  python3 scripts/gen-export-bench.py --rows "$N" --out "$OUT/roster-$N" --photo "$OUT/fixed/510108197207190146.jpg"
fi
rm -rf "$OUT/store.db"* "$OUT/batches" "$OUT/unpacked" "$OUT/floor.zip"
printf '\n%-34s %9s %8s %10s %9s  %s\n' job items wall_s items_per_s peak_MB target
timed "import $N with photos and ID cards" "$N" "< 200 MB, flat in N" "$BIN" import "$OUT/roster-$N/roster.csv" --photos "$OUT/roster-$N/photos" \
  --idcards "$OUT/roster-$N/idcards" --store "$OUT/store.db" --as-of 2026-12-01T09:00
# The batch alone (--no-forms): the forms are measured on their own (form bench, issue 10).
timed "export $N due persons (batch)" "$N" "≤ 2× floor, < 200 MB" "$BIN" export --no-forms --out "$OUT/batches" --store "$OUT/store.db" --as-of 2026-12-02T09:30
batch=$(ls "$OUT"/batches/batch-*.zip | head -1)
mkdir -p "$OUT/unpacked" && (cd "$OUT/unpacked" && unzip -q "../batches/$(basename "$batch")")
timed "zip -0 -qr of the same files (floor)" "$N" "the floor" sh -c "cd '$OUT/unpacked' && zip -0 -qr ../floor.zip ."
timed "verify the batch" "$N" "" "$BIN" verify "$batch"
ls -l "$batch" "$OUT/floor.zip" | awk '{ print "  " $5 " bytes  " $9 }'
