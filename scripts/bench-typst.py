#!/usr/bin/env python3
"""The anchor for `sscard form`: a comparable one-page registration form made with Typst
(pip install typst), one typst.Compiler reused, two Noto CJK faces (Serif SC labels, Sans SC
values) and a photo, N forms with different values, one core.

Usage: python3 scripts/bench-typst.py --forms 200 --photo samples/photos/X.jpg --out DIR
Prints: forms wall_s forms_per_s bytes_per_form photo_bytes
"""
import argparse, os, pathlib, shutil, sys, time

TEMPLATE = r'''
#set page(paper: "a4", margin: 12mm)
#set text(font: "Noto Serif CJK SC", size: 9pt, lang: "zh")
#let v(body) = text(font: "Noto Sans CJK SC", size: 10pt, body)
#let i = sys.inputs
#align(center, text(size: 20pt)[成都市社会保障卡申办登记表])
#grid(columns: (1fr, 1fr), [序号：#i.serial], align(right)[日期：2026年12月01日])
#table(columns: (16mm, 1fr, 14mm, 18mm, 14mm, 1fr, 32mm), stroke: 0.6pt,
  [姓名], v(i.name), [性别], v(i.gender), [民族], v[汉族], table.cell(rowspan: 5, image("photo.jpg", width: 25.98mm, height: 32mm)),
  [国籍], v[中国], [出生日期], table.cell(colspan: 2, v(i.birth)), [证件类型 #v[居民身份证(户口簿)]],
  [证件号码], table.cell(colspan: 2, v(i.id)), [手机号码], table.cell(colspan: 2, v(i.phone)),
  [社保编码], table.cell(colspan: 2, v(i.id)), [参保单位编号], table.cell(colspan: 2, v[325520]),
  [参保单位名称], table.cell(colspan: 5, v[中智四川经济技术合作有限公司一环路北一段分公司]),
)
#table(columns: (16mm, 1fr, 16mm, 1fr), stroke: 0.6pt,
  [部门], table.cell(colspan: 3, v[研发中心 / 平台研发部 / 测试组]),
  [职业], v[2 专业技术人员], [学历], v[20 大学本科],
  [邮寄地址], table.cell(colspan: 3, v(i.address)),
  [开户银行], table.cell(colspan: 3)[○ 工商银行 #h(4mm) ○ 农业银行 #h(4mm) ● 建设银行 #h(4mm) ○ 邮政储蓄银行 #h(4mm) ○ 成都银行 #h(4mm) ○ 成都农村商业银行],
  [银行网点], table.cell(colspan: 3)[#v[科华路] 支行 #h(30mm) 分理处(储蓄所)],
  table.cell(colspan: 4)[○ 在银行激活社保卡金融账号后，使用该账户缴纳城镇职工个体养老、医疗保险及城乡居民养老、医疗保险费用（同意请涂黑）],
  [大学生/学生儿童], [院系 #h(20mm) 专业], [年级], [班级],
  [监护人/代办人], [证件类型 ○ 身份证 ○ 户口簿 ○ 护照 ○ 其他], [姓名 手机号码], [证件号码 与申请人关系 个人识别码],
)
#box(width: 100%, height: 60mm, stroke: 0.6pt, inset: 3mm)[居民身份证复印件（人像面 / 国徽面）]
#table(columns: (16mm, 1fr, 18mm, 1fr), stroke: 0.6pt,
  [住址], v(i.address), [签发机关], v[广州市公安局天河区分局],
  [公民身份号码], v(i.id), [有效期限], v[2014.02.18-2034.02.18],
)
#grid(columns: (1fr, 1fr), stroke: 0.6pt, inset: 2mm,
  [本人在银行激活社保卡金融账户后，该账户作为社会保险待遇的唯一账户。\ 本采集表内容已经本人核对，真实、准确，由本人负责。\ 申请人（监护人/代办人）签名： \ #align(right)[年　　月　　日]],
  [经审核，以上资料真实、准确、有效。\ 审核人（签字或签章）：\ 审核单位（盖章）：\ #align(right)[年　　月　　日]])
#text(size: 7.5pt)[职业代码：1.单位负责人；2.专业技术人员；3.办事人员和有关人员；4.商业、服务业人员；5.农、林、牧、渔、水利业生产人员；6.生产、运输设备操作人员及有关人员；7.其他 \ 学历代码：10.研究生；20.大学本科；30.大学专科和专科学校；40.中等专业学校或中等技术学校；50.技工学校；60.高中；70.初中；80.小学；90.文盲或半文盲]
'''

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--photo", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--fonts", default="/usr/share/fonts/opentype/noto")
    args = parser.parse_args()
    import typst
    out = pathlib.Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    (out / "fonts").mkdir(parents=True)
    for name in ("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc"):
        os.symlink(os.path.join(args.fonts, name), out / "fonts" / name)
    shutil.copy(args.photo, out / "photo.jpg")
    (out / "form.typ").write_text(TEMPLATE, encoding="utf-8")
    compiler = typst.Compiler(str(out / "form.typ"), root=str(out), font_paths=[str(out / "fonts")], ignore_system_fonts=True)
    total = 0
    start = time.perf_counter()
    for n in range(args.forms):
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + GIVEN[(n * 3) % len(GIVEN)]
        inputs = {"serial": "%04d" % (n + 1), "name": name, "gender": "男" if n % 2 else "女", "birth": "1990-01-%02d" % (n % 28 + 1),
                  "id": "5101071990010%05d" % n, "phone": "138%08d" % n,
                  "address": "四川省成都市武侯区洗面桥横街%d号%d栋%d单元" % (n % 97 + 1, n % 9 + 1, n % 5 + 1)}
        pdf = compiler.compile(format="pdf", sys_inputs=inputs)
        (out / ("form-%04d.pdf" % n)).write_bytes(pdf)
        total += len(pdf)
    wall = time.perf_counter() - start
    print("%d %.2f %.1f %d %d" % (args.forms, wall, args.forms / wall, total // args.forms, os.path.getsize(args.photo)))


if __name__ == "__main__":
    sys.exit(main())
