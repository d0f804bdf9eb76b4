#!/usr/bin/env python3
"""Writes the small XLSX fixtures the reader tests use into Tests/SSCardKitTests/Fixtures/.

Python 3 standard library only. The output is deterministic (fixed zip timestamps), so
re-running the script leaves the committed files unchanged.

    python3 scripts/make-fixtures.py

Fixtures:
  other-tool.xlsx     a hand-built workbook shaped like LibreOffice/openpyxl output
                      (shared and inline strings, rich text with a phonetic run, str formula
                      result, boolean, error, E-notation number, dates with a built-in and a
                      custom numFmt, cells without r, a gap, an empty row, a second sheet)
  date1904.xlsx       a workbook in the 1904 date system
  xxe.xlsx            sheet1.xml declares an external entity (file:///etc/passwd)
  billion-laughs.xlsx sharedStrings.xml holds the lol1..lol9 entity chain
  zip-bomb.xlsx       sheet1.xml inflates to ~30 MB from well under 300 KB (> 100:1)
  not-a-zip.xlsx      plain text with an .xlsx name
  truncated.xlsx      the first half of other-tool.xlsx
  missing-sheet.xlsx  workbook.xml lists a sheet whose part is not in the archive
"""

import io
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "SSCardKitTests", "Fixtures")
STAMP = (2024, 1, 1, 0, 0, 0)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_SHEET = NS_REL + "/worksheet"
REL_STYLES = NS_REL + "/styles"
REL_SST = NS_REL + "/sharedStrings"
REL_DOC = NS_REL + "/officeDocument"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def zip_bytes(parts):
    """A zip archive (deflated, fixed timestamps) of (name, text-or-bytes) pairs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(data, str):
                data = data.encode("utf-8")
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, "wb") as handle:
        handle.write(data)
    print(f"{path}: {len(data)} bytes")


def content_types(sheet_count, shared_strings=True, styles=True):
    overrides = [
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    ]
    for index in range(1, sheet_count + 1):
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
    if styles:
        overrides.append(
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        )
    if shared_strings:
        overrides.append(
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    return (
        DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(overrides)
        + "</Types>"
    )


ROOT_RELS = (
    DECL
    + f'<Relationships xmlns="{NS_PKG_REL}">'
    + f'<Relationship Id="rId1" Type="{REL_DOC}" Target="xl/workbook.xml"/>'
    + "</Relationships>"
)


def workbook_xml(sheet_names, rel_ids, date1904=False):
    pr = '<workbookPr date1904="1"/>' if date1904 else '<workbookPr/>'
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{index + 1}" state="visible" r:id="{rel}"/>'
        for index, (name, rel) in enumerate(zip(sheet_names, rel_ids))
    )
    return (
        DECL
        + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        + '<fileVersion appName="Calc"/>'
        + pr
        + '<bookViews><workbookView activeTab="0"/></bookViews>'
        + f"<sheets>{sheets}</sheets>"
        + '<calcPr iterateCount="100" refMode="A1" iterate="false" iterateDelta="0.001"/>'
        + "</workbook>"
    )


def workbook_rels(entries):
    """entries: (id, type, target) triples."""
    rels = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in entries)
    return DECL + f'<Relationships xmlns="{NS_PKG_REL}">{rels}</Relationships>'


# cellXfs: 0 General, 1 built-in 14 (m/d/yyyy), 2 custom 176 (yyyy"年"m"月"d"日"), 3 text (@).
# cellStyleXfs holds an xf too: it must not shift the cellXfs indexes.
STYLES = (
    DECL
    + f'<styleSheet xmlns="{NS_MAIN}">'
    + '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
    + '<fonts count="1"><font><sz val="11"/><name val="宋体"/><family val="2"/></font></fonts>'
    + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    + '<cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + '<cellXfs count="4">'
    + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    + '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    + '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    + '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    + "</cellXfs>"
    + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    + '<dxfs count="0"/>'
    + "</styleSheet>"
)


def sheet_xml(rows, dimension="A1", prolog=DECL):
    return (
        prolog
        + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        + f'<sheetPr filterMode="false"><pageSetUpPr fitToPage="false"/></sheetPr>'
        + f'<dimension ref="{dimension}"/>'
        + '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        + '<sheetFormatPr defaultRowHeight="13.5"/>'
        + "<sheetData>"
        + rows
        + "</sheetData>"
        + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        + "</worksheet>"
    )


# --- other-tool.xlsx ---------------------------------------------------------------

# Shared strings. Index 2 is rich text whose phonetic run (rPh) must not be read.
SHARED = [
    "<si><t>姓名</t></si>",  # 0
    "<si><t>证件号码</t></si>",  # 1
    '<si><r><t>张</t></r><r><rPr><b val="true"/><sz val="11"/></rPr><t>三</t></r>'
    '<rPh sb="0" eb="2"><t>zhang</t></rPh><phoneticPr fontId="0" type="noConversion"/></si>',  # 2
    "<si><t>手机号码</t></si>",  # 3
    "<si><t>出生日期</t></si>",  # 4
    "<si><t>李四</t></si>",  # 5
    '<si><t xml:space="preserve"> 王五 </t></si>',  # 6 (spaces kept)
    "<si><t>填写说明：每人一行</t></si>",  # 7 (sheet 说明)
    "<si><t>备注</t></si>",  # 8
]


def shared_strings_xml(items):
    return (
        DECL
        + f'<sst xmlns="{NS_MAIN}" count="{len(items)}" uniqueCount="{len(items)}">'
        + "".join(items)
        + "</sst>"
    )


OTHER_SHEET1_ROWS = (
    # Row 1: the header (shared strings).
    '<row r="1" spans="1:8">'
    '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>3</v></c>'
    '<c r="D1" t="s"><v>4</v></c><c r="E1" t="s"><v>8</v></c>'
    "</row>"
    # Row 2: every cell type.
    '<row r="2" spans="1:9">'
    '<c r="A2" t="s"><v>2</v></c>'  # rich text 张三 (+ phonetic "zhang")
    '<c r="B2" t="n"><v>5.10107199001011E+17</v></c>'  # an ID typed as a number
    '<c r="C2"><v>13800138000</v></c>'  # a phone number
    '<c r="D2" s="1"><v>33040</v></c>'  # numFmt 14 → 1990-06-16
    '<c r="E2" t="inlineStr"><is><t>内联文本</t></is></c>'
    '<c r="F2" t="str"><f>A2&amp;"先生"</f><v>张三先生</v></c>'  # formula with a string result
    '<c r="G2" t="b"><v>1</v></c>'
    '<c r="H2" t="e"><f>NA()</f><v>#N/A</v></c>'
    '<c r="I2" s="2"><v>33040</v></c>'  # numFmt 176 (yyyy"年"m"月"d"日") → 1990-06-16
    "</row>"
    # Row 3: cells without r, which land in consecutive columns A, B, C, D, E.
    "<row r=\"3\">"
    '<c t="s"><v>5</v></c>'
    '<c t="inlineStr"><is><t>110101199003070011</t></is></c>'
    "<c><v>13900139000</v></c>"
    '<c s="2"><v>33041.75</v></c>'  # time of day dropped → 1990-06-17
    '<c t="b"><v>0</v></c>'
    "</row>"
    # Row 4: nothing but a styled empty cell and an empty inline string: a blank row.
    '<row r="4" customHeight="1" ht="20"><c r="A4" s="3"/><c r="B4" t="inlineStr"><is><t></t></is></c></row>'
    # Row 5: a gap between A and E.
    '<row r="5"><c r="A5" t="s"><v>6</v></c><c r="E5"><v>42</v></c></row>'
)

OTHER_SHEET2_ROWS = '<row r="2"><c r="B2" t="s"><v>7</v></c></row>'

# LibreOffice numbers the styles relationship first, so the sheets are rId2 and rId3:
# the reader has to follow r:id rather than guess from the sheet's position.
OTHER_RELS = workbook_rels(
    [
        ("rId1", REL_STYLES, "styles.xml"),
        ("rId2", REL_SHEET, "worksheets/sheet1.xml"),
        ("rId3", REL_SHEET, "worksheets/sheet2.xml"),
        ("rId4", REL_SST, "sharedStrings.xml"),
    ]
)


def other_tool():
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types(2)),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook_xml(["花名册", "说明"], ["rId2", "rId3"])),
            ("xl/_rels/workbook.xml.rels", OTHER_RELS),
            ("xl/styles.xml", STYLES),
            ("xl/sharedStrings.xml", shared_strings_xml(SHARED)),
            ("xl/worksheets/sheet1.xml", sheet_xml(OTHER_SHEET1_ROWS, "A1:I5")),
            ("xl/worksheets/sheet2.xml", sheet_xml(OTHER_SHEET2_ROWS, "B2")),
        ]
    )


# --- a one-sheet workbook for the other fixtures -------------------------------------

SIMPLE_RELS = workbook_rels(
    [
        ("rId1", REL_SHEET, "worksheets/sheet1.xml"),
        ("rId2", REL_STYLES, "styles.xml"),
        ("rId3", REL_SST, "sharedStrings.xml"),
    ]
)


def simple_workbook(sheet1, shared=None, date1904=False, sheet_name="Sheet1"):
    shared = shared if shared is not None else shared_strings_xml(["<si><t>姓名</t></si>"])
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types(1)),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook_xml([sheet_name], ["rId1"], date1904=date1904)),
            ("xl/_rels/workbook.xml.rels", SIMPLE_RELS),
            ("xl/styles.xml", STYLES),
            ("xl/sharedStrings.xml", shared),
            ("xl/worksheets/sheet1.xml", sheet1),
        ]
    )


def date1904():
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>出生日期</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>零</t></is></c><c r="B2" s="1"><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>一九九一</t></is></c><c r="B3" s="2"><v>31777</v></c>'
        '<c r="C3"><v>31777</v></c></row>'  # unstyled: stays a number
    )
    return simple_workbook(sheet_xml(rows, "A1:C3"), date1904=True)


def xxe():
    prolog = DECL + '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&e;</t></is></c></row>'
    )
    return simple_workbook(sheet_xml(rows, "A1:A2", prolog=prolog))


def billion_laughs():
    entities = ['<!ENTITY lol "lol">']
    entities.append('<!ENTITY lol1 "' + "&lol;" * 10 + '">')
    for level in range(2, 10):
        entities.append(f'<!ENTITY lol{level} "' + f"&lol{level - 1};" * 10 + '">')
    doctype = "<!DOCTYPE sst [\n  " + "\n  ".join(entities) + "\n]>\n"
    shared = (
        DECL
        + doctype
        + f'<sst xmlns="{NS_MAIN}" count="2" uniqueCount="2">'
        + "<si><t>姓名</t></si><si><t>&lol9;</t></si>"
        + "</sst>"
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    return simple_workbook(sheet_xml(rows, "A1:A2"), shared=shared)


def zip_bomb():
    # A perfectly valid sheet: one row without r attributes, followed by a long run of
    # indentation, repeated until the part is ~30 MB (deflate squeezes it ~800:1).
    row = '<row><c t="inlineStr"><is><t>张三</t></is></c><c><v>13800138000</v></c></row>\n' + " " * 8000
    count = 30_000_000 // len(row.encode("utf-8"))
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + row * count
    data = zip_bytes(
        [
            ("[Content_Types].xml", content_types(1)),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook_xml(["Sheet1"], ["rId1"])),
            ("xl/_rels/workbook.xml.rels", SIMPLE_RELS),
            ("xl/styles.xml", STYLES),
            ("xl/sharedStrings.xml", shared_strings_xml(["<si><t>姓名</t></si>"])),
            ("xl/worksheets/sheet1.xml", sheet_xml(rows, f"A1:B{count + 1}")),
        ]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        ratio = info.file_size // info.compress_size
        assert info.file_size > 25_000_000 and ratio > 200, (info.file_size, info.compress_size)
        print(f"  zip-bomb sheet1.xml: {info.file_size} bytes from {info.compress_size} ({ratio}:1)")
    assert len(data) < 300_000
    return data


def lying_zip_bomb():
    """zip-bomb.xlsx with its sheet's declared size (directory and local header) cut to 1 MB, so the
    declared ratio looks harmless; the sheet still inflates to ~30 MB."""
    data = bytearray(zip_bomb())
    sheet = b"xl/worksheets/sheet1.xml"
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if bytes(data[offset + 46:offset + 46 + name_length]) == sheet:
            struct.pack_into("<I", data, offset + 24, 1_000_000)
            local = struct.unpack_from("<I", data, offset + 42)[0]
            struct.pack_into("<I", data, local + 22, 1_000_000)
        offset = data.find(b"PK\x01\x02", offset + 4)
    return bytes(data)


def missing_sheet():
    # Two sheets listed; the first one's part is not in the archive, the second is.
    rels = workbook_rels(
        [
            ("rId1", REL_SHEET, "worksheets/sheet1.xml"),
            ("rId2", REL_SHEET, "worksheets/sheet2.xml"),
            ("rId3", REL_STYLES, "styles.xml"),
            ("rId4", REL_SST, "sharedStrings.xml"),
        ]
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types(2)),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook_xml(["花名册", "说明"], ["rId1", "rId2"])),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/styles.xml", STYLES),
            ("xl/sharedStrings.xml", shared_strings_xml(["<si><t>姓名</t></si>"])),
            ("xl/worksheets/sheet2.xml", sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')),
        ]
    )



# --- workbooks as other writers lay them out (issue 7) --------------------------------

import struct
import zlib

# Every column validate requires, so the binary reaches the rows: 姓名 (shared), 证件号码, then the rest.
READ_HEADERS = ["证件号码", "证件类型", "国籍", "手机号码", "参保单位编号", "参保单位名称", "现今工作单位", "证件发证机关",
                "证件有效期", "户口所在地址", "常住地址", "邮政编码", "职业", "学历", "开户银行"]
READ_HEADER_ROW = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c>'
    + "".join(f'<c t="inlineStr"><is><t>{header}</t></is></c>' for header in READ_HEADERS)
    + "</row>"
)
READ_DATA_ROW = (
    '<row r="2"><c r="A2" t="s"><v>1</v></c>'
    '<c r="B2" t="inlineStr"><is><t>110101199003070011</t></is></c></row>'
)
READ_SHARED = ["<si><t>姓名</t></si>", "<si><t>张三</t></si>"]


def overflow():
    """Numbers too large for any integer: each sheet must end in a clean error, never a trap."""
    sheets = {
        "index": '<row r="2"><c r="A2" t="s"><v>99999999999999999999</v></c></row>',
        "row": '<row r="99999999999999999999"><c t="s"><v>1</v></c></row>',
        "cellrow": '<row r="2"><c r="A99999999999999999999" t="s"><v>1</v></c></row>',
        "column": '<row r="2"><c r="ZZZZZZZZZZZZZZ1" t="s"><v>1</v></c></row>',
        "style": '<row r="2"><c r="A2" s="99999999999999999999"><v>1</v></c></row>',
        "serial": '<row r="2"><c r="A2" s="1"><v>1e308</v></c><c r="B2" s="1"><v>-99999999999999999999</v></c></row>',
    }
    names = list(sheets)
    rels = workbook_rels(
        [(f"rId{i + 1}", REL_SHEET, f"worksheets/sheet{i + 1}.xml") for i in range(len(names))]
        + [("rIdS", REL_STYLES, "styles.xml"), ("rIdT", REL_SST, "sharedStrings.xml")]
    )
    parts = [
        ("[Content_Types].xml", content_types(len(names))),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook_xml(names, [f"rId{i + 1}" for i in range(len(names))])),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", shared_strings_xml(READ_SHARED)),
    ]
    for i, name in enumerate(names):
        parts.append((f"xl/worksheets/sheet{i + 1}.xml", sheet_xml(READ_HEADER_ROW + sheets[name])))
    return zip_bytes(parts)


def cell_variants():
    """An empty shared-string cell, and inline strings that also carry a <v>."""
    rows = (
        READ_HEADER_ROW
        + '<row r="2"><c r="A2" t="s"><v/></c><c r="B2" t="inlineStr"><v>1.0</v><is><t>1.</t></is></c></row>'
        + '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="inlineStr"><is><t>2.</t></is><v>9</v></c></row>'
        + '<row r="4"><c r="A4" t="s"></c><c r="B4" t="inlineStr"><is><r><t>3</t></r><r><t>.</t></r></is></c></row>'
    )
    return simple_workbook(sheet_xml(rows, "A1:B4"), shared=shared_strings_xml(READ_SHARED))


def varied_text(count):
    """Chinese characters that do not repeat in a short cycle (so deflate cannot shrink them 100:1)."""
    return "".join(chr(0x4E00 + (index * 7919 + index * index) % 20000) for index in range(count))


def oversized_cell():
    """B3 holds 40,000 characters, beyond Excel's 32,767."""
    rows = (
        READ_HEADER_ROW
        + READ_DATA_ROW
        + '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="inlineStr"><is><t>' + varied_text(40_000) + "</t></is></c></row>"
    )
    return simple_workbook(sheet_xml(rows, "A1:B3"), shared=shared_strings_xml(READ_SHARED), sheet_name="花名册")


