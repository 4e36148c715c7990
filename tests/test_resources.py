"""Files a document names: only images inside the project, recognised by content; SVG sanitised; nothing fetched."""

from __future__ import annotations

import base64
import http.server
import os
import re
import threading
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from conftest import MINIMAL
from fuzzing import run_cli
from pdfutil import page_images


@pytest.fixture
def project(tmp_path):
    """A project with a content folder, a real seal image and a file that is not an image."""
    (tmp_path / "content").mkdir()
    (tmp_path / "assets").mkdir()
    Image.new("RGBA", (60, 60), (220, 0, 0, 255)).save(tmp_path / "assets" / "seal.png")
    (tmp_path / "secret.txt").write_text("密码：123456\n", encoding="utf-8")
    return tmp_path


def build(project, seal: str, formats: str = "html"):
    path = project / "content" / "doc.yaml"
    path.write_text(MINIMAL + f"seal: {seal}\n", encoding="utf-8")
    return run_cli(["build", "--project", str(project), "--out", str(project / "output"), "--format", formats,
                    "--no-check", str(path)])


def test_a_seal_inside_the_project_is_embedded(project):
    outcome = build(project, "../assets/seal.png")
    assert outcome.code == 0, outcome.stderr
    page = lxml.html.parse(str(project / "output" / "doc.html"))
    (src,) = page.xpath("//img[@class='seal']/@src")
    assert base64.b64decode(src.split(",", 1)[1]) == (project / "assets" / "seal.png").read_bytes()


@pytest.mark.parametrize("seal", ["../../../../../../etc/passwd", "/etc/passwd", "../../outside.png"])
def test_a_seal_outside_the_project_is_a_located_error(project, seal):
    Image.new("RGB", (10, 10)).save(project.parent / "outside.png")
    outcome = build(project, seal)
    assert outcome.code == 2 and not outcome.crash
    assert re.search(rf"{re.escape(str(project))}/content/doc\.yaml:7:7: .*(项目目录之外|绝对路径)", outcome.stderr)
    assert not (project / "output" / "doc.html").exists()


def test_a_link_leading_out_of_the_project_is_refused(project):
    Image.new("RGB", (10, 10)).save(project.parent / "elsewhere.png")
    os.symlink(project.parent / "elsewhere.png", project / "assets" / "link.png")
    outcome = build(project, "../assets/link.png")
    assert outcome.code == 2 and "content/doc.yaml:7:7: " in outcome.stderr and "符号链接" in outcome.stderr


def test_a_file_is_an_image_by_its_content_not_its_name(project):
    (project / "assets" / "fake.png").write_bytes((project / "secret.txt").read_bytes())
    outcome = build(project, "../assets/fake.png")
    assert outcome.code == 2 and "content/doc.yaml:7:7: “../assets/fake.png”不是图片" in outcome.stderr
    (project / "assets" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    assert "已损坏" in build(project, "../assets/broken.png").stderr


@pytest.fixture
def server():
    """A web server on loopback that counts the requests it gets."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", requests
    httpd.shutdown()
    httpd.server_close()


def linking_svg(base: str, project) -> str:
    """An SVG seal that links to a web server and a local file (a renderer would fetch them)."""
    return f"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">
  <image href="{base}/image.png" width="10" height="10"/>
  <image xlink:href="file://{project}/secret.txt" width="10" height="10"/>
  <rect width="10" height="10" fill="url({base}/paint)"/>
  <circle cx="50" cy="50" r="40" stroke="#d00" fill="none" stroke-width="6"/>
</svg>
"""


def test_an_svg_seal_with_external_references_fetches_nothing(project, server):
    base, requests = server
    (project / "assets" / "seal.svg").write_text(linking_svg(base, project), encoding="utf-8")
    outcome = build(project, "../assets/seal.svg", "html,pdf")
    assert outcome.code == 0, outcome.stderr
    assert requests == []  # neither the PDF renderer nor anything else asked the server
    assert page_images(project / "output" / "doc.pdf", 0) == []  # no image fetched into the PDF
    html = (project / "output" / "doc.html").read_text(encoding="utf-8")
    assert base not in html and "file:" not in html


def test_an_svg_seal_is_sanitised(project):
    (project / "assets" / "seal.svg").write_text("""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <style>@import url(https://example.invalid/style.css);</style>
  <foreignObject><iframe src="https://example.invalid/frame"/></foreignObject>
  <a href="javascript:alert(1)"><text x="0" y="50">链接</text></a>
  <use href="#ring"/>
  <circle id="ring" cx="50" cy="50" r="40" stroke="#d00" fill="none" stroke-width="6" onclick="alert(2)"/>
</svg>
""", encoding="utf-8")
    outcome = build(project, "../assets/seal.svg")
    assert outcome.code == 0, outcome.stderr
    (src,) = lxml.html.parse(str(project / "output" / "doc.html")).xpath("//img[@class='seal']/@src")
    assert src.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
    for hostile in ("script", "onload", "onclick", "@import", "foreignObject", "iframe", "javascript:", "example"):
        assert hostile not in svg
    assert '<circle id="ring"' in svg and '<use href="#ring"/>' in svg  # the drawing stays


def test_an_svg_with_a_doctype_is_refused(project):
    (project / "assets" / "seal.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', encoding="utf-8")
    outcome = build(project, "../assets/seal.svg")
    assert outcome.code == 2 and "DOCTYPE" in outcome.stderr


def test_the_pdf_renderer_fetches_only_data_urls():
    from gongwen.render.pdf import local_only_fetcher

    font = Path("/usr/share/fonts/some.otf")
    fetcher = local_only_fetcher(frozenset({font}))
    for url in ("file:///etc/passwd", "file:///usr/share/fonts/other.otf", "http://127.0.0.1:9/x.png",
                "https://example.invalid/x.png", "ftp://x/y"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    with pytest.raises(OSError):  # allowed, and so opened: this file does not exist
        fetcher.fetch(f"file://{font}")
    assert fetcher.fetch("data:text/plain;base64,5YWs5paH").read() == "公文".encode()


def test_web_pages_forbid_loading_anything_from_outside(project):
    assert build(project, "../assets/seal.png").code == 0
    policy = lxml.html.parse(str(project / "output" / "doc.html")).xpath(
        "//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy and "default-src 'none'" in policy[0] and "img-src data:" in policy[0]
