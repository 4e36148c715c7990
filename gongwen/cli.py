"""Command line: `gongwen [build] [FILE…]`, `gongwen verify PDF…`; exit 0 ok, 1 findings, 2 bad input."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gongwen import __version__
from gongwen.errors import ContentError, GongwenError
from gongwen.pipeline import RENDERERS, Build, build_file
from gongwen.project import Project
from gongwen.schema import document_schema
from gongwen.writer import write_atomic

COMMANDS = ("build", "verify", "schema")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "build")
    parser = _parser()
    options = parser.parse_args(args)
    try:
        return options.run(options)
    except GongwenError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongwen",
        description="把 YAML 格式的公文生成符合 GB/T 9704-2012 的 HTML、PDF 和 DOCX。",
        epilog="不带命令时等同于 build：生成 content/ 下的全部 *.yaml。退出码：0 成功，2 输入有误。",
    )
    parser.add_argument("--version", action="version", version=f"gongwen {__version__}")
    commands = parser.add_subparsers(title="命令", metavar="COMMAND")

    build = commands.add_parser("build", help="生成文件（默认命令）", description="生成文件。")
    build.add_argument("files", nargs="*", type=Path, metavar="FILE",
                       help="内容文件（YAML）；省略时生成 content/*.yaml")
    build.add_argument("--format", default=",".join(RENDERERS), metavar="FMT[,FMT…]",
                       help=f"输出格式，逗号分隔：{'、'.join(RENDERERS)}（默认全部）")
    build.add_argument("--out", type=Path, default=None, metavar="DIR", help="输出目录（默认 output/）")
    build.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                       help="项目目录，含 content/、templates/ 和配置（默认当前目录）")
    build.set_defaults(run=_run_build)

    verify = commands.add_parser(
        "verify", help="测量 PDF 的版式是否符合 GB/T 9704",
        description="逐页测量 PDF：纸张、版心位置、每页行数和每行字数、齐边、页码、版头、版记。"
                    "任何一项超出标准允许的误差时退出码为 1。适用于任何 PDF，不限于本程序生成的。")
    verify.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    verify.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                        help="按此项目的版式配置测量（默认当前目录；无配置时用标准版式）")
    verify.add_argument("--flush-tolerance", type=float, default=0.2, metavar="MM",
                        help="行末与版心右边对齐的允许误差（默认 0.2 mm）")
    verify.set_defaults(run=_run_verify)

    schema = commands.add_parser("schema", help="输出内容文件的 JSON Schema",
                                 description="输出由文档模型生成的 JSON Schema，供编辑器校验和补全。")
    schema.add_argument("-o", "--output", type=Path, metavar="FILE", help="写入文件（默认输出到屏幕）")
    schema.set_defaults(run=_run_schema)
    return parser


def _run_verify(options: argparse.Namespace) -> int:
    from gongwen.layout import load_layout
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
    print(f"{'未通过' if failed else '通过'}：{failed} 处超出 GB/T 9704 允许误差" if failed else "通过：全部页面符合 GB/T 9704 版式")
    return 1 if failed else 0


def _run_schema(options: argparse.Namespace) -> int:
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
    build = Build(project, options.out or project.root / "output")
    failed = 0
    for source in files:
        try:
            for written in build_file(source, formats, build):
                _flush_notes(build)
                print(f"写入 {_shown(written.path)}  {written.seconds * 1000:.0f} ms")
        except ContentError as exc:
            _flush_notes(build)
            failed += 1
            print(exc, file=sys.stderr)
    if failed:
        print(f"{failed} 个文件有错误，未生成。", file=sys.stderr)
        return 2
    return 0


def _flush_notes(build: Build) -> None:
    for note in build.notes:
        print(note, file=sys.stderr)
    build.notes.clear()


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
