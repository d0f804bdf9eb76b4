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


def main():
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
