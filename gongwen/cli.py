"""Command line: `gongwen [build] [FILE…]`, `gongwen verify PDF…`; exit 0 ok, 1 findings, 2 bad input."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from gongwen import __version__
from gongwen.build.lock import output_lock
from gongwen.build.pipeline import DEFAULT_FORMATS, RENDERERS, Build, finish, stale
from gongwen.build.writer import recover, remove_leftovers, rewrite_in_place, write_atomic
from gongwen.errors import ContentError, GongwenError
from gongwen.project import Project

GC_THRESHOLD = (50_000, 20, 20)  # the program's collector thresholds (see `run`)
COMMANDS = ("build", "watch", "serve", "check", "explain", "rules", "import", "template", "verify", "sign",
            "verify-signature", "schema")


def run() -> None:
    """The `gongwen` program (build.py, `python -m gongwen`): `main()`, with the collector set for a build.

    A build makes objects by the hundred thousand and frees them by reference counting; at Python's default
    threshold the collector would walk them some four hundred times (about a tenth of a fresh build), and once
    more, all of them, as the interpreter shuts down. So it runs only every 50,000 new objects, and before
    exiting everything is frozen, which leaves the shutdown nothing to walk.
    """
    gc.set_threshold(*GC_THRESHOLD)
    try:
        code = main()
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM in a build: what was under way is undone, no traceback
        print("已中断。", file=sys.stderr)
        code = 143 if isinstance(exc, Terminated) else 130
    gc.freeze()
    sys.exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, `timeout`, a service manager) during a build: undone as Ctrl-C undoes it."""


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Inside the block, SIGTERM interrupts the build (staged outputs discarded, WeasyPrint's font copies removed)
    instead of ending the process where it stands. Only where SIGTERM has its default action, in the main thread."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def terminated(signum, frame):
        raise Terminated

    signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    if argv is None and hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `gongwen rules | head` ends quietly
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "build")
    parser = _parser()
    options = parser.parse_args(args)
    try:
        return options.run(options)
    except GongwenError as exc:
        print(exc if isinstance(exc, ContentError) else f"错误：{exc}", file=sys.stderr)  # located: path:line:col
        return exc.exit_code
    except OSError as exc:  # a read-only or full output folder, a file that vanished, a broken pipe
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{where}错误：{exc.strerror or exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongwen",
        description="把 YAML 格式的公文生成符合 GB/T 9704-2012 的 HTML、PDF 和 DOCX。",
        epilog="不带命令时等同于 build：生成 content/ 下的全部 *.yaml。退出码：0 成功，2 输入有误。",
    )
    parser.add_argument("--version", action="version", version=f"gongwen {__version__}")
    commands = parser.add_subparsers(title="命令", metavar="COMMAND")
    # Every command that reads the project (its content, templates and configuration) takes --project.
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                         help="项目目录，含 content/、templates/ 和配置 gongwen.toml（默认当前目录）")

    build = commands.add_parser(
        "build", parents=[project], help="生成文件（默认命令）", description="生成文件。")
    build.add_argument("files", nargs="*", type=Path, metavar="FILE",
                       help="内容文件（YAML）；省略时生成 content/*.yaml")
    build.add_argument("--format", default=",".join(DEFAULT_FORMATS), metavar="FMT[,FMT…]",
                       help=f"输出格式，逗号分隔：{'、'.join(RENDERERS)}（默认 {','.join(DEFAULT_FORMATS)}）")
    build.add_argument("--out", type=Path, default=None, metavar="DIR", help="输出目录（默认 output/）")
    build.add_argument("--strict", action="store_true", help="检查发现错误时不生成")
    build.add_argument("--force", action="store_true", help="全部重新生成（默认只生成有变化的文件）")
    build.add_argument("--pdf-variant", choices=("pdf/a-3b", "pdf/a-2b", "pdf/ua-1"), default=None,
                       help="存档用 PDF：pdf/a-3b 并把 YAML 源文件嵌入 PDF")
    build.add_argument("--copies", metavar="N-M", help="另外生成编号的分发份 PDF，份号如 1-50 或 1,3,5-7")
    build.add_argument("--jobs", type=_positive, default=None, metavar="N", help="并行生成的进程数（默认 CPU 核数）")
    build.add_argument("--no-check", action="store_true", help="生成前不检查")
    build.add_argument("--publish-classified", action="store_true",
                       help="密级文件和附注为“不予公开”的文件也生成网页、列入发布目录（默认不生成，并给出提示）")
    build.set_defaults(run=_run_build)

    watch = commands.add_parser(
        "watch", parents=[project], help="保存即重新生成（内容、模板、配置）",
        description="先生成一次，之后每次保存内容文件、模板或配置都重新生成有变化的输出，并打印检查结果。"
                    "YAML 写了一半有错时只报告错误、保留上次的输出，改好后自动恢复。")
    watch.set_defaults(run=_run_watch)

    serve = commands.add_parser(
        "serve", parents=[project], help="在浏览器中实时预览：印刷页面、网页和检查结果，保存即更新",
        description="在本机启动预览（只接受 127.0.0.1 的访问）：公文目录，以及每份公文的印刷页面（可缩放）、网页"
                    "和检查结果。保存内容文件、模板或配置后只重新生成有变化的输出，打开的页面随即更新，"
                    "不丢失滚动位置；出错时显示错误位置，上次的页面保留。输出写入与 build 相同的目录。")
    serve.add_argument("files", nargs="*", type=Path, metavar="FILE",
                       help="只预览这些内容文件；省略时为 content/*.yaml")
    serve.add_argument("--port", type=int, default=8000, metavar="N", help="端口（默认 8000；0 表示自动选择空闲端口）")
    serve.add_argument("--out", type=Path, default=None, metavar="DIR", help="输出目录（默认 output/）")
    serve.add_argument("--open", action="store_true", help="启动后在默认浏览器中打开")
    serve.set_defaults(run=_run_serve)

    check = commands.add_parser(
        "check", parents=[project], help="检查公文格式（GB/T 9704、GB/T 15834、GB/T 15835）",
        description="检查 YAML 内容，以及 import 能读取的任何公文：纯文本（.txt，每段一行）、网页、"
                    "Word（.docx、.doc、.wps）、有文字的 PDF 和 OFD。"
                    "退出码：0 没有错误，1 有错误，2 文件无法读取或用法错误。")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE", help="要检查的文件；省略时检查 content/*.yaml")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="输出格式（默认 text）")
    check.add_argument("--fix", action="store_true", help="自动修复标有 [*] 的问题，直接改写文件（Word 文件除外）")
    check.add_argument("--diff", action="store_true", help="显示修复会做的改动，不改写文件")
    check.add_argument("--unsafe-fixes", action="store_true", help="同时应用不一定正确的修复（如段末补句号）")
    check.set_defaults(run=_run_check)

    explain = commands.add_parser("explain", help="显示某条规则的说明",
                                  description="显示规则的说明：是什么、为什么、示例、修复。")
    explain.add_argument("code", metavar="CODE", help="规则代码或名称，如 GW201 或 halfwidth-punctuation")
    explain.set_defaults(run=_run_explain)

    importer = commands.add_parser(
        "import", parents=[project], help="把已有的公文（文字、网页、Word、.doc/.wps、PDF、OFD）转为 YAML 内容文件",
        description="识别文件中的版头、标题、主送、正文和标题层级、附件说明、署名、日期、附注、印发的文件、"
                    "名词解释、版记，写成 YAML；随后检查结果并列出问题。网页内容等未导入的行列在导入报告中。"
                    "原文缺少的要素填入“【待填写：…】”并列出位置。退出码：0 完整且没有错误，1 缺少要素或有错误，"
                    "2 文件无法读取。")
    importer.add_argument("source", type=Path, metavar="FILE", help="要导入的文件：.txt（每段一行）、.html、.docx、"
                                                                   ".doc、.wps、.rtf、.odt、有文字的 .pdf 或 .ofd")
    importer.add_argument("-o", "--output", type=Path, required=True, metavar="YAML", help="写入的 YAML 文件")
    importer.add_argument("--fix", action="store_true", help="导入后自动修复标有 [*] 的格式问题")
    importer.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    importer.set_defaults(run=_run_import)

    template = commands.add_parser(
        "template", parents=[project], help="生成 Word 模板（.dotx），在 Word 或 WPS 中按同样的样式起草",
        description="生成 Word 模板（.dotx）：全部公文样式（正文、标题 1–5 即部分标题和一至四级标题、公文标题、"
                    "主送机关……）、页面设置、每页 22 行的行格和单双页页码。用它起草的文件可以用 import 导入。")
    template.add_argument("-o", "--output", type=Path, default=Path("公文模板.dotx"), metavar="DOTX",
                          help="写入的模板文件（默认 公文模板.dotx）")
    template.add_argument("--force", action="store_true", help="覆盖已存在的模板文件")
    template.set_defaults(run=_run_template)

    rules = commands.add_parser("rules", help="列出全部检查规则", description="列出全部检查规则。")
    rules.set_defaults(run=_run_rules)

    verify = commands.add_parser(
        "verify", parents=[project], help="测量 PDF 的版式是否符合 GB/T 9704",
        description="逐页测量 PDF：纸张、版心位置、每页行数和每行字数、齐边、页码、版头、版记。"
                    "任何一项超出标准允许的误差时退出码为 1。适用于任何 PDF，不限于本程序生成的。")
    verify.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    verify.add_argument("--flush-tolerance", type=float, default=0.2, metavar="MM",
                        help="行末与版心右边对齐的允许误差（默认 0.2 mm）")
    verify.set_defaults(run=_run_verify)

    sign = commands.add_parser(
        "sign", help="给生成的 PDF 加数字签名（PAdES）",
        description="用单位的 PKCS#12 证书文件给 PDF 加 PAdES 数字签名，写成同目录下的 xxx.signed.pdf（原文件不变），"
                    "并把它列入该目录的 SHA256SUMS 和 manifest.json。签名记录签名时间，所以签名文件不会逐字节相同。")
    sign.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    sign.add_argument("--p12", type=Path, required=True, metavar="FILE", help="PKCS#12 文件（.p12/.pfx），含私钥和证书")
    sign.add_argument("--password-env", metavar="VAR",
                      help="从环境变量 VAR 读取 PKCS#12 口令（默认：终端上询问；非终端时无口令）")
    sign.add_argument("--reason", help="签名原因，如“正式文本”")
    sign.add_argument("--location", help="签名地点")
    sign.set_defaults(run=_run_sign)

    check_sig = commands.add_parser(
        "verify-signature", help="检查 PDF 的数字签名：签名者、时间、是否完整、是否可信",
        description="列出 PDF 中每个签名的签名者、签名时间、签名后内容是否被改动、证书是否链到 --trust 给出的根证书。"
                    "退出码：0 全部签名完整且可信，1 有签名不完整、无效或不可信（或没有签名），2 文件无法读取。")
    check_sig.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    check_sig.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT",
                           help="受信任的根证书（PEM 或 DER），可多次给出")
    check_sig.set_defaults(run=_run_verify_signature)

    schema = commands.add_parser("schema", help="输出内容文件的 JSON Schema",
                                 description="输出由文档模型生成的 JSON Schema，供编辑器校验和补全。")
    schema.add_argument("-o", "--output", type=Path, metavar="FILE", help="写入文件（默认输出到屏幕）")
    schema.set_defaults(run=_run_schema)
    return parser


def _check_before_build(files: list[Path], project: Project) -> int:
    """Print the checker's findings on the content files; return the number of errors."""
    from gongwen.check.runner import CheckConfig, check_file

    config = CheckConfig.of(project)
    errors = 0
    for source in files:
        try:
            result = check_file(source, config)
        except ContentError:
            continue  # the build reports it
        for diagnostic in result.diagnostics:
            print(diagnostic, file=sys.stderr)
        errors += sum(d.severity == "error" for d in result.diagnostics)
    return errors


def _run_check(options: argparse.Namespace) -> int:
    import difflib

    from gongwen.check.report import FORMATS
    from gongwen.check.runner import CheckConfig, check_file
    from gongwen.importing.readers.text import LINE_BREAK
    from gongwen.typeset.fonts import resolve_fonts
    from gongwen.typeset.layout import load_layout

    project = Project.at(options.project)
    config = CheckConfig.of(project)
    files = options.files or project.content_files()
    if not files:
        raise GongwenError("没有要检查的文件")
    try:
        fonts = resolve_fonts(load_layout(project))
    except GongwenError:
        fonts = None  # no fontconfig here: the glyph rule is skipped
    diagnostics, unreadable = [], 0
    for path in files:
        try:
            result = check_file(path, config, fix=options.fix or options.diff, unsafe=options.unsafe_fixes, fonts=fonts)
        except ContentError as exc:
            print(exc, file=sys.stderr)
            unreadable += 1
            continue
        if result.fixed is not None and options.diff:
            sys.stdout.writelines(f"{line}\n" for line in difflib.unified_diff(
                LINE_BREAK.split(result.original), LINE_BREAK.split(result.fixed), f"{path}", f"{path}（修复后）",
                lineterm=""))
        elif result.fixed is not None:
            rewrite_in_place(path, result.fixed, result.newline, result.encoding)
            print(f"已修复 {path}（{result.fixes} 轮）", file=sys.stderr)
        diagnostics += result.diagnostics
    if not options.diff:
        print(FORMATS[options.format](diagnostics))
    if unreadable:
        return 2
    return 1 if any(d.severity == "error" for d in diagnostics) else 0


def _run_import(options: argparse.Namespace) -> int:
    from gongwen.check.report import as_text
    from gongwen.check.runner import CheckConfig, check_file
    from gongwen.importing.importer import import_document
    from gongwen.importing.yaml_text import placeholders

    if options.output.exists() and not options.force:
        raise GongwenError(f"{options.output} 已存在；加 --force 覆盖")
    project = Project.at(options.project)
    text, report = import_document(options.source, project)
    write_atomic(options.output, text)
    for line in report.lines():
        print(line, file=sys.stderr)
    for number, column, what in placeholders(text):
        print(f"{options.output}:{number}:{column}: 缺少{what}：原文中没有找到，已填入占位符，请填写", file=sys.stderr)
    print(f"写入 {options.output}", file=sys.stderr)
    result = check_file(options.output, CheckConfig.of(project), fix=options.fix)
    if result.fixed is not None:
        write_atomic(options.output, result.fixed)
        print(f"已修复 {options.output}（{result.fixes} 轮）", file=sys.stderr)
    print(as_text(result.diagnostics))
    return 1 if report.missing or any(d.severity == "error" for d in result.diagnostics) else 0


def _run_template(options: argparse.Namespace) -> int:
    from gongwen.render.docx import render_dotx
    from gongwen.render.pdf import print_layout

    if options.output.exists() and not options.force:
        raise GongwenError(f"{options.output} 已存在；加 --force 覆盖")
    project = Project.at(options.project)
    data = render_dotx(print_layout(project), project.templates_dir)
    try:
        write_atomic(options.output, data)
    except OSError as exc:
        raise GongwenError(f"{options.output}: 无法写入：{exc.strerror}") from None
    print(f"写入 {_shown(options.output)}")
    return 0


def _run_explain(options: argparse.Namespace) -> int:
    from gongwen.check.registry import all_rules

    rules = all_rules()
    code = options.code.upper()
    rule = rules.get(code) or next((r for r in rules.values() if r.name == options.code), None)
    if rule is None:
        raise GongwenError(f"没有规则“{options.code}”；运行 gongwen rules 查看全部规则")
    fix = {"safe": "可安全自动修复（--fix）", "unsafe": "可修复，但需确认（--unsafe-fixes）",
           "none": "不自动修复"}[rule.fix]
    level = "错误" if rule.severity == "error" else "警告"
    print(f"{rule.code} {rule.name}（{level}；{fix}）\n依据：{rule.clause}\n\n{rule.doc}")
    return 0


def _run_rules(options: argparse.Namespace) -> int:
    from gongwen.check.registry import all_rules

    for rule in all_rules().values():
        mark = {"safe": "[*]", "unsafe": "[!]", "none": "   "}[rule.fix]
        print(f"{rule.code} {mark} {rule.severity:<7} {rule.name:<34} {rule.summary}")
    return 0


def _run_verify(options: argparse.Namespace) -> int:
    from gongwen.typeset.layout import load_layout
    from gongwen.verify import verify

    layout = load_layout(Project.at(options.project))
    failed = 0
    for pdf in options.pdfs:
        if not pdf.is_file():
            raise GongwenError(f"{pdf}: 文件不存在")
        print(f"{pdf}")
        for page in verify(pdf, layout, options.flush_tolerance):
            print(f"  {page.line()}")
            for note in page.notes:
                print(f"      {note}")
            for failure in page.failures:
                print(f"    ✗ {failure}")
            failed += len(page.failures)
    print(f"未通过：{failed} 处超出 GB/T 9704 允许误差" if failed else "通过：全部页面符合 GB/T 9704 版式")
    return 1 if failed else 0


def _run_sign(options: argparse.Namespace) -> int:
    import getpass
    import os

    from gongwen.build.manifest import SUMS, write_manifest
    from gongwen.build.state import BuildState, file_hash
    from gongwen.build.writer import Staging
    from gongwen.sign import sign_pdf, signed_name

    if options.password_env:
        if options.password_env not in os.environ:
            raise GongwenError(f"环境变量 {options.password_env} 未设置")
        passphrase = os.environ[options.password_env].encode()
    elif sys.stdin.isatty():
        passphrase = getpass.getpass(f"{options.p12} 的口令：").encode() or None
    else:
        passphrase = None
    for pdf in options.pdfs:
        target = signed_name(pdf)
        data = sign_pdf(pdf, options.p12, passphrase, options.reason, options.location)
        if (pdf.parent / SUMS).exists():  # a build's output folder: the signed copy gets its own checksum
            with output_lock(pdf.parent):
                staging, state = Staging(pdf.parent), BuildState.load(pdf.parent)
                staging.write(target, data)
                state.record(target, "signed", pdf, file_hash(pdf), data,
                             state.outputs.get(pdf.name, {}).get("seals"))
                state.save(staging)
                write_manifest(pdf.parent, state, staging)
                staging.commit()
        else:
            write_atomic(target, data)
        print(f"签名 {_shown(pdf)} → {_shown(target)}")
    return 0


def _run_verify_signature(options: argparse.Namespace) -> int:
    from gongwen.sign import check_signatures

    failed = 0
    for pdf in options.pdfs:
        reports = check_signatures(pdf, options.trust)
        print(f"{pdf}")
        if not reports:
            print("  ✗ 没有数字签名")
            failed += 1
        for report in reports:
            print("\n".join(report.lines(bool(options.trust))))
            failed += not report.ok
    return 1 if failed else 0


def _run_schema(options: argparse.Namespace) -> int:
    from gongwen.model.schema import document_schema

    text = document_schema()
    if options.output:
        write_atomic(options.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _run_build(options: argparse.Namespace) -> int:
    project = Project.at(options.project)
    formats = [f.strip() for f in options.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown or not formats:
        raise GongwenError(f"未知的输出格式：{'、'.join(unknown) or '（空）'}；可用：{'、'.join(RENDERERS)}")
    files = options.files or project.content_files()
    if not files:
        raise GongwenError(f"{project.content_dir} 下没有 .yaml 内容文件")
    build = Build(project, options.out or project.root / "output", force=options.force,
                  pdf_variant=options.pdf_variant, copies=parse_copies(options.copies),
                  publish_classified=options.publish_classified)
    if options.strict and not options.no_check:  # every file, current outputs or not, before anything is built
        errors = _check_before_build([f for f in files if f.exists()], project)
        if errors:
            print(f"检查发现 {errors} 个错误，按 --strict 不生成。", file=sys.stderr)
            return 1
    else:  # each document as the build loads it
        build.check = not options.no_check
    with _terminate_as_interrupt(), output_lock(build.out_dir):
        recover(build.out_dir)
        try:
            return _build_locked(options, project, files, formats, build)
        finally:
            build.staging.discard()  # whatever a failed run staged and did not commit
            remove_leftovers(build.out_dir)


def _build_locked(options: argparse.Namespace, project: Project, files: list[Path], formats: list[str],
                  build: Build) -> int:
    """The build, holding the output folder's lock: outputs, index, state and SHA256SUMS commit together."""
    from gongwen.build.batch import Progress, build_all
    from gongwen.build.names import name_problems

    refused = name_problems(files, build.state)
    for problem in refused.values():
        print(problem, file=sys.stderr)
    files = [f for f in files if f not in refused]
    todo = [f for f in files if not f.exists() or stale(f, formats, build)]
    failed, progress = len(refused), Progress(len(todo))
    with closing(build_all(todo, formats, build, options.jobs)) as results:  # closed on any exit: workers stopped
        for result in results:
            progress.clear()
            for finding in result.findings:
                print(finding, file=sys.stderr)
            for note in dict.fromkeys(result.notes):  # the font report comes once per process
                if note not in build.notes:
                    print(note, file=sys.stderr)
                    build.notes.append(note)
            for written in result.written:
                if not written.skipped:
                    print(f"写入 {_shown(written.path)}  {written.seconds * 1000:.0f} ms")
            if result.error:
                failed += 1
                print(result.error, file=sys.stderr)
            progress.step()
    if not todo and not refused:
        print(f"全部输出都是最新的（{len(files)} 个文件）；加 --force 重新生成")
    finish(build, changed=bool(todo))
    if failed:
        print(f"{failed} 个文件有错误，未生成。", file=sys.stderr)
        return 2
    return 0


def _run_watch(options: argparse.Namespace) -> int:
    from gongwen.build.watch import watch

    watch(options.project, lambda args: main(["build", *args]))
    return 0


def _run_serve(options: argparse.Namespace) -> int:
    from gongwen.serve.server import serve

    if not 0 <= options.port <= 65535:
        raise GongwenError(f"端口应为 0～65535，不能是 {options.port}")
    return serve(options.project, options.files, options.port, options.out, options.open)


def _positive(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，不能是“{text}”")
    return int(text)


def parse_copies(text: str | None) -> list[int]:
    """`1-50` or `1,3,5-7` → the copy numbers (份号 000001…)."""
    if not text:
        return []
    numbers: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise GongwenError(f"--copies 格式有误：“{text}”，应如 1-50 或 1,3,5-7")
        low, high = int(first), int(last or first)
        if not 0 < low <= high <= 999999:
            raise GongwenError(f"--copies 范围有误：“{part}”（份号为 1～999999）")
        numbers += range(low, high + 1)
    return sorted(set(numbers))


def _flush_notes(build: Build) -> None:
    for note in build.notes:
        print(note, file=sys.stderr)
    build.notes.clear()


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
