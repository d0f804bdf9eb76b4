#!/usr/bin/env python3
"""Generate the code tables under schemas/.

This script documents how the data tables shipped in schemas/ were derived and
regenerates them deterministically. It is a maintenance tool only: sscard reads
the TSV files, never this script.

Inputs (both from PyPI, the only package registry reachable from the project
machines):

  regions.tsv    python-stdnum's stdnum/cn/loc.dat (scraped by stdnum from the
                 zh.wikipedia "中华人民共和国行政区划代码 (1–8区)" pages; it lists
                 current *and* abolished GB/T 2260 codes with year ranges).
                   pip download --no-deps -d /tmp/stdnum python-stdnum
                   cd /tmp/stdnum && unzip -o -q python_stdnum-*.whl
                   python3 scripts/gen-schemas.py --loc-dat /tmp/stdnum/stdnum/cn/loc.dat
                 (if python-stdnum is installed, --loc-dat may be omitted).
  countries.tsv  pycountry (pip install pycountry): alpha-2/alpha-3/numeric and
                 English names from its ISO 3166-1 database, Chinese names from
                 its bundled gettext catalogue (domain iso3166-1, locale zh_CN).

All other tables (ethnicity, education, occupation, banks) are small fixed
lists kept literally below; see shared/reference/domain-notes.md §5.

File format (every table): UTF-8, LF line endings, tab separated. Line 1 is a
"# source: ..." comment, line 2 is the column header prefixed with "#".
Further lines starting with "#" are comments and must be skipped by readers.
Multiple aliases in one field are separated by "|"; a field may be empty.

Usage:
  python3 scripts/gen-schemas.py [--loc-dat PATH] [--out DIR]
"""

import argparse
import gettext
import os
import re
import sys

# ---------------------------------------------------------------------------
# helpers


def write_table(path, source, columns, rows, notes=()):
    """Write one TSV table. rows: list of tuples (already sorted)."""
    ncol = len(columns)
    lines = ["# " + " ".join(source.split()), "#" + "\t".join(columns)]
    lines += ["# " + n for n in notes]
    for row in rows:
        if isinstance(row, str):  # a comment line kept in place
            lines.append(row)
            continue
        assert len(row) == ncol, (path, row)
        for field in row:
            assert "\t" not in field and "\n" not in field and "\r" not in field, (path, row)
        lines.append("\t".join(row))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines)


def join_aliases(name, aliases, *exclude):
    """Deduplicate aliases (order kept), drop empties and anything equal to name/exclude."""
    seen = {name, *exclude}
    out = []
    for a in aliases:
        if a and a not in seen:
            assert "|" not in a, a
            seen.add(a)
            out.append(a)
    return "|".join(out)


# ---------------------------------------------------------------------------
# regions.tsv (GB/T 2260, from python-stdnum loc.dat)

RANGE_RE = re.compile(r"^\[(\d*)-(\d*)\](.*)$")
# xxxx00 "prefecture" entries that are no real prefecture and are left out of
# the composed name of the counties below them.
PSEUDO_PREFECTURE_RE = re.compile(r"^(市辖区|县|.*直辖.*)$")

# Codes a residence-permit / roster validator needs that loc.dat may lack.
MANUAL_REGIONS = {
    "710000": "台湾省",
    "810000": "香港特别行政区",
    "820000": "澳门特别行政区",
    "830000": "台湾居民 (居住证)",
}


def parse_loc_dat(path):
    """Return {code: [(start, end, name), ...]} from loc.dat."""
    codes = {}
    province = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            m = re.match(r'^(\d{2}) province="([^"]*)"$', line)
            if m:
                province = m.group(1)
                continue
            m = re.match(r'^  (\d{4}) county="([^"]*)"$', line)
            if not m or province is None:
                raise SystemExit(f"unexpected loc.dat line: {line!r}")
            code = province + m.group(1)
            entries = codes.setdefault(code, [])
            for part in m.group(2).split(","):
                r = RANGE_RE.match(part)
                if r:
                    start, end, name = r.groups()
                else:
                    start, end, name = "", "", part
                entries.append((start, end, name))
    return codes


