"""The preview's HTTP server: on 127.0.0.1 only, it serves its own page and the project's outputs, nothing else.

Routes: `/` the preview page; `/_gongwen/<asset>` its script and style; `/_gongwen/state` what it
shows (JSON); `/_gongwen/events` change notices (server-sent events); `/_gongwen/pages/<stem>/<n>.png`
a printed page; `/_gongwen/place/<stem>/<i>` where finding i stands on the printed pages;
`/output/<name>` a file of the output folder. Only GET and HEAD; requests naming another host
(a DNS-rebinding page) are refused, and so is every path that leaves the folder it names.
"""

from __future__ import annotations

import errno
import json
import mimetypes
import queue
import sys
import threading
import webbrowser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote

from gongwen.build.watch import follow
from gongwen.errors import GongwenError
from gongwen.project import Project
from gongwen.serve.live import Preview

HOST = "127.0.0.1"
ASSETS = Path(__file__).resolve().parent / "assets"
KEEP_ALIVE = 15  # seconds between comments on an idle event stream (a closed page is noticed then)
POLL = 0.1  # seconds between the request loop's looks at whether to stop
_PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
             "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'")


class PreviewServer(ThreadingHTTPServer):
    """One thread per request; `stop` ends the event streams and waits for every request thread to end."""

    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True

    def __init__(self, preview: Preview, port: int):
        self.preview = preview
        self.stopping = threading.Event()
        self._loop: threading.Thread | None = None
        super().__init__((HOST, port), PreviewHandler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def start(self) -> None:
        """Accept requests in a thread of its own."""
        self._loop = threading.Thread(target=self.serve_forever, args=(POLL,), name="gongwen-serve")
        self._loop.start()

    def stop(self) -> None:
        """End the event streams, refuse page images not yet being drawn, and join every thread: the stop
        waits for at most one page image, never for a stream's keep-alive or images no page will show."""
        self.stopping.set()
        self.preview.events.close()
        if self._loop:
            self.shutdown()
            self._loop.join()
        self.server_close()

    def handle_error(self, request, client_address) -> None:
        """A page closed while its answer was sent is no error; anything else is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    timeout = 10  # seconds a silent client may hold a request thread
    server_version = "gongwen-serve"

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal shows builds, not requests

    def do_HEAD(self) -> None:
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        self.body = body
        if not self._host_allowed():
            return self._refuse(HTTPStatus.FORBIDDEN, "只接受 127.0.0.1 和 localhost 的请求")
        target, _, query = self.path.partition("?")
        parts = safe_parts(target)
        if parts is None:
            return self._refuse(HTTPStatus.BAD_REQUEST, "路径无效")
        preview = self.server.preview
        match parts:
            case []:
                self._file(ASSETS / "preview.html", csp=True)
            case ["_gongwen", "state"]:
                self._json(preview.state())
            case ["_gongwen", "events"]:
                self._events()
            case ["_gongwen", "pages", stem, page] if page.endswith(".png") and page[:-4].isdigit():
                self._page(stem, int(page[:-4]), parse_qs(query))
            case ["_gongwen", "place", stem, index] if index.isdigit():
                self._place(stem, int(index))
            case ["_gongwen", asset]:
                self._file(ASSETS / asset, inside=ASSETS)
            case ["output", *rest] if rest:
                self._file(preview.out_dir.joinpath(*rest), inside=preview.out_dir)
            case _:
                self._refuse(HTTPStatus.NOT_FOUND, "没有这个地址")

    def _host_allowed(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)
        return host[0] in (HOST, "localhost") and (len(host) == 1 or host[1] == str(self.server.server_address[1]))

    def _send(self, status: HTTPStatus, kind: str, data: bytes, csp: bool = False, lasting: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=31536000, immutable" if lasting else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if csp:
            self.send_header("Content-Security-Policy", _PAGE_CSP)
        self.end_headers()
        if self.body:
            self.wfile.write(data)

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", f"{status.value} {message}\n".encode())

    def _json(self, data: object) -> None:
        self._send(HTTPStatus.OK, "application/json", json.dumps(data, ensure_ascii=False).encode())

    def _file(self, path: Path, inside: Path | None = None, csp: bool = False) -> None:
        """A file, if it is one and (symbolic links followed) lies inside `inside`; hidden files are not served."""
        real = path.resolve()
        if inside is not None and not real.is_relative_to(inside.resolve()) or not real.is_file():
            return self._refuse(HTTPStatus.NOT_FOUND, "没有这个文件")
        kind = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, kind, real.read_bytes(), csp=csp)

    def _page(self, stem: str, number: int, query: dict[str, list[str]]) -> None:
        """A printed page; kept by the browser when asked for by the version on show (`v`)."""
        view = self.server.preview.view(stem)
        pages = view.pages if view else None
        if pages is None or not 1 <= number <= len(pages.sizes):
            return self._refuse(HTTPStatus.NOT_FOUND, "没有这一页")
        try:
            scale = float(query.get("scale", ["1"])[0])
        except ValueError:
            return self._refuse(HTTPStatus.BAD_REQUEST, "scale 应为数字")
        image = pages.image(number, scale if scale == scale else 1.0, wanted=lambda: not self.server.stopping.is_set())
        if image is None:
            return self._refuse(HTTPStatus.SERVICE_UNAVAILABLE, "预览已停止")
        self._send(HTTPStatus.OK, "image/png", image, lasting=query.get("v") == [pages.sha])

    def _place(self, stem: str, index: int) -> None:
        view = self.server.preview.view(stem)
        if view is None or index >= len(view.quotes):
            return self._refuse(HTTPStatus.NOT_FOUND, "没有这条检查结果")
        quote, pages = view.quotes[index], view.pages
        self._json(pages.find(quote) if quote and pages else None)

    def _events(self) -> None:
        """A server-sent events stream: a notice after every change, until the page or the server closes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not self.body:
            return
        preview = self.server.preview
        try:
            with preview.events.subscribe() as inbox:
                self._event(json.dumps({"version": preview.state()["version"]}))
                while True:
                    try:
                        message = inbox.get(timeout=KEEP_ALIVE)
                    except queue.Empty:  # say something, so that a closed page is noticed
                        self.wfile.write(b": \n\n")
                        self.wfile.flush()
                        continue
                    if message is None:
                        break
                    self._event(message)
        except OSError:
            pass  # the page went away

    def _event(self, data: str) -> None:
        self.wfile.write(f"retry: 1000\ndata: {data}\n\n".encode())
        self.wfile.flush()


def safe_parts(target: str) -> list[str] | None:
    """The decoded segments of a request path, or None if it could name anything outside its folder.

    Refused: anything not starting with one `/`, empty, `.` and `..` segments (also percent-encoded),
    backslashes, NUL and other control characters, and segments that name hidden files.
    """
    if not target.startswith("/") or target.startswith("//"):
        return None
    try:
        parts = [unquote(part, errors="strict") for part in target[1:].split("/")] if target != "/" else []
    except UnicodeDecodeError:
        return None
    for part in parts:
        if (not part or part.startswith(".") or "/" in part or "\\" in part
                or any(ord(c) < 32 or ord(c) == 127 for c in part)):
            return None
    return parts


def serve(project_root: Path, files: list[Path], port: int, out_dir: Path | None = None,
          open_browser: bool = False, stop: threading.Event | None = None, debounce_ms: int = 300) -> int:
    """Serve the preview until Ctrl-C (or `stop`); every request thread is joined before returning."""
    project = Project.at(project_root)
    preview = Preview(project.root, out_dir, files)
    try:
        server = PreviewServer(preview, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise GongwenError(f"端口 {port} 已被占用；用 --port 指定其他端口（--port 0 自动选择空闲端口）") from None
        raise GongwenError(f"无法在 {HOST}:{port} 上启动预览：{exc.strerror}") from None
    server.start()
    print(f"预览地址：{server.url}（只接受本机访问；Ctrl-C 退出）", file=sys.stderr, flush=True)
    if open_browser:
        webbrowser.open(server.url)
    try:
        follow(project, preview.rebuild, stop, debounce_ms, files)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("预览已停止", file=sys.stderr)
    return 0
