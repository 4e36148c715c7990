"""Files a document names (seal images, and any image field to come): where they may be and what they may be.

A named file must lie inside the project (or an asset folder the project configures) after every
symbolic link is followed, and must be a raster image recognised by its bytes (PNG, JPEG, GIF,
WebP) or an SVG, which is sanitised: no scripts, event handlers, external references or DOCTYPE.
A model field takes the type `ImageFile`; the loader validates it with the file's `Resources`.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from gongwen.errors import GongwenError
from gongwen.project import Project, project_root

MAX_IMAGE_BYTES = 20_000_000
RASTER = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif",
          b"GIF89a": "image/gif"}
SVG_NS = "http://www.w3.org/2000/svg"
# SVG elements that draw; anything else (script, foreignObject, image, a, style, iframe …) is dropped.
SVG_ELEMENTS = {"svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "text", "tspan",
                "textPath", "defs", "title", "desc", "use", "symbol", "linearGradient", "radialGradient", "stop",
                "clipPath", "mask", "pattern", "marker"}
_EXTERNAL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|expression\(|javascript:", re.I)


class ResourceError(GongwenError):
    """A named file that may not be used: the message says why."""


@dataclass(frozen=True)
class Image:
    """An image ready to embed: its media type and (for SVG, sanitised) bytes."""

    mime: str
    data: bytes
    size: tuple[float, float] = (1.0, 1.0)  # width, height (pixels, or SVG user units)

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.size[0] / self.size[1]

    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class Resources:
    """Where a content file may take files from: paths are relative to `base_dir`, inside `roots`."""

    base_dir: Path
    roots: tuple[Path, ...]

    @classmethod
    def of(cls, source: Path, project: Project | None = None) -> Resources:
        """For the content file `source`: the project it lies in and the `project` it is built in, with
        the asset folders each configures (`[assets] folders = ["…"]`)."""
        roots: list[Path] = []
        for owner in (Project.at(project_root(source)), *([project] if project else [])):
            folders = owner.settings.get("assets", {}).get("folders", [])
            roots += [owner.root, *(owner.root / folder for folder in folders if isinstance(folder, str))]
        return cls(source.resolve().parent, tuple(dict.fromkeys(root.resolve() for root in roots)))

    @classmethod
    def of_folder(cls, folder: Path) -> Resources:
        """Files in and below `folder` only (a document made in code, not loaded from a file)."""
        return cls(folder.resolve(), (folder.resolve(),))

    def path(self, name: str) -> Path:
        """The file `name` stands for, after checking that it lies inside the allowed folders."""
        if not name or "\0" in name:
            raise ResourceError("文件路径为空或含有不可见字符")
        if Path(name).is_absolute() or re.match(r"^[A-Za-z]:|^\\\\", name):
            raise ResourceError(f"“{name}”是绝对路径；请写相对于内容文件的路径，文件须在项目目录内")
        target = (self.base_dir / name).resolve()
        if not any(target == root or root in target.parents for root in self.roots):
            where = "、".join(str(root) for root in self.roots)
            raise ResourceError(f"“{name}”在项目目录之外（含符号链接指向之外），不能使用；允许的目录：{where}")
        if not target.is_file():
            raise ResourceError(f"文件不存在：{name}（路径相对于内容文件所在目录）")
        return target

    def image(self, name: str) -> Image:
        """The image file `name`, checked by its content and sanitised."""
        path = self.path(name)
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise ResourceError(f"图片“{name}”超过 {MAX_IMAGE_BYTES // 1_000_000} MB")
        return read_image(path.read_bytes(), name)


def read_image(data: bytes, name: str) -> Image:
    """Recognise an image by its bytes (not its name); raster images must decode, SVG is sanitised."""
    for magic, mime in RASTER.items():
        if data.startswith(magic):
            return Image(mime, data, _decoded_size(data, name, mime))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Image("image/webp", data, _decoded_size(data, name, "image/webp"))
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")):
        return Image("image/svg+xml", *sanitised_svg(data, name))
    raise ResourceError(f"“{name}”不是图片（支持 PNG、JPEG、GIF、WebP 和 SVG，按文件内容识别）")


def _decoded_size(data: bytes, name: str, mime: str) -> tuple[float, float]:
    """The size of a raster image that Pillow reads through without error."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            size = picture.size
            picture.verify()
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a broken or hostile file
        raise ResourceError(f"图片“{name}”已损坏或无法读取（{mime}）：{exc}") from None
    if not (size[0] and size[1]):
        raise ResourceError(f"图片“{name}”没有像素")
    return float(size[0]), float(size[1])


def sanitised_svg(data: bytes, name: str) -> tuple[bytes, tuple[float, float]]:
    """The SVG with only drawing elements and attributes: no script, event handler, external reference,
    stylesheet or DOCTYPE (entities could read files or expand without end)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        tree = etree.parse(io.BytesIO(data), parser)
    except etree.XMLSyntaxError as exc:
        raise ResourceError(f"SVG 图片“{name}”无法解析：{exc}") from None
    if tree.docinfo.doctype:
        raise ResourceError(f"SVG 图片“{name}”含有 DOCTYPE，不能使用")
    root = tree.getroot()
    if etree.QName(root).localname != "svg":
        raise ResourceError(f"“{name}”不是 SVG 图片")
    for element in list(root.iter()):
        drawing = isinstance(element.tag, str) and etree.QName(element).localname in SVG_ELEMENTS \
            and etree.QName(element).namespace in (SVG_NS, None)
        if not drawing:
            if element.getparent() is not None:
                element.getparent().remove(element)
            continue
        for attribute, value in list(element.attrib.items()):
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on") or (local == "href" and not value.startswith("#")) or _EXTERNAL.search(value):
                del element.attrib[attribute]
    return etree.tostring(root, xml_declaration=True, encoding="utf-8"), _svg_size(root)


def _svg_size(root) -> tuple[float, float]:
    """Width and height from the viewBox, else the width and height attributes, else a square."""
    numbers = [float(n) for n in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)", root.get("viewBox", ""))]
    if len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0:
        return numbers[2], numbers[3]
    sizes = [re.match(r"\s*(\d+\.?\d*)", root.get(key, "")) for key in ("width", "height")]
    if all(sizes) and float(sizes[0].group(1)) > 0 and float(sizes[1].group(1)) > 0:
        return float(sizes[0].group(1)), float(sizes[1].group(1))
    return 1.0, 1.0


def _validate_image(value: str, info: ValidationInfo) -> str:
    resources = (info.context or {}).get("resources")
    if resources is not None:
        try:
            resources.image(value)
        except ResourceError as exc:
            raise PydanticCustomError("gw_resource", "{reason}", {"reason": str(exc)}) from None
    return value


ImageFile = Annotated[str, AfterValidator(_validate_image)]
"""A model field naming an image file; checked (place, kind, content) when the loader gives Resources."""