def oversized_shared():
    """A shared string of 40,000 characters, used by A3 only."""
    shared = shared_strings_xml(READ_SHARED + ["<si><t>" + varied_text(40_000) + "</t></si>"])
    rows = READ_HEADER_ROW + READ_DATA_ROW + '<row r="3"><c r="A3" t="s"><v>2</v></c></row>'
    return simple_workbook(sheet_xml(rows, "A1:B3"), shared=shared, sheet_name="花名册")


def read_sheet():
    return sheet_xml(READ_HEADER_ROW + READ_DATA_ROW, "A1:B2")


def odd_case():
    """Part names in another case than the relationships give them (OPC names are case-insensitive)."""
    rels = workbook_rels(
        [
            ("rId1", REL_SHEET, "Worksheets/Sheet1.xml"),
            ("rId2", REL_STYLES, "styles.xml"),
            ("rId3", REL_SST, "SharedStrings.xml"),
        ]
    )
    root = ROOT_RELS.replace('Target="xl/workbook.xml"', 'Target="/XL/Workbook.xml"')
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types(1)),
            ("_rels/.rels", root),
            ("xl/workbook.xml", workbook_xml(["Sheet1"], ["rId1"])),
            ("xl/_rels/Workbook.xml.rels", rels),
            ("xl/Styles.xml", STYLES),
            ("xl/SharedStrings.xml", shared_strings_xml(READ_SHARED)),
            ("xl/worksheets/SHEET1.xml", read_sheet()),
        ]
    )


