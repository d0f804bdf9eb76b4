#!/usr/bin/env python3
"""A roster of N valid people with a compliant photo and both ID-card sides each, for the
export benchmark (scripts/bench-export.sh). The photo and the ID-card pairs are copies of a few
sample images, so importing derives each card sheet once; every person still gets their own
entries in the batch."""
import argparse
import datetime
import os
import shutil

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
HEADERS = ["姓名", "证件类型", "证件号码", "国籍", "性别", "出生日期", "民族", "手机号码", "参保单位编号", "参保单位名称",
           "现今工作单位", "证件发证机关", "证件有效期", "户口所在地址", "常住地址", "邮政编码", "职业", "学历", "开户银行",
           "银行网点", "已有照片"]
PAIRS = ["110105199103031488", "440106198610283178", "500103198001250730", "510104199211030624"]


def check(body: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--photo", required=True, help="a compliant 358×441 card photo")
    parser.add_argument("--cards", default="samples/idcards")
    args = parser.parse_args()
    photos, cards = os.path.join(args.out, "photos"), os.path.join(args.out, "idcards")
    os.makedirs(photos, exist_ok=True)
    os.makedirs(cards, exist_ok=True)
    base = datetime.date(1975, 1, 1)
    lines = [",".join(HEADERS)]
    for i in range(args.rows):
        day = base + datetime.timedelta(days=i // 400)
        body = "510107" + day.strftime("%Y%m%d") + "%03d" % ((i % 400) * 2 + 1)
        number = body + check(body)
        lines.append(",".join(["张三", "居民身份证(户口簿)", number, "中国", "男", day.isoformat(), "汉族", "138%08d" % i, "325520",
                               "中智四川经济技术合作有限公司", "研发中心", "成都市公安局武侯分局", "2016.05.10-2036.05.10",
                               "四川省成都市武侯区洗面桥横街1号", "四川省成都市武侯区洗面桥横街1号", "610041", "2", "本科",
                               "成都银行", "武侯支行", "否"]))
        shutil.copyfile(args.photo, os.path.join(photos, number + ".jpg"))
        pair = PAIRS[i % len(PAIRS)]
        for side in ("人像面", "国徽面"):
            shutil.copyfile(os.path.join(args.cards, f"{pair}_{side}.jpg"), os.path.join(cards, f"{number}_{side}.jpg"))
    with open(os.path.join(args.out, "roster.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
