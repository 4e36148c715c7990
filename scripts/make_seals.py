"""Draw the sample seals the examples use: a red ring with a star and the organ's name, or a 签名章.

These are stand-ins made for the examples (real seals come from the organ's seal authority).
Run from the repository: `python scripts/make_seals.py`; it rewrites content/seals/*.png.
"""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RED = (220, 20, 30, 255)
OUT = Path(__file__).resolve().parent.parent / "content" / "seals"
SCALE = 4  # drawn large, then reduced for smooth edges


def font(family: str, size: int) -> ImageFont.FreeTypeFont:
    found = subprocess.run(["fc-match", "-f", "%{file}\t%{index}", family], capture_output=True, text=True).stdout
    file, index = found.split("\t")
    return ImageFont.truetype(file, size, index=int(index))


def organ_seal(name: str, path: Path, pixels: int = 320) -> None:
    """A round seal: ring, five-pointed star, the name along the upper arc."""
    size = pixels * SCALE
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre, ring = size / 2, size * 0.035
    draw.ellipse((ring / 2, ring / 2, size - ring / 2, size - ring / 2), outline=RED, width=int(ring))
    star = size * 0.16
    points = [(centre + star * (1 if i % 2 == 0 else 0.38) * math.sin(i * math.pi / 5),
               centre - star * (1 if i % 2 == 0 else 0.38) * math.cos(i * math.pi / 5)) for i in range(10)]
    draw.polygon(points, fill=RED)
    glyph = font("Noto Serif CJK SC:Bold", int(size * 0.13))
    radius = size / 2 - ring - size * 0.115
    sweep = min(240.0, 22.0 * len(name))  # degrees the name spans, centred on the top
    for index, char in enumerate(name):
        angle = math.radians(-sweep / 2 + sweep * (index + 0.5) / len(name))
        tile = Image.new("RGBA", (int(size * 0.16),) * 2, (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), char, font=glyph, fill=RED, anchor="mm")
        tile = tile.rotate(-math.degrees(angle), resample=Image.BICUBIC)
        x = centre + radius * math.sin(angle) - tile.width / 2
        y = centre - radius * math.cos(angle) - tile.height / 2
        image.alpha_composite(tile, (int(x), int(y)))
    save(image, pixels, pixels, path)


def name_seal(name: str, path: Path, height: int = 120) -> None:
    """A 签名章: the signer's name in red 楷体 in a thin frame."""
    size = height * SCALE
    glyph = font("FandolKai", int(size * 0.72))
    width = int(size * (0.3 + 0.85 * len(name)))
    image = Image.new("RGBA", (width, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((SCALE * 2, SCALE * 2, width - SCALE * 2, size - SCALE * 2), outline=RED, width=SCALE * 4)
    draw.text((width / 2, size / 2), name, font=glyph, fill=RED, anchor="mm")
    save(image, width // SCALE, height, path)


def save(image: Image.Image, width: int, height: int, path: Path) -> None:
    small = image.resize((width, height), Image.LANCZOS)
    small.quantize(colors=16, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for file, organ in (("shili-government.png", "示例市人民政府"), ("shili-development.png", "示例市发展和改革委员会"),
                        ("shili-emergency.png", "示例市应急管理局"), ("jiangbei-office.png", "江北市人民政府办公室"),
                        ("jiangbei-emergency.png", "江北市应急管理局")):
        organ_seal(organ, OUT / file)
    name_seal("李明远", OUT / "li-mingyuan.png")
