#!/usr/bin/env python3
"""Make samples/photos/ and samples/idcards/ for the 30-person sample roster, with planted mistakes.

Needs numpy, the `vips` command (Debian libvips-tools, pulled in by libvips-dev) and a built
`sscard` (compliant photos are made by `sscard photos fix`, so they are what the tool produces).
Deterministic for a fixed seed. See samples/EXPECTED.md for the planted image mistakes.

    python3 scripts/make-sample-images.py [--sscard .build/debug/sscard]
"""
import argparse, csv, os, shutil, struct, subprocess, tempfile, zlib
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
W17 = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

# Planted image mistakes, by roster row (header = row 1). Everything else is compliant.
PHOTO_PLANTS = {2: "dimensions", 5: "grayscale", 6: "dpi", 8: "missing", 11: "background", 13: "blur", 20: "format"}
CARD_PLANTS = {15: "missing-back", 16: "resolution", 18: "aspect", 29: "unreadable"}
ORPHAN_PHOTO = "110105199001011232.jpg"


def png_bytes(rgb, dpi=None):
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    if dpi:
        ppm = int(round(dpi / 0.0254))
        out += chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
    return out + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def patch_density(path, dpi):
    data = open(path, "rb").read()
    with open(path, "wb") as f:
        f.write(set_density(data, dpi))