def region_status(entries):
    # current if any range is open-ended (no end year), abolished otherwise
    return "current" if any(end == "" for _, end, _ in entries) else "abolished"


def region_name(entries):
    """The latest name: the (last) open-ended entry, else the one ending last."""
    open_ended = [e for e in entries if e[1] == ""]
    if open_ended:
        return open_ended[-1][2]
    return max(entries, key=lambda e: int(e[1]))[2]


def build_regions(loc_dat):
    codes = parse_loc_dat(loc_dat)
    rows = []
    for code in sorted(codes):
        entries = codes[code]
        own = region_name(entries)
        prov_code, pref_code = code[:2] + "0000", code[:4] + "00"
        if code == prov_code:
            name = own
        else:
            prov = region_name(codes[prov_code]) if prov_code in codes else ""
            pref = ""
            if code != pref_code and pref_code in codes:
                pref = region_name(codes[pref_code])
                if PSEUDO_PREFECTURE_RE.match(pref):
                    pref = ""
            name = prov + pref + own
        rows.append((code, name, region_status(entries)))
    added = []
    for code, name in sorted(MANUAL_REGIONS.items()):
        if code not in codes:
            added.append(code)
            rows.append((code, name, "current"))
    rows.sort(key=lambda r: r[0])
    # put an explanatory comment right before each manually added row
    out = []
    for r in rows:
        if r[0] in added:
            out.append(f"# {r[0]} is not in python-stdnum loc.dat; added manually (status current) "
                       "because it is a valid address code of the 港澳台居民居住证 / province prefix")
        out.append(r)
    return out, added, codes


def stdnum_version(loc_dat):
    init = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(loc_dat))), "__init__.py")
    try:
        with open(init, encoding="utf-8") as f:
            m = re.search(r"^__version__ = '([^']+)'", f.read(), re.M)
            if m:
                return m.group(1)
    except OSError:
        pass
    return "unknown"


# ---------------------------------------------------------------------------
# countries.tsv (ISO 3166-1 / GB/T 2659, from pycountry)

# Chinese convention overrides: (name_zh, aliases placed first)
COUNTRY_OVERRIDES = {
    "CHN": ("中国", ["中华人民共和国", "中国大陆"]),
    "HKG": ("中国香港", ["香港"]),
    "MAC": ("中国澳门", ["澳门"]),
    "TWN": ("中国台湾", ["台湾"]),
}
# Corrections of pycountry zh_CN short names that are misspelt or not the
# mainland form (GB/T 2659 / MFA usage). pycountry's spelling is kept as alias.
COUNTRY_ZH_FIXES = {
    "BOL": "玻利维亚",            # pycountry common name: 波利维亚 (misspelt)
    "KHM": "柬埔寨",              # pycountry: 柬埔塞 (typo)
    "GTM": "危地马拉",            # pycountry: 瓜地马拉 (Taiwan usage)
    "MLT": "马耳他",              # pycountry: 马尔他
    "PYF": "法属波利尼西亚",      # pycountry: 法属玻利尼西亚
    "KGZ": "吉尔吉斯斯坦",        # pycountry: 吉尔吉斯坦
    "BGD": "孟加拉国",            # pycountry: 孟加拉
    "SGS": "南乔治亚和南桑威奇群岛",  # pycountry: 南乔治亚和南桑德韦奇群岛
}
# A few extra Chinese spellings clerks commonly type.
COUNTRY_EXTRA_ALIASES = {
    "ARE": ["阿拉伯联合酋长国"],
    "COG": ["刚果（布）", "刚果(布)"],
    "COD": ["刚果（金）", "刚果(金)"],
    "CZE": ["捷克共和国"],
    "RUS": ["俄罗斯联邦", "俄国"],
    "SWZ": ["埃斯瓦蒂尼", "埃斯瓦蒂尼王国"],
    "VAT": ["梵蒂冈城国", "教廷"],
    "MNG": ["蒙古国"],
    "GBR": ["英格兰", "苏格兰", "威尔士", "北爱尔兰"],
}


