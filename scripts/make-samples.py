#!/usr/bin/env python3
"""Write the sample roster fixtures under samples/.

The samples are a small, fully fictional roster of 30 people of a Chengdu company
group, in the three shapes clerks send them:

  samples/roster.csv            UTF-8 with BOM, CRLF, comma separated (Excel "CSV UTF-8")
  samples/roster-gb18030.csv    the same text encoded GB18030, no BOM (Excel "CSV" on a
                                Chinese Windows)
  samples/roster.xlsx           the same roster as a workbook written by another tool
                                (openpyxl): sheet 花名册, text cells ('@') for the ID column,
                                except one planted row where Excel stored the ID as a number
  samples/units.csv             the units directory (单位编号,单位名称,上级单位,开户银行,银行网点)
  samples/EXPECTED.md           which row carries which planted mistake (rule id)

The as-of date of the samples is 2026-12-01 (`sscard validate --as-of 2026-12-01`).
Every row is valid except the twelve planted rows listed in PLANTED below, each of which
carries exactly one mistake. Before writing anything the script checks its own data with
a small independent re-implementation of the relevant rules (check digit, derived
gender/birth date, validity span/expiry/window, phone, postcode, unit, codes, guardian,
duplicates) and refuses to write if the findings differ from PLANTED.

Output is deterministic: fixed data, a fixed random seed for phone numbers, and fixed
timestamps inside the .xlsx, so re-running produces byte-identical files.

Requirements: Python 3.11 standard library plus openpyxl (pip install openpyxl).

Usage:
  python3 scripts/make-samples.py [--out samples]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import re
import sys
import zipfile

AS_OF = dt.date(2026, 12, 1)
WINDOW_END = dt.date(2027, 4, 1)  # AS_OF + 4 calendar months: a card must end AFTER this
SEED = 20261201

HEADERS = [
    "姓名", "证件类型", "证件号码", "国籍", "性别", "出生日期", "民族", "手机号码",
    "参保单位编号", "参保单位名称", "现今工作单位", "二级单位", "三级单位",
    "证件发证机关", "证件有效期", "户口所在地址", "常住地址", "邮政编码", "邮寄地址",
    "职业", "学历", "开户银行", "银行网点", "已有照片",
    "监护人姓名", "监护人证件类型", "监护人证件号码", "监护人手机号码", "监护人与申请人关系",
    "社保号码",
]
COL = {h: i for i, h in enumerate(HEADERS)}

EMPLOYER_CODE = "325520"
EMPLOYER_NAME = "中智四川经济技术合作有限公司一环路北一段分公司"

# --------------------------------------------------------------------------------------
# Units directory: a fictional Chengdu company group. Bank names are exactly the `name`
# column of schemas/banks.tsv.
UNITS = [
    # 单位编号, 单位名称, 上级单位, 开户银行, 银行网点
    ("SL001", "成都示例科技有限公司", "", "工商银行", "高新支行"),
    ("SL002", "研发中心", "成都示例科技有限公司", "建设银行", "科华路支行"),
    ("SL003", "财务部", "成都示例科技有限公司", "农业银行", "锦江支行"),
    ("SL004", "人力资源部", "成都示例科技有限公司", "邮政储蓄银行", "青羊支行"),
    ("SL005", "市场部", "成都示例科技有限公司", "成都银行", "金牛支行"),
    ("SL006", "武侯分公司", "成都示例科技有限公司", "成都农村商业银行", "武侯支行"),
]
UNIT_BANK = {u[1]: (u[3], u[4]) for u in UNITS}
UNKNOWN_UNIT = "青羊分公司"  # not in units.csv (planted unit.unknown)

# Region code -> (issuing authority printed on the card, hukou address prefix)
REGIONS = {
    "510104": ("成都市公安局锦江区分局", "四川省成都市锦江区"),
    "510105": ("成都市公安局青羊区分局", "四川省成都市青羊区"),
    "510106": ("成都市公安局金牛区分局", "四川省成都市金牛区"),
    "510107": ("成都市公安局武侯区分局", "四川省成都市武侯区"),
    "510108": ("成都市公安局成华区分局", "四川省成都市成华区"),
    "510112": ("成都市公安局龙泉驿区分局", "四川省成都市龙泉驿区"),
    # 510124 郫县 was abolished in 2016 (now 郫都区 510117); numbers keep the old code.
    "510124": ("成都市公安局郫都区分局", "四川省成都市郫都区"),
    "513401": ("西昌市公安局", "四川省凉山彝族自治州西昌市"),
    "540102": ("拉萨市公安局城关分局", "西藏自治区拉萨市城关区"),
    "650102": ("乌鲁木齐市公安局天山区分局", "新疆维吾尔自治区乌鲁木齐市天山区"),
    "110105": ("北京市公安局朝阳分局", "北京市朝阳区"),
    "440106": ("广州市公安局天河区分局", "广东省广州市天河区"),
    "500103": ("重庆市公安局渝中区分局", "重庆市渝中区"),
}

# Chengdu residence addresses by district: (district prefix, postal code, streets)
CHENGDU = {
    "锦江": ("四川省成都市锦江区", "610016", ["东大街下东大街段99号", "水碾河路28号", "书院西街17号"]),
    "青羊": ("四川省成都市青羊区", "610031", ["清江中路56号", "草堂路8号", "西玉龙街21号"]),
    "金牛": ("四川省成都市金牛区", "610036", ["蜀汉路141号", "营门口路301号", "金府路66号"]),
    "武侯": ("四川省成都市武侯区", "610041", ["科华北路65号", "玉林南路12号", "武侯祠大街264号", "浆洗街9号"]),
    "成华": ("四川省成都市成华区", "610051", ["建设路55号", "二仙桥东三路12号", "府青路二段3号"]),
    "龙泉驿": ("四川省成都市龙泉驿区", "610100", ["驿都大道中路318号", "北京路88号"]),
    "郫都": ("四川省成都市郫都区", "611730", ["望丛东路139号", "南大街46号"]),
}

COMPANY_MAIL = "四川省成都市武侯区示例路88号成都示例科技有限公司"

# --------------------------------------------------------------------------------------
# Identity helpers

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def check_char(body17: str) -> str:
    return CHECK[sum(int(c) * w for c, w in zip(body17, WEIGHTS)) % 11]


def make_id(region: str, birth: dt.date, order: int) -> str:
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    assert len(body) == 17
    return body + check_char(body)


def order_with_check(region: str, birth: dt.date, male: bool, want_x: bool, start: int) -> int:
    """First order code >= start with the right parity whose check char is / is not X."""
    order = start
    while True:
        if order % 2 == (1 if male else 0):
            c = check_char(f"{region}{birth:%Y%m%d}{order:03d}")
            if (c == "X") == want_x:
                return order
        order += 1


def to_fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def normalise(s: str) -> str:
    """What sscard does before rules: trim, full-width to half-width, x to X."""
    s = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in s.strip())
    return s.upper()


def add_years(d: dt.date, n: int) -> dt.date:
    return d.replace(year=d.year + n)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def span_for_age(age: int) -> int | None:
    if age < 16:
        return 5
    if age <= 25:
        return 10
    if age <= 45:
        return 20
    return None  # 长期


def validity(birth: dt.date, issue: dt.date) -> str:
    span = span_for_age(age_on(birth, issue))
    if span is None:
        return f"{issue:%Y.%m.%d}-长期"
    return f"{issue:%Y.%m.%d}-{add_years(issue, span):%Y.%m.%d}"


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


# --------------------------------------------------------------------------------------
# The people. One entry per data row, in roster order (first entry = spreadsheet row 2).
# kind: "" = valid; otherwise the rule id planted on that row.
# Fields: name, sex, birth, region, ethnicity, unit, occupation, education, issue date,
# home district (Chengdu residence), photo on file, extra options.

P = []


def person(name, sex, birth, region, eth, unit, occ, edu, issue, home, photo="是", kind="", **kw):
    P.append(dict(name=name, sex=sex, birth=d(birth) if birth else None, region=region, eth=eth, unit=unit,
                  occ=occ, edu=edu, issue=d(issue) if issue else None, home=home,
                  photo=photo, kind=kind, **kw))


person("张伟", "男", "1988-04-12", "510107", "汉族", "研发中心", "专业技术人员", "大学本科", "2014-06-20", "武侯", order=31)
person("李娜", "女", "1992-11-03", "510104", "汉族", "财务部", "办事人员和有关人员", "本科", "2019-08-15", "锦江", order=62)
person("王强", "男", "1985-09-21", "510106", "汉族", "市场部", "商业、服务业人员", "大专", "2012-10-09", "金牛", order=117, kind="id.checksum")
person("刘秀英", "女", "1962-05-18", "510105", "汉族", "人力资源部", "单位负责人", "高中", "2012-06-18", "青羊", order=24,
       note="长期 (age 50 at issue)")
person("马俊", "男", "1990-02-14", "510108", "回族", "研发中心", "2", "20", "2016-03-30", "成华", order=53,
       note="occupation and education given as codes")
person("陈静", "女", "1995-07-08", "510112", "汉族", "武侯分公司", "商业服务业人员", "30", "2018-09-12", "龙泉驿", order=86,
       kind="phone.format")
person("杨磊", "男", "1983-12-01", "510107", "汉族", "研发中心", "工程师", "研究生", "2015-01-20", "武侯", order=None,
       id_style="lower-x", photo="否", note="check character X typed as lower-case x")
person("托马斯·米勒", "男", "1986-07-22", None, "", "研发中心", "专业技术人员", "硕士", None, "武侯",
       passport=("C01X00T47", "德国", "德国驻成都总领事馆", "2022.03.01-2032.03.01"),
       mail=COMPANY_MAIL, note="passport holder (foreigner)")
person("赵敏", "女", "1996-05-20", "510105", "汉族", "财务部", "办事人员", "大学本科", "2017-02-15", "青羊", order=48,
       kind="expiry.window")
person("阿依古丽·买买提", "女", "1991-08-30", "650102", "维吾尔族", "市场部", "商业、服务业人员", "大学本科", "2020-11-05", "成华",
       order=226, note="minority name with middle dot; ID from Urumqi")
person("黄志强", "男", "1990-03-07", "510107", "汉族", "武侯分公司", "生产、运输设备操作人员及有关人员", "中专", "2019-04-12", "武侯",
       order=123, kind="id.excel-number")
person("周婷", "女", "1993-06-25", "510104", "汉族", "人力资源部", "3", "本科", "2021-07-19", "锦江", order=None,
       id_style="fullwidth", note="ID typed with full-width digits")
person("吴刚", "男", "1979-10-10", "510106", "汉族", "", "6", "初中", "2016-05-06", "金牛", order=35, kind="unit.missing",
       bank=("建设银行", "金牛支行"))
person("王子涵", "男", "2011-09-18", "510107", "汉族", "武侯分公司", "其他", "初中", "2022-10-08", "武侯", order=15,
       guardian=("王建国", "居民身份证", ("510107", "1982-04-15", 17), "父子"), note="minor (15) with guardian")
person("卓玛", "女", "1994-01-09", "540102", "藏族", "市场部", "商业、服务业人员", "大专", "2018-03-22", "金牛", order=40, photo="否")
person("孙丽", "女", "1975-03-14", "510108", "汉族", "财务部", "办事人员", "大专", "2006-09-20", "成华", order=82,
       kind="expiry.expired")
person("何勇", "男", "1968-08-08", "510105", "汉族", "成都示例科技有限公司", "单位负责人", "本科", "2015-11-11", "青羊", order=19,
       note="长期 (age 47 at issue)")
person("罗晓燕", "女", "1987-02-27", "510104", "汉族", "研发中心", "2", "研究生", "2013-04-02", "锦江", order=204,
       kind="postal.format", unit2="平台研发部")
person("沙国强", "男", "1989-12-12", "513401", "彝族", "武侯分公司", "6", "技校", "2019-12-30", "武侯", order=57)
person("郑浩", "男", "1984-05-05", "510107", "汉族", "研发中心", "2", "博士后", "2010-07-07", "武侯", order=91,
       kind="code.education")
person(None, None, None, None, None, None, None, None, None, None, kind="id.duplicate", dup_of=3)  # row 22 = row 3 again
person("冯雪", "女", "1991-03-03", "110105", "汉族", "市场部", "4", "本科", "2017-06-06", "成华", order=148)
person("刘思琪", "女", "2014-03-21", "510104", "汉族", "人力资源部", "其他", "小学", "2024-05-10", "锦江", order=66,
       kind="guardian.required")
person("林志杰", "男", "1986-10-28", "440106", "汉族", "研发中心", "2", "本科", "2014-02-18", "武侯", order=317,
       unit2="平台研发部", unit3="测试组", mail=COMPANY_MAIL)
person("徐芳", "女", "1997-09-09", "510105", "汉族", UNKNOWN_UNIT, "4", "大专", "2019-10-10", "青羊", order=28,
       kind="unit.unknown", bank=("成都银行", "青羊支行"))
person("唐明", "男", "1980-01-25", "500103", "汉族", "财务部", "3", "大专", "2011-03-15", "金牛", order=73)
person("高翔", "男", "1993-08-16", "510112", "汉族", "市场部", "4", "本科", "2020-09-01", "龙泉驿", order=111,
       kind="id.gender-mismatch")
person("谢婉", "女", "1999-04-04", "510124", "汉族", "武侯分公司", "4", "大专", "2021-05-20", "郫都", order=42,
       note="abolished region code 510124 (郫县; in regions.tsv as abolished, so no id.region warning)")
person("邓宇航", "男", "1998-11-11", "510106", "汉族", "研发中心", "2", "本科", "2020-01-08", "金牛", order=95,
       unit2="平台研发部", mail="四川省成都市金牛区蜀汉路141号3栋2单元501")
person("曾丽华", "女", "1972-07-19", "510108", "汉族", "财务部", "1", "中专", "2009-08-26", "成华", order=14, photo="否",
       id_type="居民身份证(户口簿)")

assert len(P) == 30, len(P)

# Which column carries each planted rule (EXPECTED.md)
RULE_COLUMN = {
    "id.checksum": "证件号码", "id.excel-number": "证件号码", "id.duplicate": "证件号码",
    "id.gender-mismatch": "性别", "expiry.window": "证件有效期", "expiry.expired": "证件有效期",
    "phone.format": "手机号码", "unit.missing": "现今工作单位", "unit.unknown": "现今工作单位",
    "guardian.required": "监护人姓名", "postal.format": "邮政编码", "code.education": "学历",
}

# --------------------------------------------------------------------------------------


def build_rows() -> tuple[list[list[str]], dict]:
    rng = random.Random(SEED)
    prefixes = ["130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                "158", "159", "166", "177", "180", "181", "183", "185", "186", "187", "188", "189",
                "191", "199"]
    used_phones: set[str] = set()

    def new_phone() -> str:
        while True:
            p = rng.choice(prefixes) + f"{rng.randrange(10**8):08d}"
            if p not in used_phones:
                used_phones.add(p)
                return p

    rows: list[list[str]] = []
    meta = {"xlsx_numeric_row": None}
    street_use: dict[str, int] = {}

    for idx, p in enumerate(P):
        rownum = idx + 2
        if p.get("dup_of"):
            src = list(rows[p["dup_of"] - 2])
            src[COL["手机号码"]] = new_phone()  # a second number, so no phone.duplicate warning
            rows.append(src)
            continue

        r = [""] * len(HEADERS)
        male = p["sex"] == "男"
        r[COL["姓名"]] = p["name"]
        r[COL["性别"]] = p["sex"]
        r[COL["出生日期"]] = p["birth"].isoformat()
        r[COL["民族"]] = p["eth"]
        r[COL["手机号码"]] = new_phone()
        r[COL["参保单位编号"]] = EMPLOYER_CODE
        r[COL["参保单位名称"]] = EMPLOYER_NAME
        r[COL["现今工作单位"]] = p["unit"]
        r[COL["二级单位"]] = p.get("unit2", "")
        r[COL["三级单位"]] = p.get("unit3", "")
        r[COL["职业"]] = p["occ"]
        r[COL["学历"]] = p["edu"]
        r[COL["已有照片"]] = p["photo"]
        bank = p.get("bank") or UNIT_BANK[p["unit"]]
        r[COL["开户银行"]], r[COL["银行网点"]] = bank

        home_prefix, postal, streets = CHENGDU[p["home"]]
        k = street_use.get(p["home"], 0)
        street_use[p["home"]] = k + 1
        residence = home_prefix + streets[k % len(streets)] + f"{idx % 5 + 1}栋{idx % 3 + 1}单元{idx % 7 + 1}0{idx % 4 + 1}"
        r[COL["常住地址"]] = residence
        r[COL["邮政编码"]] = postal
        r[COL["邮寄地址"]] = p.get("mail", "")

        if "passport" in p:
            number, nationality, issuer, valid = p["passport"]
            r[COL["证件类型"]] = "护照"
            r[COL["证件号码"]] = number
            r[COL["社保号码"]] = number  # the platform derives it from the passport number
            r[COL["国籍"]] = nationality
            r[COL["证件发证机关"]] = issuer
            r[COL["证件有效期"]] = valid
            r[COL["户口所在地址"]] = residence  # no hukou: the residence is given
        else:
            region = p["region"]
            issuer, hukou_prefix = REGIONS[region]
            r[COL["证件类型"]] = p.get("id_type", "居民身份证")
            r[COL["国籍"]] = "中国"
            r[COL["证件发证机关"]] = issuer
            r[COL["证件有效期"]] = validity(p["birth"], p["issue"])
            if hukou_prefix == home_prefix:
                r[COL["户口所在地址"]] = residence  # still registered where they live
            else:
                r[COL["户口所在地址"]] = hukou_prefix + ["解放路", "团结路", "建设路", "中山路"][idx % 4] + f"{100 + idx * 7}号"

            style = p.get("id_style", "")
            order = p["order"]
            if style == "lower-x":
                order = order_with_check(region, p["birth"], male, True, 301)
            elif style == "fullwidth":
                order = order_with_check(region, p["birth"], male, False, 402)
            assert order % 2 == (1 if male else 0), (p["name"], order)
            idn = make_id(region, p["birth"], order)
            if style == "lower-x":
                assert idn.endswith("X")
                idn = idn[:-1] + "x"
            elif style == "fullwidth":
                idn = to_fullwidth(idn)
            if p["kind"] == "id.checksum":
                wrong = CHECK[(CHECK.index(idn[-1]) + 3) % 11]
                idn = idn[:-1] + wrong
            if p["kind"] == "id.excel-number":
                assert idn[:17] == "51010719900307123", idn
                idn = "5.10107E+17"
                meta["xlsx_numeric_row"] = rownum
            if p["kind"] == "id.gender-mismatch":
                r[COL["性别"]] = "女" if male else "男"
            r[COL["证件号码"]] = idn

        if p["kind"] == "phone.format":
            r[COL["手机号码"]] = r[COL["手机号码"]][:10]
        if p["kind"] == "postal.format":
            r[COL["邮政编码"]] = r[COL["邮政编码"]][:5]

        if "guardian" in p:
            gname, gtype, (gregion, gbirth, gorder), rel = p["guardian"]
            r[COL["监护人姓名"]] = gname
            r[COL["监护人证件类型"]] = gtype
            r[COL["监护人证件号码"]] = make_id(gregion, d(gbirth), gorder)
            r[COL["监护人手机号码"]] = new_phone()
            r[COL["监护人与申请人关系"]] = rel
        rows.append(r)
    return rows, meta


# --------------------------------------------------------------------------------------
# An independent mini-validator for the rules the samples exercise.


def load_codes(path: str) -> set[str]:
    out: set[str] = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            out.add(parts[0])
            out.add(parts[1])
            if len(parts) > 2 and parts[2]:
                out.update(parts[2].split("|"))
    return out


def check_rows(rows: list[list[str]], schemas: str, with_units: bool) -> dict[int, list[str]]:
    edu = load_codes(os.path.join(schemas, "education-form.tsv"))
    occ = load_codes(os.path.join(schemas, "occupation-form.tsv"))
    eth = load_codes(os.path.join(schemas, "ethnicity.tsv"))
    banks = load_codes(os.path.join(schemas, "banks.tsv"))
    unit_names = {u[1] for u in UNITS}
    findings: dict[int, list[str]] = {}
    seen_ids: dict[str, int] = {}
    seen_phones: dict[str, int] = {}

    for i, r in enumerate(rows):
        row = i + 2
        f: list[str] = []
        v = {h: r[COL[h]].strip() for h in HEADERS}
        idn = normalise(v["证件号码"])
        passport = v["证件类型"] == "护照"
        birth = d(v["出生日期"])
        if passport:
            if not re.fullmatch(r"[A-Z0-9]{5,17}", idn):
                f.append("id.format")
        elif re.fullmatch(r"\d\.\d+E\+\d+", idn):
            f.append("id.excel-number")
        elif not re.fullmatch(r"\d{17}[\dX]", idn):
            f.append("id.format")
        else:
            if check_char(idn[:17]) != idn[17]:
                f.append("id.checksum")
            if idn[6:14] != birth.strftime("%Y%m%d"):
                f.append("id.birth-mismatch")
            if (int(idn[16]) % 2 == 1) != (v["性别"] == "男"):
                f.append("id.gender-mismatch")
            if v["国籍"] != "中国":
                f.append("id.nationality")
        if idn in seen_ids and "id.excel-number" not in f:
            f.append("id.duplicate")
        seen_ids.setdefault(idn, row)

        m = re.fullmatch(r"(\d{4})\.(\d{2})\.(\d{2})-(?:(\d{4})\.(\d{2})\.(\d{2})|长期)", v["证件有效期"])
        if not m:
            f.append("expiry.format")
        else:
            start = dt.date(int(m[1]), int(m[2]), int(m[3]))
            end = dt.date(int(m[4]), int(m[5]), int(m[6])) if m[4] else None
            if start > AS_OF:
                f.append("expiry.start-future")
            if end is not None and end < AS_OF:
                f.append("expiry.expired")
            elif end is not None and end <= WINDOW_END:
                f.append("expiry.window")
            if not passport:
                span = span_for_age(age_on(birth, start))
                want = None if span is None else add_years(start, span)
                if want != end:
                    f.append("expiry.span")
        if not re.fullmatch(r"1[3-9]\d{9}", v["手机号码"]):
            f.append("phone.format")
        if v["手机号码"] in seen_phones:
            f.append("phone.duplicate")
        seen_phones.setdefault(v["手机号码"], row)
        if not re.fullmatch(r"\d{6}", v["邮政编码"]):
            f.append("postal.format")
        for h in ("户口所在地址", "常住地址"):
            if not v[h]:
                f.append("address.missing")
        if not v["证件发证机关"]:
            f.append("issuer.missing")
        if not v["现今工作单位"]:
            f.append("unit.missing")
        elif with_units and v["现今工作单位"] not in unit_names:
            f.append("unit.unknown")
        if not (v["参保单位编号"] and v["参保单位名称"]):
            f.append("employer.missing")
        if v["职业"] not in occ:
            f.append("code.occupation")
        if v["学历"] not in edu:
            f.append("code.education")
        if v["开户银行"] not in banks:
            f.append("code.bank")
        if v["民族"] and v["民族"] not in eth:
            f.append("code.ethnicity")
        if not v["姓名"]:
            f.append("name.missing")
        try:
            v["姓名"].encode("gb18030")
        except UnicodeEncodeError:
            f.append("name.charset")
        if age_on(birth, AS_OF) < 16:
            g = [v[h] for h in HEADERS[24:29]]
            if not all(g):
                f.append("guardian.required")
            else:
                gid = normalise(g[2])
                assert re.fullmatch(r"\d{17}[\dX]", gid) and check_char(gid[:17]) == gid[17], gid
                assert age_on(d(f"{gid[6:10]}-{gid[10:12]}-{gid[12:14]}"), AS_OF) >= 18
                assert re.fullmatch(r"1[3-9]\d{9}", g[3]) and g[3] not in seen_phones
        if f:
            findings[row] = f
    return findings


def expected_findings(with_units: bool) -> dict[int, list[str]]:
    out = {}
    for i, p in enumerate(P):
        if p["kind"] and (p["kind"] != "unit.unknown" or with_units):
            out[i + 2] = [p["kind"]]
    return out


# --------------------------------------------------------------------------------------
# Writers

FIXED_TIME = dt.datetime(2026, 11, 20, 9, 30, 0)


def write_csv(path: str, header: list[str], rows: list[list[str]], encoding: str) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(encoding))


def write_xlsx(path: str, rows: list[list[str]], numeric_row: int) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(HEADERS)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c in ws[1]:
        c.font = bold
        c.fill = fill
        c.alignment = Alignment(horizontal="center")
    text_cols = {"证件号码", "手机号码", "参保单位编号", "证件有效期", "邮政编码", "出生日期",
                 "监护人证件号码", "监护人手机号码"}
    for i, r in enumerate(rows):
        rownum = i + 2
        for j, value in enumerate(r):
            h = HEADERS[j]
            if value == "":
                continue  # an empty cell, as a spreadsheet leaves it
            cell = ws.cell(row=rownum, column=j + 1)
            if h == "证件号码" and rownum == numeric_row:
                # What Excel keeps of an 18-digit number typed into a General cell: a float.
                cell.value = float(510107199003071234)
                continue
            cell.value = value
            if h in text_cols:
                cell.number_format = "@"
    widths = {"姓名": 16, "证件号码": 22, "证件有效期": 24, "户口所在地址": 40, "常住地址": 40,
              "参保单位名称": 44, "邮寄地址": 40, "证件发证机关": 26, "监护人证件号码": 22}
    from openpyxl.utils import get_column_letter
    for j, h in enumerate(HEADERS):
        ws.column_dimensions[get_column_letter(j + 1)].width = widths.get(h, 12)
    ws.freeze_panes = "B2"
    wb.properties.creator = "sscard make-samples"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.lastModifiedBy = "sscard make-samples"

    raw = io.BytesIO()
    wb.save(raw)
    # Re-pack with fixed zip timestamps so the file is byte-identical on every run.
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>2026-11-20T09:30:00Z\g<3>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 20, 9, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            out.writestr(zi, data)


def write_expected(path: str, rows: list[list[str]], numeric_row: int) -> None:
    L = []
    L.append("# Sample roster: expected findings")
    L.append("")
    L.append("Generated by `scripts/make-samples.py`; do not edit by hand (re-run the script).")
    L.append("")
    L.append("Files: `roster.csv` (UTF-8 with BOM, CRLF), `roster-gb18030.csv` (the same text in GB18030,")
    L.append("no BOM), `roster.xlsx` (sheet 花名册, written by openpyxl), `units.csv` (units directory).")
    L.append("All three rosters hold the same 30 people; rows are numbered as the clerk sees them")
    L.append("(header = row 1, first person = row 2).")
    L.append("")
    L.append("Validate with the as-of date **2026-12-01** (a card must then end after 2027-04-01):")
    L.append("")
    L.append("```")
    L.append("sscard validate samples/roster.xlsx --as-of 2026-12-01")
    L.append("sscard validate samples/roster.csv --as-of 2026-12-01 --units samples/units.csv")
    L.append("```")
    L.append("")
    L.append("Each planted row carries exactly one mistake and is otherwise valid. All other rows are")
    L.append("valid (no errors, no warnings). Exit code 1 in every case (errors present).")
    L.append("")
    L.append("| row | 姓名 | column | rule | severity | what is wrong |")
    L.append("| ---: | --- | --- | --- | --- | --- |")
    why = {
        "id.checksum": "18-digit resident ID with a wrong check character",
        "id.excel-number": "CSV: `5.10107E+17`; XLSX: a numeric (General) cell `5.101071990030712e+17` = float(510107199003071234) — the last digits are lost",
        "expiry.window": "validity ends 2027.02.15, within 4 months of 2026-12-01",
        "expiry.expired": "validity ended 2026.09.20, before 2026-12-01",
        "phone.format": "10-digit mobile number",
        "unit.missing": "现今工作单位 (and 二级/三级) empty; bank filled",
        "id.duplicate": "same ID (and person) as row {dup}; only this later row carries the finding",
        "guardian.required": "12 years old (born 2014-03-21), no guardian columns filled",
        "postal.format": "5-digit postcode",
        "code.education": "学历 `博士后` is in no education table",
        "unit.unknown": "unit `青羊分公司` is not in units.csv — **only with `--units samples/units.csv`**; without it the row is valid (bank given in the roster)",
        "id.gender-mismatch": "性别 says 女, the ID's order code is odd (男)",
    }
    for i, p in enumerate(P):
        if not p["kind"]:
            continue
        row = i + 2
        name = rows[i][COL["姓名"]]
        text = why[p["kind"]].format(dup=p.get("dup_of"))
        L.append(f"| {row} | {name} | {RULE_COLUMN[p['kind']]} | `{p['kind']}` | error | {text} |")
    L.append("")
    n_plain = sum(1 for p in P if p["kind"] and p["kind"] != "unit.unknown")
    L.append(f"Summary: without `--units` {n_plain} rows with errors, {30 - n_plain} valid; with `--units` "
             f"{n_plain + 1} rows with errors, {30 - n_plain - 1} valid.")
    L.append("")
    L.append("Notes on the guardian.required row: the finding is reported on the guardian columns;")
    L.append("which one (监护人姓名 is listed above) is the validator's choice.")
    L.append("")
    L.append("## Valid rows worth knowing")
    L.append("")
    L.append("| row | 姓名 | what it exercises |")
    L.append("| ---: | --- | --- |")
    for i, p in enumerate(P):
        if p["kind"] or not p.get("note"):
            continue
        note = p["note"]
        if p.get("id_style"):
            note += f" (`{rows[i][COL['证件号码']]}`; a normalisation note, not a finding)"
        L.append(f"| {i + 2} | {rows[i][COL['姓名']]} | {note} |")
    L.append("")
    L.append("Other facts: every row has 开户银行 and 银行网点 filled (consistent with units.csv for the")
    L.append("units it lists), so the samples validate the same with and without `--units` apart from")
    L.append("the unit.unknown row. 二级单位/三级单位 are free text (not in units.csv) on rows "
             + ", ".join(str(i + 2) for i, p in enumerate(P) if p.get("unit2")) + ".")
    photo_no = [f"{i + 2} (`{normalise(r[COL['证件号码']])}`)" for i, r in enumerate(rows) if r[COL["已有照片"]] == "否"]
    L.append(f"已有照片 is 否 on rows {', '.join(photo_no)}: with `--photos DIR` those rows need a photo")
    L.append("(photo.missing otherwise); all other rows say 是.")
    L.append(f"In roster.xlsx every 证件号码 cell is a text cell ('@') except row {numeric_row}; 证件有效期,")
    L.append("出生日期, phone and postcode cells are text too.")
    L.append("社保号码 (the last column) is filled only on the passport row (托马斯·米勒, row 9): DESIGN requires it")
    L.append("for documents other than a resident ID (si.missing otherwise); for resident IDs it defaults to")
    L.append("the ID number. The passport's validity (10 years) is a")
    L.append("passport's, so the resident-ID expiry.span rule does not apply to it; 民族 is empty.")
    L.append("")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(L))


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(repo, "samples"))
    ap.add_argument("--schemas", default=os.path.join(repo, "schemas"))
    args = ap.parse_args()

    rows, meta = build_rows()
    assert len(rows) == 30 and all(len(r) == len(HEADERS) for r in rows)

    ok = True
    for with_units in (False, True):
        got = check_rows(rows, args.schemas, with_units)
        want = expected_findings(with_units)
        if got != want:
            ok = False
            print(f"self-check failed (units={with_units}):", file=sys.stderr)
            for row in sorted(set(got) | set(want)):
                if got.get(row) != want.get(row):
                    print(f"  row {row}: got {got.get(row)} want {want.get(row)}", file=sys.stderr)
    if not ok:
        return 1

    os.makedirs(args.out, exist_ok=True)
    write_csv(os.path.join(args.out, "roster.csv"), HEADERS, rows, "utf-8-sig")
    write_csv(os.path.join(args.out, "roster-gb18030.csv"), HEADERS, rows, "gb18030")
    write_xlsx(os.path.join(args.out, "roster.xlsx"), rows, meta["xlsx_numeric_row"])
    write_csv(os.path.join(args.out, "units.csv"), ["单位编号", "单位名称", "上级单位", "开户银行", "银行网点"],
              [list(u) for u in UNITS], "utf-8-sig")
    write_expected(os.path.join(args.out, "EXPECTED.md"), rows, meta["xlsx_numeric_row"])
    for name in ("roster.csv", "roster-gb18030.csv", "roster.xlsx", "units.csv", "EXPECTED.md"):
        print(f"wrote {os.path.join(args.out, name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