def shared_strings_by_name():
    """No relationship for the shared strings: the part is found by its conventional name, in any case."""
    rels = workbook_rels([("rId1", REL_SHEET, "worksheets/sheet1.xml")])
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types(1, styles=False)),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook_xml(["Sheet1"], ["rId1"])),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/SharedStrings.xml", shared_strings_xml(READ_SHARED)),
            ("xl/worksheets/sheet1.xml", read_sheet()),
        ]
    )


def root_workbook():
    """The workbook at the zip root, found through _rels/.rels; its parts beside it."""
    root = ROOT_RELS.replace('Target="xl/workbook.xml"', 'Target="book.xml"')
    rels = workbook_rels(
        [
            ("rId1", REL_SHEET, "sheets/first.xml"),
            ("rId2", REL_SST, "strings.xml"),
        ]
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types(0, shared_strings=False, styles=False)),
            ("_rels/.rels", root),
            ("book.xml", workbook_xml(["Sheet1"], ["rId1"])),
            ("_rels/book.xml.rels", rels),
            ("strings.xml", shared_strings_xml(READ_SHARED)),
            ("sheets/first.xml", read_sheet()),
        ]
    )


def other_prefix():
    """The relationships namespace bound to another prefix than r: (ns2:id), and the sheet the
    second one listed: only following the id finds it."""
    rels = workbook_rels(
        [
            ("rIdA", REL_SHEET, "worksheets/notes.xml"),
            ("rIdB", REL_SHEET, "worksheets/roster.xml"),
            ("rIdC", REL_SST, "sharedStrings.xml"),
        ]
    )
    workbook = (
        DECL
        + f'<workbook xmlns="{NS_MAIN}" xmlns:ns2="{NS_REL}"><sheets>'
        + '<sheet name="花名册" sheetId="1" ns2:id="rIdB"/><sheet name="说明" sheetId="2" ns2:id="rIdA"/>'
        + "</sheets></workbook>"
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types(0, styles=False)),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/sharedStrings.xml", shared_strings_xml(READ_SHARED)),
            ("xl/worksheets/roster.xml", read_sheet()),
            ("xl/worksheets/notes.xml", sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row>')),
        ]
    )