def build_countries():
    import pycountry
    try:
        from importlib.metadata import version
        pyc_version = version("pycountry")
    except Exception:  # pragma: no cover
        pyc_version = "unknown"
    t = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    zh = t.gettext
    rows = []
    for c in pycountry.countries:
        official = getattr(c, "official_name", "") or ""
        common = getattr(c, "common_name", "") or ""
        zh_name = zh(c.name)
        zh_common = zh(common) if common else ""
        zh_official = zh(official) if official else ""
        short = zh_common or zh_name
        first = []
        if c.alpha_3 in COUNTRY_ZH_FIXES:
            first = [short]
            short = COUNTRY_ZH_FIXES[c.alpha_3]
        if c.alpha_3 in COUNTRY_OVERRIDES:
            new, extra = COUNTRY_OVERRIDES[c.alpha_3]
            first = extra + [short]
            short = new
        aliases = first + [zh_name, zh_official, zh_common] + COUNTRY_EXTRA_ALIASES.get(c.alpha_3, []) \
            + [official, common]
        rows.append((c.alpha_3, c.alpha_2, f"{int(c.numeric):03d}", short, c.name,
                     join_aliases(short, aliases, c.name)))
    rows.sort(key=lambda r: r[0])
    return rows, pyc_version


# ---------------------------------------------------------------------------
# fixed tables

ETHNIC = [  # GB 3304-1991, code, name, roman letter code
    ("01", "汉族", "HA"), ("02", "蒙古族", "MG"), ("03", "回族", "HU"), ("04", "藏族", "ZA"),
    ("05", "维吾尔族", "UG"), ("06", "苗族", "MH"), ("07", "彝族", "YI"), ("08", "壮族", "ZH"),
    ("09", "布依族", "BY"), ("10", "朝鲜族", "CS"), ("11", "满族", "MA"), ("12", "侗族", "DO"),
    ("13", "瑶族", "YA"), ("14", "白族", "BA"), ("15", "土家族", "TJ"), ("16", "哈尼族", "HN"),
    ("17", "哈萨克族", "KZ"), ("18", "傣族", "DA"), ("19", "黎族", "LI"), ("20", "傈僳族", "LS"),
    ("21", "佤族", "VA"), ("22", "畲族", "SH"), ("23", "高山族", "GS"), ("24", "拉祜族", "LH"),
    ("25", "水族", "SU"), ("26", "东乡族", "DX"), ("27", "纳西族", "NX"), ("28", "景颇族", "JP"),
    ("29", "柯尔克孜族", "KG"), ("30", "土族", "TU"), ("31", "达斡尔族", "DU"), ("32", "仫佬族", "ML"),
    ("33", "羌族", "QI"), ("34", "布朗族", "BL"), ("35", "撒拉族", "SL"), ("36", "毛南族", "MN"),
    ("37", "仡佬族", "GL"), ("38", "锡伯族", "XB"), ("39", "阿昌族", "AC"), ("40", "普米族", "PM"),
    ("41", "塔吉克族", "TA"), ("42", "怒族", "NU"), ("43", "乌孜别克族", "UZ"), ("44", "俄罗斯族", "RS"),
    ("45", "鄂温克族", "EW"), ("46", "德昂族", "DE"), ("47", "保安族", "BN"), ("48", "裕固族", "YG"),
    ("49", "京族", "GI"), ("50", "塔塔尔族", "TT"), ("51", "独龙族", "DR"), ("52", "鄂伦春族", "OR"),
    ("53", "赫哲族", "HZ"), ("54", "门巴族", "MB"), ("55", "珞巴族", "LB"), ("56", "基诺族", "JN"),
]
ETHNIC_LEGACY = {"36": ["毛难族", "毛难"], "46": ["崩龙族", "崩龙"]}
ETHNIC_OTHER = [
    ("97", "其他", ["其它", "其他民族"]),
    ("98", "外国血统中国籍人士", ["外国血统", "外籍血统中国籍人士", "外国人入籍"]),
]


