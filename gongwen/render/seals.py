"""Seal anchors: where each seal of a document stands in its printed layout (GB/T 9704 §7.3.5), so that a
unit's 电子签章 system can put its e-seal where the standard wants it.

The positions are the ones WeasyPrint laid out for the PDF (the OFD copies the PDF's pages): for every seal
box of the closing (`PrintLayout.closing`), printed with an image or left for the e-seal, its page and its
box in mm from the page's top-left corner.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from gongwen.render.pdf import PX, anchor
from gongwen.render.printing import Closing
from gongwen.typeset.layout import MM

CLAUSES = {"印章": "GB/T 9704-2012 §7.3.5.1", "签名章": "GB/T 9704-2012 §7.3.5.3"}


@dataclass(frozen=True)
class SealAnchor:
    """One seal: whose it is, which kind, and where (page from 1; box in mm from the page's top left)."""

    organ: str  # the organ whose seal it is
    kind: str  # 印章 or 签名章
    signer: str  # a 签名章's signer; "" for a 印章
    page: int
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    image: bool  # printed from the content file's image; False: left for the 电子签章 system

    def as_json(self) -> dict:
        return {**asdict(self), "clause": CLAUSES[self.kind]}

    @classmethod
    def from_json(cls, data: dict) -> SealAnchor:
        return cls(**{key: value for key, value in data.items() if key != "clause"})


def seal_anchors(document, closing: Closing | None) -> list[SealAnchor]:
    """The seals of `closing` where WeasyPrint placed them in the laid-out `document` (the print template
    gives the N-th seal box the id `seal-N`)."""
    anchors = []
    for number, seal in enumerate(closing.seals if closing else [], 1):
        page, x, y = anchor(document, f"seal-{number}")
        anchors.append(SealAnchor(seal.organ, seal.kind, seal.signer, page + 1, *(round(v, 3) for v in (
            x * PX / MM, y * PX / MM, seal.width / MM, seal.height / MM)), bool(seal.image)))
    return anchors
