#!/usr/bin/env python3
"""Regenerates the seed corpora under Fuzz/corpus/ from the samples and test fixtures.

Run from the repository root: python3 Fuzz/make-seeds.py. Seeds are kept small (at most ~4 KB);
files found by fuzzing (crash reproducers, named regress-*) are left alone."""
import hashlib, os, re, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")
LIMIT = 4096


def put(target, data, name=None):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data[:LIMIT]
    name = name or "seed-" + hashlib.sha1(data).hexdigest()[:12]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def head_lines(path, count, encoding_bytes=True):
    with open(path, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    out = b""
    for line in lines[:count]:
        if len(out) + len(line) > LIMIT:
            break
        out += line
    return out, lines


def clean(folder):
    path = os.path.join(CORPUS, folder)
    if os.path.isdir(path):
        for name in os.listdir(path):
            if name.startswith("seed-"):
                os.remove(os.path.join(path, name))


for target in ["csv", "sheet", "shared-strings", "fields", "zip-name"]:
    clean(target)

# --- CSV: the sample rosters cut to a few rows, and the dialects the reader knows.
for sample in ["roster.csv", "roster-gb18030.csv", "units.csv"]:
    data, lines = head_lines(os.path.join(ROOT, "samples", sample), 6)
    put("csv", data)
    put("csv", lines[0] + b"".join(lines[8:11]) if len(lines) > 11 else data)
for text in [
    "姓名,证件号码\r\n张三,110105194912310021\r\n",
    "\ufeff姓名;证件号码;出生日期\n\"李;四\";\"11010519491231002X\";1949/12/31\n",
    "姓名\t证件号码\n王五\t=\"110105194912310021\"\n",
    "姓名,地址\n\"赵六\",\"成都市\n武侯区 \"\"一号\"\"\"\n",
    "\n\n姓名,证件号码\n,\n\"a\"b,c\r\r\n",
    "姓名,证件号码\n\"unterminated,1\n",
    "a,b,c,d,e,f\n1,2,3,4,5,6,7,8\n",
]:
    put("csv", text)
put("csv", "姓名,证件号码\n张三,110105194912310021\n".encode("gb18030") + b"\x81\x30\x81\x30\n")
put("csv", b"\xef\xbb\xbfname\n\xe5\xbc\xa0\n\xff\xfe\n")

# --- Sheets and shared strings from the fixture workbooks (zip bomb excluded).
fixtures = [os.path.join(ROOT, "Tests", "SSCardKitTests", "Fixtures", n) for n in
            ["billion-laughs.xlsx", "date1904.xlsx", "missing-sheet.xlsx", "other-tool.xlsx", "xxe.xlsx"]]
fixtures.append(os.path.join(ROOT, "samples", "roster.xlsx"))
for path in fixtures:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.startswith("xl/worksheets/"):
                if len(data) > LIMIT:
                    # Keep whole rows: cut at the last </row> that fits, then close the document.
                    cut = data.rfind(b"</row>", 0, LIMIT - 40)
                    data = data[:cut + 6] + b"</sheetData></worksheet>"
                put("sheet", data)
            elif name.lower().endswith("sharedstrings.xml"):
                put("shared-strings", data)

SHEET = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>')
for rows in [
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>2</v></c></row><row r="3"><c r="B3" s="1"><v>45000.5</v></c></row>',
    '<row><c t="inlineStr"><is><t>张三</t></is></c><c t="inlineStr"><v>1.0</v><is><t>1.</t></is></c></row>',
    '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2" t="d"><v>2024-02-29T00:00:00</v></c>'
    '<c r="D2" t="str"><f>A1&amp;B1</f><v>x</v></c><c r="E2" s="2"><v>60</v></c><c r="XFD2"><v>1E+17</v></c></row>',
    '<row r="5" spans="1:3"><c r="A5" t="s"><v/></c><c r="B5" t="inlineStr"><is><r><t>王</t></r><rPh><t>wang</t></rPh></is></c></row>',
    '<row r="1048576"><c r="AAA1048576"><v>-1</v></c></row>',
]:
    put("sheet", SHEET.format(rows))

SST = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>')
for items in [
    '<si><t>姓名</t></si><si><t>证件号码</t></si><si><t>出生日期</t></si><si><t>张三</t></si><si><t>110105194912310021</t></si>',
    '<si><r><t xml:space="preserve"> 李 </t></r><r><rPr><b/></rPr><t>四</t></r><rPh sb="0" eb="1"><t>li</t></rPh></si><si/><si><t/></si>',
    '<si><t>a&amp;b&#x4E2D;&lt;</t></si><si><t><![CDATA[x<y]]></t></si>',
]:
    put("shared-strings", SST.format(items))

# --- Field values: ID numbers, dates, validity periods, Excel serials and formats, genders, document types.
for value in [
    "110105194912310021", "11010519491231002X", "11010519491231002x", "110105491231002", "810000199001011234",
    "830000199001011235", "932000199001011230", "1.10105194912310E+17", "510107198804120312\n510104201403210662",
    "1949-12-31", "1949.12.31", "1949/1/3", "19491231", "1949年12月31日", "2024-02-29", "1900-02-29", "0000-00-00",
    "2026-12-01T09:30", "2026-12-01 23:59:59", "2026-12-01T24:00:00", "9999-12-31T23:59",
    "2015.07.17-2035.07.17", "2015.07.17-长期", "20150717-20350717", "2015-07-17至2035-07-17", "2015.07.17～长期有效",
    "2015.07.17—2025.07.17", "2020-01-01~2019-12-31", "45000", "45000.75", "60", "2958465.9", "-1", "1e308", "nan",
    "yyyy\"年\"m\"月\"d\"日\"", "[h]:mm:ss", "0.00;[Red]-0.00", "男", "女性", "F", "2", "居民身份证(户口簿)", "护照",
    "外国人永久居留身份证", "港澳台居民居住证", "Passport",
]:
    put("fields", value)

# --- Zip entry names: UTF-8, GB18030 (as Chinese Windows writes them), CP437 guesses, hostile paths.
for name in ["photos/510107198804120312.jpg", "照片/张三_510107198804120312.jpg", "身份证/人像面.JPG",
             "../../etc/passwd.jpg", "/abs/x.jpg", "C:\\temp\\x.jpg", "a\\..\\b.png", "__MACOSX/._x.jpg", ".hidden/x.jpeg"]:
    put("zip-name", name)
    if not name.isascii():
        put("zip-name", name.encode("gb18030"))
put("zip-name", b"\xd5\xc5\xc8\xfd\x80.jpg")
put("zip-name", b"\x81\x30\x81\x30/x.jpg")
put("zip-name", b"\xff\xfe\xfd")
