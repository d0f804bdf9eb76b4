#!/usr/bin/env bash
# make bench: generate 100k and 1M-row rosters, time `sscard validate` on each, print wall seconds,
# rows per second and peak memory (max RSS). Figures only: nothing here passes or fails.
set -euo pipefail
BIN=${1:-.build/release/sscard}
OUT=${BENCH_DIR:-bench-data}
AS_OF=2026-12-01
mkdir -p "$OUT"

# `make bench-anchors` puts the anchors in "$OUT/.venv", which also sees Debian's python3-xlsxwriter
# (make deps installs it); without it, any python3 with xlsxwriter will do (the anchors say n/a).
PY=python3
for candidate in "$OUT/.venv/bin/python" /usr/bin/python3 python3; do
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
timed "merge (200 pairs)" 200 "≥ 50 pairs/s, < 300 MB" "$BIN" merge --idcards "$IMG/cards" -o "$OUT/merged"

# ---- workspace (issue: import and the store) ----------------------------------------------
rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"; rm -rf "$OUT/bench.db.images"
timed "import 100k into an empty store" 100000 "≥ 20,000 rows/s" "$BIN" import "$OUT/roster-100000.csv" --store "$OUT/bench.db" --as-of 2026-12-01T09:00
timed "status on the full store" 1 "< 0.5 s" "$BIN" status --store "$OUT/bench.db" --as-of 2026-12-01T10:00

# ---- the bureau batch (issue 9): export of 10,000 due persons beside zip -0 ---------------
./scripts/bench-export.sh "$BIN"

# ---- side by side with the tools an office would pick instead (issue 12) -------------------
if [ ! -s "$OUT/roster-1000000-e5.csv" ]; then
  mkdir -p "$OUT/e5"
  "$PY" scripts/gen-bench.py --rows 1000000 --out "$OUT/e5" --formats csv --error-rate 0.05 >&2
  mv "$OUT/e5/roster-1000000.csv" "$OUT/roster-1000000-e5.csv"
  rm -rf "$OUT/e5"
