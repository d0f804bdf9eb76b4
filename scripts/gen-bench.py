#!/usr/bin/env python3
"""Generate large synthetic rosters for benchmarking `sscard validate` / `sscard import`.

Usage:
  python3 scripts/gen-bench.py --rows 100000 --out bench-data/
  python3 scripts/gen-bench.py --rows 1000000 --out bench-data/ --formats csv,xlsx

Writes, for N = --rows:
  OUT/roster-N.csv            UTF-8 (no BOM), CRLF, comma separated
  OUT/roster-N-gb18030.csv    the same text encoded GB18030
  OUT/roster-N.xlsx           one sheet 花名册, written with xlsxwriter in constant_memory
                              mode (inline strings, rows streamed to disk); every cell is a
                              string cell, the 证件号码 cells are also formatted as text ('@').
                              Rows are streamed as ready-made XML into xlsxwriter's
                              constant_memory row file (the exact bytes its API would write;
                              --xlsx-api writes cell by cell through the API instead, ~4x slower).
                              --shared-strings turns constant_memory off, so the workbook
                              uses a sharedStrings table as Excel itself does (needs memory
                              proportional to the sheet; fine up to a few hundred thousand rows).
                              At most 1048575 people (Excel's row limit).
  OUT/roster-N-expected.json  what was planted: counts per rule id and the row numbers
                              (spreadsheet numbering: header = row 1, first person = row 2)

Columns: the same 29 headers as samples/roster.csv (姓名 … 监护人与申请人关系).

Data, relative to the as-of date 2026-12-01 (run `sscard validate --as-of 2026-12-01`):
  * adults born 1960-01-01 … 2000-12-31, resident IDs (居民身份证) from 13 region codes
    (mostly Chengdu), correct ISO 7064 MOD 11-2 check characters, 性别/出生日期 consistent
    with the ID; every ID is unique (a bijective mapping of the row index onto
    region × birth date × order code), so no id.duplicate;
  * 证件有效期 issued 2017-04-02 … 2026-12-01, span from the age at issue (16–25 → 10 years,
    26–45 → 20, 46+ → 长期), hence always ending after 2027-04-01;
  * unique 11-digit mobile numbers (prefix + a bijection of the row index onto 8 digits);
  * 现今工作单位 one of the six units of samples/units.csv with its bank and branch filled,
    so results are the same with and without --units;
  * about --error-rate (default 3 %) rows carry exactly one planted error, spread evenly over
    id.checksum (wrong check character; never a number ending in 000, which sscard
    reports as id.excel-number instead), phone.format (10 digits), postal.format
    (5 digits) and expiry.expired (an older card, span still consistent with the age).
Everything is deterministic for a given --seed.

Requirements: Python 3.11; the PyPI package xlsxwriter (pip install xlsxwriter) for the
.xlsx. Prints the elapsed seconds. Rough timings on the dev VM (all three formats, one core):
100 000 rows ≈ 6 s; 1 000 000 rows ≈ 66 s (409 MB + 310 MB CSV, 148 MB xlsx), ~190 MB RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time

AS_OF = dt.date(2026, 12, 1)

HEADERS = [
    "姓名", "证件类型", "证件号码", "国籍", "性别", "出生日期", "民族", "手机号码",
    "参保单位编号", "参保单位名称", "现今工作单位", "二级单位", "三级单位",
    "证件发证机关", "证件有效期", "户口所在地址", "常住地址", "邮政编码", "邮寄地址",
    "职业", "学历", "开户银行", "银行网点", "已有照片",
    "监护人姓名", "监护人证件类型", "监护人证件号码", "监护人手机号码", "监护人与申请人关系",
]
NCOL = len(HEADERS)

EMPLOYER_CODE = "325520"
EMPLOYER_NAME = "中智四川经济技术合作有限公司一环路北一段分公司"

# Same units as samples/units.csv: name -> (bank, branch)
UNITS = [
    ("成都示例科技有限公司", "工商银行", "高新支行"),
    ("研发中心", "建设银行", "科华路支行"),
    ("财务部", "农业银行", "锦江支行"),
    ("人力资源部", "邮政储蓄银行", "青羊支行"),
    ("市场部", "成都银行", "金牛支行"),
    ("武侯分公司", "成都农村商业银行", "武侯支行"),
]

# region code, issuer, hukou prefix (Chengdu codes repeat to weight them)
REGIONS = [
    ("510104", "成都市公安局锦江区分局", "四川省成都市锦江区"),
    ("510105", "成都市公安局青羊区分局", "四川省成都市青羊区"),
    ("510106", "成都市公安局金牛区分局", "四川省成都市金牛区"),
    ("510107", "成都市公安局武侯区分局", "四川省成都市武侯区"),
    ("510108", "成都市公安局成华区分局", "四川省成都市成华区"),
    ("510112", "成都市公安局龙泉驿区分局", "四川省成都市龙泉驿区"),
    ("510113", "成都市公安局青白江区分局", "四川省成都市青白江区"),
    ("510114", "成都市公安局新都区分局", "四川省成都市新都区"),
    ("510124", "成都市公安局郫都区分局", "四川省成都市郫都区"),
    ("510181", "都江堰市公安局", "四川省成都市都江堰市"),
    ("110105", "北京市公安局朝阳分局", "北京市朝阳区"),
    ("440106", "广州市公安局天河区分局", "广东省广州市天河区"),
    ("500103", "重庆市公安局渝中区分局", "重庆市渝中区"),
]

# Chengdu residence districts: (prefix, postal code, streets)
DISTRICTS = [
    ("四川省成都市锦江区", "610016", ["东大街", "水碾河路", "书院西街", "春熙路", "红星路三段"]),
    ("四川省成都市青羊区", "610031", ["清江中路", "草堂路", "西玉龙街", "光华大道一段", "文翁路"]),
    ("四川省成都市金牛区", "610036", ["蜀汉路", "营门口路", "金府路", "沙湾路", "茶店子路"]),
    ("四川省成都市武侯区", "610041", ["科华北路", "玉林南路", "武侯祠大街", "浆洗街", "人民南路四段"]),
    ("四川省成都市成华区", "610051", ["建设路", "二仙桥东三路", "府青路二段", "双林路", "杉板桥路"]),
    ("四川省成都市龙泉驿区", "610100", ["驿都大道中路", "北京路", "龙都南路"]),
]

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
            "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯鹏辉俊峰建国志文"
         "婷雪琳晨欣怡梓涵子轩宇航思琪佳颖家豪晓东海波永红丹梅莉春兰金凤素珍")
ETHNIC_OTHER = ["回族", "藏族", "彝族", "满族", "土家族", "羌族"]
OCCUPATIONS = ["专业技术人员", "办事人员和有关人员", "商业、服务业人员", "单位负责人",
               "生产、运输设备操作人员及有关人员", "2", "3", "4", "工程师", "文员"]
EDUCATIONS = ["大学本科", "本科", "大专", "研究生", "高中", "中专", "初中", "20", "30", "10", "技校"]
PHONE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                  "155", "156", "158", "159", "166", "177", "180", "181", "182", "183", "185", "186",
                  "187", "188", "189", "191", "198", "199"]

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"

ERROR_KINDS = ["id.checksum", "phone.format", "postal.format", "expiry.expired"]


def weighted(digits: str, weights: list[int]) -> int:
    return sum(int(c) * w for c, w in zip(digits, weights))


def main() -> int:
    ap = argparse.ArgumentParser(description="Generate large synthetic sscard rosters.")
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--out", default="bench-data")
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--error-rate", type=float, default=0.03)
    ap.add_argument("--formats", default="csv,gb18030,xlsx",
                    help="comma list of csv, gb18030, xlsx (default all three)")
    ap.add_argument("--shared-strings", action="store_true",
                    help="xlsx with a sharedStrings table (constant_memory off; implies --xlsx-api)")
    ap.add_argument("--xlsx-api", action="store_true",
                    help="write every xlsx cell through xlsxwriter's public API (slow; the default "
                         "streams each row's XML into xlsxwriter's constant_memory row file)")
    args = ap.parse_args()

    n = args.rows
    formats = {f.strip() for f in args.formats.split(",") if f.strip()}
    if not formats <= {"csv", "gb18030", "xlsx"}:
        ap.error("--formats takes csv, gb18030, xlsx")
    if n < 1:
        ap.error("--rows must be at least 1")
    if "xlsx" in formats and n > 1048575:
        ap.error("an .xlsx sheet holds at most 1048576 rows (1048575 people); use --formats csv,gb18030")
    os.makedirs(args.out, exist_ok=True)
    t0 = time.perf_counter()

    # ---- lookup tables -----------------------------------------------------------------
    b0 = dt.date(1960, 1, 1).toordinal()
    b1 = dt.date(2000, 12, 31).toordinal()
    births = []  # (y, m, d, 'YYYYMMDD', 'YYYY-MM-DD', weighted sum of the 8 digits)
    for o in range(b0, b1 + 1):
        x = dt.date.fromordinal(o)
        s8 = f"{x:%Y%m%d}"
        births.append((x.year, x.month, x.day, s8, x.isoformat(), weighted(s8, WEIGHTS[6:14])))
    nb = len(births)

    def issue_table(first: dt.date, last: dt.date):
        out = []
        for o in range(first.toordinal(), last.toordinal() + 1):
            x = dt.date.fromordinal(o)
            if x.month == 2 and x.day == 29:
                continue  # no 02-29 starts: the end date would not exist
            out.append((x.year, x.month, x.day, f"{x:%Y.%m.%d}", f".{x:%m.%d}"))
        return out

    issues = issue_table(dt.date(2017, 4, 2), AS_OF)            # valid cards
    old_issues = issue_table(dt.date(2004, 1, 1), dt.date(2016, 11, 30))  # expiry.expired (2nd-generation cards, from 2004)
    ni = len(issues)

    region_w = [weighted(r[0], WEIGHTS[:6]) for r in REGIONS]
    order_w = [weighted(f"{o:03d}", WEIGHTS[14:17]) for o in range(1000)]
    nr = len(REGIONS)
    n_ord = 499  # order codes 001…998: j in 0…498, male 2j+1, female 2j+2
    capacity = nr * nb * n_ord * 2
    if n > capacity // 2:
        ap.error(f"--rows too large (max {capacity // 2})")
    # a multiplier coprime with capacity spreads consecutive rows over the whole space
    mult = 2654435761
    while _gcd(mult, capacity) != 1:
        mult += 2
    phone_mult = 48271  # coprime with 10**8: row index -> 8 phone digits is a bijection
    assert _gcd(phone_mult, 10**8) == 1 and n <= 10**8

    # ---- outputs -----------------------------------------------------------------------
    base = os.path.join(args.out, f"roster-{n}")
    csv_utf8 = open(base + ".csv", "wb") if "csv" in formats else None
    csv_gb = open(base + "-gb18030.csv", "wb") if "gb18030" in formats else None
    header_line = ",".join(HEADERS) + "\r\n"
    for f, enc in ((csv_utf8, "utf-8"), (csv_gb, "gb18030")):
        if f:
            f.write(header_line.encode(enc))

    wb = ws = None
    fast_xlsx = False
    if "xlsx" in formats:
        try:
            import xlsxwriter
        except ImportError:
            print("gen-bench: the xlsx output needs xlsxwriter (pip install xlsxwriter)", file=sys.stderr)
            return 2
        wb = xlsxwriter.Workbook(base + ".xlsx", {"constant_memory": not args.shared_strings,
                                                 "strings_to_numbers": False,
                                                 "strings_to_formulas": False,
                                                 "strings_to_urls": False})
        # fixed document dates, so the same arguments give a byte-identical file
        wb.set_properties({"created": dt.datetime(2026, 11, 20, 9, 30, 0), "author": "sscard gen-bench"})
        ws = wb.add_worksheet("花名册")
        bold = wb.add_format({"bold": True})
        text = wb.add_format({"num_format": "@"})
        ws.set_column(0, NCOL - 1, 14)
        ws.set_column(2, 2, 22, text)
        ws.set_column(9, 9, 44)
        ws.set_column(15, 16, 40)
        ws.freeze_panes(1, 1)
        for c, h in enumerate(HEADERS):
            ws.write_string(0, c, h, bold)
        # Bypass the public write_string's A1-notation decorator and checks: the values are
        # known to be plain strings under the 32767-character limit.
        put = ws._write_string
        # Fast path: in constant_memory mode xlsxwriter streams finished rows as XML into a
        # temporary file (worksheet.row_data_fh) and copies it into sheet1.xml on close.
        # We write the same XML it would write (checked byte for byte against --xlsx-api)
        # directly, one string per row. Values here never need XML escaping (checked
        # below). Falls back to the API if this xlsxwriter's internals look different.
        fast_xlsx = (not args.shared_strings and not args.xlsx_api
                     and getattr(ws, "row_data_fh", None) is not None
                     and hasattr(ws, "_write_single_row") and hasattr(ws, "previous_row"))
        if fast_xlsx:
            _check_plain_text()
            ws._write_single_row(1)  # flush the header row; previous_row becomes 1
            row_fh = ws.row_data_fh
            cols = [_col_letter(c) for c in range(NCOL)]
            c_open = [f'<c r="{cols[c]}' for c in range(NCOL)]
            c_mid = ['" t="inlineStr"><is><t>'] * NCOL
            c_mid[2] = f'" s="{text._get_xf_index()}" t="inlineStr"><is><t>'
            xml_batch: list[str] = []

    rng = random.Random(args.seed)
    getbits = rng.getrandbits
    err_threshold = int(args.error_rate * (1 << 20))
    planted: dict[str, list[int]] = {k: [] for k in ERROR_KINDS}

    n_sur, n_given = len(SURNAMES), len(GIVEN)
    n_units, n_dist = len(UNITS), len(DISTRICTS)
    n_occ, n_edu, n_pre = len(OCCUPATIONS), len(EDUCATIONS), len(PHONE_PREFIXES)
    empty5 = ["", "", "", "", ""]
    batch: list[str] = []
    BATCH = 20000

    def flush():
        if ws is not None and fast_xlsx and xml_batch:
            row_fh.write("".join(xml_batch))
            xml_batch.clear()
        if not batch:
            return
        s = "".join(batch)
        if csv_utf8:
            csv_utf8.write(s.encode("utf-8"))
        if csv_gb:
            csv_gb.write(s.encode("gb18030"))
        batch.clear()

    for i in range(n):
        row = i + 2
        # --- identity: bijective i -> (region, birth, order, sex)
        k = (i * mult + 12345) % capacity
        male = k & 1
        k >>= 1
        j = k % n_ord
        k //= n_ord
        bi = k % nb
        ri = k // nb
        order = 2 * j + 1 if male else 2 * j + 2
        by, bm, bd, b8, biso, bw = births[bi]
        region, issuer, hukou_prefix = REGIONS[ri]
        s = region_w[ri] + bw + order_w[order]
        body = f"{region}{b8}{order:03d}"
        check = CHECK[s % 11]

        r = getbits(64)
        # --- which error, if any (20 bits for the rate, 2 bits for the kind)
        err = None
        if (r & 0xFFFFF) < err_threshold:
            err = ERROR_KINDS[(r >> 20) & 3]
        r >>= 22

        # --- validity
        if err == "expiry.expired":
            validity = _expired(rng, old_issues, by, bm, bd)
            if validity is None:
                err = "postal.format"  # no expired card fits this birth date: plant another error
        if err != "expiry.expired":
            iy, im, idd, idot, imd = issues[r % ni]
            age = iy - by - ((im, idd) < (bm, bd))
            if age <= 25:
                validity = f"{idot}-{iy + 10}{imd}"
            elif age <= 45:
                validity = f"{idot}-{iy + 20}{imd}"
            else:
                validity = f"{idot}-长期"
        r >>= 12

        if err == "id.checksum":
            check = CHECK[(s + 1 + (r & 7)) % 11]
            if check == "0" and order % 100 == 0:
                # …000 with a bad check reads as Excel's lost digits (id.excel-number): avoid
                check = CHECK[(s + 10) % 11]
        idn = body + check
        r >>= 3

        # --- name
        name = SURNAMES[r % n_sur] + GIVEN[(r >> 8) % n_given]
        if (r >> 16) & 3:
            name += GIVEN[(r >> 18) % n_given]
        r = getbits(64)

        # --- phone
        tail = (i * phone_mult + 31415926) % 100000000
        pre = PHONE_PREFIXES[r % n_pre]
        phone = f"{pre}{tail:08d}" if err != "phone.format" else f"{pre}{i % 10000000:07d}"
        r >>= 5

        unit, bank, branch = UNITS[r % n_units]
        r >>= 3
        dprefix, postal, streets = DISTRICTS[r % n_dist]
        r >>= 3
        residence = f"{dprefix}{streets[r % len(streets)]}{(r >> 3) % 300 + 1}号{(r >> 12) % 12 + 1}栋{(r >> 16) % 4 + 1}单元{(r >> 18) % 30 + 1}0{(r >> 23) % 4 + 1}"
        r >>= 25
        hukou = residence if hukou_prefix == dprefix else f"{hukou_prefix}人民路{r % 500 + 1}号"
        r >>= 9
        if err == "postal.format":
            postal = postal[:5]
        eth = "汉族" if (r & 31) else ETHNIC_OTHER[(r >> 5) % 6]
        r >>= 8
        occ = OCCUPATIONS[r % n_occ]
        r >>= 4
        edu = EDUCATIONS[r % n_edu]

        fields = [name, "居民身份证", idn, "中国", "男" if male else "女", biso, eth, phone,
                  EMPLOYER_CODE, EMPLOYER_NAME, unit, "", "", issuer, validity, hukou, residence,
                  postal, "", occ, edu, bank, branch, "是", *empty5]
        if err:
            planted[err].append(row)

        if csv_utf8 or csv_gb:
            batch.append(",".join(fields) + "\r\n")
        if fast_xlsx:
            rs = str(row)
            xml_batch.append(f'<row r="{rs}">' + "".join(
                [f"{c_open[c]}{rs}{c_mid[c]}{v}</t></is></c>" for c, v in enumerate(fields) if v]) + "</row>")
        elif ws is not None:
            ri0 = row - 1
            for c, v in enumerate(fields):
                if v:
                    put(ri0, c, v, text if c == 2 else None)
        if (i + 1) % BATCH == 0:
            flush()

    flush()
    if fast_xlsx and n:
        ws.dim_rowmax = max(ws.dim_rowmax, n)  # the last data row (0-based n)
        ws.previous_row = n + 1  # nothing left to flush
    t_rows = time.perf_counter()
    for f in (csv_utf8, csv_gb):
        if f:
            f.close()
    if wb is not None:
        wb.close()
    t_end = time.perf_counter()

    expected = {
        "rows": n,
        "as_of": AS_OF.isoformat(),
        "seed": args.seed,
        "rows_with_errors": sum(len(v) for v in planted.values()),
        "counts": {k: len(v) for k, v in planted.items()},
        "columns": {"id.checksum": "证件号码", "phone.format": "手机号码",
                    "postal.format": "邮政编码", "expiry.expired": "证件有效期"},
        "rows_by_rule": planted,
    }
    with open(base + "-expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False)

    for suffix, fmt in ((".csv", "csv"), ("-gb18030.csv", "gb18030"), (".xlsx", "xlsx")):
        if fmt in formats:
            p = base + suffix
            print(f"wrote {p} ({os.path.getsize(p) / 1e6:.1f} MB)")
    print(f"wrote {base}-expected.json: {expected['rows_with_errors']} rows with planted errors {expected['counts']}")
    print(f"elapsed: {t_end - t0:.1f} s (rows generated and streamed in {t_rows - t0:.1f} s, "
          f"xlsx finalised in {t_end - t_rows:.1f} s)")
    return 0


def _col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def _check_plain_text() -> None:
    """Every string the rows are built from is safe to put into XML and CSV unescaped."""
    pieces = [*HEADERS, EMPLOYER_CODE, EMPLOYER_NAME, SURNAMES, GIVEN, *ETHNIC_OTHER, *OCCUPATIONS,
              *EDUCATIONS, *PHONE_PREFIXES, "居民身份证", "中国", "男", "女", "汉族", "是", "人民路",
              "号", "栋", "单元", "长期"]
    for u in UNITS:
        pieces += u
    for r in REGIONS:
        pieces += r
    for d in DISTRICTS:
        pieces += [d[0], d[1], *d[2]]
    for p in pieces:
        if any(ch in p for ch in '&<>"\',\r\n') or p != p.strip() or any(ord(ch) < 32 for ch in p):
            raise SystemExit(f"gen-bench: table value needs escaping: {p!r}")


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _expired(rng: random.Random, old_issues, by: int, bm: int, bd: int) -> str | None:
    """A validity string whose span fits the age at issue and that ended before AS_OF."""
    asof = (AS_OF.year, AS_OF.month, AS_OF.day)
    for _ in range(40):
        iy, im, idd, idot, imd = old_issues[rng.randrange(len(old_issues))]
        age = iy - by - ((im, idd) < (bm, bd))
        if age < 16 or age > 45:
            continue  # under 16 not wanted for adults; 46+ would be 长期 (never expires)
        span = 10 if age <= 25 else 20
        if (iy + span, im, idd) < asof:
            return f"{idot}-{iy + span}{imd}"
    return None


if __name__ == "__main__":
    sys.exit(main())