def backslash_names():
    """Entry names written with backslashes, as some HR systems export them."""
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types(1)),
            ("_rels\\.rels", ROOT_RELS),
            ("xl\\workbook.xml", workbook_xml(["Sheet1"], ["rId1"])),
            ("xl\\_rels\\workbook.xml.rels", SIMPLE_RELS),
            ("xl\\styles.xml", STYLES),
            ("xl\\sharedStrings.xml", shared_strings_xml(READ_SHARED)),
            ("xl\\worksheets\\sheet1.xml", read_sheet()),
        ]
    )


class _Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then writes CRC 0 and sizes 0 in each local header and
    puts the real values in a data descriptor after the data (general-purpose flag bit 3)."""

    def __init__(self):
        self.buffer = bytearray()

    def writable(self):
        return True

    def write(self, data):
        self.buffer += data
        return len(data)


def streamed_parts():
    return [
        ("[Content_Types].xml", content_types(1)),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook_xml(["Sheet1"], ["rId1"])),
        ("xl/_rels/workbook.xml.rels", SIMPLE_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", shared_strings_xml(READ_SHARED)),
        ("xl/worksheets/sheet1.xml", read_sheet()),
    ]


def data_descriptor():
    stream = _Unseekable()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, data in streamed_parts():
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as handle:
                handle.write(data.encode("utf-8"))
    data = bytes(stream.buffer)
    # Every local header says CRC 0 and size 0, with flag bit 3.
    offset = 0
    while data[offset:offset + 4] == b"PK\x03\x04":
        flags, crc = struct.unpack_from("<H", data, offset + 6)[0], struct.unpack_from("<I", data, offset + 14)[0]
        assert flags & 8 and crc == 0, (flags, crc)
        break
    return data


def crc_zero_local():
    """Local headers carry CRC 0 (the real CRC is in the central directory only), as some
    exporters write them; libzip's whole-archive consistency check refuses such a file."""
    data = bytearray(zip_bytes(streamed_parts()))
    offset = 0
    while data[offset:offset + 4] == b"PK\x03\x04":
        struct.pack_into("<I", data, offset + 14, 0)
        compressed, _, name_length, extra_length = struct.unpack_from("<IIHH", data, offset + 18)
        offset += 30 + name_length + extra_length + compressed
    return bytes(data)


