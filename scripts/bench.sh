#!/usr/bin/env bash
# make bench: generate 100k and 1M-row rosters, time `sscard validate` on each, print wall seconds,
# rows per second and peak memory (max RSS). Figures only: nothing here passes or fails.
set -euo pipefail
BIN=${1:-.build/release/sscard}
OUT=${BENCH_DIR:-bench-data}
AS_OF=2026-12-01
mkdir -p "$OUT"

# Debian's python3 has python3-xlsxwriter (make deps installs it); any python3 with xlsxwriter will do.
PY=python3
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import xlsxwriter' 2>/dev/null; then PY=$candidate; break; fi
done

generate() {  # rows, formats, extra args
  local rows=$1 formats=$2; shift 2
  local probe="$OUT/roster-$rows.csv"
  if [ ! -s "$probe" ] || [ ! -s "$OUT/roster-$rows.xlsx" ]; then
    echo "generating $rows rows ($formats) …" >&2
    "$PY" scripts/gen-bench.py --rows "$rows" --out "$OUT" --formats "$formats" "$@" >&2
  fi
}

generate 100000 csv,gb18030,xlsx
if [ ! -s "$OUT/roster-100000-sst.xlsx" ]; then
  mkdir -p "$OUT/sst"
  "$PY" scripts/gen-bench.py --rows 100000 --out "$OUT/sst" --formats xlsx --shared-strings >&2
  mv "$OUT/sst/roster-100000.xlsx" "$OUT/roster-100000-sst.xlsx"
fi
generate 1000000 csv,xlsx

printf '%-34s %9s %8s %10s %9s  %s\n' file rows wall_s rows_per_s peak_MB target
run() {  # file, rows, target
  local file=$1 rows=$2 target=$3 stats wall rss
  /usr/bin/time -f '%e %M' -o "$OUT/.time" "$BIN" validate "$file" --as-of "$AS_OF" --format json -o /dev/null >/dev/null 2>&1 || true
  stats=$(tail -1 "$OUT/.time")
  wall=${stats% *}; rss=${stats#* }
  awk -v f="$(basename "$file")" -v r="$rows" -v w="$wall" -v m="$rss" -v t="$target" \
    'BEGIN { printf "%-34s %9d %8.2f %10.0f %9.1f  %s\n", f, r, w, (w > 0 ? r / w : 0), m / 1024, t }'
}
run "$OUT/roster-100000.csv" 100000 "≤ 0.3 s, ≤ 80 MB"
run "$OUT/roster-100000-gb18030.csv" 100000 "≤ 0.4 s, ≤ 80 MB"
run "$OUT/roster-100000.xlsx" 100000 "≤ 1.3 s, ≤ 80 MB (inline strings)"
run "$OUT/roster-100000-sst.xlsx" 100000 "≤ 1.3 s, ≤ 80 MB (shared strings, as Excel writes)"
run "$OUT/roster-1000000.csv" 1000000 "≤ 120 MB"
run "$OUT/roster-1000000.xlsx" 1000000 "≤ 120 MB"

# The annotated xlsx report of validate (issue 11): two passes over the roster, constant-memory sheets.
run_xlsx() {  # file, rows, target
  local file=$1 rows=$2 target=$3 stats wall rss
  /usr/bin/time -f '%e %M' -o "$OUT/.time" "$BIN" validate "$file" --as-of "$AS_OF" --format xlsx -o "$OUT/report.xlsx" >/dev/null 2>&1 || true
  stats=$(tail -1 "$OUT/.time")
  wall=${stats% *}; rss=${stats#* }
  awk -v f="$(basename "$file") → xlsx" -v r="$rows" -v w="$wall" -v m="$rss" -v t="$target" \
    'BEGIN { printf "%-34s %9d %8.2f %10.0f %9.1f  %s\n", f, r, w, (w > 0 ? r / w : 0), m / 1024, t }'
}
run_xlsx "$OUT/roster-100000.csv" 100000 "≤ 100 MB (xlsx report)"
run_xlsx "$OUT/roster-100000.xlsx" 100000 "≤ 100 MB (xlsx report)"

# ---- images (issue: photos and ID cards) -------------------------------------------------
IMG="$OUT/images"
if [ ! -d "$IMG/compliant" ]; then
  echo "preparing image sets …" >&2
  mkdir -p "$IMG/compliant" "$IMG/camera" "$IMG/cards"
  compliant=(samples/photos/*.jpg)
  for i in $(seq 0 499); do
    src=${compliant[$((i % ${#compliant[@]}))]}
    cp "$src" "$IMG/compliant/$(printf '51010719900101%04d' "$i").jpg"
  done
  # A camera-size photo: a sample portrait scaled up onto a 4000×3000 white frame, Q92.
  vips resize "${compliant[0]}" "$IMG/big.v" 6.5 >&2
  vips embed "$IMG/big.v" "$IMG/frame.jpg[Q=92]" 836 67 4000 3000 --extend white >&2
  for i in $(seq 0 199); do cp "$IMG/frame.jpg" "$IMG/camera/IMG_$(printf '%04d' "$i").jpg"; done
  portraits=(samples/idcards/*_人像面.jpg)
  for i in $(seq 0 199); do
    front=${portraits[$((i % ${#portraits[@]}))]}
    back=${front/_人像面/_国徽面}
    [ -f "$back" ] || back=${portraits[0]/_人像面/_国徽面}
    id=$(printf '51010719900101%04d' "$i")
    cp "$front" "$IMG/cards/${id}_人像面.jpg"
    cp "$back" "$IMG/cards/${id}_国徽面.jpg"
  done
  rm -f "$IMG/big.v"
fi

printf '\n%-34s %9s %8s %10s %9s  %s\n' job items wall_s items_per_s peak_MB target
timed() {  # label, items, target, command…
  local label=$1 items=$2 target=$3 stats wall rss; shift 3
  /usr/bin/time -f '%e %M' -o "$OUT/.time" "$@" >/dev/null 2>&1 || true
  stats=$(tail -1 "$OUT/.time")
  wall=${stats% *}; rss=${stats#* }
  awk -v f="$label" -v r="$items" -v w="$wall" -v m="$rss" -v t="$target" \
    'BEGIN { printf "%-34s %9d %8.2f %10.1f %9.1f  %s\n", f, r, w, (w > 0 ? r / w : 0), m / 1024, t }'
}
rm -rf "$OUT/fixed" "$OUT/merged"
timed "photos check (500 compliant)" 500 "≥ 200/s, < 300 MB" "$BIN" photos check "$IMG/compliant" --format json
timed "photos fix (200 × 4000×3000)" 200 "≥ 50/s, < 300 MB" "$BIN" photos fix "$IMG/camera" "$OUT/fixed"
timed "merge (200 pairs)" 200 "< 300 MB" "$BIN" merge --idcards "$IMG/cards" -o "$OUT/merged"

# ---- workspace (issue: import and the store) ----------------------------------------------
rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"; rm -rf "$OUT/bench.db.images"
timed "import 100k into an empty store" 100000 "≥ 20,000 rows/s" "$BIN" import "$OUT/roster-100000.csv" --store "$OUT/bench.db" --as-of 2026-12-01T09:00
timed "status on the full store" 1 "< 0.5 s" "$BIN" status --store "$OUT/bench.db" --as-of 2026-12-01T10:00