def build_ethnicity():
    rows = []
    for code, name, roman in ETHNIC:
        rows.append((code, name, join_aliases(name, [name[:-1], roman] + ETHNIC_LEGACY.get(code, []))))
    for code, name, aliases in ETHNIC_OTHER:
        rows.append((code, name, join_aliases(name, aliases)))
    return rows


EDUCATION_FORM = [  # older 文化程度 scheme printed on the Chengdu form
    ("10", "研究生", ["研究生教育", "硕士", "博士", "硕士研究生", "博士研究生", "研究生毕业"]),
    ("20", "大学本科", ["本科", "大学本科教育", "大学本科", "本科毕业", "大学本科毕业"]),
    ("30", "大学专科和专科学校", ["大专", "专科", "大学专科", "大学专科教育", "大专毕业", "专科毕业", "高职"]),
    ("40", "中等专业学校或中等技术学校", ["中专", "中技", "中等专业学校", "中等职业教育", "中专毕业",
                                        "中等专科", "中等技术学校"]),
    ("50", "技工学校", ["技校", "技工学校", "技校毕业"]),
    ("60", "高中", ["普通高中", "普通高级中学", "职高", "职业高中", "高中毕业"]),
    ("70", "初中", ["初级中学", "初中毕业"]),
    ("80", "小学", ["小学毕业", "小学教育"]),
    ("90", "文盲或半文盲", ["文盲", "半文盲", "其他"]),
]

EDUCATION_GBT4658 = [  # GB/T 4658-2006 学历代码
    ("10", "研究生教育", ["研究生"]),
    ("11", "博士研究生毕业", ["博士研究生", "博士毕业", "博士"]),
    ("12", "博士研究生结业", ["博士结业"]),
    ("13", "博士研究生肄业", ["博士肄业"]),
    ("14", "硕士研究生毕业", ["硕士研究生", "硕士毕业", "硕士"]),
    ("15", "硕士研究生结业", ["硕士结业"]),
    ("16", "硕士研究生肄业", ["硕士肄业"]),
    ("17", "研究生班毕业", ["研究生班"]),
    ("18", "研究生班结业", []),
    ("19", "研究生班肄业", []),
    ("20", "大学本科教育", ["大学本科"]),
    ("21", "大学本科毕业", ["本科毕业", "本科"]),
    ("22", "大学本科结业", ["本科结业"]),
    ("23", "大学本科肄业", ["本科肄业"]),
    ("28", "大学普通班毕业", ["普通班毕业", "大学普通班"]),
    ("30", "大学专科教育", ["大学专科"]),
    ("31", "大学专科毕业", ["专科毕业", "大专毕业", "大专", "专科"]),
    ("32", "大学专科结业", ["专科结业", "大专结业"]),
    ("33", "大学专科肄业", ["专科肄业", "大专肄业"]),
    ("40", "中等职业教育", ["中等职业", "中职"]),
    ("41", "中等专科毕业", ["中专毕业", "中专", "中等专科"]),
    ("42", "中等专科结业", ["中专结业"]),
    ("43", "中等专科肄业", ["中专肄业"]),
    ("44", "职业高中毕业", ["职高毕业", "职高", "职业高中"]),
    ("45", "职业高中结业", ["职高结业"]),
    ("46", "职业高中肄业", ["职高肄业"]),
    ("47", "技工学校毕业", ["技校毕业", "技校", "技工学校"]),
    ("48", "技工学校结业", ["技校结业"]),
    ("49", "技工学校肄业", ["技校肄业"]),
    ("60", "普通高级中学教育", ["普通高中教育", "高中教育"]),
    ("61", "普通高中毕业", ["高中毕业", "高中", "普通高中"]),
    ("62", "普通高中结业", ["高中结业"]),
    ("63", "普通高中肄业", ["高中肄业"]),
    ("70", "初级中学教育", ["初中教育"]),
    ("71", "初中毕业", ["初级中学毕业", "初中"]),
    ("73", "初中肄业", ["初级中学肄业"]),
    ("80", "小学教育", []),
    ("81", "小学毕业", ["小学"]),
    ("83", "小学肄业", []),
    ("90", "其他", ["其它", "文盲", "半文盲"]),
]