fi
if [ ! -d "$IMG/mixed" ]; then
  # 200 photos as offices get them: camera and phone originals, scans, and nearly-right files.
  mkdir -p "$IMG/mixed"
  compliant=(samples/photos/*.jpg)
  vips resize "${compliant[0]}" "$IMG/phone.v" 8 >&2
  vips embed "$IMG/phone.v" "$IMG/phone.jpg[Q=90]" 80 300 3024 4032 --extend white >&2
  vips resize "${compliant[0]}" "$IMG/scan.v" 3 >&2
  vips embed "$IMG/scan.v" "$IMG/scan.jpg[Q=95]" 60 90 1200 1500 --extend white >&2
  rm -f "$IMG/phone.v" "$IMG/scan.v"
  for i in $(seq 0 199); do
    case $((i % 4)) in
      0) src="$IMG/frame.jpg" ;;
      1) src="$IMG/phone.jpg" ;;
      2) src="$IMG/scan.jpg" ;;
      3) src=${compliant[$((i % ${#compliant[@]}))]} ;;
    esac
    cp "$src" "$IMG/mixed/$(printf 'P%04d' "$i").jpg"
  done
fi
"$PY" scripts/bench-compare.py "$BIN" "$OUT" --runs "${BENCH_RUNS:-5}"

# The floor under the workbook target: libxml2 alone, parsing the 100k shared-strings workbook's
# sheet and shared strings with handlers that do nothing (sscard reads them with this parser).
if gcc -O2 -o "$OUT/libxml2-sax-floor" scripts/libxml2-sax-floor.c $(pkg-config --cflags --libs libxml-2.0) 2>/dev/null; then
  rm -rf "$OUT/floor"; mkdir -p "$OUT/floor"
  unzip -q -o "$OUT/roster-100000-sst.xlsx" xl/worksheets/sheet1.xml xl/sharedStrings.xml -d "$OUT/floor"
  echo "libxml2 alone on the 100k shared-strings workbook (no handlers; the reading thread's floor):"
  "$OUT/libxml2-sax-floor" "$OUT/floor/xl/sharedStrings.xml" "$OUT/floor/xl/worksheets/sheet1.xml"
fi

# ---- registration forms (issue: the form) ---------------------------------------------------
# 200 people with photos and both ID-card sides, imported into a fresh store, then every form
# written (200 × <id>.pdf + forms-all.pdf) on both cores; beside it the anchor, Typst
# (pip install typst; one typst.Compiler reused, a comparable page, two Noto CJK faces, a photo).
FORMS="$OUT/forms-bench"
if [ ! -s "$FORMS/roster.csv" ]; then
  rm -rf "$FORMS"; mkdir -p "$FORMS/photos" "$FORMS/idcards"
  "$PY" - "$FORMS" <<'PYEOF'
import shutil, sys, glob, os
out = sys.argv[1]
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
photos = sorted(glob.glob("samples/photos/*.jpg"))
good = [p for p in photos if os.path.basename(p).startswith(("110105199103031488", "440106198610283178", "500103198001250730"))] or photos[:1]
fronts = [f for f in sorted(glob.glob("samples/idcards/*_人像面.jpg")) if os.path.exists(f.replace("_人像面", "_国徽面"))]
lines = ["姓名,证件号码,手机号码,参保单位编号,参保单位名称,现今工作单位,证件发证机关,证件有效期,户口所在地址,常住地址,邮政编码,职业,学历,开户银行,银行网点,邮寄地址"]
for n in range(200):
    body = "510107%s%03d" % ("1990%02d%02d" % (n // 28 % 12 + 1, n % 28 + 1), n % 500 * 2 + 1)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    pid = body + check
    name = "王李张刘陈杨黄赵吴周"[n % 10] + "伟芳娜敏静丽强磊军洋"[n * 7 % 10] + "杰娟涛明超秀霞平刚英"[n * 3 % 10]
    lines.append(",".join([name, pid, "138%08d" % n, "325520", "中智四川经济技术合作有限公司", "研发中心", "成都市公安局武侯区分局",
                           "2016.05.10-2036.05.10", "四川省成都市武侯区洗面桥横街%d号" % (n + 1), "四川省成都市武侯区浆洗街%d号" % (n + 1),
                           "610041", "2", "本科", "建设银行", "科华路支行", "四川省成都市武侯区示例路%d号%d栋%d单元" % (n + 1, n % 9 + 1, n % 4 + 1)]))
    shutil.copy(good[n % len(good)], "%s/photos/%s.jpg" % (out, pid))
    front = fronts[n % len(fronts)]
    shutil.copy(front, "%s/idcards/%s_人像面.jpg" % (out, pid))
    shutil.copy(front.replace("_人像面", "_国徽面"), "%s/idcards/%s_国徽面.jpg" % (out, pid))
open(out + "/roster.csv", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PYEOF
  rm -f "$FORMS/forms.db"*; rm -rf "$FORMS/forms.db.images"
  "$BIN" import "$FORMS/roster.csv" --photos "$FORMS/photos" --idcards "$FORMS/idcards" --store "$FORMS/forms.db" \
    --as-of 2026-12-01T09:00 --quiet >/dev/null 2>&1 || true
fi
rm -rf "$FORMS/out"
people=$(sqlite3 "$FORMS/forms.db" "SELECT count(*) FROM person" 2>/dev/null || echo 200)  # (import rejects a few generated rows)
timed "form ($people people, $((people + 1)) PDFs)" "$people" "≥ 2× Typst's forms/s below" "$BIN" form --status accepted \
  --out "$FORMS/out" --store "$FORMS/forms.db" --as-of 2026-12-01T10:00 --quiet
# Bytes per person file, and beyond the JPEG bytes each embeds (pdfimages -j gives them back).
n=0; pdfs=0; jpeg=0
for f in "$FORMS"/out/*.pdf; do
  [ "$(basename "$f")" = forms-all.pdf ] && continue
  rm -rf "$FORMS/jpeg"; mkdir -p "$FORMS/jpeg"; pdfimages -j "$f" "$FORMS/jpeg/i"
  n=$((n + 1)); pdfs=$((pdfs + $(stat -c %s "$f"))); jpeg=$((jpeg + $(cat "$FORMS"/jpeg/*.jpg | wc -c)))  # (the QR code comes out as a .pbm)
done
awk -v n="$n" -v p="$pdfs" -v j="$jpeg" 'BEGIN { if (n > 0) printf "%-34s %9.0f bytes/form, %.0f beyond the JPEGs it embeds (target ≤ 65536)\n", "form size (" n " files)", p / n, (p - j) / n }'
if "$PY" -c 'import typst' 2>/dev/null; then
  read -r n wall rate bytes photo < <("$PY" scripts/bench-typst.py --forms 200 --photo "$(ls "$FORMS"/photos/*.jpg | head -1)" --out "$FORMS/typst")
  awk -v n="$n" -v w="$wall" -v r="$rate" -v b="$bytes" -v ph="$photo" \
    'BEGIN { printf "%-34s %9d %8.2f %10.1f %9s  %d bytes/form, %d beyond its photo (one core)\n", "typst anchor (200 forms)", n, w, r, "-", b, b - ph }'
else
  echo "typst anchor: pip install typst to compare"
fi