def bad_crc():
    """The sheet's stored CRC (central directory and local header) disagrees with its data."""
    data = bytearray(zip_bytes(streamed_parts()))
    sheet = b"xl/worksheets/sheet1.xml"
    wrong = None
    offset = 0
    while True:
        offset = data.find(b"PK\x01\x02", offset)
        if offset < 0:
            break
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if bytes(data[offset + 46:offset + 46 + name_length]) == sheet:
            crc = struct.unpack_from("<I", data, offset + 16)[0]
            wrong = crc ^ 0x5A5A5A5A
            struct.pack_into("<I", data, offset + 16, wrong)
            local = struct.unpack_from("<I", data, offset + 42)[0]
            struct.pack_into("<I", data, local + 14, wrong)
        offset += 4
    assert wrong is not None
    return bytes(data)


def cfb(streams):
    """A minimal OLE2/CFB compound file (512-byte sectors, no mini stream: each stream is
    padded to at least 4096 bytes) holding the given (name, bytes) streams under the root."""
    sector = 512
    free, end_of_chain, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    body = bytearray()
    chains = []
    for _, payload in streams:
        payload = payload + b"\0" * max(0, 4096 - len(payload))
        payload += b"\0" * (-len(payload) % sector)
        chains.append((len(body) // sector, len(payload) // sector, len(payload)))
        body += payload
    directory_start = len(body) // sector
    entries = bytearray()

    def entry(name, kind, child, start, size, left=free, right=free):
        encoded = name.encode("utf-16-le") + b"\0\0"
        record = bytearray(128)
        record[0:len(encoded)] = encoded
        struct.pack_into("<HBB", record, 64, len(encoded), kind, 1)
        struct.pack_into("<III", record, 68, left, right, child)
        struct.pack_into("<IQ", record, 116, start, size)
        return record

    # Root, then the streams chained as right siblings of the first.
    entries += entry("Root Entry", 5, 1 if streams else free, end_of_chain, 0)
    for index, ((name, _), (start, _, size)) in enumerate(zip(streams, chains)):
        right = index + 2 if index + 1 < len(streams) else free
        entries += entry(name, 2, free, start, size, right=right)
    entries += b"\0" * (-len(entries) % sector)
    body += entries
    directory_sectors = len(entries) // sector
    fat_start = len(body) // sector
    total = fat_start + 1
    fat = [free] * (sector // 4)
    for start, count, _ in chains:
        for i in range(count):
            fat[start + i] = start + i + 1 if i + 1 < count else end_of_chain
    for i in range(directory_sectors):
        fat[directory_start + i] = directory_start + i + 1 if i + 1 < directory_sectors else end_of_chain
    fat[fat_start] = fat_sector
    assert total <= len(fat)
    body += struct.pack(f"<{len(fat)}I", *fat)
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, directory_start, 0, 4096, end_of_chain, 0, end_of_chain, 0)
    difat = [fat_start] + [free] * 108
    struct.pack_into("<109I", header, 76, *difat)
    return bytes(header + body)


def encrypted():
    """A password-protected workbook as Excel saves it: a CFB container holding EncryptionInfo
    and EncryptedPackage (the payload here is placeholder bytes; only the container is read)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>"
    return cfb([("EncryptionInfo", info), ("EncryptedPackage", b"\x10\0\0\0\0\0\0\0" + b"\xAA" * 16)])


def legacy_xls():
    """An Excel 97-2003 workbook container (a Workbook stream starting with a BIFF8 BOF record)."""
    return cfb([("Workbook", struct.pack("<HHHH", 0x0809, 16, 0x0600, 0x0005) + b"\0" * 12)])

def big_zip_bomb(path, inflated=1_000_000_000):
    """A ~4 MB workbook whose sheet inflates to ~1 GB of identical, valid roster rows (not
    committed: the binary tests write it to a temporary folder with --big-zip-bomb PATH)."""
    headers = ["姓名", "证件类型", "证件号码", "国籍", "性别", "出生日期", "民族", "手机号码", "参保单位编号",
               "参保单位名称", "现今工作单位", "证件发证机关", "证件有效期", "户口所在地址", "常住地址", "邮政编码",
               "职业", "学历", "开户银行", "银行网点", "已有照片"]
    values = ["张三", "居民身份证(户口簿)", "110101199003070011", "中国", "男", "1990-03-07", "汉族", "13800138000",
              "325520", "中智四川经济技术合作有限公司", "研发中心", "成都市公安局武侯分局", "2016.05.10-2036.05.10",
              "四川省成都市武侯区洗面桥横街1号", "四川省成都市武侯区洗面桥横街1号", "610041", "2", "本科", "成都银行",
              "武侯支行", "否"]

    def row(cells):
        return "<row>" + "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in cells) + "</row>"

    before, after = sheet_xml(row(headers) + "@@").split("@@")
    block = (row(values) * 1000).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [
            ("[Content_Types].xml", content_types(1)),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook_xml(["Sheet1"], ["rId1"])),
            ("xl/_rels/workbook.xml.rels", SIMPLE_RELS),
            ("xl/styles.xml", STYLES),
            ("xl/sharedStrings.xml", shared_strings_xml(["<si><t>姓名</t></si>"])),
        ]:
            archive.writestr(zipfile.ZipInfo(name, date_time=STAMP), data, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as handle:
            handle.write(before.encode("utf-8"))
            written = 0
            while written < inflated:
                handle.write(block)
                written += len(block)
            handle.write(after.encode("utf-8"))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--big-zip-bomb":
        big_zip_bomb(sys.argv[2])
        return 0
    os.makedirs(OUT, exist_ok=True)
    valid = other_tool()
    write("other-tool.xlsx", valid)
    write("date1904.xlsx", date1904())
    write("xxe.xlsx", xxe())
    write("billion-laughs.xlsx", billion_laughs())
    write("zip-bomb.xlsx", zip_bomb())
    write("not-a-zip.xlsx", "姓名,证件号码\n张三,110101199003070011\n".encode("utf-8"))
    write("truncated.xlsx", valid[: len(valid) // 2])
    write("missing-sheet.xlsx", missing_sheet())
    write("zip-bomb-lying.xlsx", lying_zip_bomb())
    write("overflow.xlsx", overflow())
    write("cell-variants.xlsx", cell_variants())
    write("oversized-cell.xlsx", oversized_cell())
    write("oversized-shared.xlsx", oversized_shared())
    write("odd-case.xlsx", odd_case())
    write("shared-strings-by-name.xlsx", shared_strings_by_name())
    write("root-workbook.xlsx", root_workbook())
    write("backslash-names.xlsx", backslash_names())
    write("other-prefix.xlsx", other_prefix())
    write("data-descriptor.xlsx", data_descriptor())
    write("crc-zero-local.xlsx", crc_zero_local())
    write("bad-crc.xlsx", bad_crc())
    write("encrypted.xlsx", encrypted())
    write("legacy.xls", legacy_xls())
    write("legacy-named.xlsx", legacy_xls())
    return 0


if __name__ == "__main__":
    sys.exit(main())
