"""`gongwen serve`: the live preview, driven in headless Chromium, and what its server refuses to serve."""

from __future__ import annotations

import base64
import hashlib
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import lxml.html
import pypdfium2 as pdfium
import pytest
from PIL import Image

from conftest import EXAMPLE, MINIMAL, PATIENCE, ROOT, save, wait_for
from gongwen.build.watch import follow
from gongwen.cli import main
from gongwen.project import Project
from gongwen.serve import live
from gongwen.serve.live import Preview
from gongwen.serve.server import ASSETS, PreviewServer, safe_parts

EDITED = "现将有关事项通知如下,请各单位认真组织实施。"  # the half-width comma is a GW201 finding


@pytest.fixture
def project(tmp_path):
    """A project with the full example notice (masthead, headings, three seals, 版记: six pages), made public:
    a document with a 密级 gets no web page (see test_output_folder.py)."""
    (tmp_path / "content").mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "content" / "notice.yaml").write_text(re.sub(r"^secrecy:.*\n", "", text, flags=re.M), encoding="utf-8")
    shutil.copytree(EXAMPLE.parent / "seals", tmp_path / "content" / "seals")
    return tmp_path


class ServerLog:
    """What a server writes to stderr, line by line as it comes; a test waits for a line, not for a time."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self.ended = False
        self._news = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._reader.start()

    def _read(self, stream) -> None:
        for line in iter(stream.readline, ""):
            with self._news:
                self.lines.append(line)
                self._news.notify_all()
        with self._news:
            self.ended = True
            self._news.notify_all()

    def wait_for(self, text: str) -> str:
        """The first line holding `text`, once written; fails if the output ends first or after PATIENCE."""
        def found():
            return next((line for line in self.lines if text in line), None)
        with self._news:
            self._news.wait_for(lambda: found() or self.ended, timeout=PATIENCE)
            line = found()
        assert line, f"“{text}” not written:\n{self.text}"
        return line

    def close(self) -> None:
        self._reader.join()

    @property
    def text(self) -> str:
        return "".join(self.lines)


@contextmanager
def served(project: Path, *args: str, env: dict | None = None):
    """`gongwen serve` as a user runs it, on a free port; stopped with Ctrl-C (SIGINT), which must be clean."""
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--project", str(project),
                                "--port", "0", *args], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                               env=os.environ | (env or {}))
    log = ServerLog(process.stderr)
    try:
        line = log.wait_for("预览地址：")
        yield line.split("：", 1)[1].split("（")[0], log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=PATIENCE)  # every request thread joined, the event streams closed
        except subprocess.TimeoutExpired:
            process.kill()  # not left running: the assertion below says why
            code = process.wait()
        log.close()
    assert code == 0 and "Traceback" not in log.text and "预览已停止" in log.text, log.text


def _edit(source: Path, old: str, new: str) -> None:
    """Save the content file with `old` replaced, as an editor does."""
    text = source.read_text(encoding="utf-8")
    assert old in text
    save(source, text.replace(old, new))


SHOWN_PAGE = """
const img = document.querySelector('#pages .page img');
if (!img || !img.complete || !img.naturalWidth) return null;
const canvas = document.createElement('canvas');
canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
canvas.getContext('2d').drawImage(img, 0, 0);
return [img.src, canvas.toDataURL('image/png')];
"""
WEB_TEXT = """
const frame = document.querySelector('#web iframe:not(.loading)');
return frame && frame.contentDocument.body ? frame.contentDocument.body.textContent : '';
"""


def _shown_page(driver) -> tuple[str, bytes] | None:
    """The first page image as the browser shows it: its address and its pixels."""
    shown = driver.execute_script(SHOWN_PAGE)
    if not shown:
        return None
    png = base64.b64decode(shown[1].split(",", 1)[1])
    return shown[0], Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def _zoom(driver, value: str) -> None:
    driver.execute_script("const z = document.getElementById('zoom'); z.value = arguments[0];"
                          "z.dispatchEvent(new Event('change'));", value)


def _page_width(driver) -> float:
    return float(driver.execute_script("return document.querySelector('#pages .page').style.width")[:-2])


def _rendered(pdf: bytes, src: str) -> bytes:
    """Page 1 of `pdf` rendered at the scale the page asked for."""
    scale = float(src.split("scale=")[1].split("&")[0])
    document = pdfium.PdfDocument(pdf)
    try:
        return document[0].render(scale=scale).to_pil().convert("RGB").tobytes()
    finally:
        document.close()


def _pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "".join("".join(page.get_textpage().get_text_range().split()) for page in document)
    finally:
        document.close()


def test_saving_the_yaml_updates_page_image_and_web_page_in_place(project, browser):
    source, pdf = project / "content" / "notice.yaml", project / "output" / "notice.pdf"
    with served(project) as (url, log):
        browser.get(url + "#doc=notice")
        before = wait_for(lambda: _shown_page(browser))
        old_pdf = pdf.read_bytes()
        assert before[1] == _rendered(old_pdf, before[0])
        wait_for(lambda: "现将有关事项通知如下" in browser.execute_script(WEB_TEXT))
        _zoom(browser, "1")  # 100 %: an A4 page 793.7 px wide, drawn at 1.5 pixels per point
        before = wait_for(lambda: (shown := _shown_page(browser)) and "scale=1.5" in shown[0] and shown)
        assert abs(_page_width(browser) - 793.7) < 0.1
        browser.execute_script("window.gongwenMarker = 1;"
                               "document.getElementById('print').scrollTop = 300;"
                               "document.querySelector('#web iframe').contentWindow.scrollTo(0, 200);")
        scrolled = browser.execute_script("return document.getElementById('print').scrollTop")
        assert scrolled == 300

        _edit(source, "现将有关事项通知如下。", EDITED)

        wait_for(lambda: "请各单位认真组织实施" in browser.execute_script(WEB_TEXT))
        after = wait_for(lambda: (shown := _shown_page(browser)) and shown[0] != before[0] and shown)
        new_pdf = pdf.read_bytes()
        assert "请各单位认真组织实施" in _pdf_text(new_pdf) and "请各单位认真组织实施" not in _pdf_text(old_pdf)
        assert hashlib.sha256(new_pdf).hexdigest()[:16] in after[0]  # the image is of the new PDF…
        assert after[1] == _rendered(new_pdf, after[0])  # …and shows its first page
        assert after[1] != before[1]
        # Not reloaded: the page keeps its state and both scroll positions.
        assert browser.execute_script("return window.gongwenMarker") == 1
        assert browser.execute_script("return document.getElementById('print').scrollTop") == 300
        assert browser.execute_script("return document.querySelector('#web iframe').contentWindow.scrollY") == 200
        assert "scale=1.5" in after[0] and abs(_page_width(browser) - 793.7) < 0.1  # the zoom chosen stays
        _zoom(browser, "2")
        larger = wait_for(lambda: (shown := _shown_page(browser)) and "scale=2.75" in shown[0] and shown)
        assert larger[1] == _rendered(new_pdf, larger[0]) and abs(_page_width(browser) - 1587.4) < 0.1
        assert source.read_text(encoding="utf-8").count(EDITED) == 1  # serve never writes content files
    written = [line.split()[1] for line in log.lines if line.startswith("写入 ")]
    assert written[:3] == ["output/notice.html", "output/notice.pdf", "output/notice.docx"]  # the web page first


def test_findings_link_to_their_place_in_both_views(project, browser):
    source = project / "content" / "notice.yaml"
    _edit(source, "现将有关事项通知如下。", EDITED)
    _edit(source, "高支模、起重机械", "高支模,起重机械")  # in the attachment, pages further on
    with served(project) as (url, _):
        browser.get(url + "#doc=notice")
        wait_for(lambda: browser.execute_script("return document.querySelector('#web iframe:not(.loading)')"))
        wait_for(lambda: _shown_page(browser))
        wait_for(lambda: browser.execute_script(
            "const badge = document.querySelector('#documents .badge.error'); return badge && badge.textContent;"
        ) == "2 个错误")
        late, early = (_location(source, text) for text in ("高支模,起重机械", EDITED))

        assert _click_finding(browser, late) == late
        page = wait_for(lambda: browser.execute_script(
            "const m = document.querySelector('#pages .mark');"
            "return m && [...document.querySelectorAll('#pages .page')].indexOf(m.parentElement) + 1;"))
        assert page >= 3
        # Both views scroll to the place: the box and the highlighted comma come into sight.
        wait_for(lambda: browser.execute_script(
            "const pane = document.getElementById('print').getBoundingClientRect();"
            "const box = document.querySelector('#pages .mark').getBoundingClientRect();"
            "return pane.top <= box.top && box.bottom <= pane.bottom;"))
        wait_for(lambda: browser.execute_script(
            "const w = document.querySelector('#web iframe:not(.loading)').contentWindow;"
            "const h = w.CSS.highlights.get('gongwen-finding'); if (!h) return false;"
            "const r = [...h][0]; const box = r.getBoundingClientRect();"
            "return r.toString() === ',' && w.scrollY > 0 && 0 <= box.top && box.bottom <= w.innerHeight;"))

        assert _click_finding(browser, early) == early
        wait_for(lambda: browser.execute_script("return document.getElementById('finding-place').textContent")
              == "选中：" + early)
        marked = wait_for(lambda: browser.execute_script(
            "const w = document.querySelector('#web iframe').contentWindow;"
            "const h = w.CSS.highlights.get('gongwen-finding');"
            "return h && [[...h][0].toString(), [...h][0].startContainer.data.startsWith('为深入贯彻')];"))
        assert marked == [",", True]  # the comma of the first paragraph
        wait_for(lambda: browser.execute_script(
            "const m = document.querySelector('#pages .mark');"
            "return m && m.parentElement === document.querySelector('#pages .page');"))  # on page 1
        if os.environ.get("GONGWEN_SCREENSHOT"):  # the README's picture: GONGWEN_SCREENSHOT=docs/serve.png
            time.sleep(1)  # the smooth scroll to the finding
            _save_screenshot(browser, Path(os.environ["GONGWEN_SCREENSHOT"]))
        # Views: the printed pages alone.
        browser.execute_script("document.querySelector('.views button[data-view=print]').click()")
        assert browser.execute_script("return getComputedStyle(document.getElementById('web')).display") == "none"


def _location(source: Path, text: str) -> str:
    """`content/notice.yaml:line:column` of the half-width comma in the line holding `text`."""
    lines = source.read_text(encoding="utf-8").splitlines()
    line = next(n for n, content in enumerate(lines, 1) if text in content)
    return f"content/notice.yaml:{line}:{lines[line - 1].index(',') + 1}"


def _click_finding(driver, location: str) -> str:
    return driver.execute_script(
        "const link = [...document.querySelectorAll('#finding-list a')].find(a => a.textContent === arguments[0]);"
        "link.click(); return link.textContent;", location)


def test_a_build_error_shows_its_location_and_keeps_the_last_pages(project, browser):
    source = project / "content" / "notice.yaml"
    good = source.read_text(encoding="utf-8")
    with served(project) as (url, _):
        browser.get(url + "#doc=notice")
        before = wait_for(lambda: _shown_page(browser))
        wait_for(lambda: "现将有关事项通知如下" in browser.execute_script(WEB_TEXT))
        save(source, good + "title: [\n")
        banner = wait_for(lambda: browser.execute_script(
            "const e = document.getElementById('errors'); return !e.hidden && e.textContent;"))
        assert f"content/notice.yaml:{len(good.splitlines()) + 2}:1：YAML 语法错误" in banner  # where the stream ends
        assert "生成失败" in banner
        assert _shown_page(browser)[0] == before[0]  # the previous pages stay on show
        assert "现将有关事项通知如下" in browser.execute_script(WEB_TEXT)
        badge = browser.execute_script("return document.querySelector('#documents .badge.failed').textContent")
        assert badge == "生成失败"
        save(source, good.replace("现将有关事项通知如下。", "现将有关事项通知如下，恢复。"))
        wait_for(lambda: "恢复" in browser.execute_script(WEB_TEXT))
        assert browser.execute_script("return document.getElementById('errors').hidden") is True


def test_the_start_page_lists_the_documents_as_the_publishing_index(tmp_path, browser):
    (tmp_path / "content").mkdir()
    for n, day in ((1, "2024-01-05"), (2, "2024-03-01")):
        (tmp_path / "content" / f"d{n}.yaml").write_text(
            MINIMAL.replace("开展检查", f"第{n}次检查").replace("2024-01-05", day), encoding="utf-8")
    opened = tmp_path / "opened.txt"
    with served(tmp_path, "--open", env={"BROWSER": f"sh -c 'echo %s > {opened}'"}) as (url, _):
        assert wait_for(lambda: opened.exists() and opened.read_text().strip()) == url  # --open: the default browser
        browser.get(url)
        titles = ["某某市人民政府关于第2次检查的通知", "某某市人民政府关于第1次检查的通知"]  # newest first
        wait_for(lambda: browser.execute_script(
            "return [...document.querySelectorAll('#documents .title')].map(e => e.textContent)") == titles)
        rows = wait_for(lambda: browser.execute_script(
            "const d = document.getElementById('index').contentDocument;"
            "return d && d.querySelectorAll('tbody tr').length"))
        assert rows == 2
        # A document's link in the index opens it in the preview.
        browser.execute_script("document.getElementById('index').contentDocument.querySelector('tbody a').click()")
        wait_for(lambda: browser.execute_script("return location.hash") == "#doc=d2")
        wait_for(lambda: browser.execute_script("return document.getElementById('doc-title').textContent") == titles[0])


def _save_screenshot(driver, target: Path) -> None:
    """A small PNG (a 256-colour palette) for the README."""
    image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    image.quantize(256).save(target, optimize=True)


@pytest.fixture
def server(tmp_path):
    """The preview server alone (nothing built), with an output folder holding one page and a way out of it."""
    out = tmp_path / "output"
    out.mkdir()
    (out / "n.html").write_text("<p>公文</p>", encoding="utf-8")
    (out / ".gongwen-state.json").write_text("{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("不应送出", encoding="utf-8")
    (out / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (out / "outside").symlink_to(tmp_path, target_is_directory=True)
    instance = PreviewServer(Preview(tmp_path), 0)
    instance.start()
    yield instance
    instance.stop()


def _headers(server, target: str) -> http.client.HTTPMessage:
    connection = http.client.HTTPConnection(*server.server_address, timeout=PATIENCE)
    connection.request("HEAD", target)
    return connection.getresponse().headers


def _get(server, target: str, method: str = "GET", host: str | None = None) -> tuple[int, bytes]:
    """Send `target` exactly as written (no client-side normalisation)."""
    connection = http.client.HTTPConnection(*server.server_address, timeout=PATIENCE)
    connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or f"127.0.0.1:{server.server_address[1]}")
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("target", [
    "/../etc/passwd", "/output/../../etc/passwd", "/output/%2e%2e/%2e%2e/etc/passwd", "/output/%2E%2E/secret.txt",
    "/output/..%2fsecret.txt", "/output/..%5csecret.txt", "/output//etc/passwd", "/output/%2fetc%2fpasswd",
    "/_gongwen/../../pyproject.toml", "/output/%c0%ae%c0%ae/secret.txt", "/output/n.html%00.png",
    "http://127.0.0.1/../secret.txt", "/output/.gongwen-state.json", "/output/leak.txt", "/output/outside/secret.txt",
    "/etc/passwd", "/output/", "/_gongwen/pages/n/1.png",
])
def test_paths_outside_the_output_and_assets_are_refused(server, target):
    status, body = _get(server, target)
    assert status in (400, 404) and "不应送出".encode() not in body and b"root:" not in body


def test_what_is_served_and_how(server):
    status, body = _get(server, "/output/n.html")
    assert (status, body.decode()) == (200, "<p>公文</p>")
    status, body = _get(server, "/")
    assert status == 200 and b'src="/_gongwen/preview.js"' in body
    # Nothing from elsewhere: every address in the page is its own, and the policy forbids others.
    page = lxml.html.fromstring(body)
    assert all(a.startswith(("/_gongwen/", "#")) for a in page.xpath("//@src | //@href"))
    assert not any(b"http" in (ASSETS / name).read_bytes() for name in ("preview.js", "preview.css"))
    policy = _headers(server, "/")["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert _get(server, "/_gongwen/preview.css")[0] == 200
    assert _get(server, "/output/n.html", host="attacker.example")[0] == 403  # a DNS-rebinding page
    assert _get(server, "/output/n.html", method="PUT")[0] == 501
    assert _get(server, "/output/n.html", method="POST")[0] == 501
    assert server.server_address[0] == "127.0.0.1"


def test_a_closed_page_is_no_error_and_a_stopping_server_draws_no_more_pages(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "n.yaml").write_text(MINIMAL, encoding="utf-8")
    preview = Preview(tmp_path)
    preview.rebuild()
    instance = PreviewServer(preview, 0)
    instance.start()
    try:
        _hang_up(instance, "/output/n.pdf")  # the page went away before the answer came
        status, body = _get(instance, "/_gongwen/pages/n/1.png?scale=1")  # taken after it: both are handled
        width, height = Image.open(io.BytesIO(body)).size
        assert status == 200 and abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4, one pixel per point
        # Stopping: an image drawn already is still sent; no other is drawn (the stop waits for none of them).
        instance.stopping.set()
        assert _get(instance, "/_gongwen/pages/n/1.png?scale=1") == (status, body)
        assert _get(instance, "/_gongwen/pages/n/1.png?scale=3")[0] == 503
    finally:
        instance.stop()  # every request thread joined: what they had to say is said
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Exception" not in err, err


def _hang_up(server, target: str) -> None:
    """Ask for `target` and drop the connection at once (a reset, as when a browser tab is closed)."""
    connection = socket.create_connection(server.server_address)
    connection.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{server.server_address[1]}\r\n\r\n".encode())
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def test_safe_parts():
    assert safe_parts("/output/通知.html") == ["output", "通知.html"]
    assert safe_parts("/output/%E9%80%9A%E7%9F%A5.html") == ["output", "通知.html"]
    assert safe_parts("/") == []
    for bad in ("", "output", "/a/../b", "/a/./b", "/a//b", "/a/%2e%2e/b", "/a/%2Fb", "/a\\b", "/a/%ff", "/.hidden"):
        assert safe_parts(bad) is None, bad


def test_port_in_use_is_a_message_not_a_traceback(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    blocker = PreviewServer(Preview(tmp_path), 0)
    try:
        assert main(["serve", "--project", str(tmp_path), "--port", str(blocker.server_address[1])]) == 2
    finally:
        blocker.server_close()
    assert "已被占用" in capsys.readouterr().err


def test_a_broken_configuration_is_shown_and_mended(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "n.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "gongwen.toml").write_text("[check\n", encoding="utf-8")
    preview = Preview(tmp_path)
    preview.rebuild()
    state = preview.state()
    assert "gongwen.toml" in state["error"] and "配置文件格式错误" in state["error"] and state["rounds"] == 1
    (tmp_path / "gongwen.toml").write_text('[check]\nignore = ["GW210"]\n', encoding="utf-8")
    preview.rebuild()
    state = preview.state()
    assert state["error"] is None and [d["stem"] for d in state["documents"]] == ["n"]
    assert (tmp_path / "output" / "n.pdf").is_file() and (tmp_path / "output" / "index.html").is_file()


def test_only_the_files_named_are_previewed_with_findings_and_print_warnings(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "other.yaml").write_text(MINIMAL, encoding="utf-8")
    named = tmp_path / "content" / "named.yaml"
    named.write_text(MINIMAL, encoding="utf-8")
    _edit(named, "现将有关事项通知如下。", "请漷县镇政府做好准备,现将有关事项通知如下。")
    preview = Preview(tmp_path, files=[named])
    preview.rebuild()
    (document,) = preview.state()["documents"]
    assert document["stem"] == "named" and document["errors"] == []
    assert not (tmp_path / "output" / "other.html").exists()
    rules = {f["rule"]: f for f in document["findings"]}
    assert rules["GW201"]["location"] == "content/named.yaml:4:15"
    assert rules["GW201"]["quote"] == {"before": "县镇政府做好准备", "text": ",", "after": "现将有关事项通知"}
    assert "GW501" in rules  # the body font lacks 漷: the checker says so, and so does the build
    assert any("漷" in note and "content/named.yaml:4:" in note for note in document["notes"])
    view = preview.view("named")
    place = view.pages.find(view.quotes[document["findings"].index(rules["GW201"])])
    assert place["page"] == 1 and len(place["boxes"]) == 1
    box = place["boxes"][0]
    assert 28 / 210 < box["left"] < box["right"] < 184 / 210 and box["right"] - box["left"] < 6 / 210  # one cell
    # A new preview of current outputs shows them without building; `build` afterwards has nothing to do.
    capsys.readouterr()
    again = Preview(tmp_path, files=[named])
    again.rebuild()
    assert "写入" not in capsys.readouterr().err
    assert again.state()["documents"][0]["pdf"]["sha"] == document["pdf"]["sha"]
    assert main(["build", "--project", str(tmp_path), str(named)]) == 0
    assert capsys.readouterr().out.startswith("全部输出都是最新的")


def test_a_damaged_pdf_left_by_an_earlier_build_is_rebuilt(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "n.yaml").write_text(MINIMAL, encoding="utf-8")
    Preview(tmp_path).rebuild()
    (tmp_path / "output" / "n.pdf").write_bytes(b"%PDF-1.7 damaged")
    preview = Preview(tmp_path)
    preview.rebuild()
    assert preview.state()["error"] is None and len(preview.view("n").pages.sizes) == 1


def test_saving_a_template_rebuilds_the_web_page(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "n.yaml").write_text(MINIMAL, encoding="utf-8")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")  # the project's own templates
    preview, stop = Preview(tmp_path), threading.Event()
    loop = threading.Thread(target=follow, args=(Project.at(tmp_path), preview.rebuild, stop, 50))
    loop.start()
    try:
        wait_for(lambda: preview.state()["rounds"] >= 1)
        first = preview.view("n").html
        css = tmp_path / "templates" / "css" / "screen.css"
        # Saved in place, as some editors do: a round may see the file truncated, the next one sees it whole.
        css.write_text(css.read_text(encoding="utf-8") + "\n/* 本单位网页样式 */\n", encoding="utf-8")
        wait_for(lambda: "本单位网页样式" in (tmp_path / "output" / "n.html").read_text(encoding="utf-8"))
        wait_for(lambda: preview.view("n").html != first)
    finally:
        stop.set()
        loop.join()


def test_ctrl_c_mid_round_leaves_the_checksums_in_step_with_the_outputs_shown(tmp_path, monkeypatch):
    """The preview puts each output in place as soon as it is written; Ctrl-C between two of them still
    leaves SHA256SUMS (and manifest.json) listing exactly the files in the folder, with their hashes."""
    (tmp_path / "content").mkdir()
    for name in ("a", "b"):
        (tmp_path / "content" / f"{name}.yaml").write_text(MINIMAL.replace("开展检查", f"{name}检查"), encoding="utf-8")
    shown, build_file = [], live.build_file

    def interrupted(*args, **kwargs):
        for written in build_file(*args, **kwargs):
            yield written
            shown.append(written.path.name)
            if len(shown) == 4:  # the second document's web page is in place: Ctrl-C now
                raise KeyboardInterrupt

    monkeypatch.setattr(live, "build_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        Preview(tmp_path).rebuild()
    out = tmp_path / "output"
    files = {p.name for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}
    files -= {"SHA256SUMS", "manifest.json"}
    assert set(shown) <= files and len(files & {"a.pdf", "b.pdf"}) == 1  # stopped half way through the second
    sums = dict(reversed(line.split("  ")) for line in (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert set(sums) == files
    assert all(hashlib.sha256((out / name).read_bytes()).hexdigest() == digest for name, digest in sums.items())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {entry["name"] for entry in manifest["files"]} == files