OCCUPATION_FORM = [  # simplified list printed in the Chengdu form legend
    ("1", "单位负责人", ["负责人", "国家机关、党群组织、企业、事业单位负责人", "管理人员"]),
    ("2", "专业技术人员", ["专业技术", "技术人员", "工程师", "教师", "医生"]),
    ("3", "办事人员和有关人员", ["办事人员", "行政人员", "文员"]),
    ("4", "商业、服务业人员", ["商业服务业人员", "服务人员", "销售"]),
    ("5", "农、林、牧、渔、水利业生产人员", ["农林牧渔水利业生产人员", "农民"]),
    ("6", "生产、运输设备操作人员及有关人员", ["生产运输设备操作人员", "工人", "操作工"]),
    ("7", "其他", ["其他从业人员", "不便分类的其他从业人员", "军人", "学生", "无职业", "离退休"]),
]

OCCUPATION_GBT6565 = [  # GB/T 6565-2015 major groups (GBM codes 10000…80000)
    ("1", "党的机关、国家机关、群众团体和社会组织、企事业单位负责人",
     ["10000", "单位负责人", "负责人", "企事业单位负责人", "国家机关、党群组织、企业、事业单位负责人",
      "管理人员"]),
    ("2", "专业技术人员", ["20000", "专业技术", "技术人员"]),
    ("3", "办事人员和有关人员", ["30000", "办事人员", "行政人员", "文员"]),
    ("4", "社会生产服务和生活服务人员", ["40000", "社会生产服务人员", "生活服务人员", "服务人员",
                                        "商业、服务业人员", "商业服务业人员"]),
    ("5", "农、林、牧、渔业生产及辅助人员", ["50000", "农林牧渔业生产及辅助人员", "农林牧渔业生产人员",
                                          "农、林、牧、渔、水利业生产人员", "农民"]),
    ("6", "生产制造及有关人员", ["60000", "生产制造人员", "生产、运输设备操作人员及有关人员",
                                "生产运输设备操作人员", "工人"]),
    ("7", "军人", ["70000", "军队人员"]),
    ("8", "不便分类的其他从业人员", ["80000", "其他从业人员", "其他"]),
]

BANKS = [  # the six banks of the Chengdu form
    ("ICBC", "工商银行", ["中国工商银行", "工行", "ICBC"]),
    ("ABC", "农业银行", ["中国农业银行", "农行", "ABC"]),
    ("CCB", "建设银行", ["中国建设银行", "建行", "CCB"]),
    ("PSBC", "邮政储蓄银行", ["中国邮政储蓄银行", "邮储银行", "邮政银行", "PSBC"]),
    ("BOCD", "成都银行", ["BOCD"]),
    ("CDRCB", "成都农村商业银行", ["成都农商银行", "成都农商行", "农商银行", "CDRCB"]),
]


def simple_rows(table, sort_key=None):
    rows = [(code, name, join_aliases(name, aliases)) for code, name, aliases in table]
    return sorted(rows, key=sort_key or (lambda r: r[0]))


