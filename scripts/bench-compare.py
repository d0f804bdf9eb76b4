#!/usr/bin/env python3
"""make bench, side by side: sscard beside the tool an office would pick instead (issue 12).

Usage: scripts/bench-compare.py BIN DATA_DIR [--runs 5] [--only TEXT]

Each job runs --runs rounds (default 5) as whole processes, sscard and then each anchor in
every round, so that both meet the machine in the same state (its speed drifts by a quarter
within minutes). The table shows the median wall time, the peak resident memory over the runs
(MiB, from /usr/bin/time), the anchor's median, and the median of the rounds' ratios
sscard / anchor beside the target. The anchors only *read* the same files
(polars, fastexcel, python-calamine, Python's csv module, sqlite3 .import, Pillow); they are
installed by `make bench-anchors` (pip). An anchor that is not installed is shown as "n/a".
Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

AS_OF = "2026-12-01"


def run_once(cmd: list[str], before=None) -> tuple[float, float] | None:
    """Wall seconds and peak MiB of one run of `cmd`; None if it cannot run."""
    if before:
        before()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        result = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", stats.name, *cmd],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        line = stats.read().strip().splitlines()
    if not line or result.returncode not in (0, 1):
        sys.stderr.write(f"  (could not run {' '.join(cmd[:3])}…: exit {result.returncode} "
                         f"{result.stderr.decode(errors='replace')[-300:]})\n")
        return None
    wall, rss = line[-1].split()
    return float(wall), int(rss) / 1024


def side_by_side(ours_cmd, ours_before, anchors, runs: int):
    """Runs sscard and each anchor in turn, `runs` rounds, so that both meet the same machine
    (its speed drifts by a quarter within minutes here). Returns sscard's (median wall, peak),
    and per anchor its (median wall, peak, median of the rounds' ratios) or None."""
    ours, theirs = [], [[] for _ in anchors]
    for _ in range(runs):
        mine = run_once(ours_cmd, ours_before)
        if mine is None:
            return None, [None for _ in anchors]
        ours.append(mine)
        for index, (_, anchor_cmd, anchor_before) in enumerate(anchors):
            result = run_once(anchor_cmd, anchor_before) if anchor_cmd and theirs[index] is not None else None
            if result is None:
                theirs[index] = None
            else:
                theirs[index].append((result, mine[0]))
    summary = (statistics.median(w for w, _ in ours), max(p for _, p in ours))
    anchor_summaries = []
    for rounds in theirs:
        if not rounds:
            anchor_summaries.append(None)
            continue
        walls = [w for (w, _), _ in rounds]
        ratios = [mine / w for (w, _), mine in rounds if w > 0]
        anchor_summaries.append((statistics.median(walls), max(p for (_, p), _ in rounds),
                                 statistics.median(ratios) if ratios else None))
    return summary, anchor_summaries


def python_anchor(module: str, code: str) -> list[str] | None:
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return [sys.executable, "-c", code] if probe.returncode == 0 else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("data")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="", help="run only the jobs whose label contains this text (e.g. import)")
    args = ap.parse_args()
    data, sscard, runs = args.data, args.bin, args.runs

    csv100k = os.path.join(data, "roster-100000.csv")
    sst100k = os.path.join(data, "roster-100000-sst.xlsx")
    csv1m = os.path.join(data, "roster-1000000-e5.csv")
    photos = os.path.join(data, "images", "mixed")
    for path in (csv100k, sst100k, csv1m, photos):
        if not os.path.exists(path):
            sys.exit(f"bench-compare: {path} is missing (scripts/bench.sh prepares it)")

    validate = lambda path: [sscard, "validate", path, "--as-of", AS_OF, "--format", "json", "-o", "/dev/null"]
    store = os.path.join(data, "compare.db")
    sqlite_db = os.path.join(data, "compare-sqlite.db")
    fixed = os.path.join(data, "compare-fixed")
    pillow_out = os.path.join(data, "compare-pillow")

    def fresh_store():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
        shutil.rmtree(store + ".images", ignore_errors=True)

    def fresh_sqlite():
        if os.path.exists(sqlite_db):
            os.remove(sqlite_db)

    def fresh_dir(path):
        return lambda: shutil.rmtree(path, ignore_errors=True)

    csv_read = ("import csv,sys\n"
                "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
                "    n = sum(1 for _ in csv.reader(f))\n")
    pillow = ("import os,sys\nfrom PIL import Image\n"
              "src, dst = sys.argv[1], sys.argv[2]\nos.makedirs(dst, exist_ok=True)\n"
              "for name in sorted(os.listdir(src)):\n"
              "    im = Image.open(os.path.join(src, name)); im.draft('RGB', (716, 882))\n"
              "    im = im.convert('RGB'); w, h = im.size; tw = min(w, h * 358 // 441); th = tw * 441 // 358\n"
              "    left, top = (w - tw) // 2, (h - th) // 2\n"
              "    im = im.crop((left, top, left + tw, top + th)).resize((358, 441), Image.LANCZOS)\n"
              "    im.save(os.path.join(dst, name), 'JPEG', quality=90, dpi=(350, 350))\n")

    jobs = [
        ("validate 100k CSV", validate(csv100k), None, [
            ("polars.read_csv", python_anchor("polars", f"import polars; polars.read_csv({csv100k!r}, infer_schema=False)"), None),
            ("python csv", [sys.executable, "-c", csv_read, csv100k], None)],
         "≤ 0.6× polars, ≤ 64 MiB"),
        ("validate 100k XLSX (shared strings)", validate(sst100k), None, [
            ("fastexcel", python_anchor("fastexcel", f"import fastexcel; fastexcel.read_excel({sst100k!r}).load_sheet(0).to_arrow()"), None),
            ("python-calamine", python_anchor("python_calamine", f"from python_calamine import CalamineWorkbook as W; W.from_path({sst100k!r}).get_sheet_by_index(0).to_python()"), None)],
         "≤ 0.6× fastexcel, ≤ 64 MiB"),
        ("validate 1M CSV, 5 % errors", validate(csv1m), None, [
            ("python csv", [sys.executable, "-c", csv_read, csv1m], None)],
         "≤ 0.6× csv, ≤ 100 MiB"),
        ("import 100k CSV, empty store", [sscard, "import", csv100k, "--store", store, "--as-of", f"{AS_OF}T09:00", "--quiet"], fresh_store, [
            ("sqlite3 .import --csv", ["sqlite3", sqlite_db, f".import --csv {csv100k} roster"] if shutil.which("sqlite3") else None, fresh_sqlite)],
         "≤ 3× sqlite3"),
        ("photos fix, 200 mixed", [sscard, "photos", "fix", photos, fixed, "--quiet"], fresh_dir(fixed), [
            ("Pillow draft() (one core)", python_anchor("PIL", pillow) and [sys.executable, "-c", pillow, photos, pillow_out], fresh_dir(pillow_out))],
         "≤ 0.5× Pillow"),
    ]

    print(f"\nside by side ({runs} rounds, sscard and each anchor in turn; medians of whole-process wall time;"
          f" ratio = median of the rounds' ratios; this machine, one run of make bench)")
    print(f"{'job':<38} {'sscard s':>9} {'MiB':>7}   {'anchor':<26} {'anchor s':>9} {'MiB':>7} {'ratio':>6}  target")
    for label, cmd, before, anchors, target in jobs:
        if args.only not in label:
            continue
        ours, theirs_all = side_by_side(cmd, before, anchors, runs)
        for index, ((name, _, _), theirs) in enumerate(zip(anchors, theirs_all)):
            left = f"{label:<38} " + (f"{ours[0]:>9.2f} {ours[1]:>7.1f}" if ours else f"{'failed':>9} {'':>7}") if index == 0 else f"{'':<38} {'':>9} {'':>7}"
            right = f"{theirs[0]:>9.2f} {theirs[1]:>7.1f}" if theirs else f"{'n/a':>9} {'':>7}"
            ratio = f"{theirs[2]:>5.2f}×" if ours and theirs and theirs[2] is not None else f"{'':>6}"
            print(f"{left}   {name:<26} {right} {ratio}  {target if index == 0 else ''}", flush=True)
    for path in (fixed, pillow_out):
        shutil.rmtree(path, ignore_errors=True)
    fresh_store()
    fresh_sqlite()


if __name__ == "__main__":
    main()
