#!/usr/bin/python3
"""Makes the workbench's bundled fonts: a subset of Noto Sans CJK SC (Regular and Bold), renamed "NSW Sans SC".

The UI must render Chinese and English the same on every machine, including one with only DejaVu (a fresh
Linux install, a container, CI), so nsw ships a font instead of naming whichever CJK font a machine has.
The whole Noto Sans CJK face is 16 MB a weight; this subset keeps what the UI and typical Chinese text use:

  * the 3,755 hanzi of GB 2312 level 1 (the "common characters" list, about 99.7 % of the characters in
    running modern Chinese text),
  * every character in sample-data/ and in the UI's own strings (src/main), so nothing nsw itself shows is
    left to a fallback,
  * ASCII, Latin-1, Latin Extended-A, general punctuation, CJK symbols and punctuation, full-width forms,
    arrows, geometric shapes and the dingbats the UI draws (★, ✓, ▲ …).

A character outside the subset falls back to the machine's fonts (JavaFX's fallback list), as before.
The family is renamed, as the SIL Open Font License asks of modified versions, and so that a full Noto Sans
CJK SC installed on the machine is never mistaken for the subset (or the other way round).

Run (Debian; nothing is installed system-wide but python3-fonttools):
    apt-get install python3-fonttools
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto
    /usr/bin/python3 src/main/fonts/make-subset.py noto/usr/share/fonts/opentype/noto noto/usr/share/doc/fonts-noto-cjk/copyright
Made from fonts-noto-cjk 1:20220127+repack1-1 (Debian 12) with fontTools 4.38.0.
"""
import pathlib
import re
import sys

from fontTools import subset
from fontTools.fontBuilder import FontBuilder  # noqa: F401  (documents the fontTools version needed)
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "src/main/resources/dev/nsw/gui/fonts"
FAMILY = "NSW Sans SC"
SC_FACE = "Noto Sans CJK SC"

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x017F), (0x02C6, 0x02DD), (0x0391, 0x03C9), (0x2000, 0x206F), (0x20AC, 0x20AC),
    (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),
    (0x2600, 0x26FF), (0x2700, 0x27BF), (0x3000, 0x303F), (0x3100, 0x312F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
]


def gb2312_level1():
    """The 3,755 level-1 hanzi of GB 2312: rows 16-55 (bytes 0xB0A1 ... 0xD7F9)."""
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def project_chars():
    """Every non-ASCII character in sample-data/ and in src/main (UI strings, messages)."""
    chars = set()
    for folder in (ROOT / "sample-data", ROOT / "src/main/java", ROOT / "src/main/resources"):
        for f in folder.rglob("*"):
            if f.is_file() and f.suffix in (".csv", ".tsv", ".jsonl", ".md", ".txt", ".java", ".css", ".properties"):
                chars.update(c for c in f.read_text(encoding="utf-8", errors="ignore") if ord(c) > 0x7E)
    return chars


def to_truetype(font):
    """CFF outlines → quadratic TrueType outlines (glyf), which every JavaFX font rasteriser reads."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: smaller, and TrueType needs none
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def rename(font, style):
    name = font["name"]
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    ps = FAMILY.replace(" ", "") + "-" + style
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID in (2, 17):
            rec.string = style
        elif rec.nameID == 3:
            rec.string = f"{ps};subset of {SC_FACE} made by nsw"
        elif rec.nameID == 4:
            rec.string = full
        elif rec.nameID == 6:
            rec.string = ps
    # drop localised names of the original family (e.g. 思源黑体), which would still name it
    name.names = [r for r in name.names if r.nameID not in (1, 4, 16) or r.langID in (0x409, 0)]


def main(noto_dir, copyright_file):
    wanted = gb2312_level1() | project_chars()
    for lo, hi in RANGES:
        wanted.update(chr(c) for c in range(lo, hi + 1))
    OUT.mkdir(parents=True, exist_ok=True)
    notice = None
    for style in ("Regular", "Bold"):
        collection = TTCollection(pathlib.Path(noto_dir) / f"NotoSansCJK-{style}.ttc")
        font = next(f for f in collection.fonts if f["name"].getDebugName(1) == SC_FACE)
        notice = font["name"].getDebugName(0)
        opts = subset.Options()
        opts.layout_features = ["kern", "palt", "halt"]  # horizontal text only: no vertical or regional alternates
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.notdef_outline = True
        opts.hinting = False
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=[ord(c) for c in wanted])
        sub.subset(font)
        to_truetype(font)
        rename(font, style)
        target = OUT / f"NSWSansSC-{style}.ttf"
        font.save(target)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes, {len(font.getGlyphOrder()):,} glyphs")
    text = pathlib.Path(copyright_file).read_text(encoding="utf-8")
    ofl = text[text.index("License: SIL-1.1\n -----"):]
    ofl = "\n".join(line[1:] if line.startswith(" ") else line for line in ofl.splitlines()[1:])
    ofl = re.sub(r"(?m)^\.$", "", ofl)
    (OUT / "LICENSE-OFL.txt").write_text(
        f"{FAMILY} (NSWSansSC-Regular.ttf, NSWSansSC-Bold.ttf) is a subset of {SC_FACE}, renamed;\n"
        f"made by src/main/fonts/make-subset.py.\n\n{notice}\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n" + ofl.strip() + "\n",
        encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