# ---------------------------------------------------------------------------


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loc-dat", help="path to python-stdnum stdnum/cn/loc.dat")
    ap.add_argument("--out", default=os.path.join(here, "..", "schemas"), help="output directory")
    args = ap.parse_args()

    loc_dat = args.loc_dat
    if not loc_dat:
        try:
            import stdnum
            loc_dat = os.path.join(os.path.dirname(stdnum.__file__), "cn", "loc.dat")
        except ImportError:
            sys.exit("python-stdnum not installed: pass --loc-dat (see the docstring)")
    out = os.path.normpath(args.out)
    os.makedirs(out, exist_ok=True)

    regions, added, _ = build_regions(loc_dat)
    sv = stdnum_version(loc_dat)
    write_table(
        os.path.join(out, "regions.tsv"),
        f"source: GB/T 2260 administrative division codes incl. abolished ones, from python-stdnum {sv} "
        "stdnum/cn/loc.dat (zh.wikipedia 中华人民共和国行政区划代码 1–8区); status abolished = every year range "
        "of the code has an end year; name = province+prefecture+county (latest name); "
        "generated by scripts/gen-schemas.py",
        ["code", "name", "status"], regions)

    countries, pv = build_countries()
    write_table(
        os.path.join(out, "countries.tsv"),
        f"source: ISO 3166-1 (= GB/T 2659) from pycountry {pv}; name_en = pycountry name; name_zh = "
        "pycountry gettext iso3166-1 zh_CN (common name preferred) with Chinese-convention overrides "
        "(CHN/HKG/MAC/TWN) and spelling fixes; generated by scripts/gen-schemas.py",
        ["alpha3", "alpha2", "numeric", "name_zh", "name_en", "aliases"], countries,
        notes=["name_zh overrides: CHN 中国, HKG 中国香港, MAC 中国澳门, TWN 中国台湾; spelling fixes "
               "(pycountry form kept as alias): "
               + ", ".join(f"{k} {v}" for k, v in sorted(COUNTRY_ZH_FIXES.items()))])

    write_table(os.path.join(out, "ethnicity.tsv"),
                "source: GB 3304-1991 民族代码 (numeric and roman letter codes; legacy names 毛难/崩龙); "
                "domain-notes §5.2; generated by scripts/gen-schemas.py",
                ["code", "name", "aliases"], build_ethnicity())
    write_table(os.path.join(out, "education-form.tsv"),
                "source: older 文化程度 scheme (GB 4658-1984 style) printed on the Chengdu 社会保障卡 "
                "registration form; domain-notes §5.3; generated by scripts/gen-schemas.py",
                ["code", "name", "aliases"], simple_rows(EDUCATION_FORM))
    write_table(os.path.join(out, "education-gbt4658.tsv"),
                "source: GB/T 4658-2006 学历代码; domain-notes §5.3; generated by scripts/gen-schemas.py",
                ["code", "name", "aliases"], simple_rows(EDUCATION_GBT4658))
    write_table(os.path.join(out, "occupation-form.tsv"),
                "source: simplified 职业 list printed in the Chengdu 社会保障卡 registration form legend "
                "(GB/T 6565-1999 style); generated by scripts/gen-schemas.py",
                ["code", "name", "aliases"], simple_rows(OCCUPATION_FORM))
    write_table(os.path.join(out, "occupation-gbt6565.tsv"),
                "source: GB/T 6565-2015 职业分类与代码, major groups 1–8 (GBM 10000…80000); "
                "domain-notes §5.4; generated by scripts/gen-schemas.py",
                ["code", "name", "aliases"], simple_rows(OCCUPATION_GBT6565))
    write_table(os.path.join(out, "banks.tsv"),
                "source: the six card banks of the Chengdu 社会保障卡 registration form; "
                "generated by scripts/gen-schemas.py",
                ["code", "name", "aliases"], simple_rows(BANKS))

    print(f"wrote tables to {out} (python-stdnum {sv}, pycountry {pv}); "
          f"regions added manually: {', '.join(added) or 'none'}")


if __name__ == "__main__":
    main()
