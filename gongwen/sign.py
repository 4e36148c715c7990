"""Signing official copies: a PAdES signature (pyHanko) on a built PDF, and checking one.

Signing is a step after the build: a signature records when it was made, so a signed file is never
byte-stable and is written beside the PDF (`x.signed.pdf`) with its own checksum entry. The signature
is an incremental update: the signed PDF starts with the original bytes, so PDF/A-3b markers and the
attached YAML source stay. A key that would make pyHanko raise the PDF version (it moves to PDF 2.0
for elliptic-curve keys, which PDF/A-3 does not allow) is refused rather than signed with.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gongwen.errors import GongwenError

SIGNED_SUFFIX = ".signed.pdf"
_HEADER = re.compile(rb"^%PDF-(\d\.\d)")


@dataclass(frozen=True)
class SignatureReport:
    """What a reader needs to know about one signature of a PDF."""

    field: str
    signer: str
    signed_at: datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the signer's certificate leads to a trusted root
    covers_whole_file: bool  # nothing was added after it (else: what was added is listed in `changes`)
    changes: str

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted

    def lines(self, trust_given: bool) -> list[str]:
        """The report as printed by `gongwen verify-signature`."""
        when = self.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %z") if self.signed_at else "未记录"
        if self.intact and self.valid:
            integrity = "完整：签名后内容未被改动"
            if not self.covers_whole_file:
                integrity += f"；签名之后文件另有增量更新（{self.changes}）"
        else:
            integrity = "✗ 不完整：签名后内容被改动，或签名无效"
        if self.trusted:
            trust = "可信：证书链到受信任的根证书"
        elif trust_given:
            trust = "✗ 不可信：证书未链到 --trust 给出的根证书"
        else:
            trust = "✗ 不可信：未给出 --trust 根证书，无法确认签名者"
        return [f"  {self.field}  签名者：{self.signer}  签名时间：{when}", f"    {integrity}", f"    {trust}"]


def signed_name(pdf: Path) -> Path:
    return pdf.with_name(pdf.name.removesuffix(".pdf") + SIGNED_SUFFIX)


def _require_pyhanko() -> None:
    try:
        import pyhanko  # noqa: F401
    except ImportError as exc:
        raise GongwenError("数字签名需要 pyHanko：pip install 'gongwen[sign]'") from exc


def sign_pdf(pdf: Path, pkcs12: Path, passphrase: bytes | None, reason: str | None = None,
             location: str | None = None) -> bytes:
    """The bytes of `pdf` with a PAdES signature by the key and certificate in `pkcs12` added."""
    _require_pyhanko()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers

    original = _read(pdf)
    signer = _load_signer(pkcs12, passphrase)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(original))
        existing = len(list(fields.enumerate_sig_fields(writer.prev)))
        meta = signers.PdfSignatureMetadata(field_name=f"Signature{existing + 1}", md_algorithm="sha256",
                                            subfilter=fields.SigSeedSubFilter.PADES, reason=reason,
                                            location=location)
        signed = signers.sign_pdf(writer, meta, signer=signer).getvalue()
    except (PdfError, ValueError) as exc:
        raise GongwenError(f"{pdf}: 无法签名：{exc}") from exc
    before, after = _version(original), _version(signed)
    if after != before:
        kind = type(signer.signing_cert.public_key).__name__
        raise GongwenError(f"{pkcs12}: 这个密钥（{kind}）会使 pyHanko 把 PDF 版本从 {before} 改为 {after}，"
                           "PDF/A-3b 存档格式随之失效；请使用 RSA 密钥签名")
    return signed


def _read(pdf: Path) -> bytes:
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise GongwenError(f"{pdf}: 无法读取：{exc.strerror}") from exc
    if not _HEADER.match(data):
        raise GongwenError(f"{pdf}: 不是 PDF 文件")
    return data


def _load_signer(pkcs12: Path, passphrase: bytes | None):
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12
    from pyhanko.sign import signers

    try:
        data = pkcs12.read_bytes()
    except OSError as exc:
        raise GongwenError(f"{pkcs12}: 无法读取：{exc.strerror}") from exc
    try:
        p12.load_key_and_certificates(data, passphrase)
    except ValueError as exc:
        raise GongwenError(f"{pkcs12}: 无法打开 PKCS#12 文件（口令错误或文件损坏）") from exc
    signer = signers.SimpleSigner.load_pkcs12(pkcs12, passphrase=passphrase)
    if signer is None:
        raise GongwenError(f"{pkcs12}: PKCS#12 文件中没有私钥和证书")
    return signer


def _version(pdf: bytes) -> str:
    """The PDF version in force: the header's, or the catalog's /Version where that is later."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    header = _HEADER.match(pdf).group(1).decode()
    catalog = PdfFileReader(io.BytesIO(pdf), strict=False).root.get("/Version")
    declared = str(catalog).lstrip("/") if catalog is not None else header
    return max(header, declared)


def check_signatures(pdf: Path, trust: list[Path]) -> list[SignatureReport]:
    """Every signature of `pdf`, validated against the root certificates in `trust` (PEM or DER)."""
    _require_pyhanko()
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[_certificate(path) for path in trust])
    try:
        reader = PdfFileReader(io.BytesIO(_read(pdf)), strict=False)
        signatures = reader.embedded_signatures
    except PdfReadError as exc:
        raise GongwenError(f"{pdf}: 无法读取 PDF：{exc}") from exc
    reports = []
    for signature in signatures:
        status = validate_pdf_signature(signature, context)
        reports.append(SignatureReport(
            field=signature.field_name,
            signer=status.signing_cert.subject.human_friendly,
            signed_at=status.signer_reported_dt,
            intact=status.intact, valid=status.valid, trusted=status.trusted,
            covers_whole_file=status.coverage.name == "ENTIRE_FILE",
            changes=status.modification_level.name if status.modification_level else ""))
    return reports


def _certificate(path: Path):
    from asn1crypto import pem, x509

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GongwenError(f"{path}: 无法读取：{exc.strerror}") from exc
    if pem.detect(data):
        data = pem.unarmor(data)[2]
    try:
        certificate = x509.Certificate.load(data)
        _ = certificate.subject.human_friendly  # parse now: a bad file is an error here, not in validation
    except ValueError as exc:
        raise GongwenError(f"{path}: 不是证书文件（PEM 或 DER）") from exc
    return certificate