def set_density(jpeg, dpi):
    """Insert or rewrite the JFIF APP0 with units=1 (dpi)."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x01" + struct.pack(">HH", dpi, dpi) + b"\x00\x00"
    body = jpeg[2:]
    if body[:2] == b"\xff\xe0":
        length = struct.unpack(">H", body[2:4])[0]
        body = body[2 + length:]
    return b"\xff\xd8" + app0 + body


def vips_jpeg(rgb, path, quality=85):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.png")
        open(src, "wb").write(png_bytes(rgb))
        subprocess.run(["vips", "jpegsave", src, path, "--Q", str(quality), "--strip"], check=True)


def portrait(rng, w=358, h=441, skin=(228, 188, 160), clothes=(30, 35, 60)):
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.full((h, w, 3), 255.0, dtype=np.float32)
    cx, cy = w / 2, h * 0.42
    # clothes: shoulders from 70% down
    shoulders = (y > h * 0.70) & (np.abs(x - cx) < (w * 0.22 + (y - h * 0.70) * 1.2))
    img[shoulders] = clothes
    # neck
    neck = (y > h * 0.58) & (y < h * 0.74) & (np.abs(x - cx) < w * 0.09)
    img[neck] = np.array(skin) * 0.92
    # face ellipse with soft shading
    fx, fy = w * 0.27, h * 0.25
    d = ((x - cx) / fx) ** 2 + ((y - cy) / fy) ** 2
    face = d < 1
    shade = (1.0 - 0.12 * d)[..., None]
    img[face] = (np.array(skin) * shade)[face]
    # hair on top
    hair = (((x - cx) / (fx * 1.08)) ** 2 + ((y - (cy - fy * 0.35)) / (fy * 0.85)) ** 2 < 1) & (y < cy - fy * 0.45)
    img[hair] = (35, 28, 25)
    # eyes, brows, mouth: sharp features
    for ex in (cx - fx * 0.4, cx + fx * 0.4):
        eye = ((x - ex) / 14) ** 2 + ((y - (cy - fy * 0.05)) / 6) ** 2 < 1
        img[eye] = (40, 30, 30)
        brow = (np.abs(x - ex) < 18) & (np.abs(y - (cy - fy * 0.2)) < 2.5)
        img[brow] = (50, 40, 35)
    mouth = ((x - cx) / 26) ** 2 + ((y - (cy + fy * 0.5)) / 5) ** 2 < 1
    img[mouth] = (170, 90, 90)
    nose = (np.abs(x - cx) < 3) & (y > cy) & (y < cy + fy * 0.3)
    img[nose] = np.array(skin) * 0.8
    # skin and cloth texture so the photo has real detail
    texture = rng.normal(0, 6, (h, w, 1)).astype(np.float32)
    mask = (face | shoulders | neck)[..., None]
    img = np.where(mask, img + texture, img + rng.normal(0, 0.6, (h, w, 1)))
    return np.clip(img, 0, 255).astype(np.uint8)


def card(rng, w=856, h=540, portrait_side=True):
    img = np.full((h, w, 3), (232, 238, 244), dtype=np.float32)
    y, x = np.mgrid[0:h, 0:w]
    img += (np.sin(x / 9.0) * np.cos(y / 11.0) * 6)[..., None]  # guilloche-like pattern
    for i in range(7):  # text lines
        top = 60 + i * 62
        length = int(w * (0.35 + 0.08 * (i % 3)))
        img[top:top + 18, 60:60 + length] = (60, 60, 70)
    if portrait_side:
        img[70:400, w - 260:w - 60] = (200, 205, 215)  # photo area
    else:
        cy, cx = 110, 120
        emblem = (x - cx) ** 2 + (y - cy) ** 2 < 70 ** 2
        img[emblem] = (200, 40, 40)
    img += rng.normal(0, 3, (h, w, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


def check_digit(body):
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, W17)) % 11]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sscard", default=os.path.join(ROOT, ".build/debug/sscard"))
    args = ap.parse_args()
    rng = np.random.default_rng(20261201)
    rows = list(csv.DictReader(open(os.path.join(SAMPLES, "roster.csv"), encoding="utf-8-sig")))
    photos, cards = os.path.join(SAMPLES, "photos"), os.path.join(SAMPLES, "idcards")
    for folder in (photos, cards):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    tmp = tempfile.mkdtemp()
    seen = set()
    for index, row in enumerate(rows):
        number = row["证件号码"].strip().translate({0xFF10 + i: 0x30 + i for i in range(10)}).upper()
        rownum = index + 2
        if "E+" in number or number in seen:
            continue  # the Excel-rounded row and the duplicate person get no images
        seen.add(number)
        skin = [(228, 188, 160), (240, 205, 180), (205, 160, 125), (190, 140, 105)][index % 4]
        clothes = [(30, 35, 60), (20, 20, 20), (60, 60, 65), (90, 30, 40)][index % 3]
        plant = PHOTO_PLANTS.get(rownum)
        if plant != "missing":
            face = portrait(rng, skin=skin, clothes=clothes)
            target = os.path.join(photos, number + ".jpg")
            if plant is None or plant == "dpi":
                src = os.path.join(tmp, number + ".png")
                open(src, "wb").write(png_bytes(face, dpi=350))
                subprocess.run([args.sscard, "photos", "fix", src, target, "--lang", "en"], check=True, stdout=subprocess.DEVNULL)
                if plant == "dpi":
                    patch_density(target, 72)
            elif plant == "dimensions":
                big = np.kron(face, np.ones((2, 2, 1), dtype=np.uint8))[:800, :650]
                vips_jpeg(big, target)
                patch_density(target, 350)
            elif plant == "grayscale":
                grey = face.mean(axis=2, keepdims=True).repeat(3, axis=2).astype(np.uint8)
                vips_jpeg(grey, target)
                patch_density(target, 350)
            elif plant == "background":
                bg = face.copy()
                white = (face.min(axis=2) > 245)
                bg[white] = (196, 198, 200)
                vips_jpeg(bg, target)
                patch_density(target, 350)
            elif plant == "blur":
                blurred = face.astype(np.float32)
                for _ in range(4):  # repeated box blur ≈ gaussian; edges padded, not wrapped
                    padded = np.pad(blurred, ((2, 2), (2, 2), (0, 0)), mode="edge")
                    h, w = blurred.shape[:2]
                    blurred = sum(padded[2 + dy:2 + dy + h, 2 + dx:2 + dx + w] for dy in (-2, -1, 0, 1, 2) for dx in (-2, -1, 0, 1, 2)) / 25
                vips_jpeg(np.clip(blurred, 0, 255).astype(np.uint8), target)
                patch_density(target, 350)
            elif plant == "format":
                open(target, "wb").write(png_bytes(face, dpi=350))
        if row["证件类型"].strip() == "护照":
            continue
        cplant = CARD_PLANTS.get(rownum)
        for side, is_portrait in (("人像面", True), ("国徽面", False)):
            if cplant == "missing-back" and side == "国徽面":
                continue
            target = os.path.join(cards, f"{number}_{side}.jpg")
            if cplant == "resolution" and is_portrait:
                vips_jpeg(card(rng, 320, 202, is_portrait), target)
            elif cplant == "aspect" and not is_portrait:
                vips_jpeg(card(rng, 560, 560, is_portrait), target)
            else:
                vips_jpeg(card(rng, portrait_side=is_portrait), target, quality=70)
            if cplant == "unreadable" and is_portrait:
                data = open(target, "rb").read()
                open(target, "wb").write(data[: len(data) // 3])
    # An orphan: a photo nobody in the roster claims.
    body = ORPHAN_PHOTO[:17]
    assert check_digit(body) == ORPHAN_PHOTO[17], check_digit(body)
    src = os.path.join(tmp, "orphan.png")
    open(src, "wb").write(png_bytes(portrait(rng), dpi=350))
    subprocess.run([args.sscard, "photos", "fix", src, os.path.join(photos, ORPHAN_PHOTO)], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(tmp)
    print("photos:", len(os.listdir(photos)), "idcards:", len(os.listdir(cards)))


if __name__ == "__main__":
    main()
