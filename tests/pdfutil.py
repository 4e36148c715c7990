"""Helpers for tests that build and measure PDFs."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from conftest import MINIMAL, ROOT
from gongwen.build.pipeline import Build, build_file
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.typeset.layout import load_layout
from gongwen.verify import horizontal_rules, image_boxes, read_lines, verify

RECORD = "cc: [市委办公厅]\nprinter:\n  organ: 某某市人民政府办公室\n  date: 2024-01-05\n"


def build_pdf(source: Path, out_dir: Path, project: Project | None = None) -> tuple[Path, Build]:
    """Build `source` to PDF through the real pipeline; return the PDF path and the build."""
    build = Build(project or Project.at(ROOT), out_dir)
    (written,) = build_file(source, ["pdf"], build)
    build.staging.commit()
    return written.path, build


def build_outputs(source: Path, out_dir: Path, formats=("pdf", "docx")) -> tuple[list[Path], Build]:
    """Build `source` in the given formats through the real pipeline; return the paths and the build."""
    build = Build(Project.at(ROOT), out_dir)
    written = [w.path for w in build_file(source, list(formats), build)]
    build.staging.commit()
    return written, build


def measure(pdf: Path, project: Project | None = None):
    return verify(pdf, load_layout(project or Project.at(ROOT)))


def pages(pdf: Path) -> list[pdfium.PdfPage]:
    """The pages of `pdf` (each keeps the document open)."""
    return list(pdfium.PdfDocument(pdf))


def page_lines(pdf: Path):
    return [read_lines(page) for page in pages(pdf)]


def page_rules(pdf: Path, number: int):
    """Horizontal rules on page `number` (0-based, negative from the end)."""
    return horizontal_rules(pages(pdf)[number])


def page_images(pdf: Path, number: int):
    """Image boxes (x0, top, x1, bottom in mm) on page `number`."""
    return image_boxes(pages(pdf)[number])


def catalog(pdf: Path) -> dict:
    """The document catalog with its direct values resolved, and the document information."""
    with open(pdf, "rb") as file:
        document = PDFDocument(PDFParser(file))
        resolved = {key: resolve1(value) for key, value in document.catalog.items()}
        resolved["Metadata"] = resolved["Metadata"].get_data() if "Metadata" in resolved else b""
        info = {key: decode_text(resolve1(value)) for key, value in document.info[0].items()}
        return resolved | {"info": info}


def embedded_postscript_names(pdf: Path) -> set[str]:
    """The PostScript name inside every embedded font program (what was embedded, whatever it is called)."""
    from fontTools.ttLib import TTFont

    names = set()
    with open(pdf, "rb") as file:
        document = PDFDocument(PDFParser(file))
        for xref in document.xrefs:
            for objid in xref.get_objids():
                descriptor = resolve1(document.getobj(objid))
                for key in ("FontFile3", "FontFile2", "FontFile") if isinstance(descriptor, dict) else ():
                    if key not in descriptor:
                        continue
                    font = TTFont(io.BytesIO(resolve1(descriptor[key]).get_data()))
                    names.add(font["name"].getDebugName(6))
    return names


def pdf_font_name(face) -> str:
    """How WeasyPrint names a face's font in the PDF: the stylesheet's family, dashes for spaces."""
    return face.css_family.replace(" ", "-")


def attachments(pdf: Path) -> dict[str, bytes]:
    """Embedded files by name."""
    document = pdfium.PdfDocument(pdf)
    files = [document.get_attachment(index) for index in range(document.count_attachments())]
    return {file.get_name(): bytes(file.get_data()) for file in files}


def loaded(path: Path):
    return load_document(path)


def write_seal(path: Path) -> Path:
    """A red ring standing in for a seal image (transparent outside the ring)."""
    from PIL import Image, ImageDraw

    seal = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((10, 10, 390, 390), outline=(220, 0, 0, 255), width=20)
    seal.save(path)
    return path


def fill_page_two(write_yaml, tmp_path: Path) -> Path:
    """Write and build a notice whose text ends on the last line of page 2 and that has a 版记.

    Returns the PDF, whose page 3 is blank and page 4 carries the 版记. One-line paragraphs are
    added or removed until the text fills page 2 exactly.
    """
    count = 30
    for _ in range(6):
        text = MINIMAL.replace("  - 现将有关事项通知如下。\n", "".join(f"  - 第{i}段。\n" for i in range(count)))
        pdf, _ = build_pdf(write_yaml(text + RECORD, "filled.yaml"), tmp_path / str(count))
        reports = measure(pdf)
        if len(reports) == 4 and not reports[2].box:
            return pdf
        body = [r for r in reports if r.body_lines]
        count += 22 - body[1].body_lines if len(body) == 2 else -sum(r.body_lines for r in body[2:])
    raise AssertionError("could not fill page 2 exactly")
