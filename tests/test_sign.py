"""`gongwen sign` and `gongwen verify-signature` with a throwaway CA made here: PAdES on PDF/A-3b,
markers and the attached YAML kept, checksums, tampering, untrusted roots, EC keys refused."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from conftest import MINIMAL
from gongwen.cli import main
from pdfutil import attachments, catalog

PASSWORD = "测试口令-123"
NOTICE = MINIMAL + "electronic_seal: true\n"
NOW = datetime.datetime.now(datetime.UTC)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "某某市人民政府"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(subject, issuer, key, signing_key, ca: bool) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(NOW - datetime.timedelta(days=1)).not_valid_after(NOW + datetime.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                                            crl_sign=ca, encipher_only=False, decipher_only=False), critical=True))
    return builder.sign(signing_key, hashes.SHA256())


def _ca(folder: Path, common: str):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _certificate(_name(common), _name(common), key, key, ca=True)
    (folder / f"{common}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _p12(folder: Path, ca, key, name: str) -> Path:
    ca_key, ca_cert = ca
    cert = _certificate(_name("某某市人民政府办公室"), ca_cert.subject, key, ca_key, ca=False)
    path = folder / name
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"unit", key, cert, [ca_cert], serialization.BestAvailableEncryption(PASSWORD.encode())))
    return path


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pki")
    ca = _ca(folder, "测试根证书")
    _ca(folder, "另一个根证书")
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {"folder": folder, "ca": folder / "测试根证书.pem", "other": folder / "另一个根证书.pem",
            "rsa": _p12(folder, ca, rsa_key, "unit-rsa.p12"),
            "ec": _p12(folder, ca, ec.generate_private_key(ec.SECP256R1()), "unit-ec.p12")}


@pytest.fixture(scope="module")
def signed(pki, tmp_path_factory):
    """A PDF/A-3b build of a notice (its seal for the 电子签章 system), signed through the command line:
    (original, signed, output folder)."""
    folder = tmp_path_factory.mktemp("signed")
    source = folder / "notice.yaml"
    source.write_text(NOTICE, encoding="utf-8")
    out = folder / "out"
    assert main(["build", str(source), "--format", "pdf", "--pdf-variant", "pdf/a-3b", "--out", str(out),
                 "--no-check"]) == 0
    pdf = out / "notice.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UNIT_KEY", PASSWORD)
        assert main(["sign", str(pdf), "--p12", str(pki["rsa"]), "--password-env", "UNIT_KEY",
                     "--reason", "正式文本"]) == 0
    return pdf, out / "notice.signed.pdf", out


def test_signature_is_an_incremental_update_keeping_pdfa_and_the_yaml(signed):
    pdf, signed_pdf, _ = signed
    original, data = pdf.read_bytes(), signed_pdf.read_bytes()
    assert data.startswith(original) and len(data) > len(original)
    metadata = catalog(signed_pdf)["Metadata"]
    assert b'pdfaid:part="3"' in metadata or b"<pdfaid:part>3</pdfaid:part>" in metadata
    assert b'pdfaid:conformance="B"' in metadata or b"<pdfaid:conformance>B</pdfaid:conformance>" in metadata
    assert attachments(signed_pdf) == attachments(pdf) == {"notice.yaml": NOTICE.encode()}
    assert catalog(signed_pdf).get("Version") is None and data[:8] == original[:8]  # still PDF 1.x


def test_verify_signature_reports_signer_time_integrity_and_trust(signed, pki, capsys):
    assert main(["verify-signature", str(signed[1]), "--trust", str(pki["ca"])]) == 0
    out = capsys.readouterr().out
    assert "Signature1  签名者：" in out and "某某市人民政府办公室" in out
    assert f"签名时间：{datetime.date.today():%Y-%m-%d}" in out or f"签名时间：{NOW:%Y-%m-%d}" in out
    assert "完整：签名后内容未被改动" in out and "可信：证书链到受信任的根证书" in out


def test_untrusted_or_unanchored_signatures_fail(signed, pki, capsys):
    assert main(["verify-signature", str(signed[1]), "--trust", str(pki["other"])]) == 1
    assert "✗ 不可信：证书未链到 --trust 给出的根证书" in capsys.readouterr().out
    assert main(["verify-signature", str(signed[1])]) == 1
    assert "未给出 --trust 根证书" in capsys.readouterr().out
    assert main(["verify-signature", str(signed[0]), "--trust", str(pki["ca"])]) == 1
    assert "没有数字签名" in capsys.readouterr().out


def test_a_changed_byte_breaks_integrity(signed, pki, tmp_path, capsys):
    data = bytearray(signed[1].read_bytes())
    data[len(signed[0].read_bytes()) // 2] ^= 0x01  # inside the original PDF (a font stream), all of it signed
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    assert main(["verify-signature", str(tampered), "--trust", str(pki["ca"])]) == 1
    assert "✗ 不完整" in capsys.readouterr().out


def test_signed_copy_has_its_own_checksum_entry(signed):
    pdf, signed_pdf, out = signed
    sums = dict(reversed(line.split("  ")) for line in (out / "SHA256SUMS").read_text().splitlines())
    assert sums["notice.signed.pdf"] == hashlib.sha256(signed_pdf.read_bytes()).hexdigest()
    assert sums["notice.pdf"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    files = json.loads((out / "manifest.json").read_text())["files"]
    entry = next(f for f in files if f["name"] == "notice.signed.pdf")
    assert entry["source"] == "notice.pdf" and entry["source_sha256"] == sums["notice.pdf"]
    seals = next(f for f in files if f["name"] == "notice.pdf")["seals"]
    assert len(seals) == 1 and entry["seals"] == seals  # the same pages: the seal goes where it went


def test_ec_keys_are_refused_before_anything_is_written(pki, signed, tmp_path, monkeypatch, capsys):
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(signed[0].read_bytes())
    monkeypatch.setenv("UNIT_KEY", PASSWORD)
    assert main(["sign", str(pdf), "--p12", str(pki["ec"]), "--password-env", "UNIT_KEY"]) == 2
    err = capsys.readouterr().err
    assert "PDF 版本从 1.7 改为 2.0" in err and "请使用 RSA 密钥" in err
    assert not (tmp_path / "copy.signed.pdf").exists()


def test_bad_input_is_a_message_not_a_traceback(pki, signed, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("UNIT_KEY", "错误口令")
    assert main(["sign", str(signed[0]), "--p12", str(pki["rsa"]), "--password-env", "UNIT_KEY"]) == 2
    assert "口令错误或文件损坏" in capsys.readouterr().err
    text = tmp_path / "not.pdf"
    text.write_text("不是 PDF", encoding="utf-8")
    assert main(["verify-signature", str(text)]) == 2
    assert "不是 PDF 文件" in capsys.readouterr().err
    assert main(["verify-signature", str(signed[1]), "--trust", str(text)]) == 2
    assert "不是证书文件" in capsys.readouterr().err
